package wres

import (
	"strconv"
	"strings"
	"testing"
)

// addRows builds a Return through Add, the store's path, from lines
// "ORG YEAR measure eth value". It accepts what ReturnParser would refuse
// (appointments with no shortlisting rows), which a return stored before
// that check, or assembled from several uploads, can hold.
func addRows(t *testing.T, lines ...string) *Return {
	t.Helper()
	ret := NewReturn()
	for _, l := range lines {
		f := strings.Fields(l)
		year, _ := strconv.Atoi(f[1])
		m, ok1 := ParseMeasure(f[2])
		e, ok2 := ParseEthnicity(f[3])
		v, err := strconv.ParseInt(f[4], 10, 64)
		if !ok1 || !ok2 || err != nil {
			t.Fatalf("bad line %q", l)
		}
		if err := ret.Add(Row{Org: f[0], Year: year, Measure: m, Ethnicity: e, Value: v}); err != nil {
			t.Fatal(err)
		}
	}
	return ret
}

// Five organisations in London, 2024, each missing something.
func gappyReturn(t *testing.T) *Return {
	return addRows(t,
		// RA1 gives everything.
		"RA1 2024 headcount white 100", "RA1 2024 headcount bme 50",
		"RA1 2024 shortlisted white 40", "RA1 2024 shortlisted bme 40",
		"RA1 2024 appointed white 20", "RA1 2024 appointed bme 10",
		"RA1 2024 disciplinary white 5", "RA1 2024 disciplinary bme 5",
		"RA1 2024 training white 60", "RA1 2024 training bme 20",
		"RA1 2024 survey5_count white 10", "RA1 2024 survey5_base white 50",
		"RA1 2024 survey5_count bme 10", "RA1 2024 survey5_base bme 25",
		"RA1 2024 board_voting white 8", "RA1 2024 board_voting bme 2",
		// RB2 gives no training figures.
		"RB2 2024 headcount white 200", "RB2 2024 headcount bme 100",
		"RB2 2024 shortlisted white 60", "RB2 2024 shortlisted bme 60",
		"RB2 2024 appointed white 15", "RB2 2024 appointed bme 15",
		"RB2 2024 disciplinary white 4", "RB2 2024 disciplinary bme 6",
		"RB2 2024 survey5_count white 20", "RB2 2024 survey5_base white 100",
		"RB2 2024 survey5_count bme 12", "RB2 2024 survey5_base bme 40",
		// RC3 gives appointments but no shortlisting figures.
		"RC3 2024 headcount white 100", "RC3 2024 headcount bme 100",
		"RC3 2024 appointed white 10", "RC3 2024 appointed bme 5",
		"RC3 2024 disciplinary white 10", "RC3 2024 disciplinary bme 10",
		"RC3 2024 training white 50", "RC3 2024 training bme 40",
		// RD4 gives no disciplinary figures.
		"RD4 2024 headcount white 300", "RD4 2024 headcount bme 100",
		"RD4 2024 shortlisted white 100", "RD4 2024 shortlisted bme 50",
		"RD4 2024 appointed white 25", "RD4 2024 appointed bme 10",
		"RD4 2024 training white 150", "RD4 2024 training bme 30",
		// RE5 gives shortlisting but no appointments, and a survey base
		// with no count.
		"RE5 2024 headcount white 100", "RE5 2024 headcount bme 100",
		"RE5 2024 shortlisted white 50", "RE5 2024 shortlisted bme 50",
		"RE5 2024 disciplinary white 2", "RE5 2024 disciplinary bme 3",
		"RE5 2024 training white 40", "RE5 2024 training bme 30",
		"RE5 2024 survey5_base white 30", "RE5 2024 survey5_base bme 30",
	)
}

func pooledCount(t *testing.T, what string, got *int, want int) {
	t.Helper()
	if got == nil || *got != want {
		t.Errorf("%s organisations pooled = %v, want %d", what, got, want)
	}
}

func count(t *testing.T, what string, p Proportion, n, base int64) {
	t.Helper()
	if p.Count == nil || p.Base == nil || *p.Count != n || *p.Base != base {
		t.Errorf("%s = %v of %v, want %d of %d", what, p.Count, p.Base, n, base)
	}
}

// pooledRL checks a pooled relative likelihood against figures worked out
// by hand: the White and BME counts of their bases, the value, its
// interval and whether it is significant, and how many organisations
// were pooled.
func pooledRL(t *testing.T, what string, rl RelativeLikelihood, white, bme [2]int64, value, lo, hi float64, significant bool, pooled int) {
	t.Helper()
	count(t, what+" white", rl.White, white[0], white[1])
	count(t, what+" bme", rl.BME, bme[0], bme[1])
	eq(t, what, rl.Value, value)
	ci(t, what, rl, lo, hi, significant)
	pooledCount(t, what, rl.OrganisationsPooled, pooled)
}

func TestPoolingOnlyOrganisationsWithTheFigures(t *testing.T) {
	ret := gappyReturn(t)
	london := func(string) string { return "Y56" }
	y := london2024(t, ret, london, 5)
	pooledCount(t, "indicator 1", y.Indicator1.OrganisationsPooled, 5)

	// Indicator 2 pools RA1, RB2 and RD4; RC3 (no shortlisting) and RE5
	// (no appointments) are left out.
	// White 20+15+25 = 60 appointed of 40+60+100 = 200 shortlisted;
	// BME 10+15+10 = 35 of 40+60+50 = 150.
	// RL = (60/200)/(35/150) = 9000/7000 = 1.285714…
	// var = 1/60 − 1/200 + 1/35 − 1/150 = 0.0335714; se = 0.1832251;
	// exp(ln 1.285714 ∓ 1.96·se) = 0.8978 to 1.8412.
	// (Pooling everyone gave (70/250)/(40/200) = 1.4.)
	pooledRL(t, "indicator 2", y.Indicator2, [2]int64{60, 200}, [2]int64{35, 150}, 1.2857, 0.8978, 1.8412, false, 3)

	// Indicator 3 pools RA1, RB2, RC3 and RE5; RD4 gave no disciplinary
	// figures. No 2023, so every one is single year.
	// BME 5+6+10+3 = 24 of 50+100+100+100 = 350; White 5+4+10+2 = 21 of
	// 100+200+100+100 = 500. RL = (24/350)/(21/500) = 12000/7350 = 1.632653…
	// var = 1/24 − 1/350 + 1/21 − 1/500 = 0.0844286; se = 0.290566;
	// interval 0.9238 to 2.8856. Outside 0.80–1.25.
	i3 := y.Indicator3
	pooledRL(t, "indicator 3", i3.RelativeLikelihood, [2]int64{21, 500}, [2]int64{24, 350}, 1.6327, 0.9238, 2.8856, false, 4)
	if i3.SingleYear == nil || !*i3.SingleYear || i3.SingleYearOrganisations != 4 || i3.NonAdverse == nil || *i3.NonAdverse {
		t.Errorf("indicator 3 flags: single %v (%d), non-adverse %v", i3.SingleYear, i3.SingleYearOrganisations, i3.NonAdverse)
	}

	// Indicator 4 pools RA1, RC3, RD4 and RE5; RB2 gave no training
	// figures, so its 300 staff stay out of the base.
	// White 60+50+150+40 = 300 of 100+100+300+100 = 600 (50%);
	// BME 20+40+30+30 = 120 of 50+100+100+100 = 350 (34.2857%).
	// RL = 0.5/0.342857 = 105000/72000 = 1.458333…
	// var = 1/300 − 1/600 + 1/120 − 1/350 = 0.0071429; se = 0.0845154;
	// interval 1.2357 to 1.7211: significant.
	// (With RB2's headcount: (300/800)/(120/450) = 1.4063.)
	pooledRL(t, "indicator 4", y.Indicator4, [2]int64{300, 600}, [2]int64{120, 350}, 1.4583, 1.2357, 1.7211, true, 4)

	// Indicator 5 pools RA1 and RB2; RE5 gave a base and no count.
	// White 10+20 = 30 of 50+100 = 150 (20%); BME 10+12 = 22 of 25+40 =
	// 65 (33.8462%); difference 33.8462 − 20 = 13.8462 points.
	i5 := y.Indicator5
	count(t, "indicator 5 white", i5.White, 30, 150)
	count(t, "indicator 5 bme", i5.BME, 22, 65)
	eq(t, "indicator 5", i5.DifferencePoints, 13.8462)
	pooledCount(t, "indicator 5", i5.OrganisationsPooled, 2)
	pooledCount(t, "indicator 6", y.Indicator6.OrganisationsPooled, 0)

	// Indicator 9: only RA1 gave a voting board, 2 BME of 10 (20%), so it
	// is set against RA1's workforce, 50 BME of 150 (33.3333%), not the
	// region's 450 of 1,250 (36%): 20 − 33.3333 = −13.3333 points.
	i9 := y.Indicator9
	count(t, "workforce", i9.WorkforceBME, 450, 1250)
	count(t, "voting board", i9.Voting.BME, 2, 10)
	if i9.Voting.WorkforceBME == nil {
		t.Fatal("voting board: no workforce of its own")
	}
	count(t, "voting board's workforce", *i9.Voting.WorkforceBME, 50, 150)
	eq(t, "indicator 9 voting", i9.Voting.DifferencePoints, -13.3333)
	pooledCount(t, "indicator 9 voting", i9.Voting.OrganisationsPooled, 1)

	// The distribution sees each organisation alone: indicator 4 for RA1
	// (60/100)/(20/50) = 1.5, RC3 (50/100)/(40/100) = 1.25, RD4
	// (150/300)/(30/100) = 1.6667, RE5 (40/100)/(30/100) = 1.3333; RB2 has
	// none. Median of 1.25, 1.3333, 1.5, 1.6667 = 1.41667.
	if d := y.Distribution.Indicator4; d.Computable != 4 || d.Quartiles == nil || d.Quartiles.Median != 1.4167 {
		t.Errorf("indicator 4 spread %+v", d)
	}

	// The nation's per-region figures pool the same way.
	nat, err := Compute(ret, Scope{Kind: ScopeNational}, 2024, 2024, london)
	if err != nil {
		t.Fatal(err)
	}
	if br := nat.Years[0].Distribution.ByRegion; len(br) != 1 {
		t.Fatalf("by region %+v", br)
	} else {
		eq(t, "London indicator 2", br[0].Indicator2, 1.2857)
		eq(t, "London indicator 4", br[0].Indicator4, 1.4583)
	}

	// An organisation's own report has no pooled counts.
	org, err := Compute(ret, Scope{Kind: ScopeOrganisation, Code: "RB2"}, 2024, 2024, nil)
	if err != nil {
		t.Fatal(err)
	}
	if o := org.Years[0]; o.Indicator4.OrganisationsPooled != nil || o.Indicator4.NotComputable != "no training figures for 2024" {
		t.Errorf("RB2 indicator 4: %+v", o.Indicator4)
	}
}

func TestPoolingWhenNoOrganisationGaveBoth(t *testing.T) {
	// One gives training and no headcount, the other headcount and no
	// training: each measure is given, but no organisation gave both.
	ret := addRows(t,
		"RA1 2024 training white 5", "RA1 2024 training bme 5",
		"RB2 2024 headcount white 50", "RB2 2024 headcount bme 50",
	)
	rep, err := Compute(ret, Scope{Kind: ScopeNational}, 2024, 2024, nil)
	if err != nil {
		t.Fatal(err)
	}
	y := rep.Years[0]
	isNull(t, "indicator 4", y.Indicator4.Value)
	if want := "no organisation gave both training and headcount figures for 2024"; y.Indicator4.NotComputable != want {
		t.Errorf("indicator 4: %q, want %q", y.Indicator4.NotComputable, want)
	}
	pooledCount(t, "indicator 4", y.Indicator4.OrganisationsPooled, 0)
	// Indicator 3 is not computable (no disciplinary figures), so it says
	// nothing about single years.
	if y.Indicator3.SingleYear != nil || y.Indicator3.NonAdverse != nil {
		t.Errorf("indicator 3 single_year %v, non_adverse %v, want null", y.Indicator3.SingleYear, y.Indicator3.NonAdverse)
	}
}
