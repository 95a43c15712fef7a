package web_test

// Real-browser layout tests of the findings pages: every page fits the
// screen at a desktop width, a phone's and the 320 CSS px that WCAG 1.4.10
// (Reflow) asks for, passes axe, and is saved as a screenshot when
// STAFFNET_SCREENSHOTS names a directory, for a person to look at.

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"staffnet/internal/auth"
	"staffnet/internal/store/storetest"
)

// layoutWidths are the CSS layoutWidths every findings page is tried at.
var layoutWidths = []int64{1280, 390, 320}

// fitsAt fails the test unless the window is w px wide and the page no wider.
func (b *tab) fitsAt(what string, w int64) {
	b.t.Helper()
	sw := js[int64](b, `document.documentElement.scrollWidth`)
	iw := js[int64](b, `window.innerWidth`)
	if iw != w {
		b.t.Fatalf("%s: window is %d px wide, want %d", what, iw, w)
	}
	if sw > iw {
		wide := js[[]string](b, `[...document.querySelectorAll('body *')].filter(e => {
			const r = e.getBoundingClientRect();
			return r.right > window.innerWidth + 1 && !e.closest('[role=region][tabindex="0"]');
		}).slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : '') + ' ' + Math.round(e.getBoundingClientRect().right))`)
		b.t.Errorf("%s at %d px: page is %d px wide (widest: %s)", what, w, sw, strings.Join(wide, ", "))
	}
}

// eachWidth opens path at each of layoutWidths and checks that it fits and
// passes axe, saving a screenshot named name-WIDTH.
func (b *tab) eachWidth(name, path string, status int, h1 string) {
	b.t.Helper()
	for _, w := range layoutWidths {
		b.do(chromedp.EmulateViewport(w, 900))
		b.expect(b.open(path), status, h1)
		what := fmt.Sprintf("%s at %d px", name, w)
		b.fitsAt(name, w)
		b.axeCheck(what)
		b.screenshot(fmt.Sprintf("layout-%s-%d", name, w))
	}
	b.do(chromedp.EmulateViewport(1280, 900))
}

// TestBrowserMapLayout: the network map's charts, drawn by the same chart
// partial as the findings, fit the screen and keep their text at body
// size.
func TestBrowserMapLayout(t *testing.T) {
	browser := parallelBrowser(t)
	db := storetest.SQLite(t)
	demoDirectory(t, db)
	ts, _ := browserServer(t, db)
	b := newTab(t, browser, ts.URL)
	b.eachWidth("map", "/networks/map", http.StatusOK, "Staff networks in England")
	b.do(chromedp.EmulateViewport(390, 900))
	b.expect(b.open("/networks/map"), http.StatusOK, "Staff networks in England")
	if n := js[int](b, `document.querySelectorAll('figure.chart .chart__row').length`); n < 10 {
		t.Errorf("%d chart rows on the map", n)
	}
	if small := js[[]string](b, `[...document.querySelectorAll('.chart__label, .chart__text, .chart__title')].filter(e => parseFloat(getComputedStyle(e).fontSize) < 16).map(e => e.textContent)`); len(small) > 0 {
		t.Errorf("map chart text under 16px: %q", small)
	}
}

// TestBrowserFindingsLayout opens every findings page at 1280, 390 and
// 320 px.
func TestBrowserFindingsLayout(t *testing.T) {
	browser := parallelBrowser(t)
	db := storetest.SQLite(t)
	ts, _ := browserServer(t, db)
	seed(t, db, 400, 3)
	dashboard := "/admin/surveys/" + slug + "/findings"

	ad := newTab(t, browser, ts.URL)
	ad.signInTo(dashboard, addAccount(t, db, auth.Admin), "Findings")
	ad.eachWidth("dashboard", dashboard, http.StatusOK, "Findings")
	ad.eachWidth("dashboard-london-by-occupation", dashboard+"?f.region=london&by=occupation", http.StatusOK, "Findings")
	ad.eachWidth("dashboard-by-region", dashboard+"?by=region", http.StatusOK, "Findings")
	ad.eachWidth("comments", "/admin/surveys/"+slug+"/comments/benefits_comment?f.region=london", http.StatusOK,
		"What benefits could a BME staff network bring to staff and to your organisation?")

	// Publishing asks first; the check page is a form's answer, so it is
	// reached from the dashboard at each width.
	for _, w := range layoutWidths {
		ad.do(chromedp.EmulateViewport(w, 900))
		ad.expect(ad.open(dashboard+"?f.occupation=clinical"), http.StatusOK, "Findings")
		ad.do(chromedp.SetValue(chromedp.CSS("#title"), "Clinical staff"),
			chromedp.SetValue(chromedp.CSS("#commentary"), "More than half of clinical staff say their organisation has a BME network.\n\n- Small groups are hidden."))
		ad.expect(ad.follow(`#publish button`), http.StatusOK, "Check before you publish")
		ad.fitsAt("check before publishing", w)
		ad.axeCheck(fmt.Sprintf("check before publishing at %d px", w))
		ad.screenshot(fmt.Sprintf("findings-publish-check-%d", w))
	}
	ad.do(chromedp.EmulateViewport(1280, 900))
	ad.expect(ad.follow(`form[action$="/publish"] button[type="submit"]:not([name])`), http.StatusOK, "Clinical staff")
	published := ad.location()
	pub := newTab(t, browser, ts.URL)
	pub.eachWidth("published-list", "/findings", http.StatusOK, "Published findings")
	pub.eachWidth("published", published, http.StatusOK, "Clinical staff")
	if !strings.Contains(pub.text(".published-commentary"), "More than half of clinical staff") {
		t.Error("the published view does not show its commentary")
	}

	// Chart text is the body's size: 16px on a phone, 19px on a desktop.
	for _, c := range []struct{ w, min int64 }{{1280, 19}, {390, 16}} {
		ad.do(chromedp.EmulateViewport(c.w, 900))
		ad.expect(ad.open(dashboard), http.StatusOK, "Findings")
		if small := js[[]string](ad, fmt.Sprintf(`[...document.querySelectorAll('.chart__label, .chart__text, .chart__title')].filter(e => parseFloat(getComputedStyle(e).fontSize) < %d).map(e => e.textContent + ' ' + getComputedStyle(e).fontSize).slice(0, 5)`, c.min)); len(small) > 0 {
			t.Errorf("chart text under %dpx at %d px: %q", c.min, c.w, small)
		}
		if n := js[int](ad, `document.querySelectorAll('figure.chart').length`); n < 5 {
			t.Errorf("%d charts on the dashboard", n)
		}
	}

	// A breakdown that hides cells says so in words, and keeps the
	// figures for everyone (the engine takes them from the view without
	// it).
	ad.expect(ad.open(dashboard+"?f.region=london&by=occupation"), http.StatusOK, "Findings")
	if note := ad.text("#q-has_bme_network ~ .nhsuk-inset-text"); !strings.Contains(note, "Breaking these figures down by") {
		t.Errorf("no note on the breakdown's hiding: %q", note)
	}
	if n := js[int](ad, `document.querySelectorAll('#chart-has_bme_network .chart__fill').length`); n == 0 {
		t.Error("the figures for everyone were not kept")
	}
	if ad.text(".findings-summary__showing") != "Showing: London, broken down by “Which staff group best describes your role?”" {
		t.Errorf("summary says %q", ad.text(".findings-summary__showing"))
	}
	if strings.Contains(ad.text(".headlines"), "Which region") {
		t.Error("a headline for the question the view is filtered on")
	}
}
