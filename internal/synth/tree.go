package synth

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/belgian-programme/explainer/internal/content"
	"github.com/belgian-programme/explainer/internal/programme"
	"github.com/belgian-programme/explainer/internal/seed"
)

// Tree says what WriteTree wrote.
type Tree struct {
	Chapters    int
	Commitments int
	Units       int // text units, in each language
	UnitFiles   int // unit files, all languages
}

// WriteTree writes a complete input tree for k synthetic chapters into dst,
// which must not exist or be empty, from the repository at root:
//
//   - seeds/: k synthetic chapters (see Chapter); the real seeds
//     (root/seeds/*.txt, in name order) take turns as models;
//   - content/: a copy of root/content (site.yaml, topics.yaml, pages,
//     terms...) where the units and topic assignments are those of the
//     synthetic chapters: every synthetic unit gets the unit files of the
//     real unit at the same position, in every language, with the slug
//     suffixed by the chapter number and, where the real translation is
//     current, the fingerprint of the synthetic French, so the synthetic
//     translation is current too; an outdated real translation stays
//     outdated and a missing one stays missing. Every commitment and
//     sub-item gets the topics of its real counterpart;
//   - i18n/ and themes/: copies of root's.
//
// So the tree builds with Options{Root: dst} like the repository does.
func WriteTree(dst, root string, k int, rngSeed uint64) (*Tree, error) {
	if root == "" {
		root = "."
	}
	if err := emptyDir(dst); err != nil {
		return nil, err
	}
	rootFS := os.DirFS(root)
	names, err := fs.Glob(rootFS, "seeds/*.txt")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no seed files (*.txt)", filepath.Join(root, "seeds"))
	}
	sort.Strings(names)
	type model struct {
		data  []byte
		units []*programme.Unit
	}
	var models []model
	for _, name := range names {
		data, err := fs.ReadFile(rootFS, name)
		if err != nil {
			return nil, err
		}
		ch, err := seed.Parse(name, data)
		if err != nil {
			return nil, fmt.Errorf("model seed: %w", err)
		}
		models = append(models, model{data, (&programme.Programme{Chapters: []*programme.Chapter{ch}}).Units()})
	}
	contentFS, err := fs.Sub(rootFS, "content")
	if err != nil {
		return nil, err
	}
	c, err := content.Load(context.Background(), contentFS, "content")
	if err != nil {
		return nil, fmt.Errorf("model content: %w", err)
	}
	topics := map[string][]string{}
	for _, a := range c.Assignments {
		topics[a.ID] = a.Topics
	}

	tree := &Tree{}
	var assign bytes.Buffer
	assign.WriteString("# Topics of the synthetic commitments: those of the real commitment at the same position.\n")
	if err := os.MkdirAll(filepath.Join(dst, "seeds"), 0o755); err != nil {
		return nil, err
	}
	for i := range k {
		m := models[i%len(models)]
		n := FirstChapter + i
		name := FileName(n)
		data, err := Chapter(m.data, n, rngSeed)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", names[i%len(models)], err)
		}
		ch, err := seed.Parse(path.Join("seeds", name), data)
		if err != nil {
			return nil, fmt.Errorf("synthetic chapter %d: %w", n, err)
		}
		units := (&programme.Programme{Chapters: []*programme.Chapter{ch}}).Units()
		if err := sameShape(m.units, units); err != nil {
			return nil, fmt.Errorf("synthetic chapter %d: %w", n, err)
		}
		if err := os.WriteFile(filepath.Join(dst, "seeds", name), data, 0o644); err != nil {
			return nil, err
		}
		tree.Chapters++
		tree.Commitments += len(ch.Commitments())
		tree.Units += len(units)
		for j, u := range units {
			orig := m.units[j]
			pairIDs(orig.ID, u.ID, orig.Items, u.Items, func(realID, id string) {
				if ts, ok := topics[realID]; ok {
					fmt.Fprintf(&assign, "%s: [%s]\n", id, strings.Join(ts, ", "))
				}
			})
			for _, lang := range c.Languages() {
				f := c.Units[lang][orig.ID]
				if f == nil {
					continue
				}
				data, err := fs.ReadFile(rootFS, path.Join("content", lang, "units", orig.ID+".md"))
				if err != nil {
					return nil, err
				}
				fp := ""
				if f.Source != "" && f.Source == orig.Fingerprint() {
					fp = u.Fingerprint()
				}
				out := rewriteFrontMatter(data, n, fp)
				p := filepath.Join(dst, "content", lang, "units", u.ID+".md")
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return nil, err
				}
				if err := os.WriteFile(p, out, 0o644); err != nil {
					return nil, err
				}
				tree.UnitFiles++
			}
		}
	}
	if err := copyContent(rootFS, dst); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dst, "content", content.AssignmentsFile), assign.Bytes(), 0o644); err != nil {
		return nil, err
	}
	for _, dir := range []string{"i18n", "themes"} {
		sub, err := fs.Sub(rootFS, dir)
		if err != nil {
			return nil, err
		}
		if err := os.CopyFS(filepath.Join(dst, dir), sub); err != nil {
			return nil, err
		}
	}
	return tree, nil
}

// emptyDir creates dir, or checks that it is empty.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s: expected an empty folder for the synthetic tree, found %d entries", dir, len(entries))
	}
	return nil
}

// copyContent copies root/content into dst/content, except the unit files
// and the topic assignments, which belong to the real chapters.
func copyContent(rootFS fs.FS, dst string) error {
	return fs.WalkDir(rootFS, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		out := filepath.Join(dst, filepath.FromSlash(p))
		if d.IsDir() {
			if path.Base(p) == "units" {
				return fs.SkipDir
			}
			return os.MkdirAll(out, 0o755)
		}
		if p == path.Join("content", content.AssignmentsFile) {
			return nil
		}
		data, err := fs.ReadFile(rootFS, p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
}

// sameShape checks that two unit lists have the same kinds, sections and
// nested items, position by position.
func sameShape(model, got []*programme.Unit) error {
	if len(model) != len(got) {
		return fmt.Errorf("expected %d text units like the model seed, found %d", len(model), len(got))
	}
	for i := range model {
		m, g := model[i], got[i]
		if m.Kind != g.Kind || shape(m.Items) != shape(g.Items) {
			return fmt.Errorf("%s:%d: expected a %s shaped %q like %s, found a %s shaped %q",
				g.Source.File, g.Source.FirstLine, m.Kind, shape(m.Items), m.ID, g.Kind, shape(g.Items))
		}
	}
	return nil
}

// shape writes the nesting of items, e.g. "(()())()".
func shape(items []*programme.Item) string {
	var b strings.Builder
	var walk func([]*programme.Item)
	walk = func(items []*programme.Item) {
		for _, it := range items {
			b.WriteByte('(')
			walk(it.Items)
			b.WriteByte(')')
		}
	}
	walk(items)
	return b.String()
}

// pairIDs calls f with the IDs of a real unit and of its synthetic
// counterpart, then with those of their items, position by position.
func pairIDs(realID, id string, realItems, items []*programme.Item, f func(realID, id string)) {
	f(realID, id)
	for i := range min(len(realItems), len(items)) {
		pairIDs(realItems[i].ID, items[i].ID, realItems[i].Items, items[i].Items, f)
	}
}

// rewriteFrontMatter adapts a real unit file to synthetic chapter n: the
// slug gets "-n" so that URLs stay unique, aliases are dropped (they would
// redirect to the real chapter's URLs), and the source fingerprint becomes
// fp when fp is not empty. The body (the translation) is kept as it is.
func rewriteFrontMatter(data []byte, n int, fp string) []byte {
	lines := strings.SplitAfter(string(data), "\n")
	var b strings.Builder
	inMeta, aliases := false, false
	for i, ln := range lines {
		t := strings.TrimRight(ln, "\r\n")
		if t == "---" && (i == 0 || inMeta) {
			inMeta = i == 0
			aliases = false
			b.WriteString(ln)
			continue
		}
		if !inMeta {
			b.WriteString(ln)
			continue
		}
		if aliases && (strings.HasPrefix(t, " ") || strings.HasPrefix(t, "-")) {
			continue
		}
		aliases = false
		switch {
		case strings.HasPrefix(t, "slug:"):
			slug := strings.Trim(strings.TrimSpace(strings.TrimPrefix(t, "slug:")), `"'`)
			fmt.Fprintf(&b, "slug: %s-%d\n", slug, n)
		case strings.HasPrefix(t, "aliases:"):
			aliases = true
		case strings.HasPrefix(t, "source:") && fp != "":
			fmt.Fprintf(&b, "source: %q\n", fp) // quoted: "2756749140e1" would read as a number
		default:
			b.WriteString(ln)
		}
	}
	return []byte(b.String())
}

// TreeIn returns the folder of a synthetic tree of k chapters below dir
// (dir/k<k>, with rngSeed 1, from the repository at root), writing it with
// WriteTree only when it is not there yet: benchmarks, whose bodies run
// several times, write each tree once.
func TreeIn(dir, root string, k int) (string, error) {
	dst := filepath.Join(dir, fmt.Sprintf("k%d", k))
	if _, err := os.Stat(filepath.Join(dst, "seeds")); err == nil {
		return dst, nil
	}
	if _, err := WriteTree(dst, root, k, 1); err != nil {
		return "", err
	}
	return dst, nil
}
