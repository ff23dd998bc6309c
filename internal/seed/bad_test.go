package seed

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// okSeed is a small valid seed; the bad inputs below are variations of it.
const okSeed = ` 1. Titre 1

Intro du chapitre. 2

1 .  S E C T I O N  3

Nous voulons :  4

➢ Faire ceci 5
et cela. 6

➢ Faire autre chose. 7
`

type badCase struct {
	name    string
	data    string
	errs    []string // exact errors, in order; none when the input is fine
	outline string   // when set, the model must be this
}

var badCases = []badCase{
	{
		name: "empty file",
		data: "",
		errs: []string{`x.txt:1: expected a chapter title such as "34. Relations internationales", found no text`},
	},
	{
		name: "blank lines only",
		data: "\n \n\t\n",
		errs: []string{`x.txt:1: expected a chapter title such as "34. Relations internationales", found no text`},
	},
	{
		name: "invalid UTF-8, kept with a replacement character",
		data: strings.Replace(okSeed, "Intro du", "Intro \xff du", 1),
		errs: []string{`x.txt:3: expected text encoded in UTF-8, found invalid bytes`},
	},
	{
		name: "a line without a number",
		data: strings.Replace(okSeed, "et cela. 6", "et cela.", 1),
		errs: []string{`x.txt:10: expected source line number 6 at the end of the line, found "et cela."`},
	},
	{
		name: "a line without a number, ending with a year",
		data: strings.Replace(okSeed, "Faire ceci 5\n", "Faire ceci 5\nd’ici 2030\n", 1),
		errs: []string{`x.txt:10: expected source line number 6 at the end of the line, found "d’ici 2030"`},
		outline: `
			chapter 1 "Titre" 1-1 p1
			intro "Intro du chapitre." 2-2 p1
			section 1 "Section" 3-3 p1
			  commitment "Faire ceci d’ici 2030 et cela." 5-6 p1
			  commitment "Faire autre chose." 7-7 p1
			`,
	},
	{
		name: "a wrong number",
		data: strings.Replace(okSeed, "et cela. 6", "et cela. 60", 1),
		errs: []string{`x.txt:10: expected source line number 6, found 60`},
	},
	{
		name: "numbers that jump",
		data: strings.NewReplacer("et cela. 6", "et cela. 16", "chose. 7", "chose. 17").Replace(okSeed),
		errs: []string{`x.txt:10: expected source line number 6, found 16`},
	},
	{
		name: "a repeated number",
		data: strings.NewReplacer("et cela. 6", "et cela. 5", "chose. 7", "chose. 6").Replace(okSeed),
		errs: []string{`x.txt:10: expected source line number 6, found 5 again`},
	},
	{
		name: "numbers that go back",
		data: strings.NewReplacer("et cela. 6", "et cela. 2", "chose. 7", "chose. 3").Replace(okSeed),
		errs: []string{`x.txt:10: expected source line number 6, found 2`},
	},
	{
		name: "a commitment before any section",
		data: " 1. Titre 1\n\nNous voulons : 2\n\n➢ Faire ceci. 3\n",
		errs: []string{
			`x.txt:3: expected a section heading such as "1 .  T I T R E" before "Nous voulons :", found none`,
			`x.txt:5: expected a section heading such as "1 .  T I T R E" before the first commitment, found "Faire ceci."`,
		},
	},
	{
		name: "a commitment outside a list",
		data: " 1. Titre 1\n\nIntro. 2\n\n➢ Faire ceci. 3\n",
		errs: []string{`x.txt:5: expected a commitment (➢) after "Nous voulons :" in a section, or an item after a sentence ending in ':', found "Faire ceci."`},
	},
	{
		name: "unknown bullets",
		data: strings.NewReplacer("➢ Faire ceci", "- Faire ceci", "➢ Faire autre", "\uf0d8 Faire autre").Replace(okSeed),
		errs: []string{
			`x.txt:7: expected commitments (➢) after "Nous voulons :", found "- Faire ceci et cela."`,
			`x.txt:9: expected a bullet ➔ (priority), ➢ (commitment), o or • (sub-item), found unknown bullet '-'`,
			`x.txt:12: expected a bullet ➔ (priority), ➢ (commitment), o or • (sub-item), found unknown bullet '\uf0d8'`,
		},
	},
	{
		name: "a sub-item with nothing to attach to",
		data: strings.Replace(okSeed, "➢ Faire ceci", "o Faire ceci", 1),
		errs: []string{`x.txt:9: expected a sub-item "o" under a commitment (➢) or a list, found it right after "Nous voulons :"`},
	},
	{
		name: "Nous voulons without commitments",
		data: " 1. Titre 1\n\n1 .  S E C T I O N  2\n\nNous voulons : 3\n\n2 .  A U T R E  4\n\nNous voulons : 5\n",
		errs: []string{
			`x.txt:5: expected commitments (➢) after "Nous voulons :", found a section heading`,
			`x.txt:9: expected commitments (➢) after "Nous voulons :", found the end of the file`,
		},
	},
	{
		name: "sections out of order, a heading without number, no title",
		data: "Intro 1\n\n2 .  S E C T I O N  2\n\nS E C T I O N  B I S  3\n",
		errs: []string{
			`x.txt:1: expected a chapter title such as "34. Relations internationales", found "Intro"`,
			`x.txt:3: expected section 1, found section 2`,
		},
	},
	{
		name:    "CRLF endings",
		data:    strings.ReplaceAll(okSeed, "\n", "\r\n"),
		outline: okOutline,
	},
	{
		name:    "CR endings",
		data:    strings.ReplaceAll(okSeed, "\n", "\r"),
		outline: okOutline,
	},
	{
		name:    "byte-order mark",
		data:    "\ufeff" + okSeed,
		outline: okOutline,
	},
	{
		name:    "no-break spaces, tabs and zero-width spaces",
		data:    strings.NewReplacer("Faire ceci 5", "Faire\u00a0ceci\u202f5", "et cela.", "et\tcela\u200b.").Replace(okSeed),
		outline: okOutline,
	},
	{
		name: "every error of the file, not just the first",
		data: strings.NewReplacer("Intro du chapitre. 2", "Intro du chapitre.", "et cela. 6", "et cela. 9", "Nous voulons :  4", "Nous voulons : 4\n\n• Rien 5").Replace(okSeed),
		errs: []string{
			`x.txt:3: expected source line number 2 at the end of the line, found "Intro du chapitre."`,
			`x.txt:9: expected a sub-item "•" under a commitment (➢) or a list, found it right after "Nous voulons :"`,
			`x.txt:11: expected source line number 6, found 5 again`,
			`x.txt:12: expected source line number 6, found 9`,
		},
	},
}

const okOutline = `
			chapter 1 "Titre" 1-1 p1
			intro "Intro du chapitre." 2-2 p1
			section 1 "Section" 3-3 p1
			  commitment "Faire ceci et cela." 5-6 p1
			  commitment "Faire autre chose." 7-7 p1
			`

func TestBadInput(t *testing.T) {
	for _, tc := range badCases {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := Parse("x.txt", []byte(tc.data))
			var got []string
			if err != nil {
				var list ErrorList
				if !errors.As(err, &list) {
					t.Fatalf("error %T, want ErrorList", err)
				}
				for _, e := range list {
					got = append(got, e.Error())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tc.errs, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.errs, "\n"))
			}
			if tc.outline != "" {
				if o, want := outline(ch), trimOutline(tc.outline); o != want {
					t.Errorf("got:\n%s\nwant:\n%s", o, want)
				}
			}
			if ch != nil {
				checkTexts(t, ch)
			}
			checkNoTextLost(t, "x.txt", []byte(tc.data), ch, err)
		})
	}
}

// TestOKSeed checks the seed that the bad inputs vary.
func TestOKSeed(t *testing.T) {
	ch, err := Parse("x.txt", []byte(okSeed))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := outline(ch), trimOutline(okOutline); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestInvalidUTF8Kept checks that invalid bytes become U+FFFD rather than
// disappear.
func TestInvalidUTF8Kept(t *testing.T) {
	ch, _ := Parse("x.txt", []byte(strings.Replace(okSeed, "Intro du", "Intro \xff du", 1)))
	if ch == nil || len(ch.Intro) != 1 || ch.Intro[0].Text != "Intro \uFFFD du chapitre." {
		t.Errorf("got %s", outline(ch))
	}
}

func TestDuplicateChapters(t *testing.T) {
	files := []File{{Name: "seeds/01-a.txt", Data: []byte("\n" + okSeed)}, {Name: "seeds/02-b.txt", Data: []byte("\n" + okSeed)}}
	prog, err := ParseAll(context.Background(), files)
	want := "seeds/02-b.txt:2: expected one seed per chapter, found chapter 1 again (first defined at seeds/01-a.txt:2)"
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
	if len(prog.Chapters) != 1 {
		t.Errorf("%d chapters, want the first one only", len(prog.Chapters))
	}
}

func TestParseAllErrors(t *testing.T) {
	files := []File{
		{Name: "seeds/a.txt", Data: []byte(strings.Replace(okSeed, "et cela. 6", "et cela.", 1))},
		{Name: "seeds/b.txt"},
	}
	_, err := ParseAll(context.Background(), files)
	want := `seeds/a.txt:10: expected source line number 6 at the end of the line, found "et cela."` + "\n" +
		`seeds/b.txt:1: expected a chapter title such as "34. Relations internationales", found no text`
	if err == nil || err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}
