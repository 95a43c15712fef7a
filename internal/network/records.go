package network

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// TermsOfReference is one approved version of a network's terms of
// reference. Versions are kept, never overwritten.
type TermsOfReference struct {
	Version    int       `json:"version"` // 1, 2, …
	Text       string    `json:"text"`    // Markdown or plain text
	ApprovedOn time.Time `json:"approved_on"`
	ReviewDue  time.Time `json:"review_due"`
}

// Validate checks one version of the terms of reference.
func (t *TermsOfReference) Validate() FieldErrors {
	var es FieldErrors
	if t.Version < 1 {
		es = append(es, FieldError{"version", "Version must be 1 or more"})
	}
	if strings.TrimSpace(t.Text) == "" {
		es = append(es, FieldError{"text", "Enter the terms of reference"})
	}
	if t.ApprovedOn.IsZero() {
		es = append(es, FieldError{"approved_on", "Enter the date the terms of reference were approved"})
	}
	if t.ReviewDue.IsZero() {
		es = append(es, FieldError{"review_due", "Enter the date the terms of reference are due for review"})
	} else if !t.ApprovedOn.IsZero() && !t.ReviewDue.After(t.ApprovedOn) {
		es = append(es, FieldError{"review_due", "Review date must be after the date the terms of reference were approved"})
	}
	return es
}

// ObjectiveStatus is how far a work-plan objective has got.
type ObjectiveStatus string

// Objective statuses.
const (
	NotStarted ObjectiveStatus = "not_started"
	InProgress ObjectiveStatus = "in_progress"
	Done       ObjectiveStatus = "done"
	Blocked    ObjectiveStatus = "blocked"
)

// ObjectiveStatuses lists every status in display order.
var ObjectiveStatuses = []ObjectiveStatus{NotStarted, InProgress, Done, Blocked}

var objectiveStatusLabels = map[ObjectiveStatus]string{NotStarted: "Not started", InProgress: "In progress", Done: "Done", Blocked: "Blocked"}

// Label is the status's name for people.
func (s ObjectiveStatus) Label() string { return labelOf(objectiveStatusLabels, s) }

// WRESIndicators names the nine WRES indicators an objective can serve,
// short enough for a list; index 0 is "None" (WRESIndicator 0).
var WRESIndicators = []string{"None",
	"1. Workforce make-up by band", "2. Appointment from shortlisting", "3. Formal disciplinary process",
	"4. Non-mandatory training and CPD", "5. Harassment from patients or public", "6. Harassment from staff",
	"7. Equal opportunities for progression", "8. Discrimination from colleagues", "9. Board membership"}

// LinkText says what the objective is linked to, for people: the
// organisation objective, the WRES indicator, both, or "Not linked".
func (o *Objective) LinkText() string {
	var parts []string
	if o.OrgObjective != "" {
		parts = append(parts, o.OrgObjective)
	}
	if o.WRESIndicator > 0 && o.WRESIndicator < len(WRESIndicators) {
		parts = append(parts, "WRES indicator "+WRESIndicators[o.WRESIndicator])
	}
	if len(parts) == 0 {
		return "Not linked"
	}
	return strings.Join(parts, "; ")
}

// Objective is one item of a work plan. An objective links to an
// organisation objective, a WRES indicator, or both, so that the network's
// goals line up with the organisation's (the report's accountability
// point).
type Objective struct {
	Title         string          `json:"title"`
	OrgObjective  string          `json:"org_objective,omitempty"`  // the organisation objective it serves
	WRESIndicator int             `json:"wres_indicator,omitempty"` // 1–9, 0 for none
	Owner         string          `json:"owner"`
	Due           time.Time       `json:"due,omitzero"`
	Status        ObjectiveStatus `json:"status"`
	PercentDone   int             `json:"percent_done"`
	FromRule      string          `json:"from_rule,omitempty"`    // recommendation rule id, when accepted from one
	FromMeeting   int64           `json:"from_meeting,omitempty"` // meeting id, when it was an action agreed at one
}

// Overdue reports whether the objective is past its due date on day
// today and not done.
func (o *Objective) Overdue(today time.Time) bool {
	return o.Status != Done && !o.Due.IsZero() && Day(o.Due).Before(Day(today))
}

// Linked reports whether the objective names an organisation objective or
// a WRES indicator.
func (o *Objective) Linked() bool {
	return strings.TrimSpace(o.OrgObjective) != "" || o.WRESIndicator != 0
}

// Validate checks one objective; prefix is prepended to field names, e.g.
// "objectives[2].".
func (o *Objective) Validate(prefix string) FieldErrors {
	var es FieldErrors
	if strings.TrimSpace(o.Title) == "" {
		es = append(es, FieldError{prefix + "title", "Enter a title for the objective"})
	} else if len(o.Title) > maxShort {
		es = append(es, FieldError{prefix + "title", fmt.Sprintf("Title must be %d characters or fewer", maxShort)})
	}
	if o.WRESIndicator < 0 || o.WRESIndicator > 9 {
		es = append(es, FieldError{prefix + "wres_indicator", "WRES indicator must be a number from 1 to 9"})
	}
	if strings.TrimSpace(o.Owner) == "" {
		es = append(es, FieldError{prefix + "owner", "Enter who owns the objective"})
	}
	if !slices.Contains(ObjectiveStatuses, o.Status) {
		es = append(es, FieldError{prefix + "status", "Select the status of the objective"})
	}
	if o.PercentDone < 0 || o.PercentDone > 100 {
		es = append(es, FieldError{prefix + "percent_done", "Percent done must be a number from 0 to 100"})
	}
	return es
}

// WorkPlan is a network's list of objectives. Like the terms of
// reference it is versioned; the store keeps old versions.
type WorkPlan struct {
	Version    int         `json:"version"`
	UpdatedOn  time.Time   `json:"updated_on"`
	Objectives []Objective `json:"objectives"`
	// Dismissed are the recommendations the network has set aside as not
	// relevant, with why. They travel with the plan, so each dismissal or
	// restoration is a new version and the history shows when.
	Dismissed []Dismissal `json:"dismissed,omitempty"`
}

// Dismissal is a recommendation set aside as not relevant to the network.
type Dismissal struct {
	RuleID string    `json:"rule_id"`
	Action string    `json:"action"` // the recommendation's words when it was set aside
	Reason string    `json:"reason"`
	By     string    `json:"by"`
	On     time.Time `json:"on"`
}

// Validate checks every objective.
func (w *WorkPlan) Validate() FieldErrors {
	var es FieldErrors
	for i := range w.Objectives {
		es = append(es, w.Objectives[i].Validate(fmt.Sprintf("objectives[%d].", i))...)
	}
	return es
}

// SponsorRecord is the state of the relationship with the executive
// sponsor.
type SponsorRecord struct {
	LastMet            time.Time `json:"last_met,omitzero"`
	ExpectationsAgreed bool      `json:"expectations_agreed"`
	Notes              string    `json:"notes,omitempty"`
	// The expectations both ways: what the sponsor will do, what the
	// network will do (an item each), how each holds the other to account,
	// and when they were last reviewed together and are next due to be.
	SponsorWill    []string  `json:"sponsor_will,omitempty"`
	NetworkWill    []string  `json:"network_will,omitempty"`
	Accountability string    `json:"accountability,omitempty"`
	ReviewedOn     time.Time `json:"reviewed_on,omitzero"`
	ReviewDue      time.Time `json:"review_due,omitzero"`
}

// ReviewOverdue reports whether the expectations were due for review
// before day today.
func (s *SponsorRecord) ReviewOverdue(today time.Time) bool {
	return s != nil && !s.ReviewDue.IsZero() && Day(s.ReviewDue).Before(Day(today))
}

// SkillsEntry is one leader's line in the skills audit.
type SkillsEntry struct {
	Leader            string   `json:"leader"`
	Skills            []string `json:"skills"`
	Gaps              []string `json:"gaps"`
	DevelopmentWanted []string `json:"development_wanted"`
}

// SkillsAudit is the leaders' skills audit the report recommends.
type SkillsAudit struct {
	DoneOn  time.Time     `json:"done_on"`
	Entries []SkillsEntry `json:"entries"`
}

// Records are a network's governance records, the latest of each. The
// store keeps history; the rules here only need the current state.
type Records struct {
	TermsOfReference *TermsOfReference `json:"terms_of_reference,omitempty"` // latest approved version
	WorkPlan         *WorkPlan         `json:"work_plan,omitempty"`
	Sponsor          *SponsorRecord    `json:"sponsor,omitempty"`
	SkillsAudit      *SkillsAudit      `json:"skills_audit,omitempty"`
	LastMinutes      time.Time         `json:"last_minutes,omitzero"` // date of the latest minutes published to members
	NextMeeting      time.Time         `json:"next_meeting,omitzero"` // date of the next meeting members have been told about
}

// Flag is something stale or missing in a network's records. Code is
// stable (rules and tests refer to it); Message is for people.
type Flag struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Flag codes. FlagCodes lists them all; the recommendations file may only
// refer to these.
const (
	FlagNoTermsOfReference    = "no_terms_of_reference"
	FlagTermsOverdue          = "tor_overdue"
	FlagTermsReviewSoon       = "tor_review_soon"
	FlagNoSponsor             = "no_sponsor"
	FlagSponsorNotMet         = "sponsor_not_met"
	FlagExpectationsNotAgreed = "sponsor_expectations_not_agreed"
	FlagSponsorReviewOverdue  = "sponsor_review_overdue"
	FlagNoChair               = "no_chair"
	FlagNoWorkPlan            = "no_work_plan"
	FlagNothingInProgress     = "work_plan_nothing_in_progress"
	FlagObjectivesOverdue     = "objectives_overdue"
	FlagWorkPlanNotLinked     = "work_plan_not_linked"
	FlagMinutesStale          = "minutes_stale"
	FlagNoNextMeeting         = "no_next_meeting"
	FlagNoWebPage             = "no_web_page"
	FlagNoSkillsAudit         = "no_skills_audit"
	FlagSkillsAuditStale      = "skills_audit_stale"
	FlagDormant               = "dormant"
)

// FlagCodes lists every flag code in the order Flags reports them.
var FlagCodes = []string{
	FlagNoTermsOfReference, FlagTermsOverdue, FlagTermsReviewSoon,
	FlagNoSponsor, FlagSponsorNotMet, FlagExpectationsNotAgreed, FlagSponsorReviewOverdue,
	FlagNoChair,
	FlagNoWorkPlan, FlagNothingInProgress, FlagObjectivesOverdue, FlagWorkPlanNotLinked,
	FlagMinutesStale, FlagNoNextMeeting, FlagNoWebPage,
	FlagNoSkillsAudit, FlagSkillsAuditStale,
	FlagDormant,
}

// Staleness thresholds, in months back from today.
const (
	SponsorMeetingMonths = 6  // sponsor not met for longer than this
	MinutesMonths        = 3  // no minutes for longer than this
	SkillsAuditMonths    = 12 // skills audit older than this
	ReviewSoonDays       = 30 // terms of reference due for review within this
)

// Day truncates t to its calendar date in UTC, so that comparisons ignore
// the time of day and the caller's time zone.
func Day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Date builds a calendar date.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// olderThan reports whether date d is unset or before today minus months.
// A date exactly on the boundary is not stale.
func olderThan(d, today time.Time, months int) bool {
	return d.IsZero() || Day(d).Before(Day(today).AddDate(0, -months, 0))
}

// FormatDate writes a date the GOV.UK way: 9 May 2018.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Format("2 January 2006")
}

// Flags lists what is stale or missing in a network's records on a given
// day. It is a pure function: the same network, records and day always
// give the same flags, in FlagCodes order. A closed network has no flags.
func Flags(n *Network, r *Records, today time.Time) []Flag {
	if n.Status == StatusClosed {
		return nil
	}
	if r == nil {
		r = &Records{}
	}
	today = Day(today)
	var fs []Flag
	add := func(code, format string, args ...any) {
		fs = append(fs, Flag{code, fmt.Sprintf(format, args...)})
	}

	if t := r.TermsOfReference; t == nil {
		add(FlagNoTermsOfReference, "The network has no terms of reference recorded.")
	} else if due := Day(t.ReviewDue); !due.IsZero() && due.Before(today) {
		add(FlagTermsOverdue, "The terms of reference (version %d) were due for review on %s.", t.Version, FormatDate(due))
	} else if !due.IsZero() && !due.After(today.AddDate(0, 0, ReviewSoonDays)) {
		add(FlagTermsReviewSoon, "The terms of reference (version %d) are due for review on %s.", t.Version, FormatDate(due))
	}

	if !n.HasSponsor() {
		add(FlagNoSponsor, "The network has no executive sponsor.")
	} else {
		s := r.Sponsor
		if s == nil || olderThan(s.LastMet, today, SponsorMeetingMonths) {
			last := time.Time{}
			if s != nil {
				last = s.LastMet
			}
			add(FlagSponsorNotMet, "The network has not met its sponsor in the last %d months (last meeting: %s).", SponsorMeetingMonths, FormatDate(last))
		}
		if s == nil || !s.ExpectationsAgreed || strings.TrimSpace(n.Sponsor.Expectations) == "" {
			add(FlagExpectationsNotAgreed, "The network and its sponsor have not agreed written role expectations.")
		}
		if s.ReviewOverdue(today) {
			add(FlagSponsorReviewOverdue, "The expectations between the network and its sponsor were due for review on %s.", FormatDate(s.ReviewDue))
		}
	}

	if len(n.LeadersIn(RoleChair)) == 0 {
		add(FlagNoChair, "The network has no chair recorded.")
	}

	if w := r.WorkPlan; w == nil || len(w.Objectives) == 0 {
		add(FlagNoWorkPlan, "The network has no work plan with objectives.")
	} else {
		var inProgress, overdue, linked int
		for _, o := range w.Objectives {
			if o.Status == InProgress {
				inProgress++
			}
			if o.Overdue(today) {
				overdue++
			}
			if o.Linked() {
				linked++
			}
		}
		if inProgress == 0 {
			add(FlagNothingInProgress, "Nothing in the work plan is in progress.")
		}
		if overdue > 0 {
			add(FlagObjectivesOverdue, "%s in the work plan %s past %s due date and not done.", plural(overdue, "objective"), isAre(overdue), itsTheir(overdue))
		}
		if linked == 0 {
			add(FlagWorkPlanNotLinked, "No objective in the work plan is linked to an organisation objective or a WRES indicator.")
		}
	}

	if olderThan(r.LastMinutes, today, MinutesMonths) {
		add(FlagMinutesStale, "No minutes have been shared with members in the last %d months (latest: %s).", MinutesMonths, FormatDate(r.LastMinutes))
	}
	if r.NextMeeting.IsZero() || Day(r.NextMeeting).Before(today) {
		add(FlagNoNextMeeting, "Members have not been told the date of the next meeting.")
	}
	if n.WebPage == "" || !n.IsPublished(FieldWebPage) {
		add(FlagNoWebPage, "The network has no published web page.")
	}

	if a := r.SkillsAudit; a == nil {
		add(FlagNoSkillsAudit, "The leaders have not done a skills audit.")
	} else if olderThan(a.DoneOn, today, SkillsAuditMonths) {
		add(FlagSkillsAuditStale, "The leaders' skills audit is more than %d months old (done %s).", SkillsAuditMonths, FormatDate(a.DoneOn))
	}

	if n.Status == StatusDormant {
		add(FlagDormant, "The network is marked as dormant.")
	}
	return fs
}

// HasFlag reports whether fs holds code.
func HasFlag(fs []Flag, code string) bool {
	return slices.ContainsFunc(fs, func(f Flag) bool { return f.Code == code })
}

// The words that agree with a count: one or other.
func plural(n int, word string) string { return fmt.Sprintf("%d %s", n, oneOr(n, word, word+"s")) }
func isAre(n int) string               { return oneOr(n, "is", "are") }
func itsTheir(n int) string            { return oneOr(n, "its", "their") }

func oneOr(n int, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}

// WorkPlanProgress summarises a work plan for a board report.
type WorkPlanProgress struct {
	Total       int     `json:"total"`
	NotStarted  int     `json:"not_started"`
	InProgress  int     `json:"in_progress"`
	Done        int     `json:"done"`
	Blocked     int     `json:"blocked"`
	Overdue     int     `json:"overdue"`
	Linked      int     `json:"linked"`       // linked to an organisation objective or WRES indicator
	MeanPercent float64 `json:"mean_percent"` // mean percent done, 0 with no objectives
}

// Progress counts a work plan's objectives by status on a given day.
func (w *WorkPlan) Progress(today time.Time) WorkPlanProgress {
	var p WorkPlanProgress
	if w == nil {
		return p
	}
	today = Day(today)
	sum := 0
	for _, o := range w.Objectives {
		p.Total++
		switch o.Status {
		case NotStarted:
			p.NotStarted++
		case InProgress:
			p.InProgress++
		case Done:
			p.Done++
		case Blocked:
			p.Blocked++
		}
		if o.Overdue(today) {
			p.Overdue++
		}
		if o.Linked() {
			p.Linked++
		}
		sum += o.PercentDone
	}
	if p.Total > 0 {
		p.MeanPercent = round1(float64(sum) / float64(p.Total))
	}
	return p
}
