package diag

import "testing"

func TestWarning(t *testing.T) {
	tests := []struct {
		w        Warning
		pos, str string
	}{
		{Warning{Code: SmallTopic, File: "content/topics.yaml", Line: 4, Msg: "m"}, "content/topics.yaml:4", "content/topics.yaml:4: SMALL_TOPIC: m"},
		{Warning{Code: MissingTranslation, File: "content/nl/units/x.md", Msg: "m"}, "content/nl/units/x.md", "content/nl/units/x.md: MISSING_TRANSLATION: m"},
		{Warning{Code: MissingTranslation, Msg: "12 units"}, "", "MISSING_TRANSLATION: 12 units"},
	}
	for _, tt := range tests {
		if got := tt.w.Position(); got != tt.pos {
			t.Errorf("Position() = %q, want %q", got, tt.pos)
		}
		if got := tt.w.String(); got != tt.str {
			t.Errorf("String() = %q, want %q", got, tt.str)
		}
	}
}

func TestListErr(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Error("an empty list is an error")
	}
	l.Add("b.md", 1, "second %d", 2)
	l.Add("a.md", 3, "first")
	l.Add("a.md", 0, "whole file")
	want := "a.md: whole file\na.md:3: first\nb.md:1: second 2"
	if err := l.Err(); err == nil || err.Error() != want {
		t.Errorf("Err() = %v, want:\n%s", err, want)
	}
}
