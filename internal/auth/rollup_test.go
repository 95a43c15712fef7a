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
	code := func(g RollupRights) string { return tier(g.Full, g.View, "F", "S") }
	checkMatrix(t, want, func(r Role) [3]string {
		return [3]string{code(Rollup(r, "RJ1", "RX1")), code(Rollup(r, "RJ1", "RJ1")), code(Rollup(r, "RJ1", ""))}
	})
	// An account without an organisation has no "own" organisation.
	if Rollup(OrgAdmin, "", "").View != true || Rollup(OrgAdmin, "", "RJ1").View {
		t.Error("an org admin without an organisation sees one's roll-up")
	}
}
