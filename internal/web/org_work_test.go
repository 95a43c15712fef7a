package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// orgPeople signs in every kind of account the tests of an
// organisation's shared work and of case studies try, on netFixture's
// organisations: RJ1's admin, the leads of its networks a and b and a's
// sponsor; RQM's admin and the lead of its network c; the national team,
// an analyst, the administrator and the public.
func orgPeople(t *testing.T, f *netFixture) []who {
	t.Helper()
	mk := f.signer(t)
	return []who{
		{"public", &http.Client{}, ""},
		mk("admin", auth.Admin, "", 0),
		mk("national", auth.NationalViewer, "", 0),
		mk("analyst", auth.Analyst, "", 0),
		mk("orgadmin", auth.OrgAdmin, "RJ1", 0),
		mk("lead", auth.NetworkLead, "RJ1", f.a.ID),
		mk("leadb", auth.NetworkLead, "RJ1", f.b.ID),
		mk("sponsor", auth.Sponsor, "RJ1", f.a.ID),
		mk("otheradmin", auth.OrgAdmin, "RQM", 0),
		mk("otherlead", auth.NetworkLead, "RQM", f.c.ID),
	}
}

// byName finds one of orgPeople's accounts.
func byName(people []who, name string) who {
	for _, p := range people {
		if p.name == name {
			return p
		}
	}
	panic("no account " + name)
}

// access is one row of an authorisation matrix: a request and the status
// each account gets (others: other, and a redirect to sign in for the
// public). A form is sent with each account's own CSRF token.
type access struct {
	method, path string
	form         url.Values
	want         map[string]int
	other        int
}

// checkAccess runs an authorisation matrix over people.
func checkAccess(t *testing.T, base string, people []who, rows []access) {
	t.Helper()
	for _, row := range rows {
		for _, p := range people {
			want, ok := row.want[p.name]
			switch {
			case p.name == "public":
				want = http.StatusSeeOther
			case !ok:
				want = row.other
			}
			var v url.Values
			if row.method == http.MethodPost {
				v = url.Values{"_csrf": {p.csrf}}
				for k, vs := range row.form {
					v[k] = vs
				}
			}
			if got := status(t, p.c, row.method, base+row.path, v); got != want {
				t.Errorf("%s %s %s: %d, want %d", p.name, row.method, row.path, got, want)
			}
		}
	}
}

// assessLow stores a self-assessment of network id answered with every
// question's lowest option, so that the rules recommend the most,
// organisation-level recommendations among them.
func assessLow(t *testing.T, db *store.DB, id int64) {
	t.Helper()
	q, err := network.DefaultQuestionnaire()
	if err != nil {
		t.Fatal(err)
	}
	ans := map[string]network.Answer{}
	for _, qu := range q.Questions {
		ans[qu.ID] = network.Answer{Value: qu.Options[0].Value}
	}
	a := &network.Assessment{NetworkID: id, Version: q.Version, Date: time.Now().UTC(),
		Responses: []network.Response{{Respondent: "Chair", Role: network.RespondentLead, Answers: ans}}}
	if err := db.AddAssessment(context.Background(), a); err != nil {
		t.Fatal(err)
	}
}

// TestDutyLetterAuthorisation tries every role on the corporate-duty
// letter's routes; another organisation's admin and leads get 404.
func TestDutyLetterAuthorisation(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		people := orgPeople(t, f)
		read := map[string]int{"admin": 200, "orgadmin": 200, "lead": 200, "leadb": 200, "sponsor": 200}
		saved := map[string]int{"admin": 303, "orgadmin": 303, "lead": 303, "leadb": 303, "sponsor": 403}
		checkAccess(t, f.srv.URL, people, []access{
			{"GET", "/org/RJ1/corporate-duty", nil, read, 404},
			{"POST", "/org/RJ1/corporate-duty", url.Values{"body": {"Dear all"}}, saved, 404},
			{"POST", "/org/RJ1/corporate-duty/sent", url.Values{"sent_by": {"Chief Executive"}, "sent_on": {"2026-01-05"}}, saved, 404},
		})
		if _, err := f.db.DutyLetter(context.Background(), "RQM"); err != store.ErrNotFound {
			t.Errorf("RQM has a letter: %v", err)
		}
	})
}

// TestDutyLetterFlow: the draft names the organisation; the admin changes
// it (Markdown rendered safely), records it as sent with errors first,
// and a later change is flagged as not the text staff received.
func TestDutyLetterFlow(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		people := orgPeople(t, f)
		admin := byName(people, "orgadmin")
		u := f.srv.URL + "/org/RJ1/corporate-duty"
		_, page := body(t, admin.c, u)
		hasAll(t, "draft", page, []string{"Staff networks are part of everyone&#39;s job at Guy&#39;s and St Thomas&#39; NHS Foundation Trust", "<strong>Agree it as an objective.</strong>", "not saved yet"}, nil)
		code, _, page := postForm(t, admin.c, u, url.Values{"_csrf": {admin.csrf}, "body": {"  "}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#body"`) {
			t.Errorf("empty letter: %d", code)
		}
		code, _, _ = postForm(t, admin.c, u, url.Values{"_csrf": {admin.csrf}, "body": {"Dear all,\n\n**Network work is work.**\n\n<script>alert(1)</script>"}})
		if code != http.StatusSeeOther {
			t.Fatalf("save: %d", code)
		}
		_, page = body(t, admin.c, u)
		if !strings.Contains(page, "<strong>Network work is work.</strong>") || strings.Contains(page, "<script>alert") {
			t.Error("the letter is not rendered as safe Markdown")
		}
		code, _, page = postForm(t, admin.c, u+"/sent", url.Values{"_csrf": {admin.csrf}, "sent_by": {""}, "sent_on": {"2999-01-01"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#sent_by"`) || !strings.Contains(page, `href="#sent_on"`) {
			t.Errorf("record as sent with errors: %d", code)
		}
		if code, _, _ = postForm(t, admin.c, u+"/sent", url.Values{"_csrf": {admin.csrf}, "sent_by": {"Dr A Example, Chief Executive"}, "sent_on": {"2026-01-05"}}); code != http.StatusSeeOther {
			t.Fatalf("record as sent: %d", code)
		}
		_, page = body(t, admin.c, u)
		if !strings.Contains(page, "on 5 January 2026 by Dr A Example, Chief Executive (recorded by orgadmin@example.nhs.uk)") {
			t.Error("the page does not say who sent the letter and when")
		}
		if !strings.Contains(page, "The text has changed since") {
			t.Error("the letter saved after the day it was sent is not flagged as changed")
		}
		l, err := f.db.DutyLetter(context.Background(), "RJ1")
		if err != nil || !strings.Contains(l.Body, "Network work is work") || l.EditedBy != "orgadmin@example.nhs.uk" {
			t.Errorf("stored %+v %v", l, err)
		}
	})
}

// TestSponsorExpectations: the sponsor record takes the expectations both
// ways with review dates; a review date before the last review is an
// error, and one in the past is highlighted as overdue.
func TestSponsorExpectations(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		lead, csrf, sponsor, _ := f.leadAndSponsor(t, "")
		u := f.srv.URL + "/my/networks/" + nid(f.a) + "/sponsor"
		v := url.Values{"_csrf": {csrf}, "last_met": {"2026-01-10"}, "expectations_agreed": {"yes"},
			"sponsor_will": {"Attend a network meeting each quarter\n\nSpeak for the network at board"}, "network_will": {"Brief the sponsor before each board meeting"},
			"accountability": {"We review these together twice a year."}, "reviewed_on": {"2025-06-01"}, "review_due": {"2025-05-01"}}
		code, _, page := postForm(t, lead, u, v)
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#review_due"`) {
			t.Errorf("review due before the last review: %d", code)
		}
		v.Set("review_due", "")
		if code, _, page = postForm(t, lead, u, v); code != http.StatusUnprocessableEntity || !strings.Contains(page, "next review these expectations") {
			t.Errorf("expectations without a review date: %d", code)
		}
		v.Set("review_due", "2025-12-01")
		if code, _, page = postForm(t, lead, u, v); code != http.StatusSeeOther {
			t.Fatalf("save: %d %s", code, page)
		}
		_, page = body(t, sponsor, u) // the sponsor reads what was agreed
		hasAll(t, "sponsor page", page, []string{"<li>Attend a network meeting each quarter</li>", "<li>Speak for the network at board</li>", "<li>Brief the sponsor before each board meeting</li>",
			"We review these together twice a year.", "Next review due: 1 December 2025", "Review overdue", "were due for review on 1 December 2025"}, nil)
	})
}

// mentoringFixture: network a takes members; Mo seeks a mentor and Nia
// offers to mentor, both in nursing; Cy is a member of network c (RQM).
type mentoringFixture struct {
	f                *netFixture
	people           []who
	mo, nia, cy      string // membership paths
	moSeek, niaOffer int64  // their profiles
}

func newMentoring(t *testing.T, db *store.DB) *mentoringFixture {
	t.Helper()
	f := netApp(t, db)
	people := orgPeople(t, f)
	lead, other := byName(people, "lead"), byName(people, "otherlead")
	acceptMembers(t, lead.c, lead.csrf, f.srv.URL+"/my/networks/"+nid(f.a))
	acceptMembers(t, other.c, other.csrf, f.srv.URL+"/my/networks/"+nid(f.c))
	m := &mentoringFixture{f: f, people: people,
		mo:  joinAndConfirm(t, f, nid(f.a), "mo@example.nhs.uk", url.Values{"name": {"Mo Mentee (demo)"}}),
		nia: joinAndConfirm(t, f, nid(f.a), "nia@example.nhs.uk", url.Values{"name": {"Nia Mentor (demo)"}}),
		cy:  joinAndConfirm(t, f, nid(f.c), "cy@example.nhs.uk", url.Values{"name": {"Cy Other (demo)"}})}
	profile := func(path, offers, band string) {
		v := url.Values{"kind": {"mentoring"}, "offers": {offers}, "profession": {"Nursing"}, "band": {band}, "skills": {"Leadership"}, "mode": {"either"}}
		if code, _, page := postForm(t, &http.Client{}, f.srv.URL+path+"/mentoring/profiles", v); code != http.StatusSeeOther {
			t.Fatalf("profile: %d %s\n%s", code, page, f.log.String())
		}
	}
	profile(m.mo, "no", "5")
	profile(m.nia, "yes", "7")
	profile(m.cy, "yes", "8a")
	ps, err := db.MentorProfiles(context.Background(), f.a.ID)
	if err != nil || len(ps) != 2 {
		t.Fatalf("profiles %v %v", ps, err)
	}
	m.moSeek, m.niaOffer = ps[0].ID, ps[1].ID
	return m
}

// TestMentoringAuthorisation tries every role on the lead's routes, then
// another network's lead and member changing ids in paths and forms.
func TestMentoringAuthorisation(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		m := newMentoring(t, db)
		f := m.f
		base := "/my/networks/" + nid(f.a) + "/mentoring"
		read := map[string]int{"admin": 200, "national": 200, "orgadmin": 200, "lead": 200, "sponsor": 200}
		leadOnly := map[string]int{"admin": 403, "national": 403, "orgadmin": 403, "lead": 303, "sponsor": 403}
		post := map[string]int{"admin": 303, "national": 403, "orgadmin": 303, "lead": 303, "sponsor": 403}
		board := url.Values{"_form": {"profile"}, "name": {"Bo Board (demo)"}, "kind": {"reverse"}, "offers": {"no"}, "board": {"yes"}, "mode": {"online"}}
		checkAccess(t, f.srv.URL, m.people, []access{
			{"GET", base, nil, read, 404},
			{"POST", base + "/profiles", board, leadOnly, 404},
			{"POST", base + "/pairs", url.Values{"offer": {fmt.Sprint(m.niaOffer)}, "seek": {fmt.Sprint(m.moSeek)}}, leadOnly, 404},
			{"POST", base + "/opportunities", url.Values{"opp_kind": {"masterclass"}, "title": {"Interview masterclass"}}, post, 404},
		})
		// Names are the lead's alone; everyone else sees counts.
		for _, p := range m.people {
			_, page := body(t, p.c, f.srv.URL+base)
			if named := strings.Contains(page, "Mo Mentee"); named != (p.name == "lead") {
				t.Errorf("%s sees names: %v", p.name, named)
			}
		}
		// Another network's lead proposes a pair of network a's profiles
		// through their own network.
		other := byName(m.people, "otherlead")
		if code, _, _ := postForm(t, other.c, f.srv.URL+"/my/networks/"+nid(f.c)+"/mentoring/pairs", withCSRF(url.Values{"offer": {fmt.Sprint(m.niaOffer)}, "seek": {fmt.Sprint(m.moSeek)}}, other)); code != 404 {
			t.Errorf("other lead pairs network a's profiles: %d, want 404", code)
		}
		// Network c's member names network a's profiles, pair and opportunity.
		pairs, _ := db.MentorPairs(context.Background(), f.a.ID)
		opps, _ := db.Opportunities(context.Background(), f.a.ID)
		if len(pairs) != 1 || len(opps) == 0 {
			t.Fatalf("pairs %d, opportunities %d", len(pairs), len(opps))
		}
		cy := f.srv.URL + m.cy + "/mentoring"
		for _, c := range []struct {
			path string
			v    url.Values
		}{
			{"/propose", url.Values{"mine": {fmt.Sprint(m.niaOffer)}, "other": {fmt.Sprint(m.moSeek)}}},
			{fmt.Sprintf("/pairs/%d", pairs[0].ID), url.Values{"_action": {"accept"}}},
			{fmt.Sprintf("/opportunities/%d/apply", opps[0].ID), nil},
			{fmt.Sprintf("/profiles/%d/close", m.moSeek), nil},
		} {
			if code, _, _ := postForm(t, &http.Client{}, cy+c.path, c.v); code != 404 {
				t.Errorf("network c's member POST %s: %d, want 404", c.path, code)
			}
		}
		after, _ := db.MentorPairs(context.Background(), f.a.ID)
		if after[0].OfferOK || after[0].SeekOK {
			t.Errorf("pair changed by an outsider: %+v", after[0])
		}
	})
}

// TestMentoringFlow: Mo proposes to the suggested mentor (named only once
// agreed), Nia accepts, they record a meeting and close with feedback;
// the figures count it, the opportunity counts one application however
// often it is sent.
func TestMentoringFlow(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		m := newMentoring(t, db)
		f := m.f
		mo, nia := f.srv.URL+m.mo+"/mentoring", f.srv.URL+m.nia+"/mentoring"
		c := &http.Client{}
		_, page := body(t, c, mo)
		if !strings.Contains(page, "Offers to mentor · Nursing · band 7") || strings.Contains(page, "Nia Mentor") {
			t.Error("Mo's suggestion is not described without a name")
		}
		if code, _, _ := postForm(t, c, mo+"/propose", url.Values{"mine": {fmt.Sprint(m.moSeek)}, "other": {fmt.Sprint(m.niaOffer)}}); code != http.StatusSeeOther {
			t.Fatalf("propose: %d", code)
		}
		pairs, _ := db.MentorPairs(context.Background(), f.a.ID)
		pair := fmt.Sprintf("/pairs/%d", pairs[0].ID)
		if _, page = body(t, c, nia); !strings.Contains(page, "waiting for you to accept") || strings.Contains(page, "Mo Mentee") {
			t.Error("Nia's proposal is not shown without a name")
		}
		if code, _, _ := postForm(t, c, nia+pair, url.Values{"_action": {"accept"}}); code != http.StatusSeeOther {
			t.Fatalf("accept: %d", code)
		}
		if _, page = body(t, c, nia); !strings.Contains(page, "With Mo Mentee (demo)") {
			t.Error("the agreed pair does not name the other person")
		}
		if code, _, _ := postForm(t, c, mo+"/propose", url.Values{"mine": {fmt.Sprint(m.moSeek)}, "other": {fmt.Sprint(m.niaOffer)}}); code != 404 {
			t.Errorf("proposing an agreed pair again: %d, want 404", code)
		}
		code, _, page := postForm(t, c, nia+pair, url.Values{"_action": {"meeting"}, "met_on": {"2999-01-01"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, fmt.Sprintf(`href="#met_on-%d"`, pairs[0].ID)) {
			t.Errorf("a meeting in the future: %d", code)
		}
		if code, _, _ = postForm(t, c, nia+pair, url.Values{"_action": {"meeting"}, "met_on": {"2026-01-05"}}); code != http.StatusSeeOther {
			t.Errorf("meeting: %d", code)
		}
		if code, _, _ = postForm(t, c, mo+pair, url.Values{"_action": {"close"}}); code != http.StatusUnprocessableEntity {
			t.Errorf("close without a rating: %d", code)
		}
		if code, _, _ = postForm(t, c, mo+pair, url.Values{"_action": {"close"}, "rating": {"4"}, "themes": {"Confidence", "Career planning"}}); code != http.StatusSeeOther {
			t.Errorf("close: %d", code)
		}
		admin := byName(m.people, "orgadmin")
		if code, _, _ = postForm(t, admin.c, f.srv.URL+"/my/networks/"+nid(f.a)+"/mentoring/opportunities", withCSRF(url.Values{"opp_kind": {"leadership"}, "title": {"Stepping up"}, "closes_on": {"2030-01-01"}}, admin)); code != http.StatusSeeOther {
			t.Fatalf("post an opportunity: %d", code)
		}
		opps, _ := db.Opportunities(context.Background(), f.a.ID)
		for range 2 {
			if code, _, _ = postForm(t, c, fmt.Sprintf("%s/opportunities/%d/apply", mo, opps[0].ID), nil); code != http.StatusSeeOther {
				t.Errorf("apply: %d", code)
			}
		}
		lead, sponsor := byName(m.people, "lead"), byName(m.people, "sponsor")
		_, page = body(t, lead.c, f.srv.URL+"/my/networks/"+nid(f.a)+"/mentoring")
		hasAll(t, "lead's page", page, []string{"Pairs closed</td>", "Feedback theme: Confidence", "Average usefulness (1 to 5)", "4.0 from 1", "posted by the organisation", "Applications: 1."}, nil)
		_, page = body(t, sponsor.c, f.srv.URL+"/my/networks/"+nid(f.a)+"/mentoring")
		// The sponsor sees counts of what has a date, to the end of last
		// month, and nothing that moves from day to day: not how many
		// applied, not the rating of the one pair closed today.
		if strings.Contains(page, "Applications:") || strings.Contains(page, "4.0 from 1") || !strings.Contains(page, "Pairs closed (to ") {
			t.Error("the sponsor's counts are not suppressed")
		}
	})
}

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
		hasAll(t, "errors", page, []string{`href="#title"`, `href="#org_owner_role"`, `href="#network_id"`, `href="#due"`, "<title>Error: "}, nil)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("with errors: %d", code)
		}
		code, loc, _ := postForm(t, admin.c, base+"/new", withCSRF(planForm(f), admin))
		if code != http.StatusSeeOther || !strings.HasSuffix(loc, "#indicator-2") {
			t.Fatalf("save: %d %s", code, loc)
		}
		_, page = body(t, admin.c, base)
		sec := page[strings.Index(page, `id="indicator-2"`):strings.Index(page, `id="indicator-3"`)]
		hasAll(t, "indicator 2's section", sec, []string{"Diverse interview panels", "Director of People", "Network chair (Race Equality Network)", "31 March 2026", "Overdue", `id="trend-2"`}, nil)
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
