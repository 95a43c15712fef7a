package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/store"
)

func (s *Server) accountRoutes(m *http.ServeMux) {
	m.Handle("GET /admin/users", s.needAccounts(canManage, s.adminUsers))
	m.Handle("POST /admin/users", s.needAccounts(canManage, s.adminAddUser))
	m.Handle("GET /admin/users/{id}", s.needAccounts(canManage, s.adminUser))
	m.Handle("POST /admin/users/{id}", s.needAccounts(canManage, s.adminSaveUser))
	m.Handle("POST /admin/users/{id}/disable", s.needAccounts(canManage, s.adminSetDisabled(true)))
	m.Handle("POST /admin/users/{id}/enable", s.needAccounts(canManage, s.adminSetDisabled(false)))
	m.Handle("POST /admin/users/{id}/reset", s.needAccounts(canManage, s.adminReset))
	m.Handle("GET /admin/users/{id}/remove", s.needAccounts(canManage, s.adminRemoveForm))
	m.Handle("POST /admin/users/{id}/remove", s.needAccounts(canManage, s.adminRemove))
	m.Handle("GET /admin/audit", s.needAccounts(canManage, s.auditLog))
	m.Handle("GET /admin/audit.csv", s.needAccounts(canManage, s.auditCSV))
	m.Handle("GET /account/password", s.signedIn(s.withPasswords(s.passwordForm)))
	m.Handle("POST /account/password", s.signedIn(s.withPasswords(s.changePassword)))
	m.HandleFunc("GET /reset/{token}", s.withPasswords(s.resetForm))
	m.HandleFunc("POST /reset/{token}", s.withPasswords(s.reset))
}

// withPasswords refuses a page that takes or sets a password when
// passwords are turned off.
func (s *Server) withPasswords(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.passwordsOff() {
			s.error(w, r, http.StatusNotFound, passwordsOffMsg)
			return
		}
		h(w, r)
	}
}

// accountForm is the role, organisation and network fields of the add
// and change forms, as typed, with their errors.
type accountForm struct {
	Roles                                          []auth.Role
	Email, Role, Org, Network                      string
	EmailErr, RoleErr, OrgErr, NetworkErr, PassErr string
}

// readPlace reads and checks role, org and network from the form: an
// organisation for the roles that need one, a network (of that
// organisation) only for leads and sponsors, as `staffnet user add`.
func (s *Server) readPlace(r *http.Request, f *accountForm) (store.User, []fieldError, error) {
	var u store.User
	var summary []fieldError
	f.Role = r.PostFormValue("role")
	f.Org = strings.ToUpper(strings.TrimSpace(r.PostFormValue("org")))
	f.Network = strings.TrimSpace(r.PostFormValue("network"))
	role, err := auth.ParseRole(f.Role)
	if err != nil {
		fieldFault(&summary, &f.RoleErr, "#role", "Select a role")
	}
	u.Role = role
	if !role.NeedsOrg() {
		f.Org, f.Network = "", ""
		return u, summary, nil
	}
	if f.Org == "" {
		f.OrgErr = "Enter the ODS code of the person's organisation"
	} else if _, err := s.db.Organisation(r.Context(), f.Org); errors.Is(err, store.ErrNotFound) {
		f.OrgErr = "There is no organisation with ODS code " + f.Org
	} else if err != nil {
		return u, nil, err
	}
	if f.OrgErr != "" {
		summary = append(summary, fieldError{"#org", f.OrgErr})
	}
	u.Org = f.Org
	if !role.HasNetwork() {
		f.Network = ""
		return u, summary, nil
	}
	if f.Network != "" {
		id, err := strconv.ParseInt(f.Network, 10, 64)
		if err != nil || id <= 0 {
			f.NetworkErr = "Enter the network's number, like 12, or leave it blank"
		} else if n, err := s.db.Network(r.Context(), id); errors.Is(err, store.ErrNotFound) {
			f.NetworkErr = "There is no network " + f.Network
		} else if err != nil {
			return u, nil, err
		} else if n.OrgCode != f.Org {
			f.NetworkErr = fmt.Sprintf("Network %d (%s) belongs to %s, not %s", id, n.Name, n.OrgCode, f.Org)
		}
		if f.NetworkErr != "" {
			summary = append(summary, fieldError{"#network", f.NetworkErr})
		}
		u.NetworkID = id
	}
	return u, summary, nil
}

type usersView struct {
	Users                   []store.User
	Added, Removed, Invited string
	Form                    *accountForm
	Passwords, MailOn       bool
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.renderUsers(w, r, &usersView{Added: q.Get("added"), Removed: q.Get("removed"), Invited: q.Get("invited"), Form: &accountForm{Role: string(auth.Analyst)}}, nil)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, v *usersView, summary []fieldError) {
	users, err := s.db.Users(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Users, v.Form.Roles, v.Passwords, v.MailOn = users, auth.Roles, !s.passwordsOff(), s.mail.On
	status, title := http.StatusOK, "Accounts"
	if len(summary) > 0 {
		status, title = http.StatusUnprocessableEntity, "Error: Accounts"
	}
	s.render(w, r, status, "users", page{Title: title, Data: v, Errors: summary})
}

func (s *Server) adminAddUser(w http.ResponseWriter, r *http.Request) {
	f := &accountForm{}
	v := &usersView{Form: f}
	u, summary, err := s.readAccount(r, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	email := u.Email
	// With no starting password the account gets one nobody knows, and
	// the administrator a reset link to pass on: nobody but its owner
	// ever knows the password. With passwords off there is neither: the
	// account signs in through the OpenID provider.
	pw := r.PostFormValue("password")
	withLink := pw == "" && !s.passwordsOff()
	if pw == "" || s.passwordsOff() {
		pw = auth.NewToken()
	} else if err := auth.CheckNewPassword(pw, email); err != nil {
		fieldFault(&summary, &f.PassErr, "#password", "Password "+err.Error())
	}
	var added *store.User
	if len(summary) == 0 {
		if u.PasswordHash, err = s.hashPassword(r.Context(), pw); err != nil {
			s.busy(w, r, err)
			return
		}
		added, err = s.db.AddUser(r.Context(), u)
		if errors.Is(err, store.ErrExists) {
			fieldFault(&summary, &f.EmailErr, "#email", accountExists)
		} else if !s.done(w, r, err) {
			return
		}
	}
	if len(summary) > 0 {
		s.renderUsers(w, r, v, summary)
		return
	}
	s.audit(r, "account added", email, describePlace(u))
	if withLink {
		s.showResetLink(w, r, added, "The account has been added.")
		return
	}
	http.Redirect(w, r, "/admin/users?added="+url.QueryEscape(email), http.StatusSeeOther)
}

// describePlace says an account's role, organisation and network for the
// audit log.
func describePlace(u store.User) string {
	d := "role " + string(u.Role)
	if u.Org != "" {
		d += ", organisation " + u.Org
	}
	if u.NetworkID != 0 {
		d += ", network " + strconv.FormatInt(u.NetworkID, 10)
	}
	return d
}

type userView struct {
	Account           *store.User
	Form              *accountForm
	Done              string // what was just done, for the confirmation banner
	ResetLink         string
	Self              bool
	Passwords, MailOn bool
}

// account returns the account named in the path, or answers 404 (or 500)
// and returns nil.
func (s *Server) account(w http.ResponseWriter, r *http.Request) *store.User {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.error(w, r, http.StatusNotFound, "")
		return nil
	}
	u, err := s.db.UserByID(r.Context(), id)
	if !s.foundOr(w, r, err, http.StatusNotFound, "There is no such account. It may have been removed.") {
		return nil
	}
	return u
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, v *userView, summary []fieldError) {
	v.Form.Roles = auth.Roles
	v.Self = sessionFrom(r.Context()).User.ID == v.Account.ID
	v.Passwords, v.MailOn = !s.passwordsOff(), s.mail.On
	title := "Account: " + v.Account.Email
	if len(summary) > 0 {
		title = "Error: " + title
	}
	s.render(w, r, status, "user", page{Title: title, Data: v, Errors: summary})
}

func placeForm(u *store.User) *accountForm {
	f := &accountForm{Role: string(u.Role), Org: u.Org}
	if u.NetworkID != 0 {
		f.Network = strconv.FormatInt(u.NetworkID, 10)
	}
	return f
}

var doneMessages = map[string]string{
	"saved":    "The account's role, organisation and network have been saved.",
	"disabled": "The account has been disabled and signed out everywhere.",
	"enabled":  "The account has been enabled. Its password has not changed.",
}

func (s *Server) adminUser(w http.ResponseWriter, r *http.Request) {
	u := s.account(w, r)
	if u == nil {
		return
	}
	s.renderUser(w, r, http.StatusOK, &userView{Account: u, Form: placeForm(u), Done: doneMessages[r.URL.Query().Get("done")]}, nil)
}

func (s *Server) adminSaveUser(w http.ResponseWriter, r *http.Request) {
	old := s.account(w, r)
	if old == nil {
		return
	}
	f := &accountForm{}
	u, summary, err := s.readPlace(r, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(summary) == 0 {
		u.ID = old.ID
		err = s.db.UpdateUser(r.Context(), u)
		if errors.Is(err, store.ErrLastAdmin) {
			fieldFault(&summary, &f.RoleErr, "#role", "This is the only administrator: make another account an administrator first")
		} else if !s.done(w, r, err) {
			return
		}
	}
	if len(summary) > 0 {
		s.renderUser(w, r, http.StatusUnprocessableEntity, &userView{Account: old, Form: f}, summary)
		return
	}
	s.audit(r, "account changed", old.Email, "from "+describePlace(*old)+" to "+describePlace(u))
	http.Redirect(w, r, "/admin/users/"+r.PathValue("id")+"?done=saved", http.StatusSeeOther)
}

// changedAccount reports whether a change to account u went through
// (err is nil). Otherwise it has answered: a change refused because it
// would leave no administrator goes back to the account's page, with
// the reason; any other error is a 500.
func (s *Server) changedAccount(w http.ResponseWriter, r *http.Request, u *store.User, err error) bool {
	if errors.Is(err, store.ErrLastAdmin) {
		s.renderUser(w, r, http.StatusConflict, &userView{Account: u, Form: placeForm(u)},
			[]fieldError{{"#role", "This is the only administrator: make another account an administrator first"}})
		return false
	}
	return s.done(w, r, err)
}

func (s *Server) adminSetDisabled(disabled bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := s.account(w, r)
		if u == nil {
			return
		}
		if !s.changedAccount(w, r, u, s.db.SetDisabled(r.Context(), u.ID, disabled)) {
			return
		}
		if disabled {
			s.audit(r, "account disabled", u.Email, "its sessions and reset links ended")
			http.Redirect(w, r, "/admin/users/"+r.PathValue("id")+"?done=disabled", http.StatusSeeOther)
			return
		}
		s.audit(r, "account enabled", u.Email, "")
		http.Redirect(w, r, "/admin/users/"+r.PathValue("id")+"?done=enabled", http.StatusSeeOther)
	}
}

func (s *Server) adminRemove(w http.ResponseWriter, r *http.Request) {
	u := s.account(w, r)
	if u == nil {
		return
	}
	if !s.changedAccount(w, r, u, s.db.RemoveUser(r.Context(), u.ID)) {
		return
	}
	s.audit(r, "account removed", u.Email, describePlace(*u))
	http.Redirect(w, r, "/admin/users?removed="+url.QueryEscape(u.Email), http.StatusSeeOther)
}

// adminReset makes a one-time password reset link and shows it to the
// administrator, once, to pass on to the account's owner.
func (s *Server) adminReset(w http.ResponseWriter, r *http.Request) {
	u := s.account(w, r)
	if u == nil {
		return
	}
	msg := "Enable the account before making a reset link for it"
	if s.passwordsOff() {
		msg = "Passwords are turned off here: the account signs in through the sign-in service"
	}
	if u.Disabled || s.passwordsOff() {
		s.renderUser(w, r, http.StatusConflict, &userView{Account: u, Form: placeForm(u)}, []fieldError{{"#reset", msg}})
		return
	}
	s.showResetLink(w, r, u, "")
}

// showResetLink makes a reset link for u and shows it on the account's
// page: the only time it is shown. With email on, the link goes to the
// account's address through the outbox instead, and nobody else sees it.
func (s *Server) showResetLink(w http.ResponseWriter, r *http.Request, u *store.User, done string) {
	if s.mail.On {
		if _, err := s.mailReset(r, u, 0); err != nil {
			s.serverError(w, r, err)
			return
		}
		done = strings.TrimSpace(done + " A password reset link has been sent to " + u.Email + ". It works once, within 1 hour.")
		s.renderUser(w, r, http.StatusOK, &userView{Account: u, Form: placeForm(u), Done: done}, nil)
		return
	}
	token := auth.NewToken()
	if err := s.db.CreateReset(r.Context(), token, u.ID, time.Now()); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.audit(r, "password reset link issued", u.Email, "valid for 24 hours, once")
	link := requestURL(r, "/reset/"+token)
	s.renderUser(w, r, http.StatusOK, &userView{Account: u, Form: placeForm(u), ResetLink: link, Done: done}, nil)
}

// adminRemoveForm asks before an account is removed.
func (s *Server) adminRemoveForm(w http.ResponseWriter, r *http.Request) {
	u := s.account(w, r)
	if u == nil {
		return
	}
	s.render(w, r, http.StatusOK, "user_remove", page{Title: "Remove " + u.Email + "?", Data: &userView{Account: u,
		Self: sessionFrom(r.Context()).User.ID == u.ID}})
}

type passwordView struct {
	Token, Email        string
	CurrentErr, PassErr string
	Changed             bool
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	v := &passwordView{Email: sessionFrom(r.Context()).User.Email, Changed: r.URL.Query().Get("done") == "1"}
	s.render(w, r, http.StatusOK, "password", page{Title: "Change your password", Data: v})
}

// checkNew checks a new password and its repetition, filling v's error.
func checkNew(r *http.Request, v *passwordView) []fieldError {
	pw := r.PostFormValue("password")
	if err := auth.CheckNewPassword(pw, v.Email); err != nil {
		v.PassErr = "Password " + err.Error()
	} else if pw != r.PostFormValue("password_again") {
		v.PassErr = "The two passwords do not match"
	}
	if v.PassErr != "" {
		return []fieldError{{"#password", v.PassErr}}
	}
	return nil
}

// changePassword changes the signed-in account's password. The current
// password is checked like a sign-in, counted against the account's
// throttle, so a borrowed session cannot be used to guess it.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	me := sessionFrom(ctx).User
	v := &passwordView{Email: me.Email}
	acctKey, addrKey, err := s.throttleKeys(ctx, r, me.Email)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	att, ok, err := s.checkPassword(ctx, acctKey, addrKey, func() bool { return auth.VerifyPassword(me.PasswordHash, r.PostFormValue("current")) })
	if err != nil {
		s.busy(w, r, err)
		return
	}
	if !att.Allowed {
		v.CurrentErr = fmt.Sprintf("Too many wrong passwords have been tried for this account. Wait %s and try again.", minutes(max(int(time.Until(att.LockedUntil).Round(time.Minute)/time.Minute), 1)))
		s.render(w, r, http.StatusTooManyRequests, "password", page{Title: "Error: Change your password", Data: v, Errors: []fieldError{{"#current", v.CurrentErr}}})
		return
	}
	var summary []fieldError
	if !ok {
		fieldFault(&summary, &v.CurrentErr, "#current", "Your current password is not right")
	}
	summary = append(summary, checkNew(r, v)...)
	if len(summary) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "password", page{Title: "Error: Change your password", Data: v, Errors: summary})
		return
	}
	hash, err := s.hashPassword(ctx, r.PostFormValue("password"))
	if err != nil {
		s.busy(w, r, err)
		return
	}
	// SetPassword ends every session of the account, this one too: the
	// account carries on in a new one.
	if err := s.db.SetPassword(ctx, me.ID, hash); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.audit(r, "password changed", me.Email, "by the account's owner; other sessions ended")
	if err := s.startSession(w, r, &me); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/password?done=1", http.StatusSeeOther)
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) {
	u, err := s.db.ResetUser(r.Context(), r.PathValue("token"), time.Now())
	if !s.foundOr(w, r, err, http.StatusGone, resetGone) {
		return
	}
	s.render(w, r, http.StatusOK, "reset", page{Title: "Choose a new password", Data: &passwordView{Token: r.PathValue("token"), Email: u.Email}})
}

const resetGone = "This password reset link has been used or has expired. Ask for a new one on the sign-in page, or ask an administrator."

func (s *Server) reset(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	u, err := s.db.ResetUser(r.Context(), token, time.Now())
	if !s.foundOr(w, r, err, http.StatusGone, resetGone) {
		return
	}
	v := &passwordView{Token: token, Email: u.Email}
	if summary := checkNew(r, v); len(summary) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "reset", page{Title: "Error: Choose a new password", Data: v, Errors: summary})
		return
	}
	hash, err := s.hashPassword(r.Context(), r.PostFormValue("password"))
	if err != nil {
		s.busy(w, r, err)
		return
	}
	u, err = s.db.UseReset(r.Context(), token, hash, time.Now())
	if !s.foundOr(w, r, err, http.StatusGone, resetGone) {
		return
	}
	// Whoever holds the link proved it: the account's failed sign-ins are
	// forgotten so that a locked-out owner can sign in at once.
	acctKey, _, err := s.throttleKeys(r.Context(), r, u.Email)
	if err == nil {
		err = s.db.ClearThrottle(r.Context(), acctKey.Hash)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.auditBy(r, u.Email, "password reset", u.Email, "with a reset link")
	if err := s.startSession(w, r, u); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, home(u), http.StatusSeeOther)
}
