package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

// netFixture is an app with two organisations and three networks: a and
// b in RJ1, c in RQM.
type netFixture struct {
	*app
	a, b, c *network.Network
}

func netApp(t *testing.T, db *store.DB) *netFixture {
	t.Helper()
	a := newApp(t, db)
	ctx := context.Background()
	if _, _, err := db.UpsertOrganisations(ctx, []orgs.Organisation{
		{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "Y56", Type: "NHS foundation trust"},
		{Code: "RQM", Name: "Chelsea and Westminster Hospital NHS Foundation Trust", Region: "Y56", Type: "NHS foundation trust"},
	}); err != nil {
		t.Fatal(err)
	}
	mk := func(org string, typ network.Type, name string) *network.Network {
		n := &network.Network{OrgCode: org, Type: typ, Name: name, YearStarted: 2016, Purpose: "Support " + name + " members",
			Contact: "network@example.nhs.uk", Status: network.StatusActive, Published: []network.Field{network.FieldName},
			Leaders: []network.Leader{{Role: network.RoleChair, Name: "Ada Example (demo)"}},
			Sponsor: &network.Sponsor{Name: "Bea Sponsor (demo)", BoardRole: "Chief Nurse", Expectations: "SECRET-EXPECTATIONS"}}
		if err := db.CreateNetwork(ctx, n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	return &netFixture{app: a, a: mk("RJ1", network.TypeBME, "Race Equality Network"), b: mk("RJ1", network.TypeLGBTI, "Pride Network"), c: mk("RQM", network.TypeBME, "REACH")}
}

// netAccount signs in an account with this role, organisation and network
// and returns its client and CSRF token.
func netAccount(t *testing.T, a *app, name string, role auth.Role, org string, networkID int64) (*http.Client, string) {
	t.Helper()
	email := name + "@example.nhs.uk"
	if _, err := a.db.AddUser(context.Background(), store.User{Email: email, Role: role, Org: org, NetworkID: networkID, PasswordHash: browserHash()}); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.PostForm(a.srv.URL+"/login", url.Values{"email": {email}, "password": {browserPassword}, "next": {"/my/networks"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("sign in as %s: %d %s", name, res.StatusCode, b)
	}
	return c, m[1]
}

func postForm(t *testing.T, c *http.Client, u string, v url.Values) (int, string, string) {
	t.Helper()
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := cc.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

func nid(n *network.Network) string { return fmt.Sprint(n.ID) }

var _ = time.Now
var _ = storetest.SQLite

func TestNetworkEditWithErrors(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := netApp(t, db)
		lead, csrf := netAccount(t, f.app, "lead-a", auth.NetworkLead, "RJ1", f.a.ID)
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		code, page := body(t, lead, base)
		if code != 200 || !strings.Contains(page, "Race Equality Network") {
			t.Fatalf("overview %d", code)
		}
		code, page = body(t, lead, base+"/edit")
		if code != 200 || !strings.Contains(page, `id="leaders-1-name"`) {
			t.Fatalf("edit form %d: no blank leader row", code)
		}
		v := url.Values{"_csrf": {csrf}, "name": {""}, "type": {"bme"}, "year_started": {"1900"}, "purpose": {"p"}, "contact": {"c"},
			"status": {"active"}, "leader_rows": {"2"}, "leaders-0-role": {"chair"}, "leaders-0-name": {"Ada Example (demo)"},
			"leaders-1-role": {"vice_chair"}, "leaders-1-name": {""}, "web_page": {"not a url"}}
		code, _, page = postForm(t, lead, base+"/edit", v)
		for _, want := range []string{`href="#name"`, `href="#year_started"`, `href="#web_page"`, `href="#leaders-1-name"`, "<title>Error: "} {
			if !strings.Contains(page, want) {
				t.Errorf("errors: no %s", want)
			}
		}
		if code != http.StatusUnprocessableEntity {
			t.Errorf("edit with errors: %d", code)
		}
		// Add another leader: one more blank row, nothing saved.
		v.Set("_action", "add_leader")
		_, _, page = postForm(t, lead, base+"/edit", v)
		if !strings.Contains(page, `id="leaders-2-name"`) {
			t.Error("add another leader did not add a row")
		}
		v.Del("_action")
		v.Set("name", "Race Equality Network (renamed)")
		v.Set("year_started", "2015")
		v.Set("web_page", "https://example.org/ren")
		v.Set("leaders-1-name", "Cy Example (demo)")
		v["published"] = []string{"name", "web_page"}
		code, loc, page := postForm(t, lead, base+"/edit", v)
		if code != http.StatusSeeOther {
			t.Fatalf("save: %d %s", code, page)
		}
		_, page = body(t, lead, f.srv.URL+loc)
		if !strings.Contains(page, "(renamed)") || !strings.Contains(page, "Cy Example (demo) (Vice-chair)") {
			t.Errorf("saved network not shown")
		}
		n, _ := db.Network(context.Background(), f.a.ID)
		if n.Sponsor != nil || len(n.Leaders) != 2 || n.OrgCode != "RJ1" {
			t.Errorf("stored %+v", n.Network)
		}
	})
}
