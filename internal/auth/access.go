package auth

import "strconv"

// Who may see and do what with staff networks, the six-step guide and the
// header's links. Each rule is a row of a table keyed by role, so the
// whole policy can be read (and is tested) as a matrix; the web layer and
// the templates only ask.

// Nav is which of the header's links an account sees. Each link leads to
// pages the role may open; hiding the others keeps the menu honest.
type Nav struct {
	Surveys    bool // /admin: survey responses and findings
	WRES       bool // /wres: WRES dashboards
	MyNetworks bool // /my/networks: the networks the account works on
	Directory  bool // /networks: the public directory
	Accounts   bool // /admin/users
	Cases      bool // /my/case-studies: case studies the account writes or reviews
	Maturity   bool // /maturity: network maturity (MaturityAccess; org admins their own)
}

var navTable = map[Role]Nav{
	Admin:          {Surveys: true, WRES: true, MyNetworks: true, Directory: true, Accounts: true, Cases: true, Maturity: true},
	Analyst:        {Surveys: true, Directory: true},
	NationalViewer: {WRES: true, MyNetworks: true, Directory: true, Maturity: true},
	OrgAdmin:       {WRES: true, MyNetworks: true, Directory: true, Cases: true, Maturity: true},
	NetworkLead:    {WRES: true, MyNetworks: true, Directory: true, Cases: true},
	Sponsor:        {MyNetworks: true, Directory: true},
	CaseReviewer:   {Directory: true, Cases: true},
}

// Nav returns the header links role r sees (none for an unknown role).
func (r Role) Nav() Nav { return navTable[r] }

// SurveyRights is what an account may do with surveys and their findings.
type SurveyRights struct {
	Read   bool // responses, exports and findings
	Manage bool // open and close surveys, publish and withdraw findings
}

var surveyTable = map[Role]SurveyRights{
	Admin:   {Read: true, Manage: true},
	Analyst: {Read: true},
}

// Surveys says what role r may do with surveys; templates ask
// .User.Role.Surveys.Manage rather than compare role names.
func (r Role) Surveys() SurveyRights { return surveyTable[r] }

// NetworkRights is what an account may do with one staff network.
type NetworkRights struct {
	ViewPublic      bool // the fields the network publishes (everyone, signed in or not)
	ViewDrafts      bool // every field, the governance records and the self-assessments
	Edit            bool // change the network and its governance records
	EditWorkPlan    bool // change the work plan (and accept recommendations into it)
	Assess          bool // answer the self-assessment as a lead
	AssessAsSponsor bool // answer the sponsor's part of the self-assessment
	// Members: see the member list (names, emails), export it, write to
	// members and set how the network takes them. Membership of a network
	// is special category data, so only the network's own leads have
	// this; everyone else who reads the network sees counts, with small
	// ones suppressed.
	Members bool
}

// Answer reports whether the account may answer the self-assessment at
// all, as a lead or as the sponsor.
func (n NetworkRights) Answer() bool { return n.Assess || n.AssessAsSponsor }

// AnswersAsSponsor reports whether the account's answers are the
// sponsor's. An administrator may answer either way and answers as a lead.
func (n NetworkRights) AnswersAsSponsor() bool { return n.AssessAsSponsor && !n.Assess }

// NetworkAction is something a request does with a network; each page of
// a network names the action it needs.
type NetworkAction int

const (
	ReadNetwork   NetworkAction = iota // read every record, the assessment and the drafts
	EditNetwork                        // change the network and its records
	EditWorkPlan                       // change the work plan, accept recommendations
	AnswerNetwork                      // answer the self-assessment (as a lead or the sponsor)
	ManageMembers                      // the member list, its export, messages to members, membership settings
)

// Allows reports whether rights n allow action a.
func (n NetworkRights) Allows(a NetworkAction) bool {
	switch a {
	case ReadNetwork:
		return n.ViewDrafts
	case EditNetwork:
		return n.Edit
	case EditWorkPlan:
		return n.EditWorkPlan
	case AnswerNetwork:
		return n.Answer()
	case ManageMembers:
		return n.Members
	}
	return false
}

// relation is how an account stands to a network or a guide.
type relation int

const (
	unrelated relation = iota // another organisation, or none
	sameOrg                   // the account's own organisation
	ownItem                   // its own network (a lead's or sponsor's), or a guide it started
)

// relationOf is how an account of organisation userOrg, whose own item
// is userItem (its network, or itself for a guide; "" and 0 for none),
// stands to item itemID of organisation itemOrg: every policy table is
// read by it. An item counts as its own only within its organisation.
func relationOf(userOrg string, userItem int64, itemOrg string, itemID int64) relation {
	if userOrg == "" || userOrg != itemOrg {
		return unrelated
	}
	if userItem != 0 && userItem == itemID {
		return ownItem
	}
	return sameOrg
}

var (
	netPublic  = NetworkRights{ViewPublic: true}
	netRead    = NetworkRights{ViewPublic: true, ViewDrafts: true}
	netEditor  = NetworkRights{ViewPublic: true, ViewDrafts: true, Edit: true, EditWorkPlan: true, Assess: true}
	netLead    = NetworkRights{ViewPublic: true, ViewDrafts: true, Edit: true, EditWorkPlan: true, Assess: true, Members: true}
	netSponsor = NetworkRights{ViewPublic: true, ViewDrafts: true, AssessAsSponsor: true}
	// netAll is an administrator's: everything but the member list, which
	// is the network's leads' alone.
	netAll = NetworkRights{ViewPublic: true, ViewDrafts: true, Edit: true, EditWorkPlan: true, Assess: true, AssessAsSponsor: true}
)

// networkTable is NetworkAccess's policy: per role, the rights over an
// unrelated network, a network of the account's organisation and the
// account's own network.
var networkTable = map[Role][3]NetworkRights{
	Admin:          {netAll, netAll, netAll},
	NationalViewer: {netRead, netRead, netRead},
	OrgAdmin:       {netPublic, netEditor, netEditor},
	NetworkLead:    {netPublic, netPublic, netLead},
	Sponsor:        {netPublic, netPublic, netSponsor},
}

// NetworkAccess says what an account with role r, belonging to userOrg and
// userNetwork ("" and 0 when it has none), may do with network netID of
// organisation netOrg. The public (role Anyone, or any role with no claim
// on the network) sees only what the network publishes:
//
//   - admin: everything;
//   - national_viewer: reads every network, drafts and assessments too,
//     and changes nothing;
//   - org_admin: every network of its own organisation, to read, edit and
//     assess;
//   - network_lead: only their own network, to read, edit and assess, and
//     the only role that sees its members' names;
//   - sponsor: reads their own network and answers the sponsor's part of
//     the assessment, but edits nothing (not the work plan).
//
// A lead's or sponsor's network must also be in their organisation, so an
// account moved to another organisation loses its old network.
func NetworkAccess(r Role, userOrg string, userNetwork int64, netOrg string, netID int64) NetworkRights {
	row, ok := networkTable[r]
	if !ok {
		return netPublic
	}
	return row[relationOf(userOrg, userNetwork, netOrg, netID)]
}

// Rights is what an account may do beyond any one network.
type Rights struct {
	ListAll       bool // the network list shows every organisation's networks
	ListOrg       bool // the network list shows the account's organisation's networks
	CreateNetwork bool // add a network to its own organisation
	ChooseOrg     bool // add a network to any organisation, named on the form
	StartNetwork  bool // start the six-step guide for its own organisation
	SeeAllGuides  bool // see every guide of its organisation, not only those it started
	// CreateFromGuide: create the network a guide's drafts describe. A lead
	// who already has a network is not to found a second one.
	CreateFromGuide bool
	// UploadWRES: upload WRES returns and download the blank return
	// template; an organisation admin only for its own organisation, which
	// WRESAccess checks on the figures themselves.
	UploadWRES bool
}

var rightsTable = map[Role]Rights{
	Admin:          {ListAll: true, CreateNetwork: true, ChooseOrg: true, CreateFromGuide: true, UploadWRES: true},
	Analyst:        {ListOrg: true}, // has no organisation, so in practice no list
	NationalViewer: {ListAll: true},
	OrgAdmin:       {ListOrg: true, CreateNetwork: true, StartNetwork: true, SeeAllGuides: true, CreateFromGuide: true, UploadWRES: true},
	NetworkLead:    {ListOrg: true, StartNetwork: true, CreateFromGuide: true},
	Sponsor:        {ListOrg: true},
}

// RightsOf says what an account with role r, belonging to organisation
// userOrg and network userNetwork, may do beyond any one network. Rights
// that act on "its own organisation" need one.
func RightsOf(r Role, userOrg string, userNetwork int64) Rights {
	rt := rightsTable[r]
	if userOrg == "" {
		rt.ListOrg = false
		rt.StartNetwork = false
		if r != Admin {
			rt.CreateNetwork = false
			rt.UploadWRES = false
		}
	}
	if r == NetworkLead && userNetwork != 0 {
		rt.CreateFromGuide = false
	}
	return rt
}

// NetworkHome is the network an account's "My networks" opens at: a
// lead's or sponsor's own network, or 0 for a list.
func NetworkHome(r Role, userNetwork int64) int64 {
	if r.HasNetwork() {
		return userNetwork
	}
	return 0
}

// Home is the page an account lands on after signing in, where its work
// is: a lead or sponsor on the overview of their own network, an
// organisation admin on its organisation's WRES page, the national team
// on the national WRES figures, an analyst or administrator on the survey
// administration. An account without the organisation or network its
// role expects lands on the list it can start from.
func Home(r Role, userOrg string, userNetwork int64) string {
	switch r {
	case Admin, Analyst:
		return "/admin"
	case NationalViewer:
		return "/wres/national"
	case OrgAdmin:
		if userOrg != "" {
			return "/wres/org/" + userOrg
		}
		return "/wres"
	case CaseReviewer:
		return "/my/case-studies/review"
	case NetworkLead, Sponsor:
		if id := NetworkHome(r, userNetwork); id != 0 {
			return "/my/networks/" + strconv.FormatInt(id, 10)
		}
		if r == NetworkLead && userOrg != "" {
			return "/my/networks" // where a lead without a network can start one
		}
		return "/networks"
	case NoRole:
		return "/account" // says an administrator has yet to grant a role
	}
	return "/"
}

// GuideRights is what an account may do with one six-step guide, the
// drafts of a network being started.
type GuideRights struct {
	View   bool
	Change bool
}

var (
	guideNone   = GuideRights{}
	guideRead   = GuideRights{View: true}
	guideChange = GuideRights{View: true, Change: true}
)

// guideTable is GuideAccess's policy: per role, the rights over another
// organisation's guide, one of the account's organisation and one the
// account started.
var guideTable = map[Role][3]GuideRights{
	Admin:          {guideChange, guideChange, guideChange},
	NationalViewer: {guideRead, guideRead, guideRead},
	OrgAdmin:       {guideNone, guideChange, guideChange},
	NetworkLead:    {guideNone, guideNone, guideChange},
}

// GuideAccess says what account userID, with role r in organisation
// userOrg, may do with a guide of organisation guideOrg started by
// account owner: an administrator, the account that started it and its
// organisation's admin may change it; a national viewer may read it; no
// one else may see it, so one network's drafts stay with it.
func GuideAccess(r Role, userOrg string, userID int64, guideOrg string, owner int64) GuideRights {
	return guideTable[r][relationOf(userOrg, userID, guideOrg, owner)]
}

// CaseRights is what an account may do with one case study. Whether the
// study's status allows it is the domain's (cases.Status.Editable,
// cases.Next): authors edit only drafts, reviewers review only what was
// sent for review.
type CaseRights struct {
	Read     bool // the study in any status, with its review history
	Edit     bool // write it and send it for review
	Review   bool // comment, ask for changes, approve and so publish
	Withdraw bool // take the published study down
}

var (
	caseNone     = CaseRights{}
	caseRead     = CaseRights{Read: true}
	caseAuthor   = CaseRights{Read: true, Edit: true, Withdraw: true}
	caseReviewer = CaseRights{Read: true, Review: true, Withdraw: true}
	caseAll      = CaseRights{Read: true, Edit: true, Review: true, Withdraw: true}
)

// caseTable is CaseAccess's policy: per role, the rights over a study of
// another organisation, one of the account's organisation, and one of
// the account's own network. Reviewers never edit what they review; the
// authors (the network's lead, the organisation's admin) may withdraw
// what they published.
var caseTable = map[Role][3]CaseRights{
	Admin:        {caseAll, caseAll, caseAll},
	CaseReviewer: {caseReviewer, caseReviewer, caseReviewer},
	OrgAdmin:     {caseNone, caseAuthor, caseAuthor},
	NetworkLead:  {caseNone, caseNone, caseAuthor},
	Sponsor:      {caseNone, caseNone, caseRead},
}

// CaseAccess says what an account with role r, of organisation userOrg
// and network userNetwork, may do with a case study of organisation
// caseOrg written for network caseNetwork (0 for none). Everyone reads
// published studies; this is about the rest.
func CaseAccess(r Role, userOrg string, userNetwork int64, caseOrg string, caseNetwork int64) CaseRights {
	return caseTable[r][relationOf(userOrg, userNetwork, caseOrg, caseNetwork)]
}

// CaseWork is what an account may do with case studies beyond any one.
type CaseWork struct {
	Write  bool // start a case study (of its organisation, or its network)
	Review bool // see the queue of studies sent for review
}

var caseWorkTable = map[Role]CaseWork{
	Admin:        {Review: true},
	CaseReviewer: {Review: true},
	OrgAdmin:     {Write: true},
	NetworkLead:  {Write: true},
}

// CaseWorkOf says what role r may do with case studies in general. A
// study belongs to an organisation, so writing one needs an organisation,
// and a lead's needs their network.
func CaseWorkOf(r Role, userOrg string, userNetwork int64) CaseWork {
	w := caseWorkTable[r]
	if userOrg == "" || (r == NetworkLead && userNetwork == 0) {
		w.Write = false
	}
	return w
}

// AccountRights is what an account may do with other accounts: the
// account pages, invitations and the audit log.
type AccountRights struct {
	Manage bool // list, add, change, disable, remove accounts; reset links; the audit log
	Invite bool // invite a person by email with a role
}

var accountTable = map[Role]AccountRights{
	Admin: {Manage: true, Invite: true},
}

// Accounts says what role r may do with other accounts (nothing but an
// administrator).
func (r Role) Accounts() AccountRights { return accountTable[r] }

// RollupRights is what an account may see of facility time added up over
// an organisation's, a region's or every network: View the page at all,
// Full its counts without small-number suppression. Leaders' names are
// never in a roll-up; they stay on each network's own pages.
type RollupRights struct {
	View bool
	Full bool
}

var (
	rollNone       = RollupRights{}
	rollSuppressed = RollupRights{View: true}
	rollFull       = RollupRights{View: true, Full: true}
)

// rollupTable is Rollup's policy: per role, the rights over another
// organisation's roll-up, its own organisation's, and a region's or the
// nation's.
var rollupTable = map[Role][3]RollupRights{
	Admin:          {rollFull, rollFull, rollFull},
	NationalViewer: {rollSuppressed, rollSuppressed, rollSuppressed},
	OrgAdmin:       {rollNone, rollSuppressed, rollSuppressed},
	NetworkLead:    {rollNone, rollSuppressed, rollNone},
	Sponsor:        {rollNone, rollSuppressed, rollNone},
}

// Rollup says what an account with role r in organisation userOrg may see
// of the facility-time roll-up of organisation scopeOrg, or of a region
// or the nation when scopeOrg is "".
func Rollup(r Role, userOrg, scopeOrg string) RollupRights {
	row, ok := rollupTable[r]
	switch {
	case !ok:
		return rollNone
	case scopeOrg == "":
		return row[2]
	case userOrg != "" && userOrg == scopeOrg:
		return row[1]
	}
	return row[0]
}

// TextRights is what an account may do with the free text of surveys.
type TextRights struct {
	// Code: define the codebook, code comments, compare coders and see
	// theme counts. Comments are confidential, so only those who may
	// read them anyway (Surveys().Read) have it.
	Code bool
	// Quote: approve a redacted comment for the quote bank.
	Quote bool
}

var textTable = map[Role]TextRights{
	Admin:   {Code: true, Quote: true},
	Analyst: {Code: true, Quote: true},
}

// Text says what role r may do with free text.
func (r Role) Text() TextRights { return textTable[r] }

// maturityTable is MaturityAccess's policy: per role, whether it may see
// the picture for England, a region or any organisation, and whether it
// may see its own organisation's.
var maturityTable = map[Role]struct{ Any, Own bool }{
	Admin:          {Any: true, Own: true},
	NationalViewer: {Any: true, Own: true},
	OrgAdmin:       {Own: true},
}

// MaturityAccess says whether an account with role r of organisation
// userOrg may see the picture of network maturity for organisation org
// ("" for England or a region). In every view, groups under 11 networks
// are suppressed like any other figures.
func MaturityAccess(r Role, userOrg, org string) bool {
	row := maturityTable[r]
	return row.Any || (row.Own && userOrg != "" && org == userOrg)
}

// OrgWorkRights is what an account may do with the work an organisation
// shares with its staff networks: its WRES action plan and the chief
// executive's letter that network work is a corporate duty.
type OrgWorkRights struct {
	View bool
	Edit bool // add and change actions; draft the letter and record it as sent
}

// orgWorkTable is OrgWorkAccess's policy: per role, the rights over
// another organisation's work and over the account's own organisation's.
// The national team and analysts have none: the plan is the
// organisation's and its networks' own business.
var orgWorkTable = map[Role][2]OrgWorkRights{
	Admin:       {{View: true, Edit: true}, {View: true, Edit: true}},
	OrgAdmin:    {{}, {View: true, Edit: true}},
	NetworkLead: {{}, {View: true, Edit: true}},
	Sponsor:     {{}, {View: true}},
}

// OrgWorkAccess says what an account with role r, in organisation userOrg
// and with its own network in organisation userNetOrg ("" when it has
// none), may do with organisation org's shared work: an organisation's
// admin and the leads of its networks change it, its networks' sponsors
// read it, and no one from another organisation sees it. A lead or
// sponsor counts only while their network is in that organisation.
func OrgWorkAccess(r Role, userOrg, userNetOrg, org string) OrgWorkRights {
	own := 0
	if org != "" && userOrg == org && (!r.HasNetwork() || userNetOrg == org) {
		own = 1
	}
	return orgWorkTable[r][own]
}
