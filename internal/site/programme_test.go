package site

import (
	"fmt"
	"testing"

	"github.com/belgian-programme/explainer/internal/programme"
)

// itemsOf makes the items of a list of commitments: per chapter, its
// sections' sizes.
func itemsOf(chapters ...[]int) []item {
	var out []item
	for i, sizes := range chapters {
		ch := &programme.Chapter{ID: fmt.Sprint(i + 1), Number: i + 1}
		for j, n := range sizes {
			s := &programme.Section{ID: fmt.Sprintf("%d-%d", i+1, j+1)}
			for k := range n {
				out = append(out, item{chapter: ch, section: s, num: k + 1})
			}
		}
	}
	return out
}

func TestPaginate(t *testing.T) {
	tests := []struct {
		name     string
		chapters [][]int
		want     []int // items per page
	}{
		{"empty", nil, []int{0}},
		{"one small chapter", [][]int{{3, 4}}, []int{7}},
		{"chapters that fit together", [][]int{{20, 20}, {20, 20}, {20}}, []int{100}},
		// 49 items and 3 sections per chapter cost 53 links: two chapters
		// fit in 150, a third would not.
		{"whole chapters", [][]int{{15, 9, 25}, {15, 9, 25}, {15, 9, 25}, {15, 9, 25}, {15, 9, 25}}, []int{98, 98, 49}},
		// A chapter longer than a page is cut within itself; a page that
		// starts within a chapter repeats its chapter and section headings.
		{"a long chapter", [][]int{{10}, {300}}, []int{146, 148, 16}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages := paginate(itemsOf(tt.chapters...), true)
			var got []int
			for _, p := range pages {
				got = append(got, len(p))
				links := 0
				for i, it := range p {
					if i == 0 || p[i-1].chapter != it.chapter {
						links++
					}
					if i == 0 || p[i-1].section != it.section {
						links++
					}
					links++
				}
				if links > ListBudget {
					t.Errorf("a page holds %d links; want at most %d", links, ListBudget)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("pages of %v items; want %v", got, tt.want)
			}
		})
	}
}

func TestPager(t *testing.T) {
	pages := paginate(itemsOf([][]int{{140}, {140}, {140}, {140}, {140}, {140}, {140}, {140}}...), true)
	if len(pages) != 8 {
		t.Fatalf("%d pages; want 8", len(pages))
	}
	p := pager("/fr/themes/x/", pages, 5)
	if p.Prev.Path != "/fr/themes/x/4/" || p.Next.Path != "/fr/themes/x/6/" {
		t.Errorf("prev %s, next %s", p.Prev.Path, p.Next.Path)
	}
	var got []string
	for _, l := range p.Pages {
		s := fmt.Sprint(l.Number)
		if l.Gap {
			s = "… " + s
		}
		if l.Current {
			s += "*"
		}
		got = append(got, s)
	}
	if want := "[1 … 3 4 5* 6 7 8]"; fmt.Sprint(got) != want {
		t.Errorf("pages %v; want %s", got, want)
	}
	if first := pager("/x/", pages, 1); first.Prev != nil || first.Pages[0].Path != "/x/" {
		t.Errorf("first page: prev %v, first link %s", first.Prev, first.Pages[0].Path)
	}
	if pager("/x/", pages[:1], 1) != nil {
		t.Error("a pager for a single page")
	}
}
