package report

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"testing"
)

// everyoneOf is the figures for everyone of each question of r, as JSON,
// for comparing views.
func everyoneOf(t *testing.T, r *Report) []string {
	t.Helper()
	var out []string
	for _, q := range r.Questions {
		q.By = nil
		b, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// keepsEveryone fails unless the breakdown view by shows exactly the
// figures for everyone that the same view without it shows, and reports
// whether the breakdown hid any cell of its own.
func keepsEveryone(t *testing.T, ds *Dataset, by *Report, where string) (hidCells bool) {
	t.Helper()
	all := mustReport(t, ds, Options{Filters: by.Filters})
	got, want := everyoneOf(t, by), everyoneOf(t, all)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: the breakdown changed the figures for everyone:\n got %s\nwant %s", where, got[i], want[i])
		}
	}
	if (by.Respondents == nil) != (all.Respondents == nil) {
		t.Errorf("%s: respondents shown %v with the breakdown, %v without", where, by.Respondents != nil, all.Respondents != nil)
	}
	return withheld(by) > withheld(all)
}

// withheld counts hidden counts (options, nets) in r, for everyone and in
// every column.
func withheld(r *Report) int {
	n := 0
	figs := func(os []Option, nets ...Figure) {
		for _, o := range os {
			nets = append(nets, o.Figure)
		}
		for _, f := range nets {
			if f.Suppressed {
				n++
			}
		}
	}
	cols := func(base *int, os []Option, its []Item) {
		figs(os)
		for _, it := range its {
			figs(it.Options, it.NetAgree, it.NetDisagree)
		}
	}
	for _, q := range r.Questions {
		cols(q.Base, q.Options, q.Items)
		for _, c := range q.By {
			cols(c.Base, c.Options, c.Items)
		}
	}
	return n
}

// TestBreakdownKeepsEveryone: breakdowns that must hide cells keep every
// figure for everyone, and what they show stays safe.
//   - Everyone answered the Likert matrix and six did not give a colour:
//     the not-answered column's base is its respondents, the case that
//     used to cost the question's base for everyone.
//   - Every colour is large but some answers in a column are small: the
//     breakdown hides them and their complements among its own cells,
//     and the view publishes beside the one without the breakdown.
func TestBreakdownKeepsEveryone(t *testing.T) {
	def := loadDef(t, "tiny.json")
	cases := []struct {
		name    string
		rows    []rowSpec
		publish bool
	}{
		{"not answered pins its base", []rowSpec{
			{14, "colour=red|why_red=yes|views.tea=sa|views.cake=a"},
			{13, "colour=green|views.tea=a|views.cake=sa"},
			{12, "colour=blue|views.tea=n|views.cake=d"},
			{4, "colour=blue|views.tea=sa|views.cake=a"},
			{6, "views.tea=d|views.cake=sd"},
		}, false},
		{"small answers in large columns", []rowSpec{
			{12, "colour=red|why_red=yes|views.tea=sa|views.cake=a"},
			{12, "colour=red|why_red=no|views.tea=a|views.cake=a"},
			{3, "colour=red|why_red=no|views.tea=n|views.cake=sa"},
			{12, "colour=green|views.tea=sa|views.cake=d"},
			{11, "colour=green|views.tea=a|views.cake=d"},
			{8, "colour=green|views.tea=n|views.cake=sa"},
			{12, "colour=blue|views.tea=sa|views.cake=sd"},
			{12, "colour=blue|views.tea=a|views.cake=sd"},
		}, true},
	}
	for _, c := range cases {
		ds := build(t, def, c.rows...)
		r := mustReport(t, ds, Options{By: "colour"})
		if !keepsEveryone(t, ds, r, c.name) {
			t.Errorf("%s: fixture: the breakdown should have to hide cells", c.name)
		}
		assertSafeBounds(t, ds, r, c.name)
		if !c.publish {
			continue
		}
		all := mustReport(t, ds, Options{})
		if err := ds.Audit(r, nil); err != nil {
			t.Errorf("%s: the breakdown alone is refused: %v", c.name, err)
		}
		prior := []Prior{{Title: "Findings: everyone", PublishedOn: "2026-05-03", Report: all}}
		if err := ds.Audit(r, prior); err != nil {
			t.Errorf("%s: the breakdown beside the view without it is refused: %v", c.name, err)
		}
	}
}

var overallIterations = flag.Int("overall.iterations", 10, "random datasets TestBreakdownKeepsEveryoneRandom tries")

// TestBreakdownKeepsEveryoneRandom: over random datasets and every
// breakdown, the figures for everyone are those of the view without the
// breakdown; no hidden figure can be worked out (the linear attacker,
// and the inequality attacker for all but what the view without the
// breakdown gives away by itself); and when the audit lets the
// breakdown be published alone, it also lets it be published beside the
// view without it (the two views together give nothing more away).
func TestBreakdownKeepsEveryoneRandom(t *testing.T) {
	t.Parallel() // a few seconds of CPU and nothing shared: overlap the randomised attacks
	def := loadDef(t, "tiny.json")
	rng := rand.New(rand.NewPCG(10, 8))
	views, hid, published := 0, 0, 0
	for iter := range *overallIterations {
		n := 11 + rng.IntN(80)
		noColour := []float64{0, 0.03, 0.2}[rng.IntN(3)]
		specs := randomRows(rng, n, noColour, rng.Float64()*0.1)
		ds := build(t, def, specs...)
		var filters []Filter
		if rng.IntN(3) == 0 {
			cs := []string{"red", "green", "blue"}
			rng.Shuffle(len(cs), func(i, j int) { cs[i], cs[j] = cs[j], cs[i] })
			filters = []Filter{{Question: "colour", Codes: cs[:2]}}
		}
		all := mustReport(t, ds, Options{Filters: filters})
		for _, by := range []string{"colour", "views.tea", "pets", "why_red"} {
			where := fmt.Sprintf("iteration %d, by %q", iter, by)
			r := mustReport(t, ds, Options{Filters: filters, By: by})
			views++
			if keepsEveryone(t, ds, r, where) {
				hid++
			}
			assertSafeBounds(t, ds, r, where)
			if ds.CheckView(Options{Filters: filters}) != nil || ds.Audit(r, nil) != nil {
				continue
			}
			prior := []Prior{{Title: "everyone", PublishedOn: "2026-05-03", Report: all}}
			if err := ds.Audit(r, prior); err != nil {
				t.Errorf("%s: published alone, but refused beside the view without the breakdown: %v", where, err)
			}
			published++
			if t.Failed() {
				return
			}
		}
	}
	if hid == 0 || published == 0 {
		t.Errorf("%d views hid cells of their own and %d published: the test needs both", hid, published)
	}
	t.Logf("%d breakdown views: %d hid cells of their own, every one keeping the figures for everyone; %d passed the audit alone and beside the view without the breakdown", views, hid, published)
}
