package web_test

// Real-browser tests of the pages for signed-in staff: survey findings
// (dashboard, comments, publishing, the public copies and the printable
// report) and the WRES dashboards and upload. TestBrowser in
// browser_test.go runs them.

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"staffnet/internal/auth"
	"staffnet/internal/report"
	reportrender "staffnet/internal/report/render"
	"staffnet/internal/responses"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/wres"
	"staffnet/internal/wres/render"
	"staffnet/internal/wresio"
)

const browserPassword = "correct horse battery"

// browserHash hashes the password once: argon2id is slow by design.
var browserHash = sync.OnceValue(func() string { return auth.HashPassword(browserPassword) })

// addAccount adds an account with this role, in the organisation orgOf
// gives it, and returns its email address.
func addAccount(t *testing.T, db *store.DB, role auth.Role) string {
	t.Helper()
	email := string(role) + "@example.nhs.uk"
	u := store.User{Email: email, Role: role, Org: orgOf[role], PasswordHash: browserHash()}
	if _, err := db.AddUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	return email
}

// signInTo opens path signed out, signs in as email on the form that
// leads to, and checks that it comes back to path with the h1 given.
func (b *tab) signInTo(path, email, h1 string) {
	b.t.Helper()
	b.expect(b.open(path), http.StatusOK, "Sign in")
	// Filled in at once rather than typed key by key, which the survey
	// tests already do and which takes a while.
	b.do(chromedp.SetValue(chromedp.CSS("#email"), email), chromedp.SetValue(chromedp.CSS("#password"), browserPassword))
	b.expect(b.follow("main form button"), http.StatusOK, h1)
	if loc := b.location(); loc != path {
		b.t.Fatalf("after signing in: at %s, want %s", loc, path)
	}
}

// noDuplicateIDs fails the test if two elements share an id, as they
// would if a page held the same figures twice; WCAG 2.2 dropped the axe
// rules that looked for this, but aria-labelledby still needs it.
func (b *tab) noDuplicateIDs(what string) {
	b.t.Helper()
	if dup := js[[]string](b, `(() => {
		const seen = new Set(), dup = new Set();
		for (const e of document.querySelectorAll('[id]')) (seen.has(e.id) ? dup : seen).add(e.id);
		return [...dup];
	})()`); len(dup) > 0 {
		b.t.Errorf("%s: duplicate ids %q", what, dup)
	}
}

// openStandalone renders a downloadable HTML page with write, serves it
// as the server sends it (minus the attachment header, which would make
// Chromium save it rather than show it), opens it and runs axe on it.
func openStandalone(t *testing.T, browser context.Context, what string, write func(io.Writer) error) *tab {
	t.Helper()
	var page bytes.Buffer
	if err := write(&page); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
		w.Write(page.Bytes())
	}))
	t.Cleanup(ts.Close)
	b := newTab(t, browser, ts.URL)
	if st := b.open("/"); st != http.StatusOK {
		t.Fatalf("%s: status %d", what, st)
	}
	b.axeCheck(what)
	b.noDuplicateIDs(what)
	return b
}

// testFindings filters and breaks down the findings dashboard as an
// analyst, reads the comments, publishes a view as an admin and reads it
// signed out, running axe on every page, and on the printable report.
func testFindings(t *testing.T, browser context.Context) {
	db := storetest.SQLite(t)
	ts, _ := browserServer(t, db)
	seed(t, db, 400, 3)
	ctx := context.Background()
	dashboard := "/admin/surveys/" + slug + "/findings"
	respondents := func(b *tab) int {
		t.Helper()
		n, err := strconv.Atoi(b.text(".headlines li strong"))
		if err != nil {
			t.Fatalf("respondents headline: %v", err)
		}
		return n
	}

	an := newTab(t, browser, ts.URL)
	an.signInTo(dashboard, addAccount(t, db, auth.Analyst), "Findings")
	if n := respondents(an); n != 400 {
		t.Errorf("dashboard shows %d respondents, want 400", n)
	}
	// The filter's checkboxes are inside a closed <details>: open it, as a
	// person would, before ticking.
	an.click(`details:has(input[name="f.has_bme_network"]) summary`)
	an.choose("f.has_bme_network", "yes")
	an.do(chromedp.SetValue(chromedp.CSS("#by"), "occupation"))
	an.expect(an.follow(`form[action$="/findings"] button[type="submit"]`), http.StatusOK, "Findings")
	an.axeCheck("findings, filtered and broken down")
	an.noDuplicateIDs("findings, filtered and broken down")
	if q, _ := url.ParseQuery(strings.TrimPrefix(an.location(), dashboard+"?")); q.Get("f.has_bme_network") != "yes" || q.Get("by") != "occupation" {
		t.Errorf("Show figures went to %s", an.location())
	}
	// The filters fold away, figures first; the summary says who is shown.
	if !an.checked("f.has_bme_network", "yes") || !strings.HasPrefix(an.text(".findings-summary__showing"), "Showing: Yes, broken down by") {
		t.Errorf("the chosen filter is not ticked or not in the summary: %q", an.text(".findings-summary__showing"))
	}
	if n := respondents(an); n <= 0 || n >= 400 {
		t.Errorf("filtered view shows %d respondents, want fewer than 400", n)
	}
	if !js[bool](an, `[...document.querySelectorAll('.crosstab__caption')].some(c => c.textContent.includes('by Which staff group best describes your role?'))`) {
		t.Error("no breakdown by occupation")
	}

	// The links carry the view: downloads and comments are of the same group.
	query := func(sel string) url.Values {
		t.Helper()
		u, err := url.Parse(run(an, chromedp.AttributeValue(chromedp.CSS(sel), "href")).Value)
		if err != nil {
			t.Fatal(err)
		}
		return u.Query()
	}
	for _, sel := range []string{`a[href*="format=html"]`, `a[href*="/comments/benefits_comment"]`} {
		if q := query(sel); q.Get("f.has_bme_network") != "yes" || q.Get("by") != "occupation" {
			t.Errorf("%s links to a view without the filter and breakdown: %v", sel, q)
		}
	}
	an.expect(an.follow(`a[href*="/comments/benefits_comment"]`), http.StatusOK, "What benefits could a BME staff network bring to staff and to your organisation?")
	an.axeCheck("free-text comments")
	if q := query(`main a[href*="/findings?"]`); q.Get("f.has_bme_network") != "yes" {
		t.Errorf("Back to the figures loses the filter: %v", q)
	}

	const title = "Clinical staff, 2016"
	ad := newTab(t, browser, ts.URL)
	ad.signInTo(dashboard, addAccount(t, db, auth.Admin), "Findings")
	ad.expect(ad.open(dashboard+"?f.occupation=clinical"), http.StatusOK, "Findings")
	ad.do(chromedp.Clear(chromedp.CSS("#title")))
	ad.typeInto("#title", title)
	ad.do(chromedp.SetValue(chromedp.CSS("#commentary"), "Most clinical staff answered."))
	ad.expect(ad.follow(`form[action$="/publish"] button`), http.StatusOK, "Check before you publish")
	ad.axeCheck("check before publishing")
	ad.expect(ad.follow(`form[action$="/publish"] button[type="submit"]:not([name])`), http.StatusOK, title)
	published := ad.location()
	if !strings.HasPrefix(published, "/findings/") {
		t.Fatalf("publishing went to %s", published)
	}

	pub := newTab(t, browser, ts.URL)
	pub.expect(pub.open("/findings"), http.StatusOK, "Published findings")
	pub.axeCheck("published findings list")
	pub.expect(pub.follow(`main a[href="`+published+`"]`), http.StatusOK, title)
	pub.axeCheck("published view, signed out")
	pub.noDuplicateIDs("published view")
	if !strings.Contains(pub.text("main"), "Which staff group best describes your role? — Clinical") {
		t.Errorf("published view does not say who it includes")
	}

	// The printable report, filtered and broken down so that it has
	// crosstabs, as ?format=html sends it.
	sv, err := db.Survey(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := responses.Dataset(ctx, db, sv, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := report.ParseFilter("has_bme_network=yes")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ds.Report(report.Options{Filters: []report.Filter{f}, By: "occupation"})
	if err != nil {
		t.Fatal(err)
	}
	b := openStandalone(t, browser, "printable findings report", func(w io.Writer) error { return reportrender.HTML(w, rep) })
	if n := js[int](b, `document.querySelectorAll('figure.chart').length`); n < 5 {
		t.Errorf("printable report has %d charts", n)
	}
}

// testWRES runs axe on the WRES dashboards as a network lead and a
// national viewer, and on the upload form and its error state as an
// organisation admin, and on the standalone WRES report.
func testWRES(t *testing.T, browser context.Context) {
	a := wresApp(t, storetest.SQLite(t))
	ctx := context.Background()

	lead := newTab(t, browser, a.srv.URL)
	lead.signInTo("/wres/org/RJ1", addAccount(t, a.db, auth.NetworkLead), "Guy's and St Thomas' NHS Foundation Trust")
	lead.axeCheck("WRES network view")
	lead.noDuplicateIDs("WRES network view")
	if !strings.Contains(lead.text(".nhsuk-inset-text"), "fewer than 11 people") {
		t.Error("network view does not say it is suppressed")
	}

	nat := newTab(t, browser, a.srv.URL)
	nat.signInTo("/wres", addAccount(t, a.db, auth.NationalViewer), "Workforce Race Equality Standard")
	nat.axeCheck("WRES index")
	for _, p := range []struct{ path, h1 string }{
		{"/wres/region/Y56", "London"},
		{"/wres/national", "England"},
	} {
		nat.expect(nat.open(p.path), http.StatusOK, p.h1)
		nat.axeCheck(p.path)
		nat.noDuplicateIDs(p.path)
	}

	// An upload with a bad row, through the real file input.
	bad := filepath.Join(t.TempDir(), "return.csv")
	csv := "organisation_code,year,measure,ethnicity,staff_group,band,value\nRJ1,2025,headcount,white,,,100\nRJ1,2025,headcount,purple,,,5\n"
	if err := os.WriteFile(bad, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	up := newTab(t, browser, a.srv.URL)
	up.signInTo("/wres/upload", addAccount(t, a.db, auth.OrgAdmin), "Upload a WRES return")
	up.axeCheck("WRES upload form")
	up.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{bad}))
	up.expect(up.follow(`form[action="/wres/upload"] button`), http.StatusUnprocessableEntity, "Upload a WRES return")
	up.axeCheck("WRES upload with an error")
	if s := up.text(".nhsuk-error-summary__list"); !strings.Contains(s, "row 3, column ethnicity") {
		t.Errorf("error summary: %q", s)
	}
	if !strings.Contains(up.text("#file-error"), "row 3, column ethnicity") {
		t.Errorf("error message by the file input: %q", up.text("#file-error"))
	}
	up.click(`.nhsuk-error-summary a[href="#file"]`)
	if id := js[string](up, `document.activeElement.id`); id != "file" {
		t.Errorf("error summary link moved focus to %q, want the file input", id)
	}

	// The standalone report ?format=html sends a network lead; the
	// national dashboard above has the figures only England's has.
	rep, err := wresio.Report(ctx, a.db, wres.Scope{Kind: wres.ScopeOrganisation, Code: "RJ1"}, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	b := openStandalone(t, browser, "standalone WRES report, network view", func(w io.Writer) error {
		return render.HTML(w, wres.Suppress(rep, wres.DefaultThreshold))
	})
	if n := js[int](b, `document.querySelectorAll('figure.chart').length`); n < 2 {
		t.Errorf("standalone WRES report has %d charts, want the trend and the profile", n)
	}
}
