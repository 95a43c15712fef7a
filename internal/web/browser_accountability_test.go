package web_test

// Real-browser tests of the work an organisation shares with its
// networks: each page at a phone's and a desktop's width with axe-core,
// and each form's error summary.

import (
	"context"
	"net/http"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"staffnet/internal/auth"
	"staffnet/internal/store/storetest"
)

func TestBrowserAccountability(t *testing.T) {
	browser := parallelBrowser(t)
	t.Run("WRESPlan", func(t *testing.T) { testBrowserPlan(t, browser) })
	t.Run("CorporateDuty", func(t *testing.T) { testBrowserDuty(t, browser) })
	t.Run("Mentoring", func(t *testing.T) { testBrowserMentoring(t, browser) })
}

func testBrowserPlan(t *testing.T, browser context.Context) {
	f := netApp(t, storetest.SQLite(t))
	loadExampleWRES(t, f.db, "RJ1")
	assessLow(t, f.db, f.a.ID)
	b := newTab(t, browser, f.srv.URL)
	base := "/org/RJ1/wres-plan/2026"
	b.signInTo(base, netBrowserAccount(t, f.db, "orgadmin", auth.OrgAdmin, "RJ1", 0), "WRES action plan 2026")
	// The form: errors first, then an action saved.
	b.expect(b.open(base+"/new"), http.StatusOK, "Add an action")
	b.axeCheck("action form")
	b.expect(b.follow(`.network-buttons button`), http.StatusUnprocessableEntity, "Add an action")
	b.axeCheck("action form with errors")
	if got := b.text(".nhsuk-error-summary a"); got == "" {
		t.Error("no error summary")
	}
	js[bool](b, `(document.getElementById('indicator').value = '6', document.getElementById('title').value = 'Bystander training for managers',
		document.getElementById('org_owner_role').value = 'Director of People', document.getElementById('network_id').selectedIndex = 1,
		document.getElementById('network_owner').value = 'Network chair', true)`)
	b.expect(b.follow(`.network-buttons button`), http.StatusOK, "WRES action plan 2026")
	if got := b.text("#indicator-6 .nhsuk-card__heading"); got != "Bystander training for managers" {
		t.Errorf("indicator 6's action: %q", got)
	}
	b.eachWidth("wres-plan", base, http.StatusOK, "WRES action plan 2026")
}

// testBrowserDuty: the letter page and the sponsor record at each width,
// the "record as sent" form's errors, and the letter alone in print.
func testBrowserDuty(t *testing.T, browser context.Context) {
	f := netApp(t, storetest.SQLite(t))
	b := newTab(t, browser, f.srv.URL)
	letter := "/org/RJ1/corporate-duty"
	b.signInTo(letter, netBrowserAccount(t, f.db, "lead", auth.NetworkLead, "RJ1", f.a.ID), "Corporate duty letter")
	js[bool](b, `(document.getElementById('sent_by').value = '', true)`)
	b.expect(b.follow(`form[action$="/sent"] button`), http.StatusUnprocessableEntity, "Corporate duty letter")
	b.axeCheck("record as sent with an error")
	if got := b.text(".nhsuk-error-summary a"); got == "" {
		t.Error("no error summary")
	}
	b.eachWidth("duty-letter", letter, http.StatusOK, "Corporate duty letter")
	b.eachWidth("sponsor", "/my/networks/"+nid(f.a)+"/sponsor", http.StatusOK, "Sponsor relationship")
	// In print, the letter and nothing else.
	b.open(letter)
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	shown := js[[]bool](b, `['.nhsuk-header', 'h1', 'form', '.duty-letter'].map(s => getComputedStyle(document.querySelector(s)).display !== 'none' && document.querySelector(s).offsetParent !== null)`)
	if shown[0] || shown[1] || shown[2] || !shown[3] {
		t.Errorf("in print: header, heading, form, letter shown %v; want only the letter", shown)
	}
}

// testBrowserMentoring: a member's mentoring page (the profile form with
// an error, then with suggestions) and the lead's, at each width.
func testBrowserMentoring(t *testing.T, browser context.Context) {
	m := newMentoring(t, storetest.SQLite(t))
	b := newTab(t, browser, m.f.srv.URL)
	page := m.mo + "/mentoring"
	b.expect(b.open(page), http.StatusOK, "Mentoring and development")
	b.expect(b.follow(`form[action$="/profiles"] button`), http.StatusUnprocessableEntity, "Mentoring and development")
	b.axeCheck("profile form with errors")
	if got := b.text(".nhsuk-error-summary a"); got == "" {
		t.Error("no error summary")
	}
	b.eachWidth("member-mentoring", page, http.StatusOK, "Mentoring and development")
	lead := newTab(t, browser, m.f.srv.URL)
	lead.signInTo("/my/networks/"+nid(m.f.a)+"/mentoring", netBrowserAccount(t, m.f.db, "lead2", auth.NetworkLead, "RJ1", m.f.a.ID), "Mentoring and development")
	lead.noDuplicateIDs("lead's mentoring page")
	lead.eachWidth("lead-mentoring", "/my/networks/"+nid(m.f.a)+"/mentoring", http.StatusOK, "Mentoring and development")
}
