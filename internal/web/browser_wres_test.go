package web_test

// Real-browser tests of the WRES pages at a laptop's width and a phone's:
// nothing wider than the screen, no serious axe violation, no chart text
// on the reference line or on other text, figures rounded for people.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"staffnet/internal/auth"
	"staffnet/internal/orgs"
	"staffnet/internal/store/storetest"
	"staffnet/internal/wres"
	"staffnet/internal/wres/render"
	"staffnet/internal/wres/synth"
	"staffnet/internal/wresio"
)

// widths are CSS pixels: an NHS laptop and a phone.
var widths = []int64{1280, 390}

func TestBrowserWRES(t *testing.T) {
	browser := parallelBrowser(t)
	a := wresApp(t, storetest.SQLite(t))
	// An organisation with every band and ten years, the most a chart
	// has to fit: made-up figures, as staffnet demo wres stores.
	ctx := context.Background()
	if _, _, err := a.db.UpsertOrganisations(ctx, []orgs.Organisation{{Code: "RYJ", Name: "Imperial College Healthcare NHS Trust", Region: "Y56", Type: "NHS trust"}}); err != nil {
		t.Fatal(err)
	}
	if err := a.db.ReplaceWRES(ctx, synth.Return([]string{"RYJ"}, []int{2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024}, 1)); err != nil {
		t.Fatal(err)
	}

	for _, w := range widths {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			nat := newTab(t, browser, a.srv.URL)
			nat.do(chromedp.EmulateViewport(w, 900))
			email := netBrowserAccount(t, a.db, fmt.Sprintf("national%d", w), auth.NationalViewer, "", 0)
			nat.signInTo("/wres", email, "Workforce Race Equality Standard")
			nat.readable(fmt.Sprintf("wres-index-%d", w))
			for _, p := range []struct{ path, h1, shot string }{
				{"/wres/national", "England", "national"},
				{"/wres/region/Y56", "London", "region"},
				{"/wres/org/RJ1", "Guy's and St Thomas' NHS Foundation Trust", "org"},
				{"/wres/org/RYJ", "Imperial College Healthcare NHS Trust", "org-every-band"},
				// R0A is the only organisation in the North West.
				{"/wres/org/R0A", "Manchester University NHS Foundation Trust", "org-alone"},
			} {
				nat.expect(nat.open(p.path), http.StatusOK, p.h1)
				nat.readable(fmt.Sprintf("wres-%s-%d", p.shot, w))
			}
			// The region column of an organisation alone in its region is
			// no comparison, and the page says so; London has two.
			if s := nat.text(".nhsuk-warning-callout"); !strings.Contains(s, "Only one organisation in North West has a return for 2024") {
				t.Errorf("R0A: warning %q", s)
			}
			nat.open("/wres/org/RJ1")
			if n := js[int](nat, `document.querySelectorAll('.nhsuk-warning-callout').length`); n != 0 {
				t.Errorf("RJ1 (London, two organisations) has %d warnings", n)
			}
			// Figures for people: the worked example's indicator 2 is
			// 1.875, shown as 1.88 with its tag and its meaning.
			body := nat.text("main")
			hasAll(t, "RJ1 page", body, []string{
				"2. Appointment from shortlisting (White ÷ BME)\t1.88",
				"Clinical, Band 5",
				"1.00 means equal; above 1 means White applicants were more likely",
				"Adverse impact",
			}, []string{"1.875", "27.451", "clinical band_5", "band_5"})

			lead := newTab(t, browser, a.srv.URL)
			lead.do(chromedp.EmulateViewport(w, 900))
			email = netBrowserAccount(t, a.db, fmt.Sprintf("lead%d", w), auth.NetworkLead, "RJ1", 0)
			lead.signInTo("/wres/org/RJ1", email, "Guy's and St Thomas' NHS Foundation Trust")
			lead.readable(fmt.Sprintf("wres-network-view-%d", w))

			admin := newTab(t, browser, a.srv.URL)
			admin.do(chromedp.EmulateViewport(w, 900))
			email = netBrowserAccount(t, a.db, fmt.Sprintf("admin%d", w), auth.OrgAdmin, "RJ1", 0)
			admin.signInTo("/wres/upload", email, "Upload a WRES return")
			admin.readable(fmt.Sprintf("wres-upload-%d", w))

			rep, err := wresio.Report(ctx, a.db, wres.Scope{Kind: wres.ScopeNational}, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			b := openStandalone(t, browser, "standalone national WRES report", func(w io.Writer) error { return render.HTML(w, rep) })
			b.do(chromedp.EmulateViewport(w, 900))
			b.readable(fmt.Sprintf("wres-standalone-%d", w))
		})
	}
}

// readable checks the page as a person would meet it at the tab's width:
// no horizontal scrolling, no serious axe violation, and in every chart
// no text touching other text or the reference line. It saves a
// screenshot when STAFFNET_SCREENSHOTS is set.
func (b *tab) readable(name string) {
	b.t.Helper()
	if over := js[string](b, `(() => {
		const d = document.documentElement;
		if (d.scrollWidth <= d.clientWidth) return "";
		const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > d.clientWidth + 1 && !e.closest('[role=region]'));
		return d.scrollWidth + " > " + d.clientWidth + ": " + wide.slice(0, 3).map(e => e.tagName + "." + e.className).join(", ");
	})()`); over != "" {
		b.t.Errorf("%s: wider than the screen, %s", name, over)
	}
	b.axeCheck(name)
	if clash := js[[]string](b, `(() => {
		const out = [];
		const hit = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
		for (const svg of document.querySelectorAll('svg')) {
			const texts = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
			const refs = [...svg.querySelectorAll('line.chart__ref')].map(l => l.getBoundingClientRect());
			for (let i = 0; i < texts.length; i++) {
				for (const r of refs) {
					// A line's box has no width or no height: widen it to its stroke.
					const box = {left: r.left - 1, right: r.right + 1, top: r.top - 1, bottom: r.bottom + 1};
					if (hit(texts[i][1], box)) out.push(texts[i][0] + " / reference line");
				}
				for (let j = i + 1; j < texts.length; j++) {
					if (hit(texts[i][1], texts[j][1])) out.push(texts[i][0] + " / " + texts[j][0]);
				}
			}
		}
		return out;
	})()`); len(clash) > 0 {
		b.t.Errorf("%s: chart text overlaps: %q", name, clash)
	}
	// Chart text, HTML or SVG, is at least the body's size: 16 px on a
	// phone, 19 px on a laptop, as the page's paragraphs.
	if small := js[[]string](b, `(() => {
		const body = parseFloat(getComputedStyle(document.querySelector('main p')).fontSize);
		return [...document.querySelectorAll('.chart__title, .chart__desc, .chart__key, .chart__label, .chart__text, .chart__plot text')]
			.filter(e => parseFloat(getComputedStyle(e).fontSize) < body - 0.01)
			.map(e => e.textContent.trim() + ": " + getComputedStyle(e).fontSize + " < " + body + "px").slice(0, 5);
	})()`); len(small) > 0 {
		b.t.Errorf("%s: chart text under the body's size: %q", name, small)
	}
	b.screenshot(name)
}
