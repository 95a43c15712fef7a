package auth

import "testing"

// TestAccountMatrix: only an administrator manages accounts and invites
// people; every other role, no role and the public get nothing.
func TestAccountMatrix(t *testing.T) {
	for _, r := range append([]Role{Anyone}, Roles...) {
		got, want := r.Accounts(), AccountRights{}
		if r == Admin {
			want = AccountRights{Manage: true, Invite: true}
		}
		if got != want {
			t.Errorf("%q: %+v, want %+v", r, got, want)
		}
		if r.Nav().Accounts != got.Manage {
			t.Errorf("%q: accounts link %v but may manage accounts %v", r, r.Nav().Accounts, got.Manage)
		}
	}
	if NoRole.Surveys() != (SurveyRights{}) || RightsOf(NoRole, "RJ1", 7) != (Rights{}) || WRESAccess(NoRole, "RJ1", "RJ1") != (Access{}) ||
		NetworkAccess(NoRole, "RJ1", 7, "RJ1", 7) != (NetworkRights{ViewPublic: true}) || GuideAccess(NoRole, "RJ1", 1, "RJ1", 1) != (GuideRights{}) {
		t.Error("an account with no role must get no more than the public")
	}
	if r, err := ParseRole("none"); err != nil || r != NoRole || r.NeedsOrg() {
		t.Errorf("none: %v %v", r, err)
	}
}

func TestDomainAllowed(t *testing.T) {
	domains := []string{"nhs.net", " @Trust.NHS.uk "}
	for email, want := range map[string]bool{
		"a@nhs.net":          true,
		"a@NHS.NET":          true,
		"b@trust.nhs.uk":     true,
		"a@mail.nhs.net":     false, // subdomains are listed on their own
		"a@evil-nhs.net":     false,
		"a@nhs.net.evil.com": false,
		"nhs.net":            false,
		"a@":                 false,
	} {
		if got := DomainAllowed(email, domains); got != want {
			t.Errorf("%s: %v, want %v", email, got, want)
		}
	}
	if DomainAllowed("a@nhs.net", nil) || DomainAllowed("a@nhs.net", []string{""}) {
		t.Error("an empty list allows nobody")
	}
}
