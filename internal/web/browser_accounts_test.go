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
	ad.click(`table a[href^="/admin/users/"]:not([href="/admin/users/1"])`)
	ad.do(chromedp.WaitVisible(chromedp.CSS("h1")))
	if h := ad.text("h1"); h != "new.person@example.nhs.uk" {
		t.Fatalf("account page %q", h)
	}
	ad.axeCheck("an account")
	ad.expect(ad.follow(`form[action$="/reset"] button`), http.StatusOK, "new.person@example.nhs.uk")
	ad.axeCheck("an account with its reset link")
	// The owner uses the link in another browser context.
	me, _ := ad.openShownLink(browser, "#reset-link", "/reset/", "Choose a new password")
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

// testOIDC signs in through the OpenID provider's own login page
// (zitadel's example provider, in-process; oidc_test.go) and signs out.
func testOIDC(t *testing.T, browser context.Context) {
	db := storetest.SQLite(t)
	a := newOIDCApp(t, db, nil)
	a.op.users.add("sub-admin", addAccount(t, db, auth.Admin), true)
	b := newTab(t, browser, a.srv.URL)
	b.do(chromedp.EmulateViewport(390, 900))
	b.expect(b.open("/login?next=/admin/users"), http.StatusOK, "Sign in")
	b.axeCheck("sign-in page with a provider")
	b.noOverflow("sign-in page with a provider")
	if st := b.follow("#sign-in-provider"); st != http.StatusOK || !strings.HasPrefix(b.location(), a.op.URL+"/login/username") {
		t.Fatalf("provider's login page: %d at %s", st, b.location())
	}
	b.do(chromedp.SetValue(chromedp.CSS("#username"), "sub-admin"), chromedp.SetValue(chromedp.CSS("#password"), opPassword))
	b.expect(b.follow(`button[type="submit"]`), http.StatusOK, "Accounts")
	if loc := b.location(); loc != "/admin/users" {
		t.Errorf("after signing in: at %s", loc)
	}
	b.expect(b.follow(`.nhsuk-header__account-form button`), http.StatusOK, "You have signed out of staffnet")
	b.axeCheck("signed out, with the provider's sign-out")
	b.noOverflow("signed out, with the provider's sign-out")
	if href := js[string](b, `document.querySelector('main a.nhsuk-button').href`); !strings.HasPrefix(href, a.op.URL+"/") || !strings.Contains(href, "client_id="+opClient) {
		t.Errorf("provider's sign-out link %q", href)
	}
	b.expect(b.open("/admin/users"), http.StatusOK, "Sign in")
}

// testInvite: an administrator invites someone (email off, so the link is
// shown), who accepts it in another browser and chooses a password.
// axe-core checks each new page.
func testInvite(t *testing.T, browser context.Context) {
	db := storetest.SQLite(t)
	ts, _ := browserServer(t, db)
	ad := newTab(t, browser, ts.URL)
	ad.signInTo("/admin/users", addAccount(t, db, auth.Admin), "Accounts")
	ad.do(chromedp.EmulateViewport(390, 900)) // a phone: the long link must wrap
	ad.expect(ad.follow(`a[href="/admin/users/invite"]`), http.StatusOK, "Invite someone")
	ad.axeCheck("invite someone")
	ad.expect(ad.follow(`main form button`), http.StatusUnprocessableEntity, "Invite someone")
	ad.axeCheck("invite someone, with errors")
	ad.do(chromedp.SetValue(chromedp.CSS("#email"), "invited@example.nhs.uk"))
	ad.choose("role", "analyst")
	ad.expect(ad.follow(`main form button`), http.StatusOK, "Invite someone")
	ad.axeCheck("invite someone, with the link shown")
	ad.noOverflow("invite someone, with the link shown")
	me, link := ad.openShownLink(browser, "#invite-link", "/invite/", "Accept your invitation")
	me.do(chromedp.EmulateViewport(390, 900))
	me.noOverflow("accept an invitation")
	me.do(chromedp.SetValue(chromedp.CSS("#password"), "quiet river anchor"), chromedp.SetValue(chromedp.CSS("#password_again"), "quiet river anchor"))
	me.expect(me.follow("main form button"), http.StatusOK, "Surveys")
	me.expect(me.open("/account"), http.StatusOK, "Your account")
	me.axeCheck("your account")
	other := newTab(t, browser, ts.URL)
	other.expect(other.open("/reset"), http.StatusOK, "Reset your password")
	other.axeCheck("reset your password, email off")
	other.expect(other.open(link), http.StatusGone, "Gone")
}

// openShownLink reads the one-time link shown in sel, which must lead to
// a path under prefix, and opens it in a new browser context, as its owner
// would, checking the page's h1 and running axe on it. It returns the new
// tab and the link's path.
func (b *tab) openShownLink(browser context.Context, sel, prefix, h1 string) (*tab, string) {
	b.t.Helper()
	path, ok := strings.CutPrefix(b.text(sel), b.base)
	if !ok || !strings.HasPrefix(path, prefix) {
		b.t.Fatalf("link %q, want %s%s…", b.text(sel), b.base, prefix)
	}
	me := newTab(b.t, browser, b.base)
	me.expect(me.open(path), http.StatusOK, h1)
	me.axeCheck(h1)
	return me, path
}
