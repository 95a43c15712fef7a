package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

// assessWith stores a one-lead assessment of network id on date day,
// answering every question with the option at index pick.
func assessWith(t *testing.T, db *store.DB, q *network.Questionnaire, id int64, day string, pick int) *network.Assessment {
	t.Helper()
	ans := map[string]network.Answer{}
	for _, qu := range q.Questions {
		ans[qu.ID] = network.Answer{Value: qu.Options[min(pick, len(qu.Options)-1)].Value}
	}
	var y, m, d int
	fmt.Sscanf(day, "%d-%d-%d", &y, &m, &d)
	a := &network.Assessment{NetworkID: id, Version: q.Version, Date: network.Date(y, time.Month(m), d),
		Responses: []network.Response{{Respondent: "Chair", Role: network.RespondentLead, Answers: ans}}}
	if err := db.AddAssessment(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	return a
}

// TestResultsChart: the results page draws each CRAFT area's score as a
// bar as long as the score, the last round beneath and the median of
// five similar networks as a line, with the figures in words beside each
// bar and again in the table.
func TestResultsChart(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	f := netApp(t, db)
	q, _ := network.DefaultQuestionnaire()
	for i := range network.MinPeers {
		n := &network.Network{OrgCode: "RQM", Type: network.TypeBME, Name: fmt.Sprintf("Peer %d", i), Status: network.StatusActive}
		if err := db.CreateNetwork(context.Background(), n); err != nil {
			t.Fatal(err)
		}
		assessWith(t, db, q, n.ID, "2025-01-10", 1)
	}
	first := assessWith(t, db, q, f.a.ID, "2024-01-10", 0)
	latest := assessWith(t, db, q, f.a.ID, "2025-02-10", 2)
	lead, _ := netAccount(t, f.app, "lead", auth.NetworkLead, "RJ1", f.a.ID)
	code, page := body(t, lead, f.srv.URL+"/my/networks/"+nid(f.a)+"/assessment/results")
	if code != 200 {
		t.Fatalf("results: %d", code)
	}
	now, then := q.Score(latest), q.Score(first)
	peer := q.Score(assessWith(t, db, q, f.b.ID, "2025-01-10", 1)) // an LGBTI network: not a peer, just the same answers
	for i, a := range now.Areas {
		w := fmt.Sprintf(`class="chart__fill" x="0" y="0" width="%.2f" height="6"`, 100*a.Mean/float64(q.MaxScore))
		if !strings.Contains(page, w) {
			t.Errorf("area %s: no bar %s", a.Area, w)
		}
		label := fmt.Sprintf("%s: %.2f (%s); last round %.2f; median %.2f", htmlText(a.Title), a.Mean, a.LevelName, then.Areas[i].Mean, peer.Areas[i].Mean)
		if !strings.Contains(page, label) {
			t.Errorf("area %s: no label %q", a.Area, label)
		}
	}
	if n := strings.Count(page, `class="chart__mark"`); n != len(now.Areas)+1 {
		t.Errorf("%d median lines (and key), want %d", n, len(now.Areas)+1)
	}
	hasAll(t, "results page", page, []string{"Black line: the median of similar networks", "Grey bar: the last round (", "The median is of 5 other"}, nil)
}

func htmlText(s string) string { return strings.ReplaceAll(s, "'", "&#39;") }

// TestWorkPlanAtAGlance: the work plan counts objectives by status as
// tags, tags each objective's status, and marks one past due as overdue.
func TestWorkPlanAtAGlance(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	f := netApp(t, db)
	lead, csrf, base := f.leadOfA(t, "lead")
	wp := url.Values{"_csrf": {csrf}, "rows": {"3"},
		"objectives-0-title": {"Late one"}, "objectives-0-owner": {"Ada"}, "objectives-0-status": {"in_progress"}, "objectives-0-due": {"2020-01-01"}, "objectives-0-percent_done": {"10"},
		"objectives-1-title": {"Done one"}, "objectives-1-owner": {"Ada"}, "objectives-1-status": {"done"}, "objectives-1-due": {"2020-01-01"}, "objectives-1-percent_done": {"100"},
		"objectives-2-title": {"Stuck one"}, "objectives-2-owner": {"Ada"}, "objectives-2-status": {"blocked"}, "objectives-2-percent_done": {"0"}}
	if code, _, page := postForm(t, lead, base+"/work-plan", wp); code != 303 {
		t.Fatalf("save: %d %s", code, page)
	}
	_, page := body(t, lead, base+"/work-plan")
	hasAll(t, "work plan", page, []string{
		`<strong class="nhsuk-tag nhsuk-tag--grey">Not started: 0</strong>`,
		`<strong class="nhsuk-tag nhsuk-tag--blue">In progress: 1</strong>`,
		`<strong class="nhsuk-tag nhsuk-tag--green">Done: 1</strong>`,
		`<strong class="nhsuk-tag nhsuk-tag--orange">Blocked: 1</strong>`,
		`<strong class="nhsuk-tag nhsuk-tag--red">Overdue: 1</strong>`,
		`<strong class="nhsuk-tag nhsuk-tag--blue">In progress</strong>`,
	}, nil)
	if n := strings.Count(page, "network-overdue"); n != 1 {
		t.Errorf("%d rows marked overdue, want 1 (the done one is not)", n)
	}
}

// TestDismissRecommendation: a lead sets a recommendation aside with a
// reason (none given is an error on the form), sees it listed apart with
// the reason, keeps it through a work-plan save, and brings it back.
func TestDismissRecommendation(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	f := netApp(t, db)
	lead, csrf, base := f.leadOfA(t, "lead")
	const rule = "complete_assessment"
	_, page := body(t, lead, base+"/recommendations")
	if !strings.Contains(page, `/recommendations/`+rule+`/dismiss"`) {
		t.Fatal("no way to set the recommendation aside")
	}
	code, page := body(t, lead, base+"/recommendations/"+rule+"/dismiss")
	if code != 200 || !strings.Contains(page, "Why is this not relevant to the network?") {
		t.Fatalf("dismiss page: %d", code)
	}
	code, _, page = postForm(t, lead, base+"/recommendations/"+rule+"/dismiss", url.Values{"_csrf": {csrf}, "reason": {""}})
	if code != 422 || !strings.Contains(page, `href="#reason"`) || !strings.Contains(page, "Enter why this recommendation is not relevant to the network") {
		t.Fatalf("no reason: %d", code)
	}
	code, loc, _ := postForm(t, lead, base+"/recommendations/"+rule+"/dismiss", url.Values{"_csrf": {csrf}, "reason": {"The trust's survey team runs it for us"}})
	if code != 303 {
		t.Fatalf("dismiss: %d", code)
	}
	_, page = body(t, lead, f.srv.URL+loc)
	set := page[strings.Index(page, "Set aside as not relevant</h2>"):]
	if !strings.Contains(set, "The trust&#39;s survey team runs it for us") || !strings.Contains(set, "by lead@example.nhs.uk") {
		t.Error("the dismissal and its reason are not shown")
	}
	if strings.Contains(page, `/recommendations/`+rule+`/accept"`) {
		t.Error("a dismissed recommendation is still offered for acceptance")
	}
	// Saving the work plan keeps the dismissal.
	wp := url.Values{"_csrf": {csrf}, "rows": {"1"}, "objectives-0-title": {"One"}, "objectives-0-owner": {"Ada"}, "objectives-0-status": {"in_progress"}, "objectives-0-percent_done": {"10"}}
	if code, _, _ := postForm(t, lead, base+"/work-plan", wp); code != 303 {
		t.Fatalf("work plan: %d", code)
	}
	rec, _ := db.Records(context.Background(), f.a.ID)
	if _, ok := rec.WorkPlan.Dismissal(rule); !ok || len(rec.WorkPlan.Objectives) != 1 {
		t.Fatalf("work plan save lost the dismissal: %+v", rec.WorkPlan)
	}
	if code, _, _ := postForm(t, lead, base+"/recommendations/"+rule+"/restore", url.Values{"_csrf": {csrf}}); code != 303 {
		t.Fatalf("restore: %d", code)
	}
	_, page = body(t, lead, base+"/recommendations")
	if strings.Contains(page, "Set aside as not relevant</h2>") || !strings.Contains(page, `/recommendations/`+rule+`/accept"`) {
		t.Error("the restored recommendation is not back in the list")
	}
}
