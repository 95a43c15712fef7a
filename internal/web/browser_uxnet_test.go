package web_test

// Real-browser journeys through the network and account pages at a
// laptop's width and a phone's: every page must fit the screen (no
// horizontal scrolling, WCAG 1.4.10), pass axe-core without a serious or
// critical violation, and go forward when Enter is pressed in a form.
// Screenshots go to STAFFNET_SCREENSHOTS when it is set, for a person to
// look at.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

func TestBrowserNetworkPagesFit(t *testing.T) {
	browser := parallelBrowser(t)
	for _, width := range []int64{1280, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) { testNetworkPagesAt(t, browser, width) })
	}
}

// uxnetFixture: network a with two assessment rounds against five peers,
// a work plan with an objective overdue, terms of reference in Markdown
// and a recommendation set aside; a guide under way for the org admin.
func uxnetFixture(t *testing.T) (*netFixture, int64) {
	t.Helper()
	db := storetest.SQLite(t)
	f := netApp(t, db)
	ctx := context.Background()
	q, _ := network.DefaultQuestionnaire()
	for i := range network.MinPeers {
		n := &network.Network{OrgCode: "RQM", Type: network.TypeBME, Name: fmt.Sprintf("Peer network %d", i), Status: network.StatusActive,
			Published: []network.Field{network.FieldName}}
		if err := db.CreateNetwork(ctx, n); err != nil {
			t.Fatal(err)
		}
		assessWith(t, db, q, n.ID, "2025-01-10", 1)
	}
	assessWith(t, db, q, f.a.ID, "2024-01-10", 1)
	assessWith(t, db, q, f.a.ID, "2025-02-10", 2)
	plan := &network.WorkPlan{UpdatedOn: network.Date(2025, 2, 1), Objectives: []network.Objective{
		{Title: "Reverse mentoring for the board", Owner: "Ada Example (demo)", Status: network.InProgress, PercentDone: 30, Due: network.Date(2024, 12, 1), WRESIndicator: 7},
		{Title: "Publish WRES figures to members", Owner: "Ada Example (demo)", Status: network.Done, PercentDone: 100},
		{Title: "Facility time for the chair", Owner: "Ada Example (demo)", Status: network.Blocked},
	}}
	wp, _ := network.Dismiss(plan, network.Recommendation{RuleID: "skills_audit", Action: "Audit the leaders' skills"}, "HR runs a skills audit for every committee", "lead@example.nhs.uk", network.Date(2025, 2, 2))
	if err := db.SaveWorkPlan(ctx, f.a.ID, &wp); err != nil {
		t.Fatal(err)
	}
	if err := db.AddTermsOfReference(ctx, f.a.ID, &network.TermsOfReference{Text: "# Terms of reference\n\n## 1. Purpose\n\nFair careers for BME staff.\n\n## 2. Aims\n\n- Mentoring\n- Data",
		ApprovedOn: network.Date(2025, 1, 1), ReviewDue: network.Date(2099, 1, 1)}); err != nil {
		t.Fatal(err)
	}
	g := &store.GuideProgress{Progress: network.Progress{OrgCode: "RJ1", Type: network.TypeDisability, Answers: map[string]string{
		"network_name": "Ability Network", "purpose": "Disabled staff thrive", "meeting_pattern": "Monthly",
		"leadership_team": "Chair: Dee Example (demo)\nVice-chair: Eli Example (demo)", "champion": "Director of Workforce",
		"first_objectives": "Reasonable adjustments passport\nAccessible meeting rooms"}}}
	if err := db.SaveGuideProgress(ctx, g); err != nil {
		t.Fatal(err)
	}
	return f, g.ID
}

// noOverflow fails the test when the page is wider than the window.
func (b *tab) noOverflow(what string) {
	b.t.Helper()
	w := js[[]int](b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)
	if w[0] > w[1] {
		b.t.Errorf("%s (%s): %d px wide in a %d px window", what, b.location(), w[0], w[1])
	}
}

// check opens path, expects its h1, and checks fit and accessibility.
func (b *tab) check(path, h1, shot string, width int64) {
	b.t.Helper()
	b.expect(b.open(path), http.StatusOK, h1)
	b.noOverflow(path)
	b.axeCheck(path)
	b.noDuplicateIDs(path)
	b.screenshot(fmt.Sprintf("uxnet-%s-%d", shot, width))
}

// enter presses Enter in the field sel and returns the status of the page
// that loads.
func (b *tab) enter(sel string) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.SendKeys(chromedp.CSS(sel), kb.Enter))
	if err != nil {
		b.t.Fatalf("Enter in %s: %v", sel, err)
	}
	return int(res.Status)
}

func testNetworkPagesAt(t *testing.T, browser context.Context, width int64) {
	f, guide := uxnetFixture(t)
	base := "/my/networks/" + nid(f.a)

	// The lead: signs in with Enter and lands on the network.
	lead := netBrowserAccount(t, f.db, "lead", auth.NetworkLead, "RJ1", f.a.ID)
	b := newTab(t, browser, f.srv.URL)
	b.do(chromedp.EmulateViewport(width, 900))
	b.check("/login", "Sign in", "login", width)
	b.do(chromedp.SetValue(chromedp.CSS("#email"), lead), chromedp.SetValue(chromedp.CSS("#password"), browserPassword))
	b.expect(b.enter("#password"), http.StatusOK, "Race Equality Network")
	if loc := b.location(); loc != base {
		t.Fatalf("the lead landed on %s, want %s", loc, base)
	}
	if !strings.Contains(b.text("footer"), "Signed in as "+lead) {
		t.Error("the footer does not say who is signed in")
	}
	b.noOverflow("overview")
	b.axeCheck("overview")
	b.screenshot(fmt.Sprintf("uxnet-overview-%d", width))

	b.check(base+"/assessment/results", "Self-assessment results", "results", width)
	if n := js[int](b, `document.querySelectorAll('#chart-craft .chart__row').length`); n != 5 {
		t.Errorf("the chart has %d areas, want 5", n)
	}
	// Chart text is body size: no smaller than the page's paragraphs.
	if px := js[[]float64](b, `[parseFloat(getComputedStyle(document.querySelector('main p')).fontSize), ...[...document.querySelectorAll('#chart-craft .chart__label, #chart-craft .chart__text, #chart-craft .chart__key')].map(e => parseFloat(getComputedStyle(e).fontSize))]`); slices.Min(px[1:]) < px[0] {
		t.Errorf("chart text %v px, body %v px", px[1:], px[0])
	}
	b.check(base+"/work-plan", "Work plan", "workplan", width)
	if !strings.Contains(b.text(".network-glance"), "Overdue: 1") {
		t.Error("the work plan does not count the overdue objective")
	}
	// Enter in an objective's title saves the plan (the first button).
	b.expect(b.enter("#objectives-0-title"), http.StatusOK, "Work plan")
	if !strings.Contains(b.location(), "saved=work-plan") {
		t.Errorf("Enter on the work plan went to %s", b.location())
	}
	b.check(base+"/recommendations", "Recommendations and action plan", "recs", width)
	if !strings.Contains(b.text("main"), "HR runs a skills audit for every committee") {
		t.Error("the dismissal's reason is not shown")
	}
	b.follow(`a[href$="/dismiss"]`)
	b.noOverflow("dismiss")
	b.axeCheck("dismiss")
	b.screenshot(fmt.Sprintf("uxnet-dismiss-%d", width))
	b.check(base+"/terms", "Terms of reference", "terms", width)
	if n := js[int](b, `document.querySelectorAll('.network-doc h3, .network-doc li').length`); n < 3 {
		t.Errorf("the terms of reference are not formatted (%d headings and items)", n)
	}

	// The directory: search with Enter.
	b.check("/networks", "Staff network directory", "directory", width)
	b.do(chromedp.SetValue(chromedp.CSS("#q"), "race equality"))
	b.expect(b.enter("#q"), http.StatusOK, "Staff network directory")
	if loc := b.location(); !strings.Contains(loc, "q=race+equality") || !strings.Contains(b.text("main table"), "Race Equality Network") {
		t.Errorf("search by Enter: at %s", loc)
	}
	b.noOverflow("directory search")
	b.axeCheck("directory search")
	b.screenshot(fmt.Sprintf("uxnet-directory-search-%d", width))

	// The org admin: lands on WRES, then the guide's drafts and a step.
	edi := netBrowserAccount(t, f.db, "edi", auth.OrgAdmin, "RJ1", 0)
	c := newTab(t, browser, f.srv.URL)
	c.do(chromedp.EmulateViewport(width, 900))
	c.open("/login")
	c.do(chromedp.SetValue(chromedp.CSS("#email"), edi), chromedp.SetValue(chromedp.CSS("#password"), browserPassword))
	c.enter("#password")
	if loc := c.location(); loc != "/wres/org/RJ1" {
		t.Errorf("the org admin landed on %s", loc)
	}
	c.check("/my/networks", "Staff networks", "list", width)
	g := fmt.Sprintf("/my/start-a-network/%d", guide)
	c.check(g+"/drafts", "Drafts: business case and terms of reference", "drafts", width)
	if v := js[string](c, `document.getElementById('leaders').value`); v != "Chair: Dee Example (demo)\nVice-chair: Eli Example (demo)" {
		t.Errorf("leaders not carried from the guide: %q", v)
	}
	c.check(g+"/need", "Establish the need", "step", width)
	c.do(chromedp.SetValue(chromedp.CSS("#who_for"), "Disabled staff and allies"))
	// Enter in a step's first answer saves and tries to mark it complete:
	// the other answers are missing, so the page comes back with errors
	// that say what to enter, and the answer is kept.
	c.expect(c.enter("#who_for"), http.StatusUnprocessableEntity, "Establish the need")
	if s := c.text(".nhsuk-error-summary"); !strings.Contains(s, "Enter what you want the network to achieve") || strings.Contains(s, "Answer:") {
		t.Errorf("error summary: %s", s)
	}
	c.noOverflow("step with errors")
	c.axeCheck("step with errors")
	c.screenshot(fmt.Sprintf("uxnet-step-errors-%d", width))
}
