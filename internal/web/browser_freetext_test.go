package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"staffnet/internal/auth"
	"staffnet/internal/freetext"
	"staffnet/internal/store/storetest"
)

// TestBrowserFreeTextAndMaturity opens the free-text pages and the
// maturity page at 1280, 390 and 320 px with axe, and codes a comment
// with the keyboard alone: focus starts on the first theme, Space ticks
// it, Enter saves and the next comment opens.
func TestBrowserFreeTextAndMaturity(t *testing.T) {
	browser := parallelBrowser(t)
	db := storetest.SQLite(t)
	ts, _ := browserServer(t, db)
	seedComments(t, db, 30)
	if err := db.ReplaceCodebook(context.Background(), slug, freetext.Seed(slug)); err != nil {
		t.Fatal(err)
	}
	demoDirectory(t, db)
	text := "/admin/surveys/" + slug + "/text"
	code := text + "/benefits_comment/code"

	an := newTab(t, browser, ts.URL)
	an.signInTo(code, addAccount(t, db, auth.Analyst), "Code the comments")
	an.eachWidth("text-code", code, http.StatusOK, "Code the comments")
	an.eachWidth("text-codebook", text, http.StatusOK, "Free text: themes and coding")
	an.eachWidth("text-agreement", text+"/benefits_comment/agreement", http.StatusOK, "Agreement between coders")
	an.eachWidth("text-quotes", text+"/benefits_comment/quotes", http.StatusOK, "Quote bank")

	an.expect(an.open(code+"?n=1"), http.StatusOK, "Code the comments")
	if f := js[string](an, `document.activeElement.id`); f != "theme-staff" {
		t.Fatalf("focus starts on %q, want the first theme", f)
	}
	an.do(chromedp.KeyEvent(" "))
	if !an.checked("theme", "staff") {
		t.Fatal("Space did not tick the focused theme")
	}
	// Enter submits: wait for the next comment's page, not the one still
	// showing while the form posts.
	an.do(chromedp.KeyEvent("\r"))
	an.waitFor(`document.readyState === 'complete' && (document.querySelector('.text-progress')?.textContent ?? '').includes('2 of 30')`)
	if p := an.text(".text-progress"); !strings.Contains(p, "2 of 30") || !strings.Contains(p, "coded 1") {
		t.Errorf("after Enter: %q", p)
	}

	nat := newTab(t, browser, ts.URL)
	nat.signInTo("/maturity", addAccount(t, db, auth.NationalViewer), "England")
	nat.eachWidth("maturity", "/maturity", http.StatusOK, "England")
	nat.eachWidth("maturity-by-region", "/maturity?by=region", http.StatusOK, "England")
}
