package facility

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"staffnet/internal/network"
	"staffnet/internal/pay"
	"staffnet/internal/pay/payfile"
	"staffnet/internal/rows"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// handNetworks is a year (April 2025 to March 2026: 52 Mondays, from 7
// April 2025 to 30 March 2026) worked out by hand:
//
//   - network 1 (London, BME, on-cost 22.5%):
//     chair, Band 8a point 2: £58,487 ÷ 1955.3625 = £29.91 an hour; 52 weeks
//     of 4 hours = 208.00 hours × £29.91 = £6,221.28; recommended 52 × 3.75 =
//     195.00, so 1.0667 of it, met; on-cost 22.5% = £1,399.788 → £1,399.79.
//     committee member from 6 October 2025 (part of the year: 26 Mondays to
//     30 March, recommended 97.50), Band 5 point 1: £31,049 ÷ 1955.3625 =
//     £15.88; 20 weeks of 2 hours = 40.00 × £15.88 = £635.20; 0.4103;
//     on-cost £142.92.
//     vice-chair, medical, entered £52.40 an hour: 37.50 hours = £1,965.00;
//     recommended 195.00, 0.1923; on-cost £442.125 → £442.13.
//     Network: 285.50 used of 487.50 (0.5856), £8,821.48, on-cost
//     £1,984.84, 1 of 3 leaders meeting the recommendation.
//   - network 2 (London, LGBTI): no leaders, nothing recorded.
//   - network 3 (North West, BME): chair, Band 2 point 1, £12.51 an hour, 52
//     weeks of 3.75 = 195.00 × £12.51 = £2,439.45, met exactly.
//
// Summary: 3 networks, 1 meeting the recommendation, 1 without leaders;
// 480.50 hours used of 682.50, £11,260.93, 2 of 4 leaders meeting it.
func handNetworks() []NetworkTime {
	tb := pay.Tables{2025: payfile.Shipped()}
	rate := func(band string, point int) Money {
		r, ok := RateFor(band, point, 0, tb, 2025)
		if !ok {
			panic(band)
		}
		return r
	}
	return []NetworkTime{
		{ID: 1, Name: "One", OrgCode: "RAA", Region: "Y56", Type: network.TypeBME, OnCostBP: 2250, Leaders: []LeaderTime{
			{Leader{Name: "Ada", Role: network.RoleChair, Band: "8a", PayPoint: 2, Hourly: rate("8a", 2)},
				[]Part{PartAt(rate("8a", 2), 52*375, 52*400)}},
			{Leader{Name: "Ben", Role: network.RoleCommittee, Band: "5", PayPoint: 1, Hourly: rate("5", 1), From: day("2025-10-06")},
				[]Part{PartAt(rate("5", 1), 20*375, 20*200)}},
			{Leader{Name: "Cy", Role: network.RoleViceChair, Band: pay.Medical, Hourly: 5240},
				[]Part{PartAt(5240, 10*375, 10*375)}},
		}},
		{ID: 2, Name: "Two", OrgCode: "RAA", Region: "Y56", Type: network.TypeLGBTI},
		{ID: 3, Name: "Three", OrgCode: "RBB", Region: "Y62", Type: network.TypeBME, Leaders: []LeaderTime{
			{Leader{Name: "Di", Role: network.RoleChair, Band: "2", PayPoint: 1, Hourly: rate("2", 1)},
				[]Part{PartAt(rate("2", 1), 52*375, 52*375)}},
		}},
	}
}

func TestBuildByHand(t *testing.T) {
	r := Build(day("2025-04-01"), day("2026-03-31"), handNetworks())
	if r.Weeks != 52 {
		t.Fatalf("weeks %d", r.Weeks)
	}
	one := r.Networks[0]
	type line struct {
		used, rec Hours
		cost, on  Money
		share     string
		meets     bool
	}
	want := []line{{20800, 19500, 622128, 139979, "1.0667", true}, {4000, 9750, 63520, 14292, "0.4103", false}, {3750, 19500, 196500, 44213, "0.1923", false}}
	for i, w := range want {
		l := one.Leaders[i]
		sh, _ := json.Marshal(l.Share)
		if l.HoursUsed != w.used || l.HoursRecommended != w.rec || l.Cost != w.cost || l.OnCost != w.on || string(sh) != w.share || l.Meets() != w.meets {
			t.Errorf("leader %d: %+v, share %s; want %+v", i, l, sh, w)
		}
	}
	if one.Leaders[0].HourlyRate != 2991 || one.Leaders[1].HourlyRate != 1588 || one.Leaders[2].HourlyRate != 5240 {
		t.Errorf("rates %d %d %d", one.Leaders[0].HourlyRate, one.Leaders[1].HourlyRate, one.Leaders[2].HourlyRate)
	}
	if one.HoursUsed != 28550 || one.HoursRecommended != 48750 || one.Cost != 882148 || one.OnCost != 198484 || one.LeadersMeeting != 1 || one.Meets() {
		t.Errorf("network one: %+v", one.Totals)
	}
	if two := r.Networks[1]; two.Share != nil || two.LeaderCount != 0 || two.Meets() || two.Cost != 0 {
		t.Errorf("network without leaders: %+v", two)
	}
	if three := r.Networks[2]; three.Cost != 243945 || !three.Meets() {
		t.Errorf("network three: %+v", three.Totals)
	}
	s := r.Summary
	if s.NetworkCount != 3 || s.NetworksMeeting != 1 || s.NetworksWithoutLeaders != 1 || s.HoursUsed != 48050 || s.HoursRecommended != 68250 ||
		s.Cost != 1126093 || s.LeaderCount != 4 || s.LeadersMeeting != 2 {
		t.Errorf("summary: %+v", s)
	}
	// The roll-ups add up to their networks, by region and by type.
	for name, groups := range map[string][]Group{"region": s.ByRegion, "type": s.ByType} {
		var sum Totals
		nets := 0
		for _, g := range groups {
			sum.add(g.Totals)
			nets += g.NetworkCount
		}
		if sum != s.Totals && !(sum.Cost == s.Cost && sum.HoursUsed == s.HoursUsed && sum.HoursRecommended == s.HoursRecommended && sum.LeaderCount == s.LeaderCount && sum.OnCost == s.OnCost) || nets != 3 {
			t.Errorf("by %s: %+v, summary %+v", name, sum, s.Totals)
		}
	}
	if len(s.ByRegion) != 2 || s.ByRegion[0].Label != "London" || s.ByRegion[0].NetworkCount != 2 || s.ByRegion[0].Cost != 882148 {
		t.Errorf("by region: %+v", s.ByRegion)
	}
	// Money to the penny and hours to two decimals, as numbers; no names.
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(r)
	for _, want := range []string{`"cost_gbp":8821.48`, `"hours_used":285.50`, `"hourly_rate_gbp":29.91`, `"share_of_recommended":null`, `"on_cost_percent":22.5000`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	if strings.Contains(b.String(), "Ada") {
		t.Error("a leader's name reached the JSON")
	}
}

func TestMonthsAndWeeks(t *testing.T) {
	if got := WeeksOfMonth(day("2025-09-01")); len(got) != 5 || !got[0].Equal(day("2025-09-01")) || !got[4].Equal(day("2025-09-29")) {
		t.Errorf("September 2025: %v", got)
	}
	if got := WeeksOfMonth(day("2026-02-01")); len(got) != 4 || !got[0].Equal(day("2026-02-02")) {
		t.Errorf("February 2026: %v", got)
	}
	if got := Spread(1001, 4); got[0] != 251 || got[1] != 250 || got[0]+got[1]+got[2]+got[3] != 1001 {
		t.Errorf("spread %v", got)
	}
	if !Monday(day("2025-10-12")).Equal(day("2025-10-06")) || Mondays(day("2025-10-07"), day("2025-10-13")) != 1 {
		t.Error("Monday arithmetic")
	}
}

func TestProtect(t *testing.T) {
	// Region A is small (3 meeting): hidden, and B, the next smallest,
	// hidden with it; C stays. The total is shown: total − C is A + B,
	// which is 3 + 12 meeting, 2 + 9 not — no single region.
	a, b, c := &Split{3, 2, false}, &Split{12, 9, false}, &Split{40, 30, false}
	total := &Split{55, 41, false}
	Protect(MinShown, total, []*Split{c, a, b})
	if !a.Hidden || !b.Hidden || c.Hidden || total.Hidden {
		t.Errorf("a %v b %v c %v total %v", a.Hidden, b.Hidden, c.Hidden, total.Hidden)
	}
	// Nothing small: nothing hidden. Zeros are no secret.
	x, y := &Split{20, 0, false}, &Split{11, 30, false}
	Protect(MinShown, &Split{31, 30, false}, []*Split{x, y})
	if x.Hidden || y.Hidden {
		t.Error("hid a safe split")
	}
	// One network alone: hidden, and so is the total it makes.
	one, tot := &Split{1, 0, false}, &Split{1, 0, false}
	Protect(MinShown, tot, []*Split{one})
	if !one.Hidden || !tot.Hidden {
		t.Error("a single network shown")
	}
}

// lines is a rows.Source of rows written as comma-separated cells (no
// quoting), row 2 first as in a file under its header.
type lines []string

func (ls lines) Each(fn func(row int, cells []string)) error {
	for i, l := range ls {
		fn(i+2, strings.Split(l, ","))
	}
	return nil
}

// TestFromRows covers what the rows must say. Reading the CSV file
// (header spellings, blank rows, a row with too many cells) is tested
// with the command that reads it, in cmd/staffnet.
func TestFromRows(t *testing.T) {
	reg := []Leader{
		{ID: 7, Email: "ada@nhs.net", Role: network.RoleChair, Band: "8a", PayPoint: 2},
		{ID: 8, Email: "cy@nhs.net", Role: network.RoleViceChair, Band: pay.Medical, Hourly: 5240},
	}
	tb := pay.Tables{2025: payfile.Shipped()}
	good := lines{"ADA@nhs.net,chair,8a,2,2025-10-06,3.75,4", "cy@nhs.net,vice_chair,medical,,2025-10-06,3.75,1.5"}
	weeks, err := FromRows(good, reg, tb)
	if err != nil {
		t.Fatal(err)
	}
	if len(weeks) != 2 || weeks[0].LeaderID != 7 || weeks[0].Hourly != 2991 || weeks[0].Used != 400 || weeks[1].Hourly != 5240 || weeks[1].Used != 150 {
		t.Errorf("weeks %+v", weeks)
	}
	for name, tc := range map[string]struct{ row, want string }{
		"unknown band":   {"ada@nhs.net,chair,8e,2,2025-10-06,3.75,4", "row 2, column band: \"8e\" is not an Agenda for Change band"},
		"unknown point":  {"ada@nhs.net,chair,8a,5,2025-10-06,3.75,4", "row 2, column pay_point: band 8a has no pay point 5 in the 2025/26 pay table"},
		"not a Monday":   {"ada@nhs.net,chair,8a,2,2025-10-07,3.75,4", "row 2, column week_start: 2025-10-07 is a Tuesday: a week starts on a Monday"},
		"negative hours": {"ada@nhs.net,chair,8a,2,2025-10-06,3.75,-1", "row 2, column hours_used: -1 is negative"},
		"not a leader":   {"eve@nhs.net,chair,8a,2,2025-10-06,3.75,4", "row 2, column leader_email: \"eve@nhs.net\" is not one of the network's leaders"},
		"wrong role":     {"ada@nhs.net,committee,8a,2,2025-10-06,3.75,4", "row 2, column role: ada@nhs.net is on the register as chair, not committee"},
		"bad date":       {"ada@nhs.net,chair,8a,2,6/10/2025,3.75,4", "row 2, column week_start: \"6/10/2025\" is not a date"},
		"duplicate":      {"ada@nhs.net,chair,8a,2,2025-10-06,3.75,4\nada@nhs.net,chair,8a,2,2025-10-06,3.75,4", "row 3, column week_start: ada@nhs.net's week of 2025-10-06 already appears on row 2"},
		"medical point":  {"cy@nhs.net,vice_chair,medical,3,2025-10-06,3.75,4", "row 2, column pay_point: a medical leader has no pay point"},
		"three decimals": {"ada@nhs.net,chair,8a,2,2025-10-06,3.755,4", "row 2, column hours_agreed:"},
	} {
		_, err := FromRows(lines(strings.Split(tc.row, "\n")), reg, tb)
		var ie *rows.ImportError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v\nwant %q", name, err, tc.want)
		}
	}
	// A good row before a bad one: nothing comes back.
	if w, err := FromRows(append(good, "ada@nhs.net,chair,8a,2,2025-10-14,3.75,4"), reg, tb); err == nil || w != nil {
		t.Errorf("partial import: %v %v", w, err)
	}
	if _, err := FromRows(lines{}, reg, tb); err == nil || !strings.Contains(err.Error(), "row 2: the file has a header but no rows") {
		t.Errorf("a file without rows: %v", err)
	}
}

func TestForms(t *testing.T) {
	tb := pay.Tables{2025: payfile.Shipped()}
	today := day("2025-10-15")
	var l Leader
	es := ReadLeaderForm(network.Form{"name": {"Ada"}, "email": {"Ada@NHS.net"}, "role": {"chair"}, "band": {"Band 8a"}, "pay_point": {"2"}, "agreed": {"3.75"}, "from": {"2025-10-06"}}, &l, tb, today)
	if len(es) != 0 || l.Band != "8a" || l.PayPoint != 2 || l.Agreed != 375 || l.Email != "ada@nhs.net" || !l.From.Equal(day("2025-10-06")) {
		t.Fatalf("%+v %v", l, es)
	}
	es = ReadLeaderForm(network.Form{"name": {"Cy"}, "email": {"cy"}, "role": {"chair"}, "band": {"medical"}, "hourly": {""}, "agreed": {"-1"}}, &l, tb, today)
	fields := map[string]bool{}
	for _, e := range es {
		fields[e.Field] = true
	}
	if !fields["email"] || !fields["hourly"] || !fields["agreed"] {
		t.Errorf("errors %v", es)
	}
	es = ReadLeaderForm(network.Form{"name": {"Di"}, "email": {"di@nhs.net"}, "role": {"chair"}, "band": {"8a"}, "pay_point": {"4"}}, &l, tb, today)
	if len(es) != 1 || es[0].Field != "pay_point" {
		t.Errorf("8a point 4: %v", es)
	}
	reg := []Leader{{ID: 5, Role: network.RoleChair, Band: "5", PayPoint: 1}}
	// A month's hours are spread over the weeks starting in it: October
	// 2025 has Mondays 6, 13, 20 and 27, so 10 hours is 2.50 each.
	_, weeks, es := ReadHoursForm(network.Form{"leader": {"5"}, "period": {"month"}, "month": {"2025-10"}, "hours_agreed": {"3.75"}, "hours_used": {"10"}}, reg, tb)
	if len(es) != 0 || len(weeks) != 4 || weeks[0].Used != 250 || weeks[3].Start != day("2025-10-27") || weeks[0].Hourly != 1588 {
		t.Errorf("month: %+v %v", weeks, es)
	}
	_, weeks, es = ReadHoursForm(network.Form{"leader": {"5"}, "period": {"week"}, "week": {"2025-10-09"}, "hours_used": {"4"}}, reg, tb)
	if len(es) != 0 || len(weeks) != 1 || weeks[0].Start != day("2025-10-06") {
		t.Errorf("week: %+v %v", weeks, es)
	}
	if _, _, es := ReadHoursForm(network.Form{"leader": {"6"}, "period": {"week"}, "week": {"x"}, "hours_used": {"-2"}}, reg, tb); len(es) != 3 {
		t.Errorf("bad hours form: %v", es)
	}
	if bp, err := ReadOnCost("22.5%"); err != nil || bp != 2250 {
		t.Errorf("on-cost %d %v", bp, err)
	}
	if _, err := ReadOnCost("150"); err == nil {
		t.Error("on-cost of 150% accepted")
	}
}

func TestDemo(t *testing.T) {
	n := &network.Network{ID: 4, Leaders: []network.Leader{{Role: network.RoleChair, Name: "A (demo)"}, {Role: network.RoleCommittee, Name: "B (demo)"}}}
	tb := pay.Tables{2025: payfile.Shipped()}
	today := day("2026-01-14")
	a, _ := Demo(1, n, tb, today)
	b, _ := Demo(1, n, tb, today)
	if len(a) != 2 || a[0].Leader.Name != "A (demo)" || len(a[0].Weeks) == 0 || a[0].Weeks[0].Start != day("2026-01-05") {
		t.Fatalf("demo %+v", a)
	}
	for _, d := range a {
		for _, w := range d.Weeks {
			if w.Hourly <= 0 || w.Start.Weekday() != time.Monday || w.Used < 0 {
				t.Fatalf("week %+v", w)
			}
		}
	}
	if a[1].Weeks[3].Used != b[1].Weeks[3].Used {
		t.Error("the same seed gave other hours")
	}
	if none, _ := Demo(1, &network.Network{ID: 5}, tb, today); len(none) != 0 {
		t.Error("leaders invented for a network without any")
	}
}
