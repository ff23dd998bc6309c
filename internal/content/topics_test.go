package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/belgian-programme/explainer/internal/diag"
)

var testSite = Site{Languages: []Language{{Code: "fr"}, {Code: "nl"}}}

// TestLoadTopics checks that topic definitions are read strictly: every
// key is known, and each problem has its line.
func TestLoadTopics(t *testing.T) {
	const entry = "- id: europe\n  fr: {name: Europe, description: D, slug: europe}\n  nl: {name: Europa, description: D, slug: europa}\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"valid", entry, nil},
		{"unknown language", entry + "  de: {name: Europa, description: D, slug: europa}\n",
			[]string{"content/topics.yaml:4: unknown key \"de\" in topic \"europe\"; expected id or a language code"}},
		{"unknown label key", "- id: europe\n  fr: {name: Europe, description: D, slug: europe, color: blue}\n  nl: {name: Europa, description: D, slug: europa}\n",
			[]string{"content/topics.yaml:2: unknown key \"color\" in topic \"europe\", fr; expected name, description or slug"}},
		{"label not a mapping", "- id: europe\n  fr: Europe\n  nl: {name: Europa, description: D, slug: europa}\n",
			[]string{"content/topics.yaml:2: topic \"europe\", fr: expected name, description and slug",
				"content/topics.yaml:1: topic \"europe\" has no complete fr entry; expected name, description and slug"}},
		{"name not text", "- id: europe\n  fr: {name: [Europe], description: D, slug: europe}\n  nl: {name: Europa, description: D, slug: europa}\n",
			[]string{"content/topics.yaml:2: topic \"europe\", fr: name should be text",
				"content/topics.yaml:1: topic \"europe\" has no complete fr entry; expected name, description and slug"}},
		{"entry not a mapping", "- europe\n", []string{"content/topics.yaml:1: expected a topic with id and one entry per language"}},
		{"duplicate", entry + entry, []string{"content/topics.yaml:4: topic \"europe\" is already defined at line 1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diagList
			fsys := fstest.MapFS{TopicsFile: {Data: []byte(tt.src)}}
			var ws []diag.Warning
			ts := loadTopics(fsys, "content", testSite, &errs.List, &ws)
			errs.check(t, tt.want)
			if len(ws) > 0 {
				t.Errorf("warnings: %v", ws)
			}
			if tt.want == nil && (len(ts) != 1 || ts[0].File != "content/topics.yaml" || ts[0].Names["nl"].Slug != "europa") {
				t.Errorf("topics %+v", ts)
			}
		})
	}
}

// TestLoadTopicsFallback: a topic without an entry in a language other
// than the source language shows the source language's, marked Fallback,
// with a MISSING_TOPIC_TRANSLATION warning; an incomplete entry, or none in
// the source language, is still an error.
func TestLoadTopicsFallback(t *testing.T) {
	site := Site{Languages: []Language{{Code: "fr"}, {Code: "nl"}, {Code: "de"}}}
	const entry = "- id: europe\n  fr: {name: Europe, description: D, slug: europe}\n  nl: {name: Europa, description: D, slug: europa}\n"
	var errs diagList
	var ws []diag.Warning
	ts := loadTopics(fstest.MapFS{TopicsFile: {Data: []byte(entry)}}, "content", site, &errs.List, &ws)
	errs.check(t, nil)
	want := `content/topics.yaml:1: MISSING_TOPIC_TRANSLATION: topic "europe" has no de entry; it shows its fr name and description until you add "de: {name: ..., description: ..., slug: ...}"`
	if len(ws) != 1 || ws[0].String() != want {
		t.Errorf("warnings %v; want %q", ws, want)
	}
	if got := ts[0].Names["de"]; got != (TopicLabel{Name: "Europe", Description: "D", Slug: "europe", Fallback: true}) {
		t.Errorf("de label %+v; want the French one, marked Fallback", got)
	}
	if ts[0].Names["fr"].Fallback || ts[0].Names["nl"].Fallback {
		t.Errorf("own labels marked Fallback: %+v", ts[0].Names)
	}
	errs = diagList{}
	ws = nil
	loadTopics(fstest.MapFS{TopicsFile: {Data: []byte("- id: europe\n  nl: {name: Europa, description: D, slug: europa}\n")}}, "content", site, &errs.List, &ws)
	errs.check(t, []string{"content/topics.yaml:1: topic \"europe\" has no complete fr entry; expected name, description and slug"})
}

// TestLoadAssignments checks the assignments file's errors and lines.
func TestLoadAssignments(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"valid", "# Topics.\n\n34-a: [europe, africa]\n34-sub-a-1:\n  - security\n", nil},
		{"duplicate", "34-a: [europe]\n34-b: [africa]\n34-a: [africa]\n",
			[]string{"content/topic-assignments.yaml:3: \"34-a\" is already assigned at line 1"}},
		{"not a list", "34-a: europe\n",
			[]string{"content/topic-assignments.yaml:1: topics of \"34-a\": expected a list of topic IDs such as [europe, africa]"}},
		{"nested list", "34-a: [[europe]]\n",
			[]string{"content/topic-assignments.yaml:1: topics of \"34-a\": expected a list of topic IDs such as [europe, africa]"}},
		{"not a mapping", "- 34-a\n",
			[]string{"content/topic-assignments.yaml:1: expected a mapping from commitment ID to a list of topic IDs"}},
		{"empty", "", []string{"content/topic-assignments.yaml:1: empty YAML file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var errs diagList
			fsys := fstest.MapFS{AssignmentsFile: {Data: []byte(tt.src)}}
			as := loadAssignments(fsys, "content", &errs.List)
			errs.check(t, tt.want)
			if tt.want == nil && (len(as) != 2 || as[1].ID != "34-sub-a-1" || as[1].Line != 4 || strings.Join(as[0].Topics, ",") != "europe,africa") {
				t.Errorf("assignments %+v", as)
			}
		})
	}
}
