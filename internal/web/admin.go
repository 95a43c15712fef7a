package web

import (
	"fmt"
	"net/http"

	"staffnet/internal/responses"
	"staffnet/internal/store"
)

// namedSurvey returns the newest version of the survey in the request's
// path, or answers 404 (or 500 when the database fails) and returns nil.
func (s *Server) namedSurvey(w http.ResponseWriter, r *http.Request) *store.Survey {
	sv, err := s.db.Survey(r.Context(), r.PathValue("slug"))
	if !s.found(w, r, err) {
		return nil
	}
	return sv
}

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) {
	renderLoaded(s, w, r, "admin", "Surveys", s.db.ListSurveys)
}

func (s *Server) adminSetOpen(open bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := s.db.SetSurveyOpen(r.Context(), r.PathValue("slug"), open)
		if !s.found(w, r, err) {
			return
		}
		s.surveys.mu.Lock()
		delete(s.surveys.m, r.PathValue("slug")) // this server sees it at once; others within surveyTTL
		s.surveys.mu.Unlock()
		s.audit(r, map[bool]string{true: "survey opened", false: "survey closed"}[open], r.PathValue("slug"), "")
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
	}
}

func (s *Server) adminExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sv := s.namedSurvey(w, r)
		if sv == nil {
			return
		}
		name := fmt.Sprintf("%s-v%d-responses.%s", sv.Slug, sv.Version, format)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Header().Set("Content-Type", downloadTypes[format])
		var err error
		if format == "csv" {
			_, err = responses.ExportCSV(r.Context(), s.db, sv, w, false, nil)
		} else {
			_, err = responses.ExportXLSX(r.Context(), s.db, sv, w, nil)
		}
		if err != nil {
			// Headers are gone; the truncated download is the signal.
			s.log.Error("export failed", "survey", sv.Slug, "err", err)
		}
	}
}
