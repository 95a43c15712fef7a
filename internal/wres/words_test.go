package wres

import "testing"

func TestCompositionLabel(t *testing.T) {
	for _, c := range []struct{ g, b, want string }{
		{"clinical", "band_5", "Clinical, Band 5"},
		{"non_clinical", "band_8a", "Non-clinical, Band 8a"},
		{"non_clinical", "vsm", "Non-clinical, Very senior manager"},
		{"medical", "non_consultant_career_grade", "Medical, Non-consultant career grade"},
		{"", "", "Whole workforce"},
	} {
		if got := (Composition{StaffGroup: c.g, Band: c.b}).Label(); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.g, c.b, got, c.want)
		}
	}
}

func TestImpact(t *testing.T) {
	v := func(f float64) *float64 { return &f }
	for _, c := range []struct {
		value float64
		want  Impact
	}{
		{1.25, Impact{Known: true}},
		{0.8, Impact{Known: true}},
		{1.2501, Impact{true, true, "BME applicants"}},
		{0.7999, Impact{true, true, "White applicants"}},
	} {
		if got := (RelativeLikelihood{Value: v(c.value)}).Impact("applicants"); got != c.want {
			t.Errorf("%v: %+v, want %+v", c.value, got, c.want)
		}
	}
	if got := (RelativeLikelihood{}).Impact("staff"); got.Known || got.Label() != "" {
		t.Errorf("null ratio judged: %+v", got)
	}
	// 5, 6 and 8: more BME staff reporting the bad experience is adverse;
	// 7: fewer BME staff believing in equal opportunities is. A difference
	// that shows as 0.0 is not.
	for _, c := range []struct {
		id      IndicatorID
		diff    float64
		adverse bool
	}{
		{5, 11.25, true}, {5, -3, false}, {5, 0.04, false}, {6, 0.05, true},
		{7, -15, true}, {7, 2, false}, {8, 10, true},
	} {
		got := (SurveyIndicator{DifferencePoints: v(c.diff)}).Impact(c.id)
		if !got.Known || got.Adverse != c.adverse {
			t.Errorf("indicator %d, %v points: %+v, want adverse %v", c.id, c.diff, got, c.adverse)
		}
	}
	if got := (BoardShare{DifferencePoints: v(-10.7843)}).Impact(); !got.Adverse || got.Label() != "Adverse impact" || got.Detail() != "on BME people" {
		t.Errorf("board below the workforce: %+v", got)
	}
	if got := (BoardShare{DifferencePoints: v(2)}).Impact(); got.Adverse || got.Label() != "No adverse impact" {
		t.Errorf("board above the workforce: %+v", got)
	}
}

func TestMeaningsAndRules(t *testing.T) {
	for i := IndicatorID(1); i <= NumIndicators; i++ {
		if i.Meaning() == "" {
			t.Errorf("indicator %d has no meaning", i)
		}
		if (i.ImpactRule() == "") != (i == 1) {
			t.Errorf("indicator %d impact rule %q", i, i.ImpactRule())
		}
	}
}
