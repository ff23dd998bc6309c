package site

import "strings"

// frenchSpacing puts the no-break spaces French typography wants: a narrow
// one before ; ! ? and a normal one before : and inside « ». Spaces already
// there become no-break; none are added where the text has none.
var frenchSpacing = strings.NewReplacer(
	" :", "\u00a0:",
	" ;", "\u202f;",
	" !", "\u202f!",
	" ?", "\u202f?",
	"« ", "«\u00a0",
	" »", "\u00a0»",
)

// typeset applies the typographic conventions of a language to a text.
func typeset(lang, s string) string {
	if lang == "fr" {
		return frenchSpacing.Replace(s)
	}
	return s
}

func typesetProse(p Prose) Prose {
	p.Text = typeset(p.Lang, p.Text)
	p.Items = typesetItems(p.Lang, p.Items)
	return p
}

func typesetItems(lang string, items []*ProseItem) []*ProseItem {
	if items == nil {
		return nil
	}
	out := make([]*ProseItem, len(items))
	for i, it := range items {
		out[i] = &ProseItem{Text: typeset(lang, it.Text), Items: typesetItems(lang, it.Items)}
	}
	return out
}
