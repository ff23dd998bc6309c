package pipeline

import (
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
// changed since (the seeds, the glossary and the rest of the content
// folder are the same): the translation status of the edited files is
// worked out again, the topic index is the last one, and the site model
// makes again the pages that show the edited units (site.Update). It
// reports false when it cannot: model then makes everything.
func (b *Builder) updateModel(c *content.Content) (*site.Site, *translation.Report, *topic.Index, bool, error) {
	m := b.lastModel
	if m == nil || m.prog != b.prog || m.glossary != b.glossary || b.glossaryDirty || strings.Join(c.Languages(), ",") != b.glossaryLangs {
		return nil, nil, nil, false, nil
	}
	status := m.status.Update(c, b.contentDir, m.edits)
	if status == nil {
		return nil, nil, nil, false, nil
	}
	var changes []site.Change
	for lang, ids := range m.edits {
		for _, id := range ids {
			changes = append(changes, site.Change{Lang: lang, ID: id})
		}
	}
	s, err := site.Update(m.site, b.siteInput(c, status, m.topics), changes)
	if err != nil {
		b.lastModel = nil
		return nil, nil, nil, true, &PhaseError{Phase: "site", Err: err}
	}
	b.keepModel(s, status, m.topics)
	return s, status, m.topics, true, nil
}

// siteInput is what the site model is made of.
func (b *Builder) siteInput(c *content.Content, status *translation.Report, ix *topic.Index) site.Input {
	return site.Input{Programme: b.prog, Content: c, Status: status, Topics: ix, ContentDir: b.contentDir, BaseURL: b.opts.BaseURL, NoIndex: b.opts.NoIndex, Glossary: b.glossary, Find: b.glossaryFinds}
}
