package network

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestRecommendRiverside(t *testing.T) {
	q := mustQuestionnaire(t)
	rs := mustRules(t, q)
	got := rs.Recommend(riverside(), riversideAssessment(), riversideRecords(), today)

	// Worked out by hand from riversideAnswers and riversideRecords
	// (flags: tor_overdue, no_sponsor), priority first, then file order.
	want := []string{
		// priority 1
		"recruit_sponsor",           // flag no_sponsor; sponsor_in_place = 0
		"facility_time",             // chair_protected_time 1 < 3; committee 0 < 3
		"review_terms_of_reference", // flag tor_overdue
		// priority 2
		"meet_sponsor",          // sponsor_meetings 0 <= 1
		"corporate_duty_letter", // corporate_duty 1 < 2
		"board_engagement",      // consulted_early 1 < 2
		"build_relationships",   // rel_trade_unions 1 < 2
		// priority 3
		"collaborate_networks",  // rel_external 1 < 2
		"find_synergies",        // relationships at maturity 2
		"use_data_in_narrative", // data_access == 2
	}
	if !slices.Equal(ids(got), want) {
		t.Fatalf("recommendations:\n got %v\nwant %v", ids(got), want)
	}

	byID := map[string]Recommendation{}
	for _, r := range got {
		byID[r.RuleID] = r
	}
	rec := byID["recruit_sponsor"]
	if rec.Level != LevelOrganisation || len(rec.Triggers) != 2 ||
		!strings.Contains(rec.Explanation, "The network has no executive sponsor.") ||
		!strings.Contains(rec.Explanation, `"No, there is no sponsor"`) ||
		!strings.Contains(rec.Action, "Riverside BME Staff Network") {
		t.Errorf("recruit_sponsor = %+v", rec)
	}
	if e := byID["review_terms_of_reference"].Explanation; !strings.Contains(e, "version 2") || !strings.Contains(e, "31 January 2024") {
		t.Errorf("tor explanation = %q", e)
	}
	if e := byID["find_synergies"].Explanation; e != "Relationships and allies is at level 2, Developing (a mean of 1.60 out of 3)." {
		t.Errorf("find_synergies explanation = %q", e)
	}
	if a := byID["collaborate_networks"]; a.Level != LevelNational || !strings.Contains(a.Action, "8 May 2024") {
		t.Errorf("collaborate_networks = %+v", a)
	}
	if f := byID["facility_time"]; len(f.Triggers) != 2 || f.Triggers[0].Condition != "answer chair_protected_time < 3" {
		t.Errorf("facility_time triggers = %+v", f.Triggers)
	}
}

func TestRecommendThrivingNetworkGetsNothing(t *testing.T) {
	q := mustQuestionnaire(t)
	rs := mustRules(t, q)
	n := riverside()
	n.Sponsor = &Sponsor{Name: "Director (demo)", BoardRole: "Chief Executive", Expectations: "Meet quarterly."}
	r := riversideRecords()
	r.TermsOfReference.ReviewDue = Date(2025, 1, 31)
	r.Sponsor = &SponsorRecord{LastMet: Date(2024, 2, 1), ExpectationsAgreed: true}
	a := &Assessment{Date: today, Responses: []Response{lead("Chair", allAt(q, 3)), response("Sponsor", RespondentSponsor, allAt(q, 3))}}
	if got := rs.Recommend(n, a, r, today); len(got) != 0 {
		t.Fatalf("thriving network got %v", ids(got))
	}
	if fs := Flags(n, r, today); len(fs) != 0 {
		t.Fatalf("flags %v", fs)
	}
}

func TestRecommendWithoutAssessment(t *testing.T) {
	q := mustQuestionnaire(t)
	rs := mustRules(t, q)
	n := &Network{Name: "New network", Type: TypeDisability, Status: StatusActive}
	got := ids(rs.Recommend(n, nil, nil, today))
	// Records alone: every flag-driven rule, and the prompt to assess.
	want := []string{"complete_assessment", "recruit_sponsor", "review_terms_of_reference", "align_work_plan", "review_communications", "revive_network", "skills_audit"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v\nwant %v", got, want)
	}
}

func TestRecommendDifferencesAndStalePlan(t *testing.T) {
	q := mustQuestionnaire(t)
	rs := mustRules(t, q)
	n := riverside()
	n.Sponsor = &Sponsor{Name: "Director (demo)", Expectations: "Meet quarterly."}
	r := riversideRecords()
	r.TermsOfReference.ReviewDue = Date(2025, 1, 31)
	r.Sponsor = &SponsorRecord{LastMet: Date(2024, 2, 1), ExpectationsAgreed: true}
	r.WorkPlan.Objectives[0].Status = NotStarted
	top := allAt(q, 3)
	low := allAt(q, 3)
	low["chair_protected_time"] = "none"
	a := &Assessment{Responses: []Response{lead("Chair", low), response("Sponsor", RespondentSponsor, top)}}
	got := ids(rs.Recommend(n, a, r, today))
	want := []string{"facility_time", "discuss_differences", "restart_work_plan"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestRecommendationToObjective(t *testing.T) {
	q := mustQuestionnaire(t)
	rs := mustRules(t, q)
	for _, r := range rs.Recommend(riverside(), riversideAssessment(), riversideRecords(), today) {
		o := r.Objective("Chair", Date(2024, 6, 30))
		if o.Title != r.ObjectiveTitle || o.FromRule != r.RuleID || o.Status != NotStarted || o.Owner != "Chair" {
			t.Errorf("objective from %s = %+v", r.RuleID, o)
		}
		if es := o.Validate(""); len(es) != 0 {
			t.Errorf("objective from %s invalid: %v", r.RuleID, es)
		}
		if r.RuleID == "use_data_in_narrative" && !o.Linked() {
			t.Error("WRES rule should give a linked objective")
		}
	}
}

func TestBadRulesFiles(t *testing.T) {
	q := mustQuestionnaire(t)
	rule := func(cond string) string {
		return `{"version":1,"rules":[{"id":"r1","level":"network","priority":1,"any":["` + cond + `"],"action":"Do it.","explanation":"{reasons}","objective_title":"Do it","source":"x"}]}`
	}
	for _, c := range []struct{ file, want string }{
		{rule("answer no_such_question < 2"), `rule "r1": condition "answer no_such_question < 2": unknown question "no_such_question"`},
		{rule("flag tor_late"), `unknown flag "tor_late"`},
		{rule("tor_late"), `not understood`},
		{rule("area culture maturity <= 2"), `unknown area "culture"`},
		{rule("area time maturity <= 9"), `maturity level 9 is outside 1 to 4`},
		{rule("answer budget < 7"), `score 7 is outside 0 to 3`},
		{rule("answer budget ~ 1"), `unknown comparison "~"`},
		{rule("type chess"), `unknown network type "chess"`},
		{rule("differ area nowhere"), `unknown area "nowhere"`},
		{strings.Replace(rule("no_sponsor"), `"source"`, `"sauce"`, 1), `unknown field "sauce"`},
		{strings.Replace(rule("no_sponsor"), `{reasons}`, `Because.`, 1), `explanation must contain {reasons}`},
		{strings.Replace(rule("no_sponsor"), `Do it.`, `Do it by {deadline}.`, 1), `unknown placeholder {deadline}`},
		{strings.Replace(rule("no_sponsor"), `"network"`, `"team"`, 1), `level "team"`},
		{strings.Replace(rule("no_sponsor"), `"any":["no_sponsor"],`, ``, 1), `no conditions`},
	} {
		_, err := LoadRules(strings.NewReader(c.file), q)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want error containing %q, got %v", c.want, err)
		}
	}
	if _, err := LoadRules(strings.NewReader(rule("no_sponsor")), q); err != nil {
		t.Errorf("bare flag shorthand: %v", err)
	}
}

func TestBadQuestionnaireFiles(t *testing.T) {
	good := string(assessmentJSON)
	for _, c := range []struct{ old, new, want string }{
		{`"max_score": 3,`, `"max_score": 3, "colour": "blue",`, `unknown field "colour"`},
		{`"area": "time", "requirements": ["time_investment"],`, `"area": "tim", "requirements": ["time_investment"],`, `unknown area "tim"`},
		{`"min_mean": 1.75`, `"min_mean": 0.5`, `maturity[2]: min_mean 0.5 must be above`},
		{`"requirements": ["accountability"],`, `"requirements": ["acountability"],`, `unknown requirement "acountability"`},
		{`"label": "At least half a day a week, agreed", "score": 3`, `"label": "At least half a day a week, agreed", "score": 4`, `scores 4, outside 0 to 3`},
		{`"evidence": ["wres_data"]`, `"evidence": ["gossip"]`, `unknown evidence kind "gossip"`},
	} {
		if !strings.Contains(good, c.old) {
			t.Fatalf("test fixture out of date: %q not in assessment.json", c.old)
		}
		_, err := LoadQuestionnaire(strings.NewReader(strings.Replace(good, c.old, c.new, 1)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("want error containing %q, got %v", c.want, err)
		}
	}
}

func TestValidateResponse(t *testing.T) {
	q := mustQuestionnaire(t)
	r := lead("Chair", map[string]string{"budget": "lots", "old_question": "yes"})
	if es := q.ValidateResponse(&r, false); !slices.Equal(fieldNames(es), []string{"budget", "old_question"}) {
		t.Errorf("draft: %v", es)
	}
	es := q.ValidateResponse(&r, true)
	if len(es) != len(q.Questions)+1 || es[0].Message != "Select an answer to: "+q.Questions[0].Text {
		t.Errorf("complete: %d errors, first %v", len(es), es[0])
	}
	ok := lead("Chair", allAt(q, 2))
	if es := q.ValidateResponse(&ok, true); len(es) != 0 {
		t.Errorf("all answered: %v", es)
	}
}

// TestDocsListEveryRule keeps docs/networks.md in step with the data
// files: every rule, area, question and flag is named there.
func TestDocsListEveryRule(t *testing.T) {
	b, err := os.ReadFile("../../docs/networks.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	q := mustQuestionnaire(t)
	rs := mustRules(t, q)
	var names []string
	for _, r := range rs.Rules {
		names = append(names, r.ID)
	}
	for _, qu := range q.Questions {
		names = append(names, qu.ID)
	}
	names = append(names, FlagCodes...)
	g, err := DefaultGuide()
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range g.Steps {
		names = append(names, st.ID)
		for _, f := range st.Fields {
			names = append(names, f.ID)
		}
	}
	for _, n := range names {
		if !strings.Contains(doc, "`"+n+"`") {
			t.Errorf("docs/networks.md does not mention `%s`", n)
		}
	}
}
