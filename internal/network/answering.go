package network

// The rules of answering the self-assessment page by page and of turning a
// six-step guide's drafts into a network: what the web pages do with what
// people send, apart from how it is shown.

import (
	"slices"
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
// of reference as edited, and the name and contact of the network to
// create from them.
type Drafts struct {
	BusinessCase, Terms string
	Name, Contact       string
}

// ReadDraftsForm reads the drafts page.
func ReadDraftsForm(f Form) (Drafts, FieldErrors) {
	d := Drafts{BusinessCase: f.trim("business_case"), Terms: f.trim("terms"), Name: f.trim("name"), Contact: f.trim("contact")}
	if len(d.BusinessCase) > MaxDraft || len(d.Terms) > MaxDraft {
		return d, FieldErrors{{"business_case", "Each draft must be 20000 characters or fewer"}}
	}
	return d, nil
}

// Network is the network the drafts describe, with the terms of reference
// as its first version approved today, both checked. Its purpose and
// meeting pattern come from the guide's last step; errors in the terms
// are reported against the terms draft.
func (d Drafts) Network(p *Progress, today time.Time) (*Network, *TermsOfReference, FieldErrors) {
	n := &Network{OrgCode: p.OrgCode, Type: p.Type, Name: d.Name, YearStarted: today.Year(), Purpose: p.Answers["purpose"],
		Contact: d.Contact, MeetingPattern: p.Answers["meeting_pattern"], Status: StatusActive,
		Published: slices.Clone(DefaultPublished), UpdatedOn: today}
	errs := n.Validate(today)
	t := &TermsOfReference{Version: 1, Text: d.Terms, ApprovedOn: today, ReviewDue: today.AddDate(1, 0, 0)}
	for _, e := range t.Validate() {
		errs = append(errs, FieldError{"terms", e.Message})
	}
	return n, t, errs
}
