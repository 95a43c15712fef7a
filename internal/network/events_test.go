package network_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"staffnet/internal/network"
)

func TestSuggestionDates(t *testing.T) {
	ss, err := network.Suggestions()
	if err != nil {
		t.Fatal(err)
	}
	day := func(id string, y int) (string, string) {
		s, ok := network.FindSuggestion(ss, id)
		if !ok {
			t.Fatalf("no suggestion %s", id)
		}
		f, l := s.Rule.In(y)
		return f.Format(time.DateOnly), l.Format(time.DateOnly)
	}
	// The second Wednesday in May, worked out from calendars.
	for y, want := range map[int]string{2024: "2024-05-08", 2025: "2025-05-14", 2026: "2026-05-13", 2027: "2027-05-12", 2029: "2029-05-09"} {
		if f, l := day("staff_networks_day", y); f != want || l != want {
			t.Errorf("%d: National Day for Staff Networks %s–%s, want %s", y, f, l, want)
		}
	}
	// The suggestion's rule and the recommendations' own reckoning agree.
	for y := 2020; y <= 2040; y++ {
		if f, _ := day("staff_networks_day", y); f != network.NationalDayForStaffNetworks(network.Date(y, 1, 1)).Format(time.DateOnly) {
			t.Errorf("%d: rule %s, NationalDayForStaffNetworks %v", y, f, network.NationalDayForStaffNetworks(network.Date(y, 1, 1)))
		}
	}
	if f, l := day("south_asian_heritage_month", 2026); f != "2026-07-18" || l != "2026-08-17" {
		t.Errorf("South Asian Heritage Month %s–%s", f, l)
	}
	if f, l := day("black_history_month", 2026); f != "2026-10-01" || l != "2026-10-31" {
		t.Errorf("Black History Month %s–%s", f, l)
	}
	if f, _ := day("windrush_day", 2026); f != "2026-06-22" {
		t.Errorf("Windrush Day %s", f)
	}
	// Adopting a season starts on its first weekday: South Asian Heritage
	// Month 2027 begins on a Sunday.
	sahm, _ := network.FindSuggestion(ss, "south_asian_heritage_month")
	f, l := sahm.Rule.In(2027)
	if e := network.EventFromSuggestion(network.Upcoming{Suggestion: sahm, First: f, Last: l}); e.Start.Format("2006-01-02 15:04 MST") != "2027-07-19 12:30 BST" || !e.Public() {
		t.Errorf("adopted South Asian Heritage Month starts %v", e.Start)
	}
	// During Black History Month it is still upcoming; the next National
	// Day is next year's.
	up := network.UpcomingSuggestions(ss, network.Date(2026, 10, 20))
	if len(up) != len(ss) || up[0].ID != "black_history_month" || up[0].First.Year() != 2026 {
		t.Fatalf("upcoming %+v", up)
	}
	for _, u := range up {
		if u.ID == "staff_networks_day" && u.First.Format(time.DateOnly) != "2027-05-12" {
			t.Errorf("next National Day %v", u.First)
		}
	}
}

func TestEventValidate(t *testing.T) {
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, network.London)
	f := network.Form{"title": {"Windrush Day lunch"}, "date": {"2026-06-22"}, "start_time": {"12:30"}, "end_time": {"13:30"},
		"place": {"Atrium"}, "visibility": {"public"}, "capacity": {"40"}}
	var e network.Event
	if es := network.ReadEventForm(f, &e); len(es) > 0 {
		t.Fatal(es)
	}
	if es := e.Validate(now); len(es) > 0 {
		t.Fatal(es)
	}
	// 12:30 in June is British Summer Time, 11:30 UTC.
	if got := e.Start.UTC().Format("15:04"); got != "11:30" {
		t.Errorf("start %s UTC", got)
	}
	cases := map[string]struct {
		key, value, field string
	}{
		"past date":      {"date", "2026-05-31", "date"},
		"no date":        {"date", "", "date"},
		"bad time":       {"start_time", "25:00", "start_time"},
		"end before":     {"end_time", "12:00", "end_time"},
		"no place":       {"place", "", "place"},
		"bad capacity":   {"capacity", "-3", "capacity"},
		"text capacity":  {"capacity", "lots", "capacity"},
		"no visibility":  {"visibility", "everyone", "visibility"},
		"bad co-host":    {"co_hosts_other", "abc", "co_hosts_other"},
		"no title":       {"title", " ", "title"},
		"bad online url": {"online_url", "teams meeting", "online_url"},
	}
	for name, c := range cases {
		g := network.Form{}
		for k, v := range f {
			g[k] = v
		}
		g[c.key] = []string{c.value}
		var e network.Event
		es := network.ReadEventForm(g, &e)
		es = append(es, e.Validate(now)...)
		found := false
		for _, x := range es {
			found = found || x.Field == c.field
		}
		if !found {
			t.Errorf("%s: errors %v, want one for %s", name, es, c.field)
		}
	}
	// An existing event may keep its past date.
	e.ID = 7
	e.Start, e.End = now.AddDate(0, -1, 0), now.AddDate(0, -1, 0).Add(time.Hour)
	if es := e.Validate(now); len(es) > 0 {
		t.Errorf("existing past event: %v", es)
	}
}

func TestRSVPForm(t *testing.T) {
	r, es := network.ReadRSVPForm(network.Form{"name": {" Ada Example "}, "email": {"Ada.Example@NHS.net"}})
	if len(es) > 0 || r.Email != "ada.example@nhs.net" || r.Name != "Ada Example" {
		t.Errorf("%+v %v", r, es)
	}
	for _, bad := range []string{"ada", "ada@", "ada@nhs", "Ada <ada@nhs.net>", "a b@nhs.net", "ada@nhs.net."} {
		if _, es := network.ReadRSVPForm(network.Form{"name": {"Ada"}, "email": {bad}}); len(es) != 1 || es[0].Field != "email" {
			t.Errorf("%q: %v", bad, es)
		}
	}
}

func TestMeetingValidate(t *testing.T) {
	today := network.Date(2026, 6, 1)
	f := network.Form{"date": {"2026-05-20"}, "start_time": {"12:00"}, "end_time": {"13:00"}, "online_url": {"https://teams.example/x"},
		"papers": {"Agenda https://example.org/agenda\nWRES report 2025 https://example.org/wres"}, "attendance": {"12"},
		"minutes": {"Minutes text"}, "minutes_status": {"approved"}, "approved_on": {"2026-05-30"},
		"action_rows": {"2"}, "actions-0-text": {"Write to the board"}, "actions-0-owner": {"Chair"}, "actions-0-due": {"2026-07-01"}}
	var m network.Meeting
	blank, es := network.ReadMeetingForm(f, &m)
	es = append(es, m.Validate(today)...)
	if len(es) > 0 || blank != 1 || len(m.Actions) != 1 || len(m.Papers) != 2 || m.Papers[1].Title != "WRES report 2025" {
		t.Fatalf("%v blank %d %+v", es, blank, m)
	}
	cases := map[string][2]string{
		"approved in future":    {"approved_on", "2026-06-02"},
		"approved before":       {"approved_on", "2026-05-19"},
		"names without consent": {"attendees", "Ada Example"},
		"paper with no link":    {"papers", "Agenda"},
		"attendance text":       {"attendance", "a dozen"},
		"bad status":            {"minutes_status", "final"},
	}
	want := map[string]string{"approved in future": "approved_on", "approved before": "approved_on", "names without consent": "attendees_consent",
		"paper with no link": "papers", "attendance text": "attendance", "bad status": "minutes_status"}
	for name, c := range cases {
		g := network.Form{}
		for k, v := range f {
			g[k] = v
		}
		g[c[0]] = []string{c[1]}
		var m network.Meeting
		_, es := network.ReadMeetingForm(g, &m)
		es = append(es, m.Validate(today)...)
		found := false
		for _, x := range es {
			found = found || x.Field == want[name]
		}
		if !found {
			t.Errorf("%s: %v", name, es)
		}
	}
}

// TestDemoLife: demo networks have meetings and events, organisations
// with several active networks mark the National Day together, and the
// same seed and day give the same data.
func TestDemoLife(t *testing.T) {
	var refs []network.OrgRef
	for i := range 30 {
		refs = append(refs, network.OrgRef{Code: "R" + string(rune('A'+i%26)) + string(rune('A'+i/26)), Name: "Demo Trust", Region: "Y56"})
	}
	today := network.Date(2026, 3, 1)
	a, b := network.DemoAt(7, today, refs), network.DemoAt(7, today, refs)
	var meetings, events, joint int
	for i := range a {
		d := &a[i]
		meetings += len(d.Meetings)
		for j, e := range d.Events {
			events++
			if e.Event.Title != b[i].Events[j].Event.Title || !e.Event.Start.Equal(b[i].Events[j].Event.Start) {
				t.Fatal("demo events differ between two runs with the same seed")
			}
			if len(e.CoHostOf) > 0 {
				joint++
				if e.Event.Start.Format(time.DateOnly) != "2026-05-13" {
					t.Errorf("joint event on %v, want the National Day 2026-05-13", e.Event.Start)
				}
				for _, c := range e.CoHostOf {
					if c.OrgCode != d.Network.OrgCode || c.Status != network.StatusActive || c == &d.Network {
						t.Errorf("co-host %+v of %s", c, d.Network.Name)
					}
				}
			}
		}
		if d.Network.Status == network.StatusClosed && len(d.Meetings)+len(d.Events) > 0 {
			t.Error("a closed network has meetings or events")
		}
	}
	if meetings == 0 || events == 0 || joint == 0 {
		t.Errorf("%d meetings, %d events, %d joint", meetings, events, joint)
	}
}

// FuzzEventForms: whatever an event, meeting or sign-up form holds, it is
// read without panicking, and what passes validation keeps its promises:
// an end after the start, a known visibility, a sign-up address that is
// valid and in lower case.
func FuzzEventForms(f *testing.F) {
	f.Add("Talk", "2026-10-01", "12:30", "13:30", "Hall", "public", "40", "1, 2", "ada@example.nhs.uk", "Agenda https://example.org/a")
	f.Add("", "31/2/2026", "25:00", "9.30", "", "all", "-1", "x", "Ada <ada@x.org>", "no link")
	f.Add("Coffee", "2026-06-01", "8.30", "09:30", "Room 3", "members", "", "", "ADA@Example.NHS.uk", "")
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, network.London)
	f.Fuzz(func(t *testing.T, title, date, start, end, place, vis, capacity, cohosts, email, papers string) {
		form := network.Form{"title": {title}, "date": {date}, "start_time": {start}, "end_time": {end}, "place": {place},
			"visibility": {vis}, "capacity": {capacity}, "co_hosts_other": {cohosts}, "email": {email}, "name": {title},
			"papers": {papers}, "action_rows": {capacity}, "actions-0-text": {title}, "actions-0-due": {date}}
		var e network.Event
		if es := append(network.ReadEventForm(form, &e), e.Validate(now)...); len(es) == 0 {
			if !e.End.After(e.Start) || !slices.Contains(network.Visibilities, e.Visibility) || e.Capacity < 0 || len(e.CoHosts) > network.MaxRows {
				t.Fatalf("valid event %+v", e)
			}
		}
		var m network.Meeting
		if _, es := network.ReadMeetingForm(form, &m); len(append(es, m.Validate(network.Day(now))...)) == 0 && !m.End.After(m.Start) {
			t.Fatalf("valid meeting %+v", m)
		}
		if r, es := network.ReadRSVPForm(form); len(es) == 0 && (!network.ValidEmail(r.Email) || r.Email != strings.ToLower(r.Email)) {
			t.Fatalf("valid sign-up %+v", r)
		}
	})
}
