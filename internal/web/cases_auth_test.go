package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/cases"
	"staffnet/internal/store"
)

// TestCaseStudyAuthorisation tries every case-study route as every role,
// and as leads and admins of other networks and organisations changing
// the id in the URL and the network in the form. Studies belong to
// network a of RJ1; b is RJ1's other network, c is RQM's.
func TestCaseStudyAuthorisation(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		mk := f.signer(t)
		users := []who{
			{"public", &http.Client{}, ""},
			mk("admin", auth.Admin, "", 0),
			mk("national", auth.NationalViewer, "", 0),
			mk("analyst", auth.Analyst, "", 0),
			mk("reviewer", auth.CaseReviewer, "", 0),
			mk("orgadmin", auth.OrgAdmin, "RJ1", 0),
			mk("otheradmin", auth.OrgAdmin, "RQM", 0),
			mk("lead", auth.NetworkLead, "RJ1", f.a.ID),
			mk("otherlead", auth.NetworkLead, "RJ1", f.b.ID),
			mk("leadc", auth.NetworkLead, "RQM", f.c.ID),
			mk("sponsor", auth.Sponsor, "RJ1", f.a.ID),
		}
		// want builds an account → status map: the listed accounts get ok,
		// forbidden ones 403, the public a redirect to sign in, the rest
		// 404 (a study they may not read does not exist for them).
		want := func(ok int, allowed string, forbidden string) map[string]int {
			m := map[string]int{"public": http.StatusSeeOther}
			for _, u := range users[1:] {
				m[u.name] = http.StatusNotFound
			}
			for _, n := range strings.Fields(forbidden) {
				m[n] = http.StatusForbidden
			}
			for _, n := range strings.Fields(allowed) {
				m[n] = ok
			}
			return m
		}
		draft, _ := addCase(t, f.db, "RJ1", f.a.ID, cases.Draft, "Draft study")
		sent, _ := addCase(t, f.db, "RJ1", f.a.ID, cases.Submitted, "Sent study")
		my := func(id int64, rest string) string { return fmt.Sprintf("/my/case-studies/%d%s", id, rest) }
		everyone := "admin national analyst reviewer orgadmin otheradmin lead otherlead leadc sponsor"
		gets := []struct {
			path string
			want map[string]int
		}{
			{"/my/case-studies", want(200, everyone, "")},
			{"/my/case-studies/review", want(200, "admin reviewer", "national analyst orgadmin otheradmin lead otherlead leadc sponsor")},
			{"/my/case-studies/new", want(200, "orgadmin otheradmin lead otherlead leadc", "admin national analyst reviewer sponsor")},
			{my(draft, ""), want(200, "admin reviewer orgadmin lead sponsor", "")},
			{my(draft, "/edit"), want(200, "admin orgadmin lead", "reviewer sponsor")},
			{my(sent, "/edit"), want(http.StatusConflict, "admin orgadmin lead", "reviewer sponsor")}, // authors edit drafts only
			{my(999999, ""), want(404, "", "")},
		}
		for _, g := range gets {
			for _, u := range users {
				if got := status(t, u.c, "GET", f.srv.URL+g.path, nil); got != g.want[u.name] {
					t.Errorf("%s GET %s: %d, want %d", u.name, g.path, got, g.want[u.name])
				}
			}
		}
		// Changes, each on a fresh study so that one account's success
		// does not change what the next finds. Valid forms: 303 is
		// success, and a refused change leaves the study as it was.
		posts := []struct {
			name   string
			status cases.Status
			rest   string
			form   url.Values
			want   map[string]int
			after  cases.Status // the status after a success
		}{
			{"edit", cases.Draft, "/edit", caseForm("", "Changed title", "save"), want(303, "admin orgadmin lead", "reviewer sponsor"), cases.Draft},
			{"submit", cases.Changes, "/edit", caseForm("", "Changed title", "submit"), want(303, "admin orgadmin lead", "reviewer sponsor"), cases.Submitted},
			{"comment", cases.Submitted, "/review", url.Values{"decision": {"comment"}, "comment": {"Fine"}}, want(303, "admin reviewer", "orgadmin lead sponsor"), cases.Submitted},
			{"approve", cases.Submitted, "/review", url.Values{"decision": {"approve"}}, want(303, "admin reviewer", "orgadmin lead sponsor"), cases.Published},
			{"withdraw", cases.Published, "/withdraw", url.Values{"reason": {"Old"}}, want(303, "admin reviewer orgadmin lead", "sponsor"), cases.Withdrawn},
		}
		for _, p := range posts {
			for _, u := range users {
				id, _ := addCase(t, f.db, "RJ1", f.a.ID, p.status, "Study for "+p.name)
				v := url.Values{"_csrf": {u.csrf}}
				for k, vs := range p.form {
					if k != "_csrf" {
						v[k] = vs
					}
				}
				code, loc, _ := postForm(t, u.c, f.srv.URL+my(id, p.rest), v)
				if code != p.want[u.name] || (u.name == "public" && !strings.HasPrefix(loc, "/login")) {
					t.Errorf("%s %s: %d %s, want %d", u.name, p.name, code, loc, p.want[u.name])
				}
				st, _ := f.db.CaseStudy(ctx, id)
				done := code == http.StatusSeeOther && u.name != "public"
				wantStatus := p.status
				if done {
					wantStatus = p.after
				}
				if st.Status != wantStatus || (p.rest == "/edit" && (st.Title == "Changed title") != done) {
					t.Errorf("%s %s: left %s %q", u.name, p.name, st.Status, st.Title)
				}
			}
		}
		// Form fields naming another network: a lead's study stays with
		// their network; an organisation admin may name only its own
		// organisation's networks.
		lead, orgAdmin := users[7], users[5]
		v := caseForm(lead.csrf, "Lead's study", "save")
		v.Set("network", nid(f.c))
		if code, _, _ := postForm(t, lead.c, f.srv.URL+"/my/case-studies/new", v); code != http.StatusSeeOther {
			t.Fatalf("lead's new study: %d", code)
		}
		mine, _ := f.db.CaseStudies(ctx, store.CaseFilter{Statuses: []cases.Status{cases.Draft}, NetworkID: f.c.ID})
		if len(mine) != 0 {
			t.Error("a lead wrote a study for another organisation's network")
		}
		v = caseForm(orgAdmin.csrf, "Admin's study", "save")
		v.Set("network", nid(f.c))
		if code, _, page := postForm(t, orgAdmin.c, f.srv.URL+"/my/case-studies/new", v); code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#network"`) {
			t.Errorf("org admin naming another organisation's network: %d", code)
		}
		v.Set("network", nid(f.b))
		if code, _, _ := postForm(t, orgAdmin.c, f.srv.URL+"/my/case-studies/new", v); code != http.StatusSeeOther {
			t.Errorf("org admin naming its own organisation's network: %d", code)
		}
		// The list of one's studies holds only one's own organisation's
		// (or, for a lead, network's).
		_, page := body(t, users[9].c, f.srv.URL+"/my/case-studies")
		if strings.Contains(page, "Draft study") || strings.Contains(page, "Lead&#39;s study") {
			t.Error("another organisation's lead lists RJ1's studies")
		}
		_, page = body(t, users[8].c, f.srv.URL+"/my/case-studies")
		if strings.Contains(page, "Draft study") {
			t.Error("another network's lead lists network a's studies")
		}
	})
}
