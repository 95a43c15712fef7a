package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"staffnet/internal/auth"
	"staffnet/internal/members"
	"staffnet/internal/store/storetest"
)

// TestBrowserMembers opens the join form (blank, with errors, sent) and a
// lead's member list and message form in Chromium at a phone's width and
// a desktop's, with axe-core on each, and checks nothing overflows the
// phone's screen sideways.
func TestBrowserMembers(t *testing.T) {
	browser := parallelBrowser(t)
	f := netApp(t, storetest.SQLite(t))
	ctx := context.Background()
	msg := members.DemoNewsletter(f.a.Name)
	if err := f.db.AddDemoMembers(ctx, f.a.ID, members.Demo(1, f.a.ID, 30, time.Now()), members.Settings{Accepts: true, ConsentText: members.DefaultConsent}, &msg, time.Now()); err != nil {
		t.Fatal(err)
	}
	// Members who joined last month, whom a sponsor sees in whole-month
	// figures (members.Settled); those who joined this month are the lead's
	// alone.
	when, end := lastMonth()
	storeMembers(t, f, f.a.ID, 14, 3, when, "last")
	lead := netBrowserAccount(t, f.db, "lead", auth.NetworkLead, "RJ1", f.a.ID)
	sponsor := netBrowserAccount(t, f.db, "sponsor", auth.Sponsor, "RJ1", f.a.ID)
	base := "/my/networks/" + nid(f.a)
	for i, width := range []int64{390, 1280} {
		b := newTab(t, browser, f.srv.URL)
		b.do(chromedp.EmulateViewport(width, 900))
		at := func(what string) string { return fmt.Sprintf("%s at %dpx", what, width) }
		fits := func(what string) { b.fitsAt(what, width) }
		b.expect(b.open("/networks/"+nid(f.a)), http.StatusOK, "Race Equality Network")
		b.expect(b.follow(`a[href$="/join"]`), http.StatusOK, "Join Race Equality Network")
		b.axeCheck(at("join form"))
		fits("join form")
		b.expect(b.follow("main form button"), http.StatusUnprocessableEntity, "Join Race Equality Network")
		b.axeCheck(at("join form with errors"))
		b.do(chromedp.SetValue(chromedp.CSS("#name"), "Browser Member (demo)"), chromedp.SetValue(chromedp.CSS("#email"), fmt.Sprintf("browser%d@example.nhs.uk", i)))
		b.choose("ally", "no")
		b.choose("consent", "yes")
		b.expect(b.follow("main form button"), http.StatusOK, "Check your email")
		b.axeCheck(at("check your email"))
		// The link in the email, then the member's own page.
		email := fmt.Sprintf("browser%d@example.nhs.uk", i)
		b.expect(b.open(lastLink(t, f.db, email, `/networks/\d+/join/[A-Za-z0-9_-]+`)), http.StatusOK, "Confirm your membership")
		b.axeCheck(at("confirm page"))
		b.expect(b.follow("main form button"), http.StatusOK, "You have joined Race Equality Network")
		b.expect(b.open(lastLink(t, f.db, email, `/membership/[A-Za-z0-9_-]+`)), http.StatusOK, "Your membership")
		b.axeCheck(at("a member's own page"))
		fits("a member's own page")

		b.signInTo(base+"/members", lead, "Members")
		b.axeCheck(at("member list"))
		fits("member list")
		b.screenshot(fmt.Sprintf("members-list-%d", width))
		b.expect(b.open(base+"/messages"), http.StatusOK, "Messages to members")
		b.axeCheck(at("messages"))
		fits("messages")
		b.screenshot(fmt.Sprintf("members-%d", width))

		sp := newTab(t, browser, f.srv.URL)
		sp.do(chromedp.EmulateViewport(width, 900))
		sp.signInTo(base+"/members", sponsor, "Members")
		live, ms, err := f.db.MemberFigures(ctx, f.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		done, then, _ := members.Settled(ms, live, time.Now())
		want := members.Disclose(done, then, false).Members
		if got := sp.text("main p strong"); got != want || !strings.Contains(sp.text("main p"), "Members on "+end) || want == fmt.Sprint(live.Members) {
			t.Errorf("a sponsor sees %q in %q, want %s members on %s (not the %d now)", got, sp.text("main p"), want, end, live.Members)
		}
		sp.axeCheck(at("member figures for a sponsor"))
		sp.fitsAt("member figures for a sponsor", width)
		sp.screenshot(fmt.Sprintf("members-sponsor-%d", width))
	}
}
