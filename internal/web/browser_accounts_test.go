package web_test

// Real-browser tests of the account pages: an administrator adds an
// account (with errors first), opens it, makes a reset link and reads the
// audit log; the link's owner sets a password with it and changes it.
// axe-core checks every page. TestBrowser in browser_test.go runs them.

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"staffnet/internal/auth"
	"staffnet/internal/store/storetest"
)

func testAccounts(t *testing.T, browser context.Context) {
	db := storetest.SQLite(t)
	ts, _ := browserServer(t, db)
	ad := newTab(t, browser, ts.URL)
	ad.signInTo("/admin/users", addAccount(t, db, auth.Admin), "Accounts")
	ad.axeCheck("accounts")

	// A blank form: the error summary names each field.
	ad.expect(ad.follow(`form[action="/admin/users"] button[type="submit"]`), http.StatusUnprocessableEntity, "Accounts")
	ad.axeCheck("add an account, with errors")
	if s := ad.text(".nhsuk-error-summary__list"); !strings.Contains(s, "email address") {
		t.Errorf("error summary %q", s)
	}
	ad.do(chromedp.SetValue(chromedp.CSS("#email"), "new.person@example.nhs.uk"), chromedp.SetValue(chromedp.CSS("#password"), "plum orchard lantern"))
	ad.choose("role", "analyst")
	ad.expect(ad.follow(`form[action="/admin/users"] button[type="submit"]`), http.StatusOK, "Accounts")
	ad.click(`a[href^="/admin/users/"]:not([href="/admin/users/1"])`)
	ad.do(chromedp.WaitVisible(chromedp.CSS("h1")))
	if h := ad.text("h1"); h != "new.person@example.nhs.uk" {
		t.Fatalf("account page %q", h)
	}
	ad.axeCheck("an account")
	ad.expect(ad.follow(`form[action$="/reset"] button`), http.StatusOK, "new.person@example.nhs.uk")
	ad.axeCheck("an account with its reset link")
	link := ad.text("#reset-link")
	if !strings.HasPrefix(link, ts.URL+"/reset/") {
		t.Fatalf("reset link %q", link)
	}
	ad.click(`a[href$="/remove"]`)
	ad.do(chromedp.WaitVisible(chromedp.CSS(".nhsuk-warning-callout")))
	if h := ad.text("h1"); h != "Remove new.person@example.nhs.uk?" {
		t.Fatalf("remove page %q", h)
	}
	ad.axeCheck("remove an account")
	ad.expect(ad.open("/admin/audit"), http.StatusOK, "Audit log")
	ad.axeCheck("audit log")
	if s := ad.text("table"); !strings.Contains(s, "password reset link issued") || !strings.Contains(s, "account added") {
		t.Errorf("audit log table %q", s)
	}

	// The owner uses the link in another browser context.
	me := newTab(t, browser, ts.URL)
	me.expect(me.open(strings.TrimPrefix(link, ts.URL)), http.StatusOK, "Choose a new password")
	me.axeCheck("reset link")
	me.do(chromedp.SetValue(chromedp.CSS("#password"), "password1234"), chromedp.SetValue(chromedp.CSS("#password_again"), "password1234"))
	me.expect(me.follow("main form button"), http.StatusUnprocessableEntity, "Choose a new password")
	me.axeCheck("reset link, common password")
	me.do(chromedp.SetValue(chromedp.CSS("#password"), "quiet river anchor"), chromedp.SetValue(chromedp.CSS("#password_again"), "quiet river anchor"))
	me.expect(me.follow("main form button"), http.StatusOK, "Surveys")
	me.expect(me.open("/account/password"), http.StatusOK, "Change your password")
	me.axeCheck("change your password")
	me.do(chromedp.SetValue(chromedp.CSS("#current"), "not it at all"))
	me.expect(me.follow("main form button"), http.StatusUnprocessableEntity, "Change your password")
	me.axeCheck("change your password, with errors")
}
