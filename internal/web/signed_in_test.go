package web_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

// TestLandingByRole: signing in without a destination takes each role to
// its work (auth.Home), and the page there opens for it; the footer then
// says who is signed in, on public pages too, with a way to sign out.
func TestLandingByRole(t *testing.T) {
	t.Parallel()
	f := netApp(t, storetest.SQLite(t))
	ctx := context.Background()
	for _, c := range []struct {
		name string
		role auth.Role
		org  string
		net  int64
		want string
	}{
		{"admin", auth.Admin, "", 0, "/admin"},
		{"analyst", auth.Analyst, "", 0, "/admin"},
		{"national", auth.NationalViewer, "", 0, "/wres/national"},
		{"edi", auth.OrgAdmin, "RJ1", 0, "/wres/org/RJ1"},
		{"lead", auth.NetworkLead, "RJ1", f.a.ID, "/my/networks/" + nid(f.a)},
		{"newlead", auth.NetworkLead, "RJ1", 0, "/my/networks"},
		{"sponsor", auth.Sponsor, "RJ1", f.b.ID, "/my/networks/" + nid(f.b)},
	} {
		email := c.name + "@example.nhs.uk"
		if _, err := f.db.AddUser(ctx, store.User{Email: email, Role: c.role, Org: c.org, NetworkID: c.net, PasswordHash: browserHash()}); err != nil {
			t.Fatal(err)
		}
		jar, _ := cookiejar.New(nil)
		cl := &http.Client{Jar: jar}
		code, loc, _ := postForm(t, cl, f.srv.URL+"/login", url.Values{"email": {email}, "password": {browserPassword}})
		if code != http.StatusSeeOther || loc != c.want {
			t.Errorf("%s lands on %d %s, want %s", c.name, code, loc, c.want)
			continue
		}
		code, page := body(t, cl, f.srv.URL+loc)
		if code != 200 {
			t.Errorf("%s: their home %s answers %d", c.name, loc, code)
		}
		footer := page[strings.Index(page, "<footer"):]
		if !strings.Contains(footer, "Signed in as "+email+" ("+c.role.Label()+")") || !strings.Contains(footer, `action="/logout"`) || strings.Contains(footer, "Staff sign in") {
			t.Errorf("%s: the footer does not say who is signed in", c.name)
		}
		// A public page knows too.
		_, page = body(t, cl, f.srv.URL+"/networks")
		if !strings.Contains(page[strings.Index(page, "<footer"):], "Signed in as "+email) {
			t.Errorf("%s: the directory's footer does not know who is signed in", c.name)
		}
	}
	res, page := f.get("/networks")
	if res.StatusCode != 200 || !strings.Contains(page, "Staff sign in") || strings.Contains(page, "Signed in as") {
		t.Error("the public footer should offer to sign in")
	}
	_, page = f.get("/login")
	for _, who := range []string{"Network leads", "Executive sponsors", "EDI and HR leads", "Survey administrators and analysts", "The national team"} {
		if !strings.Contains(page, who) {
			t.Errorf("the sign-in page does not speak to %s", who)
		}
	}
}
