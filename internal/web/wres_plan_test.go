package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// planForm is a valid action form for organisation RJ1, owned by network
// a and a named role.
func planForm(f *netFixture) url.Values {
	return url.Values{"indicator": {"2"}, "title": {"Diverse interview panels"}, "org_owner": {"0"}, "org_owner_role": {"Director of People"},
		"network_id": {nid(f.a)}, "network_owner": {"Network chair"}, "due": {"2026-03-31"}, "status": {"in_progress"}, "evidence": {"Board paper, May"}}
}

// TestWRESPlanAuthorisation tries every role on every route of the WRES
// action plan, then someone of another organisation changing the ids in
// the URL and the form.
func TestWRESPlanAuthorisation(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		people := orgPeople(t, f)
		ctx := context.Background()
		// An action of RJ1's 2026 plan to open and change.
		if code, _, page := postForm(t, byName(people, "orgadmin").c, f.srv.URL+"/org/RJ1/wres-plan/2026/new", withCSRF(planForm(f), byName(people, "orgadmin"))); code != http.StatusSeeOther {
			t.Fatalf("add an action: %d %s", code, page)
		}
		acts, _ := f.db.PlanActions(ctx, "RJ1", 2026)
		if len(acts) != 1 {
			t.Fatalf("stored %d actions", len(acts))
		}
		act := fmt.Sprintf("/org/RJ1/wres-plan/2026/actions/%d", acts[0].ID)
		read := map[string]int{"admin": 200, "orgadmin": 200, "lead": 200, "leadb": 200, "sponsor": 200}
		edit := map[string]int{"admin": 200, "orgadmin": 200, "lead": 200, "leadb": 200, "sponsor": 403}
		saved := map[string]int{"admin": 303, "orgadmin": 303, "lead": 303, "leadb": 303, "sponsor": 403}
		checkAccess(t, f.srv.URL, people, []access{
			{"GET", "/org/RJ1/wres-plan", nil, map[string]int{"admin": 303, "orgadmin": 303, "lead": 303, "leadb": 303, "sponsor": 303}, 404},
			{"GET", "/org/RJ1/wres-plan/2026", nil, read, 404},
			{"GET", "/org/RJ1/wres-plan/2026/new", nil, edit, 404},
			{"GET", act, nil, edit, 404},
			{"POST", "/org/RJ1/wres-plan/2026/new", planForm(f), saved, 404},
			{"POST", act, planForm(f), saved, 404},
		})
		// Another organisation's admin, on its own plan, names RJ1's
		// network, RJ1's action and RJ1's admin account: each is refused.
		other, own := byName(people, "otheradmin"), byName(people, "orgadmin")
		orgAdmin, _ := f.db.UserByEmail(ctx, "orgadmin@example.nhs.uk")
		bad := planForm(f) // network a is RJ1's
		if code, _, _ := postForm(t, other.c, f.srv.URL+"/org/RQM/wres-plan/2026/new", withCSRF(bad, other)); code != http.StatusUnprocessableEntity {
			t.Errorf("RQM's action shared with RJ1's network: %d, want 422", code)
		}
		bad.Set("network_id", nid(f.c))
		bad.Set("org_owner", fmt.Sprint(orgAdmin.ID))
		if code, _, page := postForm(t, other.c, f.srv.URL+"/org/RQM/wres-plan/2026/new", withCSRF(bad, other)); code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#org_owner"`) {
			t.Errorf("RQM's action owned by RJ1's admin: %d, want 422 naming the owner", code)
		}
		for _, path := range []string{fmt.Sprintf("/org/RQM/wres-plan/2026/actions/%d", acts[0].ID), "/org/RQM/wres-plan/2026/new?network=" + nid(f.a) + "&rule=board_champion"} {
			if got := status(t, other.c, "GET", f.srv.URL+path, nil); got != 404 {
				t.Errorf("otheradmin GET %s: %d, want 404", path, got)
			}
		}
		// Nor does the right organisation reach an action through another year.
		if got := status(t, own.c, "GET", f.srv.URL+"/org/RJ1/wres-plan/2025/actions/"+fmt.Sprint(acts[0].ID), nil); got != 404 {
			t.Errorf("action through another year: %d, want 404", got)
		}
		if n, _ := f.db.PlanActions(ctx, "RQM", 2026); len(n) != 0 {
			t.Errorf("RQM has %d actions after refused forms", len(n))
		}
	})
}

// withCSRF is form v with account p's CSRF token.
func withCSRF(v url.Values, p who) url.Values {
	out := url.Values{"_csrf": {p.csrf}}
	for k, vs := range v {
		out[k] = vs
	}
	return out
}

// TestWRESPlanFlow: the organisation's admin adds an action with errors,
// then properly; the plan shows it beside indicator 2's trend; a
// recommendation of a network's self-assessment becomes an action; the
// network's lead sees the figures suppressed, the admin does not.
func TestWRESPlanFlow(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		loadExampleWRES(t, f.db, "RJ1")
		assessLow(t, f.db, f.a.ID)
		people := orgPeople(t, f)
		admin, lead := byName(people, "orgadmin"), byName(people, "lead")
		base := f.srv.URL + "/org/RJ1/wres-plan/2026"
		v := planForm(f)
		v.Set("title", "")
		v.Set("org_owner_role", "")
		v.Set("network_id", "0")
		v.Set("due", "31 March")
		code, _, page := postForm(t, admin.c, base+"/new", withCSRF(v, admin))
		for _, want := range []string{`href="#title"`, `href="#org_owner_role"`, `href="#network_id"`, `href="#due"`, "<title>Error: "} {
			if !strings.Contains(page, want) {
				t.Errorf("errors: no %s", want)
			}
		}
		if code != http.StatusUnprocessableEntity {
			t.Errorf("with errors: %d", code)
		}
		code, loc, _ := postForm(t, admin.c, base+"/new", withCSRF(planForm(f), admin))
		if code != http.StatusSeeOther || !strings.HasSuffix(loc, "#indicator-2") {
			t.Fatalf("save: %d %s", code, loc)
		}
		_, page = body(t, admin.c, base)
		sec := page[strings.Index(page, `id="indicator-2"`):strings.Index(page, `id="indicator-3"`)]
		for _, want := range []string{"Diverse interview panels", "Director of People", "Network chair (Race Equality Network)", "31 March 2026", "Overdue", `id="trend-2"`} {
			if !strings.Contains(sec, want) {
				t.Errorf("indicator 2's section lacks %q", want)
			}
		}
		if strings.Contains(page, "fewer than 11 people are hidden") {
			t.Error("the organisation's admin sees suppressed figures")
		}
		_, page = body(t, lead.c, base)
		if !strings.Contains(page, "fewer than 11 people are hidden") {
			t.Error("the lead's view does not say figures are suppressed")
		}
		// The way in: the organisation's WRES page and the network's sections.
		for _, w := range []struct {
			p    who
			path string
		}{{admin, "/wres/org/RJ1"}, {lead, "/my/networks/" + nid(f.a)}} {
			if _, pg := body(t, w.p.c, f.srv.URL+w.path); !strings.Contains(pg, `href="/org/RJ1/wres-plan"`) {
				t.Errorf("%s: no link to the plan on %s", w.p.name, w.path)
			}
		}
		// An organisation-level recommendation becomes an action and then
		// leaves the list.
		m := regexp.MustCompile(`/new\?network=(\d+)&amp;rule=([a-z_]+)`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no organisation-level recommendation to add")
		}
		from := fmt.Sprintf("%s/new?network=%s&rule=%s", base, m[1], m[2])
		_, form := body(t, lead.c, from)
		if !strings.Contains(form, "From a network") || !strings.Contains(form, `name="title"`) {
			t.Error("the form does not show the recommendation")
		}
		v = planForm(f)
		v.Set("title", "From the recommendation")
		if code, _, page := postForm(t, lead.c, from, withCSRF(v, lead)); code != http.StatusSeeOther {
			t.Fatalf("add from the recommendation: %d %s", code, page)
		}
		acts, _ := f.db.PlanActions(context.Background(), "RJ1", 2026)
		if len(acts) != 2 || acts[1].FromRule != m[2] || fmt.Sprint(acts[1].FromNetwork) != m[1] {
			t.Fatalf("stored %+v", acts)
		}
		if _, page = body(t, lead.c, base); strings.Contains(page, "network="+m[1]+"&amp;rule="+m[2]) {
			t.Error("the recommendation is still offered once on the plan")
		}
	})
}
