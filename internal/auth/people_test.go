package auth

import "testing"

// TestSeesNames: only a lead of the network itself sees names, whatever
// else an account may do with the network.
func TestSeesNames(t *testing.T) {
	for _, r := range []Role{Anyone, Admin, Analyst, NationalViewer, OrgAdmin, NetworkLead, Sponsor} {
		for _, c := range []struct {
			org    string
			net    int64
			netOrg string
			netID  int64
		}{{"RJ1", 7, "RJ1", 7}, {"RJ1", 8, "RJ1", 7}, {"RJ1", 0, "RJ1", 7}, {"RX1", 7, "RJ1", 7}, {"", 0, "RJ1", 7}} {
			want := r == NetworkLead && c.org == c.netOrg && c.net == c.netID
			if got := SeesNames(r, c.org, c.net, c.netOrg, c.netID); got != want {
				t.Errorf("%s in %s/%d on %s/%d: %v, want %v", r, c.org, c.net, c.netOrg, c.netID, got, want)
			}
		}
	}
}
