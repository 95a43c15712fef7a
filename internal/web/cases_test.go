package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/cases"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// caseForm is a complete case study as its form posts it.
func caseForm(csrf, title, action string) url.Values {
	v := url.Values{"_csrf": {csrf}, "_action": {action}, "title": {title}, "organisation": {"Guy's (demo)"}, "authors": {"Ada (demo)"},
		"contact": {"ada@example.nhs.uk"}, "summary": {"We paired executives with staff for **reverse mentoring**."},
		"challenge": {"Few routes to promotion."}, "action": {"Monthly conversations."}, "outcomes": {"Two policies changed."},
		"lessons": {"Protect the time."}, "tags-type": {"bme"}, "tags-wres": {"7"}, "tags-recommendation": {"board_engagement"}}
	return v
}

// addCase stores a study of network n's organisation in status st, as
// if it had been through the workflow, and returns its id and slug.
func addCase(t *testing.T, db *store.DB, org string, netID int64, st cases.Status, title string) (int64, string) {
	t.Helper()
	s := &cases.Study{Status: st, OrgCode: org, NetworkID: netID, Title: title, Summary: "Summary of " + title,
		Tags: cases.Tags{cases.KindRecommendation: {"facility_time"}, cases.KindNetworkType: {"bme"}, cases.KindRegion: {"Y56"}}}
	if st == cases.Published {
		s.Status = cases.Submitted
	}
	if err := db.CreateCaseStudies(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	if st == cases.Published {
		if _, err := db.CaseStep(context.Background(), s.ID, cases.Approve, 0, "reviewer", ""); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := db.CaseStudy(context.Background(), s.ID)
	return s.ID, got.Slug
}

func TestCaseStudyFlow(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		mk := f.signer(t)
		lead := mk("lead", auth.NetworkLead, "RJ1", f.a.ID)
		rev := mk("reviewer", auth.CaseReviewer, "", 0)
		public := &http.Client{}
		u := f.srv.URL

		// A draft with no title: the error summary, nothing saved.
		code, _, page := postForm(t, lead.c, u+"/my/case-studies/new", url.Values{"_csrf": {lead.csrf}, "_action": {"save"}, "summary": {"x"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#title"`) || !strings.Contains(page, "<title>Error: ") {
			t.Fatalf("draft without a title: %d", code)
		}
		// Sending for review needs the sections a reader needs.
		v := url.Values{"_csrf": {lead.csrf}, "_action": {"submit"}, "title": {"Reverse mentoring at Guy's"}, "tags-wres": {"12"}}
		code, _, page = postForm(t, lead.c, u+"/my/case-studies/new", v)
		for _, want := range []string{`href="#challenge"`, `href="#lessons"`, `href="#tags-wres"`} {
			if !strings.Contains(page, want) {
				t.Errorf("incomplete submit: no %s (%d)", want, code)
			}
		}
		// A draft saves with a title alone.
		v.Set("_action", "save")
		v.Del("tags-wres")
		code, loc, _ := postForm(t, lead.c, u+"/my/case-studies/new", v)
		if code != http.StatusSeeOther || !strings.HasPrefix(loc, "/my/case-studies/") {
			t.Fatalf("save draft: %d %s", code, loc)
		}
		var id int64
		fmt.Sscanf(loc, "/my/case-studies/%d", &id)
		st, _ := f.db.CaseStudy(context.Background(), id)
		if st.NetworkID != f.a.ID || st.OrgCode != "RJ1" || st.Status != cases.Draft {
			t.Fatalf("stored draft %+v", st)
		}
		base := fmt.Sprintf("%s/my/case-studies/%d", u, id)
		// Complete and send it.
		if code, _, page = postForm(t, lead.c, base+"/edit", caseForm(lead.csrf, "Reverse mentoring at Guy's", "submit")); code != http.StatusSeeOther {
			t.Fatalf("submit: %d %s", code, page)
		}
		if got := status(t, lead.c, "GET", base+"/edit", nil); got != http.StatusConflict {
			t.Errorf("editing a submitted study: %d, want 409", got)
		}
		// The reviewer asks for changes, which needs a comment.
		_, queue := body(t, rev.c, u+"/my/case-studies/review")
		if !strings.Contains(queue, "Reverse mentoring at Guy") {
			t.Error("the queue does not list the study")
		}
		code, _, page = postForm(t, rev.c, base+"/review", url.Values{"_csrf": {rev.csrf}, "decision": {"request"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#comment"`) {
			t.Errorf("request without a comment: %d", code)
		}
		if code, _, _ = postForm(t, rev.c, base+"/review", url.Values{"_csrf": {rev.csrf}, "decision": {"request"}, "comment": {"Say what changed for staff."}}); code != http.StatusSeeOther {
			t.Fatalf("request changes: %d", code)
		}
		_, page = body(t, lead.c, base)
		if !strings.Contains(page, "Say what changed for staff.") || !strings.Contains(page, "Changes requested") {
			t.Error("the authors do not see the reviewer's comment")
		}
		if code, _, _ = postForm(t, lead.c, base+"/edit", caseForm(lead.csrf, "Reverse mentoring at Guy's", "submit")); code != http.StatusSeeOther {
			t.Fatalf("send again: %d", code)
		}
		if code, _, _ = postForm(t, rev.c, base+"/review", url.Values{"_csrf": {rev.csrf}, "decision": {"approve"}}); code != http.StatusSeeOther {
			t.Fatalf("approve: %d", code)
		}
		st, _ = f.db.CaseStudy(context.Background(), id)
		if st.Status != cases.Published || st.Slug != "reverse-mentoring-at-guy-s" {
			t.Fatalf("published %q %q", st.Status, st.Slug)
		}
		// Public: the page, the library's search with a highlighted match
		// and a tag filter, the API, the network's page.
		study := u + "/case-studies/" + st.Slug
		if code, page = body(t, public, study); code != 200 || !strings.Contains(page, "<strong>reverse mentoring</strong>") {
			t.Errorf("study page %d", code)
		}
		if _, page = body(t, public, u+"/case-studies?q=mentor&wres=7"); !strings.Contains(page, "<mark>mentoring</mark>") || !strings.Contains(page, st.Slug) {
			t.Error("search does not find or mark the study")
		}
		// The list shows summaries and snippets as plain text, not Markdown.
		// "executives" is in the summary only, so its snippet is from it.
		for _, q := range []string{"", "?q=executives"} {
			if _, page = body(t, public, u+"/case-studies"+q); !strings.Contains(page, "staff for reverse mentoring") || strings.Contains(page, "**") {
				t.Errorf("library%s shows the summary as Markdown or not at all", q)
			}
		}
		if _, page = body(t, public, u+"/case-studies?q=mentor&wres=2"); strings.Contains(page, st.Slug) {
			t.Error("the tag filter does not filter")
		}
		var api struct {
			Total   int
			Results []struct{ Slug, Snippet string }
		}
		_, page = body(t, public, u+"/api/v1/case-studies?q=%22reverse+mentoring%22")
		if err := json.Unmarshal([]byte(page), &api); err != nil || api.Total != 1 || !strings.Contains(strings.ToLower(api.Results[0].Snippet), "mentoring]") {
			t.Errorf("API search %s", page)
		}
		if code, page = body(t, public, u+"/api/v1/case-studies/"+st.Slug); code != 200 || !strings.Contains(page, `"heading": "Lessons learned"`) {
			t.Errorf("API study %d", code)
		}
		if _, page = body(t, public, u+"/networks/"+nid(f.a)); !strings.Contains(page, `href="/case-studies/`+st.Slug+`"`) {
			t.Error("the network's page does not list its case study")
		}
		// The lead withdraws it: 410 on the page and in the API, gone from
		// search and the API's list.
		if code, _, page = postForm(t, lead.c, base+"/withdraw", url.Values{"_csrf": {lead.csrf}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#reason"`) {
			t.Errorf("withdraw without a reason: %d", code)
		}
		if code, _, _ = postForm(t, lead.c, base+"/withdraw", url.Values{"_csrf": {lead.csrf}, "reason": {"Out of date"}}); code != http.StatusSeeOther {
			t.Fatalf("withdraw: %d", code)
		}
		if code, page = body(t, public, study); code != http.StatusGone || !strings.Contains(page, "Out of date") {
			t.Errorf("withdrawn page %d", code)
		}
		if code, _ = body(t, public, u+"/api/v1/case-studies/"+st.Slug); code != http.StatusGone {
			t.Errorf("withdrawn in the API: %d", code)
		}
		for _, p := range []string{"/case-studies?q=mentor", "/api/v1/case-studies?q=mentor", "/api/v1/case-studies", "/networks/" + nid(f.a)} {
			if _, page = body(t, public, u+p); strings.Contains(page, st.Slug) {
				t.Errorf("%s still lists the withdrawn study", p)
			}
		}
		if code, _ = body(t, public, u+"/api/v1/case-studies?wres=99"); code != http.StatusBadRequest {
			t.Errorf("unknown tag in the API: %d", code)
		}
	})
}

// TestCaseStudyLinks: a recommendation shows the published studies
// tagged with it, step 4 of the six-step guide those of networks of the
// same type (and region), and withdrawn or unpublished ones never.
func TestCaseStudyLinks(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		lead := f.signer(t)("lead", auth.NetworkLead, "RJ1", f.a.ID)
		recs := f.srv.URL + "/my/networks/" + nid(f.a) + "/recommendations"
		_, page := body(t, lead.c, recs)
		m := regexp.MustCompile(`/recommendations/([a-z_]+)/accept`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no recommendation to link from")
		}
		tag := cases.Tags{cases.KindRecommendation: {m[1]}, cases.KindNetworkType: {"bme"}, cases.KindRegion: {"Y56"}}
		for _, c := range []struct {
			title string
			st    cases.Status
		}{{"Shown study", cases.Submitted}, {"Draft study", cases.Draft}, {"Pulled study", cases.Submitted}} {
			s := &cases.Study{Status: c.st, OrgCode: "RQM", Title: c.title, Tags: tag}
			if err := f.db.CreateCaseStudies(ctx, s); err != nil {
				t.Fatal(err)
			}
			if c.st == cases.Submitted {
				f.db.CaseStep(ctx, s.ID, cases.Approve, 0, "r", "")
			}
			if c.title == "Pulled study" {
				f.db.CaseStep(ctx, s.ID, cases.Withdraw, 0, "r", "gone")
			}
		}
		leadUser, _ := f.db.UserByEmail(ctx, "lead@example.nhs.uk")
		g := &store.GuideProgress{Owner: leadUser.ID, Progress: network.Progress{OrgCode: "RJ1", Type: network.TypeBME}}
		if err := f.db.SaveGuideProgress(ctx, g); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{recs, fmt.Sprintf("%s/my/start-a-network/%d/learn", f.srv.URL, g.ID)} {
			_, page = body(t, lead.c, p)
			if !strings.Contains(page, "Shown study") || strings.Contains(page, "Draft study") || strings.Contains(page, "Pulled study") {
				t.Errorf("%s: links %v %v %v", p, strings.Contains(page, "Shown study"), strings.Contains(page, "Draft study"), strings.Contains(page, "Pulled study"))
			}
		}
		if !strings.Contains(page, "Case studies from networks like yours") {
			t.Error("guide step 4 has no case studies heading")
		}
	})
}

// TestCaseStudyAuthorisation tries every case-study route as every role,
// and as leads and admins of other networks and organisations changing
// the id in the URL and the network in the form. Studies belong to
// network a of RJ1; b is RJ1's other network, c is RQM's.
func TestCaseStudyAuthorisation(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		users := append(orgPeople(t, f), f.signer(t)("reviewer", auth.CaseReviewer, "", 0))
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
		everyone := "admin national analyst reviewer orgadmin otheradmin lead leadb otherlead sponsor"
		gets := []struct {
			path string
			want map[string]int
		}{
			{"/my/case-studies", want(200, everyone, "")},
			{"/my/case-studies/review", want(200, "admin reviewer", "national analyst orgadmin otheradmin lead leadb otherlead sponsor")},
			{"/my/case-studies/new", want(200, "orgadmin otheradmin lead leadb otherlead", "admin national analyst reviewer sponsor")},
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
		lead, orgAdmin := byName(users, "lead"), byName(users, "orgadmin")
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
		_, page := body(t, byName(users, "otherlead").c, f.srv.URL+"/my/case-studies")
		if strings.Contains(page, "Draft study") || strings.Contains(page, "Lead&#39;s study") {
			t.Error("another organisation's lead lists RJ1's studies")
		}
		_, page = body(t, byName(users, "leadb").c, f.srv.URL+"/my/case-studies")
		if strings.Contains(page, "Draft study") {
			t.Error("another network's lead lists network a's studies")
		}
	})
}
