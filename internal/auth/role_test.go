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
