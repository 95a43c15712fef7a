package network

import (
	"strings"
	"testing"
)

func TestDismissAndRestore(t *testing.T) {
	day := Date(2026, 3, 12)
	rc := Recommendation{RuleID: "skills_audit", Action: "Audit the leaders' skills", ObjectiveTitle: "Skills audit"}
	plan := &WorkPlan{Version: 3, Objectives: []Objective{{Title: "Keep me", Owner: "Ada", Status: InProgress}}}

	if _, errs := Dismiss(plan, rc, "  ", "lead@example.nhs.uk", day); len(errs) != 1 || errs[0].Field != "reason" ||
		errs[0].Message != "Enter why this recommendation is not relevant to the network" {
		t.Fatalf("no reason: %+v", errs)
	}
	if _, errs := Dismiss(plan, rc, strings.Repeat("x", MaxDismissReason+1), "lead", day); len(errs) != 1 {
		t.Fatalf("over-long reason: %+v", errs)
	}
	wp, errs := Dismiss(plan, rc, " The trust runs one for every group ", "lead@example.nhs.uk", day)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	d, ok := wp.Dismissal("skills_audit")
	if !ok || d.Reason != "The trust runs one for every group" || d.By != "lead@example.nhs.uk" || !d.On.Equal(day) || d.Action != rc.Action {
		t.Fatalf("dismissal %+v %v", d, ok)
	}
	if len(wp.Objectives) != 1 || wp.Objectives[0].Title != "Keep me" {
		t.Errorf("objectives lost: %+v", wp.Objectives)
	}
	if len(plan.Dismissed) != 0 {
		t.Error("Dismiss changed the plan it was given")
	}
	// A second dismissal replaces the first.
	again, _ := Dismiss(&wp, rc, "Changed my mind about why", "lead", day)
	if len(again.Dismissed) != 1 || again.Dismissed[0].Reason != "Changed my mind about why" {
		t.Errorf("second dismissal: %+v", again.Dismissed)
	}
	// Accepting keeps the other dismissals but not this one.
	other, _ := Dismiss(&again, Recommendation{RuleID: "meet_sponsor"}, "Met last week", "lead", day)
	n := &Network{}
	acc, add := n.Accept(&other, rc, "lead", day)
	if !add || len(acc.Dismissed) != 1 || acc.Dismissed[0].RuleID != "meet_sponsor" {
		t.Errorf("accept: %v %+v", add, acc.Dismissed)
	}
	// Restoring brings it back; restoring what is not set aside saves nothing.
	back, ok := Restore(&other, "skills_audit", day)
	if !ok || len(back.Dismissed) != 1 || back.Dismissed[0].RuleID != "meet_sponsor" || len(back.Objectives) != 1 {
		t.Errorf("restore: %v %+v", ok, back)
	}
	if _, ok := Restore(&back, "skills_audit", day); ok {
		t.Error("restored twice")
	}
	if _, ok := Restore(nil, "skills_audit", day); ok {
		t.Error("restored from no plan")
	}
}

func TestWithoutDismissed(t *testing.T) {
	recs := []Recommendation{{RuleID: "a"}, {RuleID: "b"}, {RuleID: "c"}}
	var none *WorkPlan
	if got := none.WithoutDismissed(recs); len(got) != 3 {
		t.Errorf("no plan: %v", got)
	}
	wp, _ := Dismiss(nil, Recommendation{RuleID: "b"}, "Not for us", "lead", Date(2026, 1, 1))
	got := wp.WithoutDismissed(recs)
	if len(got) != 2 || got[0].RuleID != "a" || got[1].RuleID != "c" || len(recs) != 3 || recs[1].RuleID != "b" {
		t.Errorf("without b: %v (input now %v)", got, recs)
	}
}
