package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"staffnet/internal/auth"
	"staffnet/internal/responses"
	"staffnet/internal/store"
)

// namedSurvey returns the newest version of the survey in the request's
// path, or answers 404 (or 500 when the database fails) and returns nil.
func (s *Server) namedSurvey(w http.ResponseWriter, r *http.Request) *store.Survey {
	sv, err := s.db.Survey(r.Context(), r.PathValue("slug"))
	if errors.Is(err, store.ErrNotFound) {
		s.error(w, r, http.StatusNotFound, "")
		return nil
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil
	}
	return sv
}

func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.ListSurveys(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin", page{Title: "Surveys", Data: list})
}

func (s *Server) adminSetOpen(open bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := s.db.SetSurveyOpen(r.Context(), r.PathValue("slug"), open)
		if errors.Is(err, store.ErrNotFound) {
			s.error(w, r, http.StatusNotFound, "")
			return
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.surveys.mu.Lock()
		delete(s.surveys.m, r.PathValue("slug")) // this server sees it at once; others within surveyTTL
		s.surveys.mu.Unlock()
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
			_, err = responses.ExportCSV(r.Context(), s.db, sv, w, false)
		} else {
			_, err = responses.ExportXLSX(r.Context(), s.db, sv, w)
		}
		if err != nil {
			// Headers are gone; the truncated download is the signal.
			s.log.Error("export failed", "survey", sv.Slug, "err", err)
		}
	}
}

type usersView struct {
	Users                              []store.User
	Roles                              []auth.Role
	Email, Role, Org                   string
	EmailErr, RoleErr, OrgErr, PassErr string
	Added                              string
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	s.renderUsers(w, r, &usersView{Role: string(auth.Analyst), Added: r.URL.Query().Get("added")}, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, v *usersView, summary []fieldError) {
	users, err := s.db.Users(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Users, v.Roles = users, auth.Roles
	status, title := http.StatusOK, "Accounts"
	if len(summary) > 0 {
		status, title = http.StatusUnprocessableEntity, "Error: Accounts"
	}
	s.render(w, r, status, "users", page{Title: title, Data: v, Errors: summary})
}

func (s *Server) adminAddUser(w http.ResponseWriter, r *http.Request) {
	v := &usersView{Email: r.PostFormValue("email"), Role: r.PostFormValue("role")}
	var summary []fieldError
	email, err := auth.NormaliseEmail(v.Email)
	if err != nil {
		v.EmailErr = "Enter an email address in the correct format, like name@example.nhs.uk"
		summary = append(summary, fieldError{"#email", v.EmailErr})
	}
	role, err := auth.ParseRole(v.Role)
	if err != nil {
		v.RoleErr = "Select a role"
		summary = append(summary, fieldError{"#role", v.RoleErr})
	}
	v.Org = strings.ToUpper(strings.TrimSpace(r.PostFormValue("org")))
	if role.NeedsOrg() {
		if v.Org == "" {
			v.OrgErr = "Enter the ODS code of the person's organisation"
		} else if _, err := s.db.Organisation(r.Context(), v.Org); errors.Is(err, store.ErrNotFound) {
			v.OrgErr = "There is no organisation with ODS code " + v.Org
		}
		if v.OrgErr != "" {
			summary = append(summary, fieldError{"#org", v.OrgErr})
		}
	} else {
		v.Org = ""
	}
	pw := r.PostFormValue("password")
	if err := auth.CheckPassword(pw); err != nil {
		v.PassErr = "Password " + err.Error()
		summary = append(summary, fieldError{"#password", v.PassErr})
	}
	if len(summary) == 0 {
		_, err := s.db.AddUser(r.Context(), store.User{Email: email, Role: role, Org: v.Org, PasswordHash: auth.HashPassword(pw)})
		if errors.Is(err, store.ErrExists) {
			v.EmailErr = "An account with this email address already exists"
			summary = append(summary, fieldError{"#email", v.EmailErr})
		} else if err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if len(summary) > 0 {
		s.renderUsers(w, r, v, summary)
		return
	}
	http.Redirect(w, r, "/admin/users?added="+url.QueryEscape(email), http.StatusSeeOther)
}
