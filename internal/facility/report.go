package facility

import (
	"sort"
	"strconv"
	"time"

	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/pay"
)

// Part is some of a leader's recorded weeks, summed: the hours, and
// their cost as the sum of each week's hours used times its hourly rate
// (hundredths of an hour × pence, rounded only when the leader's cost is).
type Part struct {
	Agreed Hours
	Used   Hours
	Cost   int64
}

// PartAt is used hours costed at one hourly rate, with agreed hours.
func PartAt(rate Money, agreed, used Hours) Part {
	return Part{Agreed: agreed, Used: used, Cost: int64(used) * int64(rate)}
}

// LeaderTime is what Build needs of one leader: their register entry and
// their recorded weeks in the period, summed per rate.
type LeaderTime struct {
	Leader
	Parts []Part
}

// NetworkTime is what Build needs of one network.
type NetworkTime struct {
	ID       int64
	Name     string
	OrgCode  string
	Region   string
	Type     network.Type
	OnCostBP int64 // employer on-cost in hundredths of a percent: 2250 is 22.5%
	Leaders  []LeaderTime
}

// LeaderFigures is one leader's line of the report. Name is for the
// network's own view and never written to a file.
type LeaderFigures struct {
	Name             string       `json:"-"`
	Role             network.Role `json:"role"`
	Band             string       `json:"band"`
	PayPoint         int          `json:"pay_point"`
	HoursAgreed      Hours        `json:"hours_agreed"`
	HoursUsed        Hours        `json:"hours_used"`
	HoursRecommended Hours        `json:"hours_recommended"`
	Share            *Fraction    `json:"share_of_recommended"`
	HourlyRate       Money        `json:"hourly_rate_gbp"`
	Cost             Money        `json:"cost_gbp"`
	OnCost           Money        `json:"on_cost_gbp"`
}

// Meets reports whether the leader used at least the recommended hours.
func (l *LeaderFigures) Meets() bool {
	return l.HoursRecommended > 0 && l.HoursUsed >= l.HoursRecommended
}

// Totals are the sums over some leaders.
type Totals struct {
	HoursAgreed      Hours     `json:"hours_agreed"`
	HoursUsed        Hours     `json:"hours_used"`
	HoursRecommended Hours     `json:"hours_recommended"`
	Share            *Fraction `json:"share_of_recommended"`
	Cost             Money     `json:"cost_gbp"`
	OnCost           Money     `json:"on_cost_gbp"`
	LeaderCount      int       `json:"leader_count"`
	LeadersMeeting   int       `json:"leaders_meeting_recommendation"`
}

// CostWithOnCost is the cost with the employer's on-cost.
func (t *Totals) CostWithOnCost() Money { return t.Cost + t.OnCost }

func (t *Totals) add(o Totals) {
	t.HoursAgreed += o.HoursAgreed
	t.HoursUsed += o.HoursUsed
	t.HoursRecommended += o.HoursRecommended
	t.Cost += o.Cost
	t.OnCost += o.OnCost
	t.LeaderCount += o.LeaderCount
	t.LeadersMeeting += o.LeadersMeeting
	t.Share = share(t.HoursUsed, t.HoursRecommended)
}

// NetworkFigures is one network's part of the report.
type NetworkFigures struct {
	ID            int64           `json:"id"`
	Name          string          `json:"name"`
	OrgCode       string          `json:"org_code"`
	Region        string          `json:"region"`
	Type          network.Type    `json:"type"`
	OnCostPercent Fraction        `json:"on_cost_percent"`
	Leaders       []LeaderFigures `json:"leaders"`
	Totals
}

// Meets reports whether every leader of the network (one at least) got
// the recommended time: the report's question, asked of a network.
func (n *NetworkFigures) Meets() bool { return n.LeaderCount > 0 && n.LeadersMeeting == n.LeaderCount }

// Group is the figures of the networks of one region or network type.
type Group struct {
	Key             string `json:"key"`
	Label           string `json:"label"`
	NetworkCount    int    `json:"network_count"`
	NetworksMeeting int    `json:"networks_meeting_recommendation"`
	Totals
}

// Summary is the report's totals over every network, and the same by
// region and by network type.
type Summary struct {
	NetworkCount           int `json:"network_count"`
	NetworksMeeting        int `json:"networks_meeting_recommendation"`
	NetworksWithoutLeaders int `json:"networks_without_leaders"`
	Totals
	ByRegion []Group `json:"by_region"`
	ByType   []Group `json:"by_type"`
}

// Report is facility time over a period, per network and in total.
type Report struct {
	From     string           `json:"from"`
	To       string           `json:"to"`
	Weeks    int              `json:"weeks"`
	Networks []NetworkFigures `json:"networks"`
	Summary  Summary          `json:"summary"`
}

// Build computes the report for the weeks starting (on Mondays) from from
// to to, inclusive. Each leader is recommended 3.75 hours for each of
// those weeks they were in role (pro rata for part of the year); cost is
// hours used times the rate each week was recorded at, rounded to the
// penny once per leader; on-cost is the network's percentage of that,
// rounded per leader. Networks' figures are their leaders' sums, the
// summary's the networks'.
func Build(from, to time.Time, nets []NetworkTime) *Report {
	from, to = network.Day(from), network.Day(to)
	r := &Report{From: from.Format(time.DateOnly), To: to.Format(time.DateOnly), Weeks: Mondays(from, to), Networks: []NetworkFigures{}}
	regions, types := map[string]*Group{}, map[string]*Group{}
	for i := range nets {
		n := &nets[i]
		nf := NetworkFigures{ID: n.ID, Name: n.Name, OrgCode: n.OrgCode, Region: n.Region, Type: n.Type,
			OnCostPercent: Fraction(float64(n.OnCostBP) / 100), Leaders: []LeaderFigures{}}
		for j := range n.Leaders {
			lf := leaderFigures(&n.Leaders[j], from, to, n.OnCostBP)
			nf.Leaders = append(nf.Leaders, lf)
			t := Totals{HoursAgreed: lf.HoursAgreed, HoursUsed: lf.HoursUsed, HoursRecommended: lf.HoursRecommended, Cost: lf.Cost, OnCost: lf.OnCost, LeaderCount: 1}
			if lf.Meets() {
				t.LeadersMeeting = 1
			}
			nf.add(t)
		}
		r.Networks = append(r.Networks, nf)
		s := &r.Summary
		s.NetworkCount++
		if nf.Meets() {
			s.NetworksMeeting++
		}
		if nf.LeaderCount == 0 {
			s.NetworksWithoutLeaders++
		}
		s.add(nf.Totals)
		group(regions, n.Region, regionName(n.Region), &nf)
		group(types, string(n.Type), n.Type.Label(), &nf)
	}
	r.Summary.ByRegion = sorted(regions)
	r.Summary.ByType = sorted(types)
	return r
}

func regionName(code string) string {
	if n, ok := orgs.Regions[code]; ok {
		return n
	}
	return code
}

func group(m map[string]*Group, key, label string, nf *NetworkFigures) {
	g := m[key]
	if g == nil {
		g = &Group{Key: key, Label: label}
		m[key] = g
	}
	g.NetworkCount++
	if nf.Meets() {
		g.NetworksMeeting++
	}
	g.add(nf.Totals)
}

func sorted(m map[string]*Group) []Group {
	out := make([]Group, 0, len(m))
	for _, g := range m {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

func leaderFigures(l *LeaderTime, from, to time.Time, onCostBP int64) LeaderFigures {
	lf := LeaderFigures{Name: l.Name, Role: l.Role, Band: l.Band, PayPoint: l.PayPoint, HourlyRate: l.Hourly}
	// The Mondays m of the period with l.InRole(m) are those from
	// From−6 days to To: counted, not walked, as a national report has
	// thousands of leaders.
	a, b := from, to
	if !l.From.IsZero() && l.From.AddDate(0, 0, -6).After(a) {
		a = l.From.AddDate(0, 0, -6)
	}
	if !l.To.IsZero() && l.To.Before(b) {
		b = l.To
	}
	lf.HoursRecommended = Recommended * Hours(Mondays(a, b))
	var cost int64 // hundredths of an hour × pence
	for _, p := range l.Parts {
		lf.HoursAgreed += p.Agreed
		lf.HoursUsed += p.Used
		cost += p.Cost
	}
	lf.Cost = Money(roundDiv(cost, 100))
	lf.OnCost = Money(roundDiv(int64(lf.Cost)*onCostBP, 10_000))
	if lf.HoursUsed > 0 {
		// The rate the hours were costed at: the pay point's, unless the
		// band or the year's table changed within the period.
		lf.HourlyRate = Money(roundDiv(cost, int64(lf.HoursUsed)))
	}
	lf.Share = share(lf.HoursUsed, lf.HoursRecommended)
	return lf
}

// roundDiv is a ÷ b rounded half away from zero, for b > 0.
func roundDiv(a, b int64) int64 {
	if a < 0 {
		return -roundDiv(-a, b)
	}
	return (a*2 + b) / (2 * b)
}

// FillRates sets the hourly rate of each band leader of nets to their
// band and point's in financial year y: the rate a leader with no hours
// in the period is shown at. Entered rates are kept.
func FillRates(nets []NetworkTime, tables pay.Tables, y int) {
	for i := range nets {
		for j := range nets[i].Leaders {
			l := &nets[i].Leaders[j].Leader
			if !pay.Entered(l.Band) {
				l.Hourly, _ = RateFor(l.Band, l.PayPoint, 0, tables, y)
			}
		}
	}
}

// CostWithOnCost is the leader's cost with the employer's on-cost.
func (l *LeaderFigures) CostWithOnCost() Money { return l.Cost + l.OnCost }

// PayLabel is the leader's pay for people: "Band 8a point 2, £29.91 an
// hour" or "Medical, £52.40 an hour".
func (l *LeaderFigures) PayLabel() string {
	s := pay.BandLabel(l.Band)
	if l.PayPoint > 0 {
		s += " point " + strconv.Itoa(l.PayPoint)
	}
	return s + ", " + l.HourlyRate.String() + " an hour"
}
