package opendata

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
)

// CSVHeader names the columns of commitments.csv, the same in every
// language so that a script reads any of them.
var CSVHeader = []string{
	"id", "ref", "chapter", "chapter_title", "section", "section_title", "number",
	"title", "title_lang", "text", "sub_items", "topic_ids", "topics", "url",
	"translation", "text_lang", "source_file", "first_line", "last_line", "page",
}

// encodeCSV writes commitments.csv: one row per commitment, in programme
// order. The file is what spreadsheets in Belgium open as they are:
//
//   - UTF-8 with a byte order mark, which Excel needs to read UTF-8 rather
//     than the system's code page (LibreOffice reads both);
//   - ";" between fields, the list separator of Excel in Belgian locales
//     (where "," is the decimal separator), so a double click splits the
//     columns;
//   - RFC 4180: CRLF line ends, a field quoted when it holds a separator,
//     a quote or a line break, and a quote written twice.
//
// A field that starts with =, +, -, @, a tab or a carriage return gets a
// leading apostrophe (see Defuse), so that no spreadsheet runs it as a
// formula.
func encodeCSV(d *document, sizeHint int) ([]byte, error) {
	buf := bytes.NewBuffer(make([]byte, 0, sizeHint))
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(buf)
	w.Comma = ';'
	w.UseCRLF = true
	if err := w.Write(CSVHeader); err != nil {
		return nil, err
	}
	row := make([]string, len(CSVHeader))
	var sub strings.Builder
	for _, ch := range d.Chapters {
		for _, s := range ch.Sections {
			for _, c := range s.Commitments {
				sub.Reset()
				writeItems(&sub, c.Items, 0)
				ids := make([]string, len(c.Topics))
				names := make([]string, len(c.Topics))
				for i, t := range c.Topics {
					ids[i], names[i] = t.ID, t.Name
				}
				row = append(row[:0],
					c.ID, c.Ref, strconv.Itoa(ch.Number), ch.Title.Text, strconv.Itoa(s.Number), s.Title.Text, strconv.Itoa(c.Number),
					c.Title, c.TitleLang, c.Text, sub.String(), strings.Join(ids, "|"), strings.Join(names, " | "), c.URL,
					c.Translation, c.Lang, c.Source.File, strconv.Itoa(c.Source.FirstLine), strconv.Itoa(c.Source.LastLine), strconv.Itoa(c.Source.Page))
				for i := range row {
					row[i] = Defuse(row[i])
				}
				if err := w.Write(row); err != nil {
					return nil, err
				}
			}
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeItems writes sub-items one per line, "• " before each and two
// spaces more per level of nesting. A bullet rather than "- ", so that the
// cell does not start with "-" (and need an apostrophe).
func writeItems(b *strings.Builder, items []item, depth int) {
	for _, it := range items {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		for range depth {
			b.WriteString("  ")
		}
		b.WriteString("• ")
		b.WriteString(it.Text)
		writeItems(b, it.Items, depth+1)
	}
}

// Defuse guards a CSV field against formula injection (OWASP, "CSV
// Injection"): a field that starts with =, +, -, @, a tab or a carriage
// return is prefixed with an apostrophe, which spreadsheets take as "text
// follows" and which a reader of the data removes. Other fields are
// returned unchanged.
func Defuse(field string) string {
	if field == "" {
		return field
	}
	switch field[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + field
	}
	return field
}
