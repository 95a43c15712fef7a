package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/store"
)

const sessionCookie = "staffnet_session"

type ctxKey struct{}

func sessionFrom(ctx context.Context) *store.Session {
	s, _ := ctx.Value(ctxKey{}).(*store.Session)
	return s
}

const (
	admin   = auth.Admin
	analyst = auth.Analyst
)

// signedIn lets a request through with any live session: need for
// auth.Anyone, the routes whose handlers decide access themselves.
func (s *Server) signedIn(h http.HandlerFunc) http.Handler { return s.need(auth.Anyone, h) }

// need lets a request through only with a live session whose role can act
// as role. State-changing requests must also carry the session's CSRF
// token (on top of the cross-origin check every request gets).
func (s *Server) need(role auth.Role, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, err := s.session(r)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if sess == nil {
			next := r.URL.EscapedPath()
			if r.Method == http.MethodGet && r.URL.RawQuery != "" {
				next += "?" + r.URL.RawQuery // a link to a filtered view comes back filtered
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
			return
		}
		if !sess.User.Role.Can(role) {
			s.render(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, sess)), http.StatusForbidden, "error",
				page{Title: "Forbidden", Message: "Your account cannot open this page."})
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && s.refuseForm(w, r, sess.CSRF) {
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, sess)))
	})
}

// refuseForm answers a form that is too big to read, or whose CSRF token
// is not csrf, and reports whether it did. A body over the route's limit
// would otherwise read as a form without its token, and the person who
// sent a big file would be told that the form had expired.
func (s *Server) refuseForm(w http.ResponseWriter, r *http.Request, csrf string) bool {
	err := r.ParseForm() // reads an urlencoded body; ParseMultipartForm would drop its error
	if err == nil {
		if err = r.ParseMultipartForm(32 << 20); errors.Is(err, http.ErrNotMultipart) {
			err = nil
		}
	}
	if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
		s.error(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("What you sent is larger than the %d KiB this page takes, so nothing was saved. Go back and send a smaller file.", tooBig.Limit>>10))
		return true
	}
	if subtle.ConstantTimeCompare([]byte(r.PostFormValue("_csrf")), []byte(csrf)) != 1 {
		s.error(w, r, http.StatusForbidden, "This form has expired. Go back, reload the page and try again.")
		return true
	}
	return false
}

// session returns the request's live session, nil when it has none (no
// cookie, or one for a session that has ended), or the database's error:
// a failing database must not look like being signed out.
func (s *Server) session(r *http.Request) (*store.Session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	sess, err := s.db.SessionByToken(r.Context(), c.Value, time.Now())
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return sess, err
}

func secure(r *http.Request) bool {
	return r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *store.User) error {
	token := auth.NewToken()
	if _, err := s.db.CreateSession(r.Context(), token, u.ID, time.Now()); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: secure(r), SameSite: http.SameSiteLaxMode, MaxAge: int(auth.SessionMax / time.Second)})
	return nil
}

type loginView struct {
	Email, Next, Token string
	Err                string
	Provider           string // the OpenID provider's name, "" when off
	Passwords          bool   // the password form is offered
	ResetByEmail       bool   // forgotten passwords are reset by email
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	s.renderLogin(w, r, http.StatusOK, &loginView{Next: safeNext(r.URL.Query().Get("next"))})
}

// renderLogin shows the sign-in page, with v.Err as its error if set.
func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, v *loginView) {
	v.Passwords, v.ResetByEmail = !s.passwordsOff(), s.mail.On
	if s.oidc != nil {
		v.Provider = s.oidc.cfg.Name
	}
	p := page{Title: "Sign in", Data: v}
	if v.Err != "" {
		p.Title, p.Errors = "Error: Sign in", []fieldError{{"#email", v.Err}}
	}
	s.render(w, r, status, "login", p)
}

// safeNext keeps a post-sign-in destination only if it is a path on this
// site; otherwise "" (the account's home). Browsers ignore tabs and
// newlines in URLs and read a backslash as a slash, so "/\evil",
// "/<tab>/evil" and "//evil" all name another host. A destination passes
// only if it starts with one slash, holds no control character, space,
// backslash or non-ASCII byte, and says the same once percent-decoded;
// and it must parse to a path with no scheme and no host.
func safeNext(n string) string {
	if len(n) > 2000 || !sameSitePath(n) {
		return ""
	}
	dec, err := url.PathUnescape(n)
	if err != nil || !sameSitePath(dec) {
		return ""
	}
	u, err := url.Parse(n)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") {
		return ""
	}
	return n
}

func sameSitePath(n string) bool {
	if len(n) < 1 || n[0] != '/' || (len(n) > 1 && n[1] == '/') {
		return false
	}
	for i := 0; i < len(n); i++ {
		if c := n[i]; c < 0x21 || c >= 0x7f || c == '\\' {
			return false
		}
	}
	return true
}

// home is where an account lands after signing in (auth.Home).
func home(u *store.User) string { return auth.Home(u.Role, u.Org, u.NetworkID) }

// AccountOptions tunes sign-in protection; the zero value is the default.
type AccountOptions struct {
	// Throttle is the sign-in throttling policy (auth.DefaultThrottle when
	// AccountLimit is 0).
	Throttle auth.Throttle
	// HashSlots bounds how many argon2id hashes run at once (default 2).
	// Each costs 64 MiB and a core for a third of a second, so more than
	// the cores only adds memory: 2 keeps a burst of sign-ins at about
	// 128 MiB of hashing (docs/performance.md).
	HashSlots int
	// HashWait is how long a request waits for a slot before it gets a
	// 503 page (default 10 s).
	HashWait time.Duration
	// TrustProxy takes the client address from the last X-Forwarded-For
	// entry (set it only behind a proxy that appends one).
	TrustProxy bool
	// NoPasswords turns local passwords off: people sign in only through
	// the OpenID provider (OIDCConfig), and every page that takes or sets
	// a password refuses.
	NoPasswords bool
	// OnHash, if set, is called as each hash starts, and the function it
	// returns as it ends (tests count hashes running at once with it).
	OnHash func() (done func())
}

// accounts is the server's sign-in protection.
type accounts struct {
	opts   AccountOptions
	slots  chan struct{}
	mu     sync.Mutex
	hasher func(kind, value string) string // throttle keys; see store.ThrottleHasher
	gates  map[string]*gate                // sign-ins being checked, by account key
}

func newAccounts(o AccountOptions) *accounts {
	if o.Throttle.AccountLimit == 0 {
		o.Throttle = auth.DefaultThrottle
	}
	if o.HashSlots <= 0 {
		o.HashSlots = 2
	}
	if o.HashWait <= 0 {
		o.HashWait = 10 * time.Second
	}
	return &accounts{opts: o, slots: make(chan struct{}, o.HashSlots)}
}

// enter waits until fewer sign-ins for the account key than its limit are
// being checked on this server, for at most HashWait, and returns the
// gate, whose leave lets the next one in.
func (a *accounts) enter(ctx context.Context, key string) (*gate, error) {
	a.mu.Lock()
	if a.gates == nil {
		a.gates = map[string]*gate{}
	}
	g := a.gates[key]
	if g == nil {
		g = &gate{a: a, key: key, ch: make(chan struct{}, a.opts.Throttle.AccountLimit), settled: make(chan struct{})}
		a.gates[key] = g
	}
	g.users++
	a.mu.Unlock()
	t := time.NewTimer(a.opts.HashWait)
	defer t.Stop()
	var err error
	select {
	case g.ch <- struct{}{}:
		return g, nil
	case <-t.C:
		err = errBusy
	case <-ctx.Done():
		err = ctx.Err()
	}
	g.drop()
	return nil, err
}

// gate is one account's sign-ins on this server; users counts those
// holding or waiting for a turn, so that it is dropped when nobody does.
type gate struct {
	a       *accounts
	key     string
	ch      chan struct{}
	users   int
	settled chan struct{} // closed, and replaced, as each turn ends
}

// leave ends a turn and wakes those waiting for an attempt to settle.
func (g *gate) leave() {
	<-g.ch
	g.a.mu.Lock()
	close(g.settled)
	g.settled = make(chan struct{})
	g.a.mu.Unlock()
	g.drop()
}

func (g *gate) drop() {
	g.a.mu.Lock()
	if g.users--; g.users == 0 {
		delete(g.a.gates, g.key)
	}
	g.a.mu.Unlock()
}

// wait waits until another turn at the gate ends, or a moment passes (an
// attempt on another server may have settled), or deadline.
func (g *gate) wait(ctx context.Context, deadline time.Time) error {
	g.a.mu.Lock()
	settled := g.settled
	g.a.mu.Unlock()
	left := time.Until(deadline)
	if left <= 0 {
		return errBusy
	}
	t := time.NewTimer(min(left, 100*time.Millisecond))
	defer t.Stop()
	select {
	case <-settled:
	case <-t.C:
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}

// errBusy is returned when no hashing slot came free in time.
var errBusy = errors.New("too many password checks at once")

// hash runs fn (a password hash or check) in one of a fixed number of
// slots, so that a burst of sign-ins queues instead of taking 64 MiB each.
func (a *accounts) hash(ctx context.Context, fn func()) error {
	t := time.NewTimer(a.opts.HashWait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
	case <-t.C:
		return errBusy
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-a.slots }()
	if a.opts.OnHash != nil {
		defer a.opts.OnHash()()
	}
	fn()
	return nil
}

// hashPassword hashes a new password in a slot.
func (s *Server) hashPassword(ctx context.Context, pw string) (string, error) {
	var h string
	err := s.acct.hash(ctx, func() { h = auth.HashPassword(pw) })
	return h, err
}

// busy answers a request that found no hashing slot.
func (s *Server) busy(w http.ResponseWriter, r *http.Request, err error) {
	if !errors.Is(err, errBusy) {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Retry-After", "10")
	s.error(w, r, http.StatusServiceUnavailable, "Too many people are signing in at once. Wait a few seconds and try again.")
}

// throttleKeys returns the keys a sign-in for email from r is counted under.
func (s *Server) throttleKeys(ctx context.Context, r *http.Request, email string) (acct, addr store.ThrottleKey, err error) {
	s.acct.mu.Lock()
	defer s.acct.mu.Unlock()
	if s.acct.hasher == nil {
		if s.acct.hasher, err = s.db.ThrottleHasher(ctx); err != nil {
			return acct, addr, err
		}
	}
	th := s.acct.opts.Throttle
	return store.ThrottleKey{Hash: s.acct.hasher("account", email), Limit: th.AccountLimit},
		store.ThrottleKey{Hash: s.acct.hasher("address", s.clientAddr(r)), Limit: th.AddressLimit}, nil
}

// clientAddr is the address sign-ins are counted under: the connection's
// peer (or the proxy's X-Forwarded-For entry), an IPv6 address cut to its
// /64, which one household or attacker usually holds whole. It is never
// stored or logged, only hashed.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if s.acct.opts.TrustProxy {
		if v := r.Header.Values("X-Forwarded-For"); len(v) > 0 {
			list := strings.Split(v[len(v)-1], ",")
			host = strings.TrimSpace(list[len(list)-1])
		}
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return host
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}

// dummyHash keeps the time a failed sign-in takes the same whether or not
// the account exists.
// It is made on first use: every staffnet command loads this package, and
// an argon2id hash costs a third of a second and 64 MiB.
var dummyHash = sync.OnceValue(func() string { return auth.HashPassword("not a real password, only for timing") })

const badSignIn = "The email address or password is not right"

// login signs in. Every attempt is throttled per account and per client
// address (checkPassword); a locked key gets the same answer whether or
// not the account exists, and so does an unknown account's password
// check (a dummy hash). See auth.Throttle.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	if s.passwordsOff() {
		s.error(w, r, http.StatusForbidden, passwordsOffMsg)
		return
	}
	ctx := r.Context()
	typed := r.PostFormValue("email")
	email, err := auth.NormaliseEmail(typed)
	if err != nil {
		email = strings.ToLower(strings.TrimSpace(typed))
	}
	pw := r.PostFormValue("password")
	v := &loginView{Email: typed, Next: safeNext(r.PostFormValue("next"))}
	acctKey, addrKey, err := s.throttleKeys(ctx, r, email)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	u, err := s.db.UserByEmail(ctx, email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.serverError(w, r, err)
		return
	}
	att, ok, err := s.checkPassword(ctx, acctKey, addrKey, func() bool {
		hash := dummyHash()
		if u != nil {
			hash = u.PasswordHash
		}
		return auth.VerifyPassword(hash, pw) && u != nil
	})
	if err != nil {
		s.busy(w, r, err)
		return
	}
	if !att.Allowed {
		s.locked(w, r, v, att.LockedUntil)
		return
	}
	if !ok {
		s.metrics.SignInFailed()
		if att.Locks[0] || att.Locks[1] {
			target := "an email address with no account"
			if u != nil {
				target = u.Email
			}
			what := map[bool]string{true: "the account", false: "the client address"}[att.Locks[0]]
			s.audit(r, "sign-in locked", target, fmt.Sprintf("%s, after too many failed sign-ins, until %s UTC", what, att.LockedUntil.UTC().Format("2 Jan 2006 15:04")))
			s.locked(w, r, v, att.LockedUntil)
			return
		}
		v.Err = badSignIn
		s.renderLogin(w, r, http.StatusUnauthorized, v)
		return
	}
	if u.Disabled {
		v.Err = "This account has been closed. Ask an administrator if you need it again."
		s.renderLogin(w, r, http.StatusForbidden, v)
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

// checkPassword runs check, which verifies a password, under the sign-in
// throttle for the account key acct and the address key addr:
//
//   - store.BeginSignIn refuses it if either key is locked, and marks it in
//     progress against the account; no more attempts for one account are
//     checked at once than it has guesses left, so parallel guesses gain
//     nothing. Attempts beyond that wait their turn (accounts.enter, and
//     gate.wait for attempts on other servers or failures that lowered
//     the guesses left) rather than being refused, up to HashWait.
//   - The locks are read again once a hashing slot is free: while the
//     attempt waited, others' failures may have locked its address.
//   - store.SettleSignIn counts it only once settled: a failure against
//     both keys, a success clears the account. A right password therefore
//     never counts against an address, and a burst of right passwords
//     from one address locks nothing.
//
// att.Allowed is false when a lock refused the attempt (att.LockedUntil);
// err is errBusy (or a database error) when it could not be checked.
func (s *Server) checkPassword(ctx context.Context, acct, addr store.ThrottleKey, check func() bool) (att store.SignIn, ok bool, err error) {
	deadline := time.Now().Add(s.acct.opts.HashWait)
	g, err := s.acct.enter(ctx, acct.Hash)
	if err != nil {
		return att, false, err
	}
	defer g.leave()
	th := s.acct.opts.Throttle
	for {
		if att, err = s.db.BeginSignIn(ctx, th, time.Now(), acct, addr); err != nil || att.Allowed || !att.Busy {
			break
		}
		// As many attempts are being checked as the account has guesses
		// left: wait for one to settle.
		if err = g.wait(ctx, deadline); err != nil {
			break
		}
	}
	if err != nil || !att.Allowed {
		return att, false, err
	}
	var locked time.Time
	var dbErr error
	err = s.acct.hash(ctx, func() {
		if locked, dbErr = s.db.SignInLocked(ctx, time.Now(), acct, addr); dbErr != nil || !locked.IsZero() {
			return
		}
		ok = check()
	})
	if err == nil {
		err = dbErr
	}
	if err != nil || !locked.IsZero() {
		// Not checked, so not a failure.
		if err2 := s.db.SignInNotTried(context.WithoutCancel(ctx), att); err2 != nil {
			s.log.Error("sign-in throttle", "err", err2)
		}
		return store.SignIn{LockedUntil: locked}, false, err
	}
	settled, err := s.db.SettleSignIn(context.WithoutCancel(ctx), th, time.Now(), att, ok, acct, addr)
	if err != nil {
		return att, false, err
	}
	settled.Allowed = true
	return settled, ok, nil
}

// locked answers a sign-in refused by the throttle. It says what happened
// and when to try again, and is the same whether or not the account exists.
func (s *Server) locked(w http.ResponseWriter, r *http.Request, v *loginView, until time.Time) {
	s.metrics.SignInThrottled()
	wait := max(time.Until(until).Round(time.Minute), time.Minute)
	w.Header().Set("Retry-After", strconv.Itoa(int(time.Until(until)/time.Second)+1))
	reset := "ask an administrator for a password reset link"
	if s.mail.On {
		reset = "reset your password by email"
	}
	v.Err = fmt.Sprintf("Too many failed attempts to sign in with this email address or from your network. Wait %s and try again, or %s.", minutes(int(wait/time.Minute)), reset)
	s.renderLogin(w, r, http.StatusTooManyRequests, v)
}

func minutes(n int) string {
	if n == 1 {
		return "1 minute"
	}
	return strconv.Itoa(n) + " minutes"
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	provider := ""
	if c, err := r.Cookie(sessionCookie); err == nil {
		sess, err := s.session(r)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if sess != nil && s.refuseForm(w, r, sess.CSRF) {
			return
		}
		if sess != nil {
			provider = s.providerSignOut(r, &sess.User)
		}
		if err := s.db.DeleteSession(r.Context(), c.Value); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: secure(r), MaxAge: -1})
	if provider == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	// The provider's own session would sign the person straight back in:
	// offer to end it too (a link, as it is the provider's page).
	s.notice(w, r, http.StatusOK, &noticeView{Heading: "You have signed out of staffnet",
		Lines: []string{"You are still signed in to " + s.oidc.cfg.Name + ", so signing in here again would not ask for your password. On a shared computer, sign out there too."},
		Link:  provider, LinkText: "Sign out of " + s.oidc.cfg.Name})
}

// audit appends an entry to the audit log for the signed-in account (or
// "staffnet" for what no account did). A failure is logged: the action it
// records has happened already.
func (s *Server) audit(r *http.Request, action, target, detail string) {
	actor := "staffnet"
	if sess := sessionFrom(r.Context()); sess != nil {
		actor = sess.User.Email
	}
	s.auditBy(r, actor, action, target, detail)
}

func (s *Server) auditBy(r *http.Request, actor, action, target, detail string) {
	err := s.db.Audit(context.WithoutCancel(r.Context()), store.AuditEntry{Actor: actor, Action: action, Target: target, Detail: detail})
	if err != nil {
		s.log.Error("audit log", "action", action, "err", err)
	}
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
		fieldFault(&summary, &v.EmailErr, "#email", "Enter an email address in the correct format, like name@example.nhs.uk")
	}
	pw := r.PostFormValue("password")
	if err := auth.CheckNewPassword(pw, email); err != nil {
		fieldFault(&summary, &v.PassErr, "#password", "Password "+err.Error())
	} else if pw != r.PostFormValue("password_again") {
		fieldFault(&summary, &v.PassErr, "#password", "The two passwords do not match")
	}
	if len(summary) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "setup", page{Title: "Error: Create the first administrator", Data: v, Errors: summary})
		return
	}
	hash, err := s.hashPassword(r.Context(), pw)
	if err != nil {
		s.busy(w, r, err)
		return
	}
	u, err := s.db.UseSetupToken(r.Context(), v.Token, email, hash)
	if !s.foundOr(w, r, err, http.StatusGone, "This setup link has been used or has expired. Ask an administrator for an account, or restart staffnet with an empty database for a new link.") {
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.auditBy(r, u.Email, "account added", u.Email, "the first administrator, with the setup link")
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}
