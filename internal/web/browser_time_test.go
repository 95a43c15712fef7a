package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"staffnet/internal/auth"
	"staffnet/internal/budget"
	"staffnet/internal/facility"
	"staffnet/internal/pay"
	"staffnet/internal/store/storetest"
)

// TestBrowserFacilityTime opens a network's facility-time page, the
// leader form (blank and with errors) and the organisation's roll-up in
// Chromium at a phone's width and a desktop's, with axe-core on each,
// and checks nothing overflows sideways.
func TestBrowserFacilityTime(t *testing.T) {
	browser := parallelBrowser(t)
	f := netApp(t, storetest.SQLite(t))
	l := addTimeLeader(t, f.db, f.a, "ada@nhs.net", "Ada Browser")
	week := facility.Monday(time.Now())
	if err := f.db.SaveFacilityWeeks(context.Background(), f.a.ID, []facility.Week{{LeaderID: l.ID, Start: week, Band: "8a", PayPoint: 2, Hourly: 2991, Agreed: 375, Used: 400}}); err != nil {
		t.Fatal(err)
	}
	if err := f.db.AddBudgetLine(context.Background(), &budget.Line{NetworkID: f.a.ID, Kind: budget.Spend, Date: time.Now(), Category: "events", Amount: 12999, What: "Speaker"}); err != nil {
		t.Fatal(err)
	}
	addConsultation(t, f.db, f.a)
	loadExampleWRES(t, f.db, "RJ1") // two years: the report shows the indicators' movement
	lead := netBrowserAccount(t, f.db, "lead", auth.NetworkLead, "RJ1", f.a.ID)
	orgAdmin := netBrowserAccount(t, f.db, "orgadmin", auth.OrgAdmin, "RJ1", 0)
	base := "/my/networks/" + nid(f.a)
	for _, width := range []int64{390, 1280} {
		b := newTab(t, browser, f.srv.URL)
		b.do(chromedp.EmulateViewport(width, 900))
		check := func(what string) {
			b.axeCheck(fmt.Sprintf("%s at %dpx", what, width))
			b.fitsAt(what, width)
		}
		b.signInTo(base+"/time", lead, "Facility time "+pay.YearLabel(pay.FinancialYear(time.Now())))
		check("facility time")
		b.expect(b.follow(`a[href$="/time/leaders/new"]`), http.StatusOK, "Add a leader to the facility-time register")
		check("leader form")
		b.expect(b.follow("main form button"), http.StatusUnprocessableEntity, "Add a leader to the facility-time register")
		check("leader form with errors")
		b.expect(b.open(base+"/budget"), http.StatusOK, "Budget "+pay.YearLabel(pay.FinancialYear(time.Now())))
		check("budget")
		b.expect(b.open(base+"/consultations"), http.StatusOK, "Consultations")
		check("consultations")
		b.expect(b.open(base+"/panels"), http.StatusOK, "Panels")
		check("panels")
		b.expect(b.open(base+"/cost-benefit"), http.StatusOK, "Race Equality Network")
		check("cost–benefit report")
		b.screenshot(fmt.Sprintf("cost-benefit-%d", width))
		// In print, the report is one A4 page.
		pdf := run(b, func(ctx context.Context, tg *chromedp.Target) ([]byte, error) {
			prefer := true
			res, err := cdp.Call(ctx, tg, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &prefer})
			return res.Data, err
		})
		if n := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)); n != 1 {
			t.Errorf("cost–benefit report at %dpx prints on %d pages", width, n)
		}
		o := newTab(t, browser, f.srv.URL)
		o.do(chromedp.EmulateViewport(width, 900))
		o.signInTo("/time/org/RJ1", orgAdmin, "Guy's and St Thomas' NHS Foundation Trust: do network leaders get half a day a week?")
		o.axeCheck(fmt.Sprintf("organisation roll-up at %dpx", width))
		o.fitsAt("organisation roll-up", width)
	}
}
