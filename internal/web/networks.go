package web

// The pages where a staff network keeps its records, assesses itself and
// plans, and the guided start for new networks (issue 5). Everything here
// works without JavaScript: lists of leaders, objectives and skills-audit
// lines are fixed rows plus an "add another" submit button, and the
// multi-page self-assessment carries earlier pages' answers in hidden
// fields, like the survey.
//
// Who may do what is auth.NetworkAccess; every handler that names a
// network goes through s.network, which loads it and checks that right.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
	"staffnet/internal/wres"
	"staffnet/internal/wres/render"
	"staffnet/internal/wresio"
)

// ---- Shared pieces of the network pages ----

// networkKit holds the three data files of internal/network, parsed once
// when the server is built (see New): they are embedded in the binary and
// never change while it runs.
type networkKit struct {
	q     *network.Questionnaire
	rules *network.RuleSet
	guide *network.Guide
}

func loadNetworkKit() (*networkKit, error) {
	q, err := network.DefaultQuestionnaire()
	if err != nil {
		return nil, err
	}
	rules, err := network.DefaultRules(q)
	if err != nil {
		return nil, err
	}
	g, err := network.DefaultGuide()
	if err != nil {
		return nil, err
	}
	return &networkKit{q: q, rules: rules, guide: g}, nil
}

func netToday() time.Time { return network.Day(time.Now()) }

// fid turns a domain field name such as "leaders[2].name" into the form
// field's id and name, "leaders-2-name": ids without brackets or dots need
// no escaping in the error summary's links or in CSS selectors.
func netFieldID(f string) string { return netFieldIDs.Replace(f) }

var netFieldIDs = strings.NewReplacer("[", "-", "]", "", ".", "-")

// formErrors turns validation errors into the error summary and a message
// per field id.
func netFormErrors(es network.FieldErrors) ([]fieldError, map[string]string) {
	var sum []fieldError
	by := map[string]string{}
	for _, e := range es {
		id := netFieldID(e.Field)
		sum = append(sum, fieldError{"#" + id, e.Message})
		if _, ok := by[id]; !ok {
			by[id] = e.Message
		}
	}
	return sum, by
}

// netForm is the generic page most network forms render with
// network_form.html: a heading, optional flags, tables and text blocks,
// and a form of groups of fields.
type netForm struct {
	Nav     *netNav
	Caption string
	Heading string
	Saved   string
	Flags   []network.Flag
	Lead    []string
	Tables  []netTable
	Blocks  []netBlock
	Action  string
	Hidden  []netHidden
	Groups  []netGroup
	Buttons []netButton
	Links   []netLink
}

type netHidden struct{ Name, Value string }

type netBlock struct {
	Heading, Meta, Text string
	Details             bool // folded away in a details element
}

type netTable struct {
	Caption string
	Head    []string
	Rows    [][]netCell
	Empty   string
}

type netCell struct{ Text, Href string }

func netCells(texts ...string) []netCell {
	out := make([]netCell, len(texts))
	for i, t := range texts {
		out[i] = netCell{Text: t}
	}
	return out
}

type netGroup struct {
	Legend, Hint string
	Fields       []netField
}

// netField is one input. Kind is text, number, date, url, email,
// textarea, select, radios or checkboxes.
type netField struct {
	ID, Label, Hint, Kind, Value string
	Options                      []netOption
	Error                        string
	Width                        string // nhsuk-input--width-N
	Rows                         int
	Large, Inline                bool
	Autocomplete                 string
}

type netOption struct {
	Value, Label string
	Checked      bool
}

type netButton struct {
	Name, Value, Label string
	Secondary          bool
}

type netLink struct {
	Href, Text string
	Current    bool
}

// netNav is the list of a network's sections shown at the top of its pages.
type netNav struct {
	Name  string
	Links []netLink
}

func netNavFor(n *network.Network, current string) *netNav {
	base := fmt.Sprintf("/my/networks/%d", n.ID)
	all := []netLink{
		{Href: base, Text: "Overview"},
		{Href: base + "/terms", Text: "Terms of reference"},
		{Href: base + "/work-plan", Text: "Work plan"},
		{Href: base + "/sponsor", Text: "Sponsor"},
		{Href: base + "/skills", Text: "Skills audit"},
		{Href: base + "/meetings", Text: "Meetings"},
		{Href: base + "/assessment", Text: "Self-assessment"},
		{Href: base + "/recommendations", Text: "Recommendations"},
		{Href: base + "/board", Text: "Board summary"},
	}
	nv := &netNav{Name: n.Name}
	for _, l := range all {
		l.Current = l.Href == current
		nv.Links = append(nv.Links, l)
	}
	return nv
}

func netWithErrors(fs []netField, by map[string]string) []netField {
	for i := range fs {
		if m, ok := by[fs[i].ID]; ok {
			fs[i].Error = m
		}
	}
	return fs
}

func netGroupsWithErrors(gs []netGroup, by map[string]string) []netGroup {
	for i := range gs {
		gs[i].Fields = netWithErrors(gs[i].Fields, by)
	}
	return gs
}

func netOpts[T ~string](values []T, label func(T) string, sel ...string) []netOption {
	var out []netOption
	for _, v := range values {
		out = append(out, netOption{Value: string(v), Label: label(v), Checked: slices.Contains(sel, string(v))})
	}
	return out
}

func netDateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// parseDate reads a date input (YYYY-MM-DD, as type="date" sends it; also
// 31/3/2025 for browsers that show a text box). Empty is the zero time.
func netParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{time.DateOnly, "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return network.Day(t), true
		}
	}
	return time.Time{}, false
}

func netLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func netRowCount(r *http.Request, name string, least, most int) int {
	n, err := strconv.Atoi(r.PostFormValue(name))
	if err != nil || n < least {
		return least
	}
	return min(n, most)
}

// ---- Access

// netRights is what one account may do with one network.
type netRights struct {
	View     bool // read every record, the assessment and the drafts
	Edit     bool // change the network and its records
	WorkPlan bool // change the work plan and accept recommendations
	Assess   bool // answer the self-assessment
	Sponsor  bool // answers as the sponsor rather than as a lead
}

func netRightsOf(u *store.User, n *store.NetworkEntry) netRights {
	a := auth.NetworkAccess(u.Role, u.Org, u.NetworkID, n.OrgCode, n.ID)
	// An administrator may answer either way; they answer as a lead.
	return netRights{View: a.ViewDrafts, Edit: a.Edit, WorkPlan: a.EditWorkPlan, Assess: a.Assess || a.AssessAsSponsor, Sponsor: a.AssessAsSponsor && !a.Assess}
}

// netReq is a request about one network that the account may see.
type netReq struct {
	User *store.User
	Net  *store.NetworkEntry
	Acc  netRights
	Base string // /my/networks/{id}
}

// network loads the {id} network and lets the request through only if the
// account has the right need picks; others get 404 for a network they
// cannot see (so ids do not reveal which networks exist) and 403 for one
// they can see but not change.
func (s *Server) network(need func(netRights) bool, h func(http.ResponseWriter, *http.Request, *netReq)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := &sessionFrom(r.Context()).User
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil || id <= 0 {
			s.error(w, r, http.StatusNotFound, "")
			return
		}
		n, err := s.db.Network(r.Context(), id)
		if errors.Is(err, store.ErrNotFound) {
			s.error(w, r, http.StatusNotFound, "")
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		acc := netRightsOf(u, n)
		if !acc.View {
			s.error(w, r, http.StatusNotFound, "")
			return
		}
		if !need(acc) {
			s.error(w, r, http.StatusForbidden, "Your account can read this network's records but not change them.")
			return
		}
		h(w, r, &netReq{User: u, Net: n, Acc: acc, Base: fmt.Sprintf("/my/networks/%d", n.ID)})
	}
}

func netCanView(a netRights) bool   { return a.View }
func netCanEdit(a netRights) bool   { return a.Edit }
func netCanPlan(a netRights) bool   { return a.WorkPlan }
func netCanAssess(a netRights) bool { return a.Assess }
func netCanCreate(u *store.User) bool {
	return u.Role == auth.Admin || (u.Role == auth.OrgAdmin && u.Org != "")
}

// ---- Routes

func (s *Server) networkRoutes(m *http.ServeMux) {
	signedIn := func(h http.HandlerFunc) http.Handler { return s.need(auth.Anyone, h) }
	m.Handle("GET /my/networks", signedIn(s.netList))
	m.Handle("GET /my/networks/new", signedIn(s.netNew))
	m.Handle("POST /my/networks/new", signedIn(s.netNew))
	m.Handle("GET /my/networks/{id}", signedIn(s.network(netCanView, s.netOverview)))
	m.Handle("GET /my/networks/{id}/edit", signedIn(s.network(netCanEdit, s.netEdit)))
	m.Handle("POST /my/networks/{id}/edit", signedIn(s.network(netCanEdit, s.netEdit)))
	m.Handle("GET /my/networks/{id}/terms", signedIn(s.network(netCanView, s.netTerms)))
	m.Handle("POST /my/networks/{id}/terms", signedIn(s.network(netCanEdit, s.netTerms)))
	m.Handle("GET /my/networks/{id}/work-plan", signedIn(s.network(netCanView, s.netWorkPlan)))
	m.Handle("POST /my/networks/{id}/work-plan", signedIn(s.network(netCanPlan, s.netWorkPlan)))
	m.Handle("GET /my/networks/{id}/sponsor", signedIn(s.network(netCanView, s.netSponsor)))
	m.Handle("POST /my/networks/{id}/sponsor", signedIn(s.network(netCanEdit, s.netSponsor)))
	m.Handle("GET /my/networks/{id}/skills", signedIn(s.network(netCanView, s.netSkills)))
	m.Handle("POST /my/networks/{id}/skills", signedIn(s.network(netCanEdit, s.netSkills)))
	m.Handle("GET /my/networks/{id}/meetings", signedIn(s.network(netCanView, s.netMeetings)))
	m.Handle("POST /my/networks/{id}/meetings", signedIn(s.network(netCanEdit, s.netMeetings)))
	m.Handle("GET /my/networks/{id}/assessment", signedIn(s.network(netCanView, s.netAssessStart)))
	m.Handle("POST /my/networks/{id}/assessment", signedIn(s.network(netCanAssess, s.netAssessStep)))
	m.Handle("GET /my/networks/{id}/assessment/results", signedIn(s.network(netCanView, s.netResults)))
	m.Handle("GET /my/networks/{id}/recommendations", signedIn(s.network(netCanView, s.netRecommendations)))
	m.Handle("POST /my/networks/{id}/recommendations/{rule}/accept", signedIn(s.network(netCanPlan, s.netAccept)))
	m.Handle("GET /my/networks/{id}/board", signedIn(s.network(netCanView, s.netBoard)))
	m.Handle("GET /my/start-a-network", signedIn(s.guideStart))
	m.Handle("POST /my/start-a-network", signedIn(s.guideStart))
	m.Handle("GET /my/start-a-network/{guide}/drafts", signedIn(s.guideDrafts))
	m.Handle("POST /my/start-a-network/{guide}/drafts", signedIn(s.guideDrafts))
	m.Handle("GET /my/start-a-network/{guide}", signedIn(s.guideTasks))
	m.Handle("GET /my/start-a-network/{guide}/{step}", signedIn(s.guideStep))
	m.Handle("POST /my/start-a-network/{guide}/{step}", signedIn(s.guideStep))
}

// ---- My networks: the list, a network's overview, creating and editing

type netListView struct {
	Networks []netRow
	Guides   []netGuideRow
	Create   bool
	Start    bool
	Org      string
}

type netRow struct {
	Href, Name, Org, Type, Status string
	Flags                         int
}

type netGuideRow struct {
	Href, Title string
	Percent     int
}

// netList sends a lead or sponsor to their network, and shows an
// organisation admin (or the national team) the networks they can see.
func (s *Server) netList(w http.ResponseWriter, r *http.Request) {
	u := &sessionFrom(r.Context()).User
	ctx := r.Context()
	if u.NetworkID != 0 && (u.Role == auth.NetworkLead || u.Role == auth.Sponsor) {
		http.Redirect(w, r, fmt.Sprintf("/my/networks/%d", u.NetworkID), http.StatusSeeOther)
		return
	}
	var f store.NetworkFilter
	switch {
	case u.Role == auth.Admin || u.Role == auth.NationalViewer:
	case u.Org != "":
		f.Org = u.Org
	default:
		s.error(w, r, http.StatusForbidden, "Your account does not belong to a staff network or an organisation.")
		return
	}
	list, err := s.db.Networks(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &netListView{Create: netCanCreate(u), Start: netCanStartGuide(u), Org: u.Org}
	day := netToday()
	for i := range list {
		n := &list[i]
		if !netRightsOf(u, n).View {
			continue
		}
		rec, err := s.db.Records(ctx, n.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Networks = append(v.Networks, netRow{Href: fmt.Sprintf("/my/networks/%d", n.ID), Name: n.Name, Org: n.OrgName,
			Type: n.Type.Label(), Status: netStatusLabel(n.Status), Flags: len(network.Flags(&n.Network, rec, day))})
	}
	if v.Start {
		kit := s.kit
		gs, err := s.db.Guides(ctx, u.Org, netGuideOwner(u))
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, g := range gs {
			v.Guides = append(v.Guides, netGuideRow{Href: fmt.Sprintf("/my/start-a-network/%d", g.ID), Title: netGuideTitle(&g.Progress), Percent: kit.guide.PercentDone(&g.Progress)})
		}
	}
	s.render(w, r, http.StatusOK, "network_list", page{Title: "Staff networks", Data: v})
}

func netStatusLabel(st network.Status) string {
	switch st {
	case network.StatusActive:
		return "Active"
	case network.StatusDormant:
		return "Dormant"
	case network.StatusClosed:
		return "Closed"
	}
	return string(st)
}

type netOverviewView struct {
	Nav     *netNav
	Net     *store.NetworkEntry
	Acc     netRights
	Base    string
	Flags   []network.Flag
	Rows    []netSummaryRow
	Records []netSummaryRow
	Saved   string
}

type netSummaryRow struct {
	Key, Value string
	Public     string // "Published" or "Not published" for publishable fields
	Href, Link string
}

func (s *Server) netOverview(w http.ResponseWriter, r *http.Request, q *netReq) {
	rec, err := s.db.Records(r.Context(), q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	n := &q.Net.Network
	pub := func(f network.Field) string {
		if n.IsPublished(f) {
			return "Published"
		}
		return "Not published"
	}
	year := ""
	if n.YearStarted != 0 {
		year = strconv.Itoa(n.YearStarted)
	}
	var leaders []string
	for _, l := range n.Leaders {
		leaders = append(leaders, l.Name+" ("+l.Role.Label()+")")
	}
	sponsor := "None named"
	if n.Sponsor != nil {
		sponsor = n.Sponsor.Name
		if n.Sponsor.BoardRole != "" {
			sponsor += ", " + n.Sponsor.BoardRole
		}
	}
	v := &netOverviewView{Nav: netNavFor(n, q.Base), Net: q.Net, Acc: q.Acc, Base: q.Base, Flags: network.Flags(n, rec, netToday()), Saved: netSavedMessage(r)}
	v.Rows = []netSummaryRow{
		{Key: "Organisation", Value: q.Net.OrgName + " (" + n.OrgCode + ")", Public: "Always published"},
		{Key: "Type", Value: n.Type.Label(), Public: "Always published"},
		{Key: "Status", Value: netStatusLabel(n.Status), Public: "Always published"},
		{Key: "Name", Value: n.Name, Public: pub(network.FieldName)},
		{Key: "Year started", Value: year, Public: pub(network.FieldYearStarted)},
		{Key: "Purpose", Value: n.Purpose, Public: pub(network.FieldPurpose)},
		{Key: "Contact", Value: n.Contact, Public: pub(network.FieldContact)},
		{Key: "Meeting pattern", Value: n.MeetingPattern, Public: pub(network.FieldMeetingPattern)},
		{Key: "Web page", Value: n.WebPage, Public: pub(network.FieldWebPage)},
		{Key: "Leaders", Value: strings.Join(leaders, "; "), Public: pub(network.FieldLeaders)},
		{Key: "Executive sponsor", Value: sponsor, Public: pub(network.FieldSponsor)},
	}
	tor := "None recorded"
	if t := rec.TermsOfReference; t != nil {
		tor = fmt.Sprintf("Version %d, approved %s, review due %s", t.Version, network.FormatDate(t.ApprovedOn), network.FormatDate(t.ReviewDue))
	}
	wp := "None recorded"
	if p := rec.WorkPlan; p != nil {
		pr := p.Progress(netToday())
		wp = fmt.Sprintf("%d objectives: %d in progress, %d done, %d overdue", pr.Total, pr.InProgress, pr.Done, pr.Overdue)
	}
	sr := "None recorded"
	if sp := rec.Sponsor; sp != nil {
		sr = "Last met " + netDateOrNever(sp.LastMet)
		if sp.ExpectationsAgreed {
			sr += "; expectations agreed"
		} else {
			sr += "; expectations not agreed"
		}
	}
	sk := "None recorded"
	if a := rec.SkillsAudit; a != nil {
		sk = fmt.Sprintf("Done %s, %d leaders", network.FormatDate(a.DoneOn), len(a.Entries))
	}
	v.Records = []netSummaryRow{
		{Key: "Terms of reference", Value: tor, Href: q.Base + "/terms", Link: "terms of reference"},
		{Key: "Work plan", Value: wp, Href: q.Base + "/work-plan", Link: "work plan"},
		{Key: "Sponsor relationship", Value: sr, Href: q.Base + "/sponsor", Link: "sponsor relationship"},
		{Key: "Skills audit", Value: sk, Href: q.Base + "/skills", Link: "skills audit"},
		{Key: "Meetings", Value: "Last minutes " + netDateOrNever(rec.LastMinutes) + "; next meeting " + netDateOrNever(rec.NextMeeting), Href: q.Base + "/meetings", Link: "meetings"},
	}
	s.render(w, r, http.StatusOK, "network_view", page{Title: n.Name, Data: v})
}

func netDateOrNever(t time.Time) string {
	if t.IsZero() {
		return "not recorded"
	}
	return network.FormatDate(t)
}

// netSavedMessage is the confirmation a redirect after a save asks for.
func netSavedMessage(r *http.Request) string {
	switch r.URL.Query().Get("saved") {
	case "network":
		return "The network's details are saved."
	case "created":
		return "The network is created."
	case "terms":
		return "A new version of the terms of reference is saved."
	case "work-plan":
		return "The work plan is saved as a new version."
	case "sponsor":
		return "The sponsor relationship record is saved."
	case "skills":
		return "The skills audit is saved."
	case "meetings":
		return "The meeting dates are saved."
	case "accepted":
		return "The recommendation is added to the work plan as a new objective."
	case "assessment":
		return "Your answers are saved."
	}
	return ""
}

// netNew creates a network in the account's organisation (an administrator
// names the organisation).
func (s *Server) netNew(w http.ResponseWriter, r *http.Request) {
	u := &sessionFrom(r.Context()).User
	if !netCanCreate(u) {
		s.error(w, r, http.StatusForbidden, "Only an organisation's admin can add its networks.")
		return
	}
	n := &network.Network{OrgCode: u.Org, Status: network.StatusActive, Published: slices.Clone(network.DefaultPublished)}
	extraRows := 1
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		extraRows = netReadDetails(r, n)
		if u.Role == auth.Admin {
			n.OrgCode = strings.ToUpper(strings.TrimSpace(r.PostFormValue("org_code")))
		}
		if r.PostFormValue("_action") != "add_leader" {
			errs = n.Validate(netToday())
			if len(errs) == 0 {
				n.UpdatedOn = netToday()
				err := s.db.CreateNetwork(r.Context(), n)
				if errors.Is(err, store.ErrNotFound) {
					errs = network.FieldErrors{{Field: network.FieldOrgCode, Message: "There is no organisation with this code in staffnet"}}
				} else if err != nil {
					s.serverError(w, r, err)
					return
				} else {
					http.Redirect(w, r, fmt.Sprintf("/my/networks/%d?saved=created", n.ID), http.StatusSeeOther)
					return
				}
			}
		}
	}
	p := netDetailsForm(n, "/my/networks/new", extraRows, u.Role == auth.Admin)
	p.Heading = "Add a staff network"
	p.Caption = "Staff networks"
	s.renderForm(w, r, p, errs, "Add a staff network")
}

func (s *Server) netEdit(w http.ResponseWriter, r *http.Request, q *netReq) {
	n := q.Net.Network
	n.Leaders = slices.Clone(n.Leaders)
	extraRows := 1
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		extraRows = netReadDetails(r, &n)
		n.OrgCode = q.Net.OrgCode // the organisation is not the lead's to change
		if r.PostFormValue("_action") != "add_leader" {
			errs = n.Validate(netToday())
			if len(errs) == 0 {
				n.UpdatedOn = netToday()
				if err := s.db.UpdateNetwork(r.Context(), &n); err != nil {
					s.serverError(w, r, err)
					return
				}
				http.Redirect(w, r, q.Base+"?saved=network", http.StatusSeeOther)
				return
			}
		}
	}
	p := netDetailsForm(&n, q.Base+"/edit", extraRows, false)
	p.Nav = netNavFor(&q.Net.Network, "")
	p.Heading = "Edit the network's details"
	p.Caption = q.Net.Name
	s.renderForm(w, r, p, errs, "Edit "+q.Net.Name)
}

// renderForm renders a generic form page, with errors if there are any
// (status 422 and "Error: " before the title).
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, p *netForm, errs network.FieldErrors, title string) {
	status := http.StatusOK
	pg := page{Title: title, Data: p}
	if len(errs) > 0 {
		sum, by := netFormErrors(errs)
		p.Groups = netGroupsWithErrors(p.Groups, by)
		pg.Errors = sum
		pg.Title = "Error: " + title
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "network_form", pg)
}

const netMaxRows = 50

// readNetworkForm fills n from the form and returns how many blank leader
// rows to show if the form is shown again. Blank leader rows are dropped;
// clearing a leader's name and role removes them.
func netReadDetails(r *http.Request, n *network.Network) int {
	f := r.PostFormValue
	n.Name = strings.TrimSpace(f("name"))
	n.Type = network.Type(f("type"))
	n.Purpose = strings.TrimSpace(f("purpose"))
	n.Contact = strings.TrimSpace(f("contact"))
	n.MeetingPattern = strings.TrimSpace(f("meeting_pattern"))
	n.WebPage = strings.TrimSpace(f("web_page"))
	n.Status = network.Status(f("status"))
	n.YearStarted = 0
	if y := strings.TrimSpace(f("year_started")); y != "" {
		if v, err := strconv.Atoi(y); err == nil {
			n.YearStarted = v
		} else {
			n.YearStarted = -1 // reported as before 1948
		}
	}
	n.Leaders = nil
	rows := netRowCount(r, "leader_rows", 0, netMaxRows)
	for i := range rows {
		role := f(fmt.Sprintf("leaders-%d-role", i))
		name := strings.TrimSpace(f(fmt.Sprintf("leaders-%d-name", i)))
		if role == "" && name == "" {
			continue
		}
		n.Leaders = append(n.Leaders, network.Leader{Role: network.Role(role), Name: name})
	}
	sp := &network.Sponsor{Name: strings.TrimSpace(f("sponsor-name")), BoardRole: strings.TrimSpace(f("sponsor-board_role")), Expectations: strings.TrimSpace(f("sponsor-expectations"))}
	n.Sponsor = nil
	if sp.Name != "" || sp.BoardRole != "" || sp.Expectations != "" {
		n.Sponsor = sp
	}
	n.Published = nil
	for _, p := range r.PostForm["published"] {
		n.Published = append(n.Published, network.Field(p))
	}
	if f("_action") == "add_leader" {
		return rows - len(n.Leaders) + 1
	}
	return max(1, rows-len(n.Leaders))
}

var netPublishLabels = map[network.Field]string{
	network.FieldName: "Name", network.FieldYearStarted: "Year started", network.FieldPurpose: "Purpose",
	network.FieldContact: "Contact route", network.FieldMeetingPattern: "Meeting pattern", network.FieldWebPage: "Web page",
	network.FieldLeaders: "Leaders' names", network.FieldSponsor: "Sponsor's name and board role (never the written expectations)",
}

func netRoleLabel(r network.Role) string { return r.Label() }

func netDetailsForm(n *network.Network, action string, blankLeaders int, askOrg bool) *netForm {
	year := ""
	if n.YearStarted > 0 {
		year = strconv.Itoa(n.YearStarted)
	} else if n.YearStarted < 0 {
		year = "?"
	}
	about := netGroup{Fields: []netField{
		{ID: "name", Label: "Name of the network", Kind: "text", Value: n.Name},
		{ID: "type", Label: "Type of network", Kind: "radios", Options: netOpts(network.Types, network.Type.Label, string(n.Type))},
		{ID: "year_started", Label: "Year the network started", Hint: "For example, 2016", Kind: "number", Width: "4", Value: year},
		{ID: "purpose", Label: "Purpose", Hint: "What the network is for, in a sentence or two.", Kind: "textarea", Value: n.Purpose},
		{ID: "contact", Label: "How staff can contact the network", Hint: "A shared mailbox or intranet page, not a personal address.", Kind: "text", Value: n.Contact},
		{ID: "meeting_pattern", Label: "Meeting pattern (optional)", Hint: "For example, second Tuesday of each month, 12:30", Kind: "text", Value: n.MeetingPattern},
		{ID: "web_page", Label: "Web page (optional)", Hint: "For example, https://www.example.nhs.uk/staff-networks", Kind: "url", Value: n.WebPage},
		{ID: "status", Label: "Status", Kind: "radios", Inline: true, Options: netOpts(network.Statuses, netStatusLabel, string(n.Status))},
	}}
	if askOrg {
		about.Fields = append([]netField{{ID: "org_code", Label: "Organisation ODS code", Hint: "For example, RJ1", Kind: "text", Width: "5", Value: n.OrgCode}}, about.Fields...)
	}
	leaders := netGroup{Legend: "Chairs and committee", Hint: "Co-chairs are two leaders with the chair role. To remove a leader, clear their role and name."}
	rows := len(n.Leaders) + blankLeaders
	for i := range rows {
		var l network.Leader
		if i < len(n.Leaders) {
			l = n.Leaders[i]
		}
		roleOpts := append([]netOption{{Value: "", Label: "Choose a role"}}, netOpts(network.Roles, netRoleLabel, string(l.Role))...)
		leaders.Fields = append(leaders.Fields,
			netField{ID: fmt.Sprintf("leaders-%d-role", i), Label: fmt.Sprintf("Leader %d: role", i+1), Kind: "select", Options: roleOpts},
			netField{ID: fmt.Sprintf("leaders-%d-name", i), Label: fmt.Sprintf("Leader %d: name", i+1), Kind: "text", Value: l.Name, Autocomplete: "off"})
	}
	var sp network.Sponsor
	if n.Sponsor != nil {
		sp = *n.Sponsor
	}
	sponsor := netGroup{Legend: "Executive sponsor", Hint: "The board member who champions the network. Leave blank if there is none yet.", Fields: []netField{
		{ID: "sponsor-name", Label: "Sponsor's name", Kind: "text", Value: sp.Name, Autocomplete: "off"},
		{ID: "sponsor-board_role", Label: "Sponsor's board role", Hint: "For example, Chief Nurse", Kind: "text", Value: sp.BoardRole},
		{ID: "sponsor-expectations", Label: "Role expectations", Hint: "What the sponsor and the network expect of each other, in writing.", Kind: "textarea", Value: sp.Expectations},
	}}
	var pubOpts []netOption
	for _, f := range network.Publishable {
		pubOpts = append(pubOpts, netOption{Value: f, Label: netPublishLabels[f], Checked: slices.Contains(n.Published, f)})
	}
	publish := netGroup{Legend: "What the public sees", Hint: "The organisation, type and status are always public.", Fields: []netField{
		{ID: "published", Label: "Publish these fields in the directory", Kind: "checkboxes", Options: pubOpts},
	}}
	return &netForm{Action: action,
		Hidden:  []netHidden{{"leader_rows", strconv.Itoa(rows)}},
		Groups:  []netGroup{about, leaders, sponsor, publish},
		Buttons: []netButton{{Label: "Save"}, {Name: "_action", Value: "add_leader", Label: "Add another leader", Secondary: true}},
	}
}

// ---- Governance records

// recordPage starts a record's page: the section navigation, the flags and
// whether the form is there at all (readers see the record only).
func (s *Server) recordPage(r *http.Request, q *netReq, heading, current string) (*netForm, *network.Records, error) {
	rec, err := s.db.Records(r.Context(), q.Net.ID)
	if err != nil {
		return nil, nil, err
	}
	return &netForm{Nav: netNavFor(&q.Net.Network, q.Base+current), Caption: q.Net.Name, Heading: heading,
		Saved: netSavedMessage(r), Flags: network.Flags(&q.Net.Network, rec, netToday())}, rec, nil
}

func (s *Server) netTerms(w http.ResponseWriter, r *http.Request, q *netReq) {
	p, _, err := s.recordPage(r, q, "Terms of reference", "/terms")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	history, err := s.db.TermsOfReference(r.Context(), q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	day := netToday()
	t := network.TermsOfReference{ApprovedOn: day, ReviewDue: day.AddDate(1, 0, 0)}
	if len(history) > 0 {
		t.Text = history[len(history)-1].Text
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		t.Text = strings.TrimSpace(r.PostFormValue("text"))
		var ok1, ok2 bool
		t.ApprovedOn, ok1 = netParseDate(r.PostFormValue("approved_on"))
		t.ReviewDue, ok2 = netParseDate(r.PostFormValue("review_due"))
		t.Version = len(history) + 1
		errs = t.Validate()
		if !ok1 {
			errs = append(errs, network.FieldError{Field: "approved_on", Message: "Enter the approval date as a real date, like 2025-03-31"})
		}
		if !ok2 {
			errs = append(errs, network.FieldError{Field: "review_due", Message: "Enter the review date as a real date, like 2026-03-31"})
		}
		if len(errs) == 0 {
			if err := s.db.AddTermsOfReference(r.Context(), q.Net.ID, &t); err != nil {
				s.serverError(w, r, err)
				return
			}
			http.Redirect(w, r, q.Base+"/terms?saved=terms", http.StatusSeeOther)
			return
		}
	}
	hist := netTable{Caption: "Versions", Head: []string{"Version", "Approved", "Review due"}, Empty: "No terms of reference recorded yet."}
	for i := len(history) - 1; i >= 0; i-- {
		h := history[i]
		hist.Rows = append(hist.Rows, netCells(strconv.Itoa(h.Version), network.FormatDate(h.ApprovedOn), network.FormatDate(h.ReviewDue)))
		b := netBlock{Heading: fmt.Sprintf("Version %d", h.Version), Meta: "Approved " + network.FormatDate(h.ApprovedOn) + ", review due " + network.FormatDate(h.ReviewDue), Text: h.Text, Details: i < len(history)-1}
		if i == len(history)-1 {
			b.Heading = fmt.Sprintf("Current version (%d)", h.Version)
		}
		p.Blocks = append(p.Blocks, b)
	}
	p.Tables = []netTable{hist}
	if q.Acc.Edit {
		p.Action = q.Base + "/terms"
		p.Groups = []netGroup{{Legend: "Record a new version", Hint: "Saving never overwrites: each save is a new version, and earlier versions stay in the history.", Fields: []netField{
			{ID: "text", Label: "Terms of reference", Kind: "textarea", Rows: 14, Value: t.Text},
			{ID: "approved_on", Label: "Date approved", Kind: "date", Value: netDateValue(t.ApprovedOn)},
			{ID: "review_due", Label: "Review due", Hint: "Usually a year after approval.", Kind: "date", Value: netDateValue(t.ReviewDue)},
		}}}
		p.Buttons = []netButton{{Label: "Save as a new version"}}
	}
	s.renderForm(w, r, p, errs, "Terms of reference – "+q.Net.Name)
}

var netIndicatorLabels = []string{"None",
	"1. Workforce make-up by band", "2. Appointment from shortlisting", "3. Formal disciplinary process",
	"4. Non-mandatory training and CPD", "5. Harassment from patients or public", "6. Harassment from staff",
	"7. Equal opportunities for progression", "8. Discrimination from colleagues", "9. Board membership"}

func netObjStatus(st network.ObjectiveStatus) string {
	switch st {
	case network.NotStarted:
		return "Not started"
	case network.InProgress:
		return "In progress"
	case network.Done:
		return "Done"
	case network.Blocked:
		return "Blocked"
	}
	return string(st)
}

func (s *Server) netWorkPlan(w http.ResponseWriter, r *http.Request, q *netReq) {
	p, rec, err := s.recordPage(r, q, "Work plan", "/work-plan")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var objs []network.Objective
	if rec.WorkPlan != nil {
		objs = rec.WorkPlan.Objectives
	}
	blank := 1
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		var dateErrs network.FieldErrors
		objs, blank, dateErrs = netReadObjectives(r)
		if r.PostFormValue("_action") != "add" {
			wp := network.WorkPlan{UpdatedOn: netToday(), Objectives: objs}
			errs = append(wp.Validate(), dateErrs...)
			if len(errs) == 0 {
				if err := s.db.SaveWorkPlan(r.Context(), q.Net.ID, &wp); err != nil {
					s.serverError(w, r, err)
					return
				}
				http.Redirect(w, r, q.Base+"/work-plan?saved=work-plan", http.StatusSeeOther)
				return
			}
		}
	}
	day := netToday()
	t := netTable{Caption: "Objectives", Head: []string{"Objective", "Linked to", "Owner", "Due", "Status", "Done"}, Empty: "The work plan has no objectives yet."}
	if rec.WorkPlan != nil {
		pr := rec.WorkPlan.Progress(day)
		p.Lead = append(p.Lead, fmt.Sprintf("Version %d, updated %s. %d objectives: %d not started, %d in progress, %d done, %d blocked; %d overdue; %d linked to an organisation objective or WRES indicator. Mean %.0f%% done.",
			rec.WorkPlan.Version, network.FormatDate(rec.WorkPlan.UpdatedOn), pr.Total, pr.NotStarted, pr.InProgress, pr.Done, pr.Blocked, pr.Overdue, pr.Linked, pr.MeanPercent))
		for _, o := range rec.WorkPlan.Objectives {
			t.Rows = append(t.Rows, netCells(o.Title, netLinkText(o), o.Owner, netDateOrNever(o.Due), netObjStatus(o.Status), fmt.Sprintf("%d%%", o.PercentDone)))
		}
	}
	p.Tables = []netTable{t}
	if q.Acc.WorkPlan {
		p.Action = q.Base + "/work-plan"
		p.Hidden = []netHidden{{"rows", strconv.Itoa(len(objs) + blank)}}
		p.Groups = netObjectiveGroups(objs, blank)
		p.Buttons = []netButton{{Label: "Save the work plan"}, {Name: "_action", Value: "add", Label: "Add another objective", Secondary: true}}
	}
	s.renderForm(w, r, p, errs, "Work plan – "+q.Net.Name)
}

func netLinkText(o network.Objective) string {
	var parts []string
	if o.OrgObjective != "" {
		parts = append(parts, o.OrgObjective)
	}
	if o.WRESIndicator > 0 && o.WRESIndicator < len(netIndicatorLabels) {
		parts = append(parts, "WRES indicator "+netIndicatorLabels[o.WRESIndicator])
	}
	if len(parts) == 0 {
		return "Not linked"
	}
	return strings.Join(parts, "; ")
}

// readObjectives reads the work-plan rows: rows ticked "remove" and blank
// rows are dropped. It returns the objectives, how many blank rows to
// show again, and errors in dates (which the domain cannot see).
func netReadObjectives(r *http.Request) ([]network.Objective, int, network.FieldErrors) {
	f := r.PostFormValue
	rows := netRowCount(r, "rows", 0, netMaxRows)
	var out []network.Objective
	var errs network.FieldErrors
	for i := range rows {
		k := func(name string) string { return strings.TrimSpace(f(fmt.Sprintf("objectives-%d-%s", i, name))) }
		if k("remove") != "" {
			continue
		}
		o := network.Objective{Title: k("title"), OrgObjective: k("org_objective"), Owner: k("owner"),
			Status: network.ObjectiveStatus(k("status")), FromRule: k("from_rule")}
		o.WRESIndicator, _ = strconv.Atoi(k("wres_indicator"))
		pct := k("percent_done")
		if pct == "" {
			pct = "0"
		}
		var err error
		if o.PercentDone, err = strconv.Atoi(strings.TrimSuffix(pct, "%")); err != nil {
			o.PercentDone = -1
		}
		due, ok := netParseDate(k("due"))
		o.Due = due
		if o.Title == "" && o.OrgObjective == "" && o.Owner == "" && k("due") == "" && o.WRESIndicator == 0 && (pct == "0") && (o.Status == "" || o.Status == network.NotStarted) {
			continue
		}
		if !ok {
			errs = append(errs, network.FieldError{Field: fmt.Sprintf("objectives[%d].due", len(out)), Message: "Enter the due date as a real date, like 2025-03-31"})
		}
		out = append(out, o)
	}
	blank := max(1, rows-len(out))
	if f("_action") == "add" {
		blank = rows - len(out) + 1
	}
	return out, blank, errs
}

func netObjectiveGroups(objs []network.Objective, blank int) []netGroup {
	var gs []netGroup
	var statuses []netOption
	for i := range len(objs) + blank {
		o := network.Objective{Status: network.NotStarted}
		legend := fmt.Sprintf("New objective %d", i-len(objs)+1)
		if i < len(objs) {
			o = objs[i]
			legend = fmt.Sprintf("Objective %d", i+1)
		}
		id := func(name string) string { return fmt.Sprintf("objectives-%d-%s", i, name) }
		var inds []netOption
		for n, l := range netIndicatorLabels {
			inds = append(inds, netOption{Value: strconv.Itoa(n), Label: l, Checked: n == o.WRESIndicator})
		}
		statuses = netOpts(network.ObjectiveStatuses, netObjStatus, string(o.Status))
		g := netGroup{Legend: legend, Fields: []netField{
			{ID: id("title"), Label: "Objective", Kind: "text", Value: o.Title},
			{ID: id("org_objective"), Label: "Organisation objective it serves (optional)", Kind: "text", Value: o.OrgObjective},
			{ID: id("wres_indicator"), Label: "WRES indicator it serves", Kind: "select", Options: inds},
			{ID: id("owner"), Label: "Owner", Kind: "text", Value: o.Owner, Autocomplete: "off"},
			{ID: id("due"), Label: "Due date (optional)", Kind: "date", Value: netDateValue(o.Due)},
			{ID: id("status"), Label: "Status", Kind: "select", Options: statuses},
			{ID: id("percent_done"), Label: "Percent done", Hint: "A number from 0 to 100", Kind: "number", Width: "3", Value: strconv.Itoa(o.PercentDone)},
		}}
		if o.PercentDone < 0 {
			g.Fields[6].Value = ""
		}
		if i < len(objs) {
			g.Fields = append(g.Fields, netField{ID: id("remove"), Label: "Remove", Kind: "checkboxes", Options: []netOption{{Value: "yes", Label: "Remove this objective when saving"}}})
		}
		if o.FromRule != "" {
			g.Hint = "Accepted from the recommendation “" + o.FromRule + "”."
		}
		gs = append(gs, g)
	}
	return gs
}

func (s *Server) netSponsor(w http.ResponseWriter, r *http.Request, q *netReq) {
	p, rec, err := s.recordPage(r, q, "Sponsor relationship", "/sponsor")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	sr := network.SponsorRecord{}
	if rec.Sponsor != nil {
		sr = *rec.Sponsor
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		var ok bool
		sr.LastMet, ok = netParseDate(r.PostFormValue("last_met"))
		sr.ExpectationsAgreed = r.PostFormValue("expectations_agreed") == "yes"
		sr.Notes = strings.TrimSpace(r.PostFormValue("notes"))
		if !ok {
			errs = append(errs, network.FieldError{Field: "last_met", Message: "Enter the date you last met the sponsor as a real date, like 2025-03-31"})
		}
		if r.PostFormValue("expectations_agreed") == "" {
			errs = append(errs, network.FieldError{Field: "expectations_agreed", Message: "Select whether the sponsor's role expectations are agreed"})
		}
		if len(sr.Notes) > 5000 {
			errs = append(errs, network.FieldError{Field: "notes", Message: "Notes must be 5000 characters or fewer"})
		}
		if len(errs) == 0 {
			if err := s.db.SaveSponsorRecord(r.Context(), q.Net.ID, &sr); err != nil {
				s.serverError(w, r, err)
				return
			}
			http.Redirect(w, r, q.Base+"/sponsor?saved=sponsor", http.StatusSeeOther)
			return
		}
	}
	n := &q.Net.Network
	if n.Sponsor != nil {
		p.Blocks = append(p.Blocks, netBlock{Heading: "Sponsor: " + n.Sponsor.Name, Meta: n.Sponsor.BoardRole, Text: netOrText(n.Sponsor.Expectations, "No written role expectations yet.")})
	} else {
		p.Lead = append(p.Lead, "No sponsor is named. Name one on the network's details page.")
	}
	if rec.Sponsor != nil {
		p.Tables = []netTable{{Caption: "Current record", Head: []string{"Last met", "Expectations agreed", "Notes"},
			Rows: [][]netCell{netCells(netDateOrNever(rec.Sponsor.LastMet), netYesNo(rec.Sponsor.ExpectationsAgreed), rec.Sponsor.Notes)}}}
	}
	if q.Acc.Edit {
		agreed := ""
		if rec.Sponsor != nil || r.Method == http.MethodPost {
			agreed = netYesNoValue(sr.ExpectationsAgreed)
			if r.Method == http.MethodPost {
				agreed = r.PostFormValue("expectations_agreed")
			}
		}
		p.Action = q.Base + "/sponsor"
		p.Groups = []netGroup{{Legend: "Update the record", Fields: []netField{
			{ID: "last_met", Label: "When did the network's leads last meet the sponsor?", Kind: "date", Value: netDateValue(sr.LastMet)},
			{ID: "expectations_agreed", Label: "Are the sponsor's role expectations agreed in writing?", Kind: "radios", Inline: true,
				Options: []netOption{{Value: "yes", Label: "Yes", Checked: agreed == "yes"}, {Value: "no", Label: "No", Checked: agreed == "no"}}},
			{ID: "notes", Label: "Notes (optional)", Kind: "textarea", Value: sr.Notes},
		}}}
		p.Buttons = []netButton{{Label: "Save"}}
	}
	s.renderForm(w, r, p, errs, "Sponsor relationship – "+q.Net.Name)
}

func netOrText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

func netYesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func netYesNoValue(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (s *Server) netSkills(w http.ResponseWriter, r *http.Request, q *netReq) {
	p, rec, err := s.recordPage(r, q, "Leaders' skills audit", "/skills")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	audit := network.SkillsAudit{DoneOn: netToday()}
	if rec.SkillsAudit != nil {
		audit = *rec.SkillsAudit
	} else {
		for _, l := range q.Net.Leaders {
			audit.Entries = append(audit.Entries, network.SkillsEntry{Leader: l.Name})
		}
	}
	blank := 1
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		var ok bool
		audit.DoneOn, ok = netParseDate(r.PostFormValue("done_on"))
		if !ok || audit.DoneOn.IsZero() {
			errs = append(errs, network.FieldError{Field: "done_on", Message: "Enter the date of the audit as a real date, like 2025-03-31"})
		}
		audit.Entries = nil
		rows := netRowCount(r, "rows", 0, netMaxRows)
		for i := range rows {
			k := func(name string) string { return r.PostFormValue(fmt.Sprintf("skills-%d-%s", i, name)) }
			e := network.SkillsEntry{Leader: strings.TrimSpace(k("leader")), Skills: netLines(k("skills")), Gaps: netLines(k("gaps")), DevelopmentWanted: netLines(k("development"))}
			if e.Leader == "" && len(e.Skills)+len(e.Gaps)+len(e.DevelopmentWanted) == 0 {
				continue
			}
			if e.Leader == "" {
				errs = append(errs, network.FieldError{Field: fmt.Sprintf("skills-%d-leader", len(audit.Entries)), Message: fmt.Sprintf("Enter the name of leader %d", len(audit.Entries)+1)})
			}
			audit.Entries = append(audit.Entries, e)
		}
		blank = max(1, rows-len(audit.Entries))
		if r.PostFormValue("_action") == "add" {
			blank = rows - len(audit.Entries) + 1
			errs = nil
		} else if len(audit.Entries) == 0 {
			errs = append(errs, network.FieldError{Field: "skills-0-leader", Message: "Enter at least one leader's skills"})
		}
		if r.PostFormValue("_action") != "add" && len(errs) == 0 {
			if err := s.db.SaveSkillsAudit(r.Context(), q.Net.ID, &audit); err != nil {
				s.serverError(w, r, err)
				return
			}
			http.Redirect(w, r, q.Base+"/skills?saved=skills", http.StatusSeeOther)
			return
		}
	}
	if rec.SkillsAudit != nil {
		t := netTable{Caption: "Audit of " + network.FormatDate(rec.SkillsAudit.DoneOn), Head: []string{"Leader", "Skills", "Gaps", "Development wanted"}}
		for _, e := range rec.SkillsAudit.Entries {
			t.Rows = append(t.Rows, netCells(e.Leader, strings.Join(e.Skills, "; "), strings.Join(e.Gaps, "; "), strings.Join(e.DevelopmentWanted, "; ")))
		}
		p.Tables = []netTable{t}
	} else {
		p.Lead = append(p.Lead, "The leaders have not recorded a skills audit yet.")
	}
	if q.Acc.Edit {
		p.Action = q.Base + "/skills"
		rows := len(audit.Entries) + blank
		p.Hidden = []netHidden{{"rows", strconv.Itoa(rows)}}
		p.Groups = []netGroup{{Fields: []netField{{ID: "done_on", Label: "Date of the audit", Kind: "date", Value: netDateValue(audit.DoneOn)}}}}
		for i := range rows {
			var e network.SkillsEntry
			if i < len(audit.Entries) {
				e = audit.Entries[i]
			}
			id := func(name string) string { return fmt.Sprintf("skills-%d-%s", i, name) }
			p.Groups = append(p.Groups, netGroup{Legend: fmt.Sprintf("Leader %d", i+1), Hint: "One item a line. To remove a leader, clear every box.", Fields: []netField{
				{ID: id("leader"), Label: "Leader's name", Kind: "text", Value: e.Leader, Autocomplete: "off"},
				{ID: id("skills"), Label: "Skills", Kind: "textarea", Rows: 3, Value: strings.Join(e.Skills, "\n")},
				{ID: id("gaps"), Label: "Gaps", Kind: "textarea", Rows: 3, Value: strings.Join(e.Gaps, "\n")},
				{ID: id("development"), Label: "Development wanted", Kind: "textarea", Rows: 3, Value: strings.Join(e.DevelopmentWanted, "\n")},
			}})
		}
		p.Buttons = []netButton{{Label: "Save the skills audit"}, {Name: "_action", Value: "add", Label: "Add another leader", Secondary: true}}
	}
	s.renderForm(w, r, p, errs, "Skills audit – "+q.Net.Name)
}

func (s *Server) netMeetings(w http.ResponseWriter, r *http.Request, q *netReq) {
	p, rec, err := s.recordPage(r, q, "Minutes and meetings", "/meetings")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	last, next := rec.LastMinutes, rec.NextMeeting
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		var ok1, ok2 bool
		last, ok1 = netParseDate(r.PostFormValue("last_minutes"))
		next, ok2 = netParseDate(r.PostFormValue("next_meeting"))
		if !ok1 {
			errs = append(errs, network.FieldError{Field: "last_minutes", Message: "Enter the date of the latest minutes as a real date, like 2025-03-31"})
		} else if last.After(netToday()) {
			errs = append(errs, network.FieldError{Field: "last_minutes", Message: "Date of the latest minutes must be today or in the past"})
		}
		if !ok2 {
			errs = append(errs, network.FieldError{Field: "next_meeting", Message: "Enter the date of the next meeting as a real date, like 2025-04-30"})
		}
		if len(errs) == 0 {
			if err := s.db.SaveMeetings(r.Context(), q.Net.ID, last, next); err != nil {
				s.serverError(w, r, err)
				return
			}
			http.Redirect(w, r, q.Base+"/meetings?saved=meetings", http.StatusSeeOther)
			return
		}
	}
	p.Lead = append(p.Lead, "Latest minutes shared with members: "+netDateOrNever(rec.LastMinutes)+". Next meeting members have been told about: "+netDateOrNever(rec.NextMeeting)+".")
	if q.Acc.Edit {
		p.Action = q.Base + "/meetings"
		p.Groups = []netGroup{{Fields: []netField{
			{ID: "last_minutes", Label: "Date of the latest minutes shared with members", Kind: "date", Value: netDateValue(last)},
			{ID: "next_meeting", Label: "Date of the next meeting", Kind: "date", Value: netDateValue(next)},
		}}}
		p.Buttons = []netButton{{Label: "Save"}}
	}
	s.renderForm(w, r, p, errs, "Meetings – "+q.Net.Name)
}

// ---- Starting a network: the six steps

// canStartGuide: an organisation admin or a network lead starts a new
// network for their own organisation.
func netCanStartGuide(u *store.User) bool {
	return u.Org != "" && (u.Role == auth.OrgAdmin || u.Role == auth.NetworkLead)
}

// guideOwnerFilter: an organisation admin sees every guide of the
// organisation; a lead only their own.
func netGuideOwner(u *store.User) int64 {
	if u.Role == auth.OrgAdmin {
		return 0
	}
	return u.ID
}

func netGuideTitle(p *network.Progress) string {
	if n := p.Answers["network_name"]; n != "" {
		return n
	}
	if p.Type != "" {
		return "New " + p.Type.Label() + " network"
	}
	return "New network"
}

// ---- Self-assessment

// The questionnaire is one page per CRAFT area and a check page. Answers
// from other pages travel in hidden fields, so nothing is stored until the
// respondent submits, and nothing needs JavaScript.

const (
	pageIntro = "intro"
	pageCheck = "check"
)

// readResponse reads every question's answer, evidence and note from the
// form, visible or hidden.
func readResponse(r *http.Request, kit *networkKit) *network.Response {
	resp := &network.Response{Answers: map[string]network.Answer{}}
	for _, qu := range kit.q.Questions {
		a := network.Answer{Value: r.PostFormValue(qu.ID), Evidence: strings.TrimSpace(r.PostFormValue(qu.ID + "-evidence")), Note: strings.TrimSpace(r.PostFormValue(qu.ID + "-note"))}
		if a.Value != "" || a.Evidence != "" || a.Note != "" {
			resp.Answers[qu.ID] = a
		}
	}
	return resp
}

func respondent(q *netReq) (string, network.RespondentRole) {
	if q.Acc.Sponsor {
		return q.User.Email, network.RespondentSponsor
	}
	return q.User.Email, network.RespondentLead
}

func (s *Server) netAssessStart(w http.ResponseWriter, r *http.Request, q *netReq) {
	kit := s.kit
	history, err := s.db.Assessments(r.Context(), q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := &netForm{Nav: netNavFor(&q.Net.Network, q.Base+"/assessment"), Caption: q.Net.Name, Heading: kit.q.Title, Saved: netSavedMessage(r),
		Lead: []string{kit.q.Description}}
	areas := netTable{Caption: "The five areas", Head: []string{"Area", "What it covers", "Questions"}}
	for _, a := range kit.q.Areas {
		n := 0
		for _, qu := range kit.q.Questions {
			if qu.Area == a.ID {
				n++
			}
		}
		areas.Rows = append(areas.Rows, netCells(a.Letter+" – "+a.Title, a.Description, strconv.Itoa(n)))
	}
	p.Tables = []netTable{areas}
	if len(history) > 0 {
		last := history[len(history)-1]
		p.Lead = append(p.Lead, fmt.Sprintf("The network has %d assessment%s; the latest is from %s.", len(history), plural(len(history)), network.FormatDate(last.Date)))
		p.Links = append(p.Links, netLink{Href: q.Base + "/assessment/results", Text: "See the results"})
	} else {
		p.Lead = append(p.Lead, "The network has not assessed itself yet.")
	}
	if q.Acc.Assess {
		label, role := respondent(q)
		if role == network.RespondentSponsor {
			p.Lead = append(p.Lead, "You are answering as the network's sponsor. Your answers do not change the network's score; they are shown beside the leads' answers to show where views differ.")
		} else {
			p.Lead = append(p.Lead, "You are answering as one of the network's leads. Give each answer with the evidence it rests on, such as a link to the terms of reference, the sponsor record, minutes or the work plan.")
		}
		p.Action = q.Base + "/assessment"
		p.Hidden = []netHidden{{"_page", pageIntro}}
		// Start from this respondent's latest answers, if any.
		if len(history) > 0 {
			for _, resp := range history[len(history)-1].Responses {
				if resp.Respondent == label {
					p.Hidden = append(p.Hidden, answerHidden(kit, &resp, "")...)
				}
			}
		}
		p.Buttons = []netButton{{Name: "_action", Value: "continue", Label: "Start the self-assessment"}}
	}
	s.renderForm(w, r, p, nil, "Self-assessment – "+q.Net.Name)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// answerHidden carries the answers to every question outside area (all of
// them when area is "") as hidden fields.
func answerHidden(kit *networkKit, resp *network.Response, area string) []netHidden {
	var out []netHidden
	for _, qu := range kit.q.Questions {
		if qu.Area == area {
			continue
		}
		a, ok := resp.Answers[qu.ID]
		if !ok {
			continue
		}
		out = append(out, netHidden{qu.ID, a.Value}, netHidden{qu.ID + "-evidence", a.Evidence}, netHidden{qu.ID + "-note", a.Note})
	}
	return out
}

func (s *Server) netAssessStep(w http.ResponseWriter, r *http.Request, q *netReq) {
	kit := s.kit
	resp := readResponse(r, kit)
	resp.Respondent, resp.Role = respondent(q)
	pages := []string{pageIntro}
	for _, a := range kit.q.Areas {
		pages = append(pages, a.ID)
	}
	pages = append(pages, pageCheck)
	at := slices.Index(pages, r.PostFormValue("_page"))
	if at < 0 {
		at = 0
	}
	action := r.PostFormValue("_action")
	if g := r.PostFormValue("_goto"); g != "" && slices.Contains(pages, g) {
		s.assessPage(w, r, q, kit, resp, g, nil)
		return
	}
	switch action {
	case "back":
		s.assessPage(w, r, q, kit, resp, pages[max(1, at-1)], nil)
		return
	case "submit":
		if errs := kit.q.ValidateResponse(resp, true); len(errs) > 0 {
			// Send them to the first area with a problem.
			qu, _ := kit.q.Question(errs[0].Field)
			area := pages[1]
			if qu != nil {
				area = qu.Area
			}
			s.assessPage(w, r, q, kit, resp, area, errs)
			return
		}
		if err := s.saveResponse(r.Context(), kit, q.Net.ID, resp); err != nil {
			s.serverError(w, r, err)
			return
		}
		http.Redirect(w, r, q.Base+"/assessment/results?saved=assessment", http.StatusSeeOther)
		return
	}
	// Continue: check this page's questions, all of which need an answer.
	page := pages[at]
	if page != pageIntro && page != pageCheck {
		var errs network.FieldErrors
		for _, e := range kit.q.ValidateResponse(resp, true) {
			if qu, ok := kit.q.Question(e.Field); ok && qu.Area == page {
				errs = append(errs, e)
			}
		}
		if len(errs) > 0 {
			s.assessPage(w, r, q, kit, resp, page, errs)
			return
		}
	}
	s.assessPage(w, r, q, kit, resp, pages[min(at+1, len(pages)-1)], nil)
}

// saveResponse adds the answers to the current round: the latest
// assessment if it is less than 90 days old (or, for a sponsor, any latest
// one), else a new round. Answering again replaces one's own answers.
func (s *Server) saveResponse(ctx context.Context, kit *networkKit, networkID int64, resp *network.Response) error {
	history, err := s.db.Assessments(ctx, networkID)
	if err != nil {
		return err
	}
	day := netToday()
	if len(history) > 0 {
		last := history[len(history)-1]
		if resp.Role == network.RespondentSponsor || day.Sub(last.Date) < 90*24*time.Hour {
			return s.db.SaveAssessmentResponse(ctx, last.ID, *resp)
		}
	}
	a := &network.Assessment{NetworkID: networkID, Version: kit.q.Version, Date: day, Responses: []network.Response{*resp}}
	return s.db.AddAssessment(ctx, a)
}

func (s *Server) assessPage(w http.ResponseWriter, r *http.Request, q *netReq, kit *networkKit, resp *network.Response, page string, errs network.FieldErrors) {
	p := &netForm{Nav: netNavFor(&q.Net.Network, q.Base+"/assessment"), Action: q.Base + "/assessment"}
	p.Hidden = append([]netHidden{{"_page", page}}, answerHidden(kit, resp, page)...)
	evidenceTitle := map[string]string{}
	for _, e := range kit.q.EvidenceKinds {
		evidenceTitle[e.ID] = e.Title
	}
	if page == pageCheck {
		p.Caption = "Self-assessment: " + q.Net.Name
		p.Heading = "Check your answers"
		for _, a := range kit.q.Areas {
			t := netTable{Caption: a.Letter + " – " + a.Title, Head: []string{"Question", "Your answer", "Evidence"}}
			for _, qu := range kit.q.Questions {
				if qu.Area != a.ID {
					continue
				}
				ans := resp.Answers[qu.ID]
				label := "Not answered"
				if o, ok := qu.Option(ans.Value); ok {
					label = o.Label
				}
				t.Rows = append(t.Rows, netCells(qu.Text, label, netOrText(ans.Evidence, "None given")))
			}
			p.Tables = append(p.Tables, t)
		}
		p.Buttons = []netButton{{Name: "_action", Value: "submit", Label: "Submit answers"}, {Name: "_action", Value: "back", Label: "Back", Secondary: true}}
		for _, a := range kit.q.Areas {
			p.Buttons = append(p.Buttons, netButton{Name: "_goto", Value: a.ID, Label: "Change answers: " + a.Title, Secondary: true})
		}
		s.renderForm(w, r, p, errs, "Check your answers – self-assessment")
		return
	}
	area, ok := kit.q.Area(page)
	if !ok {
		s.error(w, r, http.StatusNotFound, "")
		return
	}
	n := slices.IndexFunc(kit.q.Areas, func(a network.Area) bool { return a.ID == page }) + 1
	p.Caption = fmt.Sprintf("Self-assessment: page %d of %d", n, len(kit.q.Areas))
	p.Heading = area.Letter + " – " + area.Title
	p.Lead = []string{area.Description}
	for _, qu := range kit.q.Questions {
		if qu.Area != page {
			continue
		}
		ans := resp.Answers[qu.ID]
		var options []netOption
		for _, o := range qu.Options {
			options = append(options, netOption{Value: o.Value, Label: o.Label, Checked: o.Value == ans.Value})
		}
		var kinds []string
		for _, e := range qu.Evidence {
			kinds = append(kinds, strings.ToLower(evidenceTitle[e]))
		}
		p.Groups = append(p.Groups, netGroup{Fields: []netField{
			{ID: qu.ID, Label: qu.Text, Hint: qu.Hint, Kind: "radios", Large: true, Options: options},
			{ID: qu.ID + "-evidence", Label: "Evidence (optional)", Hint: "A link or the record this answer rests on: " + strings.Join(kinds, ", ") + ".", Kind: "text", Value: ans.Evidence},
			{ID: qu.ID + "-note", Label: "Note (optional)", Kind: "text", Value: ans.Note},
		}})
	}
	p.Buttons = []netButton{{Name: "_action", Value: "continue", Label: "Continue"}}
	if n > 1 {
		p.Buttons = append(p.Buttons, netButton{Name: "_action", Value: "back", Label: "Back", Secondary: true})
	}
	s.renderForm(w, r, p, errs, area.Title+" – self-assessment")
}

func fmtScore(a network.AreaScore) (string, string) {
	if !a.Scored() {
		return "Not scored", "–"
	}
	return fmt.Sprintf("%.2f", a.Mean), fmt.Sprintf("%d – %s", a.Level, a.LevelName)
}

// peers scores the latest assessment of every other network of the type.
func (s *Server) peers(ctx context.Context, kit *networkKit, t network.Type) ([]network.Peer, error) {
	list, err := s.db.LatestAssessments(ctx, t)
	if err != nil {
		return nil, err
	}
	out := make([]network.Peer, 0, len(list))
	for _, p := range list {
		out = append(out, network.Peer{NetworkID: p.NetworkID, Type: p.Type, Region: p.Region, Result: kit.q.Score(&p.Assessment)})
	}
	return out, nil
}

func (s *Server) netResults(w http.ResponseWriter, r *http.Request, q *netReq) {
	kit := s.kit
	ctx := r.Context()
	history, err := s.db.Assessments(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := &netForm{Nav: netNavFor(&q.Net.Network, q.Base+"/assessment"), Caption: q.Net.Name, Heading: "Self-assessment results", Saved: netSavedMessage(r)}
	if len(history) == 0 {
		p.Lead = []string{"The network has not assessed itself yet."}
		p.Links = []netLink{{Href: q.Base + "/assessment", Text: "Start the self-assessment"}}
		s.renderForm(w, r, p, nil, "Self-assessment results – "+q.Net.Name)
		return
	}
	latest := &history[len(history)-1]
	res := kit.q.Score(latest)
	leads, sponsors := 0, 0
	for _, rr := range latest.Responses {
		if rr.Role == network.RespondentSponsor {
			sponsors++
		} else {
			leads++
		}
	}
	p.Lead = []string{fmt.Sprintf("Assessment of %s: %d lead%s answered%s. Scores run from 0 to %d; the network's score is the leads' mean, and each CRAFT area weighs the same in the overall score.",
		network.FormatDate(latest.Date), leads, plural(leads), map[bool]string{true: " and the sponsor answered separately", false: ""}[sponsors > 0], kit.q.MaxScore)}
	scores := netTable{Caption: "Scores by area", Head: []string{"Area", "Score", "Maturity", "Questions answered"}}
	for _, a := range res.Areas {
		sc, lv := fmtScore(a)
		scores.Rows = append(scores.Rows, netCells(a.Title, sc, lv, fmt.Sprintf("%d of %d", a.Answered, a.Questions)))
	}
	sc, lv := fmtScore(res.Overall)
	scores.Rows = append(scores.Rows, netCells("Overall", sc, lv, ""))
	scale := netTable{Caption: "The maturity scale", Head: []string{"Level", "Name", "Mean score from", "What it means"}}
	for _, m := range kit.q.Maturity {
		scale.Rows = append(scale.Rows, netCells(strconv.Itoa(m.Level), m.Name, fmt.Sprintf("%.2f", m.MinMean), m.Description))
	}
	p.Tables = []netTable{scores, scale}

	d := kit.q.Differences(latest)
	if d.Any() {
		labels := []string{}
		for _, rr := range latest.Responses {
			labels = append(labels, rr.Respondent)
		}
		if len(d.Areas) > 0 {
			t := netTable{Caption: "Areas where views differ (maturity level)", Head: append([]string{"Area"}, labels...)}
			for _, a := range d.Areas {
				row := []string{a.Title}
				for _, l := range labels {
					row = append(row, strconv.Itoa(a.Levels[l]))
				}
				t.Rows = append(t.Rows, netCells(row...))
			}
			p.Tables = append(p.Tables, t)
		}
		if len(d.Questions) > 0 {
			t := netTable{Caption: "Questions where views differ (score)", Head: append([]string{"Question"}, labels...)}
			for _, qd := range d.Questions {
				row := []string{qd.Text}
				for _, l := range labels {
					if v, ok := qd.Scores[l]; ok {
						row = append(row, strconv.Itoa(v))
					} else {
						row = append(row, "–")
					}
				}
				t.Rows = append(t.Rows, netCells(row...))
			}
			p.Tables = append(p.Tables, t)
		}
	} else if len(latest.Responses) > 1 {
		p.Lead = append(p.Lead, "The respondents' views do not differ by much anywhere.")
	}

	if trend := kit.q.Trend(history); len(history) > 1 {
		head := []string{"Area"}
		for _, a := range history {
			head = append(head, network.FormatDate(a.Date))
		}
		head = append(head, "Change since last", "Change since first")
		t := netTable{Caption: "Trend over past assessments (mean score)", Head: head}
		for _, at := range trend {
			row := []string{at.Title}
			if at.Area == "overall" {
				row[0] = "Overall"
			}
			for _, a := range history {
				v := "–"
				for _, pt := range at.Points {
					if pt.Date.Equal(a.Date) {
						v = fmt.Sprintf("%.2f", pt.Mean)
					}
				}
				row = append(row, v)
			}
			row = append(row, fmt.Sprintf("%+.2f", at.Change), fmt.Sprintf("%+.2f", at.SinceFirst))
			t.Rows = append(t.Rows, netCells(row...))
		}
		p.Tables = append(p.Tables, t)
	}

	peers, err := s.peers(ctx, kit, q.Net.Type)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cmp, why := kit.q.Compare(res, peers, network.PeerFilter{NetworkID: q.Net.ID, Type: q.Net.Type})
	if cmp == nil {
		p.Blocks = append(p.Blocks, netBlock{Heading: "Compared with similar networks", Text: why})
	} else {
		t := netTable{Caption: fmt.Sprintf("Compared with the median of %d other %s networks (none is named)", cmp.Peers, q.Net.Type.Label()), Head: []string{"Area", "This network", "Median", "Networks compared"}}
		for _, a := range append(cmp.Areas, cmp.Overall) {
			own, med := "Not scored", "Suppressed: fewer than 5 networks"
			if a.OwnScored {
				own = fmt.Sprintf("%.2f", a.Own)
			}
			if !a.Suppressed {
				med = fmt.Sprintf("%.2f", a.Median)
			}
			title := a.Title
			if a.Area == "overall" {
				title = "Overall"
			}
			t.Rows = append(t.Rows, netCells(title, own, med, strconv.Itoa(a.Peers)))
		}
		p.Tables = append(p.Tables, t)
	}

	ev := netTable{Caption: "Answers and the evidence they rest on", Head: []string{"Question", "Respondent", "Answer", "Evidence"}}
	for _, qu := range kit.q.Questions {
		for _, rr := range latest.Responses {
			a, ok := rr.Answers[qu.ID]
			if !ok {
				continue
			}
			label := a.Value
			if o, ok := qu.Option(a.Value); ok {
				label = o.Label
			}
			who := rr.Respondent
			if rr.Role == network.RespondentSponsor {
				who += " (sponsor)"
			}
			ev.Rows = append(ev.Rows, netCells(qu.Text, who, label, netOrText(a.Evidence, "None given")))
		}
	}
	p.Tables = append(p.Tables, ev)
	p.Links = []netLink{{Href: q.Base + "/recommendations", Text: "See the recommendations that follow"}}
	s.renderForm(w, r, p, nil, "Self-assessment results – "+q.Net.Name)
}

// ---- Recommendations, the action plan and the board summary

type recView struct {
	Nav     *netNav
	Net     *store.NetworkEntry
	Base    string
	Saved   string
	Flags   []network.Flag
	Assess  string
	Recs    []recRow
	CanPlan bool
}

type recRow struct {
	network.Recommendation
	LevelLabel string
	Accepted   bool
}

// latestAssessment returns the network's latest assessment, nil if none.
func (s *Server) latestAssessment(ctx context.Context, id int64) (*network.Assessment, []network.Assessment, error) {
	history, err := s.db.Assessments(ctx, id)
	if err != nil || len(history) == 0 {
		return nil, history, err
	}
	return &history[len(history)-1], history, nil
}

func levelLabel(l network.Level) string {
	switch l {
	case network.LevelOrganisation:
		return "For the organisation"
	case network.LevelNetwork:
		return "For the network"
	case network.LevelNational:
		return "With other networks and nationally"
	}
	return string(l)
}

func (s *Server) netRecommendations(w http.ResponseWriter, r *http.Request, q *netReq) {
	kit := s.kit
	ctx := r.Context()
	rec, err := s.db.Records(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	latest, _, err := s.latestAssessment(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	day := netToday()
	v := &recView{Nav: netNavFor(&q.Net.Network, q.Base+"/recommendations"), Net: q.Net, Base: q.Base, Saved: netSavedMessage(r),
		Flags: network.Flags(&q.Net.Network, rec, day), CanPlan: q.Acc.WorkPlan}
	if latest != nil {
		v.Assess = network.FormatDate(latest.Date)
	}
	for _, rc := range kit.rules.Recommend(&q.Net.Network, latest, rec, day) {
		row := recRow{Recommendation: rc, LevelLabel: levelLabel(rc.Level)}
		if rec.WorkPlan != nil {
			row.Accepted = slices.ContainsFunc(rec.WorkPlan.Objectives, func(o network.Objective) bool { return o.FromRule == rc.RuleID })
		}
		v.Recs = append(v.Recs, row)
	}
	s.render(w, r, http.StatusOK, "network_recs", page{Title: "Recommendations – " + q.Net.Name, Data: v})
}

// netAccept adds a recommendation to the work plan as a new objective,
// owned by the first chair (or the person accepting it) and due in three
// months. The work plan is saved as a new version.
func (s *Server) netAccept(w http.ResponseWriter, r *http.Request, q *netReq) {
	kit := s.kit
	ctx := r.Context()
	rec, err := s.db.Records(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	latest, _, err := s.latestAssessment(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	day := netToday()
	rule := r.PathValue("rule")
	i := slices.IndexFunc(kit.rules.Recommend(&q.Net.Network, latest, rec, day), func(rc network.Recommendation) bool { return rc.RuleID == rule })
	if i < 0 {
		s.error(w, r, http.StatusNotFound, "This recommendation no longer applies to the network.")
		return
	}
	rc := kit.rules.Recommend(&q.Net.Network, latest, rec, day)[i]
	wp := network.WorkPlan{UpdatedOn: day}
	if rec.WorkPlan != nil {
		wp.Objectives = slices.Clone(rec.WorkPlan.Objectives)
	}
	if !slices.ContainsFunc(wp.Objectives, func(o network.Objective) bool { return o.FromRule == rule }) {
		owner := q.User.Email
		if chairs := q.Net.LeadersIn(network.RoleChair); len(chairs) > 0 {
			owner = chairs[0].Name
		}
		wp.Objectives = append(wp.Objectives, rc.Objective(owner, day.AddDate(0, 3, 0)))
		if err := s.db.SaveWorkPlan(ctx, q.Net.ID, &wp); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, q.Base+"/work-plan?saved=accepted", http.StatusSeeOther)
}

type boardView struct {
	Net     *store.NetworkEntry
	Base    string
	Sum     network.BoardSummary
	Today   string
	Assess  string
	Overall [2]string
	Areas   [][3]string
	Trend   []string
	Compare []string
	Why     string
	Plan    string
	Sponsor string
	Terms   string
}

func (s *Server) netBoard(w http.ResponseWriter, r *http.Request, q *netReq) {
	kit := s.kit
	ctx := r.Context()
	rec, err := s.db.Records(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	_, history, err := s.latestAssessment(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	peers, err := s.peers(ctx, kit, q.Net.Type)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	day := netToday()
	sum := network.Summarise(kit.q, kit.rules, network.SummaryInput{Network: &q.Net.Network, Records: rec, History: history, Peers: peers, Region: q.Net.Region}, day)
	v := &boardView{Net: q.Net, Base: q.Base, Sum: sum, Today: network.FormatDate(day), Why: sum.ComparisonNote}
	if !sum.AssessedOn.IsZero() {
		v.Assess = network.FormatDate(sum.AssessedOn)
		a, b := fmtScore(sum.Overall)
		v.Overall = [2]string{a, b}
		for _, ar := range sum.Areas {
			sc, lv := fmtScore(ar)
			v.Areas = append(v.Areas, [3]string{ar.Title, sc, lv})
		}
		for _, t := range sum.Trend {
			if len(t.Points) > 1 {
				name := t.Title
				if t.Area == "overall" {
					name = "Overall"
				}
				v.Trend = append(v.Trend, fmt.Sprintf("%s: %+.2f since the previous assessment, %+.2f since the first", name, t.Change, t.SinceFirst))
			}
		}
	}
	if c := sum.Comparison; c != nil {
		for _, a := range append(c.Areas, c.Overall) {
			if a.Suppressed || !a.OwnScored {
				continue
			}
			title := a.Title
			if a.Area == "overall" {
				title = "Overall"
			}
			v.Compare = append(v.Compare, fmt.Sprintf("%s: %.2f against a median of %.2f", title, a.Own, a.Median))
		}
	}
	wp := sum.WorkPlan
	v.Plan = fmt.Sprintf("%d objectives: %d in progress, %d done, %d not started, %d blocked, %d overdue; %d linked to organisation objectives or WRES indicators; %.0f%% done on average.",
		wp.Total, wp.InProgress, wp.Done, wp.NotStarted, wp.Blocked, wp.Overdue, wp.Linked, wp.MeanPercent)
	v.Sponsor = "No executive sponsor named."
	if sp := sum.Sponsor; sp != nil {
		v.Sponsor = sp.Name
		if sp.BoardRole != "" {
			v.Sponsor += ", " + sp.BoardRole
		}
		if sr := sum.SponsorRecord; sr != nil {
			v.Sponsor += "; last met " + netDateOrNever(sr.LastMet) + "; role expectations " + map[bool]string{true: "agreed", false: "not agreed"}[sr.ExpectationsAgreed] + "."
		}
	}
	v.Terms = "No terms of reference recorded."
	if t := sum.TermsOfReference; t != nil {
		v.Terms = fmt.Sprintf("Version %d, approved %s, review due %s.", t.Version, network.FormatDate(t.ApprovedOn), network.FormatDate(t.ReviewDue))
	}
	s.render(w, r, http.StatusOK, "network_board", page{Title: "State of the network – " + q.Net.Name, Data: v})
}

// Keys in Progress.Answers for the edited drafts. They are not step
// fields, so Guide.Save never touches them; the drafts page writes them.
const (
	draftBusinessCase = "_business_case"
	draftTerms        = "_terms_of_reference"
)

// guideReq is a request about one guide's progress.
type guideReq struct {
	User   *store.User
	G      *store.GuideProgress
	Change bool
	Base   string
}

// loadGuide loads {guide}: an administrator, the account that started it
// and its organisation's admin may change it; a national viewer may read
// it; anyone else gets 404, so one network's drafts stay with it.
func (s *Server) loadGuide(w http.ResponseWriter, r *http.Request) (*guideReq, bool) {
	u := &sessionFrom(r.Context()).User
	id, err := strconv.ParseInt(r.PathValue("guide"), 10, 64)
	var g *store.GuideProgress
	if err == nil {
		g, err = s.db.Guide(r.Context(), id)
	}
	if errors.Is(err, store.ErrNotFound) || id <= 0 {
		s.error(w, r, http.StatusNotFound, "")
		return nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	change := u.Role == auth.Admin || (u.Org != "" && u.Org == g.Progress.OrgCode && (u.Role == auth.OrgAdmin || (u.Role == auth.NetworkLead && g.Owner == u.ID)))
	if !change && u.Role != auth.NationalViewer {
		s.error(w, r, http.StatusNotFound, "")
		return nil, false
	}
	if !change && r.Method != http.MethodGet {
		s.error(w, r, http.StatusForbidden, "Your account can read this guide but not change it.")
		return nil, false
	}
	return &guideReq{User: u, G: g, Change: change, Base: fmt.Sprintf("/my/start-a-network/%d", g.ID)}, true
}

// guideStart starts a new guide for the account's organisation.
func (s *Server) guideStart(w http.ResponseWriter, r *http.Request) {
	u := &sessionFrom(r.Context()).User
	if r.Method == http.MethodGet {
		http.Redirect(w, r, "/my/networks", http.StatusSeeOther)
		return
	}
	if !netCanStartGuide(u) {
		s.error(w, r, http.StatusForbidden, "Only an organisation's admin or a network lead can start a new network.")
		return
	}
	g := &store.GuideProgress{Owner: u.ID, Progress: network.Progress{OrgCode: u.Org, UpdatedOn: netToday()}}
	if err := s.db.SaveGuideProgress(r.Context(), g); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/my/start-a-network/%d", g.ID), http.StatusSeeOther)
}

type guideView struct {
	Base, Title, Saved string
	Change             bool
	Percent            int
	Steps              []guideStepRow
	TypeField          netField
	HasType            bool
	Similar            netTable
	Next               string
}

type guideStepRow struct {
	Href, Title, Status string
	Done, Started       bool
}

func (s *Server) guideTasks(w http.ResponseWriter, r *http.Request) {
	q, ok := s.loadGuide(w, r)
	if !ok {
		return
	}
	kit := s.kit
	p := &q.G.Progress
	v := &guideView{Base: q.Base, Title: netGuideTitle(p), Change: q.Change, Percent: kit.guide.PercentDone(p), HasType: p.Type != "",
		Saved: map[string]string{"type": "The type of network is saved.", "step": "The step is marked complete.", "drafts": "The drafts are saved."}[r.URL.Query().Get("saved")]}
	v.TypeField = netField{ID: "type", Label: "What kind of network are you starting?", Kind: "radios", Options: netOpts(network.Types, network.Type.Label, string(p.Type))}
	if n := kit.guide.Next(p); n != nil {
		v.Next = q.Base + "/" + n.ID
	}
	for _, st := range kit.guide.Steps {
		row := guideStepRow{Href: q.Base + "/" + st.ID, Title: fmt.Sprintf("%d. %s", st.Number, st.Title), Done: p.IsDone(st.ID)}
		for _, f := range st.Fields {
			if p.Answers[f.ID] != "" {
				row.Started = true
			}
		}
		switch {
		case row.Done:
			row.Status = "Completed"
		case row.Started:
			row.Status = "In progress"
		default:
			row.Status = "Not started"
		}
		v.Steps = append(v.Steps, row)
	}
	similar, err := s.similarNetworks(r.Context(), p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Similar = similar
	s.render(w, r, http.StatusOK, "network_start", page{Title: "Start a network – " + v.Title, Data: v})
}

// similarNetworks lists networks of the same type in the same region, as
// the public directory shows them.
func (s *Server) similarNetworks(ctx context.Context, p *network.Progress) (netTable, error) {
	t := netTable{Caption: "Similar networks in your region", Head: []string{"Network", "Organisation", "Status"}, Empty: "No networks of this type in your region are in the directory yet."}
	if p.Type == "" {
		t.Empty = "Choose the type of network to see similar ones."
		return t, nil
	}
	org, err := s.db.Organisation(ctx, p.OrgCode)
	if err != nil {
		return t, err
	}
	list, err := s.db.Networks(ctx, store.NetworkFilter{Region: org.Region, Type: p.Type})
	if err != nil {
		return t, err
	}
	for _, n := range list {
		pub := n.Public()
		name := pub.Name
		if name == "" {
			name = n.Type.Label() + " network"
		}
		t.Rows = append(t.Rows, []netCell{{Text: name, Href: fmt.Sprintf("/networks/%d", n.ID)}, {Text: n.OrgName}, {Text: netStatusLabel(n.Status)}})
		if len(t.Rows) == 20 {
			break
		}
	}
	return t, nil
}

// wresEvidence returns the organisation's latest WRES headline figures, as
// the account may see them (suppressed for a network lead), or nil.
func (s *Server) wresEvidence(ctx context.Context, u *store.User, org string) (*network.WRESEvidence, []render.Headline, int, error) {
	acc := auth.WRESAccess(u.Role, u.Org, org)
	if !acc.View {
		return nil, nil, 0, nil
	}
	rep, err := wresio.Report(ctx, s.db, wres.Scope{Kind: wres.ScopeOrganisation, Code: org}, 0, 0)
	if errors.Is(err, wres.ErrNoData) {
		return nil, nil, 0, nil
	}
	if err != nil {
		return nil, nil, 0, err
	}
	if !acc.Official {
		rep = wres.Suppress(rep, wres.DefaultThreshold)
	}
	if len(rep.Years) == 0 {
		return nil, nil, 0, nil
	}
	y := rep.Years[len(rep.Years)-1]
	ev := &network.WRESEvidence{Year: strconv.Itoa(y.Year), WorkforceBMEPercent: y.Indicator1.Workforce.Percent.BME,
		Indicator2: y.Indicator2.Value, Indicator3: y.Indicator3.Value, BoardBMEPercent: y.Indicator9.Voting.BME.Percent}
	return ev, render.Headlines(rep), y.Year, nil
}

func (s *Server) guideStep(w http.ResponseWriter, r *http.Request) {
	q, ok := s.loadGuide(w, r)
	if !ok {
		return
	}
	kit := s.kit
	ctx := r.Context()
	p := &q.G.Progress
	day := netToday()
	if r.PathValue("step") == "type" && r.Method == http.MethodPost {
		t := network.Type(r.PostFormValue("type"))
		if !t.Valid() {
			s.error(w, r, http.StatusUnprocessableEntity, "Choose the kind of network from the list. Go back and try again.")
			return
		}
		p.Type, p.UpdatedOn = t, day
		if err := s.db.SaveGuideProgress(ctx, q.G); err != nil {
			s.serverError(w, r, err)
			return
		}
		http.Redirect(w, r, q.Base+"?saved=type", http.StatusSeeOther)
		return
	}
	st, ok := kit.guide.Step(r.PathValue("step"))
	if !ok {
		s.error(w, r, http.StatusNotFound, "")
		return
	}
	answers := p.Answers
	var errs network.FieldErrors
	saved := ""
	if r.Method == http.MethodPost {
		in := map[string]string{}
		for _, f := range st.Fields {
			in[f.ID] = r.PostFormValue(f.ID)
		}
		errs = kit.guide.Save(p, st.ID, in, day)
		if len(errs) == 0 && r.PostFormValue("_action") == "complete" {
			errs = kit.guide.Complete(p, st.ID, day)
		}
		if len(errs) == 0 || r.PostFormValue("_action") == "complete" && len(kit.guide.Save(&network.Progress{}, st.ID, in, day)) == 0 {
			// Answers are kept even when the step cannot be marked
			// complete yet, so nothing typed is lost.
			if err := s.db.SaveGuideProgress(ctx, q.G); err != nil {
				s.serverError(w, r, err)
				return
			}
		}
		if len(errs) == 0 {
			if r.PostFormValue("_action") == "complete" {
				http.Redirect(w, r, q.Base+"?saved=step", http.StatusSeeOther)
				return
			}
			saved = "Your answers are saved. You can come back to this step at any time."
		}
		answers = map[string]string{}
		for k, v := range p.Answers {
			answers[k] = v
		}
		for k, v := range in {
			answers[k] = v
		}
	}
	fp := &netForm{Caption: fmt.Sprintf("Start a network: step %d of %d", st.Number, len(kit.guide.Steps)), Heading: st.Title, Saved: saved,
		Lead: []string{st.Guidance}, Action: q.Base + "/" + st.ID}
	if p.IsDone(st.ID) {
		fp.Lead = append(fp.Lead, "This step is marked complete.")
	}
	switch st.ID {
	case "evidence":
		_, heads, year, err := s.wresEvidence(ctx, q.User, p.OrgCode)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if heads != nil {
			t := netTable{Caption: fmt.Sprintf("Your organisation's WRES headline figures, %d", year), Head: []string{"Indicator", "Value"}}
			for _, h := range heads {
				v := "–"
				if len(h.Values) > 0 && h.Values[len(h.Values)-1] != "" {
					v = h.Values[len(h.Values)-1]
				}
				t.Rows = append(t.Rows, netCells(h.Label, v))
			}
			fp.Tables = append(fp.Tables, t)
			fp.Lead = append(fp.Lead, "These figures are added to the draft business case for you.")
		} else {
			fp.Lead = append(fp.Lead, "Your organisation's WRES return is not in staffnet, so the business case will not quote its figures.")
		}
	case "learn":
		t, err := s.similarNetworks(ctx, p)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		fp.Tables = append(fp.Tables, t)
	}
	g := netGroup{}
	for _, f := range st.Fields {
		kind, label := f.Kind, f.Label
		if kind == "list" {
			kind = "textarea"
		}
		if !f.Required {
			label += " (optional)"
		}
		g.Fields = append(g.Fields, netField{ID: f.ID, Label: label, Hint: f.Hint, Kind: kind, Value: answers[f.ID], Rows: 4})
	}
	fp.Groups = []netGroup{g}
	if q.Change {
		fp.Buttons = []netButton{{Name: "_action", Value: "complete", Label: "Save and mark complete"}, {Name: "_action", Value: "save", Label: "Save", Secondary: true}}
	} else {
		fp.Action = ""
		fp.Tables = append(fp.Tables, netTable{Caption: "Answers", Head: []string{"Question", "Answer"}})
		for _, f := range st.Fields {
			fp.Tables[len(fp.Tables)-1].Rows = append(fp.Tables[len(fp.Tables)-1].Rows, netCells(f.Label, netOrText(answers[f.ID], "Not answered")))
		}
	}
	fp.Links = []netLink{{Href: q.Base, Text: "Back to the six steps"}}
	s.renderForm(w, r, fp, errs, st.Title+" – start a network")
}

func (s *Server) guideDrafts(w http.ResponseWriter, r *http.Request) {
	q, ok := s.loadGuide(w, r)
	if !ok {
		return
	}
	kit := s.kit
	ctx := r.Context()
	p := &q.G.Progress
	day := netToday()
	org, err := s.db.Organisation(ctx, p.OrgCode)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ev, _, _, err := s.wresEvidence(ctx, q.User, p.OrgCode)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	in := network.DraftInput{OrgName: org.Name, Type: p.Type, Evidence: ev, Today: day}
	bc, tor := p.Answers[draftBusinessCase], p.Answers[draftTerms]
	if bc == "" {
		bc = kit.guide.DraftBusinessCase(p, in)
	}
	if tor == "" {
		tor = kit.guide.DraftTermsOfReference(p, in)
	}
	name, contact := p.Answers["network_name"], ""
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		bc, tor = strings.TrimSpace(r.PostFormValue("business_case")), strings.TrimSpace(r.PostFormValue("terms"))
		name, contact = strings.TrimSpace(r.PostFormValue("name")), strings.TrimSpace(r.PostFormValue("contact"))
		switch r.PostFormValue("_action") {
		case "regenerate":
			delete(p.Answers, draftBusinessCase)
			delete(p.Answers, draftTerms)
		default:
			if len(bc) > 20000 || len(tor) > 20000 {
				errs = append(errs, network.FieldError{Field: "business_case", Message: "Each draft must be 20000 characters or fewer"})
				break
			}
			if p.Answers == nil {
				p.Answers = map[string]string{}
			}
			p.Answers[draftBusinessCase], p.Answers[draftTerms] = bc, tor
		}
		if len(errs) == 0 && r.PostFormValue("_action") == "create" {
			if !q.Change || !(q.User.Role == auth.Admin || q.User.Role == auth.OrgAdmin || (q.User.Role == auth.NetworkLead && q.User.NetworkID == 0)) {
				s.error(w, r, http.StatusForbidden, "Ask your organisation's admin to create the network from these drafts.")
				return
			}
			n := &network.Network{OrgCode: p.OrgCode, Type: p.Type, Name: name, YearStarted: day.Year(), Purpose: p.Answers["purpose"],
				Contact: contact, MeetingPattern: p.Answers["meeting_pattern"], Status: network.StatusActive,
				Published: slices.Clone(network.DefaultPublished), UpdatedOn: day}
			errs = n.Validate(day)
			t := &network.TermsOfReference{Version: 1, Text: tor, ApprovedOn: day, ReviewDue: day.AddDate(1, 0, 0)}
			for _, e := range t.Validate() {
				errs = append(errs, network.FieldError{Field: "terms", Message: e.Message})
			}
			if len(errs) == 0 {
				if err := s.db.CreateNetworkWithTerms(ctx, n, t); err != nil {
					s.serverError(w, r, err)
					return
				}
				if q.User.Role == auth.NetworkLead {
					if err := s.db.SetUserNetwork(ctx, q.User.ID, n.ID); err != nil {
						s.serverError(w, r, err)
						return
					}
				}
				if err := s.db.SaveGuideProgress(ctx, q.G); err != nil {
					s.serverError(w, r, err)
					return
				}
				http.Redirect(w, r, fmt.Sprintf("/my/networks/%d?saved=created", n.ID), http.StatusSeeOther)
				return
			}
		} else if len(errs) == 0 {
			if err := s.db.SaveGuideProgress(ctx, q.G); err != nil {
				s.serverError(w, r, err)
				return
			}
			http.Redirect(w, r, q.Base+"/drafts?saved=drafts", http.StatusSeeOther)
			return
		}
	}
	fp := &netForm{Caption: "Start a network", Heading: "Drafts: business case and terms of reference", Action: q.Base + "/drafts",
		Lead: []string{"First drafts built from your answers to the six steps. Gaps show as “[To complete: …]”. Edit them here and save; creating the network saves the terms of reference as its first version."}}
	if r.URL.Query().Get("saved") == "drafts" {
		fp.Saved = "The drafts are saved."
	}
	if ev == nil {
		fp.Lead = append(fp.Lead, "Your organisation's WRES figures are not in staffnet, so the business case does not quote them.")
	}
	fp.Groups = []netGroup{
		{Fields: []netField{
			{ID: "business_case", Label: "Business case", Kind: "textarea", Rows: 18, Value: bc, Large: true},
			{ID: "terms", Label: "Terms of reference", Kind: "textarea", Rows: 18, Value: tor, Large: true},
		}},
		{Legend: "Create the network", Hint: "When the organisation has agreed, create the network. Its purpose and meeting pattern come from step 6.", Fields: []netField{
			{ID: "name", Label: "Name of the network", Kind: "text", Value: name},
			{ID: "contact", Label: "How staff can contact the network", Hint: "A shared mailbox or intranet page, not a personal address.", Kind: "text", Value: contact},
		}},
	}
	if p.Type == "" {
		fp.Lead = append(fp.Lead, "Choose the kind of network on the six steps page before creating it.")
	}
	if q.Change {
		fp.Buttons = []netButton{{Name: "_action", Value: "save", Label: "Save drafts"}, {Name: "_action", Value: "create", Label: "Create the network", Secondary: true},
			{Name: "_action", Value: "regenerate", Label: "Start the drafts again from my answers", Secondary: true}}
	} else {
		fp.Action = ""
		fp.Blocks = []netBlock{{Heading: "Business case", Text: bc}, {Heading: "Terms of reference", Text: tor}}
	}
	fp.Links = []netLink{{Href: q.Base, Text: "Back to the six steps"}}
	s.renderForm(w, r, fp, errs, "Drafts – start a network")
}
