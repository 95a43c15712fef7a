package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/store"
)

const (
	sessionCookie = "staffnet_session"
	sessionTTL    = 12 * time.Hour
)

type ctxKey struct{}

func sessionFrom(ctx context.Context) *store.Session {
	s, _ := ctx.Value(ctxKey{}).(*store.Session)
	return s
}

const (
	admin   = auth.Admin
	analyst = auth.Analyst
)

// need lets a request through only with a live session whose role can act
// as role. State-changing requests must also carry the session's CSRF
// token (on top of the cross-origin check every request gets).
func (s *Server) need(role auth.Role, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess := s.session(r)
		if sess == nil {
			http.Redirect(w, r, "/login?next="+r.URL.EscapedPath(), http.StatusSeeOther)
			return
		}
		if !sess.User.Role.Can(role) {
			s.render(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, sess)), http.StatusForbidden, "error",
				page{Title: "Forbidden", Message: "Your account cannot open this page."})
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if subtle.ConstantTimeCompare([]byte(r.PostFormValue("_csrf")), []byte(sess.CSRF)) != 1 {
				s.error(w, r, http.StatusForbidden, "This form has expired. Go back, reload the page and try again.")
				return
			}
		}
		w.Header().Set("Cache-Control", "no-store")
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, sess)))
	})
}

func (s *Server) session(r *http.Request) *store.Session {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	sess, err := s.db.SessionByToken(r.Context(), c.Value)
	if err != nil {
		return nil
	}
	return sess
}

func secure(r *http.Request) bool {
	return r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *store.User) error {
	token := auth.NewToken()
	if _, err := s.db.CreateSession(r.Context(), token, u.ID, sessionTTL); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: secure(r), SameSite: http.SameSiteLaxMode, MaxAge: int(sessionTTL / time.Second)})
	return nil
}

type loginView struct {
	Email, Next, Token string
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", page{Title: "Sign in", Data: &loginView{Next: safeNext(r.URL.Query().Get("next"))}})
}

// safeNext keeps a post-sign-in destination only if it is a path on this
// site; otherwise "" (the account's home).
func safeNext(n string) string {
	if len(n) > 1 && n[0] == '/' && n[1] != '/' && n[1] != '\\' {
		return n
	}
	return ""
}

// home is where an account lands after signing in.
func home(u *store.User) string {
	if u.Role == admin || u.Role == analyst {
		return "/admin"
	}
	if u.Role == auth.Sponsor {
		// A sponsor has no WRES view; their network's page links on to
		// its records and self-assessment.
		if u.NetworkID != 0 {
			return "/networks/" + strconv.FormatInt(u.NetworkID, 10)
		}
		return "/networks"
	}
	return "/wres"
}

// dummyHash keeps the time a failed sign-in takes the same whether or not
// the account exists.
// It is made on first use: every staffnet command loads this package, and
// an argon2id hash costs a third of a second and 64 MiB.
var dummyHash = sync.OnceValue(func() string { return auth.HashPassword("not a real password, only for timing") })

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	email, _ := auth.NormaliseEmail(r.PostFormValue("email"))
	pw := r.PostFormValue("password")
	v := &loginView{Email: r.PostFormValue("email"), Next: safeNext(r.PostFormValue("next"))}
	u, err := s.db.UserByEmail(r.Context(), email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.serverError(w, r, err)
		return
	}
	hash := dummyHash()
	if u != nil {
		hash = u.PasswordHash
	}
	if !auth.VerifyPassword(hash, pw) || u == nil {
		s.render(w, r, http.StatusUnauthorized, "login", page{Title: "Error: Sign in", Data: v,
			Errors: []fieldError{{"#email", "The email address or password is not right"}}})
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.serverError(w, r, err)
		return
	}
	next := v.Next
	if next == "" {
		next = home(u)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		sess, _ := s.db.SessionByToken(r.Context(), c.Value)
		if sess != nil && subtle.ConstantTimeCompare([]byte(r.PostFormValue("_csrf")), []byte(sess.CSRF)) != 1 {
			s.error(w, r, http.StatusForbidden, "This form has expired. Go back, reload the page and try again.")
			return
		}
		if err := s.db.DeleteSession(r.Context(), c.Value); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: secure(r), MaxAge: -1})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

type setupView struct {
	Token, Email      string
	EmailErr, PassErr string
}

func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "setup", page{Title: "Create the first administrator", Data: &setupView{Token: r.PathValue("token")}})
}

func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	v := &setupView{Token: r.PathValue("token"), Email: r.PostFormValue("email")}
	email, err := auth.NormaliseEmail(v.Email)
	var summary []fieldError
	if err != nil {
		v.EmailErr = "Enter an email address in the correct format, like name@example.nhs.uk"
		summary = append(summary, fieldError{"#email", v.EmailErr})
	}
	pw := r.PostFormValue("password")
	if err := auth.CheckPassword(pw); err != nil {
		v.PassErr = "Password " + err.Error()
		summary = append(summary, fieldError{"#password", v.PassErr})
	} else if pw != r.PostFormValue("password_again") {
		v.PassErr = "The two passwords do not match"
		summary = append(summary, fieldError{"#password", v.PassErr})
	}
	if len(summary) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "setup", page{Title: "Error: Create the first administrator", Data: v, Errors: summary})
		return
	}
	u, err := s.db.UseSetupToken(r.Context(), v.Token, email, auth.HashPassword(pw))
	if errors.Is(err, store.ErrNotFound) {
		s.error(w, r, http.StatusGone, "This setup link has been used or has expired. Ask an administrator for an account, or restart staffnet with an empty database for a new link.")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}
