package maturity

import (
	"errors"
	"strings"
	"testing"
	"time"

	"staffnet/internal/network"
	"staffnet/internal/report"
	"staffnet/internal/report/render"
)

func result(year, level int) network.Result {
	s := network.AreaScore{Answered: 1, Level: level}
	r := network.Result{Date: time.Date(year, 6, 1, 0, 0, 0, 0, time.UTC), Overall: s}
	s.Area = "commitment"
	r.Areas = []network.AreaScore{s}
	return r
}

// fixture is 25 networks, worked by hand:
//
//	region: London (Y56) 14, South West (Y58) 8, South East (Y59) 3;
//	overall level (latest): Developing (2) for networks 0–11 (12),
//	Established (3) for 12–24 (13); commitment the same;
//	sponsor: 0–12 (13 of 25, 52%); current terms: 0–10 (11, 44%);
//	work plan: all 25 (100%);
//	facility time at least half a day: 0–11 (12 of 25, 48%);
//	budget: 11–24 (14 of 25, 56%);
//	rule A fires for 0–13 (14, so "none" is 11) and is accepted by 0–11 (12);
//	assessed in 2024 as well: 0–11 (12), all at Starting (1).
func fixture(rules []network.Rule) []Network {
	var nets []Network
	for i := range 25 {
		n := Network{Org: "R" + string(rune('A'+i)), Type: network.TypeBME, WorkPlan: true, HasSponsor: i <= 12, TermsCurrent: i <= 10, FacilityTime: i <= 11, Budget: i >= 11}
		switch {
		case i < 14:
			n.Region = "Y56"
		case i < 22:
			n.Region = "Y58"
		default:
			n.Region = "Y59"
		}
		level := 3
		if i < 12 {
			level = 2
			n.Results = append(n.Results, result(2024, 1))
			n.Accepted = []string{rules[0].ID}
		}
		n.Results = append(n.Results, result(2025, level))
		if i < 14 {
			n.Fired = []string{rules[0].ID}
		}
		nets = append(nets, n)
	}
	return nets
}

func optionCount(t *testing.T, rep *report.Report, q, code string) *int {
	t.Helper()
	for _, qq := range rep.Questions {
		if qq.ID != q {
			continue
		}
		for _, o := range qq.Options {
			if o.Code == code {
				return o.Count
			}
		}
	}
	t.Fatalf("no %s.%s in the report", q, code)
	return nil
}

func percent(t *testing.T, rep *report.Report, q, code string) float64 {
	t.Helper()
	for _, qq := range rep.Questions {
		for _, o := range qq.Options {
			if qq.ID == q && o.Code == code && o.Percent != nil {
				return *o.Percent
			}
		}
	}
	t.Fatalf("no percent for %s.%s", q, code)
	return 0
}

// defaults is the shipped questionnaire and rules.
func defaults(t *testing.T) (*network.Questionnaire, *network.RuleSet) {
	t.Helper()
	q, rs, err := network.Defaults()
	if err != nil {
		t.Fatal(err)
	}
	return q, rs
}

func TestPictureHandComputed(t *testing.T) {
	q, rs := defaults(t)
	p := New(q, rs.Rules)
	nets := fixture(rs.Rules)
	def, err := p.Definition(nets)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := p.Current(def, nets, "")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ds.Report(report.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Respondents == nil || *rep.Respondents != 25 {
		t.Fatalf("networks: %v", rep.Respondents)
	}
	for _, c := range []struct {
		q, code string
		want    *int
	}{
		{"overall", "level_2", ptr(12)}, {"overall", "level_3", ptr(13)},
		{"area_commitment", "level_2", ptr(12)}, {"area_commitment", "level_3", ptr(13)},
		{"sponsor", "yes", ptr(13)}, {"sponsor", "no", ptr(12)},
		{"terms_current", "yes", ptr(11)}, {"terms_current", "no", ptr(14)},
		{"work_plan", "yes", ptr(25)},
		{"facility_time", "yes", ptr(12)}, {"facility_time", "no", ptr(13)},
		{"budget", "yes", ptr(14)}, {"budget", "no", ptr(11)},
		{"rec_fired", rs.Rules[0].ID, ptr(14)}, {"rec_fired", "none", ptr(11)},
		{"rec_accepted", rs.Rules[0].ID, ptr(12)}, {"rec_accepted", "none", ptr(13)},
	} {
		got := optionCount(t, rep, c.q, c.code)
		if got == nil || *got != *c.want {
			t.Errorf("%s %s: %v, want %d", c.q, c.code, got, *c.want)
		}
	}
	for _, c := range []struct {
		q    string
		want float64
	}{{"sponsor", 52}, {"terms_current", 44}, {"work_plan", 100}, {"facility_time", 48}, {"budget", 56}} {
		if got := percent(t, rep, c.q, "yes"); got < c.want-1e-9 || got > c.want+1e-9 {
			t.Errorf("share %s: %v, want %v", c.q, got, c.want)
		}
	}
	// A region of 14 shows; its complement (11) is big enough.
	f, _ := report.ParseFilter("region=y56")
	if london, err := ds.Report(report.Options{Filters: []report.Filter{f}}); err != nil || london.Respondents == nil || *london.Respondents != 14 {
		t.Errorf("London: %v %+v", err, london)
	}
	// A region of 8 networks is suppressed, and cannot be had by
	// difference either: its complement view is refused.
	f, _ = report.ParseFilter("region=y58")
	sw, err := ds.Report(report.Options{Filters: []report.Filter{f}, Unit: Unit})
	if err != nil || sw.Respondents != nil || !sw.Suppressed {
		t.Fatalf("South West (8 networks) not suppressed: %v %+v", err, sw)
	}
	// The words say networks, not people.
	parts, err := render.HTMLParts(sw)
	if err != nil {
		t.Fatal(err)
	}
	if all := parts.Summary + parts.Questions; !strings.Contains(all, "Fewer than 11 networks") || strings.Contains(all, "people") {
		t.Errorf("suppressed region's words: %s", all)
	}
	f, _ = report.ParseFilter("region=y56,y59")
	var refused *report.DisclosureError
	if err := ds.CheckView(report.Options{Filters: []report.Filter{f}, Unit: Unit}); !errors.As(err, &refused) {
		t.Errorf("London and South East together (17) leave 8: the view must be refused, got %v", err)
	} else if !strings.Contains(refused.Reason, "of the 25 networks") || strings.Contains(refused.Reason, "people") {
		t.Errorf("refusal's words: %s", refused.Reason)
	}

	// Over time: 12 networks in 2024 (all Starting), 25 in 2025.
	hist, err := p.History(def, nets, "")
	if err != nil {
		t.Fatal(err)
	}
	byYear, err := hist.Report(report.Options{By: "year"})
	if err != nil {
		t.Fatal(err)
	}
	Only(byYear, "overall")
	if len(byYear.Questions) != 1 {
		t.Fatalf("Only kept %d questions", len(byYear.Questions))
	}
	bases := map[string]int{}
	for _, col := range byYear.Questions[0].By {
		if col.Base != nil {
			bases[col.Code] = *col.Base
		}
	}
	if bases["y2024"] != 12 || bases["y2025"] != 25 {
		t.Errorf("bases by year: %v", bases)
	}

	// An organisation's own view marks its networks; with one network it
	// is suppressed.
	ds, err = p.Current(def, nets, "RA")
	if err != nil {
		t.Fatal(err)
	}
	f, _ = report.ParseFilter("org=" + ThisOrg)
	if rep, err := ds.Report(report.Options{Filters: []report.Filter{f}}); err != nil || rep.Respondents != nil || !rep.Suppressed {
		t.Errorf("one network's organisation: %v %+v", err, rep)
	}
}

func ptr(n int) *int { return &n }
