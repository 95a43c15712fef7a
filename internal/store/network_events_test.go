package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"staffnet/internal/network"
	"staffnet/internal/store"
)

func TestMeetings(t *testing.T) {
	eachWithNet(t, func(t *testing.T, db *store.DB, a *network.Network) {
		ctx := context.Background()
		b := addNet(t, db, "RBB", network.TypeBME, network.StatusActive)
		future := time.Now().AddDate(0, 1, 0).Truncate(time.Minute)
		m := &network.Meeting{NetworkID: a.ID, Start: future, End: future.Add(time.Hour), Place: "Room 1, Education Centre",
			Papers: []network.Paper{{Title: "Agenda", URL: "https://example.org/a"}}, Attendees: []string{"Ada"}, AttendeesConsent: false,
			Actions: []network.MeetingAction{{Text: "Ask the board for protected time", Owner: "Chair"}}}
		if err := db.CreateMeeting(ctx, m); err != nil || m.ID == 0 || m.UID == "" {
			t.Fatalf("create: %v %+v", err, m)
		}
		got, err := db.Meeting(ctx, a.ID, m.ID)
		if err != nil || !got.Start.Equal(future) || got.Place != m.Place || len(got.Papers) != 1 {
			t.Fatalf("read back %+v %v", got, err)
		}
		if len(got.Attendees) != 0 {
			t.Error("names stored without consent")
		}
		// Another network's id never reaches this meeting.
		if _, err := db.Meeting(ctx, b.ID, m.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("meeting through another network: %v", err)
		}
		other := *got
		other.NetworkID = b.ID
		if err := db.UpdateMeeting(ctx, &other); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update through another network: %v", err)
		}
		// An update keeps the UID and counts a change.
		got.Place = "Room 2"
		if err := db.UpdateMeeting(ctx, got); err != nil {
			t.Fatal(err)
		}
		again, _ := db.Meeting(ctx, a.ID, m.ID)
		if again.UID != m.UID || again.Sequence != 1 || again.Place != "Room 2" {
			t.Errorf("after update: uid %q seq %d place %q", again.UID, again.Sequence, again.Place)
		}
		// The overview's next-meeting date comes from the meeting.
		rec, err := db.Records(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := network.Day(future.In(network.London)); !rec.NextMeeting.Equal(want) {
			t.Errorf("NextMeeting %v, want %v", rec.NextMeeting, want)
		}
		if fl := network.Flags(a, rec, network.Day(time.Now())); hasFlag(fl, network.FlagNoNextMeeting) {
			t.Error("no_next_meeting flagged with a meeting scheduled")
		}
		// A network with only the old hand-kept date still has it.
		old := network.Day(time.Now().AddDate(0, 2, 0))
		if err := db.SaveMeetings(ctx, b.ID, time.Time{}, old); err != nil {
			t.Fatal(err)
		}
		if rb, _ := db.Records(ctx, b.ID); !rb.NextMeeting.Equal(old) {
			t.Errorf("old NextMeeting lost: %v", rb.NextMeeting)
		}
		// Only published meetings reach the public page.
		if _, err := db.NextMeeting(ctx, a.ID, time.Now(), true); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unpublished next meeting: %v", err)
		}
		if n, err := db.NextMeeting(ctx, a.ID, time.Now(), false); err != nil || n.ID != m.ID {
			t.Errorf("next meeting %v %v", n, err)
		}
		// An action becomes an objective once.
		if err := db.ActionToObjective(ctx, a.ID, m.ID, 0, network.Day(time.Now())); err != nil {
			t.Fatal(err)
		}
		if err := db.ActionToObjective(ctx, a.ID, m.ID, 0, network.Day(time.Now())); !errors.Is(err, store.ErrAlreadyAdded) {
			t.Errorf("second add: %v", err)
		}
		if err := db.ActionToObjective(ctx, b.ID, m.ID, 0, network.Day(time.Now())); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("add through another network: %v", err)
		}
		plans, _ := db.WorkPlans(ctx, a.ID)
		if len(plans) != 1 || len(plans[0].Objectives) != 1 || plans[0].Objectives[0].FromMeeting != m.ID || plans[0].Objectives[0].Owner != "Chair" {
			t.Errorf("work plan %+v", plans)
		}
	})
}

func hasFlag(fs []network.Flag, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

func TestEvents(t *testing.T) {
	eachWithNet(t, func(t *testing.T, db *store.DB, a *network.Network) {
		ctx := context.Background()
		a2 := addNet(t, db, "RAA", network.TypeLGBTI, network.StatusActive)
		c := addNet(t, db, "RCC", network.TypeBME, network.StatusActive)
		now := time.Now()
		start := now.AddDate(0, 0, 10).Truncate(time.Minute)
		joint := &network.Event{NetworkID: a.ID, Title: "Windrush Day lunch", Start: start, End: start.Add(time.Hour), Place: "Atrium",
			Capacity: 2, Visibility: network.VisiblePublic, CoHosts: []int64{c.ID}}
		private := &network.Event{NetworkID: a.ID, Title: "Members' planning", Start: start, End: start.Add(time.Hour), Place: "Room 3",
			Visibility: network.VisibleMembers}
		other := &network.Event{NetworkID: a2.ID, Title: "Pride picnic", Start: start.Add(time.Hour), End: start.Add(2 * time.Hour), Place: "Park",
			Visibility: network.VisiblePublic}
		for _, e := range []*network.Event{joint, private, other} {
			if err := db.CreateEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		// A missing co-host stores nothing.
		bad := &network.Event{NetworkID: a.ID, Title: "X", Start: start, End: start.Add(time.Hour), Place: "P", Visibility: network.VisiblePublic, CoHosts: []int64{999999}}
		if err := db.CreateEvent(ctx, bad); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown co-host: %v", err)
		}
		titles := func(f store.EventFilter) []string {
			es, err := db.Events(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range es {
				out = append(out, e.Title)
			}
			return out
		}
		eq := func(what string, got []string, want ...string) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s: %q, want %q", what, got, want)
				return
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s: %q, want %q", what, got, want)
				}
			}
		}
		eq("a's events", titles(store.EventFilter{NetworkID: a.ID}), "Windrush Day lunch", "Members' planning")
		eq("a's public events", titles(store.EventFilter{NetworkID: a.ID, Public: true}), "Windrush Day lunch")
		eq("c co-hosts", titles(store.EventFilter{NetworkID: c.ID, Public: true}), "Windrush Day lunch")
		eq("RAA feed", titles(store.EventFilter{Org: "RAA", Public: true}), "Windrush Day lunch", "Pride picnic")
		eq("RCC feed", titles(store.EventFilter{Org: "RCC", Public: true}), "Windrush Day lunch")
		eq("RBB feed", titles(store.EventFilter{Org: "RBB", Public: true}))
		eq("after the events", titles(store.EventFilter{Org: "RAA", From: start.Add(3 * time.Hour)}))

		// The co-host sees the event; a third network does not.
		if e, err := db.Event(ctx, c.ID, joint.ID); err != nil || len(e.CoHosts) != 1 || e.CoHosts[0] != c.ID || e.Host.ID != a.ID {
			t.Errorf("co-host reads %+v %v", e, err)
		}
		if _, err := db.Event(ctx, a2.ID, joint.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unrelated network reads the event: %v", err)
		}
		// Only the host changes it; the UID stays.
		upd := *joint
		upd.NetworkID = c.ID
		if err := db.UpdateEvent(ctx, &upd); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("co-host updates: %v", err)
		}
		upd = *joint
		upd.Title = "Windrush Day lunch and talk"
		upd.CoHosts = nil
		if err := db.UpdateEvent(ctx, &upd); err != nil {
			t.Fatal(err)
		}
		e, _ := db.Event(ctx, a.ID, joint.ID)
		if e.UID != joint.UID || e.Sequence != 1 || len(e.CoHosts) != 0 {
			t.Errorf("after update %+v", e)
		}

		// Sign-ups: one per address, up to capacity, not after the end.
		ok := func(name, email string) error {
			return db.AddRSVP(ctx, joint.ID, network.RSVP{Name: name, Email: email}, now)
		}
		if err := ok("Ada", "ada@example.nhs.uk"); err != nil {
			t.Fatal(err)
		}
		if err := ok("Ada again", "ada@example.nhs.uk"); !errors.Is(err, network.ErrAlreadySignedUp) {
			t.Errorf("duplicate: %v", err)
		}
		if err := ok("Bo", "bo@example.nhs.uk"); err != nil {
			t.Fatal(err)
		}
		if err := ok("Cy", "cy@example.nhs.uk"); !errors.Is(err, network.ErrEventFull) {
			t.Errorf("over capacity: %v", err)
		}
		if err := db.AddRSVP(ctx, other.ID, network.RSVP{Name: "Di", Email: "di@example.nhs.uk"}, start.Add(3*time.Hour)); !errors.Is(err, network.ErrEventOver) {
			t.Errorf("after the end: %v", err)
		}
		rs, _ := db.RSVPs(ctx, joint.ID)
		if len(rs) != 2 || rs[0].Name != "Ada" {
			t.Errorf("RSVPs %+v", rs)
		}
		if e, _ := db.Event(ctx, a.ID, joint.ID); e.Taken != 2 {
			t.Errorf("taken %d", e.Taken)
		}
		signed, err := db.SignedUp(ctx, "ada@example.nhs.uk", []int64{joint.ID, other.ID})
		if err != nil || !signed[joint.ID] || signed[other.ID] || len(signed) != 1 {
			t.Errorf("SignedUp %v %v", signed, err)
		}
		if signed, err := db.SignedUp(ctx, "di@example.nhs.uk", []int64{joint.ID, other.ID}); err != nil || len(signed) != 0 {
			t.Errorf("SignedUp of one refused %v %v", signed, err)
		}
	})
}

// TestRSVPLastPlace: many people try for the last place at once; exactly
// one gets it, the rest are told the event is full.
func TestRSVPLastPlace(t *testing.T) {
	eachWithNet(t, func(t *testing.T, db *store.DB, a *network.Network) {
		ctx := context.Background()
		start := time.Now().AddDate(0, 0, 3)
		e := &network.Event{NetworkID: a.ID, Title: "Talk", Start: start, End: start.Add(time.Hour), Place: "Hall", Capacity: 1, Visibility: network.VisiblePublic}
		if err := db.CreateEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
		const n = 8
		errs := make(chan error, n)
		for i := range n {
			go func() {
				errs <- db.AddRSVP(ctx, e.ID, network.RSVP{Name: "P", Email: fmt.Sprintf("p%d@example.nhs.uk", i)}, time.Now())
			}()
		}
		var ok, full int
		for range n {
			switch err := <-errs; {
			case err == nil:
				ok++
			case errors.Is(err, network.ErrEventFull):
				full++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if rs, _ := db.RSVPs(ctx, e.ID); ok != 1 || full != n-1 || len(rs) != 1 {
			t.Errorf("%d signed up, %d told full, %d stored", ok, full, len(rs))
		}
	})
}
