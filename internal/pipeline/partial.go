package pipeline

import (
	"maps"
	"slices"
	"strings"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/glossary"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/site"
	"github.com/belgian-programme/explainer/internal/topic"
	"github.com/belgian-programme/explainer/internal/translation"
)

// lastModel is the last site model a Builder made, and what it was made
// of, for the next build to update it after edits of unit files alone
// (see updateModel).
type lastModel struct {
	prog     *programme.Programme
	glossary *glossary.Glossary
	site     *site.Site
	status   *translation.Report
	topics   *topic.Index
	// edits are the unit files parsed again since, by language: their
	// IDs.
	edits map[string][]string
}

// keepModel records the site model just made; the unit files parsed from
// now on are edits to it.
func (b *Builder) keepModel(s *site.Site, status *translation.Report, ix *topic.Index) {
	b.lastModel = &lastModel{prog: b.prog, glossary: b.glossary, site: s, status: status, topics: ix}
}

// unitEdited notes that a unit file was parsed again since the last model;
// name is relative to the content folder ("nl/units/x.md"). An editorial
// page changes what Update does not handle: the next model is made anew.
func (b *Builder) unitEdited(name string) {
	parts := strings.Split(name, "/")
	if b.lastModel == nil {
		return
	}
	if parts[1] != "units" {
		b.lastModel = nil
		return
	}
	lang, id := parts[0], strings.TrimSuffix(parts[2], ".md")
	if m := b.lastModel; !slices.Contains(m.edits[lang], id) {
		if m.edits == nil {
			m.edits = map[string][]string{}
		}
		m.edits[lang] = append(m.edits[lang], id)
	}
}

// updateModel makes the site model from the last one when only unit files
// and the wording of the seeds changed since (the glossary and the rest of
// the content folder are the same, the programme has the same shape): the
// translation status of the edited units is worked out again, the topic
// index is the last one (made again after an edit of the seeds), and the
// site model makes again the pages that show the edited units
// (site.Update). It reports false when it cannot: model then makes
// everything.
func (b *Builder) updateModel(c *content.Content, units []*programme.Unit) (*site.Site, *translation.Report, *topic.Index, bool, error) {
	m := b.lastModel
	if m == nil || m.glossary != b.glossary || b.glossaryDirty || strings.Join(c.Languages(), ",") != b.glossaryLangs {
		return nil, nil, nil, false, nil
	}
	edits, ix := m.edits, m.topics
	if m.prog != b.prog {
		seed, ok := site.ProgrammeChanges(m.prog, b.prog)
		if !ok {
			return nil, nil, nil, false, nil
		}
		// The status of the units whose French changed is worked out
		// again in every language.
		edits = maps.Clone(edits)
		if edits == nil {
			edits = map[string][]string{}
		}
		src := c.Site.Source()
		for _, u := range seed {
			edits[src] = append(slices.Clip(edits[src]), u.ID)
		}
		// The index holds the commitments: made again, as model would,
		// after the translation status.
		var err error
		if ix, err = topic.Build(b.prog, c.Topics, c.Assignments); err != nil {
			b.lastModel = nil
			return nil, nil, nil, true, &PhaseError{Phase: "topics", Err: err}
		}
	}
	status := m.status.Update(units, c, b.contentDir, edits)
	if status == nil {
		return nil, nil, nil, false, nil
	}
	var changes []site.Change
	for lang, ids := range m.edits { // the edits of unit files
		for _, id := range ids {
			changes = append(changes, site.Change{Lang: lang, ID: id})
		}
	}
	s, err := site.Update(m.site, b.siteInput(c, status, ix), changes)
	if err != nil {
		b.lastModel = nil
		return nil, nil, nil, true, &PhaseError{Phase: "site", Err: err}
	}
	b.keepModel(s, status, ix)
	return s, status, ix, true, nil
}

// siteInput is what the site model is made of.
func (b *Builder) siteInput(c *content.Content, status *translation.Report, ix *topic.Index) site.Input {
	return site.Input{Programme: b.prog, Content: c, Status: status, Topics: ix, ContentDir: b.contentDir, BaseURL: b.opts.BaseURL, NoIndex: b.opts.NoIndex, Glossary: b.glossary, Find: b.glossaryFinds}
}
