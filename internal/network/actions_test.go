package network

import (
	"testing"
)

func TestCurrentRound(t *testing.T) {
	today := Date(2025, 6, 1)
	history := []Assessment{{ID: 1, Date: Date(2024, 1, 1)}, {ID: 2, Date: Date(2025, 3, 10)}}
	if got := CurrentRound(history, RespondentLead, today); got == nil || got.ID != 2 {
		t.Errorf("a lead 83 days on: %+v, want round 2", got)
	}
	if got := CurrentRound(history, RespondentLead, Date(2025, 6, 8)); got != nil {
		t.Errorf("a lead 90 days on: %+v, want a new round", got)
	}
	if got := CurrentRound(history, RespondentSponsor, Date(2026, 6, 8)); got == nil || got.ID != 2 {
		t.Errorf("a sponsor a year on: %+v, want the latest round", got)
	}
	if got := CurrentRound(nil, RespondentSponsor, today); got != nil {
		t.Errorf("no history: %+v", got)
	}
}

func TestValidateArea(t *testing.T) {
	q := mustQuestionnaire(t)
	a := q.Areas[0].ID
	errs := q.ValidateArea(&Response{Answers: map[string]Answer{}}, a)
	if len(errs) == 0 {
		t.Fatal("no errors for an unanswered area")
	}
	for _, e := range errs {
		if qu, _ := q.Question(e.Field); qu == nil || qu.Area != a {
			t.Errorf("error %v is not about area %s", e, a)
		}
	}
	if q.FirstAreaWithError(errs) != a || q.FirstAreaWithError(nil) != q.Areas[0].ID {
		t.Error("FirstAreaWithError")
	}
	last := q.Areas[len(q.Areas)-1].ID
	if got := q.FirstAreaWithError(q.ValidateArea(&Response{Answers: map[string]Answer{}}, last)); got != last {
		t.Errorf("FirstAreaWithError = %s, want %s", got, last)
	}
}

func TestDraftsNetwork(t *testing.T) {
	today := Date(2025, 6, 1)
	p := &Progress{OrgCode: "RJ1", Type: TypeBME, Answers: map[string]string{"purpose": "Fair careers", "meeting_pattern": "Monthly"}}
	d, errs := ReadDraftsForm(Form{"business_case": {" BC "}, "terms": {"T"}, "name": {"BME Network"}, "contact": {"bme@example.nhs.uk"}})
	if errs != nil || d.BusinessCase != "BC" {
		t.Fatalf("%+v %v", d, errs)
	}
	n, tor, _, errs := d.Network(p, "lead@example.nhs.uk", today)
	if errs != nil || n.Purpose != "Fair careers" || n.YearStarted != 2025 || tor.Version != 1 || !tor.ReviewDue.Equal(Date(2026, 6, 1)) {
		t.Errorf("%+v %+v %v", n, tor, errs)
	}
	d.Terms = ""
	if _, _, _, errs = d.Network(p, "lead@example.nhs.uk", today); len(errs) != 1 || errs[0].Field != "terms" {
		t.Errorf("empty terms: %v", errs)
	}
	long := make([]byte, MaxDraft+1)
	for i := range long {
		long[i] = 'x'
	}
	if _, errs = ReadDraftsForm(Form{"terms": {string(long)}}); len(errs) != 1 {
		t.Errorf("a draft too long: %v", errs)
	}
}

func TestAccept(t *testing.T) {
	today := Date(2025, 6, 1)
	n := &Network{Leaders: []Leader{{RoleViceChair, "Vi"}, {RoleChair, "Ada"}}}
	rc := Recommendation{RuleID: "facility_time", Action: "Agree facility time"}
	wp, add := n.Accept(nil, rc, "lead@example.nhs.uk", today)
	if !add || len(wp.Objectives) != 1 || wp.Objectives[0].Owner != "Ada" || wp.Objectives[0].FromRule != "facility_time" || !wp.Objectives[0].Due.Equal(Date(2025, 9, 1)) {
		t.Fatalf("accepted into an empty plan: %+v %v", wp, add)
	}
	if !wp.Accepted("facility_time") || wp.Accepted("other") || (*WorkPlan)(nil).Accepted("facility_time") {
		t.Error("Accepted")
	}
	if _, add := n.Accept(&wp, rc, "x", today); add {
		t.Error("accepted twice")
	}
	other, _ := (&Network{}).Accept(&wp, Recommendation{RuleID: "sponsor"}, "lead@example.nhs.uk", today)
	if len(other.Objectives) != 2 || other.Objectives[1].Owner != "lead@example.nhs.uk" || len(wp.Objectives) != 1 {
		t.Errorf("no chair: %+v (the old plan must not change: %d)", other.Objectives, len(wp.Objectives))
	}
}
