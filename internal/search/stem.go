package search

import (
	"strings"
	"sync"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/french"
)

// stemmers are the Snowball stemmers of the languages the index knows; a
// text in another language is indexed unstemmed (its words still match by
// prefix).
var stemmers = map[string]func(*snowballstem.Env) bool{
	"fr": french.Stem,
	"nl": dutch.Stem,
	"en": english.Stem,
}

// stemmer stems the words of one language. It is not safe for concurrent
// use: each goroutine has its own.
type stemmer struct {
	lang  string
	stem  func(*snowballstem.Env) bool
	env   *snowballstem.Env
	known *Stems // what earlier builds found, or nil
}

func newStemmer(lang string, known *Stems) *stemmer {
	return &stemmer{lang: lang, stem: stemmers[lang], env: snowballstem.NewEnv(""), known: known}
}

// Stems remembers the stem of every word stemmed so far, by language: a
// preview that indexes the site again after every edit stems each word
// once, not once per build. The zero value is ready; it is safe for
// concurrent use.
type Stems struct {
	m sync.Map // stemKey → string
}

type stemKey struct{ lang, word string }

// Stem returns the stem of a word in lower case (accents kept: the
// Snowball rules read them), folded like the index's terms.
func (s *stemmer) Stem(lower string) string {
	if s.stem == nil {
		return Fold(lower)
	}
	if s.known != nil {
		if v, ok := s.known.m.Load(stemKey{s.lang, lower}); ok {
			return v.(string)
		}
	}
	s.env.SetCurrent(lower)
	s.stem(s.env)
	stem := Fold(s.env.Current())
	if s.known != nil {
		s.known.m.Store(stemKey{s.lang, strings.Clone(lower)}, stem)
	}
	return stem
}

// stopWords are the words too common to help a search, per language: the
// index leaves them out and the script drops them from queries (the
// manifest lists them). Words of one letter are always left out.
var stopWords = map[string][]string{
	"fr": {"au", "aux", "avec", "ce", "ces", "cet", "cette", "dans", "de", "des", "du", "elle", "en", "est", "et", "il", "ils", "la", "le", "les", "leur", "leurs", "ne", "nos", "notre", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses", "son", "sur", "un", "une"},
	"nl": {"aan", "als", "bij", "dat", "de", "die", "dit", "door", "een", "en", "er", "het", "in", "is", "met", "naar", "niet", "of", "om", "onze", "op", "te", "tot", "van", "voor", "wat", "we", "wij", "zijn"},
	"en": {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "its", "of", "on", "or", "our", "that", "the", "their", "this", "to", "we", "with"},
}

// endings are the endings tried on each stem to list the forms a visitor
// may type that the texts do not hold ("country" when the text says
// "countries", "arme" when it says "armes"): a form is added to the
// index's terms when the stemmer takes it back to the same stem. The
// script, which does not stem, then finds it by prefix like any other
// term. The lists hold the endings of plural and singular and a few
// common derivations; each is a stemmer call per stem and language.
var endings = map[string][]string{
	"fr": {"e", "s", "es", "x", "al", "aux", "ion", "ions"},
	"nl": {"e", "en", "s", "ing", "ingen"},
	"en": {"e", "s", "es", "y", "ies", "ing", "ion", "ions"},
}

// inflections returns the forms of a stem to try: the stem with each
// ending, and, when a stemmer changed a final y to i ("countri"), the stem
// without it, with each ending.
func inflections(lang, stem string) []string {
	var out []string
	bases := []string{stem}
	if lang == "en" && strings.HasSuffix(stem, "i") && len(stem) > 3 {
		bases = append(bases, stem[:len(stem)-1])
	}
	for _, b := range bases {
		for _, e := range endings[lang] {
			out = append(out, b+e)
		}
	}
	return out
}
