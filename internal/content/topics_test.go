package content

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/belgian-programme/explainer/internal/diag"
)

const assignmentsFile = "content/topic-assignments.yaml"

// TestSimpleAssignments checks which assignment files the shortcut reads,
// and that it reads them as yaml.v3 does.
func TestSimpleAssignments(t *testing.T) {
	tests := []struct {
		name, src string
		ok        bool
	}{
		{"one", "34-a: [europe]\n", true},
		{"several", "# Topics.\n\n34-a: [europe, africa]\n34-sub-a-1: [security]\n# 2. Section\n101-b: [human-rights, united-nations, climate-environment, europe]\n", true},
		{"no final newline", "34-a: [europe]", true},
		{"duplicate", "34-a: [europe]\n34-b: [africa]\n34-a: [africa]\n", true},
		{"letters only", "abc: [d]\n", true},
		{"digits only", "123: [d]\n", true},

		{"empty", "", false},
		{"comments only", "# nothing\n\n", false},
		{"empty list", "34-a: []\n", false},
		{"no space after comma", "34-a: [a,b]\n", false},
		{"two spaces", "34-a: [a,  b]\n", false},
		{"trailing comment", "34-a: [a] # c\n", false},
		{"trailing space", "34-a: [a] \n", false},
		{"block list", "34-a:\n  - a\n", false},
		{"indented comment", "  # c\n34-a: [a]\n", false},
		{"blank line with spaces", "34-a: [a]\n  \n", false},
		{"upper case", "34-A: [a]\n", false},
		{"topic with digit first", "34-a: [1a]\n", false},
		{"boolean topic", "34-a: [true]\n", false},
		{"null topic", "34-a: [null]\n", false},
		{"quoted", "34-a: [\"a\"]\n", false},
		{"hyphen first", "-a: [a]\n", false},
		{"CRLF", "34-a: [a]\r\n", false},
		{"BOM", "\ufeff34-a: [a]\n", false},
		{"tab in comment", "#\tc\n34-a: [a]\n", false},
		{"control character in comment", "# \x01\n34-a: [a]\n", false},
		{"invalid UTF-8 in comment", "# \xff\n34-a: [a]\n", false},
		{"document marker", "---\n34-a: [a]\n", false},
		{"broken", "34-a: [a\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ok := simpleAssignments(assignmentsFile, []byte(tt.src))
			if ok != tt.ok {
				t.Errorf("simpleAssignments read it: %v, want %v", ok, tt.ok)
			}
			compareAssignments(t, []byte(tt.src))
		})
	}
}

// FuzzAssignments compares the shortcut with yaml.v3: where the shortcut
// reads a file, it must give the same assignments and problems.
func FuzzAssignments(f *testing.F) {
	data, err := os.ReadFile("../../content/topic-assignments.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	for _, s := range []string{"34-a: [europe]\n", "34-a: [a, b]\n34-a: [c]\n", "# c\n\nx: [y]", "34-a: [true]\n", "a: [b]\n  - c\n", "1e3: [a]\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		compareAssignments(t, src)
	})
}

// compareAssignments fails when loading src with the shortcut, where it
// applies, differs from loading it with yaml.v3.
func compareAssignments(t *testing.T, src []byte) {
	t.Helper()
	if _, ok := simpleAssignments(assignmentsFile, src); !ok {
		return
	}
	var gotErrs, wantErrs diag.List
	fsys := fstest.MapFS{AssignmentsFile: {Data: src}}
	got := loadAssignments(fsys, "content", &gotErrs)
	want := yamlAssignments(assignmentsFile, src, &wantErrs)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("assignments:\n%s\nyaml.v3:\n%s", dumpAssignments(got), dumpAssignments(want))
	}
	if gotErrs.Error() != wantErrs.Error() {
		t.Fatalf("problems:\n%v\nyaml.v3:\n%v", gotErrs, wantErrs)
	}
}

func dumpAssignments(as []*Assignment) string {
	var b strings.Builder
	for _, a := range as {
		fmt.Fprintf(&b, "%s:%d: %s %q\n", a.File, a.Line, a.ID, a.Topics)
	}
	return b.String()
}
