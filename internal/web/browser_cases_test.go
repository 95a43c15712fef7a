package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"staffnet/internal/auth"
	"staffnet/internal/cases"
	"staffnet/internal/store/storetest"
)

// TestBrowserCaseStudies opens the case-study pages in Chromium at a
// phone's width and a desktop's: the public library (searched and
// filtered), a study, and the author's and reviewer's pages, with
// axe-core on each and no sideways overflow.
func TestBrowserCaseStudies(t *testing.T) {
	browser := parallelBrowser(t)
	f := netApp(t, storetest.SQLite(t))
	ctx := context.Background()
	list := cases.DemoStudies()
	for i := range list {
		s := &list[i]
		s.Status, s.OrgCode, s.NetworkID = cases.Submitted, "RJ1", f.a.ID
		if err := f.db.CreateCaseStudies(ctx, s); err != nil {
			t.Fatal(err)
		}
		if i > 0 { // the first stays in the review queue
			if _, err := f.db.CaseStep(ctx, s.ID, cases.Approve, 0, "reviewer@example.nhs.uk", ""); err != nil {
				t.Fatal(err)
			}
		}
	}
	published, _ := f.db.CaseStudy(ctx, list[1].ID)
	lead := netBrowserAccount(t, f.db, "lead", auth.NetworkLead, "RJ1", f.a.ID)
	reviewer := netBrowserAccount(t, f.db, "reviewer", auth.CaseReviewer, "", 0)
	queued := fmt.Sprintf("/my/case-studies/%d", list[0].ID)
	for _, width := range []int64{390, 1280} {
		b := newTab(t, browser, f.srv.URL)
		b.do(chromedp.EmulateViewport(width, 900))
		b.check("/case-studies", "Case studies", "library", width)
		b.check("/case-studies?q=%22facility+time%22+chair&type=bme", "Case studies", "search", width)
		if n := js[int](b, `document.querySelectorAll('.case-results mark').length`); n == 0 {
			t.Errorf("%dpx: no highlighted match", width)
		}
		b.check("/case-studies?q=zebra", "Case studies", "no-hits", width)
		b.check("/case-studies/"+published.Slug, published.Title, "study", width)

		a := newTab(t, browser, f.srv.URL)
		a.do(chromedp.EmulateViewport(width, 900))
		a.signInTo("/my/case-studies", lead, "Your case studies")
		a.check("/my/case-studies/new", "Write a case study", "new", width)
		a.expect(a.follow(`button[value="submit"]`), http.StatusUnprocessableEntity, "Write a case study")
		a.noOverflow("form with errors")
		a.axeCheck(fmt.Sprintf("form with errors at %dpx", width))

		r := newTab(t, browser, f.srv.URL)
		r.do(chromedp.EmulateViewport(width, 900))
		r.signInTo("/my/case-studies/review", reviewer, "Case studies to review")
		r.noOverflow("review queue")
		r.axeCheck(fmt.Sprintf("review queue at %dpx", width))
		r.check(queued, list[0].Title, "review", width)
		r.expect(r.follow(`form[action$="/review"] button`), http.StatusUnprocessableEntity, list[0].Title)
		r.axeCheck(fmt.Sprintf("review with errors at %dpx", width))
	}
}
