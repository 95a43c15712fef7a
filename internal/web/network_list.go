package web

// My networks: the list, a network's overview, and adding and editing a
// network's details.

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

type netListView struct {
	Networks []netRow
	Guides   []netGuideRow
	Underway bool // the account has a guide under way: starting again returns to it
	Rights   auth.Rights
	OrgName  string // the account's organisation by name, "" for none
}

type netRow struct {
	Href, Name, Org, Type, Status string
	Flags                         int
}

type netGuideRow struct {
	Href, Title string
	Percent     int
	Created     string // the network created from the guide, if it was
}

// netList sends a lead or sponsor to their network, and shows an
// organisation admin (or the national team) the networks they can see.
func (s *Server) netList(w http.ResponseWriter, r *http.Request) {
	u := &sessionFrom(r.Context()).User
	ctx := r.Context()
	if id := auth.NetworkHome(u.Role, u.NetworkID); id != 0 {
		http.Redirect(w, r, fmt.Sprintf("/my/networks/%d", id), http.StatusSeeOther)
		return
	}
	rights := auth.RightsOf(u.Role, u.Org, u.NetworkID)
	var f store.NetworkFilter
	switch {
	case rights.ListAll:
	case rights.ListOrg:
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
	v := &netListView{Rights: rights}
	if f.Org != "" {
		org, err := s.db.Organisation(ctx, f.Org)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.serverError(w, r, err)
			return
		}
		v.OrgName = f.Org
		if err == nil {
			v.OrgName = org.Name
		}
	}
	day := netToday()
	for i := range list {
		n := &list[i]
		if !auth.NetworkAccess(u.Role, u.Org, u.NetworkID, n.OrgCode, n.ID).Allows(auth.ReadNetwork) {
			continue
		}
		rec, err := s.db.Records(ctx, n.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Networks = append(v.Networks, netRow{Href: fmt.Sprintf("/my/networks/%d", n.ID), Name: n.Name, Org: n.OrgName,
			Type: n.Type.Label(), Status: n.Status.Label(), Flags: len(network.Flags(&n.Network, rec, day))})
	}
	if rights.StartNetwork {
		owner := u.ID
		if rights.SeeAllGuides {
			owner = 0
		}
		gs, err := s.db.Guides(ctx, u.Org, owner)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, g := range gs {
			row := netGuideRow{Href: fmt.Sprintf("/my/start-a-network/%d", g.ID), Title: guideTitle(&g.Progress), Percent: s.kit.guide.PercentDone(&g.Progress)}
			if id := g.Progress.NetworkID; id != 0 {
				row.Created = fmt.Sprintf("/my/networks/%d", id)
			} else if g.Owner == u.ID {
				v.Underway = true
			}
			v.Guides = append(v.Guides, row)
		}
	}
	s.render(w, r, http.StatusOK, "network_list", page{Title: "Staff networks", Data: v})
}

type netOverviewView struct {
	netPage
	Rows    []netSummaryRow
	Records []netSummaryRow
	Members *membershipFigures
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
	v := &netOverviewView{netPage: q.pageFor(r, "overview")}
	v.Flags = network.Flags(n, rec, netToday())
	v.Rows = []netSummaryRow{
		{Key: "Organisation", Value: q.Net.OrgName + " (" + n.OrgCode + ")", Public: "Always published"},
		{Key: "Type", Value: n.Type.Label(), Public: "Always published"},
		{Key: "Status", Value: n.Status.Label(), Public: "Always published"},
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
		sr = "Last met " + dateOrNever(sp.LastMet)
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
		{Key: "Meetings", Value: "Last minutes " + dateOrNever(rec.LastMinutes) + "; next meeting " + dateOrNever(rec.NextMeeting), Href: q.Base + "/meetings", Link: "meetings"},
	}
	if v.Members, _, err = s.membership(r, q); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "network_view", page{Title: n.Name, Data: v})
}

// netDetailsView is network_details.html: adding a network or editing
// its details.
type netDetailsView struct {
	netPage                  // Net is nil when adding
	Caption, Heading, Action string
	AskOrg                   bool // an administrator names the organisation
	N                        *network.Network
	Year                     string
	Types, Statuses          []Option
	Leaders                  []leaderRow
	Sponsor                  network.Sponsor
	Published                []Option
}

type leaderRow struct {
	Index int
	Name  string
	Roles []Option
}

// netNew creates a network in the account's organisation (an administrator
// names the organisation).
func (s *Server) netNew(w http.ResponseWriter, r *http.Request) {
	u := &sessionFrom(r.Context()).User
	rights := auth.RightsOf(u.Role, u.Org, u.NetworkID)
	if !rights.CreateNetwork {
		s.error(w, r, http.StatusForbidden, "Only an organisation's admin can add its networks.")
		return
	}
	n := &network.Network{OrgCode: u.Org, Status: network.StatusActive, Published: slices.Clone(network.DefaultPublished)}
	askOrg := rights.ChooseOrg
	blank := 1
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		blank = network.ReadNetworkForm(network.Form(r.PostForm), n)
		if askOrg {
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
	v := detailsView(n, blank)
	v.Caption, v.Heading, v.Action, v.AskOrg = "Staff networks", "Add a staff network", "/my/networks/new", askOrg
	s.renderForm(w, r, "network_details", "Add a staff network", v, errs)
}

func (s *Server) netEdit(w http.ResponseWriter, r *http.Request, q *netReq) {
	n := q.Net.Network
	n.Leaders = slices.Clone(n.Leaders)
	blank := 1
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		blank = network.ReadNetworkForm(network.Form(r.PostForm), &n)
		n.OrgCode = q.Net.OrgCode // the organisation is not the lead's to change
		if r.PostFormValue("_action") != "add_leader" {
			errs = n.Validate(netToday())
			if len(errs) == 0 {
				n.UpdatedOn = netToday()
				s.afterSave(w, r, s.db.UpdateNetwork(r.Context(), &n), q.Base+"?saved=network")
				return
			}
		}
	}
	v := detailsView(&n, blank)
	v.netPage = q.pageFor(r, "")
	v.Saved = ""
	v.Caption, v.Heading, v.Action = q.Net.Name, "Edit the network's details", q.Base+"/edit"
	s.renderForm(w, r, "network_details", "Edit "+q.Net.Name, v, errs)
}

func detailsView(n *network.Network, blankLeaders int) *netDetailsView {
	v := &netDetailsView{N: n,
		Types:    optionsOf(network.Types, network.Type.Label, string(n.Type)),
		Statuses: optionsOf(network.Statuses, network.Status.Label, string(n.Status)),
	}
	if n.YearStarted > 0 {
		v.Year = strconv.Itoa(n.YearStarted)
	} else if n.YearStarted < 0 {
		v.Year = "?"
	}
	for i := range len(n.Leaders) + blankLeaders {
		var l network.Leader
		if i < len(n.Leaders) {
			l = n.Leaders[i]
		}
		roles := append([]Option{{Value: "", Label: "Choose a role"}}, optionsOf(network.Roles, network.Role.Label, string(l.Role))...)
		v.Leaders = append(v.Leaders, leaderRow{Index: i, Name: l.Name, Roles: roles})
	}
	if n.Sponsor != nil {
		v.Sponsor = *n.Sponsor
	}
	v.Published = optionsOf(network.Publishable, network.PublishLabel, n.Published...)
	return v
}
