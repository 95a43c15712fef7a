package network

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSponsorReviewOverdueFlag(t *testing.T) {
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	n := &Network{Status: StatusActive, Sponsor: &Sponsor{Name: "S", Expectations: "E"}, Leaders: []Leader{{Role: RoleChair, Name: "C"}}}
	for _, c := range []struct {
		due  time.Time
		want bool
	}{{time.Time{}, false}, {today, false}, {today.AddDate(0, 0, -1), true}} {
		r := &Records{Sponsor: &SponsorRecord{LastMet: today, ExpectationsAgreed: true, ReviewDue: c.due}}
		got := slices.ContainsFunc(Flags(n, r, today), func(f Flag) bool { return f.Code == FlagSponsorReviewOverdue })
		if got != c.want || r.Sponsor.ReviewOverdue(today) != c.want {
			t.Errorf("review due %v: flagged %v, want %v", c.due, got, c.want)
		}
	}
}

func TestPlanActionOwners(t *testing.T) {
	owners := PlanOwners{OrgAdmins: []int64{4}, Networks: []int64{7, 8}}
	ok := PlanAction{Indicator: 2, Title: "T", OrgOwnerID: 4, NetworkID: 8, NetworkOwner: "Chair", Status: InProgress}
	if es := ok.Validate(owners); len(es) != 0 {
		t.Fatalf("valid action: %v", es)
	}
	for _, c := range []struct {
		field  string
		change func(a *PlanAction)
	}{
		{"org_owner", func(a *PlanAction) { a.OrgOwnerID = 5 }},               // another organisation's admin
		{"org_owner_role", func(a *PlanAction) { a.OrgOwnerID = 0 }},          // neither an account nor a role
		{"network_id", func(a *PlanAction) { a.NetworkID = 9 }},               // another organisation's network
		{"indicator", func(a *PlanAction) { a.Indicator = 10 }},               // no such indicator
		{"status", func(a *PlanAction) { a.Status = "finished" }},             // no such status
		{"network_owner", func(a *PlanAction) { a.NetworkOwner = " " }},       // no one in the network
		{"title", func(a *PlanAction) { a.Title = strings.Repeat("x", 301) }}, // too long
	} {
		a := ok
		c.change(&a)
		es := a.Validate(owners)
		if len(es) != 1 || es[0].Field != c.field {
			t.Errorf("%s: %v", c.field, es)
		}
	}
}

func TestDutyLetter(t *testing.T) {
	d := DutyLetterDraft("Example NHS Trust")
	if strings.Contains(d, "{org}") || strings.Count(d, "Example NHS Trust") != 3 {
		t.Errorf("draft does not name the organisation throughout:\n%s", d)
	}
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	var l DutyLetter
	if es := ReadDutySentForm(Form{"sent_by": {"CEO"}, "sent_on": {"2026-06-02"}}, &l, today); len(es) != 1 || es[0].Field != "sent_on" {
		t.Errorf("sent tomorrow: %v", es)
	}
	if es := ReadDutySentForm(Form{"sent_by": {"CEO"}, "sent_on": {"2026-06-01"}}, &l, today); len(es) != 0 || !l.Sent() {
		t.Errorf("sent today: %v", es)
	}
	l.EditedAt = today.Add(36 * time.Hour)
	if !l.ChangedSinceSent() {
		t.Error("a change the day after sending is not noticed")
	}
}
