package network

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// DemoEvent is a synthetic event with its sign-ups.
type DemoEvent struct {
	Event Event
	RSVPs []RSVP
	// CoHostOf are other demo networks running the event too, earlier in
	// the same slice: the store reads their ids when it stores this one,
	// so they must be stored first (as storing in order does).
	CoHostOf []*Network
}

// demoLife adds meetings and events to each demo network (not closed
// ones), drawn from their own random stream so that the networks, records
// and assessments a seed gives stay as they were before meetings and
// events existed. A typical active network has met monthly for the last
// three months (minutes approved but for the latest, still a draft), has
// its next meeting announced, and has public events from the suggested
// dates, one members' event and one past event.
func demoLife(seed int64, today time.Time, out []DemoNetwork) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6c696665)) // "life"
	ss, err := Suggestions()
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	up := UpcomingSuggestions(ss, today)
	active := map[string][]int{} // organisation → its active networks, in order
	for i := range out {
		if out[i].Network.Status == StatusActive {
			active[out[i].Network.OrgCode] = append(active[out[i].Network.OrgCode], i)
		}
	}
	for i := range out {
		d := &out[i]
		if d.Network.Status == StatusClosed {
			continue
		}
		isActive := d.Network.Status == StatusActive
		at := func(day time.Time, h, m int) time.Time {
			return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, London)
		}
		hour := []int{12, 13, 17}[rng.IntN(3)]
		place := []string{"Seminar Room 2, Education Centre (demo)", "Boardroom, Main Building (demo)", "Library meeting room (demo)"}[rng.IntN(3)]
		online := "https://example.org/demo/meet/" + strings.ToLower(d.Network.OrgCode)
		past := 3
		if !isActive {
			past = 1
		}
		for k := past; k >= 1; k-- {
			day := today.AddDate(0, -k, rng.IntN(7))
			m := Meeting{Start: at(day, hour, 0), End: at(day, hour+1, 0), Place: place, OnlineURL: online,
				Agenda:     "1. Welcome and introductions\n2. Minutes and actions of the last meeting\n3. WRES data update\n4. Events and plans\n5. Any other business",
				Papers:     []Paper{{Title: "WRES summary (demo)", URL: "https://example.org/demo/papers/wres"}},
				Attendance: 6 + rng.IntN(20), Minutes: "Members discussed the latest WRES data and the work plan. (demo)",
				MinutesStatus: MinutesApproved, ApprovedOn: Day(today.AddDate(0, -k+1, 0)),
				Decisions: []string{"Share the WRES summary with all members (demo)"}, Publish: true,
				Actions: []MeetingAction{{Text: "Ask the sponsor to raise protected time at the board (demo)", Owner: "Chair"}}}
			if k == 1 && rng.Float64() < 0.5 {
				m.MinutesStatus, m.ApprovedOn = MinutesDraft, time.Time{}
			}
			d.Meetings = append(d.Meetings, m)
		}
		if isActive && rng.Float64() < 0.85 {
			day := today.AddDate(0, 0, 7+rng.IntN(35))
			d.Meetings = append(d.Meetings, Meeting{Start: at(day, hour, 0), End: at(day, hour+1, 0), Place: place, OnlineURL: online,
				Agenda: "1. Welcome\n2. Actions\n3. Events for the year\n4. Any other business", Publish: rng.Float64() < 0.8})
		}
		if !isActive {
			continue
		}
		// Public events from the suggested dates, within the next year.
		for _, u := range up {
			if rng.Float64() > 0.4 || u.ID == "staff_networks_day" && len(active[d.Network.OrgCode]) > 1 {
				continue // the networks of an organisation mark that day together (demoJoint)
			}
			e := EventFromSuggestion(u)
			if e.Start.Before(today) {
				continue
			}
			e.Place, e.Capacity = place, []int{0, 40, 80}[rng.IntN(3)]
			e.Accessibility = "Step-free access and a hearing loop; tell us about any adjustments you need. (demo)"
			d.Events = append(d.Events, DemoEvent{Event: e, RSVPs: demoRSVPs(rng, 2+rng.IntN(8))})
		}
		day := today.AddDate(0, 0, 14+rng.IntN(30))
		d.Events = append(d.Events, DemoEvent{Event: Event{Title: "Members' coffee and conversation (demo)", Start: at(day, 8, 30), End: at(day, 9, 30),
			Place: place, Visibility: VisibleMembers, Description: "An informal catch-up for members."}, RSVPs: demoRSVPs(rng, rng.IntN(6))})
		day = today.AddDate(0, -2, rng.IntN(20))
		d.Events = append(d.Events, DemoEvent{Event: Event{Title: "Career development masterclass (demo)", Start: at(day, 13, 0), End: at(day, 15, 0),
			Place: place, OnlineURL: online, Visibility: VisiblePublic, Capacity: 30, Description: "Applications, interviews and the talent pipeline."},
			RSVPs: demoRSVPs(rng, 10+rng.IntN(15))})
	}
	demoJoint(rng, ss, today, out, active)
}

// demoJoint gives each organisation with two or more active networks a
// joint event for the National Day for Staff Networks, run by its last
// active network with the others as co-hosts.
func demoJoint(rng *rand.Rand, ss []Suggestion, today time.Time, out []DemoNetwork, active map[string][]int) {
	s, ok := FindSuggestion(ss, "staff_networks_day")
	if !ok {
		return
	}
	first, _ := s.Rule.In(today.Year())
	if first.Before(today) {
		first, _ = s.Rule.In(today.Year() + 1)
	}
	for _, org := range sortedKeys(active) {
		idx := active[org]
		if len(idx) < 2 {
			continue
		}
		host := &out[idx[len(idx)-1]]
		e := EventFromSuggestion(Upcoming{Suggestion: s, First: first, Last: first})
		e.Title = "National Day for Staff Networks: all our networks together (demo)"
		e.Place, e.Capacity = "Atrium, Main Building (demo)", 120
		de := DemoEvent{Event: e, RSVPs: demoRSVPs(rng, 5+rng.IntN(15))}
		for _, i := range idx[:len(idx)-1] {
			de.CoHostOf = append(de.CoHostOf, &out[i].Network)
		}
		host.Events = append(host.Events, de)
	}
}

func sortedKeys(m map[string][]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// demoRSVPs makes k sign-ups with invented names and example addresses.
func demoRSVPs(rng *rand.Rand, k int) []RSVP {
	var out []RSVP
	seen := map[string]bool{}
	for j := range k {
		p := demoPeople[rng.IntN(len(demoPeople))]
		email := fmt.Sprintf("%s.%d@example.org", strings.ToLower(strings.ReplaceAll(p, " ", ".")), j)
		if !seen[email] {
			seen[email] = true
			out = append(out, RSVP{Name: p + " (demo)", Email: email})
		}
	}
	return out
}
