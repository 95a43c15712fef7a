package web

import (
	"context"
	"net/http"
	"strings"
)

// withSession lets a public page know who is signed in, so its header
// and footer show the account and a way to sign out. It never refuses a
// request: with no session, or a database that fails to say, the page is
// shown as to the public. Survey pages do not use it: a respondent's
// answers are never shown beside an account.
func (s *Server) withSession(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if sessionFrom(r.Context()) == nil {
			if sess, err := s.session(r); err == nil && sess != nil {
				r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, sess))
			}
		}
		h(w, r)
	}
}

// navSection is the header link a page comes under, by its path, so the
// header marks where the account is.
func navSection(path string) string {
	switch {
	case path == "/admin/users" || strings.HasPrefix(path, "/admin/users/") || strings.HasPrefix(path, "/admin/audit"):
		return "accounts"
	case path == "/admin" || strings.HasPrefix(path, "/admin/"):
		return "surveys"
	case path == "/wres" || strings.HasPrefix(path, "/wres/"):
		return "wres"
	case strings.HasPrefix(path, "/my/case-studies") || path == "/case-studies" || strings.HasPrefix(path, "/case-studies/"):
		return "cases"
	case strings.HasPrefix(path, "/my/"):
		return "networks"
	case path == "/maturity":
		return "maturity"
	case path == "/networks" || strings.HasPrefix(path, "/networks/"):
		return "directory"
	}
	return ""
}

// navItem is one header link for the partial "nav-item".
type navItem struct {
	Href, Text string
	Current    bool
}
