package survey

import (
	"fmt"
	"strings"
	"testing"
)

func TestProgressMappingSurvey(t *testing.T) {
	d := mapping(t)
	page := func(id string) *Page {
		for i := range d.Pages {
			if d.Pages[i].ID == id {
				return &d.Pages[i]
			}
		}
		t.Fatalf("no page %s", id)
		return nil
	}
	yes := d.NewResponse()
	answer(t, d, yes, "has_bme_network", "yes")
	no := d.NewResponse()
	answer(t, d, no, "has_bme_network", "no")
	skipped := d.NewResponse()
	for _, tc := range []struct {
		name      string
		r         *Response
		page      string
		n, lo, hi int
	}{
		// Six pages, but "your network" and "without a network" are
		// never both shown: at most five. Until has_bme_network is
		// answered, skipping it would leave four.
		{"first page", d.NewResponse(), "about_you", 1, 4, 5},
		// The routing question is on this page: it can still change.
		{"networks, answered yes", yes, "networks", 2, 4, 5},
		{"yes route", yes, "your_network", 3, 5, 5},
		{"yes route, after", yes, "working_together", 4, 5, 5},
		{"no route", no, "without_network", 3, 5, 5},
		{"no route, last page", no, "comments", 5, 5, 5},
		{"question skipped", skipped, "working_together", 3, 4, 4},
	} {
		n, lo, hi := d.Progress(tc.r, page(tc.page))
		if n != tc.n || lo != tc.lo || hi != tc.hi {
			t.Errorf("%s: page %d of %d to %d, want %d of %d to %d", tc.name, n, lo, hi, tc.n, tc.lo, tc.hi)
		}
	}
}

func TestProgressNested(t *testing.T) {
	d := mustParse(t, nested)
	p1, p2, p3 := &d.Pages[0], &d.Pages[1], &d.Pages[2]
	r := d.NewResponse()
	// Page Two shows only if a is yes and b includes x or y.
	check := func(what string, p *Page, n, lo, hi int) {
		t.Helper()
		if gn, glo, ghi := d.Progress(r, p); gn != n || glo != lo || ghi != hi {
			t.Errorf("%s: page %d of %d to %d, want %d of %d to %d", what, gn, glo, ghi, n, lo, hi)
		}
	}
	check("nothing answered", p1, 1, 2, 3)
	answer(t, d, r, "a", "no")
	check("a=no, still on its page", p1, 1, 2, 3)
	check("a=no", p3, 2, 2, 2)
	answer(t, d, r, "a", "yes")
	answer(t, d, r, "b", "x")
	check("b=x", p2, 2, 3, 3)
	check("b=x", p3, 3, 3, 3)
}

// TestProgressManyRoutes has too many combinations of routing answers to
// try them all, so Progress takes the best answer to each question in
// turn.
func TestProgressManyRoutes(t *testing.T) {
	const k = 9 // 2^9 combinations, over maxRouteCombos
	var first, rest []string
	for i := range k {
		first = append(first, fmt.Sprintf(`{"id": "q%d", "type": "single", "title": "Q%d?", "options": [{"code": "a", "label": "A"}, {"code": "b", "label": "B"}]}`, i, i))
		rest = append(rest, fmt.Sprintf(`{"id": "p%d", "title": "P%d", "questions": [{"id": "t%d", "type": "text", "title": "T%d?", "show_if": {"question": "q%d", "any_of": ["b"]}}]}`, i, i, i, i, i))
	}
	d := mustParse(t, `{"format": 1, "slug": "many", "title": "Many", "pages": [{"id": "start", "title": "Start", "questions": [`+
		strings.Join(first, ",")+`]}, `+strings.Join(rest, ",")+`]}`)
	if n, lo, hi := d.Progress(d.NewResponse(), &d.Pages[0]); n != 1 || lo != 1 || hi != k+1 {
		t.Errorf("page %d of %d to %d, want 1 of 1 to %d", n, lo, hi, k+1)
	}
}

// BenchmarkProgress is the count on the mapping survey's first page,
// where one routing question is still open: the cost each page view adds.
func BenchmarkProgress(b *testing.B) {
	d := mapping(b)
	r := d.NewResponse()
	b.ReportAllocs()
	for b.Loop() {
		d.Progress(r, &d.Pages[0])
	}
}
