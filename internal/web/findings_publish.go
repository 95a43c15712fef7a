package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"staffnet/internal/report"
	reportrender "staffnet/internal/report/render"
	"staffnet/internal/store"
)

// publishView is the page that asks an admin to check what will become
// public before it does.
type publishView struct {
	SurveyTitle, SurveySlug string
	Query                   string // the view's canonical query, for the hidden field
	FindingsQuery           template.URL
	Title, Commentary       string
	CommentaryHTML          template.HTML
	Filters                 []string // who is included, in words
	By                      string   // the breakdown's question, or ""
	Respondents             *int
	Threshold               int
	Hidden                  int // figures withheld to protect small groups
}

// findingsPublish publishes the suppressed view the form names, in two
// steps: the first shows what will be public and asks to confirm, the
// second (confirm=yes) publishes. Both run the same checks: the
// filter-complement rule (Dataset.CheckView) and the audit against every
// view of the survey published before, withdrawn ones too (copies may
// survive); the second runs the audit again under the publication lock,
// so a view published in between is counted. A refusal, or a missing
// commentary, brings the findings page back with the reason.
func (s *Server) findingsPublish(w http.ResponseWriter, r *http.Request) {
	sv := s.namedSurvey(w, r)
	if sv == nil {
		return
	}
	query, _ := url.ParseQuery(r.PostFormValue("query"))
	opt, err := findingsOptions(sv.Def, query)
	if err != nil {
		s.error(w, r, http.StatusBadRequest, err.Error())
		return
	}
	opt.Unsuppressed = false // a published view is always suppressed
	ds, err := s.findingsDataset(r, sv)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rep, err := ds.Report(opt)
	if err != nil {
		s.error(w, r, http.StatusBadRequest, err.Error())
		return
	}
	body, err := json.Marshal(rep)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	title := strings.TrimSpace(r.PostFormValue("title"))
	if title == "" {
		title = sv.Title
	}
	if len([]rune(title)) > 200 {
		title = string([]rune(title)[:200])
	}
	commentary := strings.TrimSpace(strings.ReplaceAll(r.PostFormValue("commentary"), "\r\n", "\n"))
	back := func(reason, field string) {
		s.findingsPage(w, r, sv, canonicalQuery(query), &refusal{Title: title, Commentary: commentary, Reason: reason, Field: field})
	}
	if r.PostFormValue("_action") == "change" {
		// Back from the check page to the form, keeping what was typed.
		s.findingsPage(w, r, sv, canonicalQuery(query), &refusal{Title: title, Commentary: commentary})
		return
	}
	// refused answers err, if it is not nil: the disclosure audit's
	// refusal goes back to the form at the title, anything else is a 500.
	refused := func(err error) bool {
		var d *report.DisclosureError
		switch {
		case err == nil:
			return false
		case errors.As(err, &d):
			back(d.Reason, "title")
		default:
			s.serverError(w, r, err)
		}
		return true
	}
	if refused(ds.CheckView(opt)) {
		return
	}
	audit := func(earlier []store.Published) error {
		priors := make([]report.Prior, 0, len(earlier))
		for _, p := range earlier {
			var pr report.Report
			if err := json.Unmarshal(p.Report, &pr); err != nil {
				return fmt.Errorf("published view %s: %w", p.ID, err)
			}
			priors = append(priors, report.Prior{Title: p.Title, PublishedOn: p.PublishedOn, Report: &pr})
		}
		return ds.Audit(rep, priors)
	}
	if r.PostFormValue("confirm") != "yes" {
		// The check page shows a refusal the audit would give now, before
		// anyone confirms.
		earlier, err := s.db.Publications(r.Context(), sv.Slug)
		if err == nil {
			err = audit(earlier)
		}
		if refused(err) {
			return
		}
		if msg := commentaryError(commentary); msg != "" {
			back(msg, "commentary")
			return
		}
		v := &publishView{SurveyTitle: sv.Title, SurveySlug: sv.Slug, Query: canonicalQuery(query).Encode(),
			FindingsQuery: template.URL(canonicalQuery(query).Encode()), Title: title, Commentary: commentary,
			CommentaryHTML: markdownHTML(commentary), Filters: reportrender.FilterTexts(rep),
			Respondents: rep.Respondents, Threshold: rep.Threshold, Hidden: reportrender.Withheld(rep)}
		if rep.By != nil {
			v.By = rep.By.Title
		}
		s.render(w, r, http.StatusOK, "findings_publish", page{Title: "Check before you publish – " + sv.Title, Data: v})
		return
	}
	if msg := commentaryError(commentary); msg != "" {
		back(msg, "commentary")
		return
	}
	id, err := s.db.PublishAudited(r.Context(), store.Published{SurveySlug: sv.Slug, Title: title, Commentary: commentary,
		Query: canonicalQuery(query).Encode(), Report: body}, audit)
	if refused(err) {
		return
	}
	s.audit(r, "findings published", sv.Slug, "/findings/"+id+" "+title)
	http.Redirect(w, r, "/findings/"+id, http.StatusSeeOther)
}
