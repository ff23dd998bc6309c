package programme

// Kind says what a text unit is.
type Kind string

// The kinds of text unit, one per thing a translator translates.
const (
	KindChapter    Kind = "chapter"    // a chapter title
	KindIntro      Kind = "intro"      // an intro paragraph (of a chapter or section), with its list
	KindPriority   Kind = "priority"   // one of a chapter's priorities
	KindSection    Kind = "section"    // a section title
	KindCommitment Kind = "commitment" // a commitment with its sub-items
	KindClosing    Kind = "closing"    // a paragraph after a section's commitments
)

// Unit is one translatable piece of French text: a title, a paragraph with
// its list, or a commitment with its sub-items.
type Unit struct {
	ID        string
	Kind      Kind
	Text      string
	Items     []*Item
	ChapterID string
	SectionID string // empty for chapter-level units
	Source    Source
}

// Fingerprint is the fingerprint of the unit's French text.
func (u *Unit) Fingerprint() string { return Fingerprint(u.Text, u.Items) }

// Units lists every text unit of the programme in reading order.
func (p *Programme) Units() []*Unit {
	var units []*Unit
	for _, c := range p.Chapters {
		units = append(units, &Unit{ID: c.ID, Kind: KindChapter, Text: c.Title, ChapterID: c.ID, Source: c.Source})
		for _, b := range c.Intro {
			units = append(units, blockUnit(b, KindIntro, c.ID, ""))
		}
		for _, pr := range c.Priorities {
			units = append(units, &Unit{ID: pr.ID, Kind: KindPriority, Text: pr.Text, ChapterID: c.ID, SectionID: pr.SectionID, Source: pr.Source})
		}
		for _, s := range c.Sections {
			units = append(units, &Unit{ID: s.ID, Kind: KindSection, Text: s.Title, ChapterID: c.ID, SectionID: s.ID, Source: s.Source})
			for _, b := range s.Intro {
				units = append(units, blockUnit(b, KindIntro, c.ID, s.ID))
			}
			for _, cm := range s.Commitments {
				units = append(units, &Unit{ID: cm.ID, Kind: KindCommitment, Text: cm.Text, Items: cm.Items, ChapterID: c.ID, SectionID: s.ID, Source: cm.Source})
			}
			for _, b := range s.Closing {
				units = append(units, blockUnit(b, KindClosing, c.ID, s.ID))
			}
		}
	}
	return units
}

func blockUnit(b *Block, kind Kind, chapter, section string) *Unit {
	return &Unit{ID: b.ID, Kind: kind, Text: b.Text, Items: b.Items, ChapterID: chapter, SectionID: section, Source: b.Source}
}
