package auth

import "testing"

func TestRollupMatrix(t *testing.T) {
	// Columns: another organisation's roll-up, the account's own
	// organisation's, a region's or the nation's. "F" full figures, "S"
	// with small counts suppressed, "-" not at all.
	want := map[Role][3]string{
		Anyone:         {"-", "-", "-"},
		Admin:          {"F", "F", "F"},
		Analyst:        {"-", "-", "-"},
		NationalViewer: {"S", "S", "S"},
		OrgAdmin:       {"-", "S", "S"},
		NetworkLead:    {"-", "S", "-"},
		Sponsor:        {"-", "S", "-"},
		CaseReviewer:   {"-", "-", "-"},
		NoRole:         {"-", "-", "-"},
	}
	code := func(g RollupRights) string {
		switch {
		case g.Full && g.View:
			return "F"
		case g.Full:
			return "!"
		case g.View:
			return "S"
		}
		return "-"
	}
	for _, r := range append([]Role{Anyone}, Roles...) {
		got := [3]string{code(Rollup(r, "RJ1", "RX1")), code(Rollup(r, "RJ1", "RJ1")), code(Rollup(r, "RJ1", ""))}
		if got != want[r] {
			t.Errorf("%q: got %v, want %v", r, got, want[r])
		}
	}
	// An account without an organisation has no "own" organisation.
	if Rollup(OrgAdmin, "", "").View != true || Rollup(OrgAdmin, "", "RJ1").View {
		t.Error("an org admin without an organisation sees one's roll-up")
	}
}
