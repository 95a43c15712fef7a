package auth

import "testing"

func TestNetworkAccess(t *testing.T) {
	none := NetworkRights{ViewPublic: true}
	read := NetworkRights{ViewPublic: true, ViewDrafts: true}
	all := NetworkRights{ViewPublic: true, ViewDrafts: true, Edit: true, EditWorkPlan: true, Assess: true, AssessAsSponsor: true}
	editor := NetworkRights{ViewPublic: true, ViewDrafts: true, Edit: true, EditWorkPlan: true, Assess: true}
	lead := NetworkRights{ViewPublic: true, ViewDrafts: true, Edit: true, EditWorkPlan: true, Assess: true, Members: true}
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
		{"lead, own network", NetworkLead, "RJ1", 7, "RJ1", 7, lead},
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

// on is one right of a matrix cell and its letter.
type on struct {
	on     bool
	letter string
}

// letters writes a cell of a policy matrix: the letters of the rights
// that are on, or "-" for none.
func letters(rights ...on) string {
	s := ""
	for _, r := range rights {
		if r.on {
			s += r.letter
		}
	}
	if s == "" {
		return "-"
	}
	return s
}

// tier writes a cell of a policy with two steps, where the higher needs
// the lower: higher's letter when both are on, lower's for the lower
// alone, "-" for none, and "!" for the higher without the lower.
func tier(higher, lower bool, higherLetter, lowerLetter string) string {
	switch {
	case higher && lower:
		return higherLetter
	case higher:
		return "!"
	case lower:
		return lowerLetter
	}
	return "-"
}

// checkMatrix compares a policy's three columns for every role (and
// Anyone) with want.
func checkMatrix(t *testing.T, want map[Role][3]string, got func(Role) [3]string) {
	t.Helper()
	for _, r := range append([]Role{Anyone}, Roles...) {
		if got := got(r); got != want[r] {
			t.Errorf("%q: got %v, want %v", r, got, want[r])
		}
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

// TestNetworkPolicyMatrix writes the whole network policy out as a
// matrix: for every role and every way an account can stand to a network,
// the rights it gets, one letter each (V view drafts, E edit, W work
// plan, A assess as a lead, S assess as the sponsor, M the members; "-"
// none).
func TestNetworkPolicyMatrix(t *testing.T) {
	cell := func(n NetworkRights) string {
		s := letters(on{n.ViewDrafts, "V"}, on{n.Edit, "E"}, on{n.EditWorkPlan, "W"}, on{n.Assess, "A"}, on{n.AssessAsSponsor, "S"}, on{n.Members, "M"})
		if !n.ViewPublic {
			return "!" + s // nobody loses the public view
		}
		return s
	}
	// Columns: another organisation's network, a network of the account's
	// organisation, the account's own network.
	want := map[Role][3]string{
		Anyone:         {"-", "-", "-"},
		Admin:          {"VEWAS", "VEWAS", "VEWAS"},
		Analyst:        {"-", "-", "-"},
		NationalViewer: {"V", "V", "V"},
		OrgAdmin:       {"-", "VEWA", "VEWA"},
		NetworkLead:    {"-", "-", "VEWAM"}, // M: only a network's own leads see its members
		Sponsor:        {"-", "-", "VS"},
		CaseReviewer:   {"-", "-", "-"},
		NoRole:         {"-", "-", "-"},
	}
	checkMatrix(t, want, func(r Role) [3]string {
		return [3]string{
			cell(NetworkAccess(r, "RJ1", 7, "RX1", 9)),
			cell(NetworkAccess(r, "RJ1", 7, "RJ1", 8)),
			cell(NetworkAccess(r, "RJ1", 7, "RJ1", 7)),
		}
	})
	// Actions map onto rights.
	for _, c := range []struct {
		n    NetworkRights
		a    NetworkAction
		want bool
	}{
		{netRead, ReadNetwork, true}, {netPublic, ReadNetwork, false},
		{netRead, EditNetwork, false}, {netEditor, EditNetwork, true},
		{netSponsor, EditWorkPlan, false}, {netEditor, EditWorkPlan, true},
		{netSponsor, AnswerNetwork, true}, {netRead, AnswerNetwork, false}, {netEditor, AnswerNetwork, true},
		{netAll, NetworkAction(99), false},
		{netLead, ManageMembers, true}, {netAll, ManageMembers, false}, {netEditor, ManageMembers, false}, {netSponsor, ManageMembers, false}, {netRead, ManageMembers, false},
	} {
		if got := c.n.Allows(c.a); got != c.want {
			t.Errorf("%+v allows %d: %v, want %v", c.n, c.a, got, c.want)
		}
	}
	if !netSponsor.AnswersAsSponsor() || netAll.AnswersAsSponsor() || netEditor.AnswersAsSponsor() {
		t.Error("an administrator answers as a lead; only a sponsor answers as the sponsor")
	}
}

func TestGuidePolicyMatrix(t *testing.T) {
	// Columns: another organisation's guide, one of the account's
	// organisation started by someone else, one the account started.
	// "C" change (and read), "R" read only, "-" not even see it.
	want := map[Role][3]string{
		Anyone:         {"-", "-", "-"},
		Admin:          {"C", "C", "C"},
		Analyst:        {"-", "-", "-"},
		NationalViewer: {"R", "R", "R"},
		OrgAdmin:       {"-", "C", "C"},
		NetworkLead:    {"-", "-", "C"},
		Sponsor:        {"-", "-", "-"},
		CaseReviewer:   {"-", "-", "-"},
		NoRole:         {"-", "-", "-"},
	}
	code := func(g GuideRights) string { return tier(g.Change, g.View, "C", "R") }
	checkMatrix(t, want, func(r Role) [3]string {
		return [3]string{
			code(GuideAccess(r, "RJ1", 5, "RX1", 6)),
			code(GuideAccess(r, "RJ1", 5, "RJ1", 6)),
			code(GuideAccess(r, "RJ1", 5, "RJ1", 5)),
		}
	})
	// Starting a guide in one organisation and moving to another loses it.
	if GuideAccess(NetworkLead, "RX1", 5, "RJ1", 5).View {
		t.Error("a lead keeps a guide of their old organisation")
	}
	if GuideAccess(OrgAdmin, "", 5, "", 6).View {
		t.Error("an org admin without an organisation sees guides without one")
	}
}

func TestRightsMatrix(t *testing.T) {
	// L list all, O list own organisation, C create a network, N name its
	// organisation, G start a
	// guide, E see every guide of the organisation, F create a network
	// from a guide's drafts, W upload WRES returns (and get the template).
	cell := func(r Rights) string {
		return letters(on{r.ListAll, "L"}, on{r.ListOrg, "O"}, on{r.CreateNetwork, "C"}, on{r.ChooseOrg, "N"}, on{r.StartNetwork, "G"}, on{r.SeeAllGuides, "E"}, on{r.CreateFromGuide, "F"}, on{r.UploadWRES, "W"})
	}
	// Columns: no organisation; an organisation but no network; an
	// organisation and a network.
	want := map[Role][3]string{
		Anyone:         {"-", "-", "-"},
		Admin:          {"LCNFW", "LCNFW", "LCNFW"},
		Analyst:        {"-", "O", "O"},
		NationalViewer: {"L", "L", "L"},
		OrgAdmin:       {"EF", "OCGEFW", "OCGEFW"},
		NetworkLead:    {"F", "OGF", "OG"},
		Sponsor:        {"-", "O", "O"},
		CaseReviewer:   {"-", "-", "-"},
		NoRole:         {"-", "-", "-"},
	}
	checkMatrix(t, want, func(r Role) [3]string {
		return [3]string{cell(RightsOf(r, "", 0)), cell(RightsOf(r, "RJ1", 0)), cell(RightsOf(r, "RJ1", 7))}
	})
	for _, r := range append([]Role{Anyone}, Roles...) {
		// Whoever may upload their own organisation's return gets the
		// template, and no one else.
		for _, org := range []string{"", "RJ1"} {
			if up, tmpl := WRESAccess(r, org, org).Upload, RightsOf(r, org, 0).UploadWRES; up != tmpl {
				t.Errorf("%q of %q: WRESAccess upload %v, UploadWRES %v", r, org, up, tmpl)
			}
		}
	}
	for _, c := range []struct {
		r    Role
		net  int64
		want int64
	}{{NetworkLead, 7, 7}, {Sponsor, 7, 7}, {NetworkLead, 0, 0}, {OrgAdmin, 7, 0}, {Admin, 7, 0}} {
		if got := NetworkHome(c.r, c.net); got != c.want {
			t.Errorf("NetworkHome(%s, %d) = %d, want %d", c.r, c.net, got, c.want)
		}
	}
}

func TestNavMatrix(t *testing.T) {
	// S surveys, W WRES, M my networks, D directory, A accounts, C case
	// studies, P the picture of network maturity.
	want := map[Role]string{
		Anyone: "-", Admin: "SWMDACP", Analyst: "SD", NationalViewer: "WMDP", OrgAdmin: "WMDCP", NetworkLead: "WMDC", Sponsor: "MD", CaseReviewer: "DC", NoRole: "-",
	}
	for _, r := range append([]Role{Anyone}, Roles...) {
		n := r.Nav()
		if got := letters(on{n.Surveys, "S"}, on{n.WRES, "W"}, on{n.MyNetworks, "M"}, on{n.Directory, "D"}, on{n.Accounts, "A"}, on{n.Cases, "C"}, on{n.Maturity, "P"}); got != want[r] {
			t.Errorf("%q sees %q, want %q", r, got, want[r])
		}
		// The maturity link goes with the right to see at least the
		// account's own organisation's picture.
		if may := MaturityAccess(r, "RXX", "RXX"); n.Maturity != may {
			t.Errorf("%q: maturity link %v but may see maturity %v", r, n.Maturity, may)
		}
	}
}

func TestSurveyMatrix(t *testing.T) {
	// R read responses and findings, M manage surveys and publish.
	want := map[Role]string{Anyone: "", Admin: "RM", Analyst: "R", NationalViewer: "", OrgAdmin: "", NetworkLead: "", Sponsor: "", CaseReviewer: ""}
	for _, r := range append([]Role{Anyone}, Roles...) {
		s, got := r.Surveys(), ""
		if s.Read {
			got += "R"
		}
		if s.Manage {
			got += "M"
		}
		if got != want[r] {
			t.Errorf("%q: %q, want %q", r, got, want[r])
		}
		// The header's survey link goes with the right to read them.
		if r.Nav().Surveys != s.Read {
			t.Errorf("%q: survey link %v but may read surveys %v", r, r.Nav().Surveys, s.Read)
		}
	}
}

// TestCasePolicyMatrix writes the case-study policy out for every role
// and every way an account can stand to a study: R read any status, E
// edit and submit, V review (comment, ask for changes, approve), W
// withdraw.
func TestCasePolicyMatrix(t *testing.T) {
	cell := func(c CaseRights) string {
		s := letters(on{c.Read, "R"}, on{c.Edit, "E"}, on{c.Review, "V"}, on{c.Withdraw, "W"})
		if (c.Edit || c.Review || c.Withdraw) && !c.Read {
			return "!" + s // nobody acts on what they cannot read
		}
		return s
	}
	// Columns: a study of another organisation; of the account's
	// organisation but another network; of the account's own network.
	want := map[Role][3]string{
		Anyone:         {"-", "-", "-"},
		Admin:          {"REVW", "REVW", "REVW"},
		Analyst:        {"-", "-", "-"},
		NationalViewer: {"-", "-", "-"},
		OrgAdmin:       {"-", "REW", "REW"},
		NetworkLead:    {"-", "-", "REW"},
		Sponsor:        {"-", "-", "R"},
		CaseReviewer:   {"RVW", "RVW", "RVW"},
		NoRole:         {"-", "-", "-"},
	}
	checkMatrix(t, want, func(r Role) [3]string {
		return [3]string{
			cell(CaseAccess(r, "RJ1", 7, "RX1", 9)),
			cell(CaseAccess(r, "RJ1", 7, "RJ1", 8)),
			cell(CaseAccess(r, "RJ1", 7, "RJ1", 7)),
		}
	})
	// A lead of network 7 in another organisation claims nothing, even
	// with the same network id; a study with no network is the
	// organisation's.
	if CaseAccess(NetworkLead, "RX1", 7, "RJ1", 7).Read || CaseAccess(NetworkLead, "RJ1", 7, "RJ1", 0).Read {
		t.Error("a lead reads another network's study")
	}
	if !CaseAccess(OrgAdmin, "RJ1", 0, "RJ1", 0).Edit || CaseAccess(OrgAdmin, "", 0, "", 0).Read {
		t.Error("an organisation's admin and its own studies")
	}
	// W write, V the review queue; columns: no organisation, an
	// organisation, an organisation and a network.
	work := map[Role][3]string{
		Anyone: {"-", "-", "-"}, Admin: {"V", "V", "V"}, Analyst: {"-", "-", "-"}, NationalViewer: {"-", "-", "-"},
		OrgAdmin: {"-", "W", "W"}, NetworkLead: {"-", "-", "W"}, Sponsor: {"-", "-", "-"}, CaseReviewer: {"V", "V", "V"},
		NoRole: {"-", "-", "-"},
	}
	code := func(w CaseWork) string { return letters(on{w.Write, "W"}, on{w.Review, "V"}) }
	t.Run("work", func(t *testing.T) {
		checkMatrix(t, work, func(r Role) [3]string {
			return [3]string{code(CaseWorkOf(r, "", 0)), code(CaseWorkOf(r, "RJ1", 0)), code(CaseWorkOf(r, "RJ1", 7))}
		})
	})
}

// TestTextAndMaturityMatrix reads the free-text and maturity policies as
// matrices: every role, its own organisation and another's.
func TestTextAndMaturityMatrix(t *testing.T) {
	for _, c := range []struct {
		role                 Role
		code, quote          bool
		national, own, other bool
	}{
		{Admin, true, true, true, true, true},
		{Analyst, true, true, false, false, false},
		{NationalViewer, false, false, true, true, true},
		{OrgAdmin, false, false, false, true, false},
		{NetworkLead, false, false, false, false, false},
		{Sponsor, false, false, false, false, false},
		{CaseReviewer, false, false, false, false, false},
		{Anyone, false, false, false, false, false},
	} {
		if tr := c.role.Text(); tr.Code != c.code || tr.Quote != c.quote {
			t.Errorf("%s text: %+v", c.role, tr)
		}
		if got := MaturityAccess(c.role, "RJ1", ""); got != c.national {
			t.Errorf("%s national maturity: %v", c.role, got)
		}
		if got := MaturityAccess(c.role, "RJ1", "RJ1"); got != c.own {
			t.Errorf("%s own organisation's maturity: %v", c.role, got)
		}
		if got := MaturityAccess(c.role, "RJ1", "RX9"); got != c.other {
			t.Errorf("%s another organisation's maturity: %v", c.role, got)
		}
	}
	if MaturityAccess(OrgAdmin, "", "") {
		t.Error("an organisation admin without an organisation sees the national picture")
	}
}
