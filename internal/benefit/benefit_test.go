package benefit

import (
	"strings"
	"testing"
	"time"

	"staffnet/internal/budget"
	"staffnet/internal/consult"
	"staffnet/internal/facility"
	"staffnet/internal/members"
	"staffnet/internal/network"
)

func d(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

func TestBuildByHand(t *testing.T) {
	share := facility.Fraction(0.5)
	in := Input{
		Year: 2025,
		Time: &facility.NetworkFigures{Leaders: []facility.LeaderFigures{{Role: network.RoleChair, Share: &share}},
			Totals: facility.Totals{HoursUsed: 9750, HoursRecommended: 19500, Cost: 291622, OnCost: 65615, LeaderCount: 1}},
		Budget: budget.Summary{Allocated: 250050, Spent: 12999, Balance: 237051},
		Objectives: []network.Objective{{Title: "Reverse mentoring", Status: network.Done, WRESIndicator: 7}, {Title: "Newsletter", Status: network.Done},
			{Title: "Board paper", Status: network.InProgress}},
		Events:   []Event{{Start: d("2025-10-20"), SignUps: 40}, {Start: d("2025-03-31"), SignUps: 99}, {Start: d("2026-03-31"), SignUps: 2}},
		Meetings: []network.Meeting{{Start: d("2025-05-01"), Attendance: 12}, {Start: d("2026-04-01"), Attendance: 30}},
		Months:   []members.Month{{Month: "2025-04", Joined: 3, AlliesJoined: 1}, {Month: "2026-03", Joined: 2, Left: 1}, {Month: "2025-03", Joined: 50}},
		Totals:   members.Totals{Members: 40, Allies: 6},
		Evidence: consult.Evidence{Received: 4, Before: 3, Influenced: 2, Learnt: 2, Panels: 5, PanelsByType: []int{3, 1, 1}},
	}
	r := Build(in)
	fig := map[string]Figure{}
	for _, f := range append(r.Costs, r.Outcomes...) {
		fig[f.Name] = f
	}
	// By hand: facility time £2,916.22 + £656.15 on-cost = £3,572.37;
	// with £129.99 spent, £3,702.36 in all.
	for name, want := range map[string]string{
		"Facility time: cost of leaders' hours": "£2,916.22", "Budget: spent": "£129.99", "Budget: balance": "£2,370.51",
		"Total cost: facility time with on-cost, and budget spent": "£3,702.36",
		"Work-plan objectives done":                                "2", "of which linked to a WRES indicator": "1", "Events held": "2", "Sign-ups to those events": "42",
		"Network meetings held": "1", "Attendance at those meetings": "12", "Members now (allies included)": "40",
		"Allies now": "fewer than 11", "Joined in the year": "not shown", "Responses adopted in full or in part": "2",
		"Interview panels with network members": "3",
	} {
		if got := fig[name].Text; got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	if fig["Joined in the year"].Value != nil || fig["Members now (allies included)"].Value != 40 {
		t.Error("a suppressed count reaches the spreadsheet, or a shown one does not")
	}
	if !strings.Contains(r.Summary, "facility time £3,572.37 and budget spent £129.99; 2 objectives done (1 linked to WRES), 2 events") {
		t.Errorf("summary %q", r.Summary)
	}
	if r.TimeCost != 357237 || r.Spent != 12999 || r.Time == nil || r.Time.Leaders[0].Share.Percent() != "50%" {
		t.Errorf("what the page draws: time %d, spent %d, figures %+v", r.TimeCost, r.Spent, r.Time)
	}
	// 40 members of whom 35 allies: the 35 would give away the other 5,
	// so it is not shown, and not in the spreadsheet either.
	in.Totals.Allies = 35
	r = Build(in)
	for _, f := range r.Outcomes {
		if f.Name == "Allies now" && (f.Text != "not shown" || f.Value != nil) {
			t.Errorf("allies now: %q, %v", f.Text, f.Value)
		}
	}
	// A lead sees every count; the rows hold the figures as numbers.
	in.FullCounts = true
	r = Build(in)
	for _, row := range r.Rows() {
		if row[2] == "Joined in the year" && row[3] != 5 {
			t.Errorf("joined: %v", row)
		}
	}
}

// TestYearHidesWithheldMonths: the members page shows April's 15 and
// June's 12 joiners and withholds May's 3, so the year's 30 would give
// May away; it is not shown (nor in the spreadsheet) to a sponsor, and
// shown once May's joiners are 11.
func TestYearHidesWithheldMonths(t *testing.T) {
	in := Input{Year: 2025, Evidence: consult.Evidence{PanelsByType: make([]int, len(consult.PanelTypes))},
		Months: []members.Month{{Month: "2025-04", Joined: 15}, {Month: "2025-05", Joined: 3}, {Month: "2025-06", Joined: 12}}}
	joined := func() Figure {
		for _, f := range Build(in).Outcomes {
			if f.Name == "Joined in the year" {
				return f
			}
		}
		t.Fatal("no joined figure")
		return Figure{}
	}
	if f := joined(); f.Text != "not shown" || f.Value != nil {
		t.Errorf("with May withheld: %q, %v", f.Text, f.Value)
	}
	in.FullCounts = true
	if f := joined(); f.Text != "30" {
		t.Errorf("a lead sees %q", f.Text)
	}
	in.FullCounts, in.Months[1].Joined = false, 11
	if f := joined(); f.Text != "38" || f.Value != 38 {
		t.Errorf("with every month shown: %q, %v", f.Text, f.Value)
	}
}

// TestMembersAtNames: settled membership figures say the day they are
// of; live figures are "now". A year's sums show where every month of
// them does, over or not.
func TestMembersAtNames(t *testing.T) {
	in := Input{Months: []members.Month{{Month: "2025-05", Joined: 30, AlliesJoined: 12, Left: 11}, {Month: "2026-05", Joined: 30, AlliesJoined: 12, Left: 11}},
		Totals: members.Totals{Members: 38, Allies: 24}, Evidence: consult.Evidence{PanelsByType: make([]int, len(consult.PanelTypes))}}
	figures := func(year int, at time.Time) []string {
		in.Year, in.MembersAt, in.FullCounts = year, at, at.IsZero() // live figures are a lead's
		var out []string
		for _, f := range Build(in).Outcomes {
			if strings.Contains(f.Name, "oin") || strings.Contains(f.Name, "Left") || strings.HasPrefix(f.Name, "Members") || strings.HasPrefix(f.Name, "Allies") {
				out = append(out, f.Name+": "+f.Text)
			}
		}
		return out
	}
	// A month's 12 allies joined would give away, beside 19 members and
	// 12 allies at its end, the 7 members who are not allies: the audit
	// withholds it, and with it the year's sum of allies.
	year := []string{"Joined in the year: 30", "Allies who joined in the year: not shown", "Left in the year: 11"}
	for _, c := range []struct {
		year int
		at   time.Time
		want []string
	}{
		{2026, d("2026-10-31"), append([]string{"Members on 31 October 2026 (allies included): 38", "Allies on 31 October 2026: 24"}, year...)},
		{2025, d("2026-02-28"), append([]string{"Members on 28 February 2026 (allies included): 38", "Allies on 28 February 2026: 24"}, year...)},
		{2026, time.Time{}, []string{"Members now (allies included): 38", "Allies now: 24", "Joined in the year: 30", "Allies who joined in the year: 12", "Left in the year: 11"}},
	} {
		if got := figures(c.year, c.at); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("year %d at %s:\n got %q\nwant %q", c.year, c.at.Format(time.DateOnly), got, c.want)
		}
	}
}
