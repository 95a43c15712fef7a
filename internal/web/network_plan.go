package web

// The work plan and the recommendations that feed it: a recommendation
// accepted becomes an objective of a new version of the work plan.

import (
	"context"
	"net/http"
	"slices"
	"staffnet/internal/cases"
	"strconv"
	"time"

	"staffnet/internal/network"
)

type workPlanView struct {
	netPage
	Plan       *network.WorkPlan // as stored
	Objectives []planObjective
	Progress   network.WorkPlanProgress
	Glance     []glanceItem   // counts by status, as tags
	Rows       []objectiveRow // the form's
}

// planObjective is an objective as the work plan's table shows it: its
// status as a tag and, when it is past due and not done, marked overdue.
type planObjective struct {
	network.Objective
	Tag     string // the NHS tag modifier for its status
	Overdue bool
}

// glanceItem is one count of the work plan at a glance.
type glanceItem struct {
	Label, Tag string
	N          int
}

// statusTags are the NHS tag colours of the objective statuses.
var statusTags = map[network.ObjectiveStatus]string{
	network.NotStarted: "nhsuk-tag--grey", network.InProgress: "nhsuk-tag--blue",
	network.Done: "nhsuk-tag--green", network.Blocked: "nhsuk-tag--orange",
}

// planGlance is the work plan's objectives and counts for its table and
// the line of tags above it.
func planGlance(wp *network.WorkPlan, today time.Time) ([]planObjective, network.WorkPlanProgress, []glanceItem) {
	if wp == nil {
		return nil, network.WorkPlanProgress{}, nil
	}
	var objs []planObjective
	for _, o := range wp.Objectives {
		objs = append(objs, planObjective{Objective: o, Tag: statusTags[o.Status], Overdue: o.Overdue(today)})
	}
	p := wp.Progress(today)
	glance := []glanceItem{
		{network.NotStarted.Label(), statusTags[network.NotStarted], p.NotStarted},
		{network.InProgress.Label(), statusTags[network.InProgress], p.InProgress},
		{network.Done.Label(), statusTags[network.Done], p.Done},
		{network.Blocked.Label(), statusTags[network.Blocked], p.Blocked},
		{"Overdue", "nhsuk-tag--red", p.Overdue},
	}
	return objs, p, glance
}

type objectiveRow struct {
	Index      int
	Existing   bool // an objective already in the plan, which may be removed
	Number     int  // "Objective 2" or, for a blank row, "New objective 1"
	O          network.Objective
	Percent    string
	Indicators []Option
	Statuses   []Option
}

func (s *Server) netWorkPlan(w http.ResponseWriter, r *http.Request, q *netReq) {
	p, rec, err := s.recordPage(r, q, "work-plan")
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
		objs, blank, dateErrs = network.ReadWorkPlanForm(network.Form(r.PostForm))
		if r.PostFormValue("_action") != "add" {
			wp := network.WorkPlan{UpdatedOn: netToday(), Objectives: objs}
			if rec.WorkPlan != nil {
				wp.Dismissed = rec.WorkPlan.Dismissed // set aside on the recommendations page, not here
			}
			if errs = append(wp.Validate(), dateErrs...); len(errs) == 0 {
				s.afterSave(w, r, s.db.SaveWorkPlan(r.Context(), q.Net.ID, &wp), q.Base+"/work-plan?saved=work-plan")
				return
			}
		}
	}
	v := &workPlanView{netPage: p, Plan: rec.WorkPlan}
	v.Objectives, v.Progress, v.Glance = planGlance(rec.WorkPlan, netToday())
	for i := range len(objs) + blank {
		row := objectiveRow{Index: i, O: network.Objective{Status: network.NotStarted}, Number: i - len(objs) + 1}
		if i < len(objs) {
			row.O, row.Existing, row.Number = objs[i], true, i+1
		}
		if row.O.PercentDone >= 0 {
			row.Percent = strconv.Itoa(row.O.PercentDone)
		}
		for n, l := range network.WRESIndicators {
			row.Indicators = append(row.Indicators, Option{Value: strconv.Itoa(n), Label: l, Checked: n == row.O.WRESIndicator})
		}
		row.Statuses = optionsOf(network.ObjectiveStatuses, network.ObjectiveStatus.Label, string(row.O.Status))
		v.Rows = append(v.Rows, row)
	}
	s.renderForm(w, r, "network_workplan", "Work plan – "+q.Net.Name, v, errs)
}

type recView struct {
	netPage
	Assess    string
	Recs      []recRow       // recommendations that apply and are not set aside
	Dismissed []dismissedRow // set aside as not relevant
}

type recRow struct {
	network.Recommendation
	Accepted bool
	Cases    []caseLink // "networks that did this": published studies tagged with the rule
}

// dismissedRow is a recommendation set aside, with whether the rules
// still make it today.
type dismissedRow struct {
	network.Dismissal
	When string // "12 March 2026 by …", and whether the rules still make it
}

// latestAssessment returns the network's latest assessment (nil if none)
// and all of them.
func (s *Server) latestAssessment(ctx context.Context, id int64) (*network.Assessment, []network.Assessment, error) {
	history, err := s.db.Assessments(ctx, id)
	if err != nil || len(history) == 0 {
		return nil, history, err
	}
	return &history[len(history)-1], history, nil
}

// recommend returns what the network's records and latest assessment
// (nil if none) lead the rules to recommend today.
func (s *Server) recommend(ctx context.Context, q *netReq, rec *network.Records) (*network.Assessment, []network.Recommendation, error) {
	latest, _, err := s.latestAssessment(ctx, q.Net.ID)
	if err != nil {
		return nil, nil, err
	}
	return latest, s.kit.rules.Recommend(&q.Net.Network, latest, rec, netToday()), nil
}

func (s *Server) netRecommendations(w http.ResponseWriter, r *http.Request, q *netReq) {
	p, rec, err := s.recordPage(r, q, "recommendations")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	latest, recs, err := s.recommend(r.Context(), q, rec)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p.Flags = nil // the recommendations themselves say what needs attention
	v := &recView{netPage: p}
	if latest != nil {
		v.Assess = network.FormatDate(latest.Date)
	}
	for _, rc := range recs {
		if _, ok := rec.WorkPlan.Dismissal(rc.RuleID); !ok {
			v.Recs = append(v.Recs, recRow{Recommendation: rc, Accepted: rec.WorkPlan.Accepted(rc.RuleID),
				Cases: s.casesTagged(r.Context(), 3, [2]string{string(cases.KindRecommendation), rc.RuleID})})
		}
	}
	if rec.WorkPlan != nil {
		for _, d := range rec.WorkPlan.Dismissed {
			applies := slices.ContainsFunc(recs, func(rc network.Recommendation) bool { return rc.RuleID == d.RuleID })
			when := network.FormatDate(d.On) + " by " + d.By
			if !applies {
				when += "; no longer recommended"
			}
			v.Dismissed = append(v.Dismissed, dismissedRow{Dismissal: d, When: when})
		}
	}
	s.render(w, r, http.StatusOK, "network_recs", page{Title: "Recommendations – " + q.Net.Name, Data: v})
}

// ruleRec finds the network's records and the recommendation named by
// the path's rule among those that still apply, as recs[i]. When it
// returns false it has already written the error page.
func (s *Server) ruleRec(w http.ResponseWriter, r *http.Request, q *netReq) (*network.Records, []network.Recommendation, int, bool) {
	ctx := r.Context()
	rec, err := s.db.Records(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, 0, false
	}
	_, recs, err := s.recommend(ctx, q, rec)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, 0, false
	}
	i := slices.IndexFunc(recs, func(rc network.Recommendation) bool { return rc.RuleID == r.PathValue("rule") })
	if i < 0 {
		s.error(w, r, http.StatusNotFound, "This recommendation no longer applies to the network.")
		return nil, nil, 0, false
	}
	return rec, recs, i, true
}

// netAccept adds a recommendation that still applies to the work plan as
// a new objective (see network.Network.Accept), saved as a new version.
func (s *Server) netAccept(w http.ResponseWriter, r *http.Request, q *netReq) {
	ctx := r.Context()
	rec, recs, i, ok := s.ruleRec(w, r, q)
	if !ok {
		return
	}
	if wp, add := q.Net.Accept(rec.WorkPlan, recs[i], q.User.Email, netToday()); add {
		if err := s.db.SaveWorkPlan(ctx, q.Net.ID, &wp); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, q.Base+"/work-plan?saved=accepted", http.StatusSeeOther)
}

// dismissView is network_rec_dismiss.html: why a recommendation is not
// relevant.
type dismissView struct {
	netPage
	Rec    network.Recommendation
	Reason string
}

// netDismiss sets a recommendation that applies aside as not relevant to
// the network, with a reason (see network.Dismiss), saved as a new version
// of the work plan.
func (s *Server) netDismiss(w http.ResponseWriter, r *http.Request, q *netReq) {
	ctx := r.Context()
	rec, recs, i, ok := s.ruleRec(w, r, q)
	if !ok {
		return
	}
	v := &dismissView{netPage: q.pageFor(r, "recommendations"), Rec: recs[i]}
	if d, ok := rec.WorkPlan.Dismissal(recs[i].RuleID); ok {
		v.Reason = d.Reason
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		v.Reason = r.PostFormValue("reason")
		var wp network.WorkPlan
		if wp, errs = network.Dismiss(rec.WorkPlan, recs[i], v.Reason, q.User.Email, netToday()); len(errs) == 0 {
			s.afterSave(w, r, s.db.SaveWorkPlan(ctx, q.Net.ID, &wp), q.Base+"/recommendations?saved=dismissed")
			return
		}
	}
	s.renderForm(w, r, "network_rec_dismiss", "Not relevant – "+recs[i].Action, v, errs)
}

// netRestore brings a recommendation set aside back into the list.
func (s *Server) netRestore(w http.ResponseWriter, r *http.Request, q *netReq) {
	ctx := r.Context()
	rec, err := s.db.Records(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if wp, ok := network.Restore(rec.WorkPlan, r.PathValue("rule"), netToday()); ok {
		if err := s.db.SaveWorkPlan(ctx, q.Net.ID, &wp); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.Redirect(w, r, q.Base+"/recommendations?saved=restored", http.StatusSeeOther)
}
