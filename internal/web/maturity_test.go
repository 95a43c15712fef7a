package web_test

import (
	"net/http"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/web"
)

// TestMaturityPage: the national viewer sees the picture with charts and
// downloads; an organisation admin only their own organisation's, where
// a handful of networks is suppressed; everyone else is refused, and no
// one reaches another organisation's view by changing the URL.
func TestMaturityPage(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	a, logs := newAppConfig(t, db, web.Config{})
	demoDirectory(t, db)
	login := func(role auth.Role, org string) *http.Client {
		c, _ := signInCSRF(t, a.srv.URL, db, store.User{Email: string(role) + "@example.nhs.uk", Role: role, Org: org}, "/networks", 0)
		return c
	}
	base := a.srv.URL + "/maturity"
	nat := login(auth.NationalViewer, "")
	code, page := body(t, nat, base)
	if code != 200 || !strings.Contains(page, "<svg") || !strings.Contains(page, "Over time") || !strings.Contains(page, "Has an executive sponsor") ||
		!strings.Contains(page, "Has facility time of at least half a day a week") || !strings.Contains(page, "Has a budget this financial year") {
		t.Fatalf("national picture: %d %s %s", code, h1(page), logs.String())
	}
	// The header links here for those who may see it.
	if !strings.Contains(page, `href="/maturity"`) {
		t.Error("no header link to /maturity for the national viewer")
	}
	if code, csv := body(t, nat, base+"?format=csv"); code != 200 || !strings.Contains(csv, "Maturity overall") {
		t.Errorf("csv: %d", code)
	}
	if code, _ := body(t, nat, base+"?view=time&format=xlsx"); code != 200 {
		t.Errorf("xlsx over time: %d", code)
	}
	if code, _ := body(t, nat, base+"?by=nonsense"); code != http.StatusBadRequest {
		t.Errorf("bad breakdown: %d", code)
	}
	// One organisation's networks are far fewer than 11.
	if code, page := body(t, nat, base+"?org=R00"); code != 200 || !strings.Contains(page, "Fewer than 11 networks") || strings.Contains(page, "11 people") {
		t.Errorf("one organisation's picture must be suppressed: %d", code)
	}

	lead := login(auth.NetworkLead, "R00")
	if _, page := body(t, lead, a.srv.URL+"/networks"); strings.Contains(page, `href="/maturity"`) {
		t.Error("a network lead, who may not see it, has a link to /maturity")
	}

	orgAdmin := login(auth.OrgAdmin, "R00")
	res, _ := dirGet(t, orgAdmin, base)
	if res.Request.URL.RawQuery != "org=R00" {
		t.Errorf("organisation admin landed on %s", res.Request.URL)
	}
	for _, c := range []struct {
		who  *http.Client
		u    string
		want int
	}{
		{orgAdmin, base + "?org=R10", http.StatusForbidden},
		{orgAdmin, base + "?org=R00&f.org=other", http.StatusOK}, // the filter is forced back to its own
		{lead, base, http.StatusForbidden},
		{login(auth.Sponsor, "R00"), base, http.StatusForbidden},
		{login(auth.Analyst, ""), base, http.StatusForbidden},
		{login(auth.CaseReviewer, ""), base, http.StatusForbidden},
		{login(auth.Admin, ""), base + "?f.region=y56", http.StatusOK},
		{&http.Client{}, base, http.StatusSeeOther},
	} {
		if got := status(t, c.who, "GET", c.u, nil); got != c.want {
			t.Errorf("GET %s: %d, want %d", c.u, got, c.want)
		}
	}
}
