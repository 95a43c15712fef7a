package auth

import "testing"

// TestOrgWorkAccess writes out the policy of an organisation's shared work
// (the WRES action plan, the corporate-duty letter) for every role and
// every way an account can stand to the organisation RJ1.
func TestOrgWorkAccess(t *testing.T) {
	none, read, edit := OrgWorkRights{}, OrgWorkRights{View: true}, OrgWorkRights{View: true, Edit: true}
	cases := []struct {
		name                 string
		role                 Role
		userOrg, netOrg, org string
		want                 OrgWorkRights
	}{
		{"public", Anyone, "", "", "RJ1", none},
		{"analyst", Analyst, "", "", "RJ1", none},
		{"national viewer", NationalViewer, "", "", "RJ1", none},
		{"admin", Admin, "", "", "RJ1", edit},
		{"org admin, own organisation", OrgAdmin, "RJ1", "", "RJ1", edit},
		{"org admin, another organisation", OrgAdmin, "RQM", "", "RJ1", none},
		{"lead, network in the organisation", NetworkLead, "RJ1", "RJ1", "RJ1", edit},
		{"lead, another organisation", NetworkLead, "RQM", "RQM", "RJ1", none},
		{"lead without a network", NetworkLead, "RJ1", "", "RJ1", none},
		{"lead whose network is elsewhere", NetworkLead, "RJ1", "RQM", "RJ1", none},
		{"sponsor, network in the organisation", Sponsor, "RJ1", "RJ1", "RJ1", read},
		{"sponsor, another organisation", Sponsor, "RQM", "RQM", "RJ1", none},
		{"no organisation named", OrgAdmin, "", "", "", none},
	}
	for _, c := range cases {
		if got := OrgWorkAccess(c.role, c.userOrg, c.netOrg, c.org); got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}
