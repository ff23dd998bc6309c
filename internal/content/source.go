package content

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"reflect"

	"gopkg.in/yaml.v3"

	"github.com/belgian-programme/explainer/internal/diag"
)

// SetSource records fp, the fingerprint of the source-language text a
// translation was reviewed against, as "source" in the front matter of the
// unit file or page at file (a path of the operating system), and leaves
// the rest of the file as it was. A unit file with any problem is refused,
// so that a broken translation is not stamped as reviewed; so is a page
// whose front matter is broken.
func SetSource(file, fp string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	out, err := setSource(data, fp)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	// The stamped file is checked, so that a source written without
	// quotes, which this fixes, is not a reason to refuse.
	if dir := path.Dir(filepath.ToSlash(file)); path.Base(dir) == "units" {
		var errs diag.List
		ParseUnit(file, path.Base(path.Dir(dir)), out, &errs)
		if err := errs.Err(); err != nil {
			return err
		}
	}
	return os.WriteFile(file, out, 0o644)
}

// setSource returns data with "source: fp" in its front matter: on the
// line of the "source" key, which yaml.v3 finds, or on a new line at the
// end of the front matter; front matter is added to a file without.
// Nothing else changes.
func setSource(data []byte, fp string) ([]byte, error) {
	// Quoted: an unquoted fingerprint such as 2756749140e1 would be read
	// by YAML as a number.
	entry := `source: "` + fp + `"`
	fm := frontMatter(data)
	if fm == nil {
		if bytes.HasPrefix(data, []byte("---\n")) {
			return nil, fmt.Errorf("front matter is not closed; expected a line \"---\" after it")
		}
		return append([]byte("---\n"+entry+"\n---\n"), data...), nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(fm, &doc); err != nil {
		return nil, fmt.Errorf("front matter is not valid YAML: %w", err)
	}
	var root *yaml.Node
	if len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	if root != nil && root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		root = nil // empty front matter
	}
	if root != nil && root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("front matter is not a list of \"key: value\" lines")
	}
	var key, value *yaml.Node
	for i := 0; root != nil && i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "source" {
			key, value = root.Content[i], root.Content[i+1]
		}
	}
	out := make([]byte, 0, len(data)+len(entry)+1)
	if key == nil {
		out = append(out, fm...)
		out = append(out, entry+"\n"...)
		return append(out, data[len(fm):]...), nil
	}
	if value.Line != key.Line || value.Kind != yaml.ScalarNode || value.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return nil, fmt.Errorf("line %d: expected source and its fingerprint on one line", key.Line)
	}
	// Replace the key's line, whose start is after the line-1 first
	// newlines.
	start := 0
	for range key.Line - 1 {
		start += bytes.IndexByte(data[start:], '\n') + 1
	}
	end := len(data)
	if i := bytes.IndexByte(data[start:], '\n'); i >= 0 {
		end = start + i
	}
	if bytes.HasSuffix(data[start:end], []byte("\r")) {
		end--
	}
	out = append(out, data[:start]...)
	out = append(out, entry...)
	out = append(out, data[end:]...)
	if !sameBesidesSource(fm, frontMatter(out)) {
		return nil, fmt.Errorf("line %d: expected source and its fingerprint on one line", key.Line)
	}
	return out, nil
}

// sameBesidesSource reports whether two front matters hold the same
// values, "source" apart: a fingerprint written over several lines would
// not be replaced by rewriting its first.
func sameBesidesSource(a, b []byte) bool {
	var ma, mb map[string]any
	if yaml.Unmarshal(a, &ma) != nil || yaml.Unmarshal(b, &mb) != nil {
		return false
	}
	delete(ma, "source")
	delete(mb, "source")
	return reflect.DeepEqual(ma, mb)
}
