package auth

import (
	"strings"
	"testing"
)

// TestRoleLabel: every role has a name for people, which is neither its
// code nor anything with an underscore in it.
func TestRoleLabel(t *testing.T) {
	seen := map[string]Role{}
	for _, r := range Roles {
		l := r.Label()
		if strings.Contains(l, "_") || l == "Unknown role" {
			t.Errorf("%s: label %q", r, l)
		}
		if o, ok := seen[l]; ok {
			t.Errorf("%s and %s share the label %q", r, o, l)
		}
		seen[l] = r
	}
	if NetworkLead.Label() != "Network lead" {
		t.Errorf("network lead: %q", NetworkLead.Label())
	}
	if Role("boss").Label() != "Unknown role" {
		t.Error("an unknown role should not show its code")
	}
}

// TestHomeMatrix: where each role lands after signing in, with and
// without the organisation or network it works on.
func TestHomeMatrix(t *testing.T) {
	cases := []struct {
		role Role
		org  string
		net  int64
		want string
	}{
		{Admin, "", 0, "/admin"},
		{Analyst, "", 0, "/admin"},
		{NationalViewer, "", 0, "/wres/national"},
		{OrgAdmin, "RJ1", 0, "/wres/org/RJ1"},
		{OrgAdmin, "", 0, "/wres"},
		{NetworkLead, "RJ1", 7, "/my/networks/7"},
		{NetworkLead, "RJ1", 0, "/my/networks"},
		{NetworkLead, "", 0, "/networks"},
		{Sponsor, "RJ1", 7, "/my/networks/7"},
		{Sponsor, "RJ1", 0, "/networks"},
		{CaseReviewer, "", 0, "/my/case-studies/review"},
		{NoRole, "RJ1", 7, "/account"},
		{Role("boss"), "", 0, "/"},
	}
	for _, c := range cases {
		if got := Home(c.role, c.org, c.net); got != c.want {
			t.Errorf("%s (org %q, network %d): %s, want %s", c.role, c.org, c.net, got, c.want)
		}
	}
	for _, r := range Roles {
		if Home(r, "RJ1", 7) == "/" {
			t.Errorf("%s has no home", r)
		}
	}
}
