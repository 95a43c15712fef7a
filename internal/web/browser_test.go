package web_test

// Real-browser tests: headless Chromium answers the survey by clicking
// labels and buttons, and axe-core checks every page it sees against WCAG
// 2.2 AA. They skip when Chromium or axe-core (npm ci) is missing, unless
// STAFFNET_REQUIRE_BROWSER=1, as in CI.
//
// STAFFNET_SCREENSHOTS=DIR saves screenshots of a question page and the
// check page there.

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"staffnet/internal/store/storetest"
	"staffnet/internal/survey"
)

const (
	surveyPath = "/s/" + survey.MappingSlug
	surveyName = "Mapping BME staff networks in the NHS"
	checkH1    = "Check your answers before sending them"
	continueB  = `button.nhsuk-button[name="_action"][value="continue"]`
	contactB   = `form[action$="/contact"] button`
)

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// TestBrowser runs the survey and staff browser tests one after another;
// each subtest has its own server, database and browser context (no
// shared cookies or cache).
func TestBrowser(t *testing.T) {
	browser := parallelBrowser(t)
	t.Run("SurveyRoutes", func(t *testing.T) { testSurveyRoutes(t, browser) })
	t.Run("WithoutJavaScript", func(t *testing.T) { testWithoutJavaScript(t, browser) })
	t.Run("Anonymity", func(t *testing.T) { testAnonymity(t, browser) })
	t.Run("PublicPages", func(t *testing.T) { testPublicPages(t, browser) })
	// Staff pages, in browser_staff_test.go.
	t.Run("Findings", func(t *testing.T) { testFindings(t, browser) })
	t.Run("WRES", func(t *testing.T) { testWRES(t, browser) })
	t.Run("Accounts", func(t *testing.T) { testAccounts(t, browser) })
	t.Run("OIDC", func(t *testing.T) { testOIDC(t, browser) })
	t.Run("Invite", func(t *testing.T) { testInvite(t, browser) })
}

// testSurveyRoutes answers the survey along both routes with
// JavaScript on, runs axe on every page and state it sees, and checks what
// was stored.
func testSurveyRoutes(t *testing.T, browser context.Context) {
	db := storetest.SQLite(t)
	ts, rec := browserServer(t, db)
	b := newTab(t, browser, ts.URL)

	// Route 1: the organisation has a BME network.
	b.expect(b.open(surveyPath), http.StatusOK, surveyName)
	b.axeCheck("start page")
	// The NHS.UK stylesheet and scripts load despite the strict CSP.
	if bg := js[string](b, `getComputedStyle(document.querySelector('.nhsuk-header')).backgroundColor`); bg != "rgb(0, 94, 184)" {
		t.Errorf("header background %q: NHS.UK stylesheet not applied", bg)
	}
	if !js[bool](b, `document.body.classList.contains('nhsuk-frontend-supported')`) {
		t.Errorf("NHS.UK frontend JavaScript is not running")
	}
	b.expect(b.follow("main form button"), http.StatusOK, "About your work")
	b.axeCheck("about_you")
	b.screenshot("question-page")
	b.choose("region", "london")
	b.choose("occupation", "clinical")

	b.expect(b.follow(continueB), http.StatusOK, "Staff networks where you work")
	b.axeCheck("networks")
	b.choose("has_bme_network", "yes")
	b.choose("other_networks", "lgbti")
	b.choose("other_networks", "faith")
	// Tick "None of these" as well, behind the exclusive-checkbox script's
	// back (setting .checked fires no event), to reach the error state.
	js[bool](b, `document.querySelector('input[name="other_networks"][value="none"]').checked = true`)
	b.expect(b.follow(continueB), http.StatusUnprocessableEntity, "Staff networks where you work")
	b.axeCheck("networks with an error")
	if title := run(b, chromedp.Title()); !strings.HasPrefix(title, "Error: ") {
		t.Errorf("title %q does not start with Error:", title)
	}
	if !js[bool](b, `document.activeElement === document.querySelector('.nhsuk-error-summary')`) {
		t.Errorf("error summary not focused on load; focus is on %s", js[string](b, `document.activeElement.outerHTML.slice(0, 80)`))
	}
	if js[bool](b, `(r => r.top < 0 || r.bottom > innerHeight)(document.querySelector('.nhsuk-error-summary').getBoundingClientRect())`) {
		t.Errorf("error summary is not in view")
	}
	if !strings.Contains(b.text(".nhsuk-error-message"), "None of these") {
		t.Errorf("error message by the field: %q", b.text(".nhsuk-error-message"))
	}
	b.click(`.nhsuk-error-summary a[href="#other_networks"]`)
	if id := js[string](b, `document.activeElement.id`); id != "other_networks" {
		t.Errorf("error summary link moved focus to %q, want the first checkbox", id)
	}
	for _, v := range []string{"lgbti", "faith", "none"} {
		if !b.checked("other_networks", v) {
			t.Errorf("other_networks %s not kept after the error", v)
		}
	}
	b.choose("other_networks", "none") // untick it again

	b.expect(b.follow(continueB), http.StatusOK, "Your organisation's BME network")
	b.axeCheck("your_network")
	b.choose("effectiveness", "effective")
	b.choose("relationships", "trade_unions")
	b.choose("relationships", "hr")
	// With JavaScript on, "None of these" clears the others and another
	// answer clears "None of these".
	b.choose("relationships", "none")
	if b.checked("relationships", "trade_unions") || b.checked("relationships", "hr") {
		t.Errorf(`"None of these" did not clear the other relationships`)
	}
	b.choose("relationships", "trade_unions")
	if b.checked("relationships", "none") {
		t.Errorf(`choosing an answer did not clear "None of these"`)
	}
	b.choose("relationships", "hr")

	b.expect(b.follow(continueB), http.StatusOK, "Working together and support")
	b.axeCheck("working_together")
	b.choose("knows_how_network_works", "yes")
	b.choose("support_needed.allocated_time", "strongly_agree")
	b.choose("support_needed.budget", "agree")

	b.expect(b.follow(continueB), http.StatusOK, "In your own words")
	b.axeCheck("comments")
	benefits := "Mentoring für Kolleg:innen — Zoë's idea\nSecond line: 网络 works, naïve café ✓"
	others := "Þakka þér, ευχαριστώ, شكرا"
	b.typeInto(`textarea[name="benefits_comment"]`, benefits)
	b.typeInto(`textarea[name="other_comments"]`, others)

	b.expect(b.follow(continueB), http.StatusOK, checkH1)
	b.axeCheck("check your answers")
	list := b.text(".nhsuk-summary-list")
	for _, want := range []string{"London", "Clinical", "Faith or belief", "Trade unions", "Human resources", "Strongly agree", "网络 works", "ευχαριστώ"} {
		if !strings.Contains(list, want) {
			t.Errorf("check page lacks %q:\n%s", want, list)
		}
	}
	// Change the region once, and come straight back to the check page.
	b.expect(b.follow(`button[name="_goto"][value="about_you"]`), http.StatusOK, "About your work")
	b.axeCheck("about_you, changing an answer")
	if !b.checked("region", "london") {
		t.Errorf("Change did not show the earlier answer")
	}
	b.choose("region", "north_west")
	b.expect(b.follow(continueB), http.StatusOK, checkH1)
	if list := b.text(".nhsuk-summary-list"); !strings.Contains(list, "North West") || strings.Contains(list, "London") {
		t.Errorf("check page after Change:\n%s", list)
	}
	b.screenshot("check-page")

	b.expect(b.follow("#submit"), http.StatusOK, "Answers sent")
	if loc := b.location(); loc != surveyPath+"/done" {
		t.Errorf("after sending: at %s", loc)
	}
	b.axeCheck("confirmation")

	// The optional contact form, first with a mistake.
	b.typeInto("#email", "not an email")
	b.expect(b.follow(contactB), http.StatusUnprocessableEntity, "Answers sent")
	b.axeCheck("contact form with an error")
	b.click(`.nhsuk-error-summary a[href="#email"]`)
	if id := js[string](b, `document.activeElement.id`); id != "email" {
		t.Errorf("error summary link moved focus to %q, want email", id)
	}
	b.do(chromedp.Clear(chromedp.CSS("#email")))
	b.typeInto("#name", "Siân Ní Bhriain")
	b.typeInto("#email", "sian@example.nhs.uk")
	b.typeInto("#organisation", "Ysbyty Gwynedd – Bangor")
	b.expect(b.follow(contactB), http.StatusOK, "Contact details saved")
	b.axeCheck("contact details saved")

	rows := storedAnswers(t, db)
	if len(rows) != 1 {
		t.Fatalf("after route 1: %d responses stored, want 1", len(rows))
	}
	if d := rows[0][survey.ColDate]; !dateRE.MatchString(d) {
		t.Errorf("submitted_on %q", d)
	}
	sameAnswers(t, "yes", rows[0], map[string]string{
		"region":                        "north_west",
		"occupation":                    "clinical",
		"has_bme_network":               "yes",
		"other_networks":                "lgbti;faith",
		"effectiveness":                 "effective",
		"relationships":                 "trade_unions;hr",
		"knows_how_network_works":       "yes",
		"support_needed.allocated_time": "strongly_agree",
		"support_needed.budget":         "agree",
		"benefits_comment":              benefits,
		"other_comments":                others,
	})
	releaseContacts(t, rec.srv)
	contacts, err := db.Contacts(context.Background(), survey.MappingSlug)
	if err != nil || len(contacts) != 1 || contacts[0].Name != "Siân Ní Bhriain" || contacts[0].Organisation != "Ysbyty Gwynedd – Bangor" {
		t.Errorf("contacts: %+v, %v", contacts, err)
	}

	// Route 2: no BME network. Back once on the way, without the contact
	// form.
	b.expect(b.open(surveyPath), http.StatusOK, surveyName)
	b.expect(b.follow("main form button"), http.StatusOK, "About your work")
	b.choose("occupation", "administrative")
	b.expect(b.follow(continueB), http.StatusOK, "Staff networks where you work")
	b.choose("has_bme_network", "no")
	b.choose("other_networks", "disability")
	b.choose("other_networks", "none")
	if b.checked("other_networks", "disability") {
		t.Errorf(`"None of these" did not clear the other networks`)
	}
	b.expect(b.follow(continueB), http.StatusOK, "Organisations without a BME network")
	b.axeCheck("without_network")
	b.expect(b.follow(`button[name="_action"][value="back"]`), http.StatusOK, "Staff networks where you work")
	if !b.checked("has_bme_network", "no") || !b.checked("other_networks", "none") {
		t.Errorf("Back lost the answers on the networks page")
	}
	b.expect(b.follow(continueB), http.StatusOK, "Organisations without a BME network")
	b.choose("would_benefit", "yes")
	b.expect(b.follow(continueB), http.StatusOK, "Working together and support")
	b.choose("knows_how_network_works", "unsure")
	b.choose("support_needed.access_to_data", "disagree")
	b.expect(b.follow(continueB), http.StatusOK, "In your own words")
	b.expect(b.follow(continueB), http.StatusOK, checkH1)
	b.axeCheck("check your answers, route 2")
	if list := b.text(".nhsuk-summary-list"); strings.Contains(list, "How effective") {
		t.Errorf("check page shows a question routing hides:\n%s", list)
	}
	b.expect(b.follow("#submit"), http.StatusOK, "Answers sent")

	rows = storedAnswers(t, db)
	if len(rows) != 2 {
		t.Fatalf("after route 2: %d responses stored, want 2", len(rows))
	}
	no := rows[0]
	if no["has_bme_network"] != "no" {
		no = rows[1]
	}
	sameAnswers(t, "no", no, map[string]string{
		"occupation":                    "administrative",
		"has_bme_network":               "no",
		"other_networks":                "none",
		"would_benefit":                 "yes",
		"knows_how_network_works":       "unsure",
		"support_needed.access_to_data": "disagree",
	})
}

// testWithoutJavaScript completes the survey with JavaScript off.
// Without the exclusive-checkbox script, ticking "None of these" and
// another network is possible, and the server's error summary catches it.
func testWithoutJavaScript(t *testing.T, browser context.Context) {
	db := storetest.SQLite(t)
	ts, _ := browserServer(t, db)
	b := newTab(t, browser, ts.URL)
	scripts := func(on bool) {
		t.Helper()
		if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on}); err != nil {
			t.Fatal(err)
		}
	}
	// axe needs timers, which do not fire with scripts off; turning them
	// on after the page has loaded does not run the page's own scripts.
	axeCheck := func(what string) {
		t.Helper()
		scripts(true)
		b.axeCheck(what)
		scripts(false)
	}
	scripts(false)

	b.expect(b.open(surveyPath), http.StatusOK, surveyName)
	if js[bool](b, `document.body.classList.contains('nhsuk-frontend-supported')`) {
		t.Fatal("page scripts ran although JavaScript is off")
	}
	b.expect(b.follow("main form button"), http.StatusOK, "About your work")
	axeCheck("about_you, no JavaScript")
	b.choose("region", "yorkshire_humber")
	b.expect(b.follow(continueB), http.StatusOK, "Staff networks where you work")
	b.choose("has_bme_network", "dont_know")
	b.choose("other_networks", "gender")
	b.choose("other_networks", "none")
	if !b.checked("other_networks", "gender") {
		t.Fatal("a script cleared the other networks although JavaScript is off")
	}
	b.expect(b.follow(continueB), http.StatusUnprocessableEntity, "Staff networks where you work")
	axeCheck("networks with an error, no JavaScript")
	if href := run(b, chromedp.AttributeValue(chromedp.CSS(".nhsuk-error-summary a"), "href")); href.Value != "#other_networks" {
		t.Errorf("error summary links to %q", href.Value)
	}
	b.choose("other_networks", "gender") // untick
	b.expect(b.follow(continueB), http.StatusOK, "Organisations without a BME network")
	b.choose("would_benefit", "dont_know")
	b.expect(b.follow(continueB), http.StatusOK, "Working together and support")
	b.choose("support_needed.budget", "neither")
	b.expect(b.follow(continueB), http.StatusOK, "In your own words")
	b.typeInto(`textarea[name="other_comments"]`, "Sin JavaScript también funciona")
	b.expect(b.follow(continueB), http.StatusOK, checkH1)
	b.expect(b.follow("#submit"), http.StatusOK, "Answers sent")
	axeCheck("confirmation, no JavaScript")

	rows := storedAnswers(t, db)
	if len(rows) != 1 {
		t.Fatalf("%d responses stored, want 1", len(rows))
	}
	sameAnswers(t, "no-JavaScript", rows[0], map[string]string{
		"region":                "yorkshire_humber",
		"has_bme_network":       "dont_know",
		"other_networks":        "none",
		"would_benefit":         "dont_know",
		"support_needed.budget": "neither",
		"other_comments":        "Sin JavaScript también funciona",
	})
}

// testAnonymity submits the survey and contact details from a
// browser with a distinctive user agent, then looks for that user agent
// and the client address in the raw bytes of every database file.
func testAnonymity(t *testing.T, browser context.Context) {
	const agent = "StaffnetProbeUA/9.9"
	const canary = "canary-comment-5e1f"
	db, dir := sqliteDir(t)
	ts, rec := browserServer(t, db)
	b := newTab(t, browser, ts.URL)
	if _, err := chromedp.Call(b.ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: agent}); err != nil {
		t.Fatal(err)
	}

	noCookies := func(where string) {
		t.Helper()
		if c := js[string](b, `document.cookie`); c != "" {
			t.Errorf("%s: document.cookie = %q", where, c)
		}
		res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{ts.URL}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Cookies) > 0 {
			t.Errorf("%s: the browser holds %d cookies, first %s", where, len(res.Cookies), res.Cookies[0].Name)
		}
	}
	b.expect(b.open(surveyPath), http.StatusOK, surveyName)
	noCookies("start page")
	b.expect(b.follow("main form button"), http.StatusOK, "About your work")
	b.choose("region", "south_west")
	noCookies("first question page")
	for _, h1 := range []string{"Staff networks where you work", "Working together and support", "In your own words"} {
		b.expect(b.follow(continueB), http.StatusOK, h1)
	}
	b.typeInto(`textarea[name="benefits_comment"]`, canary)
	b.expect(b.follow(continueB), http.StatusOK, checkH1)
	noCookies("check page")
	b.expect(b.follow("#submit"), http.StatusOK, "Answers sent")
	noCookies("confirmation")
	b.typeInto("#email", "probe@example.nhs.uk")
	b.expect(b.follow(contactB), http.StatusOK, "Contact details saved")
	noCookies("contact details saved")

	rec.mu.Lock()
	if !rec.agents[agent] || len(rec.agents) != 1 {
		t.Errorf("the server saw user agents %v, want only %q", rec.agents, agent)
	}
	for addr := range rec.addrs {
		if !strings.HasPrefix(addr, "127.0.0.1:") {
			t.Errorf("the server saw client address %s, want 127.0.0.1", addr)
		}
	}
	if len(rec.setCookies) > 0 {
		t.Errorf("responses set cookies: %q", rec.setCookies)
	}
	rec.mu.Unlock()
	releaseContacts(t, rec.srv) // so that the scan covers contact details too
	if n := len(storedAnswers(t, db)); n != 1 {
		t.Fatalf("%d responses stored, want 1", n)
	}

	// Look while the database is open (answers may still be in the WAL)
	// and again after closing has checkpointed it. The canary, which was
	// stored, shows the scan reads what the database holds.
	scan := func(when string) {
		t.Helper()
		var seen []byte
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, probe := range []string{agent, "StaffnetProbeUA", "127.0.0.1"} {
				if bytes.Contains(data, []byte(probe)) {
					t.Errorf("%s: %s contains %q", when, filepath.Base(path), probe)
				}
			}
			seen = append(seen, data...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(seen, []byte(canary)) {
			t.Errorf("%s: the stored comment is in no database file; the scan reads the wrong files", when)
		}
	}
	scan("database open")
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	scan("database closed")
}

// testPublicPages runs axe on the public pages outside
// the survey flow.
func testPublicPages(t *testing.T, browser context.Context) {
	db := storetest.SQLite(t)
	ts, _ := browserServer(t, db)
	b := newTab(t, browser, ts.URL)

	for _, p := range []struct {
		path, h1 string
		status   int
	}{
		{"/", "staffnet", http.StatusOK},
		{"/privacy", "How staffnet handles your answers", http.StatusOK},
		{"/accessibility", "Accessibility statement", http.StatusOK},
		{"/login", "Sign in", http.StatusOK},
		{"/no-such-page", "Not Found", http.StatusNotFound},
		{"/s/no-such-survey", "Not Found", http.StatusNotFound},
	} {
		b.expect(b.open(p.path), p.status, p.h1)
		b.axeCheck(p.path)
	}

	// A failed sign-in shows the error state.
	b.open("/login")
	b.typeInto("#email", "nobody@example.nhs.uk")
	b.typeInto("#password", "not the password")
	status := b.follow("main form button")
	if status < 400 {
		t.Errorf("failed sign-in: status %d", status)
	}
	b.axeCheck("sign-in with an error")

	if err := db.SetSurveyOpen(context.Background(), survey.MappingSlug, false); err != nil {
		t.Fatal(err)
	}
	b.expect(b.open(surveyPath), http.StatusOK, surveyName+" is closed")
	b.axeCheck("closed survey")
	b.expect(b.open("/"), http.StatusOK, "staffnet")
	b.axeCheck("home page with no open surveys")
}
