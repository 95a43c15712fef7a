package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// TestMemberEventSignUp: a confirmed member signs up for a members-only
// event from their own membership page, with the name and email of their
// membership; a second sign-up, a full event and a past one are refused
// with the reason in the error summary and nothing changes; a member of
// another network gets 404; the lead sees the member's name.
func TestMemberEventSignUp(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := netApp(t, db)
		leadA, csrfA := netAccount(t, f.app, "lead-a", auth.NetworkLead, "RJ1", f.a.ID)
		leadB, csrfB := netAccount(t, f.app, "lead-b", auth.NetworkLead, "RJ1", f.b.ID)
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		acceptMembers(t, leadA, csrfA, base)
		acceptMembers(t, leadB, csrfB, f.srv.URL+"/my/networks/"+nid(f.b))

		day := time.Now().In(network.London).AddDate(0, 0, 10)
		start := time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, network.London)
		mk := func(net int64, title string, start time.Time, capacity int, coHosts ...int64) *network.Event {
			e := &network.Event{NetworkID: net, Title: title, Start: start, End: start.Add(time.Hour), Place: "Atrium",
				Capacity: capacity, Visibility: network.VisibleMembers, CoHosts: coHosts}
			if err := db.CreateEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
			return e
		}
		small := mk(f.a.ID, "Members' lunch", start, 1)
		past := mk(f.a.ID, "Last month's lunch", start.AddDate(0, 0, -40), 0)
		pride := mk(f.b.ID, "Pride members' picnic", start, 0)
		joint := mk(f.c.ID, "Joint members' forum", start.Add(24*time.Hour), 0, f.a.ID)

		zara := f.srv.URL + joinAndConfirm(t, f, nid(f.a), "zara.member@example.nhs.uk", nil)
		yusuf := f.srv.URL + joinAndConfirm(t, f, nid(f.a), "yusuf.member@example.nhs.uk", nil)
		xena := f.srv.URL + joinAndConfirm(t, f, nid(f.b), "xena.member@example.nhs.uk", nil)
		c := &http.Client{}
		at := func(manage string, e *network.Event) string { return fmt.Sprintf("%s/events/%d", manage, e.ID) }
		taken := func(e *network.Event) int {
			t.Helper()
			rs, err := db.RSVPs(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(rs)
		}

		// The page lists the network's own and co-hosted upcoming events,
		// not another network's or past ones.
		code, page := body(t, c, zara)
		if code != 200 || !strings.Contains(page, "Members&#39; lunch") || !strings.Contains(page, "Joint members&#39; forum") ||
			!strings.Contains(page, "Sign up") || strings.Contains(page, "Pride members") || strings.Contains(page, "Last month") {
			t.Fatalf("membership page %d:\n%s", code, page)
		}

		// Signing up.
		code, loc, _ := postForm(t, c, at(zara, small), nil)
		if code != http.StatusSeeOther || taken(small) != 1 {
			t.Fatalf("sign up: %d, %d taken", code, taken(small))
		}
		if _, page := body(t, c, f.srv.URL+loc); !strings.Contains(page, "You are signed up") || !strings.Contains(page, "Cancel my place") {
			t.Error("after signing up, no confirmation or no cancel button")
		}
		if rs, _ := db.RSVPs(ctx, small.ID); rs[0].Email != "zara.member@example.nhs.uk" || rs[0].Name != memberName {
			t.Errorf("sign-up %+v", rs[0])
		}

		// Refusals: the reason in the error summary, nothing changed.
		refused := func(name, u string, e *network.Event, want string) {
			t.Helper()
			before := taken(e)
			code, _, page := postForm(t, c, u, nil)
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, "nhsuk-error-summary") ||
				!strings.Contains(page, fmt.Sprintf(`href="#event-%d"`, e.ID)) || !strings.Contains(page, want) {
				t.Errorf("%s: %d, want %q in the error summary", name, code, want)
			}
			if taken(e) != before {
				t.Errorf("%s changed the sign-ups", name)
			}
		}
		refused("duplicate", at(zara, small), small, "You have already signed up for this event")
		refused("capacity", at(yusuf, small), small, "This event is full")
		refused("past", at(zara, past), past, "This event has already happened")
		refused("cancel without a place", at(zara, joint)+"/cancel", joint, "You have no place at this event to cancel")

		// Another network's member: not found, nothing changed.
		if code, _, _ := postForm(t, c, at(xena, small), nil); code != http.StatusNotFound || taken(small) != 1 {
			t.Errorf("another network's member: %d, %d taken", code, taken(small))
		}
		if code, _, _ := postForm(t, c, at(zara, pride), nil); code != http.StatusNotFound || taken(pride) != 0 {
			t.Errorf("another network's event: %d", code)
		}
		if code, _, _ := postForm(t, c, f.srv.URL+"/membership/not-a-token/events/"+fmt.Sprint(small.ID), nil); code != http.StatusNotFound {
			t.Errorf("dead link: %d", code)
		}

		// A co-hosted members-only event takes the co-host's members.
		if code, _, _ := postForm(t, c, at(yusuf, joint), nil); code != http.StatusSeeOther || taken(joint) != 1 {
			t.Errorf("co-hosted event: %d", code)
		}

		// The lead sees the member's name in the sign-up list.
		if _, page := body(t, leadA, fmt.Sprintf("%s/events/%d", base, small.ID)); !strings.Contains(page, memberName) ||
			!strings.Contains(page, "zara.member@example.nhs.uk") {
			t.Error("the lead's sign-up list has no member")
		}

		// Cancelling frees the place for the next member.
		if code, loc, _ := postForm(t, c, at(zara, small)+"/cancel", nil); code != http.StatusSeeOther || !strings.Contains(loc, "signed=off") || taken(small) != 0 {
			t.Errorf("cancel: %d %s", code, loc)
		}
		if code, _, _ := postForm(t, c, at(yusuf, small), nil); code != http.StatusSeeOther || taken(small) != 1 {
			t.Errorf("sign up after a cancel: %d", code)
		}
	})
}
