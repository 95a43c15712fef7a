package network

import (
	"reflect"
	"strings"
	"testing"
)

// TestNetworkFromGuide: what the guide collected becomes the network's
// leaders, sponsor and first work plan, so a network just created is not
// flagged for having no chair, sponsor or work plan.
func TestNetworkFromGuide(t *testing.T) {
	today := Date(2026, 3, 12)
	p := &Progress{OrgCode: "RJ1", Type: TypeBME, Answers: map[string]string{
		"network_name": "REACH", "purpose": "Fair careers", "meeting_pattern": "Monthly",
		"leadership_team":  "Elected every two years by members.\nChair: Ada Okafor\nVice chair: Ben Ode\nSecretary: Cy Diallo",
		"champion":         "Chief Nurse",
		"first_objectives": "- Reverse mentoring for the board\n\n- Publish WRES figures to members",
	}}
	d := DraftsFrom(p)
	if d.Name != "REACH" || d.Sponsor != "Chief Nurse" {
		t.Errorf("drafts %+v", d)
	}
	if want := "Chair: Ada Okafor\nVice-chair: Ben Ode\nCommittee member: Cy Diallo"; d.Leaders != want {
		t.Errorf("leaders %q, want %q", d.Leaders, want)
	}
	if want := "Reverse mentoring for the board\nPublish WRES figures to members"; d.Objectives != want {
		t.Errorf("objectives %q", d.Objectives)
	}
	d.Terms, d.Contact = "# Terms", "reach@example.nhs.uk"
	n, _, wp, errs := d.Network(p, "edi@example.nhs.uk", today)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	wantLeaders := []Leader{{RoleChair, "Ada Okafor"}, {RoleViceChair, "Ben Ode"}, {RoleCommittee, "Cy Diallo"}}
	if !reflect.DeepEqual(n.Leaders, wantLeaders) || !n.HasSponsor() || n.Sponsor.Name != "Chief Nurse" {
		t.Errorf("network %+v sponsor %+v", n.Leaders, n.Sponsor)
	}
	if len(wp.Objectives) != 2 || wp.Objectives[0].Owner != "Ada Okafor" || wp.Objectives[1].Status != NotStarted {
		t.Errorf("work plan %+v", wp)
	}
	for _, f := range Flags(n, &Records{WorkPlan: wp}, today) {
		if f.Code == FlagNoChair || f.Code == FlagNoSponsor || f.Code == FlagNoWorkPlan {
			t.Errorf("new network flagged: %s", f.Message)
		}
	}
	// A leader line that names no one is an error on the leaders box.
	d.Leaders = "Chair elected at the AGM"
	if _, _, _, errs := d.Network(p, "edi", today); len(errs) != 1 || errs[0].Field != "leaders" {
		t.Errorf("unreadable leaders: %+v", errs)
	}
	// Without a chair the objectives are owned by whoever creates the network.
	d.Leaders = ""
	if _, _, wp, _ := d.Network(p, "edi@example.nhs.uk", today); wp.Objectives[0].Owner != "edi@example.nhs.uk" {
		t.Errorf("owner %q", wp.Objectives[0].Owner)
	}
}

// TestGuideErrors: a required field left empty says what to enter.
func TestGuideErrors(t *testing.T) {
	g, err := DefaultGuide()
	if err != nil {
		t.Fatal(err)
	}
	var p Progress
	es := g.Complete(&p, "need", Date(2026, 1, 1))
	if len(es) == 0 || es[0].Field != "who_for" || es[0].Message != "Enter who the network is for" {
		t.Fatalf("errors %+v", es)
	}
	for _, e := range es {
		if strings.HasPrefix(e.Message, "Answer") || !strings.HasPrefix(e.Message, "Enter ") {
			t.Errorf("%s: %q", e.Field, e.Message)
		}
	}
	bad := `{"version": 1, "title": "t", "description": "d", "steps": [{"id": "a", "number": 1, "title": "A", "guidance": "g",
		"fields": [{"id": "x", "label": "X?", "kind": "text", "required": true}]}]}`
	if _, err := LoadGuide(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), `field "x": a required field needs an error`) {
		t.Errorf("a required field without an error message loaded: %v", err)
	}
}
