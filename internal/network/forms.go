package network

// Reading the network pages' forms into records. The rules for what a
// form's rows mean (a blank row is dropped, a ticked "remove" drops an
// objective, clearing a leader's name and role removes them, "add
// another" shows one more blank row) are the records' rules, so they live
// here rather than in the web handlers. Lists are fixed rows plus an "add
// another" button so that the pages work without JavaScript.

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Form is a submitted form's values, as net/url.Values holds them (the web
// layer passes r.PostForm).
type Form map[string][]string

// Get returns the first value of key, or "".
func (f Form) Get(key string) string {
	if vs := f[key]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

func (f Form) trim(key string) string { return strings.TrimSpace(f.Get(key)) }

// wholeNumber reads an optional whole number: 0 when key is blank, and
// an error saying msg when it is not a whole number.
func (f Form) wholeNumber(key, msg string, es *FieldErrors) int {
	s := f.trim(key)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		*es = append(*es, FieldError{key, msg})
	}
	return n
}

// MaxRows bounds the rows of any list on a form (leaders, objectives,
// skills-audit lines), whatever the form claims.
const MaxRows = 50

// rows reads a form's row count, between 0 and MaxRows.
func (f Form) rows(key string) int {
	n, err := strconv.Atoi(f.Get(key))
	if err != nil || n < 0 {
		return 0
	}
	return min(n, MaxRows)
}

// adding reports whether the form was sent by its "add another" button
// (value add, or add_leader on the network's details).
func (f Form) adding(value string) bool { return f.Get("_action") == value }

// blankRows is how many blank rows to show when a list of rows rows, of
// which kept were kept, is shown again: at least one, one more after "add
// another".
func blankRows(rows, kept int, adding bool) int {
	if adding {
		return rows - kept + 1
	}
	return max(1, rows-kept)
}

// ParseDate reads a date input (YYYY-MM-DD, as type="date" sends it; also
// 31/3/2025 for browsers that show a text box). Empty is the zero time;
// false means the text is not a date.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{time.DateOnly, "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Day(t), true
		}
	}
	return time.Time{}, false
}

// lines splits a text area into its non-blank lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// ReadNetworkForm fills n from the network's details form (everything but
// the organisation, which is not the form's to change) and returns how
// many blank leader rows to show if the form is shown again. Blank leader
// rows are dropped; clearing a leader's name and role removes them. A
// year that is not a number is stored as -1, which Validate reports as
// before 1948.
func ReadNetworkForm(f Form, n *Network) (blankLeaders int) {
	n.Name = f.trim("name")
	n.Type = Type(f.Get("type"))
	n.Purpose = f.trim("purpose")
	n.Contact = f.trim("contact")
	n.MeetingPattern = f.trim("meeting_pattern")
	n.WebPage = f.trim("web_page")
	n.Status = Status(f.Get("status"))
	n.YearStarted = 0
	if y := f.trim("year_started"); y != "" {
		if v, err := strconv.Atoi(y); err == nil {
			n.YearStarted = v
		} else {
			n.YearStarted = -1
		}
	}
	n.Leaders = nil
	rows := f.rows("leader_rows")
	for i := range rows {
		role := f.Get(fmt.Sprintf("leaders-%d-role", i))
		name := f.trim(fmt.Sprintf("leaders-%d-name", i))
		if role == "" && name == "" {
			continue
		}
		n.Leaders = append(n.Leaders, Leader{Role: Role(role), Name: name})
	}
	sp := &Sponsor{Name: f.trim("sponsor-name"), BoardRole: f.trim("sponsor-board_role"), Expectations: f.trim("sponsor-expectations")}
	n.Sponsor = nil
	if sp.Name != "" || sp.BoardRole != "" || sp.Expectations != "" {
		n.Sponsor = sp
	}
	n.Published = nil
	for _, p := range f["published"] {
		n.Published = append(n.Published, Field(p))
	}
	return blankRows(rows, len(n.Leaders), f.adding("add_leader"))
}

// ReadTermsForm fills t's text and dates from the terms-of-reference form
// and checks the version.
func ReadTermsForm(f Form, t *TermsOfReference) FieldErrors {
	t.Text = f.trim("text")
	var ok1, ok2 bool
	t.ApprovedOn, ok1 = ParseDate(f.Get("approved_on"))
	t.ReviewDue, ok2 = ParseDate(f.Get("review_due"))
	errs := t.Validate()
	if !ok1 {
		errs = append(errs, FieldError{"approved_on", "Enter the approval date as a real date, like 2025-03-31"})
	}
	if !ok2 {
		errs = append(errs, FieldError{"review_due", "Enter the review date as a real date, like 2026-03-31"})
	}
	return errs
}

// ReadWorkPlanForm reads the work plan's rows: rows ticked "remove" and
// blank rows are dropped. It returns the objectives, how many blank rows
// to show again, and errors in dates (which Objective.Validate cannot see
// once a date is parsed).
func ReadWorkPlanForm(f Form) ([]Objective, int, FieldErrors) {
	rows := f.rows("rows")
	var out []Objective
	var errs FieldErrors
	for i := range rows {
		k := func(name string) string { return f.trim(fmt.Sprintf("objectives-%d-%s", i, name)) }
		if k("remove") != "" {
			continue
		}
		o := Objective{Title: k("title"), OrgObjective: k("org_objective"), Owner: k("owner"),
			Status: ObjectiveStatus(k("status")), FromRule: k("from_rule")}
		o.WRESIndicator, _ = strconv.Atoi(k("wres_indicator"))
		o.FromMeeting, _ = strconv.ParseInt(k("from_meeting"), 10, 64)
		pct := k("percent_done")
		if pct == "" {
			pct = "0"
		}
		var err error
		if o.PercentDone, err = strconv.Atoi(strings.TrimSuffix(pct, "%")); err != nil {
			o.PercentDone = -1 // reported as out of range
		}
		due, ok := ParseDate(k("due"))
		o.Due = due
		if o.Title == "" && o.OrgObjective == "" && o.Owner == "" && k("due") == "" && o.WRESIndicator == 0 && pct == "0" && (o.Status == "" || o.Status == NotStarted) {
			continue
		}
		if !ok {
			errs = append(errs, FieldError{fmt.Sprintf("objectives[%d].due", len(out)), "Enter the due date as a real date, like 2025-03-31"})
		}
		out = append(out, o)
	}
	return out, blankRows(rows, len(out), f.adding("add")), errs
}

// ReadSponsorForm fills sr from the sponsor-relationship form and checks
// it.
func ReadSponsorForm(f Form, sr *SponsorRecord) FieldErrors {
	var errs FieldErrors
	var ok bool
	sr.LastMet, ok = ParseDate(f.Get("last_met"))
	sr.ExpectationsAgreed = f.Get("expectations_agreed") == "yes"
	sr.Notes = f.trim("notes")
	if !ok {
		errs = append(errs, FieldError{"last_met", "Enter the date you last met the sponsor as a real date, like 2025-03-31"})
	}
	if f.Get("expectations_agreed") == "" {
		errs = append(errs, FieldError{"expectations_agreed", "Select whether the sponsor's role expectations are agreed"})
	}
	if len(sr.Notes) > 5000 {
		errs = append(errs, FieldError{"notes", "Notes must be 5000 characters or fewer"})
	}
	return append(errs, readExpectations(f, sr)...)
}

// readExpectations reads the sponsor form's expectations both ways and
// their review dates. Expectations written down need a date to review
// them by, after the last review.
func readExpectations(f Form, sr *SponsorRecord) FieldErrors {
	var errs FieldErrors
	sr.SponsorWill, sr.NetworkWill = lines(f.Get("sponsor_will")), lines(f.Get("network_will"))
	sr.Accountability = f.trim("accountability")
	var okReviewed, okDue bool
	sr.ReviewedOn, okReviewed = ParseDate(f.Get("reviewed_on"))
	sr.ReviewDue, okDue = ParseDate(f.Get("review_due"))
	for _, c := range []struct {
		id, text string
	}{{"sponsor_will", f.Get("sponsor_will")}, {"network_will", f.Get("network_will")}, {"accountability", sr.Accountability}} {
		if len(c.text) > maxLong {
			errs = append(errs, FieldError{c.id, fmt.Sprintf("This must be %d characters or fewer", maxLong)})
		}
	}
	written := len(sr.SponsorWill)+len(sr.NetworkWill) > 0 || sr.Accountability != ""
	switch {
	case !okReviewed:
		errs = append(errs, FieldError{"reviewed_on", "Enter the date of the last review as a real date, like 2025-03-31"})
	case !okDue:
		errs = append(errs, FieldError{"review_due", "Enter the date of the next review as a real date, like 2026-03-31"})
	case written && sr.ReviewDue.IsZero():
		errs = append(errs, FieldError{"review_due", "Enter when the network and the sponsor will next review these expectations"})
	case !sr.ReviewDue.IsZero() && !sr.ReviewedOn.IsZero() && !sr.ReviewDue.After(sr.ReviewedOn):
		errs = append(errs, FieldError{"review_due", "The next review must be after the last one"})
	}
	return errs
}

// ReadSkillsForm fills a from the skills-audit form: one row a leader,
// each box one item a line; a row with every box cleared is dropped. It
// returns how many blank rows to show again and the errors, none after
// "add another" (the audit is not being saved).
func ReadSkillsForm(f Form, a *SkillsAudit) (int, FieldErrors) {
	var errs FieldErrors
	var ok bool
	a.DoneOn, ok = ParseDate(f.Get("done_on"))
	if !ok || a.DoneOn.IsZero() {
		errs = append(errs, FieldError{"done_on", "Enter the date of the audit as a real date, like 2025-03-31"})
	}
	a.Entries = nil
	rows := f.rows("rows")
	for i := range rows {
		k := func(name string) string { return f.Get(fmt.Sprintf("skills-%d-%s", i, name)) }
		e := SkillsEntry{Leader: strings.TrimSpace(k("leader")), Skills: lines(k("skills")), Gaps: lines(k("gaps")), DevelopmentWanted: lines(k("development"))}
		if e.Leader == "" && len(e.Skills)+len(e.Gaps)+len(e.DevelopmentWanted) == 0 {
			continue
		}
		if e.Leader == "" {
			errs = append(errs, FieldError{fmt.Sprintf("skills-%d-leader", len(a.Entries)), fmt.Sprintf("Enter the name of leader %d", len(a.Entries)+1)})
		}
		a.Entries = append(a.Entries, e)
	}
	adding := f.adding("add")
	if adding {
		errs = nil
	} else if len(a.Entries) == 0 {
		errs = append(errs, FieldError{"skills-0-leader", "Enter at least one leader's skills"})
	}
	return blankRows(rows, len(a.Entries), adding), errs
}

// ReadMeetingsForm reads the dates of the latest minutes shared with
// members (today or earlier) and of the next meeting.
func ReadMeetingsForm(f Form, today time.Time) (last, next time.Time, errs FieldErrors) {
	var ok1, ok2 bool
	last, ok1 = ParseDate(f.Get("last_minutes"))
	next, ok2 = ParseDate(f.Get("next_meeting"))
	if !ok1 {
		errs = append(errs, FieldError{"last_minutes", "Enter the date of the latest minutes as a real date, like 2025-03-31"})
	} else if last.After(today) {
		errs = append(errs, FieldError{"last_minutes", "Date of the latest minutes must be today or in the past"})
	}
	if !ok2 {
		errs = append(errs, FieldError{"next_meeting", "Enter the date of the next meeting as a real date, like 2025-04-30"})
	}
	return last, next, errs
}

// ReadResponse reads every question's answer, evidence and note from the
// self-assessment's form, whether shown on this page or carried in hidden
// fields from the others.
func (q *Questionnaire) ReadResponse(f Form) *Response {
	resp := &Response{Answers: map[string]Answer{}}
	for _, qu := range q.Questions {
		a := Answer{Value: f.Get(qu.ID), Evidence: f.trim(qu.ID + "-evidence"), Note: f.trim(qu.ID + "-note")}
		if a.Value != "" || a.Evidence != "" || a.Note != "" {
			resp.Answers[qu.ID] = a
		}
	}
	return resp
}

// ReadStep reads the answers to one step of the six-step guide.
func (st *Step) ReadForm(f Form) map[string]string {
	in := map[string]string{}
	for _, fl := range st.Fields {
		in[fl.ID] = f.Get(fl.ID)
	}
	return in
}
