package seed

import (
	"fmt"
	"strings"
	"testing"

	"github.com/belgian-programme/explainer/internal/programme"
)

// outline writes a chapter as indented lines, one per piece, with its
// source lines and page: "commitment "Text" 7-8 p1".
func outline(ch *programme.Chapter) string {
	if ch == nil {
		return "<nil>"
	}
	var b strings.Builder
	src := func(s programme.Source) string {
		return fmt.Sprintf("%d-%d p%d", s.FirstLine, s.LastLine, s.Page)
	}
	var items func(list []*programme.Item, indent string)
	items = func(list []*programme.Item, indent string) {
		for _, it := range list {
			fmt.Fprintf(&b, "%s- %q %s\n", indent, it.Text, src(it.Source))
			items(it.Items, indent+"  ")
		}
	}
	blocks := func(kind string, list []*programme.Block, indent string) {
		for _, bl := range list {
			before := ""
			if bl.Before != "" {
				before = " before " + bl.Before
			}
			fmt.Fprintf(&b, "%s%s %q %s%s\n", indent, kind, bl.Text, src(bl.Source), before)
			items(bl.Items, indent+"  ")
		}
	}
	fmt.Fprintf(&b, "chapter %d %q %s\n", ch.Number, ch.Title, src(ch.Source))
	blocks("intro", ch.Intro, "")
	for _, p := range ch.Priorities {
		fmt.Fprintf(&b, "priority %q %s\n", p.Text, src(p.Source))
	}
	for _, s := range ch.Sections {
		fmt.Fprintf(&b, "section %d %q %s\n", s.Number, s.Title, src(s.Source))
		blocks("intro", s.Intro, "  ")
		for _, c := range s.Commitments {
			fmt.Fprintf(&b, "  commitment %q %s\n", c.Text, src(c.Source))
			items(c.Items, "    ")
		}
		blocks("closing", s.Closing, "  ")
	}
	return b.String()
}

// trimOutline drops the common tab indentation of a raw string.
func trimOutline(s string) string {
	s = strings.TrimPrefix(s, "\n")
	var out []string
	for _, l := range strings.Split(s, "\n") {
		out = append(out, strings.TrimPrefix(l, "\t\t\t"))
	}
	return strings.Join(out, "\n")
}

type ruleCase struct {
	name string
	seed string // numbered by seedText
	want string // outline, indented by three tabs
}

var ruleCases = []ruleCase{
	{
		name: "line numbers, spaced and glued, and joins",
		seed: `
^12. Mobilité

Nous voulons   des trains  à l’heure, des bus –
même le dimanche – et des vélos…
« partout ». La liaison Bruxelles-~
Luxembourg et la ligne 161 aussi, comme en 2030
de l’UE-~
États-Unis ; l’accord UE -
Canada.
`,
		want: `
			chapter 12 "Mobilité" 1-1 p1
			intro "Nous voulons des trains à l’heure, des bus – même le dimanche – et des vélos… « partout ». La liaison Bruxelles-Luxembourg et la ligne 161 aussi, comme en 2030 de l’UE-États-Unis ; l’accord UE - Canada." 2-8 p1
			`,
	},
	{
		name: "pages start with a space, also inside a commitment and a sub-item",
		seed: `
^7. Emploi

Texte d’introduction.

1 .  T R A V A I L L E R  P L U S

Nous voulons :

➢ Un engagement qui commence sur une page
^et finit sur la suivante.
➢ Un engagement sans ligne blanche avant la fin de page :

o un sous-point qui court
^sur deux pages.
^➢ Un engagement qui ouvre la page 4.
`,
		want: `
			chapter 7 "Emploi" 1-1 p1
			intro "Texte d’introduction." 2-2 p1
			section 1 "Travailler plus" 3-3 p1
			  commitment "Un engagement qui commence sur une page et finit sur la suivante." 5-6 p1
			  commitment "Un engagement sans ligne blanche avant la fin de page :" 7-9 p2
			    - "un sous-point qui court sur deux pages." 8-9 p2
			  commitment "Un engagement qui ouvre la page 4." 10-10 p4
			`,
	},
	{
		name: "title across a blank line, continued in lower case",
		seed: `
^34. Relations internationales : La diplomatie belge et

européenne engagée pour un monde apaisé

Premier paragraphe.
`,
		want: `
			chapter 34 "Relations internationales : La diplomatie belge et européenne engagée pour un monde apaisé" 1-2 p1
			intro "Premier paragraphe." 3-3 p1
			`,
	},
	{
		name: "title across a blank line after a colon or a link word",
		seed: `
^5. Climat :

Une transition juste pour

Tous les Belges

Premier paragraphe.
`,
		want: `
			chapter 5 "Climat : Une transition juste pour Tous les Belges" 1-3 p1
			intro "Premier paragraphe." 4-4 p1
			`,
	},
	{
		name: "title of one line, intro of one line",
		seed: `
^5. Climat

Le climat change.
`,
		want: `
			chapter 5 "Climat" 1-1 p1
			intro "Le climat change." 2-2 p1
			`,
	},
	{
		name: "headings over several lines, casing from priorities",
		seed: `
^3. Santé

Nos priorités :

➔ Des soins accessibles à tous
➔ Une Sécurité sociale forte et l’Europe de la santé

1 .  D E S  S O I N S  A C C E S S I B L E S

À  T O U S

Nous voulons :

➢ Rembourser mieux.

2 .  U N E  S É C U R I T É  S O C I A L E

F O R T E  E T  L ’ E U R O P E  D E

L A  S A N T É

Nous voulons :

➢ Financer mieux.
`,
		want: `
			chapter 3 "Santé" 1-1 p1
			priority "Des soins accessibles à tous" 3-3 p1
			priority "Une Sécurité sociale forte et l’Europe de la santé" 4-4 p1
			section 1 "Des soins accessibles à tous" 5-6 p1
			  commitment "Rembourser mieux." 8-8 p1
			section 2 "Une Sécurité sociale forte et l’Europe de la santé" 9-11 p1
			  commitment "Financer mieux." 13-13 p1
			`,
	},
	{
		name: "casing and accents from the prose when no priority matches",
		seed: `
^4. Europe

La Belgique défend l’Union européenne et une Europe cohérente. L’Union doit
agir avec la Belgique et les États membres.

1 .  L ’ U N I O N  E U R O P E E N N E ,  L A  B E L G I Q U E  E T  L E S  É T A T S

Nous voulons :

➢ Agir.
`,
		want: `
			chapter 4 "Europe" 1-1 p1
			intro "La Belgique défend l’Union européenne et une Europe cohérente. L’Union doit agir avec la Belgique et les États membres." 2-3 p1
			section 1 "L’Union européenne, la Belgique et les États" 4-4 p1
			  commitment "Agir." 6-6 p1
			`,
	},
	{
		name: "a ➢ list after a sentence ending in ':' is intro, and so is the prose after it",
		seed: `
^2. Coopération

1 .  L A  C O O P É R A T I O N

La coopération doit changer.

Il s’agit de calibrer notre approche avec comme
axes principaux :

➢ Protection contre la pauvreté
➢ Prévention des conflits

o dont la médiation

➢ Promotion des droits

Il ne s’agit pas de charité.

Nous voulons :

➢ Respecter l’objectif de 0,7%.
`,
		want: `
			chapter 2 "Coopération" 1-1 p1
			section 1 "La coopération" 2-2 p1
			  intro "La coopération doit changer." 3-3 p1
			  intro "Il s’agit de calibrer notre approche avec comme axes principaux :" 4-9 p1
			    - "Protection contre la pauvreté" 6-6 p1
			    - "Prévention des conflits" 7-8 p1
			      - "dont la médiation" 8-8 p1
			    - "Promotion des droits" 9-9 p1
			  intro "Il ne s’agit pas de charité." 10-10 p1
			  commitment "Respecter l’objectif de 0,7%." 12-12 p1
			`,
	},
	{
		name: "sub-items nest by bullet: o under ➢, • under o, • directly under ➢",
		seed: `
^8. Justice

1 .  J U S T I C E

Nous voulons :

➢ Réformer en :

o Premier point :

• Détail A
• Détail B

o Deuxième point

➢ Simplifier :

• Détail direct

o Point après
`,
		want: `
			chapter 8 "Justice" 1-1 p1
			section 1 "Justice" 2-2 p1
			  commitment "Réformer en :" 4-8 p1
			    - "Premier point :" 5-7 p1
			      - "Détail A" 6-6 p1
			      - "Détail B" 7-7 p1
			    - "Deuxième point" 8-8 p1
			  commitment "Simplifier :" 9-11 p1
			    - "Détail direct" 10-10 p1
			    - "Point après" 11-11 p1
			`,
	},
	{
		name: "closing paragraphs, a second Nous voulons, commitments without a marker, no priorities",
		seed: `
^9. Culture

Intro.

1 .  L A  C U L T U R E

➢ Soutenir les artistes.

➢ Ouvrir les musées.

Ces mesures seront évaluées.

En outre, nous voulons aussi :

➢ Protéger le patrimoine.

Ce sera financé par :

➢ le mécénat ;
➢ les Régions.

2 .  L E  S P O R T

Nous voulons :

➢ Des piscines.

Une phrase de conclusion.
`,
		want: `
			chapter 9 "Culture" 1-1 p1
			intro "Intro." 2-2 p1
			section 1 "La culture" 3-3 p1
			  commitment "Soutenir les artistes." 4-4 p1
			  commitment "Ouvrir les musées." 5-5 p1
			  commitment "Protéger le patrimoine." 8-8 p1
			  closing "Ces mesures seront évaluées." 6-6 p1 before 9-proteger-patrimoine
			  closing "Ce sera financé par :" 9-11 p1
			    - "le mécénat ;" 10-10 p1
			    - "les Régions." 11-11 p1
			section 2 "Le sport" 12-12 p1
			  commitment "Des piscines." 14-14 p1
			  closing "Une phrase de conclusion." 15-15 p1
			`,
	},
	{
		name: "bullet on its own line, commitment continued after a blank line",
		seed: `
^6. Logement

1 .  L O G E M E N T

Nous voulons :

➢

Construire plus de logements pour les familles et

les jeunes, avec l’aide des Régions,

notamment à Bruxelles.
`,
		want: `
			chapter 6 "Logement" 1-1 p1
			section 1 "Logement" 2-2 p1
			  commitment "Construire plus de logements pour les familles et les jeunes, avec l’aide des Régions, notamment à Bruxelles." 4-7 p1
			`,
	},
	{
		name: "a paragraph after a page break without a blank line",
		seed: `
^6. Logement

Une première ligne longue qui remplit toute la largeur de la page du programme,
et la fin courte.
^Un nouveau paragraphe sur la nouvelle page qui remplit aussi toute la largeur,
^Une phrase qui passe la page sans ligne blanche et qui remplit toute la largeur.
^La suite du même paragraphe.
`,
		want: `
			chapter 6 "Logement" 1-1 p1
			intro "Une première ligne longue qui remplit toute la largeur de la page du programme, et la fin courte." 2-3 p1
			intro "Un nouveau paragraphe sur la nouvelle page qui remplit aussi toute la largeur, Une phrase qui passe la page sans ligne blanche et qui remplit toute la largeur. La suite du même paragraphe." 4-6 p2
			`,
	},
}

// tenSections builds a chapter of 11 sections whose headings from 10 on
// take two and three lines.
func tenSections() ruleCase {
	var seed, want strings.Builder
	seed.WriteString("^1. Long chapitre\n\n")
	want.WriteString("chapter 1 \"Long chapitre\" 1-1 p1\n")
	n := 1
	for i := 1; i <= 11; i++ {
		num := strings.Join(strings.Split(fmt.Sprint(i), ""), " ")
		switch i {
		case 10:
			fmt.Fprintf(&seed, "%s .  L A  D I X I È M E\n\nS E C T I O N\n\n", num)
			fmt.Fprintf(&want, "section 10 \"La dixième section\" %d-%d p1\n", n+1, n+2)
			n += 2
		case 11:
			fmt.Fprintf(&seed, "%s .  L A  O N Z I È M E\n\nS E C T I O N  D U\n\nP R O G R A M M E\n\n", fmt.Sprint(i))
			fmt.Fprintf(&want, "section 11 \"La onzième section du programme\" %d-%d p1\n", n+1, n+3)
			n += 3
		default:
			fmt.Fprintf(&seed, "%s .  S E C T I O N\n\n", num)
			fmt.Fprintf(&want, "section %d \"Section\" %d-%d p1\n", i, n+1, n+1)
			n++
		}
		fmt.Fprintf(&seed, "Nous voulons :\n\n➢ Mesure %d.\n\n", i)
		fmt.Fprintf(&want, "  commitment \"Mesure %d.\" %d-%d p1\n", i, n+2, n+2)
		n += 2
	}
	return ruleCase{name: "sections numbered 10 and more, headings over 2 and 3 lines", seed: seed.String(), want: want.String()}
}

func TestRules(t *testing.T) {
	for _, tc := range append(ruleCases, tenSections()) {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(seedText(tc.seed))
			ch, err := Parse("x.txt", data)
			if err != nil {
				t.Fatalf("unexpected errors:\n%v\nseed:\n%s", err, data)
			}
			if got, want := outline(ch), trimOutline(tc.want); got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
			checkClean(t, ch)
			checkNoTextLost(t, "x.txt", data, ch, err)
		})
	}
}
