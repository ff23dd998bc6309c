// Package translation tells, for every text unit and every language other
// than the source language, whether its translation is current, outdated
// (the French changed since it was made) or missing, and finds translation
// files whose unit no longer exists.
package translation

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"path"
	"slices"
	"sort"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
)

// Status is the state of one translation.
type Status int

// The states of a translation, from worst to best.
const (
	Missing  Status = iota // no translation
	Outdated               // translated from an older French text
	Current                // translated from the current French text
)

// String returns "missing", "outdated" or "current".
func (s Status) String() string {
	switch s {
	case Missing:
		return "missing"
	case Outdated:
		return "outdated"
	}
	return "current"
}

// Entry is the status of one unit in one language.
type Entry struct {
	ID     string
	Kind   programme.Kind // empty for pages
	Lang   string
	Status Status
	// File is the file to edit: the existing translation, or where a new one
	// goes.
	File string
	// Fingerprint is that of the current French text.
	Fingerprint string
}

// Orphan is a translation file whose unit no longer exists.
type Orphan struct {
	File    string
	Lang    string
	ID      string
	Closest string // the existing unit whose ID is most alike
}

// Report is the translation status of the whole site.
type Report struct {
	Source  string             // source language
	Entries map[string][]Entry // per language, in reading order
	Orphans []Orphan

	status map[string]map[string]Status // language → ID → status, for Lookup
	units  map[string]int               // unit ID → its entry's index, for Update
}

// PageKind marks entries that are editorial pages rather than units.
const PageKind programme.Kind = "page"

// UnitFile returns the path of the unit file of a language.
func UnitFile(contentDir, lang, id string) string {
	return path.Join(contentDir, lang, "units", id+".md")
}

// PageFile returns the path of a page file of a language.
func PageFile(contentDir, lang, name string) string {
	return path.Join(contentDir, lang, "pages", name+".md")
}

// PageFingerprint is the fingerprint of a source-language page.
func PageFingerprint(p *content.Page) string {
	h := sha256.Sum256([]byte(p.Title + "\n" + p.Description + "\n" + p.Plain))
	return hex.EncodeToString(h[:6])
}

// Check computes the status of every unit and page in every language.
func Check(units []*programme.Unit, c *content.Content, contentDir string) *Report {
	src := c.Site.Source()
	r := &Report{Source: src, Entries: map[string][]Entry{}, status: map[string]map[string]Status{}, units: make(map[string]int, len(units))}
	known := make(map[string]bool, len(units))
	for i, u := range units {
		known[u.ID] = true
		r.units[u.ID] = i
	}
	srcPages := c.Pages[src]
	var pageNames []string
	for name := range srcPages {
		pageNames = append(pageNames, name)
	}
	sort.Strings(pageNames)
	// The fingerprints of the French, the same for every language.
	var unitFPs, pageFPs []string
	langs := c.Languages()[1:]
	if len(langs) > 0 {
		unitFPs = make([]string, len(units))
		for i, u := range units {
			unitFPs[i] = u.Fingerprint()
		}
		pageFPs = make([]string, len(pageNames))
		for i, name := range pageNames {
			pageFPs[i] = PageFingerprint(srcPages[name])
		}
	}
	for _, lang := range langs {
		files, pages := c.Units[lang], c.Pages[lang]
		entries := make([]Entry, 0, len(units)+len(pageNames))
		for i, u := range units {
			entries = append(entries, unitEntry(u.ID, u.Kind, lang, unitFPs[i], files[u.ID], contentDir))
		}
		for i, name := range pageNames {
			fp := pageFPs[i]
			e := Entry{ID: name, Kind: PageKind, Lang: lang, Fingerprint: fp}
			if p := pages[name]; p != nil {
				e.File = p.File
				e.Status = Outdated
				if p.Source == fp {
					e.Status = Current
				}
			} else {
				e.File = PageFile(contentDir, lang, name)
			}
			entries = append(entries, e)
		}
		r.Entries[lang] = entries
	}
	for lang, entries := range r.Entries {
		m := make(map[string]Status, len(entries))
		for _, e := range entries {
			m[e.ID] = e.Status
		}
		r.status[lang] = m
	}
	var ids []string // every unit ID in order, made for the first orphan
	for _, lang := range c.Languages() {
		for id, f := range c.Units[lang] {
			if known[id] {
				continue
			}
			if ids == nil {
				ids = make([]string, 0, len(known))
				for id := range known {
					ids = append(ids, id)
				}
				sort.Strings(ids)
			}
			r.Orphans = append(r.Orphans, Orphan{File: f.File, Lang: lang, ID: id, Closest: closest(id, ids)})
		}
		for name, p := range c.Pages[lang] {
			if srcPages[name] == nil {
				r.Orphans = append(r.Orphans, Orphan{File: p.File, Lang: lang, ID: name})
			}
		}
	}
	// Each file is one orphan: the order of the files is the order.
	sort.Slice(r.Orphans, func(i, j int) bool { return r.Orphans[i].File < r.Orphans[j].File })
	return r
}

// unitEntry is the status of a unit in a language, whose French text has
// the fingerprint fp, given the language's file f (nil when there is none).
func unitEntry(id string, kind programme.Kind, lang, fp string, f *content.UnitFile, contentDir string) Entry {
	e := Entry{ID: id, Kind: kind, Lang: lang, Fingerprint: fp}
	if f.HasText() {
		e.File = f.File
		e.Status = Outdated
		if f.Source == fp {
			e.Status = Current
		}
	} else {
		e.File = UnitFile(contentDir, lang, id)
	}
	return e
}

// Update returns the report of units and c, which differ from what r was
// made of in the unit files named, by language code, in changed (their IDs)
// and, for the IDs listed under the source language, in the French text
// too: the units are those of a programme of the same shape (the same IDs
// in the same order) whose text of these units may have changed. Their
// entries are worked out again; the others are r's. When a file names no
// unit of the programme (an orphan, before or after), or units is not of
// the same shape, Update returns nil: only Check finds orphans. r is not
// modified.
func (r *Report) Update(units []*programme.Unit, c *content.Content, contentDir string, changed map[string][]string) *Report {
	if len(units) != len(r.units) {
		return nil
	}
	// The fingerprints of the French that changed.
	fps := map[string]string{}
	for _, id := range changed[r.Source] {
		i, ok := r.units[id]
		if !ok || units[i].ID != id {
			return nil
		}
		fps[id] = units[i].Fingerprint()
	}
	out := *r
	out.Entries, out.status = maps.Clone(r.Entries), maps.Clone(r.status)
	for lang, entries := range r.Entries {
		ids := slices.Concat(changed[r.Source], changed[lang])
		if len(ids) == 0 {
			continue
		}
		entries = slices.Clone(entries)
		status := maps.Clone(r.status[lang])
		for _, id := range ids {
			i, ok := r.units[id]
			if !ok || units[i].ID != id {
				return nil
			}
			e := entries[i]
			fp, ok := fps[id]
			if !ok {
				fp = e.Fingerprint
			}
			entries[i] = unitEntry(id, e.Kind, lang, fp, c.Units[lang][id], contentDir)
			status[id] = entries[i].Status
		}
		out.Entries[lang], out.status[lang] = entries, status
	}
	for lang, ids := range changed {
		if _, ok := r.Entries[lang]; !ok && lang != r.Source && len(ids) > 0 {
			return nil // a language the report does not know
		}
	}
	return &out
}

// Counts returns how many entries of a language are current, outdated and
// missing.
func (r *Report) Counts(lang string) (current, outdated, missing int) {
	for _, e := range r.Entries[lang] {
		switch e.Status {
		case Current:
			current++
		case Outdated:
			outdated++
		default:
			missing++
		}
	}
	return
}

// Complete reports whether every translation is current and no file is
// orphaned.
func (r *Report) Complete() bool {
	for lang := range r.Entries {
		if _, o, m := r.Counts(lang); o+m > 0 {
			return false
		}
	}
	return len(r.Orphans) == 0
}

// Lookup returns the status of a unit in a language; the source language
// is always current.
func (r *Report) Lookup(lang, id string) Status {
	if lang == r.Source {
		return Current
	}
	return r.status[lang][id] // Missing when absent
}

// closest returns the ID among ids most alike to id, by the Dice
// coefficient of their character bigrams.
func closest(id string, ids []string) string {
	best, bestScore := "", -1.0
	a := bigrams(id)
	for _, other := range ids {
		if s := dice(a, bigrams(other)); s > bestScore {
			best, bestScore = other, s
		}
	}
	return best
}

func bigrams(s string) map[string]int {
	m := map[string]int{}
	r := []rune(s)
	for i := 0; i+1 < len(r); i++ {
		m[string(r[i:i+2])]++
	}
	return m
}

func dice(a, b map[string]int) float64 {
	common, total := 0, 0
	for k, n := range a {
		common += min(n, b[k])
		total += n
	}
	for _, n := range b {
		total += n
	}
	if total == 0 {
		return 0
	}
	return 2 * float64(common) / float64(total)
}
