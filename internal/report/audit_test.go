package report

import (
	"errors"
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
	// Pairwise each is fine; all three give the East of England.
	if err := ds.Audit(seven, priors[1:]); err != nil {
		t.Fatalf("seven regions beside London: %v", err)
	}
	if err := ds.Audit(seven, priors); err == nil || !strings.Contains(err.Error(), "combined") {
		t.Fatalf("third view published: %v", err)
	}
}

func TestLargeDifferencePublishes(t *testing.T) {
	ds := demoDataset(t, demoAttackN, false)
	a := mustReport(t, ds, Options{Filters: filters(t, allRegions)})
	b := mustReport(t, ds, Options{Filters: filters(t, allButLondon)})
	if err := ds.Audit(b, []Prior{{Title: "all", Report: a}}); err != nil {
		t.Fatalf("a view leaving out London (hundreds) refused: %v", err)
	}
	c := mustReport(t, ds, Options{Filters: filters(t, allRegions), By: "occupation"})
	if err := ds.Audit(c, []Prior{{Title: "all", Report: a}, {Title: "not London", Report: b}}); err != nil {
		t.Fatalf("a breakdown of a published view refused: %v", err)
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
	// The pair: the second of the two views is refused alone.
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
