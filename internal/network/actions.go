package network

// The rules behind what people do on the network pages, apart from how
// the pages show it: answering the self-assessment page by page, accepting
// a recommendation into the work plan, and turning a six-step guide's
// drafts into a network.

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// RoundDays is how long an assessment round stays open: answers within
// it join the latest assessment; later answers start a new one.
const RoundDays = 90

// CurrentRound returns the assessment a new response joins: the latest
// one if it is less than RoundDays old, or for a sponsor any latest one
// (a sponsor adds their view to the leads' round, never starts one); nil
// means start a new round. history is oldest first.
func CurrentRound(history []Assessment, role RespondentRole, today time.Time) *Assessment {
	if len(history) == 0 {
		return nil
	}
	last := &history[len(history)-1]
	if role == RespondentSponsor || today.Sub(last.Date) < RoundDays*24*time.Hour {
		return last
	}
	return nil
}

// ValidateArea checks the answers to one area's questions, all of which
// need an answer before the respondent moves on.
func (q *Questionnaire) ValidateArea(r *Response, area string) FieldErrors {
	var errs FieldErrors
	for _, e := range q.ValidateResponse(r, true) {
		if qu, ok := q.Question(e.Field); ok && qu.Area == area {
			errs = append(errs, e)
		}
	}
	return errs
}

// FirstAreaWithError is the area of the first question errs name, or the
// first area: where to send a respondent whose submission failed.
func (q *Questionnaire) FirstAreaWithError(errs FieldErrors) string {
	if len(errs) > 0 {
		if qu, ok := q.Question(errs[0].Field); ok {
			return qu.Area
		}
	}
	return q.Areas[0].ID
}

// MaxDraft bounds each draft on the six-step guide's drafts page.
const MaxDraft = 20000

// Drafts is the six-step guide's drafts page: the business case and terms
// of reference as edited, and the network to create from them: its name
// and contact, its leaders (one a line, "Chair: Ada Okafor"), its
// executive sponsor and its first objectives (one a line). The page
// starts the last three from the guide's answers (DraftsFrom).
type Drafts struct {
	BusinessCase, Terms string
	Name, Contact       string
	Leaders             string
	Sponsor             string
	Objectives          string
}

// ReadDraftsForm reads the drafts page.
func ReadDraftsForm(f Form) (Drafts, FieldErrors) {
	d := Drafts{BusinessCase: f.trim("business_case"), Terms: f.trim("terms"), Name: f.trim("name"), Contact: f.trim("contact"),
		Leaders: f.trim("leaders"), Sponsor: f.trim("sponsor"), Objectives: f.trim("objectives")}
	if len(d.BusinessCase) > MaxDraft || len(d.Terms) > MaxDraft {
		return d, FieldErrors{{"business_case", "Each draft must be 20000 characters or fewer"}}
	}
	return d, nil
}

// DraftsFrom fills the network's details the guide collected: the name
// (step 6), the leaders written as "role: name" in the leadership team
// answer (step 6; lines that name no one are left for people to fill in),
// the champion as sponsor (step 5) and the first objectives (step 6).
func DraftsFrom(p *Progress) Drafts {
	d := Drafts{Name: p.Answers["network_name"], Sponsor: strings.TrimSpace(p.Answers["champion"])}
	var leaders []string
	for _, line := range listItems(p.Answers["leadership_team"]) {
		if l, ok := parseLeader(line); ok {
			leaders = append(leaders, roleLabels[l.Role]+": "+l.Name)
		}
	}
	d.Leaders = strings.Join(leaders, "\n")
	d.Objectives = strings.Join(listItems(p.Answers["first_objectives"]), "\n")
	return d
}

// listItems splits a list answer into its items, without bullets or
// blanks.
func listItems(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-*•")); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// leaderRoles reads the role part of "Chair: Ada Okafor"; any other role
// (secretary, treasurer, communications lead) is a committee member.
var leaderRoles = map[string]Role{
	"chair": RoleChair, "co-chair": RoleChair, "chairperson": RoleChair, "chair person": RoleChair,
	"vice-chair": RoleViceChair, "vice chair": RoleViceChair, "deputy chair": RoleViceChair, "vice-chairperson": RoleViceChair,
}

// parseLeader reads one "role: name" line; false if it names no one.
func parseLeader(line string) (Leader, bool) {
	role, name, ok := strings.Cut(line, ":")
	role, name = strings.ToLower(strings.TrimSpace(role)), strings.TrimSpace(name)
	if !ok || role == "" || name == "" {
		return Leader{}, false
	}
	r, known := leaderRoles[role]
	if !known {
		r = RoleCommittee
	}
	return Leader{Role: r, Name: name}, true
}

// Network is the network the drafts describe, with the terms of reference
// as its first version approved today and its first work plan, all
// checked. Its purpose and meeting pattern come from the guide's last
// step; the objectives are owned by the chair (or by, when there is
// none). Errors are reported against the drafts page's fields.
func (d Drafts) Network(p *Progress, by string, today time.Time) (*Network, *TermsOfReference, *WorkPlan, FieldErrors) {
	n := &Network{OrgCode: p.OrgCode, Type: p.Type, Name: d.Name, YearStarted: today.Year(), Purpose: p.Answers["purpose"],
		Contact: d.Contact, MeetingPattern: p.Answers["meeting_pattern"], Status: StatusActive,
		Published: slices.Clone(DefaultPublished), UpdatedOn: today}
	var errs FieldErrors
	for _, line := range listItems(d.Leaders) {
		l, ok := parseLeader(line)
		if !ok {
			errs = append(errs, FieldError{"leaders", "Write each leader on a line as role: name, like Chair: Ada Okafor"})
			break
		}
		n.Leaders = append(n.Leaders, l)
	}
	if d.Sponsor != "" {
		n.Sponsor = &Sponsor{Name: d.Sponsor}
	}
	for _, e := range n.Validate(today) {
		switch {
		case strings.HasPrefix(e.Field, FieldLeaders+"["):
			e.Field = "leaders"
		case strings.HasPrefix(e.Field, FieldSponsor+"."):
			e.Field = "sponsor"
		}
		errs = append(errs, e)
	}
	t := &TermsOfReference{Version: 1, Text: d.Terms, ApprovedOn: today, ReviewDue: today.AddDate(1, 0, 0)}
	for _, e := range t.Validate() {
		errs = append(errs, FieldError{"terms", e.Message})
	}
	owner := by
	if chairs := n.LeadersIn(RoleChair); len(chairs) > 0 {
		owner = chairs[0].Name
	}
	wp := &WorkPlan{UpdatedOn: today}
	for _, title := range listItems(d.Objectives) {
		wp.Objectives = append(wp.Objectives, Objective{Title: title, Owner: owner, Status: NotStarted})
	}
	for _, e := range wp.Validate() {
		errs = append(errs, FieldError{"objectives", e.Message})
	}
	return n, t, wp, errs
}

// Accepted reports whether the work plan (which may be nil) has an
// objective accepted from recommendation rule.
func (w *WorkPlan) Accepted(rule string) bool {
	return w != nil && slices.ContainsFunc(w.Objectives, func(o Objective) bool { return o.FromRule == rule })
}

// Accept returns the next version of the network's work plan (which may be
// nil) with rc added as an objective, owned by the network's first chair
// (or by, when it has none) and due in three months; false means the plan
// has it already and nothing is to be saved.
func (n *Network) Accept(plan *WorkPlan, rc Recommendation, by string, today time.Time) (WorkPlan, bool) {
	wp := WorkPlan{UpdatedOn: today}
	if plan.Accepted(rc.RuleID) {
		return wp, false
	}
	if plan != nil {
		wp.Objectives = slices.Clone(plan.Objectives)
		wp.Dismissed = slices.DeleteFunc(slices.Clone(plan.Dismissed), func(d Dismissal) bool { return d.RuleID == rc.RuleID })
	}
	owner := by
	if chairs := n.LeadersIn(RoleChair); len(chairs) > 0 {
		owner = chairs[0].Name
	}
	wp.Objectives = append(wp.Objectives, rc.Objective(owner, today.AddDate(0, 3, 0)))
	return wp, true
}

// MaxDismissReason bounds the reason a recommendation is set aside.
const MaxDismissReason = 1000

// Dismissal returns why the work plan (which may be nil) set
// recommendation rule aside, if it did.
func (w *WorkPlan) Dismissal(rule string) (Dismissal, bool) {
	if w != nil {
		for _, d := range w.Dismissed {
			if d.RuleID == rule {
				return d, true
			}
		}
	}
	return Dismissal{}, false
}

// WithoutDismissed leaves out of recs those the work plan (which may be
// nil) has set aside.
func (w *WorkPlan) WithoutDismissed(recs []Recommendation) []Recommendation {
	if w == nil || len(w.Dismissed) == 0 {
		return recs
	}
	return slices.DeleteFunc(slices.Clone(recs), func(rc Recommendation) bool {
		_, ok := w.Dismissal(rc.RuleID)
		return ok
	})
}

// Dismiss returns the next version of the work plan (which may be nil)
// with rc set aside as not relevant, for reason; a second dismissal of
// the same recommendation replaces the first. The reason is required, so
// whoever reads the plan later knows why.
func Dismiss(plan *WorkPlan, rc Recommendation, reason, by string, today time.Time) (WorkPlan, FieldErrors) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return WorkPlan{}, FieldErrors{{"reason", "Enter why this recommendation is not relevant to the network"}}
	case len(reason) > MaxDismissReason:
		return WorkPlan{}, FieldErrors{{"reason", fmt.Sprintf("The reason must be %d characters or fewer", MaxDismissReason)}}
	}
	wp := WorkPlan{UpdatedOn: Day(today)}
	if plan != nil {
		wp.Objectives = slices.Clone(plan.Objectives)
		wp.Dismissed = slices.DeleteFunc(slices.Clone(plan.Dismissed), func(d Dismissal) bool { return d.RuleID == rc.RuleID })
	}
	wp.Dismissed = append(wp.Dismissed, Dismissal{RuleID: rc.RuleID, Action: rc.Action, Reason: reason, By: by, On: Day(today)})
	return wp, nil
}

// Restore returns the next version of the work plan with recommendation
// rule no longer set aside; false means it was not, and nothing is to be
// saved.
func Restore(plan *WorkPlan, rule string, today time.Time) (WorkPlan, bool) {
	if _, ok := plan.Dismissal(rule); !ok {
		return WorkPlan{}, false
	}
	wp := WorkPlan{UpdatedOn: Day(today), Objectives: slices.Clone(plan.Objectives)}
	wp.Dismissed = slices.DeleteFunc(slices.Clone(plan.Dismissed), func(d Dismissal) bool { return d.RuleID == rule })
	return wp, true
}
