package pipeline

import (
	"testing"

	"github.com/belgian-programme/explainer/internal/diag"
	"github.com/belgian-programme/explainer/internal/translation"
)

// A licence or contact not yet chosen is listed by status but does not
// make --strict fail; any other warning does.
func TestCompleteIgnoresDecisions(t *testing.T) {
	tests := []struct {
		codes []string
		want  bool
	}{
		{nil, true},
		{[]string{diag.NoLicence, diag.NoContact}, true},
		{[]string{diag.NoLicence, diag.MissingTitle}, false},
		{[]string{diag.SmallTopic}, false},
	}
	for _, tt := range tests {
		st := &TranslationStatus{Report: &translation.Report{}}
		for _, c := range tt.codes {
			st.Warnings = append(st.Warnings, diag.Warning{Code: c, File: "content/site.yaml"})
		}
		if got := st.Complete(); got != tt.want {
			t.Errorf("warnings %v: Complete() = %v, want %v", tt.codes, got, tt.want)
		}
	}
}
