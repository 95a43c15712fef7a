package web

// An organisation's WRES action plan for a year: for each of the nine
// indicators, the organisation's trend beside the actions it and its
// networks share, and the organisation-level recommendations of its
// networks' self-assessments, which can become actions.

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/chart"
	"staffnet/internal/network"
	"staffnet/internal/store"
	"staffnet/internal/wres"
	"staffnet/internal/wres/render"
)

type planView struct {
	Org        string
	Code       string
	Year       int
	Prev, Next int
	Base       string // /org/{code}/wres-plan/{year}
	Acc        auth.OrgWorkRights
	Official   bool // the trends are unsuppressed
	NoData     bool // no WRES return is loaded
	Saved      bool
	Indicators []planIndicator
	Recs       []planRec
}

// planIndicator is one indicator's section: its trend and its actions.
type planIndicator struct {
	N       int
	Title   string
	Chart   *chart.Chart // nil when there are no figures
	Actions []planRow
}

type planRow struct {
	network.PlanAction
	OrgOwner, Network string
	StatusLabel, Tag  string
	Overdue           bool
}

// planRec is an organisation-level recommendation of one network's
// self-assessment that is not yet on the plan.
type planRec struct {
	NetworkID   int64
	NetworkName string
	network.Recommendation
}

// planYear reads the path's year; false (404 written) when it is not a
// plausible plan year.
func (s *Server) planYear(w http.ResponseWriter, r *http.Request) (int, bool) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 2000 || y > 2100 {
		s.error(w, r, http.StatusNotFound, "")
		return 0, false
	}
	return y, true
}

func planBase(code string, year int) string { return fmt.Sprintf("/org/%s/wres-plan/%d", code, year) }

// planHome opens this year's plan.
func (s *Server) planHome(w http.ResponseWriter, r *http.Request, q *orgReq) {
	http.Redirect(w, r, planBase(q.Org.Code, time.Now().Year()), http.StatusSeeOther)
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request, q *orgReq) {
	year, ok := s.planYear(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	acts, err := s.db.PlanActions(ctx, q.Org.Code, year)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	owners, names, err := s.planOwners(ctx, q.Org.Code)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// The trends are the organisation's WRES figures as the account may
	// see them on the WRES pages: official for the organisation's admin,
	// suppressed under 11 for a network's lead and sponsor.
	official := auth.WRESAccess(q.User.Role, q.User.Org, q.Org.Code).Official
	rep, err := s.wresReport(r, wres.Scope{Kind: wres.ScopeOrganisation, Code: q.Org.Code}, official)
	if err != nil && !errors.Is(err, wres.ErrNoData) {
		s.serverError(w, r, err)
		return
	}
	v := &planView{Org: q.Org.Name, Code: q.Org.Code, Year: year, Prev: year - 1, Next: year + 1, Base: planBase(q.Org.Code, year),
		Acc: q.Acc, Official: official, NoData: rep == nil, Saved: r.URL.Query().Get("saved") == "action"}
	today := netToday()
	for n := 1; n <= 9; n++ {
		ind := planIndicator{N: n, Title: network.WRESIndicators[n]}
		if rep != nil {
			ind.Chart = trendChart(rep, n)
		}
		for _, a := range acts {
			if a.Indicator != n {
				continue
			}
			row := planRow{PlanAction: a, OrgOwner: orText(a.OrgOwnerRole, names.admins[a.OrgOwnerID]), Network: names.networks[a.NetworkID],
				StatusLabel: a.Status.Label(), Tag: statusTags[a.Status], Overdue: a.Overdue(today)}
			ind.Actions = append(ind.Actions, row)
		}
		v.Indicators = append(v.Indicators, ind)
	}
	if v.Recs, err = s.orgRecommendations(ctx, owners.Networks, acts); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "org_wres_plan", page{Title: fmt.Sprintf("WRES action plan %d – %s", year, q.Org.Name), Data: v})
}

// trendChart is indicator n's figures by year as one bar chart (both of
// indicator 9's parts, labelled). A bar's length is the size of the
// figure; its text, signed, says which way. Relative likelihoods are drawn
// against a line at 1, equal.
func trendChart(rep *wres.Report, n int) *chart.Chart {
	var hs []render.Headline
	for _, h := range render.Headlines(rep) {
		if int(h.ID) == n {
			hs = append(hs, h)
		}
	}
	if len(hs) == 0 {
		return nil
	}
	c := &chart.Chart{ID: fmt.Sprintf("trend-%d", n), Title: fmt.Sprintf("Indicator %d by year", n)}
	top := 0.0
	for _, h := range hs {
		for i, y := range rep.Years {
			label := strconv.Itoa(y.Year)
			if len(hs) > 1 {
				label = h.Short[:2] + ", " + label // 9a, 9b
			}
			b := chart.Bar{Label: label, Text: h.Shown(i), Hidden: true}
			if f, err := strconv.ParseFloat(h.Values[i], 64); err == nil {
				b.Value, b.Hidden = math.Abs(f), false
				top = max(top, b.Value)
			}
			c.Bars = append(c.Bars, b)
		}
	}
	switch hs[0].Kind {
	case render.KindPercent:
		c.Max = 100
		c.Desc = hs[0].Short + ", each year."
	case render.KindRatio:
		c.Max = max(2, math.Ceil(top))
		c.Ref = &chart.Ref{Value: 1, Label: "Dashed line: 1.00, equal likelihood"}
		c.Desc = hs[0].Short + ", each year."
	default:
		c.Max = max(10, math.Ceil(top))
		c.Desc = "The gap in percentage points each year; a minus sign means the first group's figure is lower."
	}
	return c
}

// planNames are the names the plan's owners are shown by.
type planNames struct {
	admins   map[int64]string // org_admin accounts by id: their email
	networks map[int64]string // the organisation's networks by id: their name
}

// planOwners lists who an action of organisation code may name as its
// owners, and their names.
func (s *Server) planOwners(ctx context.Context, code string) (network.PlanOwners, planNames, error) {
	var o network.PlanOwners
	names := planNames{admins: map[int64]string{}, networks: map[int64]string{}}
	admins, err := s.db.OrgAdmins(ctx, code)
	if err != nil {
		return o, names, err
	}
	for _, a := range admins {
		o.OrgAdmins = append(o.OrgAdmins, a.ID)
		names.admins[a.ID] = a.Email
	}
	nets, err := s.db.Networks(ctx, store.NetworkFilter{Org: code})
	if err != nil {
		return o, names, err
	}
	for _, n := range nets {
		o.Networks = append(o.Networks, n.ID)
		names.networks[n.ID] = n.Name
	}
	return o, names, nil
}

// orgRecommendations are the organisation-level recommendations the
// self-assessments of networks ids make today, less those already on the
// plan (acts).
func (s *Server) orgRecommendations(ctx context.Context, ids []int64, acts []network.PlanAction) ([]planRec, error) {
	var out []planRec
	for _, id := range ids {
		recs, n, err := s.networkRecs(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, rc := range recs {
			onPlan := slices.ContainsFunc(acts, func(a network.PlanAction) bool { return a.FromNetwork == id && a.FromRule == rc.RuleID })
			if rc.Level == network.LevelOrganisation && !onPlan {
				out = append(out, planRec{NetworkID: id, NetworkName: n.Name, Recommendation: rc})
			}
		}
	}
	return out, nil
}

// networkRecs is what the rules recommend network id today, from its
// records and latest self-assessment.
func (s *Server) networkRecs(ctx context.Context, id int64) ([]network.Recommendation, *store.NetworkEntry, error) {
	n, err := s.db.Network(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	rec, err := s.db.Records(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	latest, _, err := s.latestAssessment(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	return s.kit.rules.Recommend(&n.Network, latest, rec, netToday()), n, nil
}

type planFormView struct {
	formState
	Org, Code  string
	Year       int
	Back       string
	Action     string // the form's URL
	Editing    bool
	A          network.PlanAction
	FromAction string // the recommendation's words, when the action comes from one
	Due        string
	Indicators []Option
	OrgOwners  []Option
	Networks   []Option
	Statuses   []Option
}

// planAction adds an action (…/new, optionally from a recommendation:
// ?network=ID&rule=RULE) or changes one (…/actions/{action}).
func (s *Server) planAction(w http.ResponseWriter, r *http.Request, q *orgReq) {
	year, ok := s.planYear(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	owners, names, err := s.planOwners(ctx, q.Org.Code)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	base := planBase(q.Org.Code, year)
	v := &planFormView{Org: q.Org.Name, Code: q.Org.Code, Year: year, Back: base, Action: base + "/new"}
	a := network.PlanAction{OrgCode: q.Org.Code, Year: year, Status: network.NotStarted}
	if idText := r.PathValue("action"); idText != "" {
		id, _ := strconv.ParseInt(idText, 10, 64)
		stored, err := s.db.PlanAction(ctx, q.Org.Code, id)
		if err == nil && stored.Year != year {
			err = store.ErrNotFound // the action is reached through its own year only
		}
		if !s.found(w, r, err) {
			return
		}
		a, v.Editing, v.Action = *stored, true, base+"/actions/"+idText
	} else if from := r.FormValue("rule"); from != "" {
		// The recommendation must be one the rules make today for a
		// network of this organisation: ids in the URL or the form are
		// checked, not trusted.
		netID, _ := strconv.ParseInt(r.FormValue("network"), 10, 64)
		rc, found, err := s.orgRecommendation(ctx, owners.Networks, netID, from)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if !found {
			s.error(w, r, http.StatusNotFound, "This recommendation does not apply to a network of this organisation.")
			return
		}
		a = network.PlanActionFrom(rc, q.Org.Code, year, netID)
		v.FromAction, v.Action = rc.Action, fmt.Sprintf("%s/new?network=%d&rule=%s", base, netID, from)
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		if errs = network.ReadPlanActionForm(network.Form(r.PostForm), &a, owners); len(errs) == 0 {
			s.afterSave(w, r, s.db.SavePlanAction(ctx, &a), base+"?saved=action#indicator-"+strconv.Itoa(a.Indicator))
			return
		}
	}
	v.A, v.Due = a, dateValue(a.Due)
	for n, l := range network.WRESIndicators {
		if n == 0 {
			l = "Select an indicator"
		}
		v.Indicators = append(v.Indicators, Option{Value: strconv.Itoa(n), Label: l, Checked: n == a.Indicator})
	}
	v.OrgOwners = []Option{{Value: "0", Label: "A named role (enter it below)", Checked: a.OrgOwnerID == 0}}
	for _, id := range owners.OrgAdmins {
		v.OrgOwners = append(v.OrgOwners, Option{Value: strconv.FormatInt(id, 10), Label: names.admins[id], Checked: id == a.OrgOwnerID})
	}
	v.Networks = []Option{{Value: "0", Label: "Select a network"}}
	for _, id := range owners.Networks {
		v.Networks = append(v.Networks, Option{Value: strconv.FormatInt(id, 10), Label: names.networks[id], Checked: id == a.NetworkID})
	}
	v.Statuses = optionsOf(network.ObjectiveStatuses, network.ObjectiveStatus.Label, string(a.Status))
	title := "Add an action"
	if v.Editing {
		title = "Change an action"
	}
	s.renderForm(w, r, "org_wres_action", fmt.Sprintf("%s – WRES action plan %d", title, year), v, errs)
}

// orgRecommendation finds the organisation-level recommendation rule that
// network netID, one of the organisation's (ids), is made today.
func (s *Server) orgRecommendation(ctx context.Context, ids []int64, netID int64, rule string) (network.Recommendation, bool, error) {
	if !slices.Contains(ids, netID) {
		return network.Recommendation{}, false, nil
	}
	recs, _, err := s.networkRecs(ctx, netID)
	if err != nil {
		return network.Recommendation{}, false, err
	}
	i := slices.IndexFunc(recs, func(rc network.Recommendation) bool {
		return rc.RuleID == rule && rc.Level == network.LevelOrganisation
	})
	if i < 0 {
		return network.Recommendation{}, false, nil
	}
	return recs[i], true, nil
}
