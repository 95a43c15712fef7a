package web

// Pages of the work an organisation shares with its staff networks: the
// WRES action plan (wres_plan.go) and the chief executive's letter that
// network work is a corporate duty (duty_letter.go). Who may see and
// change them is auth.OrgWorkAccess; every handler goes through
// s.orgWork, which loads the organisation and checks.

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"staffnet/internal/auth"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
)

func (s *Server) orgWorkRoutes(m *http.ServeMux) {
	s.mentoringRoutes(m) // a network's mentoring and development, for its leads and its members
	type handler = func(http.ResponseWriter, *http.Request, *orgReq)
	for _, rt := range []struct {
		patterns []string
		change   bool // the route changes something: editors only
		h        handler
	}{
		{[]string{"GET /org/{code}/wres-plan"}, false, s.planHome},
		{[]string{"GET /org/{code}/wres-plan/{year}"}, false, s.planPage},
		{[]string{"/org/{code}/wres-plan/{year}/new", "/org/{code}/wres-plan/{year}/actions/{action}"}, true, s.planAction},
		{[]string{"GET /org/{code}/corporate-duty"}, false, s.dutyLetter(false)},
		{[]string{"POST /org/{code}/corporate-duty"}, true, s.dutyLetter(false)},
		{[]string{"POST /org/{code}/corporate-duty/sent"}, true, s.dutyLetter(true)},
	} {
		for _, p := range rt.patterns {
			wrapped := s.orgWork(rt.change)(rt.h)
			if strings.HasPrefix(p, "/") { // a form: shown by GET, sent by POST
				m.Handle("GET "+p, wrapped)
				p = "POST " + p
			}
			m.Handle(p, wrapped)
		}
	}
}

// orgReq is a request about one organisation's shared work that the
// account may see.
type orgReq struct {
	User *store.User
	Org  *orgs.Organisation
	Acc  auth.OrgWorkRights
}

// orgWork returns a wrapper for routes about organisation {code}'s
// shared work: signed in, then 404 for an organisation the account has
// no part in (or none by that code) and 403 when it may read but the
// route changes something.
func (s *Server) orgWork(change bool) func(func(http.ResponseWriter, *http.Request, *orgReq)) http.Handler {
	return func(h func(http.ResponseWriter, *http.Request, *orgReq)) http.Handler {
		return s.signedIn(func(w http.ResponseWriter, r *http.Request) {
			u := &sessionFrom(r.Context()).User
			code := strings.ToUpper(r.PathValue("code"))
			acc, err := s.orgWorkAccess(r.Context(), u, code)
			if !s.done(w, r, err) {
				return
			}
			if !acc.View {
				s.error(w, r, http.StatusNotFound, "")
				return
			}
			o, err := s.db.Organisation(r.Context(), code)
			if !s.found(w, r, err) {
				return
			}
			if change && !acc.Edit {
				s.error(w, r, http.StatusForbidden, "Your account can read this but not change it.")
				return
			}
			h(w, r, &orgReq{User: u, Org: o, Acc: acc})
		})
	}
}

// orgWorkAccess is what account u may do with organisation code's shared
// work: auth.OrgWorkAccess, told the organisation of the account's own
// network.
func (s *Server) orgWorkAccess(ctx context.Context, u *store.User, code string) (auth.OrgWorkRights, error) {
	netOrg := ""
	if u.Role.HasNetwork() && u.NetworkID != 0 {
		n, err := s.db.Network(ctx, u.NetworkID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return auth.OrgWorkRights{}, err
		}
		if err == nil {
			netOrg = n.OrgCode
		}
	}
	return auth.OrgWorkAccess(u.Role, u.Org, netOrg, code), nil
}
