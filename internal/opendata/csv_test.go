package opendata

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestDefuse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Renforcer le Benelux", "Renforcer le Benelux"},
		{"=SUM(A1:A9)", "'=SUM(A1:A9)"},
		{"+32 2 123 45 67", "'+32 2 123 45 67"},
		{"-5 %", "'-5 %"},
		{"@SNCB", "'@SNCB"},
		{"\tindented", "'\tindented"},
		{"\rreturn", "'\rreturn"},
		{"a = b", "a = b"},       // only the first character counts
		{"'quoted'", "'quoted'"}, // an apostrophe already there is text
		{"• sub-item", "• sub-item"},
		{"34.1.2", "34.1.2"},
	}
	for _, tt := range tests {
		if got := Defuse(tt.in); got != tt.want {
			t.Errorf("Defuse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// hardDocument is a programme whose texts hold everything that breaks a
// naive CSV: separators, quotes, line breaks, leading formula characters,
// accents.
func hardDocument() *document {
	texts := []string{
		"Plain, with a comma",
		"Semi;colon; and more",
		`Quotes "inside" and "" doubled`,
		"Line\nbreak and\r\nCRLF",
		"=HYPERLINK(\"https://evil.example\";\"clic\")",
		"+32 2 123 45 67",
		"-1 % chômage",
		"@cmd|' /C calc'!A0",
		"\tTab first",
		"Accents : é è à ç œ « guillemets » – ’",
	}
	var cs []commitment
	for i, s := range texts {
		cs = append(cs, commitment{ID: "c" + string(rune('a'+i)), Number: i + 1, Ref: "1.1." + string(rune('1'+i)), Title: s, TitleLang: "fr",
			text:   text{Text: s, Lang: "fr", Translation: statusSource, Items: []item{{Text: s, Items: []item{{Text: "=nested; \"deep\""}}}, {Text: "second"}}},
			Topics: []topicRef{{ID: "t1", Name: "Sécurité, défense et armes"}, {ID: "t2", Name: "Europe"}},
			URL:    "https://example.org/fr/engagements/x/", Source: source{File: "1.txt", FirstLine: 3, LastLine: 4, Page: 1}})
	}
	return &document{Chapters: []chapter{{ID: "1", Number: 1, Title: text{Text: "Chapitre ; un, « deux »"},
		Sections: []section{{ID: "1-sec", Number: 1, Title: text{Text: "-Section"}, Commitments: cs}}}}}
}

func TestEncodeCSVHardCases(t *testing.T) {
	doc := hardDocument()
	data, err := encodeCSV(doc, 0)
	if err != nil {
		t.Fatal(err)
	}
	body, ok := bytes.CutPrefix(data, []byte("\uFEFF"))
	if !ok {
		t.Fatal("no UTF-8 byte order mark")
	}
	if bytes.Contains(bytes.ReplaceAll(body, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("a line feed without a carriage return: RFC 4180 wants CRLF")
	}
	if !bytes.HasSuffix(body, []byte("\r\n")) {
		t.Error("the last record does not end with CRLF")
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = ';'
	r.FieldsPerRecord = len(CSVHeader)
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("encoding/csv cannot read the file back: %v", err)
	}
	if got := strings.Join(records[0], ";"); got != strings.Join(CSVHeader, ";") {
		t.Errorf("header %q", got)
	}
	cs := doc.Chapters[0].Sections[0].Commitments
	if len(records) != 1+len(cs) {
		t.Fatalf("%d records, want a header and %d rows", len(records), len(cs))
	}
	col := map[string]int{}
	for i, h := range CSVHeader {
		col[h] = i
	}
	for i, c := range cs {
		row := records[i+1]
		// encoding/csv reads \r\n inside a quoted field as \n.
		want := strings.ReplaceAll(Defuse(c.Text), "\r\n", "\n")
		if got := row[col["text"]]; got != want {
			t.Errorf("row %d: text %q, want %q", i+1, got, want)
		}
		if got := row[col["title"]]; got != strings.ReplaceAll(Defuse(c.Title), "\r\n", "\n") {
			t.Errorf("row %d: title %q", i+1, got)
		}
		wantItems := "• " + strings.ReplaceAll(c.Text, "\r\n", "\n") + "\n  • =nested; \"deep\"\n• second"
		if got := row[col["sub_items"]]; got != wantItems {
			t.Errorf("row %d: sub_items %q, want %q", i+1, got, wantItems)
		}
		if got := row[col["topics"]]; got != "Sécurité, défense et armes | Europe" {
			t.Errorf("row %d: topics %q", i+1, got)
		}
		if got := row[col["topic_ids"]]; got != "t1|t2" {
			t.Errorf("row %d: topic_ids %q", i+1, got)
		}
		if got := row[col["section_title"]]; got != "'-Section" {
			t.Errorf("row %d: section_title %q", i+1, got)
		}
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d, column %s: %q would run as a formula", i+1, CSVHeader[j], cell)
			}
		}
	}
}
