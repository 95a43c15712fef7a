package wres

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// build makes a Return from compact lines "ORG YEAR measure eth [group band] value".
func build(t *testing.T, lines ...string) *Return {
	t.Helper()
	var b strings.Builder
	b.WriteString(header)
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) == 5 {
			f = []string{f[0], f[1], f[2], f[3], "", "", f[4]}
		}
		b.WriteString(strings.Join(f, ",") + "\n")
	}
	ret, err := parseText(b.String())
	if err != nil {
		t.Fatal(err)
	}
	return ret
}

func orgYear(t *testing.T, ret *Return, org string, year int) Indicators {
	t.Helper()
	rep, err := Compute(ret, Scope{Kind: ScopeOrganisation, Code: org}, year, year, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep.Years[0]
}

func eq(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s = null, want %v", what, want)
	} else if math.Abs(*got-want) > 1e-9 {
		t.Errorf("%s = %v, want %v", what, *got, want)
	}
}

func isNull(t *testing.T, what string, got *float64) {
	t.Helper()
	if got != nil {
		t.Errorf("%s = %v, want null", what, *got)
	}
}

func ci(t *testing.T, what string, rl RelativeLikelihood, lo, hi float64, sig bool) {
	t.Helper()
	if rl.CI95 == nil {
		t.Fatalf("%s: no ci95 (%s)", what, rl.CINotComputable)
	}
	if rl.CI95.Lower != lo || rl.CI95.Upper != hi {
		t.Errorf("%s ci95 = %+v, want [%v, %v]", what, *rl.CI95, lo, hi)
	}
	if rl.Significant == nil || *rl.Significant != sig {
		t.Errorf("%s significant = %v, want %v", what, rl.Significant, sig)
	}
}

// The worked example of docs/wres.md: testdata/example-return.csv.
func TestExample2024(t *testing.T) {
	y := orgYear(t, exampleReturn(t), "RX9", 2024)

	// Indicator 1. Workforce = sum of the six posts: white 120+80+20+90+15+20
	// = 345, bme 60+30+4+25+3+18 = 140, unknown 10+5+1+5+2+2 = 25; total 510.
	w := y.Indicator1.Workforce
	if *w.Total != 510 || *w.Count.White != 345 || *w.Count.BME != 140 || *w.Count.Unknown != 25 {
		t.Errorf("workforce %d: %d %d %d", *w.Total, *w.Count.White, *w.Count.BME, *w.Count.Unknown)
	}
	eq(t, "workforce white %", w.Percent.White, 67.6471) // 345/510 = 67.647058…
	eq(t, "workforce bme %", w.Percent.BME, 27.451)      // 140/510 = 27.450980…
	eq(t, "workforce unknown %", w.Percent.Unknown, 4.902)
	if len(y.Indicator1.Posts) != 6 {
		t.Fatalf("%d posts", len(y.Indicator1.Posts))
	}
	// Clinical band 5 rolls up codes: white A 100 + C 20; bme H 30 + N 30;
	// unknown Z 6 + 99 4; total 190; bme 60/190 = 31.5789…%.
	p := y.Indicator1.Posts[0]
	if p.StaffGroup != "clinical" || p.Band != "band_5" || *p.Total != 190 || *p.Count.White != 120 || *p.Count.BME != 60 || *p.Count.Unknown != 10 {
		t.Errorf("clinical band 5: %+v", p)
	}
	eq(t, "clinical band 5 bme %", p.Percent.BME, 31.5789)

	// Indicator 2: (50/200) / (20/150) = 0.25 / 0.13333 = 1.875.
	// var = 1/50 − 1/200 + 1/20 − 1/150 = 0.0583333; se = 0.2415229;
	// ln 1.875 = 0.6286087; ± 1.96·se = ± 0.4733850;
	// exp(0.1552237) = 1.1679, exp(1.1019937) = 3.0102.
	// Unknown (12 shortlisted, 3 appointed) is left out.
	eq(t, "indicator 2", y.Indicator2.Value, 1.875)
	ci(t, "indicator 2", y.Indicator2, 1.1679, 3.0102, true)
	eq(t, "indicator 2 white rate", y.Indicator2.White.Percent, 25)
	eq(t, "indicator 2 bme rate", y.Indicator2.BME.Percent, 13.3333)

	// Indicator 3, rolling 2023+2024: bme entries 4+5 = 9 of 130+140 = 270;
	// white 4+6 = 10 of 340+345 = 685. (9/270)/(10/685) = 2.28333.
	// var = 1/9 − 1/270 + 1/10 − 1/685 = 0.2059476; se = 0.4538145;
	// ln 2.28333 = 0.8256 ; exp(0.8256 ∓ 0.8894764) = 0.9382, 5.5573.
	i3 := y.Indicator3
	eq(t, "indicator 3", i3.Value, 2.2833)
	ci(t, "indicator 3", i3.RelativeLikelihood, 0.9382, 5.5573, false)
	if i3.SingleYear == nil || *i3.SingleYear || len(i3.Years) != 2 || i3.Years[0] != 2023 || i3.NonAdverse == nil || *i3.NonAdverse {
		t.Errorf("indicator 3 years %v single %v non-adverse %v", i3.Years, i3.SingleYear, i3.NonAdverse)
	}
	if *i3.BME.Count != 9 || *i3.BME.Base != 270 || *i3.White.Count != 10 || *i3.White.Base != 685 {
		t.Errorf("indicator 3 sums %+v %+v", i3.BME, i3.White)
	}

	// Indicator 4: (200/345)/(60/140) = 0.5797101/0.4285714 = 1.3526570.
	// var = 1/200 − 1/345 + 1/60 − 1/140 = 0.0116253; se = 0.1078205;
	// exp(ln 1.352657 ∓ 0.2113282) = 1.0950, 1.6710.
	eq(t, "indicator 4", y.Indicator4.Value, 1.3527)
	ci(t, "indicator 4", y.Indicator4, 1.095, 1.671, true)

	// Indicators 5–8: BME% − White%.
	for i, want := range []struct{ w, b, d float64 }{
		{20, 31.25, 11.25}, // 40/200, 25/80
		{18, 25, 7},        // 36/200, 20/80
		{60, 45, -15},      // 120/200, 36/80
		{5, 15, 10},        // 10/200, 12/80
	} {
		s := []SurveyIndicator{y.Indicator5, y.Indicator6, y.Indicator7, y.Indicator8}[i]
		eq(t, "survey white", s.White.Percent, want.w)
		eq(t, "survey bme", s.BME.Percent, want.b)
		eq(t, "survey difference", s.DifferencePoints, want.d)
	}

	// Indicator 9: board voting 2 bme of 12 = 16.6667%; workforce 140/510 =
	// 27.4510%; difference −10.7843 points. Executive 1 of 6, the same.
	eq(t, "indicator 9 workforce", y.Indicator9.WorkforceBME.Percent, 27.451)
	eq(t, "indicator 9 voting", y.Indicator9.Voting.DifferencePoints, -10.7843)
	eq(t, "indicator 9 executive", y.Indicator9.Executive.DifferencePoints, -10.7843)
}

func TestExampleSingleYearAndTrend(t *testing.T) {
	rep, err := Compute(exampleReturn(t), Scope{Kind: ScopeOrganisation, Code: "RX9"}, 2020, 2030, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Years) != 2 {
		t.Fatalf("%d years", len(rep.Years))
	}
	y := rep.Years[0]
	// 2023 has no 2022: single year. (4/130)/(4/340) = 2.6154;
	// var = 1/4 − 1/130 + 1/4 − 1/340 = 0.4893665; se = 0.6995474;
	// exp(ln 2.615385 ∓ 1.3711129) = 0.6638, 10.3039.
	if y.Indicator3.SingleYear == nil || !*y.Indicator3.SingleYear || len(y.Indicator3.Years) != 1 || y.Indicator3.SingleYearOrganisations != 1 {
		t.Errorf("2023 indicator 3: %+v", y.Indicator3)
	}
	eq(t, "2023 indicator 3", y.Indicator3.Value, 2.6154)
	ci(t, "2023 indicator 3", y.Indicator3.RelativeLikelihood, 0.6638, 10.3039, false)
	if y.Change != nil {
		t.Error("first year has a change")
	}
	// 2023 indicator 2: (45/180)/(15/120) = 2; 2024: 1.875; change −0.125.
	c := rep.Years[1].Change
	if c == nil || c.FromYear != 2023 {
		t.Fatalf("change %+v", c)
	}
	eq(t, "change 2", c.Indicator2, -0.125)
	eq(t, "change 3", c.Indicator3, 2.2833-2.6154)
	eq(t, "change 4", c.Indicator4, 1.3527-1.4529)
	eq(t, "change workforce bme", c.Indicator1WorkforceBMEPts, 27.451-26)
	isNull(t, "change 5 (no 2023 survey)", c.Indicator5)
	eq(t, "change 9 voting", c.Indicator9Voting, -10.7843-(-17.6667))
	isNull(t, "change 9 executive", c.Indicator9Executive)
}

func TestZeroAndMissingCells(t *testing.T) {
	ret := build(t,
		"RX9 2024 headcount white 100",
		"RX9 2024 headcount bme 0",
		"RX9 2024 shortlisted white 10",
		"RX9 2024 shortlisted bme 5",
		"RX9 2024 appointed white 2", // no bme appointed row: 0
		"RX9 2024 training white 10",
		"RX9 2024 disciplinary white 0",
		"RX9 2024 survey5_count white 3",
		"RX9 2024 survey5_base white 10",
		"RX9 2024 survey5_base bme 0",
		"RX9 2024 board_voting unknown 3",
	)
	y := orgYear(t, ret, "RX9", 2024)
	cases := []struct {
		name string
		got  *float64
		why  string
		want string
	}{
		{"indicator 2", y.Indicator2.Value, y.Indicator2.NotComputable, "no BME applicants appointed from shortlisting, so the ratio would be zero or infinite"},
		{"indicator 3", y.Indicator3.Value, y.Indicator3.NotComputable, "no BME staff in post"},
		{"indicator 4", y.Indicator4.Value, y.Indicator4.NotComputable, "no BME staff in post"},
		{"indicator 5", y.Indicator5.DifferencePoints, y.Indicator5.NotComputable, "no BME respondents"},
		{"indicator 6", y.Indicator6.DifferencePoints, y.Indicator6.NotComputable, "no staff survey figures for indicator 6 in 2024"},
		{"indicator 9 voting", y.Indicator9.Voting.DifferencePoints, y.Indicator9.Voting.NotComputable, ""},
		{"indicator 9 executive", y.Indicator9.Executive.DifferencePoints, y.Indicator9.Executive.NotComputable, "no executive board figures for 2024"},
	}
	for _, c := range cases {
		if c.want == "" {
			continue
		}
		isNull(t, c.name, c.got)
		if c.why != c.want {
			t.Errorf("%s reason %q, want %q", c.name, c.why, c.want)
		}
	}
	// Board of 3, all unknown: 0% BME against 0% of the workforce = 0 points.
	eq(t, "indicator 9 voting", y.Indicator9.Voting.DifferencePoints, 0)
	// White survey percent still shown: 3/10.
	eq(t, "indicator 5 white", y.Indicator5.White.Percent, 30)

	// Zero white appointments: the ratio would be 0, which is not reported.
	ret = build(t, "RX9 2024 shortlisted white 10", "RX9 2024 shortlisted bme 5", "RX9 2024 appointed bme 1")
	y = orgYear(t, ret, "RX9", 2024)
	if y.Indicator2.Value != nil || y.Indicator2.NotComputable != "no White applicants appointed from shortlisting, so the ratio would be zero or infinite" {
		t.Errorf("indicator 2: %+v", y.Indicator2)
	}
	// Missing measures altogether.
	if y.Indicator1.NotComputable != "no headcount figures for 2024" || y.Indicator4.NotComputable != "no training figures for 2024" ||
		y.Indicator3.NotComputable != "no disciplinary figures for 2024" {
		t.Errorf("missing: %q / %q / %q", y.Indicator1.NotComputable, y.Indicator4.NotComputable, y.Indicator3.NotComputable)
	}
	ret = build(t, "RX9 2024 appointed bme 0", "RX9 2024 disciplinary bme 1")
	y = orgYear(t, ret, "RX9", 2024)
	if y.Indicator2.NotComputable != "no shortlisting figures for 2024" || y.Indicator3.NotComputable != "no headcount figures for 2024" {
		t.Errorf("missing: %q / %q", y.Indicator2.NotComputable, y.Indicator3.NotComputable)
	}
}

func TestConfidenceIntervalEdges(t *testing.T) {
	// Everyone appointed in both groups: variance 1/5−1/5+1/4−1/4 = 0, so
	// the interval is the point 1 itself, which includes 1.
	ret := build(t, "RX9 2024 shortlisted white 5", "RX9 2024 shortlisted bme 4", "RX9 2024 appointed white 5", "RX9 2024 appointed bme 4")
	y := orgYear(t, ret, "RX9", 2024)
	eq(t, "indicator 2", y.Indicator2.Value, 1)
	ci(t, "indicator 2", y.Indicator2, 1, 1, false)

	// More training events than staff: the ratio exists, the log-method
	// interval does not. (30/10)/(10/20) = 6.
	ret = build(t, "RX9 2024 headcount white 10", "RX9 2024 headcount bme 20", "RX9 2024 training white 30", "RX9 2024 training bme 10")
	y = orgYear(t, ret, "RX9", 2024)
	eq(t, "indicator 4", y.Indicator4.Value, 6)
	if y.Indicator4.CI95 != nil || y.Indicator4.Significant != nil || y.Indicator4.CINotComputable == "" {
		t.Errorf("indicator 4: %+v", y.Indicator4)
	}
}

func TestNonAdverseBoundaries(t *testing.T) {
	for _, c := range []struct {
		bmeEvents, bmeBase, whiteEvents, whiteBase int
		want                                       float64
		nonAdverse                                 bool
	}{
		{8, 100, 10, 100, 0.8, true},
		{10, 80, 10, 100, 1.25, true},
		{79, 1000, 100, 1000, 0.79, false},
		{126, 1000, 100, 1000, 1.26, false},
	} {
		ret := build(t,
			"RX9 2024 headcount white "+itoa(c.whiteBase), "RX9 2024 headcount bme "+itoa(c.bmeBase),
			"RX9 2024 disciplinary white "+itoa(c.whiteEvents), "RX9 2024 disciplinary bme "+itoa(c.bmeEvents))
		i3 := orgYear(t, ret, "RX9", 2024).Indicator3
		eq(t, "indicator 3", i3.Value, c.want)
		if i3.NonAdverse == nil || *i3.NonAdverse != c.nonAdverse {
			t.Errorf("%v: non-adverse %v, want %v", c.want, i3.NonAdverse, c.nonAdverse)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Three organisations in two regions.
func regionalReturn(t *testing.T) *Return {
	return build(t,
		// RA1, London: indicator 2 (30/60)/(20/80) = 2; indicator 3 (8/100)/(10/100) = 0.8.
		"RA1 2024 shortlisted white 60", "RA1 2024 shortlisted bme 80",
		"RA1 2024 appointed white 30", "RA1 2024 appointed bme 20",
		"RA1 2024 headcount white 100", "RA1 2024 headcount bme 100",
		"RA1 2024 disciplinary white 10", "RA1 2024 disciplinary bme 8",
		// RB2, London: indicator 2 (20/40)/(10/50) = 2.5; indicator 3 (10/80)/(10/100) = 1.25.
		"RB2 2024 shortlisted white 40", "RB2 2024 shortlisted bme 50",
		"RB2 2024 appointed white 20", "RB2 2024 appointed bme 10",
		"RB2 2024 headcount white 100", "RB2 2024 headcount bme 80",
		"RB2 2024 disciplinary white 10", "RB2 2024 disciplinary bme 10",
		// RC3, South West: indicator 2 (10/100)/(5/100) = 2, not significant;
		// indicator 3 (5/50)/(4/200) = 5. Its 2023 return has disciplinary figures too.
		"RC3 2024 shortlisted white 100", "RC3 2024 shortlisted bme 100",
		"RC3 2024 appointed white 10", "RC3 2024 appointed bme 5",
		"RC3 2024 headcount white 200", "RC3 2024 headcount bme 50",
		"RC3 2024 disciplinary white 4", "RC3 2024 disciplinary bme 5",
		"RC3 2023 headcount white 200", "RC3 2023 headcount bme 50",
		"RC3 2023 disciplinary white 4", "RC3 2023 disciplinary bme 5",
	)
}

var testRegions = map[string]string{"RA1": "Y56", "RB2": "Y56", "RC3": "Y58"}

func regionOf(org string) string { return testRegions[org] }

// london2024 computes region Y56's 2024 figures, which pool orgs
// organisations.
func london2024(t *testing.T, ret *Return, regionOf func(string) string, orgs int) Indicators {
	t.Helper()
	rep, err := Compute(ret, Scope{Kind: ScopeRegion, Code: "Y56"}, 2024, 2024, regionOf)
	if err != nil {
		t.Fatal(err)
	}
	y := rep.Years[0]
	if y.Organisations != orgs {
		t.Fatalf("%d organisations, want %d", y.Organisations, orgs)
	}
	return y
}

func TestRegionPooledAndDistribution(t *testing.T) {
	ret := regionalReturn(t)
	y := london2024(t, ret, regionOf, 2)
	// Pooled: white 50/100, bme 30/130: 0.5/0.2307692 = 2.1667.
	// var = 1/50 − 1/100 + 1/30 − 1/130 = 0.0356410; se = 0.1887883;
	// exp(ln 2.166667 ∓ 0.3700251) = 1.4966, 3.1368.
	eq(t, "pooled indicator 2", y.Indicator2.Value, 2.1667)
	ci(t, "pooled indicator 2", y.Indicator2, 1.4966, 3.1368, true)
	// Pooled indicator 3: bme 18/180, white 20/200 = 1.
	eq(t, "pooled indicator 3", y.Indicator3.Value, 1)
	if y.Indicator3.SingleYear == nil || !*y.Indicator3.SingleYear || y.Indicator3.SingleYearOrganisations != 2 {
		t.Errorf("pooled single year %+v", y.Indicator3)
	}
	d := y.Distribution
	// RA1: var 1/30−1/60+1/20−1/80 = 0.0541667, CI 1.2674–3.1560, above 1.
	// RB2: var 1/20−1/40+1/10−1/50 = 0.105, CI 1.3247–4.7181, above 1.
	if d.Organisations != 2 || d.Indicator2.Computable != 2 || d.Indicator2.SignificantlyAbove1 != 2 {
		t.Errorf("distribution 2: %+v", d.Indicator2)
	}
	if d.Indicator3.NonAdverse != 2 || d.Indicator3.AboveRange != 0 {
		t.Errorf("distribution 3: %+v", d.Indicator3)
	}
	if q := d.Indicator2.Quartiles; q == nil || q.Min != 2 || q.Q1 != 2.125 || q.Median != 2.25 || q.Q3 != 2.375 || q.Max != 2.5 {
		t.Errorf("quartiles %+v", q)
	}
	if d.Indicator4.Quartiles != nil || d.Indicator4.Computable != 0 {
		t.Errorf("indicator 4 spread %+v", d.Indicator4)
	}
	if len(d.ByOrganisation) != 2 || d.ByOrganisation[0].Org != "RA1" || d.ByRegion != nil {
		t.Errorf("by organisation %+v, by region %+v", d.ByOrganisation, d.ByRegion)
	}
}

func TestNational(t *testing.T) {
	ret := regionalReturn(t)
	rep, err := Compute(ret, Scope{Kind: ScopeNational}, 2024, 2024, regionOf)
	if err != nil {
		t.Fatal(err)
	}
	y := rep.Years[0]
	// Pooled: white 60/200, bme 35/230: 0.3/0.1521739 = 1.9714.
	eq(t, "national indicator 2", y.Indicator2.Value, 1.9714)
	// Indicator 3: RA1 and RB2 single year, RC3 rolling 2023+2024:
	// bme 8+10+10 = 28 of 100+80+100 = 280; white 10+10+8 = 28 of 100+100+400 = 600.
	// (28/280)/(28/600) = 2.1429.
	i3 := y.Indicator3
	eq(t, "national indicator 3", i3.Value, 2.1429)
	if i3.SingleYear == nil || *i3.SingleYear || i3.SingleYearOrganisations != 2 || len(i3.Years) != 2 {
		t.Errorf("national rolling %+v", i3)
	}
	d := y.Distribution
	// RC3's CI 0.7089–5.6422 includes 1.
	if d.Indicator2.SignificantlyAbove1 != 2 || d.Indicator2.NotSignificant != 1 {
		t.Errorf("spread 2 %+v", d.Indicator2)
	}
	// Values 2, 2, 2.5: Q1 at h = 0.5 → 2, median 2, Q3 at h = 1.5 → 2.25.
	if q := d.Indicator2.Quartiles; q.Q1 != 2 || q.Median != 2 || q.Q3 != 2.25 {
		t.Errorf("quartiles %+v", q)
	}
	// RC3 rolling: (10/100)/(8/400) = 5: above the range.
	if d.Indicator3.NonAdverse != 2 || d.Indicator3.AboveRange != 1 {
		t.Errorf("spread 3 %+v", d.Indicator3)
	}
	if len(d.ByRegion) != 2 || d.ByRegion[0].Region != "Y56" || d.ByRegion[0].Name != "London" || d.ByRegion[0].Organisations != 2 {
		t.Fatalf("by region %+v", d.ByRegion)
	}
	eq(t, "London indicator 2", d.ByRegion[0].Indicator2, 2.1667)
	golden(t, "national-report", rep)
}

func TestQuartiles(t *testing.T) {
	q := quartiles([]float64{4, 1, 3, 2})
	// h = 3p: Q1 at 0.75 → 1.75; median at 1.5 → 2.5; Q3 at 2.25 → 3.25.
	if *q != (Quartiles{1, 1.75, 2.5, 3.25, 4}) {
		t.Errorf("%+v", *q)
	}
	if q := quartiles([]float64{7}); *q != (Quartiles{7, 7, 7, 7, 7}) {
		t.Errorf("%+v", *q)
	}
}

func TestComputeErrors(t *testing.T) {
	ret := regionalReturn(t)
	if _, err := Compute(ret, Scope{Kind: ScopeOrganisation, Code: "NOPE"}, 2024, 2024, nil); err != ErrNoData {
		t.Errorf("unknown org: %v", err)
	}
	if _, err := Compute(ret, Scope{Kind: ScopeRegion, Code: "Y56"}, 2024, 2024, nil); err == nil {
		t.Error("region without regionOf")
	}
}
