package wres

import "testing"

func TestSuppress(t *testing.T) {
	rep, err := Compute(exampleReturn(t), Scope{Kind: ScopeOrganisation, Code: "RX9"}, 2023, 2024, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := Suppress(rep, DefaultThreshold)
	if rep.Suppression != nil || s.Suppression == nil || s.Suppression.Threshold != 11 {
		t.Fatal("suppression marker")
	}
	// The original is untouched.
	if rep.Years[1].Indicator1.Posts[2].Count.BME == nil {
		t.Fatal("Suppress changed its input")
	}
	y := s.Years[1]

	// Clinical band 8a: white 20, bme 4, unknown 1 of 25. bme and unknown
	// are below 11 and hidden, with their percents; shown, white would give
	// 25 − 20 = 5 staff who are not White, so it is hidden too. The total
	// stays.
	p := y.Indicator1.Posts[2]
	if p.Count.BME != nil || p.Count.Unknown != nil || p.Percent.BME != nil || p.Count.White != nil || p.Percent.White != nil || *p.Total != 25 {
		t.Errorf("band 8a: %+v", p)
	}
	// Non-clinical band 7: 15, 3, 2 of 20.
	// Clinical band 6: 80, 30, 5 of 115: only unknown is small, so the next
	// smallest (bme 30) is hidden as well, or 115 − 80 − 30 would give it away.
	p = y.Indicator1.Posts[1]
	if p.Count.Unknown != nil || p.Count.BME != nil || p.Count.White == nil || p.Percent.White == nil {
		t.Errorf("band 6 complementary: %+v", p)
	}
	// Unknown column: 10, 5, 1, 5, 2, 2 — all but clinical band 5 (10) are
	// small and 10 is small too, so every unknown count is hidden.
	for _, p := range y.Indicator1.Posts {
		if p.Count.Unknown != nil {
			t.Errorf("%s %s unknown shown", p.StaffGroup, p.Band)
		}
	}
	// Medical consultant: 20, 18, 2 → unknown hidden, and the smaller of the
	// others (bme 18) too.
	p = y.Indicator1.Posts[5]
	if p.Count.BME != nil || p.Count.White == nil {
		t.Errorf("consultant: %+v", p)
	}

	// Indicator 2 (50/200, 20/150) stands; indicator 3 rests on 9 BME and 10
	// White entries and is hidden, flag included.
	if y.Indicator2.Value == nil || y.Indicator2.Suppressed {
		t.Errorf("indicator 2 suppressed: %+v", y.Indicator2)
	}
	i3 := y.Indicator3
	if i3.Value != nil || i3.CI95 != nil || i3.Significant != nil || i3.NonAdverse != nil || !i3.Suppressed ||
		i3.BME.Count != nil || i3.BME.Base == nil || i3.NotComputable != "hidden: built on fewer than 11 people" {
		t.Errorf("indicator 3: %+v", i3)
	}
	// Indicator 8: white 10 of 200 is small.
	if y.Indicator8.DifferencePoints != nil || y.Indicator8.White.Percent != nil || y.Indicator8.BME.Percent == nil {
		t.Errorf("indicator 8: %+v", y.Indicator8)
	}
	if y.Indicator5.DifferencePoints == nil {
		t.Error("indicator 5 hidden")
	}
	// Boards of 12 and 6 people are hidden.
	if y.Indicator9.Voting.DifferencePoints != nil || !y.Indicator9.Voting.Suppressed || y.Indicator9.WorkforceBME.Percent == nil {
		t.Errorf("indicator 9: %+v", y.Indicator9)
	}
	// Changes are recomputed: indicator 3 is hidden in both years.
	if y.Change == nil || y.Change.Indicator3 != nil || y.Change.Indicator2 == nil {
		t.Errorf("change %+v", y.Change)
	}
	golden(t, "example-report-suppressed", s)

	// A threshold of 0 hides nothing.
	s0 := Suppress(rep, 0)
	if s0.Years[1].Indicator3.Value == nil || s0.Years[1].Indicator1.Posts[2].Count.Unknown == nil {
		t.Error("threshold 0 hid something")
	}
}

func TestSuppressDropsOrganisationList(t *testing.T) {
	rep, err := Compute(regionalReturn(t), Scope{Kind: ScopeNational}, 2024, 2024, regionOf)
	if err != nil {
		t.Fatal(err)
	}
	s := Suppress(rep, 11)
	if d := s.Years[0].Distribution; d.ByOrganisation != nil || d.Indicator2.Quartiles == nil || d.ByRegion != nil {
		t.Errorf("distribution %+v", d)
	}
}
