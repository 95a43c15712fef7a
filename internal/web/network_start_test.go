package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

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
		for _, want := range []string{">Chair: Ada Okafor\nVice-chair: Ben Ode</textarea>", `value="Chief Nurse"`,
			">Reverse mentoring for the board\nShare WRES figures with members</textarea>", "<h3>Terms of reference: REACH</h3>", "<h4>1. Purpose</h4>"} {
			if !strings.Contains(page, want) {
				t.Errorf("drafts page: no %q", want)
			}
		}
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
		for _, flag := range []string{"no executive sponsor", "no chair", "no work plan"} {
			if strings.Contains(strings.ToLower(page), flag) {
				t.Errorf("new network flagged: %s", flag)
			}
		}
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
