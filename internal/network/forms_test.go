package network

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"", time.Time{}, true},
		{"2025-03-31", Date(2025, 3, 31), true},
		{" 31/3/2025 ", Date(2025, 3, 31), true},
		{"2025-02-30", time.Time{}, false},
		{"next week", time.Time{}, false},
	} {
		got, ok := ParseDate(c.in)
		if !got.Equal(c.want) || ok != c.ok {
			t.Errorf("ParseDate(%q) = %v %v, want %v %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// TestReadWorkPlanForm: blank and removed rows are dropped, a bad date is
// reported against the objective's position after dropping, and "add
// another" shows one more blank row.
func TestReadWorkPlanForm(t *testing.T) {
	f := Form{"rows": {"4"},
		"objectives-0-title": {"Removed"}, "objectives-0-remove": {"yes"},
		"objectives-1-title": {"Mentoring"}, "objectives-1-owner": {"Ada"}, "objectives-1-due": {"soon"}, "objectives-1-percent_done": {"40%"},
		"objectives-2-status": {"not_started"}, "objectives-2-percent_done": {"0"},
		"objectives-3-title": {"Data"}, "objectives-3-percent_done": {"x"},
	}
	objs, blank, errs := ReadWorkPlanForm(f)
	if len(objs) != 2 || objs[0].Title != "Mentoring" || objs[0].PercentDone != 40 || objs[1].PercentDone != -1 {
		t.Fatalf("objectives %+v", objs)
	}
	if blank != 2 || len(errs) != 1 || errs[0].Field != "objectives[0].due" {
		t.Errorf("blank %d, errors %v", blank, errs)
	}
	f["_action"] = []string{"add"}
	if _, blank, _ = ReadWorkPlanForm(f); blank != 3 {
		t.Errorf("after add another: %d blank rows", blank)
	}
	f["rows"] = []string{"100000"}
	if objs, _, _ := ReadWorkPlanForm(f); len(objs) != 2 {
		t.Errorf("a huge row count: %d objectives", len(objs))
	}
}

func TestReadNetworkForm(t *testing.T) {
	n := &Network{OrgCode: "RJ1", Leaders: []Leader{{RoleChair, "Old"}}}
	blank := ReadNetworkForm(Form{"name": {" Pride "}, "year_started": {"soon"}, "leader_rows": {"3"},
		"leaders-0-role": {"chair"}, "leaders-0-name": {"Ada"}, "leaders-2-name": {"Cy"},
		"published": {"name", "contact"}, "_action": {"add_leader"}}, n)
	if n.Name != "Pride" || n.YearStarted != -1 || len(n.Leaders) != 2 || n.Leaders[1].Name != "Cy" || n.Sponsor != nil || len(n.Published) != 2 || n.OrgCode != "RJ1" {
		t.Errorf("read %+v", n)
	}
	if blank != 2 {
		t.Errorf("blank leader rows %d, want 2", blank)
	}
	if es := n.Validate(Date(2025, 1, 1)); len(es) == 0 {
		t.Error("a year that is not a number passed validation")
	}
}

func TestReadSkillsForm(t *testing.T) {
	var a SkillsAudit
	blank, errs := ReadSkillsForm(Form{"done_on": {"2025-01-02"}, "rows": {"2"}, "skills-0-skills": {"Chairing\n\n Budgets "}}, &a)
	if len(a.Entries) != 1 || len(a.Entries[0].Skills) != 2 || blank != 1 {
		t.Fatalf("audit %+v, %d blank", a, blank)
	}
	if len(errs) != 1 || errs[0].Field != "skills-0-leader" {
		t.Errorf("errors %v", errs)
	}
	if _, errs = ReadSkillsForm(Form{"rows": {"1"}, "_action": {"add"}}, &a); errs != nil {
		t.Errorf("add another reported %v", errs)
	}
	if _, errs = ReadSkillsForm(Form{"done_on": {"2025-01-02"}, "rows": {"1"}}, &a); len(errs) != 1 || errs[0].Message != "Enter at least one leader's skills" {
		t.Errorf("empty audit: %v", errs)
	}
}

func TestReadMeetingsForm(t *testing.T) {
	today := Date(2025, 6, 1)
	if _, _, errs := ReadMeetingsForm(Form{"last_minutes": {"2025-06-02"}, "next_meeting": {"later"}}, today); len(errs) != 2 {
		t.Errorf("errors %v", errs)
	}
	last, next, errs := ReadMeetingsForm(Form{"last_minutes": {"2025-05-01"}}, today)
	if errs != nil || !last.Equal(Date(2025, 5, 1)) || !next.IsZero() {
		t.Errorf("%v %v %v", last, next, errs)
	}
}
