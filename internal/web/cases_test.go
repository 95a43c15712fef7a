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
