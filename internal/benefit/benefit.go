// Package benefit puts a staff network's costs for a financial year
// beside what it did: the cost–benefit report for the organisation's
// board. The figures come from elsewhere — facility time
// (internal/facility), the budget (internal/budget), the work plan,
// events and meetings (internal/network), membership (internal/members),
// consultations and panels (internal/consult) and the organisation's
// WRES indicators — so that each one matches the page or export it comes
// from. This package only assembles and words them. See docs/networks.md
// ("Cost–benefit report").
package benefit

import (
	"fmt"
	"time"

	"staffnet/internal/budget"
	"staffnet/internal/consult"
	"staffnet/internal/facility"
	"staffnet/internal/members"
	"staffnet/internal/network"
	"staffnet/internal/pay"
)

// Input is everything the report draws on for one network and year.
type Input struct {
	Year       int                      // the year the financial year starts
	Time       *facility.NetworkFigures // nil when the network has no facility-time figures
	Budget     budget.Summary
	Objectives []network.Objective
	Events     []Event // held in the year
	Meetings   []network.Meeting
	Months     []members.Month // membership changes, every month stored
	Totals     members.Totals  // members now, or on MembersAt
	FullCounts bool            // the viewer is one of the network's leads: member counts unsuppressed
	// MembersAt is the day Months and Totals end on when they stop at the
	// latest whole month (members.Settled), as they do for anyone but the
	// leads; the zero time when they are as of now.
	MembersAt time.Time
	Evidence  consult.Evidence
	WRES      []WRESLine
}

// Event is an event the network held, with its sign-ups. A members'
// event's sign-ups are members, shown to anyone but the host network's
// leads only once it is over and as members.Count words them (web's
// signUps); Counted says the viewer reads them so.
type Event struct {
	Start   time.Time
	SignUps int
	Counted bool // a members' event, and the viewer does not see its names
	Over    bool
}

// WRESLine is one WRES indicator's headline figure in the two latest
// years the organisation returned, as people read them.
type WRESLine struct {
	Label            string
	Previous, Latest string
	PrevYear, Year   int
}

// Figure is one line of the report's figures: a name, the value as
// people read it, and the value for a spreadsheet (nil when it is
// suppressed or not known).
type Figure struct {
	Section, Name, Text string
	Value               any
}

// Report is the assembled cost–benefit report.
type Report struct {
	Year     string
	Costs    []Figure
	Outcomes []Figure
	WRES     []WRESLine
	Done     []string // the objectives done, with their links
	// TimeCost is facility time with on-cost and Spent the budget spent,
	// in pence; Time is the facility-time figures they come from, nil
	// when the network recorded none. The page draws them.
	TimeCost, Spent int64
	Time            *facility.NetworkFigures
	// Summary is one sentence for the board summary.
	Summary string
}

type money int64

// heldIn counts the gatherings (events, meetings) that start in [from,
// to) and adds up the people each had: sign-ups or attendance, as
// startAndPeople gives them, with whether the viewer reads that count as
// it is (shown). The sum is shown only where every count in it is: the
// sum less those shown would give away those withheld.
func heldIn[T any](items []T, from, to time.Time, startAndPeople func(T) (start time.Time, people int, shown bool)) (held, people int, sumShown bool) {
	sumShown = true
	for _, it := range items {
		if start, n, shown := startAndPeople(it); !start.Before(from) && start.Before(to) {
			held++
			people += n
			sumShown = sumShown && shown
		}
	}
	return held, people, sumShown
}

// exactTo reports whether a viewer without a lead's access reads n as it
// is (members.Count shows 0 and 11 or more).
func exactTo(n int) bool { return members.Count(n, false) == fmt.Sprint(n) }

func (m money) Hundredths() int64 { return int64(m) }

// Build assembles the report.
func Build(in Input) *Report {
	r := &Report{Year: pay.YearLabel(in.Year), WRES: in.WRES}
	from := time.Date(in.Year, time.April, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(in.Year+1, time.April, 1, 0, 0, 0, 0, time.UTC)
	cost := func(name string, pence int64) {
		r.Costs = append(r.Costs, Figure{"Costs", name, pay.Money(pence), money(pence)})
	}
	var timeCost, timeTotal int64
	if t := in.Time; t != nil {
		timeCost, timeTotal = int64(t.Cost), int64(t.CostWithOnCost())
		cost("Facility time: cost of leaders' hours", timeCost)
		cost("Facility time: employer on-cost", int64(t.OnCost))
		r.Costs = append(r.Costs,
			Figure{"Costs", "Facility time: hours used", t.HoursUsed.String(), t.HoursUsed},
			Figure{"Costs", "Facility time: hours recommended (half a day a week per leader)", t.HoursRecommended.String(), t.HoursRecommended},
			Figure{"Costs", "Leaders who got at least half a day a week", fmt.Sprintf("%d of %d", t.LeadersMeeting, t.LeaderCount), t.LeadersMeeting})
	}
	cost("Budget: allocated", in.Budget.Allocated)
	cost("Budget: spent", in.Budget.Spent)
	cost("Budget: balance", in.Budget.Balance)
	cost("Total cost: facility time with on-cost, and budget spent", timeTotal+in.Budget.Spent)

	out := func(name string, n int) {
		r.Outcomes = append(r.Outcomes, Figure{"Outcomes", name, fmt.Sprint(n), n})
	}
	done, wresDone := 0, 0
	for _, o := range in.Objectives {
		if o.Status == network.Done {
			done++
			if o.WRESIndicator > 0 {
				wresDone++
			}
			r.Done = append(r.Done, o.Title+" ("+o.LinkText()+")")
		}
	}
	out("Work-plan objectives done", done)
	out("of which linked to a WRES indicator", wresDone)
	out("Objectives in the work plan", len(in.Objectives))
	events, signups, signupsShown := heldIn(in.Events, from, to, func(e Event) (time.Time, int, bool) {
		return e.Start, e.SignUps, !e.Counted || e.Over && exactTo(e.SignUps)
	})
	out("Events held", events)
	// withheld adds a figure that is shown only where shown says so:
	// "not shown", and left out of the spreadsheet, otherwise.
	withheld := func(name string, n int, shown bool) {
		if !shown {
			r.Outcomes = append(r.Outcomes, Figure{"Outcomes", name, "not shown", nil})
			return
		}
		out(name, n)
	}
	withheld("Sign-ups to those events", signups, signupsShown)
	// Who comes to a meeting is a count of members (web's attendance).
	meetings, attendance, attendanceShown := heldIn(in.Meetings, from, to, func(m network.Meeting) (time.Time, int, bool) {
		return m.Start, m.Attendance, in.FullCounts || exactTo(m.Attendance)
	})
	out("Network meetings held", meetings)
	withheld("Attendance at those meetings", attendance, attendanceShown)
	// Membership as members.Disclose words it for this viewer: for anyone
	// but the leads, nothing that subtracting from what they have seen
	// could give a small group away by.
	member := func(name string, n int, text string) {
		f := Figure{"Outcomes", name, text, n}
		if f.Text != fmt.Sprint(n) {
			f.Value = nil // suppressed: not in the spreadsheet either
		}
		r.Outcomes = append(r.Outcomes, f)
	}
	now := in.Totals
	v := members.Disclose(in.Months, now, in.FullCounts)
	y := v.Year(members.InFinancialYear(in.Year))
	nowText, alliesText := v.Members, v.Allies
	// Settled figures (anyone but a lead) say which day they are of.
	at := "now"
	if !in.MembersAt.IsZero() {
		at = "on " + in.MembersAt.Format("2 January 2006")
	}
	member("Members "+at+" (allies included)", now.Members, nowText)
	member("Allies "+at, now.Allies, alliesText)
	member("Joined in the year", y.Joined, y.JoinedText)
	member("Allies who joined in the year", y.AlliesJoined, y.AlliesJoinedText)
	member("Left in the year", y.Left, y.LeftText)
	e := in.Evidence
	out("Papers the organisation sent for comment", e.Received)
	out("of which before they were ratified", e.Before)
	out("Responses adopted in full or in part", e.Influenced)
	out("Outcomes the network was told", e.Learnt)
	for i, t := range consult.PanelTypes {
		out(fmt.Sprintf("%s panels with network members", consult.Label(t)), e.PanelsByType[i])
	}

	r.TimeCost, r.Spent, r.Time = timeTotal, in.Budget.Spent, in.Time
	r.Summary = fmt.Sprintf("%s: facility time %s and budget spent %s; %d objectives done (%d linked to WRES), %d events, %d papers commented on (%d responses adopted in full or part).",
		r.Year, pay.Money(timeTotal), pay.Money(in.Budget.Spent), done, wresDone, events, e.Received, e.Influenced)
	return r
}

// Header is the columns of the figures as a table.
var Header = []string{"financial_year", "section", "figure", "value"}

// Rows is the report's figures as a table: costs, outcomes and the WRES
// indicators' latest two years. A suppressed figure is an empty cell.
func (r *Report) Rows() [][]any {
	var out [][]any
	for _, f := range append(append([]Figure{}, r.Costs...), r.Outcomes...) {
		out = append(out, []any{r.Year, f.Section, f.Name, f.Value})
	}
	for _, w := range r.WRES {
		out = append(out, []any{r.Year, fmt.Sprintf("WRES %d", w.PrevYear), w.Label, w.Previous}, []any{r.Year, fmt.Sprintf("WRES %d", w.Year), w.Label, w.Latest})
	}
	return out
}
