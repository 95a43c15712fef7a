package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

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

// testTrusts are the two London trusts of the network tests, RJ1 and RQM.
var testTrusts = []orgs.Organisation{
	{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "Y56", Type: "NHS foundation trust"},
	{Code: "RQM", Name: "Chelsea and Westminster Hospital NHS Foundation Trust", Region: "Y56", Type: "NHS foundation trust"},
}

func netApp(t *testing.T, db *store.DB) *netFixture {
	t.Helper()
	a := newApp(t, db)
	ctx := context.Background()
	if _, _, err := db.UpsertOrganisations(ctx, testTrusts); err != nil {
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

// eachNet is eachDB with netApp's fixture on each database.
func eachNet(t *testing.T, fn func(t *testing.T, f *netFixture)) {
	eachDB(t, func(t *testing.T, db *store.DB) { fn(t, netApp(t, db)) })
}

// leadAndSponsor signs in a network lead ("lead"+suffix) and a sponsor
// ("sponsor"+suffix) of network a, with their CSRF tokens.
func (f *netFixture) leadAndSponsor(t *testing.T, suffix string) (lead *http.Client, leadCSRF string, sponsor *http.Client, sponsorCSRF string) {
	t.Helper()
	lead, leadCSRF = netAccount(t, f.app, "lead"+suffix, auth.NetworkLead, "RJ1", f.a.ID)
	sponsor, sponsorCSRF = netAccount(t, f.app, "sponsor"+suffix, auth.Sponsor, "RJ1", f.a.ID)
	return lead, leadCSRF, sponsor, sponsorCSRF
}

// leadOfA signs in an account called name as the lead of network a and
// returns its client, its CSRF token and the network's address under
// /my/networks.
func (f *netFixture) leadOfA(t *testing.T, name string) (lead *http.Client, csrf, base string) {
	t.Helper()
	lead, csrf = netAccount(t, f.app, name, auth.NetworkLead, "RJ1", f.a.ID)
	return lead, csrf, f.srv.URL + "/my/networks/" + nid(f.a)
}

// who is an account, or the public, that an authorisation test tries a
// route as; name is for the error messages.
type who struct {
	name string
	c    *http.Client
	csrf string
}

// signer returns a function that signs in an account by netAccount and
// names it for the error messages.
func (f *netFixture) signer(t *testing.T) func(name string, role auth.Role, org string, id int64) who {
	return func(name string, role auth.Role, org string, id int64) who {
		c, csrf := netAccount(t, f.app, name, role, org, id)
		return who{name, c, csrf}
	}
}

// netAccount signs in an account with this role, organisation and network
// and returns its client and CSRF token.
func netAccount(t *testing.T, a *app, name string, role auth.Role, org string, networkID int64) (*http.Client, string) {
	t.Helper()
	return signInCSRF(t, a.srv.URL, a.db, store.User{Email: name + "@example.nhs.uk", Role: role, Org: org, NetworkID: networkID}, "/my/networks", 0)
}

func postForm(t *testing.T, c *http.Client, u string, v url.Values) (int, string, string) {
	t.Helper()
	res, b := sendOnce(t, c, formRequest("POST", u, v))
	return res.StatusCode, res.Header.Get("Location"), b
}

// formWith is a copy of form with each key in kv set to the value after
// it.
func formWith(form url.Values, kv ...string) url.Values {
	v := url.Values{}
	for k, x := range form {
		v[k] = x
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func nid(n *network.Network) string { return fmt.Sprint(n.ID) }

func TestNetworkEditWithErrors(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		lead, csrf, base := f.leadOfA(t, "lead-a")
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
		hasAll(t, "errors", page, []string{`href="#name"`, `href="#year_started"`, `href="#web_page"`, `href="#leaders-1-name"`, "<title>Error: "}, nil)
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
		n, _ := f.db.Network(context.Background(), f.a.ID)
		if n.Sponsor != nil || len(n.Leaders) != 2 || n.OrgCode != "RJ1" {
			t.Errorf("stored %+v", n.Network)
		}
	})
}

// TestNetworkAuthorisation tries every role against every page and route
// that reads or changes network a (and a guide of organisation RJ1).
func TestNetworkAuthorisation(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		mk := f.signer(t)
		public := who{"public", &http.Client{}, ""}
		admin := mk("admin", auth.Admin, "", 0)
		national := mk("national", auth.NationalViewer, "", 0)
		orgAdmin := mk("orgadmin", auth.OrgAdmin, "RJ1", 0)
		otherAdmin := mk("otheradmin", auth.OrgAdmin, "RQM", 0)
		lead := mk("lead", auth.NetworkLead, "RJ1", f.a.ID)
		otherLead := mk("otherlead", auth.NetworkLead, "RJ1", f.b.ID)
		sponsor := mk("sponsor", auth.Sponsor, "RJ1", f.a.ID)
		analyst := mk("analyst", auth.Analyst, "", 0)

		leadUser, _ := f.db.UserByEmail(ctx, "lead@example.nhs.uk")
		g := &store.GuideProgress{Owner: leadUser.ID, Progress: network.Progress{OrgCode: "RJ1", Type: network.TypeDisability}}
		if err := f.db.SaveGuideProgress(ctx, g); err != nil {
			t.Fatal(err)
		}
		base := "/my/networks/" + nid(f.a)
		guide := fmt.Sprintf("/my/start-a-network/%d", g.ID)
		reads := []string{base, base + "/edit", base + "/terms", base + "/work-plan", base + "/sponsor", base + "/skills", base + "/meetings",
			base + "/assessment", base + "/assessment/results", base + "/recommendations", base + "/board"}
		// Expected status of a GET by each account: 200 reads, 404 hides.
		readWant := map[string]int{"admin": 200, "national": 200, "orgadmin": 200, "lead": 200, "sponsor": 200,
			"otheradmin": 404, "otherlead": 404, "analyst": 404, "public": http.StatusSeeOther}
		for _, u := range []who{public, admin, national, orgAdmin, otherAdmin, lead, otherLead, sponsor, analyst} {
			for _, path := range reads {
				want := readWant[u.name]
				if path == base+"/edit" && (u.name == "national" || u.name == "sponsor") {
					want = http.StatusForbidden
				}
				if got := status(t, u.c, "GET", f.srv.URL+path, nil); got != want {
					t.Errorf("%s GET %s: %d, want %d", u.name, path, got, want)
				}
			}
			gwant := map[string]int{"admin": 200, "national": 200, "orgadmin": 200, "lead": 200, "public": http.StatusSeeOther}[u.name]
			if gwant == 0 {
				gwant = 404 // another network's lead cannot read this guide's drafts
			}
			for _, path := range []string{guide, guide + "/need", guide + "/drafts"} {
				if got := status(t, u.c, "GET", f.srv.URL+path, nil); got != gwant {
					t.Errorf("%s GET %s: %d, want %d", u.name, path, got, gwant)
				}
			}
		}
		// A recommendation that applies to the network, to set aside.
		_, recs := body(t, admin.c, f.srv.URL+base+"/recommendations")
		m := regexp.MustCompile(`/recommendations/([a-z_]+)/dismiss`).FindAllStringSubmatch(recs, -1)
		if len(m) < 2 {
			t.Fatalf("fewer than two recommendations to set aside: %v", m)
		}
		dismiss := base + "/recommendations/" + m[len(m)-1][1]
		// Setting aside is a change to the work plan: its form page is for
		// those who may make it (a sponsor or the national team gets 403).
		for _, u := range []who{public, admin, national, orgAdmin, otherAdmin, lead, otherLead, sponsor, analyst} {
			want := map[string]int{"admin": 200, "orgadmin": 200, "lead": 200, "national": 403, "sponsor": 403, "public": http.StatusSeeOther}[u.name]
			if want == 0 {
				want = 404
			}
			if got := status(t, u.c, "GET", f.srv.URL+dismiss+"/dismiss", nil); got != want {
				t.Errorf("%s GET %s/dismiss: %d, want %d", u.name, dismiss, got, want)
			}
		}
		// Changes: who may post to each route. Forms are valid, so 303 is
		// success; each account uses its own CSRF token.
		wp := url.Values{"rows": {"1"}, "objectives-0-title": {"Objective"}, "objectives-0-owner": {"Ada"}, "objectives-0-status": {"in_progress"}, "objectives-0-percent_done": {"10"}, "objectives-0-wres_indicator": {"2"}}
		changes := []struct {
			path string
			form url.Values
			ok   []string // accounts allowed
		}{
			{base + "/edit", url.Values{"name": {"X"}, "type": {"bme"}, "year_started": {"2016"}, "purpose": {"p"}, "contact": {"c"}, "status": {"active"}}, []string{"admin", "orgadmin", "lead"}},
			{base + "/terms", url.Values{"text": {"ToR"}, "approved_on": {"2025-01-01"}, "review_due": {"2026-01-01"}}, []string{"admin", "orgadmin", "lead"}},
			{base + "/work-plan", wp, []string{"admin", "orgadmin", "lead"}},
			{base + "/sponsor", url.Values{"last_met": {"2025-01-01"}, "expectations_agreed": {"yes"}}, []string{"admin", "orgadmin", "lead"}},
			{base + "/meetings", url.Values{"last_minutes": {"2025-01-01"}, "next_meeting": {"2030-01-01"}}, []string{"admin", "orgadmin", "lead"}},
			{base + "/skills", url.Values{"done_on": {"2025-01-01"}, "rows": {"1"}, "skills-0-leader": {"Ada"}, "skills-0-skills": {"Chairing"}}, []string{"admin", "orgadmin", "lead"}},
			{base + "/recommendations/complete_assessment/accept", url.Values{}, []string{"admin", "orgadmin", "lead"}},
			{dismiss + "/dismiss", url.Values{"reason": {"Not for us"}}, []string{"admin", "orgadmin", "lead"}},
			{dismiss + "/restore", url.Values{}, []string{"admin", "orgadmin", "lead"}},
			{"/my/networks/new", url.Values{"name": {"New"}, "type": {"faith"}, "year_started": {"2020"}, "purpose": {"p"}, "contact": {"c"}, "status": {"active"}, "org_code": {"RJ1"}}, []string{"admin", "orgadmin", "otheradmin"}}, // each in its own organisation
			{guide + "/need", url.Values{"who_for": {"Disabled staff"}, "_action": {"save"}}, []string{"admin", "orgadmin", "lead"}},                                                                                                   // saved in place: 200
			{guide + "/type", url.Values{"type": {"faith"}}, []string{"admin", "orgadmin", "lead"}},
		}
		for _, ch := range changes {
			for _, u := range []who{public, admin, national, orgAdmin, otherAdmin, lead, otherLead, sponsor, analyst} {
				got := status(t, u.c, "POST", f.srv.URL+ch.path, formWith(ch.form, "_csrf", u.csrf))
				allowed := slices.Contains(ch.ok, u.name)
				switch {
				case u.name == "public":
					if got != http.StatusSeeOther {
						t.Errorf("public POST %s: %d, want a redirect to sign in", ch.path, got)
					}
				case allowed && got != http.StatusSeeOther && !(got == 200 && strings.HasSuffix(ch.path, "/need")):
					t.Errorf("%s POST %s: %d, want 303", u.name, ch.path, got)
				case !allowed && got != http.StatusForbidden && got != http.StatusNotFound:
					t.Errorf("%s POST %s: %d, want 403 or 404", u.name, ch.path, got)
				}
			}
			// Without the token, nobody changes anything.
			if got := status(t, admin.c, "POST", f.srv.URL+ch.path, ch.form); got != http.StatusForbidden {
				t.Errorf("admin POST %s without CSRF: %d, want 403", ch.path, got)
			}
		}
		// The sponsor answers the self-assessment; another network's lead cannot.
		if got := status(t, sponsor.c, "POST", f.srv.URL+base+"/assessment", url.Values{"_csrf": {sponsor.csrf}, "_page": {"intro"}, "_action": {"continue"}}); got != 200 {
			t.Errorf("sponsor starts the assessment: %d", got)
		}
		for _, u := range []who{otherLead, national, analyst} {
			if got := status(t, u.c, "POST", f.srv.URL+base+"/assessment", url.Values{"_csrf": {u.csrf}, "_page": {"intro"}, "_action": {"continue"}}); got != 404 && got != 403 {
				t.Errorf("%s posts to the assessment: %d", u.name, got)
			}
		}
		// The public directory shows only published fields.
		_, page := body(t, public.c, f.srv.URL+"/networks/"+nid(f.a))
		if strings.Contains(page, "SECRET-EXPECTATIONS") || strings.Contains(page, "Bea Sponsor") {
			t.Error("public page shows unpublished sponsor details")
		}
	})
}

// answerAll fills every question with the option at index pick(question).
func answerAll(kit *network.Questionnaire, pick func(q network.Question) int) url.Values {
	v := url.Values{}
	for _, q := range kit.Questions {
		v.Set(q.ID, q.Options[pick(q)].Value)
		v.Set(q.ID+"-evidence", "https://example.org/evidence/"+q.ID)
	}
	return v
}

func TestNetworkFlows(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		lead, csrf, sponsor, scsrf := f.leadAndSponsor(t, "")
		base := f.srv.URL + "/my/networks/" + nid(f.a)

		// Staleness flags before any record.
		_, page := body(t, lead, base)
		if !strings.Contains(page, "nhsuk-warning-callout") || !strings.Contains(page, "terms of reference") {
			t.Error("overview does not show the flags")
		}
		// Terms of reference: each save is a new version; errors first.
		code, _, page := postForm(t, lead, base+"/terms", url.Values{"_csrf": {csrf}, "text": {""}, "approved_on": {"2025-02-30"}, "review_due": {"2026-01-01"}})
		if code != 422 || !strings.Contains(page, `href="#text"`) || !strings.Contains(page, `href="#approved_on"`) {
			t.Errorf("terms with errors: %d", code)
		}
		for _, text := range []string{"First terms", "Second terms"} {
			if code, _, _ := postForm(t, lead, base+"/terms", url.Values{"_csrf": {csrf}, "text": {text}, "approved_on": {"2025-01-01"}, "review_due": {"2099-01-01"}}); code != 303 {
				t.Fatalf("terms: %d", code)
			}
		}
		terms, _ := f.db.TermsOfReference(ctx, f.a.ID)
		if len(terms) != 2 || terms[1].Version != 2 || terms[0].Text != "First terms" {
			t.Errorf("terms versions %+v", terms)
		}
		_, page = body(t, lead, base+"/terms")
		if !strings.Contains(page, "Current version (2)") || !strings.Contains(page, "Version 1") {
			t.Error("terms history not shown")
		}
		// Work plan: add with an error, then remove.
		wp := url.Values{"_csrf": {csrf}, "rows": {"2"}, "objectives-0-title": {"Reverse mentoring"}, "objectives-0-owner": {""}, "objectives-0-status": {"in_progress"},
			"objectives-0-percent_done": {"150"}, "objectives-0-wres_indicator": {"7"}, "objectives-1-title": {"Second"}, "objectives-1-owner": {"Cy"}, "objectives-1-status": {"not_started"}}
		code, _, page = postForm(t, lead, base+"/work-plan", wp)
		if code != 422 || !strings.Contains(page, `href="#objectives-0-owner"`) || !strings.Contains(page, `href="#objectives-0-percent_done"`) {
			t.Errorf("work plan errors: %d", code)
		}
		wp.Set("objectives-0-owner", "Ada")
		wp.Set("objectives-0-percent_done", "40")
		if code, _, _ := postForm(t, lead, base+"/work-plan", wp); code != 303 {
			t.Fatalf("work plan: %d", code)
		}
		wp.Set("objectives-1-remove", "yes")
		if code, _, _ := postForm(t, lead, base+"/work-plan", wp); code != 303 {
			t.Fatalf("work plan remove: %d", code)
		}
		rec, _ := f.db.Records(ctx, f.a.ID)
		if rec.WorkPlan == nil || len(rec.WorkPlan.Objectives) != 1 || rec.WorkPlan.Version != 2 || rec.WorkPlan.Objectives[0].WRESIndicator != 7 {
			t.Fatalf("work plan %+v", rec.WorkPlan)
		}
		// The sponsor cannot change the work plan.
		if code, _, _ := postForm(t, sponsor, base+"/work-plan", url.Values{"_csrf": {scsrf}, "rows": {"0"}}); code != 403 {
			t.Errorf("sponsor changed the work plan: %d", code)
		}

		// Self-assessment: walk the pages as the lead.
		q, _ := network.DefaultQuestionnaire()
		walk := func(c *http.Client, token string, pick func(network.Question) int) {
			t.Helper()
			code, _, page := postForm(t, c, base+"/assessment", url.Values{"_csrf": {token}, "_page": {"intro"}, "_action": {"continue"}})
			if code != 200 || !strings.Contains(page, "page 1 of 5") {
				t.Fatalf("assessment page 1: %d", code)
			}
			// Continuing without answers is an error on that page.
			code, _, page = postForm(t, c, base+"/assessment", url.Values{"_csrf": {token}, "_page": {q.Areas[0].ID}, "_action": {"continue"}})
			if code != 422 || !strings.Contains(page, `href="#sponsor_in_place"`) {
				t.Fatalf("empty page: %d", code)
			}
			all := answerAll(q, pick)
			for _, a := range q.Areas {
				v := url.Values{"_csrf": {token}, "_page": {a.ID}, "_action": {"continue"}}
				for k, vs := range all {
					v[k] = vs
				}
				if code, _, page = postForm(t, c, base+"/assessment", v); code != 200 {
					t.Fatalf("area %s: %d", a.ID, code)
				}
			}
			if !strings.Contains(page, "Check your answers") {
				t.Fatalf("no check page: %s", h1(page))
			}
			v := url.Values{"_csrf": {token}, "_page": {"check"}, "_action": {"submit"}}
			for k, vs := range all {
				v[k] = vs
			}
			if code, loc, _ := postForm(t, c, base+"/assessment", v); code != 303 || !strings.HasSuffix(loc, "/assessment/results?saved=assessment") {
				t.Fatalf("submit: %d %s", code, loc)
			}
		}
		walk(lead, csrf, func(network.Question) int { return 0 })
		walk(sponsor, scsrf, func(q network.Question) int { return len(q.Options) - 1 })
		as, _ := f.db.Assessments(ctx, f.a.ID)
		if len(as) != 1 || len(as[0].Responses) != 2 {
			t.Fatalf("assessments %+v", as)
		}
		_, page = body(t, lead, base+"/assessment/results")
		hasAll(t, "results page", page, []string{"Scores by area", "0.00", "1 – Starting", "Areas where views differ", "sponsor@example.nhs.uk", "Fewer than 5 other", "https://example.org/evidence/budget"}, nil)
		// Recommendations: the lowest answers trigger facility time; accept it.
		_, page = body(t, lead, base+"/recommendations")
		if !strings.Contains(page, "/recommendations/facility_time/accept") || !strings.Contains(page, "What triggered this") {
			t.Fatal("facility_time not recommended")
		}
		if code, loc, _ := postForm(t, lead, base+"/recommendations/facility_time/accept", url.Values{"_csrf": {csrf}}); code != 303 || !strings.Contains(loc, "/work-plan") {
			t.Fatalf("accept: %d %s", code, loc)
		}
		postForm(t, lead, base+"/recommendations/facility_time/accept", url.Values{"_csrf": {csrf}})
		rec, _ = f.db.Records(ctx, f.a.ID)
		n := 0
		for _, o := range rec.WorkPlan.Objectives {
			if o.FromRule == "facility_time" {
				n++
			}
		}
		if n != 1 || rec.WorkPlan.Version != 3 {
			t.Errorf("accepted objective %d times, work plan version %d", n, rec.WorkPlan.Version)
		}
		_, page = body(t, lead, base+"/recommendations")
		if !strings.Contains(page, "In the work plan") {
			t.Error("accepted recommendation not marked")
		}
		// Saving the work plan keeps the accepted objective's link to its
		// recommendation, so it stays marked as accepted.
		_, page = body(t, lead, base+"/work-plan")
		if !strings.Contains(page, `name="objectives-1-from_rule" value="facility_time"`) {
			t.Error("the work plan form drops the recommendation an objective came from")
		}
		wp = url.Values{"_csrf": {csrf}, "rows": {"2"}, "objectives-0-title": {"Reverse mentoring"}, "objectives-0-owner": {"Ada"}, "objectives-0-status": {"in_progress"},
			"objectives-0-percent_done": {"40"}, "objectives-0-wres_indicator": {"7"}, "objectives-1-title": {"Facility time"}, "objectives-1-owner": {"Ada"},
			"objectives-1-status": {"not_started"}, "objectives-1-from_rule": {"facility_time"}}
		if code, _, _ := postForm(t, lead, base+"/work-plan", wp); code != 303 {
			t.Fatalf("work plan after accepting: %d", code)
		}
		_, page = body(t, lead, base+"/recommendations")
		if !strings.Contains(page, "In the work plan") || strings.Contains(page, "/recommendations/facility_time/accept") {
			t.Error("after saving the work plan the recommendation is no longer marked accepted")
		}
		_, page = body(t, lead, base+"/board")
		if !strings.Contains(page, "State of the network") || !strings.Contains(page, "Most urgent actions") {
			t.Error("board summary")
		}
	})
}

func TestNetworkGuide(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		c, csrf := netAccount(t, f.app, "edi", auth.OrgAdmin, "RJ1", 0)
		code, loc, _ := postForm(t, c, f.srv.URL+"/my/start-a-network", url.Values{"_csrf": {csrf}})
		if code != 303 {
			t.Fatalf("start: %d", code)
		}
		g := f.srv.URL + loc
		if code, _, _ := postForm(t, c, g+"/type", url.Values{"_csrf": {csrf}, "type": {"bme"}}); code != 303 {
			t.Fatalf("type: %d", code)
		}
		_, page := body(t, c, g)
		if !strings.Contains(page, "0% done") || !strings.Contains(page, "REACH") || strings.Count(page, "Not started") != 6 {
			t.Errorf("task list at the start")
		}
		// Mark complete with a missing required answer: 422, answers kept.
		code, _, page = postForm(t, c, g+"/need", url.Values{"_csrf": {csrf}, "_action": {"complete"}, "who_for": {"BME staff"}})
		if code != 422 || !strings.Contains(page, `href="#aims"`) || !strings.Contains(page, "BME staff") {
			t.Fatalf("complete with gaps: %d", code)
		}
		_, page = body(t, c, g)
		if !strings.Contains(page, "In progress") {
			t.Error("saved answers do not show the step in progress")
		}
		code, _, _ = postForm(t, c, g+"/need", url.Values{"_csrf": {csrf}, "_action": {"complete"}, "who_for": {"BME staff"}, "aims": {"Fair careers"},
			"goals": {"Mentoring\nData"}, "benefits_members": {"Support"}, "benefits_org": {"Better care"}})
		if code != 303 {
			t.Fatalf("complete: %d", code)
		}
		_, page = body(t, c, g)
		if !strings.Contains(page, "16% done") || !strings.Contains(page, "Completed") {
			t.Errorf("progress after one step")
		}
		postForm(t, c, g+"/foundation", url.Values{"_csrf": {csrf}, "_action": {"save"}, "network_name": {"BME Staff Network"}, "purpose": {"Equal careers for BME staff"}, "meeting_pattern": {"Monthly"}})
		_, page = body(t, c, g+"/drafts")
		if !strings.Contains(page, "Fair careers") || !strings.Contains(page, "[To complete:") {
			t.Error("drafts do not use the answers")
		}
		code, loc, _ = postForm(t, c, g+"/drafts", url.Values{"_csrf": {csrf}, "_action": {"create"}, "business_case": {"BC"}, "terms": {"Edited terms"}, "name": {"BME Staff Network"}, "contact": {"bme@example.nhs.uk"}})
		if code != 303 || !strings.HasPrefix(loc, "/my/networks/") {
			t.Fatalf("create: %d %s", code, loc)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(strings.Split(loc, "?")[0], "/my/networks/"), 10, 64)
		terms, _ := f.db.TermsOfReference(ctx, id)
		if len(terms) != 1 || terms[0].Text != "Edited terms" {
			t.Errorf("first terms %+v", terms)
		}
	})
}

// TestHeaderLinks: the header shows each role the links auth.Role.Nav
// gives it, and no others.
func TestHeaderLinks(t *testing.T) {
	t.Parallel()
	f := netApp(t, storetest.SQLite(t))
	links := map[string]string{"/admin": "Surveys", "/wres": "WRES", "/my/networks": "My networks", "/networks": "Directory", "/admin/users": "Accounts"}
	for _, c := range []struct {
		role auth.Role
		org  string
		net  int64
		want []string
	}{
		{auth.Admin, "", 0, []string{"/admin", "/wres", "/my/networks", "/networks", "/admin/users"}},
		{auth.Analyst, "", 0, []string{"/admin", "/networks"}},
		{auth.NationalViewer, "", 0, []string{"/wres", "/my/networks", "/networks"}},
		{auth.OrgAdmin, "RJ1", 0, []string{"/wres", "/my/networks", "/networks"}},
		{auth.NetworkLead, "RJ1", f.a.ID, []string{"/wres", "/my/networks", "/networks"}},
		{auth.Sponsor, "RJ1", f.a.ID, []string{"/my/networks", "/networks"}},
	} {
		c0, _ := netAccount(t, f.app, "nav-"+string(c.role), c.role, c.org, c.net)
		// Every signed-in account can ask for this page (an analyst is
		// refused it), and every answer has the header.
		_, page := body(t, c0, f.srv.URL+"/my/networks")
		if !strings.Contains(page, "nhsuk-header__navigation-list") {
			t.Fatalf("%s: no header links", c.role)
		}
		for href, text := range links {
			// The link to the section the page is in is marked current.
			link := fmt.Sprintf(`class="nhsuk-header__navigation-link" href="%s">%s</a>`, href, text)
			if href == "/my/networks" {
				link = fmt.Sprintf(`class="nhsuk-header__navigation-link" href="%s" aria-current="true"><strong class="nhsuk-header__navigation-item-current-fallback">%s</strong></a>`, href, text)
			}
			if got, want := strings.Contains(page, link), slices.Contains(c.want, href); got != want {
				t.Errorf("%s: link to %s shown %v, want %v", c.role, href, got, want)
			}
		}
	}
}

// TestNetworkPagesSpeakPlainly: the network pages a lead, an organisation
// admin and the public see carry no developer words (data-file keys,
// pointers to docs/, role codes) and name organisations, not codes.
func TestNetworkPagesSpeakPlainly(t *testing.T) {
	t.Parallel()
	f := netApp(t, storetest.SQLite(t))
	lead, _ := netAccount(t, f.app, "lead-a", auth.NetworkLead, "RJ1", f.a.ID)
	edi, _ := netAccount(t, f.app, "edi", auth.OrgAdmin, "RJ1", 0)
	base := f.srv.URL + "/my/networks/" + nid(f.a)
	bad := []string{"min_mean", "docs/", ".md", "network_lead", "org_admin", "national_viewer", "Format:"}
	check := func(who, path, page string) {
		t.Helper()
		for _, w := range bad {
			if strings.Contains(page, w) {
				t.Errorf("%s %s shows %q", who, path, w)
			}
		}
	}
	for _, p := range []string{"", "/assessment", "/assessment/results", "/work-plan", "/recommendations", "/terms", "/board"} {
		code, page := body(t, lead, base+p)
		if code != 200 {
			t.Fatalf("lead %s: %d", p, code)
		}
		check("lead", p, page)
	}
	if _, page := body(t, lead, base); !strings.Contains(page, "Network lead") {
		t.Error("the header does not name the lead's role in words")
	}
	code, page := body(t, edi, f.srv.URL+"/my/networks")
	if code != 200 || !strings.Contains(page, "Networks in Guy&#39;s and St Thomas") {
		t.Errorf("org admin's list: %d, want its organisation by name", code)
	}
	check("org admin", "/my/networks", page)
	res, page := f.get("/networks")
	if res.StatusCode != 200 {
		t.Fatalf("directory %d", res.StatusCode)
	}
	check("public", "/networks", page)
}

// TestStartNetworkKeepsWhatTheGuideCollected: starting twice returns to
// the guide under way; an empty required answer says what to enter; the
// network created from the drafts gets the leaders, sponsor and first
// objectives the guide collected (so it is not flagged for lacking them),
// its terms of reference read as formatted text, and creating twice makes
// one network.
func TestStartNetworkKeepsWhatTheGuideCollected(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		c, csrf := netAccount(t, f.app, "edi", auth.OrgAdmin, "RJ1", 0)
		start := func() string {
			t.Helper()
			code, loc, _ := postForm(t, c, f.srv.URL+"/my/start-a-network", url.Values{"_csrf": {csrf}})
			if code != 303 || !strings.HasPrefix(loc, "/my/start-a-network/") {
				t.Fatalf("start: %d %s", code, loc)
			}
			return loc
		}
		first := start()
		if again := start(); again != first {
			t.Fatalf("second start went to %s, not back to %s", again, first)
		}
		if gs, _ := f.db.Guides(ctx, "RJ1", 0); len(gs) != 1 {
			t.Fatalf("%d guides after starting twice", len(gs))
		}
		_, page := body(t, c, f.srv.URL+"/my/networks")
		if !strings.Contains(page, "Continue starting your network") {
			t.Error("the list does not say a start is under way")
		}
		g := f.srv.URL + first
		postForm(t, c, g+"/type", url.Values{"_csrf": {csrf}, "type": {"bme"}})
		code, _, page := postForm(t, c, g+"/need", url.Values{"_csrf": {csrf}, "_action": {"complete"}})
		if code != 422 || !strings.Contains(page, "Enter who the network is for") || strings.Contains(page, "Answer:") {
			t.Errorf("empty step: %d, want GOV.UK-style errors", code)
		}
		postForm(t, c, g+"/business_case", url.Values{"_csrf": {csrf}, "_action": {"save"}, "champion": {"Chief Nurse"}})
		postForm(t, c, g+"/foundation", url.Values{"_csrf": {csrf}, "_action": {"save"}, "network_name": {"REACH"}, "purpose": {"Equal careers"},
			"meeting_pattern": {"Monthly"}, "leadership_team": {"Chosen by members each year.\nChair: Ada Okafor\nVice-chair: Ben Ode"},
			"first_objectives": {"Reverse mentoring for the board\nShare WRES figures with members"}})
		code, page = body(t, c, g+"/drafts")
		if code != 200 {
			t.Fatalf("drafts: %d", code)
		}
		hasAll(t, "drafts page", page, []string{">Chair: Ada Okafor\nVice-chair: Ben Ode</textarea>", `value="Chief Nurse"`,
			">Reverse mentoring for the board\nShare WRES figures with members</textarea>", "<h3>Terms of reference: REACH</h3>", "<h4>1. Purpose</h4>"}, nil)
		create := url.Values{"_csrf": {csrf}, "_action": {"create"}, "business_case": {"BC"}, "terms": {"# Terms of reference\n\n## Purpose\n\n- Careers\n- Voice\n\n<script>alert(1)</script>"},
			"name": {"REACH"}, "contact": {"reach@example.nhs.uk"}, "leaders": {"Chair: Ada Okafor\nVice-chair: Ben Ode"}, "sponsor": {"Chief Nurse"},
			"objectives": {"Reverse mentoring for the board\nShare WRES figures with members"}}
		code, loc, _ := postForm(t, c, g+"/drafts", create)
		if code != 303 || !strings.HasPrefix(loc, "/my/networks/") {
			t.Fatalf("create: %d %s", code, loc)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(strings.Split(loc, "?")[0], "/my/networks/"), 10, 64)
		n, err := f.db.Network(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(n.LeadersIn(network.RoleChair)) != 1 || n.LeadersIn(network.RoleChair)[0].Name != "Ada Okafor" || !n.HasSponsor() {
			t.Errorf("network leaders %+v sponsor %+v", n.Leaders, n.Sponsor)
		}
		rec, _ := f.db.Records(ctx, id)
		if rec.WorkPlan == nil || len(rec.WorkPlan.Objectives) != 2 || rec.WorkPlan.Objectives[0].Owner != "Ada Okafor" {
			t.Fatalf("work plan %+v", rec.WorkPlan)
		}
		_, page = body(t, c, f.srv.URL+"/my/networks/"+strconv.FormatInt(id, 10))
		hasAll(t, "new network's page", strings.ToLower(page), nil, []string{"no executive sponsor", "no chair", "no work plan"})
		_, page = body(t, c, f.srv.URL+"/my/networks/"+strconv.FormatInt(id, 10)+"/terms")
		doc := page[strings.Index(page, `class="network-doc"`):]
		doc = doc[:strings.Index(doc, "</div>")]
		if !strings.Contains(doc, "<h3>Terms of reference</h3>") || !strings.Contains(doc, "<li>Careers</li>") || strings.Contains(doc, "# Terms") || strings.Contains(page, "<script>alert") {
			t.Errorf("terms of reference not shown as safe formatted text: %s", doc)
		}
		// Creating again goes to the network already made.
		if code, loc2, _ := postForm(t, c, g+"/drafts", create); code != 303 || !strings.HasPrefix(loc2, "/my/networks/"+strconv.FormatInt(id, 10)) {
			t.Errorf("second create: %d %s", code, loc2)
		}
		if list, _ := f.db.Networks(ctx, store.NetworkFilter{Org: "RJ1"}); len(list) != 3 {
			t.Errorf("%d networks in RJ1, want 3 (two in the fixture, one created)", len(list))
		}
		// With that network made, a new start is a new guide.
		if next := start(); next == first {
			t.Error("a start after the network was created returned to the finished guide")
		}
	})
}
