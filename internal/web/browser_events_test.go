package web_test

// Real-browser tests of the event pages: the public event page and
// sign-up form (with and without errors) and the network page listing
// events, at a phone's width (390 px) and a desktop's (1280 px), with
// axe-core on each; and a lead's event and meeting forms.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store/storetest"
)

func TestBrowserEvents(t *testing.T) {
	browser := parallelBrowser(t)
	f := netApp(t, storetest.SQLite(t))
	ctx := context.Background()
	start := time.Now().AddDate(0, 0, 30)
	start = time.Date(start.Year(), start.Month(), start.Day(), 12, 30, 0, 0, network.London)
	e := &network.Event{NetworkID: f.a.ID, Title: "Black History Month talk", Description: "A talk, with questions.", Start: start,
		End: start.Add(time.Hour), Place: "Lecture theatre", OnlineURL: "https://example.org/join", Accessibility: "Step-free access; captions online",
		Capacity: 50, Visibility: network.VisiblePublic, CoHosts: []int64{f.c.ID}}
	if err := f.db.CreateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	m := &network.Meeting{NetworkID: f.a.ID, Start: start.AddDate(0, 0, 1), End: start.AddDate(0, 0, 1).Add(time.Hour), Place: "Room 2", Publish: true}
	if err := f.db.CreateMeeting(ctx, m); err != nil {
		t.Fatal(err)
	}
	event := fmt.Sprintf("/networks/%d/events/%d", f.a.ID, e.ID)
	for _, width := range []int64{390, 1280} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			b := newTab(t, browser, f.srv.URL)
			b.do(chromedp.EmulateViewport(width, 900))
			b.expect(b.open(fmt.Sprintf("/networks/%d", f.a.ID)), http.StatusOK, "Race Equality Network")
			b.axeCheck("network page with events")
			b.screenshot(fmt.Sprintf("network-%d", width))
			b.expect(b.follow(`a[href="`+event+`"]`), http.StatusOK, e.Title)
			b.axeCheck("event page")
			b.screenshot(fmt.Sprintf("event-%d", width))
			b.expect(b.follow(`a[href="`+event+`/rsvp"]`), http.StatusOK, "Sign up")
			b.axeCheck("sign-up form")
			b.typeInto("#name", "Ada Example")
			b.typeInto("#email", "not an email")
			b.expect(b.follow(`form button[type=submit]`), http.StatusUnprocessableEntity, "Sign up")
			b.axeCheck("sign-up form with an error")
			b.screenshot(fmt.Sprintf("rsvp-error-%d", width))
			if got := b.text(".nhsuk-error-summary a"); got == "" {
				t.Error("no error summary")
			}
			js[bool](b, fmt.Sprintf(`(document.getElementById('email').value = 'ada%d@example.nhs.uk', true)`, width))
			b.expect(b.follow(`form button[type=submit]`), http.StatusOK, e.Title)
			b.axeCheck("event page after signing up")
		})
	}
	b := newTab(t, browser, f.srv.URL)
	base := "/my/networks/" + nid(f.a)
	b.signInTo(base, netBrowserAccount(t, f.db, "lead", auth.NetworkLead, "RJ1", f.a.ID), "Race Equality Network")
	for _, p := range []string{"/events", "/events/new", fmt.Sprintf("/events/%d", e.ID), "/meetings", "/meetings/new", fmt.Sprintf("/meetings/%d", m.ID)} {
		if st := b.open(base + p); st != http.StatusOK {
			t.Fatalf("%s: %d", p, st)
		}
		b.axeCheck(p)
		b.noDuplicateIDs(p)
		b.screenshot("lead" + strings.ReplaceAll(p, "/", "-"))
	}
	// The event form with errors.
	b.open(base + "/events/new")
	b.expect(b.follow(`.network-buttons button`), http.StatusUnprocessableEntity, "Add an event")
	b.axeCheck("event form with errors")
	b.open(base + "/meetings/new")
	b.expect(b.follow(`.network-buttons button`), http.StatusUnprocessableEntity, "Add a meeting")
	b.axeCheck("meeting form with errors")
}
