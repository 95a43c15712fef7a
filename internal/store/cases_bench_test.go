package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"staffnet/internal/cases"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

// benchCorpus makes n published studies of about 400 words each: two
// sentences drawn from the demo studies, so that a demo word such as
// "mentoring" is in about one study in ten and "network" in many more,
// among words from a made-up vocabulary of 5,000 drawn by Zipf's law, as
// words in real text are. Each has a demo study's title and tags.
func benchCorpus(n int) []*cases.Study {
	demo := cases.DemoStudies()
	var pool []string
	for _, d := range demo {
		for _, sec := range d.Sections() {
			for _, s := range strings.SplitAfter(sec.Text, ". ") {
				pool = append(pool, s)
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	syll := []string{"ka", "lo", "mi", "ner", "sta", "vo", "du", "pen", "ri", "tho", "gal", "bre", "shu", "wen", "zi", "cor"}
	vocab := make([]string, 5000)
	for i := range vocab {
		vocab[i] = syll[i%16] + syll[(i/16)%16] + syll[(i/256)%16] + "x"
	}
	zipf := rand.NewZipf(rand.New(rand.NewPCG(3, 4)), 1.1, 2, uint64(len(vocab)-1))
	// text is k runs of 40 made-up words, after a demo sentence if demo.
	text := func(k int, demo bool) string {
		var b strings.Builder
		if demo {
			b.WriteString(pool[rng.IntN(len(pool))])
			b.WriteByte(' ')
		}
		for range k {
			for range 40 {
				b.WriteString(vocab[zipf.Uint64()])
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	out := make([]*cases.Study, n)
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range out {
		d := demo[rng.IntN(len(demo))]
		out[i] = &cases.Study{Status: cases.Published, OrgCode: "RAA", Slug: fmt.Sprintf("bench-%d", i),
			Title: d.Title, Organisation: d.Organisation, Summary: text(1, true), Challenge: text(2, false), Action: text(2, true),
			Outcomes: text(2, false), Lessons: text(1, false), NextSteps: text(1, false),
			Tags: d.Tags, Published: start.Add(time.Duration(i) * time.Hour)}
	}
	return out
}

// BenchmarkCaseSearch searches 10,000 published case studies: a word in
// a few studies in ten, two words in most, a phrase, and a tag filter
// with no query; the first page of 20 hits with snippets, and the count.
//
//	go test ./internal/store/ -run '^$' -bench CaseSearch -benchtime 50x
func BenchmarkCaseSearch(b *testing.B) {
	storetest.EachBench(b, func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		if err := db.CreateCaseStudies(ctx, benchCorpus(10000)...); err != nil {
			b.Fatal(err)
		}
		if err := db.Analyze(ctx); err != nil {
			b.Fatal(err)
		}
		for _, q := range []struct {
			name, q string
			tags    map[cases.Kind]string
		}{
			{"word", "mentoring", nil},
			{"common", "network sponsor", nil},
			{"phrase", `"interview panels"`, nil},
			{"filter", "", map[cases.Kind]string{cases.KindRegion: "Y61"}},
		} {
			b.Run(q.name, func(b *testing.B) {
				s := store.CaseSearch{Query: cases.ParseQuery(q.q), Tags: q.tags}
				for b.Loop() {
					res, err := db.SearchCaseStudies(ctx, s)
					if err != nil || res.Total == 0 || len(res.Hits) != 20 {
						b.Fatalf("%v %+v", err, res)
					}
				}
			})
		}
	})
}
