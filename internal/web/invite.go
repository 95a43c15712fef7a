package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/store"
)

// Invitations and password reset links by email, through the outbox.

func (s *Server) inviteRoutes(m *http.ServeMux) {
	m.Handle("GET /admin/users/invite", s.needAccounts(canInvite, s.inviteNew))
	m.Handle("POST /admin/users/invite", s.needAccounts(canInvite, s.invite))
	m.HandleFunc("GET /invite/{token}", s.withSession(s.inviteForm))
	m.HandleFunc("POST /invite/{token}", s.acceptInvite)
	m.HandleFunc("GET /reset", s.withSession(s.resetRequestForm))
	m.HandleFunc("POST /reset", s.resetRequest)
	m.Handle("GET /account", s.signedIn(s.accountPage))
}

func canManage(r auth.Role) bool { return r.Accounts().Manage }
func canInvite(r auth.Role) bool { return r.Accounts().Invite }

// needAccounts lets a request through only for a role that ok allows
// (auth.AccountRights, a table in internal/auth), on top of need's
// session and CSRF checks.
func (s *Server) needAccounts(ok func(auth.Role) bool, h http.HandlerFunc) http.Handler {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request) {
		if !ok(sessionFrom(r.Context()).User.Role) {
			s.render(w, r, http.StatusForbidden, "error", page{Title: "Forbidden", Message: "Your account cannot open this page."})
			return
		}
		h(w, r)
	})
}

// passwordsOff reports whether this installation signs in only through the
// OpenID provider.
func (s *Server) passwordsOff() bool { return s.acct.opts.NoPasswords }

const passwordsOffMsg = "Passwords are turned off here: sign in with your organisation's account from the sign-in page."

type inviteView struct {
	Form *accountForm
	Link string // the invitation link, shown when email is off
	Errs fieldErrs
}

func (s *Server) inviteNew(w http.ResponseWriter, r *http.Request) {
	s.renderInvite(w, r, http.StatusOK, &inviteView{Form: &accountForm{Role: string(auth.NoRole)}}, nil)
}

func (s *Server) renderInvite(w http.ResponseWriter, r *http.Request, status int, v *inviteView, summary []fieldError) {
	v.Form.Roles, v.Errs = auth.Roles, fieldErrs{"email": v.Form.EmailErr}
	title := "Invite someone"
	if len(summary) > 0 {
		title = "Error: " + title
	}
	s.render(w, r, status, "invite_new", page{Title: title, Data: v, Errors: summary})
}

// readEmail reads and normalises the form's email address into f.
func readEmail(r *http.Request, f *accountForm) (string, []fieldError) {
	f.Email = r.PostFormValue("email")
	email, err := auth.NormaliseEmail(f.Email)
	if err != nil {
		f.EmailErr = "Enter an email address in the correct format, like name@example.nhs.uk"
		return "", []fieldError{{"#email", f.EmailErr}}
	}
	return email, nil
}

// readAccount reads the add and invite forms' email address, role,
// organisation and network into f, and returns them as an account.
func (s *Server) readAccount(r *http.Request, f *accountForm) (store.User, []fieldError, error) {
	email, summary := readEmail(r, f)
	u, more, err := s.readPlace(r, f)
	u.Email = email
	return u, append(summary, more...), err
}

const accountExists = "An account with this email address already exists"

// invite stores an invitation with a role and sends its link through the
// outbox, in one transaction; with email off the link is shown instead,
// once, for the administrator to pass on.
func (s *Server) invite(w http.ResponseWriter, r *http.Request) {
	f := &accountForm{}
	v := &inviteView{Form: f}
	u, summary, err := s.readAccount(r, f)
	if !s.done(w, r, err) {
		return
	}
	email := u.Email
	now, token, me := time.Now(), auth.NewToken(), sessionFrom(r.Context()).User.Email
	inv := store.Invitation{Email: email, Role: u.Role, Org: u.Org, NetworkID: u.NetworkID, InvitedBy: me, Expires: now.Add(auth.InviteTTL)}
	if len(summary) == 0 {
		var m *store.Mail
		if s.mail.On {
			m = &store.Mail{Kind: "invitation", To: email, Subject: "You are invited to staffnet", Text: s.inviteText(inv, s.link("/invite/"+token))}
		}
		err = s.db.CreateInvitation(r.Context(), token, inv, now, m)
		if errors.Is(err, store.ErrExists) {
			fieldFault(&summary, &f.EmailErr, "#email", accountExists)
		} else if !s.done(w, r, err) {
			return
		}
	}
	if len(summary) > 0 {
		s.renderInvite(w, r, http.StatusUnprocessableEntity, v, summary)
		return
	}
	if !s.mail.On {
		s.audit(r, "invitation made", email, describePlace(u)+"; link shown to the administrator (email is off)")
		v.Link = requestURL(r, "/invite/"+token)
		s.renderInvite(w, r, http.StatusOK, v, nil)
		return
	}
	s.audit(r, "invitation sent", email, describePlace(u)+"; valid for 7 days, once")
	http.Redirect(w, r, "/admin/users?invited="+url.QueryEscape(email), http.StatusSeeOther)
}

func (s *Server) inviteText(inv store.Invitation, link string) string {
	how := "choose a password"
	switch {
	case s.oidc != nil && s.passwordsOff():
		how = "sign in with " + s.oidc.cfg.Name
	case s.oidc != nil:
		how = "sign in with " + s.oidc.cfg.Name + " or choose a password"
	}
	return fmt.Sprintf("%s has invited you to staffnet, the staff networks service, as: %s.\n\n"+
		"To accept, open this link and %s:\n\n%s\n\n"+
		"The link works once, until %s. If you did not expect this invitation, ignore this email.\n",
		inv.InvitedBy, inv.Role.Label(), how, link, inv.Expires.UTC().Format("2 January 2006 15:04 UTC"))
}

// requestURL is path on the address the request came to: for links shown
// on a page, not sent by email (those use the configured base URL).
func requestURL(r *http.Request, path string) string { return siteURL(r) + path }

type acceptView struct {
	passwordView
	Role      auth.Role
	Provider  string // the OpenID provider's name, "" when off
	Passwords bool
}

const inviteGone = "This invitation has been used or has expired. Ask an administrator for a new one."

// invitation returns the live invitation in the path, or answers 410.
func (s *Server) invitation(w http.ResponseWriter, r *http.Request) *acceptView {
	inv, err := s.db.InvitationByToken(r.Context(), r.PathValue("token"), time.Now())
	if errors.Is(err, store.ErrNotFound) {
		s.error(w, r, http.StatusGone, inviteGone)
		return nil
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil
	}
	v := &acceptView{passwordView: passwordView{Token: r.PathValue("token"), Email: inv.Email}, Role: inv.Role, Passwords: !s.passwordsOff()}
	if s.oidc != nil {
		v.Provider = s.oidc.cfg.Name
	}
	return v
}

func (s *Server) inviteForm(w http.ResponseWriter, r *http.Request) {
	if v := s.invitation(w, r); v != nil {
		s.render(w, r, http.StatusOK, "invite", page{Title: "Accept your invitation", Data: v})
	}
}

// acceptInvite creates the invited account with the password chosen and
// signs it in. Accepting through the OpenID provider needs no form: the
// first sign-in with the invited, verified address does it (oidcAccount).
func (s *Server) acceptInvite(w http.ResponseWriter, r *http.Request) {
	if s.passwordsOff() {
		s.error(w, r, http.StatusForbidden, passwordsOffMsg)
		return
	}
	v := s.invitation(w, r)
	if v == nil {
		return
	}
	if summary := checkNew(r, &v.passwordView); len(summary) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "invite", page{Title: "Error: Accept your invitation", Data: v, Errors: summary})
		return
	}
	hash, err := s.hashPassword(r.Context(), r.PostFormValue("password"))
	if err != nil {
		s.busy(w, r, err)
		return
	}
	u, err := s.db.AcceptInvitation(r.Context(), v.Token, hash, time.Now())
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.error(w, r, http.StatusGone, inviteGone)
		return
	case errors.Is(err, store.ErrExists):
		s.error(w, r, http.StatusConflict, accountExists+": sign in with it.")
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.auditBy(r, u.Email, "invitation accepted", u.Email, describePlace(*u)+", with a password")
	if err := s.startSession(w, r, u); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, home(u), http.StatusSeeOther)
}

// mailReset sends u a reset link through the outbox, valid for
// auth.EmailResetTTL, unless one went less than gap ago; it reports
// whether it sent one.
func (s *Server) mailReset(r *http.Request, u *store.User, gap time.Duration) (bool, error) {
	token := auth.NewToken()
	m := &store.Mail{Kind: "reset", To: u.Email, Subject: "Reset your staffnet password", Text: fmt.Sprintf(
		"Someone, you or an administrator, asked to reset the password of your staffnet account %s. Choose a new password here:\n\n%s\n\n"+
			"The link works once, within 1 hour. If you did not ask, ignore this email: your password has not changed.\n", u.Email, s.link("/reset/"+token))}
	sent, err := s.db.CreateEmailReset(r.Context(), token, u.ID, time.Now(), auth.EmailResetTTL, gap, m)
	if sent && err == nil {
		s.audit(r, "password reset link sent", u.Email, "by email, valid for 1 hour, once")
	}
	return sent, err
}

type resetRequestView struct {
	Email  string
	Errs   fieldErrs
	MailOn bool
}

func (s *Server) resetRequestForm(w http.ResponseWriter, r *http.Request) {
	if s.passwordsOff() {
		s.error(w, r, http.StatusNotFound, passwordsOffMsg)
		return
	}
	s.render(w, r, http.StatusOK, "reset_request", page{Title: "Reset your password", Data: &resetRequestView{MailOn: s.mail.On}})
}

// resetRequest emails a reset link to an enabled account with the address
// typed. The page that follows is the same whether or not there is one,
// so that it tells nobody which addresses have accounts.
func (s *Server) resetRequest(w http.ResponseWriter, r *http.Request) {
	if s.passwordsOff() || !s.mail.On {
		s.error(w, r, http.StatusNotFound, "Ask an administrator for a password reset link.")
		return
	}
	f := &accountForm{}
	email, summary := readEmail(r, f)
	if len(summary) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "reset_request", page{Title: "Error: Reset your password",
			Data: &resetRequestView{Email: f.Email, Errs: fieldErrs{"email": f.EmailErr}, MailOn: true}, Errors: summary})
		return
	}
	u, err := s.db.UserByEmail(r.Context(), email)
	if err == nil && !u.Disabled {
		_, err = s.mailReset(r, u, auth.ResetMailGap)
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.serverError(w, r, err)
		return
	}
	s.notice(w, r, http.StatusOK, s.checkEmail(email, "It holds a link to choose a new password, which works once, within 1 hour."))
}

// accountPage says who is signed in and, for an account with no role yet,
// that an administrator must grant one.
func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) {
	u := sessionFrom(r.Context()).User
	v := &noticeView{Heading: "Your account", Lines: []string{"You are signed in as " + u.Email + ". Your role: " + u.Role.Label() + "."}}
	if u.Role == auth.NoRole {
		v.Lines = append(v.Lines, "An administrator has not given your account a role yet, so there is nothing here for you to see. Ask your staffnet administrator for the role you need.")
	}
	s.notice(w, r, http.StatusOK, v)
}
