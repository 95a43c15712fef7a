package auth

import "testing"

func TestNetworkAccess(t *testing.T) {
	none := NetworkRights{ViewPublic: true}
	read := NetworkRights{ViewPublic: true, ViewDrafts: true}
	all := NetworkRights{ViewPublic: true, ViewDrafts: true, Edit: true, EditWorkPlan: true, Assess: true, AssessAsSponsor: true}
	editor := NetworkRights{ViewPublic: true, ViewDrafts: true, Edit: true, EditWorkPlan: true, Assess: true}
	sponsor := NetworkRights{ViewPublic: true, ViewDrafts: true, AssessAsSponsor: true}
	// Network 7 belongs to RJ1; network 8 to RJ1 too; network 9 to RX1.
	cases := []struct {
		name   string
		role   Role
		org    string
		net    int64
		netOrg string
		netID  int64
		want   NetworkRights
	}{
		{"public", Anyone, "", 0, "RJ1", 7, none},
		{"analyst", Analyst, "", 0, "RJ1", 7, none},
		{"admin", Admin, "", 0, "RJ1", 7, all},
		{"national viewer", NationalViewer, "", 0, "RX1", 9, read},
		{"org admin, own organisation", OrgAdmin, "RJ1", 0, "RJ1", 7, editor},
		{"org admin, other network of own organisation", OrgAdmin, "RJ1", 0, "RJ1", 8, editor},
		{"org admin, another organisation", OrgAdmin, "RJ1", 0, "RX1", 9, none},
		{"lead, own network", NetworkLead, "RJ1", 7, "RJ1", 7, editor},
		{"lead, another network of the same organisation", NetworkLead, "RJ1", 7, "RJ1", 8, none},
		{"lead, another organisation", NetworkLead, "RJ1", 7, "RX1", 9, none},
		{"lead without a network", NetworkLead, "RJ1", 0, "RJ1", 7, none},
		{"lead whose network is not in their organisation", NetworkLead, "RX1", 7, "RJ1", 7, none},
		{"sponsor, own network", Sponsor, "RJ1", 7, "RJ1", 7, sponsor},
		{"sponsor, another network", Sponsor, "RJ1", 7, "RJ1", 8, none},
		{"new network (id 0) for a lead without one", NetworkLead, "RJ1", 0, "RJ1", 0, none},
	}
	for _, c := range cases {
		if got := NetworkAccess(c.role, c.org, c.net, c.netOrg, c.netID); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
	if s := NetworkAccess(Sponsor, "RJ1", 7, "RJ1", 7); s.EditWorkPlan || s.Edit || s.Assess {
		t.Error("a sponsor must not edit the work plan or answer as a lead")
	}
}

func TestSponsorRole(t *testing.T) {
	r, err := ParseRole("sponsor")
	if err != nil || r != Sponsor || !r.NeedsOrg() || !r.HasNetwork() || r.Describe() == "sponsor" {
		t.Fatalf("sponsor: %v %v", r, err)
	}
	if OrgAdmin.HasNetwork() || !NetworkLead.HasNetwork() {
		t.Fatal("HasNetwork")
	}
}
