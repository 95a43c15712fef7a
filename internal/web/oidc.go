package web

import (
	"cmp"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"staffnet/internal/auth"
	"staffnet/internal/store"
)

// OIDCConfig turns on sign-in through an OpenID Connect provider
// (Microsoft Entra ID for NHSmail, or any standard one): the
// authorisation code flow with PKCE, state and nonce, the ID token's
// issuer, audience, expiry and signature checked against the provider's
// published keys. Issuer "" leaves it off.
type OIDCConfig struct {
	Issuer, ClientID, ClientSecret string
	// RedirectURL is where the provider sends the browser back; by default
	// MailConfig.BaseURL + "/login/oidc/callback". It must be registered
	// with the provider exactly.
	RedirectURL string
	// Name is the provider as people know it, on the sign-in button
	// ("Sign in with NHSmail"); "your organisation's account" if "".
	Name string
	// Domains lets a first sign-in with a verified address at one of these
	// domains make an account with no role (auth.NoRole); without an
	// invitation or an allow-listed domain a first sign-in is refused.
	Domains []string
	// TrustEmail takes the email claim (or, lacking one,
	// preferred_username) as verified whatever email_verified says: Entra
	// ID sends no email_verified. Only for a provider whose accounts are
	// all its own, such as one Entra ID tenant; see docs/accounts.md.
	TrustEmail bool
	// HTTPClient reaches the provider (one with a 30-second timeout if nil).
	HTTPClient *http.Client
	// Now is the clock ID tokens' expiry is checked against (time.Now if nil).
	Now func() time.Time
}

// oidcClient is the server's link to the provider. The provider's
// discovery document is read on first use, not at start, so that staffnet
// starts (and passwords work) while the provider is unreachable.
type oidcClient struct {
	cfg        OIDCConfig
	mu         sync.Mutex
	provider   *oidc.Provider
	oauth      *oauth2.Config
	verifier   *oidc.IDTokenVerifier
	endSession string
}

const (
	oidcStateCookie = "staffnet_oidc"
	oidcCallback    = "/login/oidc/callback"
)

func newOIDC(cfg OIDCConfig, base string) *oidcClient {
	if cfg.Issuer == "" {
		return nil
	}
	if cfg.RedirectURL == "" {
		cfg.RedirectURL = strings.TrimSuffix(base, "/") + oidcCallback
	}
	if cfg.Name == "" {
		cfg.Name = "your organisation's account"
	}
	if cfg.HTTPClient == nil {
		// A provider that does not answer must not hold sign-ins (and the
		// lock in load) for ever.
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	return &oidcClient{cfg: cfg}
}

// ctx carries the HTTP client to go-oidc and oauth2 (they share the key).
func (c *oidcClient) ctx(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, c.cfg.HTTPClient)
}

// load reads the provider's discovery document once it can.
func (c *oidcClient) load(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider != nil {
		return nil
	}
	// The key set go-oidc keeps for the verifier outlives this request.
	p, err := oidc.NewProvider(c.ctx(context.WithoutCancel(ctx)), c.cfg.Issuer)
	if err != nil {
		return err
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	if err := p.Claims(&extra); err != nil {
		return err
	}
	c.provider, c.endSession = p, extra.EndSession
	c.oauth = &oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: c.cfg.RedirectURL, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
	c.verifier = p.Verifier(&oidc.Config{ClientID: c.cfg.ClientID, Now: c.cfg.Now})
	return nil
}

func (s *Server) oidcRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /login/oidc", s.oidcStart)
	m.HandleFunc("GET "+oidcCallback, s.oidcCallback)
}

// oidcReady answers 404 when OIDC is off and 503 when the provider cannot
// be reached, and reports whether the request may go on.
func (s *Server) oidcReady(w http.ResponseWriter, r *http.Request) bool {
	if s.oidc == nil {
		s.error(w, r, http.StatusNotFound, "")
		return false
	}
	if err := s.oidc.load(r.Context()); err != nil {
		s.log.Error("OpenID provider", "err", err)
		s.error(w, r, http.StatusServiceUnavailable, "The sign-in service cannot be reached just now. Wait a few minutes and try again.")
		return false
	}
	return true
}

// oidcStart sends the browser to the provider. The state goes both in a
// cookie and in the database: the cookie ties the answer to this browser
// (so nobody can finish a sign-in they started in someone else's), the
// database row makes it work once, on any server.
func (s *Server) oidcStart(w http.ResponseWriter, r *http.Request) {
	if !s.oidcReady(w, r) {
		return
	}
	l := store.OIDCLogin{State: auth.NewToken(), Nonce: auth.NewToken(), Verifier: oauth2.GenerateVerifier(),
		Next: safeNext(r.URL.Query().Get("next"))}
	if err := s.db.SaveOIDCLogin(r.Context(), l, time.Now().Add(auth.OIDCLoginTTL)); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: l.State, Path: "/login/oidc", HttpOnly: true,
		Secure: secure(r), SameSite: http.SameSiteLaxMode, MaxAge: int(auth.OIDCLoginTTL / time.Second)})
	http.Redirect(w, r, s.oidc.oauth.AuthCodeURL(l.State, oidc.Nonce(l.Nonce), oauth2.S256ChallengeOption(l.Verifier)), http.StatusSeeOther)
}

// signInRefused is the page for a sign-in through the provider that
// staffnet does not accept; the reason goes to the log, never to the page.
func (s *Server) signInRefused(w http.ResponseWriter, r *http.Request, status int, msg string, why error) {
	if why != nil {
		s.log.Warn("OpenID sign-in refused", "reason", why.Error())
	}
	s.metrics.SignInFailed()
	s.error(w, r, status, msg)
}

const oidcAgain = "This sign-in could not be completed. Go back to the sign-in page and try again."

func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if !s.oidcReady(w, r) {
		return
	}
	ctx, q := r.Context(), r.URL.Query()
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: "", Path: "/login/oidc", HttpOnly: true, Secure: secure(r), MaxAge: -1})
	c, err := r.Cookie(oidcStateCookie)
	if err != nil || q.Get("state") == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(q.Get("state"))) != 1 {
		s.signInRefused(w, r, http.StatusBadRequest, oidcAgain, errors.New("state does not match this browser's"))
		return
	}
	l, err := s.db.TakeOIDCLogin(ctx, q.Get("state"), time.Now())
	if errors.Is(err, store.ErrNotFound) {
		s.signInRefused(w, r, http.StatusBadRequest, oidcAgain, errors.New("state unknown, used or expired"))
		return
	}
	if !s.done(w, r, err) {
		return
	}
	if e := q.Get("error"); e != "" {
		s.signInRefused(w, r, http.StatusUnauthorized, "The sign-in service did not sign you in. Go back to the sign-in page and try again.", errors.New("provider: "+e))
		return
	}
	id, err := s.oidc.exchange(ctx, q.Get("code"), l)
	if err != nil {
		s.signInRefused(w, r, http.StatusUnauthorized, oidcAgain, err)
		return
	}
	u, refusal, err := s.oidcAccount(r, id)
	if !s.done(w, r, err) {
		return
	}
	if refusal != "" {
		s.signInRefused(w, r, http.StatusForbidden, refusal, nil)
		return
	}
	if err := s.startSession(w, r, u); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, cmp.Or(l.Next, home(u)), http.StatusSeeOther)
}

// identity is who the provider says signed in.
type identity struct {
	Issuer, Subject, Email string
	Verified               bool
}

// exchange trades the code (with the PKCE verifier) for tokens and checks
// the ID token: its signature against the provider's keys, issuer,
// audience and expiry (go-oidc), and the nonce of this sign-in. The
// address comes from the ID token, or from the userinfo endpoint for the
// same subject when the ID token carries none.
func (c *oidcClient) exchange(ctx context.Context, code string, l *store.OIDCLogin) (identity, error) {
	ctx = c.ctx(ctx)
	tok, err := c.oauth.Exchange(ctx, code, oauth2.VerifierOption(l.Verifier))
	if err != nil {
		return identity{}, fmt.Errorf("token exchange: %w", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return identity{}, errors.New("no ID token")
	}
	idt, err := c.verifier.Verify(ctx, raw)
	if err != nil {
		return identity{}, fmt.Errorf("ID token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(l.Nonce)) != 1 {
		return identity{}, errors.New("ID token: wrong nonce")
	}
	var cl struct {
		Email             string `json:"email"`
		EmailVerified     *bool  `json:"email_verified"`
		PreferredUsername string `json:"preferred_username"`
	}
	if err := idt.Claims(&cl); err != nil {
		return identity{}, err
	}
	if cl.Email == "" && c.provider.UserInfoEndpoint() != "" {
		// A provider may refuse it (Entra ID without consent to Graph):
		// then the ID token's claims are all there is.
		ui, err := c.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
		switch {
		case err != nil:
		case ui.Subject != idt.Subject:
			return identity{}, errors.New("userinfo is for another subject")
		default:
			cl.Email, cl.EmailVerified = ui.Email, &ui.EmailVerified
		}
	}
	id := identity{Issuer: idt.Issuer, Subject: idt.Subject, Email: cl.Email}
	id.Verified = cl.EmailVerified != nil && *cl.EmailVerified
	if c.cfg.TrustEmail {
		id.Verified = true
		if id.Email == "" && strings.Contains(cl.PreferredUsername, "@") {
			id.Email = cl.PreferredUsername
		}
	}
	return id, nil
}

// oidcAccount finds or makes the account for who signed in, or says why
// not (refusal). In order: the account linked to the subject; an account
// with the verified address, which is linked now; a live invitation to
// the address; an allow-listed domain, for an account with no role.
func (s *Server) oidcAccount(r *http.Request, id identity) (u *store.User, refusal string, err error) {
	ctx, now := r.Context(), time.Now()
	u, err = s.db.UserBySubject(ctx, id.Issuer, id.Subject)
	if err == nil || !errors.Is(err, store.ErrNotFound) {
		return usable(u, err)
	}
	email, err := auth.NormaliseEmail(id.Email)
	if err != nil || !id.Verified {
		return nil, "Your sign-in service did not confirm your email address, so staffnet cannot tell which account is yours. Ask an administrator.", nil
	}
	u, err = s.db.UserByEmail(ctx, email)
	if err == nil && u.Disabled {
		return usable(u, nil)
	}
	if err == nil {
		err = s.db.LinkSubject(ctx, u.ID, id.Issuer, id.Subject)
		if errors.Is(err, store.ErrLinked) {
			return nil, "The staffnet account for " + email + " signs in with another account at your sign-in service. Ask an administrator.", nil
		}
		if err == nil {
			s.auditBy(r, email, "account linked to the sign-in service", email, "by its verified email address")
		}
		return usable(u, err)
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, "", err
	}
	u, err = s.db.AcceptInvitationFor(ctx, email, id.Issuer, id.Subject, now)
	if err == nil {
		s.auditBy(r, email, "invitation accepted", email, describePlace(*u)+", through the sign-in service")
		return u, "", nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return nil, "", err
	}
	if !auth.DomainAllowed(email, s.oidc.cfg.Domains) {
		return nil, "There is no staffnet account for " + email + ". Ask an administrator to invite you.", nil
	}
	u, err = s.db.AddLinkedUser(ctx, store.User{Email: email, Role: auth.NoRole, PasswordHash: auth.NoPassword}, id.Issuer, id.Subject, now)
	if err == nil {
		s.auditBy(r, email, "account added", email, "role none, at first sign-in from an allowed domain")
	}
	return u, "", err
}

// usable refuses a disabled account.
func usable(u *store.User, err error) (*store.User, string, error) {
	if err != nil {
		return nil, "", err
	}
	if u.Disabled {
		return nil, "This account has been closed. Ask an administrator if you need it again.", nil
	}
	return u, "", nil
}

// providerSignOut is the provider's sign-out address for an account that
// signs in through it, or "" (OIDC off, the provider has none, or the
// account uses a password).
func (s *Server) providerSignOut(r *http.Request, u *store.User) string {
	if s.oidc == nil || s.oidc.load(r.Context()) != nil || s.oidc.endSession == "" {
		return ""
	}
	if linked, err := s.db.Linked(r.Context(), u.ID); err != nil || !linked {
		return ""
	}
	q := url.Values{"client_id": {s.oidc.cfg.ClientID}, "post_logout_redirect_uri": {strings.TrimSuffix(s.oidc.cfg.RedirectURL, oidcCallback) + "/"}}
	sep := "?"
	if strings.Contains(s.oidc.endSession, "?") {
		sep = "&"
	}
	return s.oidc.endSession + sep + q.Encode()
}
