package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"staffnet/internal/cases"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

// seedCases stores the demo studies as published, in order, a day apart
// (the first the oldest), and returns their ids by index.
func seedCases(t testing.TB, db *store.DB) []int64 {
	t.Helper()
	list := cases.DemoStudies()
	var ptrs []*cases.Study
	day := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := range list {
		s := &list[i]
		s.Status, s.OrgCode, s.Slug = cases.Published, "RAA", fmt.Sprintf("demo-%d", i)
		s.Published = day.AddDate(0, 0, i)
		ptrs = append(ptrs, s)
	}
	if err := db.CreateCaseStudies(context.Background(), ptrs...); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, s := range ptrs {
		ids = append(ids, s.ID)
	}
	return ids
}

// caseQueries are the search tests' queries: each with the demo studies
// (by index) it must find, best first where the order is given by rank.
var caseQueries = []struct {
	q    string
	tags map[cases.Kind]string
	want []int // the matches; want[0] must rank first
	all  bool  // the whole order is fixed, not only the first
}{
	{q: "mentor", want: []int{0}},                                    // stemming: "mentoring", "mentors"
	{q: "MENTORS", want: []int{0}},                                   // case and plural
	{q: `"reverse mentoring"`, want: []int{0}},                       // a phrase
	{q: `"mentoring reverse"`, want: nil},                            // the phrase in the wrong order
	{q: `"interview panels" senior`, want: []int{3}},                 // phrase and word
	{q: "zebra crossing", want: nil},                                 // no hits
	{q: "sponsor", want: []int{4, 1}, all: true},                     // title beats body
	{q: "shortlisting", want: []int{3, 2, 0}},                        // "shortlisted" too
	{q: "the network and its sponsor", want: []int{4, 1}, all: true}, // stop words dropped
	{q: "network", tags: map[cases.Kind]string{cases.KindNetworkType: "disability"}, want: []int{6}},
	{q: "", tags: map[cases.Kind]string{cases.KindRegion: "Y61"}, want: []int{5, 3}, all: true}, // newest first
	{q: "panel", tags: map[cases.Kind]string{cases.KindWRES: "2", cases.KindRegion: "Y61"}, want: []int{3}},
	// Search syntax of either engine is only punctuation here.
	{q: `mentor OR "`, want: []int{0}},
	{q: `mentor* (executives) ^board`, want: []int{0}},
	{q: `sponsor:* -agreement`, want: []int{4}},
	{q: `NEAR(mentor executives)`, want: nil}, // "near" is a word like any other
	{q: `mentor & !('); DROP TABLE case_studies; --`, want: nil},
	{q: `""" :* <-> |`, want: []int{6, 5, 4, 3, 2, 1, 0}, all: true}, // nothing to search for: every study, newest first
}

// TestCaseSearchBothEngines runs caseQueries on SQLite and PostgreSQL
// with the same corpus and checks each engine gives the expected matches
// and best result, and that both engines give the same lists.
func TestCaseSearchBothEngines(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	got := map[string][]string{} // engine → each query's slugs
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedCases(t, db)
		var lists []string
		for _, c := range caseQueries {
			res, err := db.SearchCaseStudies(ctx, store.CaseSearch{Query: cases.ParseQuery(c.q), Tags: c.tags})
			if err != nil {
				t.Fatalf("%q: %v", c.q, err)
			}
			var slugs []string
			for _, h := range res.Hits {
				slugs = append(slugs, h.Slug)
			}
			var want []string
			for _, i := range c.want {
				want = append(want, fmt.Sprintf("demo-%d", i))
			}
			switch {
			case res.Total != len(want):
				t.Errorf("%q: %d matches %v, want %v", c.q, res.Total, slugs, want)
			case len(want) > 0 && slugs[0] != want[0]:
				t.Errorf("%q: best %s, want %s (all %v)", c.q, slugs[0], want[0], slugs)
			case c.all && !slices.Equal(slugs, want):
				t.Errorf("%q: order %v, want %v", c.q, slugs, want)
			default:
				sorted, w := slices.Clone(slugs), slices.Clone(want)
				slices.Sort(sorted)
				slices.Sort(w)
				if !slices.Equal(sorted, w) {
					t.Errorf("%q: matches %v, want %v", c.q, slugs, want)
				}
			}
			lists = append(lists, strings.Join(slugs, ","))
		}
		mu.Lock()
		got[t.Name()[strings.LastIndex(t.Name(), "/")+1:]] = lists
		mu.Unlock()
	})
	if got["sqlite"] != nil && got["postgres"] != nil {
		for i, c := range caseQueries {
			if got["sqlite"][i] != got["postgres"][i] {
				t.Errorf("%q: SQLite %s, PostgreSQL %s", c.q, got["sqlite"][i], got["postgres"][i])
			}
		}
	}
}

// TestCaseSnippets checks that matches are marked in the snippet on both
// engines, and that text a person wrote cannot carry the marks.
func TestCaseSnippets(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := &cases.Study{Status: cases.Published, OrgCode: "RAA", Slug: "marks", Title: "Marks",
			Summary: "A <b>bold</b> \x01claim\x02 about coaching circles for new starters.", Published: time.Now()}
		if err := db.CreateCaseStudies(ctx, s); err != nil {
			t.Fatal(err)
		}
		res, err := db.SearchCaseStudies(ctx, store.CaseSearch{Query: cases.ParseQuery("coach")})
		if err != nil || res.Total != 1 {
			t.Fatalf("%v %+v", err, res)
		}
		snip := res.Hits[0].Snippet
		if !strings.Contains(snip, store.MarkStart+"coaching"+store.MarkEnd) || strings.Count(snip, store.MarkStart) != 1 {
			t.Errorf("snippet %q", snip)
		}
	})
}

func TestCaseWorkflow(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedCases(t, db) // "demo-0" … are taken; a new study titled like one gets its own slug
		s := &cases.Study{Status: cases.Draft, OrgCode: "RAA", Title: "Reverse mentoring, again", Summary: "Draft text about gardening.",
			Tags: cases.Tags{cases.KindRegion: {"Y56"}, cases.KindWRES: {"2", "7"}}}
		if err := db.CreateCaseStudies(ctx, s); err != nil {
			t.Fatal(err)
		}
		search := func(q string) int {
			res, err := db.SearchCaseStudies(ctx, store.CaseSearch{Query: cases.ParseQuery(q)})
			if err != nil {
				t.Fatal(err)
			}
			return res.Total
		}
		if search("gardening") != 0 {
			t.Error("a draft is found by search")
		}
		s.Summary = "Draft text about gardening and allotments."
		if err := db.UpdateCaseStudy(ctx, s); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CaseStep(ctx, s.ID, cases.Approve, 0, "Rev", ""); !errors.As(err, new(cases.ErrStep)) {
			t.Errorf("approving a draft: %v", err)
		}
		for _, step := range []cases.Step{cases.Submit, cases.Comment, cases.Request, cases.Submit, cases.Approve} {
			if _, err := db.CaseStep(ctx, s.ID, step, 0, "Someone", "note on "+string(step)); err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			if step == cases.Submit {
				if err := db.UpdateCaseStudy(ctx, s); !errors.Is(err, store.ErrNotFound) {
					t.Errorf("editing a submitted study: %v", err)
				}
			}
		}
		got, err := db.CaseStudy(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != cases.Published || got.Slug != "reverse-mentoring-again" || got.Published.IsZero() ||
			!slices.Equal(got.Tags[cases.KindWRES], []string{"2", "7"}) || !strings.Contains(got.Summary, "allotments") {
			t.Errorf("published %+v", got)
		}
		if search("allotment") != 1 {
			t.Error("published study not found")
		}
		if err := db.UpdateCaseStudy(ctx, got); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("editing a published study: %v", err)
		}
		if _, err := db.CaseStep(ctx, s.ID, cases.Withdraw, 0, "Rev", "Out of date"); err != nil {
			t.Fatal(err)
		}
		if search("allotment") != 0 {
			t.Error("withdrawn study still found")
		}
		w, err := db.CaseStudyBySlug(ctx, "reverse-mentoring-again")
		if err != nil || w.Status != cases.Withdrawn || w.WithdrawnReason != "Out of date" {
			t.Errorf("withdrawn: %+v %v", w, err)
		}
		hist, err := db.CaseReviews(ctx, s.ID)
		if err != nil || len(hist) != 6 || hist[2].Step != cases.Request || hist[2].Body != "note on request" {
			t.Errorf("history %+v %v", hist, err)
		}
		// A second study with the same title gets the id in its slug.
		dup := &cases.Study{Status: cases.Submitted, OrgCode: "RAA", Title: "Reverse mentoring, again"}
		if err := db.CreateCaseStudies(ctx, dup); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CaseStep(ctx, dup.ID, cases.Approve, 0, "Rev", ""); err != nil {
			t.Fatal(err)
		}
		if d, _ := db.CaseStudy(ctx, dup.ID); d.Slug != fmt.Sprintf("reverse-mentoring-again-%d", dup.ID) {
			t.Errorf("duplicate slug %q", d.Slug)
		}
		tagged, err := db.CasesTagged(ctx, [][2]string{{"type", "bme"}, {"region", "Y61"}}, 3)
		if err != nil || len(tagged) != 3 || tagged[0].Slug != "demo-5" || tagged[1].Slug != "demo-3" {
			t.Errorf("tagged %+v %v", tagged, err)
		}
		list, err := db.CaseStudies(ctx, store.CaseFilter{Statuses: []cases.Status{cases.Withdrawn}})
		if err != nil || len(list) != 1 || list[0].ID != s.ID {
			t.Errorf("withdrawn list %v %v", list, err)
		}
	})
}
