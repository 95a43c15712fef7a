package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"staffnet/internal/freetext"
	"staffnet/internal/report"
	"staffnet/internal/store"
	"staffnet/internal/survey"
)

// candidatesShown bounds the comments offered for review on one page.
const candidatesShown = 50

type quotesView struct {
	Survey     *store.Survey
	Question   *survey.Question
	Query      template.URL
	Message    string // why nothing is offered for this group
	Quotes     []store.Quote
	Candidates []quoteCandidate
}

// quoteCandidate is a comment not yet approved, as automatic redaction
// left it, for a person to read, redact further and approve.
type quoteCandidate struct {
	ID, Redacted string
	Found        []string // what redaction replaced
}

// redactor redacts with the ODS list's organisation names.
func (s *Server) redactor(r *http.Request) (*freetext.Redactor, error) {
	list, err := s.db.Organisations(r.Context(), "")
	if err != nil {
		return nil, err
	}
	names := make([]string, len(list))
	for i, o := range list {
		names[i] = o.Name
	}
	return freetext.NewRedactor(names), nil
}

// textQuotes is the quote bank for the group the view's filters select:
// approved quotes from that group, and comments awaiting review, only
// when the group has at least the threshold's number of respondents and
// passes the filter-complement rule, as the comments page.
func (s *Server) textQuotes(w http.ResponseWriter, r *http.Request) {
	t := s.loadText(w, r)
	if t == nil {
		return
	}
	sv, q := t.sv, t.q
	opt, err := findingsOptions(sv.Def, r.URL.Query())
	if err != nil {
		s.error(w, r, http.StatusBadRequest, err.Error())
		return
	}
	v := &quotesView{Survey: sv, Question: q, Query: template.URL(canonicalQuery(r.URL.Query()).Encode())}
	ds, ids, err := s.themedDataset(r, sv, nil)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows, err := ds.Rows(opt)
	var ok bool
	if v.Message, ok = s.groupMessage(w, r, err, fmt.Sprintf("Fewer than %d people are in this group, so no quotes are offered from it.", report.DefaultThreshold), " No quotes are offered from it."); !ok {
		return
	}
	if v.Message == "" {
		if err := s.fillQuotes(r, t, v, ids, rows); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "text_quotes", page{Title: "Quote bank – " + q.Title, Data: v})
}

// fillQuotes puts in v the approved quotes of the rows' respondents and
// the first of their comments awaiting review, redacted.
func (s *Server) fillQuotes(r *http.Request, t *textReq, v *quotesView, ids []string, rows []int) error {
	in := map[string]bool{}
	for _, i := range rows {
		in[ids[i]] = true
	}
	quotes, err := s.db.Quotes(r.Context(), t.sv.Slug, t.q.ID)
	if err != nil {
		return err
	}
	done := map[string]bool{}
	for _, qt := range quotes {
		done[qt.ResponseID] = true
		if in[qt.ResponseID] {
			v.Quotes = append(v.Quotes, qt)
		}
	}
	red, err := s.redactor(r)
	if err != nil {
		return err
	}
	for _, c := range t.comments {
		if in[c.ID] && !done[c.ID] && len(v.Candidates) < candidatesShown {
			text, found := red.Redact(c.Text)
			v.Candidates = append(v.Candidates, quoteCandidate{ID: c.ID, Redacted: text, Found: found})
		}
	}
	return nil
}

// textQuoteApprove stores the text a person approved for quoting. The
// automatic redaction runs again on what they submit, so that undoing a
// placeholder by accident cannot put personal data back.
func (s *Server) textQuoteApprove(w http.ResponseWriter, r *http.Request) {
	t := s.loadText(w, r)
	if t == nil {
		return
	}
	sv, q := t.sv, t.q
	id := r.PostFormValue("response")
	text := strings.TrimSpace(r.PostFormValue("text"))
	if !t.has(id) || text == "" || len(text) > 2000 {
		s.error(w, r, http.StatusBadRequest, "Choose a comment of this question and give the text to quote (at most 2,000 characters).")
		return
	}
	red, err := s.redactor(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	text, _ = red.Redact(text)
	if err := s.db.ApproveQuote(r.Context(), sv.Slug, store.Quote{Question: q.ID, ResponseID: id, Text: text, ApprovedBy: codingAs(r, false)}); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.audit(r, "quote approved", "/admin/surveys/"+sv.Slug+"/text/"+q.ID+"/quotes", "")
	back, _ := url.ParseQuery(r.PostFormValue("query"))
	http.Redirect(w, r, "/admin/surveys/"+sv.Slug+"/text/"+q.ID+"/quotes?"+canonicalQuery(back).Encode(), http.StatusSeeOther)
}

// groupMessage turns what report.Rows or Comments refused into the words
// a page shows instead of a group's comments: suppressed for a group
// under the threshold, the reason plus refusedTail for one that breaks
// the filter-complement rule. A bad filter (400) or any other error (500)
// is answered here, and ok is false.
func (s *Server) groupMessage(w http.ResponseWriter, r *http.Request, err error, suppressed, refusedTail string) (msg string, ok bool) {
	var refused *report.DisclosureError
	switch {
	case errors.Is(err, report.ErrBadFilter):
		s.error(w, r, http.StatusBadRequest, "That choice of filters is not valid for this survey: "+err.Error())
		return "", false
	case errors.Is(err, report.ErrSuppressed):
		return suppressed, true
	case errors.As(err, &refused):
		return refused.Reason + refusedTail, true
	case err != nil:
		s.serverError(w, r, err)
		return "", false
	}
	return "", true
}
