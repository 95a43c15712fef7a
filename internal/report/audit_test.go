package report

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// demoAttackN responses of demo data put 6 people in the East of England.
const demoAttackN = 1700

func filters(t testing.TB, ss ...string) []Filter {
	t.Helper()
	var fs []Filter
	for _, s := range ss {
		f, err := ParseFilter(s)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, f)
	}
	return fs
}

const (
	allRegions    = "region=east_of_england,london,east_midlands,west_midlands,north_east,north_west,south_east,south_west,yorkshire_humber"
	allButEast    = "region=london,east_midlands,west_midlands,north_east,north_west,south_east,south_west,yorkshire_humber"
	allButLondon  = "region=east_of_england,east_midlands,west_midlands,north_east,north_west,south_east,south_west,yorkshire_humber"
	londonOnly    = "region=london"
	sevenRegions  = "region=east_midlands,west_midlands,north_east,north_west,south_east,south_west,yorkshire_humber"
	eastOfEngland = "region=east_of_england"
)

// subtract returns a's count minus b's for every option of question id
// that both show: the differencing attack.
func subtract(t *testing.T, a, b *Report, id string) map[string]int {
	t.Helper()
	out := map[string]int{}
	qa, qb := question(t, a, id), question(t, b, id)
	for i, o := range qa.Options {
		if o.Count != nil && qb.Options[i].Count != nil {
			out[o.Code] = *o.Count - *qb.Options[i].Count
		}
	}
	return out
}

func TestDifferencingAttackIsRefused(t *testing.T) {
	ds := demoDataset(t, demoAttackN, false)
	east := mustReport(t, ds, Options{Filters: filters(t, eastOfEngland), Unsuppressed: true})
	if intp(east.Respondents) != 6 {
		t.Fatalf("fixture: %d people in the East of England, want 6", intp(east.Respondents))
	}
	a := mustReport(t, ds, Options{Filters: filters(t, allRegions)})
	b := mustReport(t, ds, Options{Filters: filters(t, allButEast)})
	// Each view is safe alone, and the attack works on them: their
	// difference is the six people's answers.
	for _, r := range []*Report{a, b} {
		if r.Suppressed {
			t.Fatal("fixture: a view is suppressed")
		}
		if err := ds.Audit(r, nil); err != nil {
			t.Fatalf("%v alone: %v", r.Filters, err)
		}
	}
	got := subtract(t, a, b, "occupation")
	for _, o := range question(t, east, "occupation").Options {
		if got[o.Code] != *o.Count {
			t.Fatalf("fixture: the attack does not recover %s (%d, want %d)", o.Code, got[o.Code], *o.Count)
		}
	}
	err := ds.Audit(b, []Prior{{Title: "Findings: all regions", PublishedOn: "2026-05-03", Report: a}})
	var de *DisclosureError
	if !errors.As(err, &de) || !errors.Is(err, ErrDisclosure) {
		t.Fatalf("second view published: %v", err)
	}
	want := "This view and “Findings: all regions” (published 3 May 2026) differ by fewer than 11 people"
	if !strings.Contains(de.Reason, want) {
		t.Errorf("reason %q lacks %q", de.Reason, want)
	}
	// The other order, and the same attack with a breakdown.
	if ds.Audit(a, []Prior{{Title: "b", Report: b}}) == nil {
		t.Error("all regions published beside all but the East")
	}
	ab := mustReport(t, ds, Options{Filters: filters(t, allRegions), By: "occupation"})
	bb := mustReport(t, ds, Options{Filters: filters(t, allButEast), By: "occupation"})
	if ds.Audit(bb, []Prior{{Title: "a", Report: ab}}) == nil {
		t.Error("crosstabs published side by side")
	}
}

func TestThreeViewAttackIsRefused(t *testing.T) {
	ds := demoDataset(t, demoAttackN, false)
	all := mustReport(t, ds, Options{Filters: filters(t, allRegions)})
	london := mustReport(t, ds, Options{Filters: filters(t, londonOnly)})
	seven := mustReport(t, ds, Options{Filters: filters(t, sevenRegions)})
	priors := []Prior{{Title: "all", Report: all}, {Title: "London", Report: london}}
	if err := ds.Audit(london, priors[:1]); err != nil {
		t.Fatalf("London beside all: %v", err)
	}
	if err := ds.Audit(seven, priors[1:]); err != nil {
		t.Fatalf("seven regions beside London (disjoint): %v", err)
	}
	// Seven regions beside all regions alone is refused now: the East of
	// England and London (294 people) have counts of 1 to 10 among them.
	if err := ds.Audit(seven, priors); err == nil || !strings.Contains(err.Error(), "Together with “all”, this view would show a group of fewer than 11") {
		t.Fatalf("third view published: %v", err)
	}

	// The same attack where every derived group's figures are large or
	// none, so only the three views together single out the five.
	def := loadDef(t, "tiny.json")
	small := build(t, def,
		rowSpec{30, "colour=red|why_red=yes|pets=cat|views.tea=a|views.cake=a|say=x"},
		rowSpec{5, "colour=green|pets=cat|views.tea=a|views.cake=a|say=x"},
		rowSpec{30, "colour=blue|pets=cat|views.tea=a|views.cake=a|say=x"},
	)
	everyone := mustReport(t, small, Options{})
	red := mustReport(t, small, Options{Filters: filters(t, "colour=red")})
	blue := mustReport(t, small, Options{Filters: filters(t, "colour=blue")})
	ps := []Prior{{Title: "everyone", Report: everyone}, {Title: "red", Report: red}}
	if err := small.Audit(red, ps[:1]); err != nil {
		t.Fatalf("red beside everyone: %v", err)
	}
	if err := small.Audit(blue, ps[:1]); err != nil {
		t.Fatalf("blue beside everyone: %v", err)
	}
	if err := small.Audit(blue, ps); err == nil || !strings.Contains(err.Error(), "combined") {
		t.Fatalf("third view published: %v", err)
	}
}

func TestLargeDifferencePublishes(t *testing.T) {
	// Each colour answers alike, so every figure of every group the views
	// tell apart is 0 or at least 11.
	def := loadDef(t, "tiny.json")
	ds := build(t, def,
		rowSpec{30, "colour=red|why_red=yes|pets=cat|views.tea=a|views.cake=a|say=x"},
		rowSpec{25, "colour=green|pets=dog|views.tea=sa|views.cake=d"},
		rowSpec{20, "colour=blue|pets=cat;dog|tools=t1|views.tea=n|views.cake=sd|say=y"},
	)
	a := mustReport(t, ds, Options{})
	b := mustReport(t, ds, Options{Filters: filters(t, "colour=red,green")})
	if err := ds.CheckView(Options{Filters: b.Filters}); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	if err := ds.Audit(b, []Prior{{Title: "all", Report: a}}); err != nil {
		t.Fatalf("a view leaving out blue (20, all figures 0 or 20) refused: %v", err)
	}
	c := mustReport(t, ds, Options{By: "colour"})
	if err := ds.Audit(c, []Prior{{Title: "all", Report: a}, {Title: "not blue", Report: b}}); err != nil {
		t.Fatalf("a breakdown of a published view refused: %v", err)
	}
}

// TestDerivedGroupAttackIsRefused mounts the attack on a group that two
// published views tell apart: everyone, then the seven larger regions.
// The people outside those regions are many, but subtracting the views
// gives counts of 1 to 10 among them, and each is a small group.
func TestDerivedGroupAttackIsRefused(t *testing.T) {
	ds := demoDataset(t, demoAttackN, false)
	a := mustReport(t, ds, Options{})
	b := mustReport(t, ds, Options{Filters: filters(t, sevenRegions)})
	if err := ds.CheckView(Options{Filters: b.Filters}); err != nil {
		t.Fatalf("fixture: seven regions refused alone: %v", err)
	}
	for _, r := range []*Report{a, b} {
		if err := ds.Audit(r, nil); err != nil {
			t.Fatalf("%v alone: %v", r.Filters, err)
		}
	}
	// The attack works on these two: some count of the people outside the
	// seven regions comes to 1 to 10.
	rest := intp(a.Respondents) - intp(b.Respondents)
	found := ""
	for _, q := range a.Questions {
		if len(q.Options) == 0 || found != "" {
			continue
		}
		for code, d := range subtract(t, a, b, q.ID) {
			if d > 0 && d < 11 {
				found = fmt.Sprintf("%s=%s: %d of %d", q.ID, code, d, rest)
				break
			}
		}
	}
	if found == "" {
		t.Fatal("fixture: no small count among the people outside the seven regions")
	}
	t.Logf("recovered by subtraction: %s", found)
	err := ds.Audit(b, []Prior{{Title: "Findings: everyone", PublishedOn: "2026-05-03", Report: a}})
	want := "Together with “Findings: everyone” (published 3 May 2026), this view would show a group of fewer than 11 people: those of the " + thousands(rest) + " people counted in “Findings: everyone” (published 3 May 2026) but not in this view who"
	if !errors.Is(err, ErrDisclosure) || !strings.Contains(err.Error(), want) {
		t.Fatalf("seven regions published beside everyone: %v\nwant %q", err, want)
	}
	// The other order.
	if err := ds.Audit(a, []Prior{{Title: "seven", Report: b}}); !errors.Is(err, ErrDisclosure) {
		t.Fatalf("everyone published beside seven regions: %v", err)
	}
}

// A hidden cell of one view must not be given away by another view that
// shows the same people's figures with a different suppression pattern.
func TestSamePopulationOtherPattern(t *testing.T) {
	def := loadDef(t, "tiny.json")
	ds := build(t, def,
		rowSpec{30, "colour=red|why_red=yes|pets=cat"},
		rowSpec{3, "colour=green|pets=dog"},
		rowSpec{20, "colour=green|pets=cat"},
		rowSpec{25, "colour=blue|pets=cat"},
		rowSpec{14, "colour=blue|pets=dog"},
	)
	// By colour, green's dog (3) is hidden, and so, to protect it in the
	// row pets=dog, is blue's dog (14).
	byColour := mustReport(t, ds, Options{By: "colour"})
	blueOnly := mustReport(t, ds, Options{Filters: filters(t, "colour=blue")})
	if c := question(t, byColour, "pets").By[2]; c.Code != "blue" || c.Options[1].Count != nil {
		t.Fatalf("fixture: blue's dogs shown in the crosstab: %+v", c.Options[1])
	}
	if intp(option(t, question(t, blueOnly, "pets").Options, "dog").Count) != 14 {
		t.Fatal("fixture: blue's dogs hidden in the blue view")
	}
	err := ds.Audit(blueOnly, []Prior{{Title: "by colour", Report: byColour}})
	if err == nil || !strings.Contains(err.Error(), "give away") {
		t.Fatalf("blue published beside the crosstab: %v", err)
	}
}

func TestResponsesSincePublication(t *testing.T) {
	def := mapping(t)
	old := demoDataset(t, demoAttackN, false)
	now := demoDataset(t, demoAttackN+5, false)
	_ = def
	a := mustReport(t, old, Options{})
	b := mustReport(t, now, Options{Filters: filters(t, allRegions)})
	err := now.Audit(b, []Prior{{Title: "all", PublishedOn: "2026-05-03", Report: a}})
	if err == nil || !strings.Contains(err.Error(), "Responses have arrived") {
		t.Fatalf("published over five newcomers: %v", err)
	}
}

func TestFilterComplementRule(t *testing.T) {
	ds := demoDataset(t, demoAttackN, true)
	for _, fs := range [][]string{
		{allRegions},   // the East of England adds only 6 to the other eight
		{allButLondon}, // likewise
	} {
		err := ds.CheckView(Options{Filters: filters(t, fs...)})
		if !errors.Is(err, ErrDisclosure) {
			t.Errorf("%v: %v", fs, err)
		}
		// Comment lists follow the same rule.
		if _, err := ds.Comments(Options{Filters: filters(t, fs...)}, "benefits_comment"); !errors.Is(err, ErrDisclosure) {
			t.Errorf("comments of %v: %v", fs, err)
		}
	}
	// All regions against all but the East of England: the refusal names
	// the region that differs.
	if err := ds.CheckView(Options{Filters: filters(t, allRegions)}); err == nil || !strings.Contains(err.Error(), "“East of England” adds fewer than 11") {
		t.Errorf("all regions: %v", err)
	}
	// The base rule: a population may not leave out 1–10 of everyone.
	small := build(t, loadDef(t, "tiny.json"), rowSpec{20, "colour=red|why_red=yes"}, rowSpec{5, "colour=green"})
	if err := small.CheckView(Options{Filters: filters(t, "colour=red")}); !errors.Is(err, ErrDisclosure) {
		t.Errorf("red, leaving out 5 green: %v", err)
	}
	for _, fs := range [][]string{{}, {allButEast}, {londonOnly}, {sevenRegions, "occupation=clinical,administrative"}} {
		if err := ds.CheckView(Options{Filters: filters(t, fs...)}); err != nil {
			t.Errorf("%v refused: %v", fs, err)
		}
		if _, err := ds.Comments(Options{Filters: filters(t, fs...)}, "benefits_comment"); err != nil {
			t.Errorf("comments of %v refused: %v", fs, err)
		}
	}
}
