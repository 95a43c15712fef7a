package web_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/example/server/exampleop"
	"github.com/zitadel/oidc/v3/example/server/storage"

	"staffnet/internal/auth"
	"staffnet/internal/store"
	"staffnet/internal/web"
)

// The OpenID provider in these tests is a real one: zitadel's OpenID
// Connect library (pkg/op) with its example storage and login page,
// served in-process. It publishes its discovery document and keys, checks
// the client secret, the redirect URI and the PKCE verifier, and signs ID
// tokens with its own RSA key.

// opUsers is the provider's people, by subject; the test may change one
// between sign-ins, so it is locked.
type opUsers struct {
	mu sync.Mutex
	by map[string]*storage.User
}

func (u *opUsers) GetUserByID(id string) *storage.User {
	u.mu.Lock()
	defer u.mu.Unlock()
	if p := u.by[id]; p != nil {
		c := *p
		return &c
	}
	return nil
}

func (u *opUsers) GetUserByUsername(name string) *storage.User {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, p := range u.by {
		if p.Username == name {
			c := *p
			return &c
		}
	}
	return nil
}

func (u *opUsers) ExampleClientID() string { return "service" }

func (u *opUsers) add(id, email string, verified bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.by[id] = &storage.User{ID: id, Username: id, Password: opPassword, Email: email, EmailVerified: verified}
}

const (
	opPassword   = "provider password"
	opClient     = "staffnet"
	opSecret     = "client secret"
	opProviderUI = "the test provider"
)

// provider is a running OpenID provider.
type provider struct {
	URL     string
	users   *opUsers
	storage *storage.Storage
}

// startProvider runs a provider that knows staffnet's client, sending
// people back to redirect.
func startProvider(t *testing.T, redirect string) *provider {
	t.Helper()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	p := &provider{URL: srv.URL, users: &opUsers{by: map[string]*storage.User{}}}
	p.storage = storage.NewStorageWithClients(p.users, map[string]*storage.Client{opClient: storage.WebClient(opClient, opSecret, redirect)})
	h = exampleop.SetupServer(srv.URL, p.storage, slog.New(slog.NewTextHandler(io.Discard, nil)), false)
	return p
}

// tokenRewriter stands between staffnet and the provider's token
// endpoint: it can drop the PKCE verifier from the request, or replace
// the ID token the provider issued with one re-signed after a change.
type tokenRewriter struct {
	mu         sync.Mutex
	dropPKCE   bool
	rewrite    func(raw string, claims map[string]any) string
	sawTokenRq bool
}

func (rt *tokenRewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	drop, rewrite := rt.dropPKCE, rt.rewrite
	isToken := strings.HasSuffix(req.URL.Path, "/oauth/token")
	rt.sawTokenRq = rt.sawTokenRq || isToken
	rt.mu.Unlock()
	if isToken && drop {
		b, _ := io.ReadAll(req.Body)
		v, _ := url.ParseQuery(string(b))
		v.Del("code_verifier")
		req = req.Clone(req.Context())
		body := v.Encode()
		req.Body, req.ContentLength = io.NopCloser(strings.NewReader(body)), int64(len(body))
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || !isToken || rewrite == nil || res.StatusCode != 200 {
		return res, err
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var tok map[string]any
	if err := json.Unmarshal(b, &tok); err != nil {
		return nil, err
	}
	raw, _ := tok["id_token"].(string)
	parts := strings.Split(raw, ".")
	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		return nil, err
	}
	tok["id_token"] = rewrite(raw, claims)
	b, _ = json.Marshal(tok)
	res.Body, res.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	res.Header.Del("Content-Length")
	return res, nil
}

// sign signs claims as an ID token with key under key id kid, with the
// same library the provider signs with.
func sign(t *testing.T, key any, kid string, claims map[string]any) string {
	t.Helper()
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: key, KeyID: kid}}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		t.Fatal(err)
	}
	payload, _ := json.Marshal(claims)
	obj, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	s, err := obj.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// resign re-signs changed claims with the provider's own key.
func (p *provider) resign(t *testing.T, change func(map[string]any)) func(string, map[string]any) string {
	k, err := p.storage.SigningKey(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return func(_ string, claims map[string]any) string {
		change(claims)
		return sign(t, k.Key(), k.ID(), claims)
	}
}

// oidcApp is staffnet signing in through p.
type oidcApp struct {
	*app
	op *provider
	rt *tokenRewriter
}

// newOIDCApp serves staffnet with a provider of its own; with edits to
// its configuration.
func newOIDCApp(t *testing.T, db *store.DB, edit func(*web.Config)) *oidcApp {
	t.Helper()
	rt := &tokenRewriter{}
	var op *provider
	a := newAppAt(t, db, func(base string) web.Config {
		op = startProvider(t, base+"/login/oidc/callback")
		c := web.Config{Mail: web.MailConfig{BaseURL: base}, OIDC: web.OIDCConfig{Issuer: op.URL, ClientID: opClient, ClientSecret: opSecret,
			Name: opProviderUI, HTTPClient: &http.Client{Transport: rt}}}
		if edit != nil {
			edit(&c)
		}
		return c
	})
	return &oidcApp{app: a, op: op, rt: rt}
}

// newAppAt serves staffnet with the configuration cfg makes from the
// server's own address (the provider and email links need it).
func newAppAt(t *testing.T, db *store.DB, cfg func(base string) web.Config) *app {
	t.Helper()
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	logs := &syncBuffer{}
	c := cfg(srv.URL)
	c.ContactKey = sharedKey(t)
	s := newServer(t, db, c, logs)
	h = s.Handler()
	return &app{t: t, db: db, srv: srv, web: s, log: &logs.Buffer}
}

var (
	authRequestIDRE = regexp.MustCompile(`name="id" value="([^"]+)"`)
	csrfRE          = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
)

// browserless is a cookie-keeping client that follows redirects.
func browserless() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

// leaveForProvider starts a sign-in at staffnet and returns the
// provider's login page's request id and the authorisation request.
func (a *oidcApp) leaveForProvider(c *http.Client, next string) (id string, authz *url.URL) {
	a.t.Helper()
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if authz == nil && strings.HasPrefix(req.URL.String(), a.op.URL) {
			authz = req.URL
		}
		return nil
	}
	res, err := c.Get(a.srv.URL + "/login/oidc?next=" + url.QueryEscape(next))
	if err != nil {
		a.t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := authRequestIDRE.FindStringSubmatch(string(b))
	if res.StatusCode != 200 || m == nil {
		a.t.Fatalf("provider's login page: %d %s", res.StatusCode, b)
	}
	return m[1], authz
}

// signInAt signs in at the provider's login page as user and comes back
// to staffnet, stopping before the callback if stop; it returns the last
// response, its body, and the callback URL the provider sent.
func (a *oidcApp) signInAt(c *http.Client, id, user string, stop bool) (*http.Response, string, *url.URL) {
	a.t.Helper()
	var callback *url.URL
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), a.srv.URL+"/login/oidc/callback") {
			callback = req.URL
			if stop {
				return http.ErrUseLastResponse
			}
		}
		return nil
	}
	res, err := c.PostForm(a.op.URL+"/login/username", url.Values{"id": {id}, "username": {user}, "password": {opPassword}})
	if err != nil {
		a.t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b), callback
}

// signIn signs in through the provider as user, wanting to go to next.
func (a *oidcApp) signIn(user, next string) (*http.Client, *http.Response, string) {
	a.t.Helper()
	c := browserless()
	id, _ := a.leaveForProvider(c, next)
	res, body, _ := a.signInAt(c, id, user, false)
	return c, res, body
}

// TestOIDCSignIn: a good sign-in through the provider, by an invited
// address, and what the authorisation request carries.
func TestOIDCSignIn(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newOIDCApp(t, db, nil)
		a.op.users.add("sub-ada", "ada@trust.nhs.uk", true)
		ctx := context.Background()
		if err := db.CreateInvitation(ctx, auth.NewToken(), store.Invitation{Email: "ada@trust.nhs.uk", Role: auth.Analyst, InvitedBy: "admin@trust.nhs.uk",
			Expires: time.Now().Add(time.Hour)}, time.Now(), nil); err != nil {
			t.Fatal(err)
		}
		c := browserless()
		id, authz := a.leaveForProvider(c, "/account")
		q := authz.Query()
		for k, want := range map[string]string{"response_type": "code", "client_id": opClient, "code_challenge_method": "S256",
			"redirect_uri": a.srv.URL + "/login/oidc/callback"} {
			if q.Get(k) != want {
				t.Errorf("authorisation request %s=%q, want %q", k, q.Get(k), want)
			}
		}
		if len(q.Get("state")) < 40 || len(q.Get("nonce")) < 40 || len(q.Get("code_challenge")) != 43 || !strings.Contains(q.Get("scope"), "openid") {
			t.Errorf("authorisation request %v: want a random state and nonce, a PKCE challenge and the openid scope", q)
		}
		if res, _, _ := a.signInAt(c, id, "sub-ada", false); res.StatusCode != 200 || res.Request.URL.Path != "/account" {
			t.Errorf("landed on %s (%d), want the page asked for", res.Request.URL, res.StatusCode)
		}
		u, err := db.UserBySubject(ctx, a.op.URL, "sub-ada")
		if err != nil || u.Email != "ada@trust.nhs.uk" || u.Role != auth.Analyst {
			t.Fatalf("invited account: %+v %v", u, err)
		}
		if got := status(t, c, "GET", a.srv.URL+"/admin", nil); got != 200 {
			t.Errorf("signed-in analyst GET /admin: %d", got)
		}
		// The invitation is used up, and the next sign-in finds the account
		// by its subject even after the address changed at the provider.
		if _, err := db.AcceptInvitationFor(ctx, "ada@trust.nhs.uk", "x", "y", time.Now()); err == nil {
			t.Error("the invitation works twice")
		}
		a.op.users.add("sub-ada", "ada.lovelace@trust.nhs.uk", true)
		c2, res, _ := a.signIn("sub-ada", "")
		if res.Request.URL.Path != "/admin" || status(t, c2, "GET", a.srv.URL+"/admin", nil) != 200 {
			t.Errorf("second sign-in landed on %s", res.Request.URL)
		}
		if n, _ := db.CountUsers(ctx); n != 1 {
			t.Errorf("%d accounts, want 1", n)
		}
		// Signing out ends the session and offers the provider's sign-out.
		_, body := getBody(t, c2, a.srv.URL+"/account")
		m := csrfRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no sign-out form")
		}
		res, err = c2.PostForm(a.srv.URL+"/logout", url.Values{"_csrf": {m[1]}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		link := regexp.MustCompile(`href="(` + regexp.QuoteMeta(a.op.URL) + `/[^"]+)"`).FindStringSubmatch(string(b))
		if res.StatusCode != 200 || link == nil || !strings.Contains(link[1], "client_id="+opClient) {
			t.Errorf("sign-out page %d: no link to the provider's sign-out: %s", res.StatusCode, b)
		}
		if got := status(t, c2, "GET", a.srv.URL+"/admin", nil); got != http.StatusSeeOther {
			t.Errorf("after sign-out GET /admin: %d", got)
		}
	})
}

func getBody(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

// TestOIDCRefusesBadTokens: the provider's answer is refused when the ID
// token is expired, for another audience or issuer, carries another
// nonce, has a tampered signature or one by another key; and when the
// state is wrong or replayed, or the PKCE verifier is missing. No
// account is made and no session started.
func TestOIDCRefusesBadTokens(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newOIDCApp(t, db, func(c *web.Config) { c.OIDC.Domains = []string{"trust.nhs.uk"} })
		a.op.users.add("sub-bo", "bo@trust.nhs.uk", true)
		other, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		past := float64(time.Now().Add(-time.Hour).Unix())
		cases := []struct {
			name     string
			dropPKCE bool
			rewrite  func(string, map[string]any) string
		}{
			{"expired", false, a.op.resign(t, func(c map[string]any) { c["exp"], c["iat"] = past, past-3600 })},
			{"wrong audience", false, a.op.resign(t, func(c map[string]any) { c["aud"] = []string{"another-client"} })},
			{"wrong issuer", false, a.op.resign(t, func(c map[string]any) { c["iss"] = "https://login.example.com" })},
			{"wrong nonce", false, a.op.resign(t, func(c map[string]any) { c["nonce"] = auth.NewToken() })},
			{"tampered signature", false, func(raw string, _ map[string]any) string {
				parts := strings.Split(raw, ".")
				sig, _ := base64.RawURLEncoding.DecodeString(parts[2])
				sig[len(sig)/2] ^= 1
				return parts[0] + "." + parts[1] + "." + base64.RawURLEncoding.EncodeToString(sig)
			}},
			{"tampered claims", false, func(raw string, c map[string]any) string {
				parts := strings.Split(raw, ".")
				c["sub"] = "someone-else"
				payload, _ := json.Marshal(c)
				return parts[0] + "." + base64.RawURLEncoding.EncodeToString(payload) + "." + parts[2]
			}},
			{"signed by another key", false, func(_ string, c map[string]any) string {
				k, _ := a.op.storage.SigningKey(context.Background())
				return sign(t, other, k.ID(), c) // the provider's key id, not its key
			}},
			{"missing PKCE verifier", true, nil},
		}
		for _, tc := range cases {
			a.rt.mu.Lock()
			a.rt.dropPKCE, a.rt.rewrite, a.rt.sawTokenRq = tc.dropPKCE, tc.rewrite, false
			a.rt.mu.Unlock()
			c, res, body := a.signIn("sub-bo", "")
			if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "could not be completed") {
				t.Errorf("%s: %d %s, want 401", tc.name, res.StatusCode, h1(body))
			}
			if !a.rt.sawTokenRq {
				t.Errorf("%s: the code was never exchanged", tc.name)
			}
			if got := status(t, c, "GET", a.srv.URL+"/account", nil); got != http.StatusSeeOther {
				t.Errorf("%s: signed in anyway (%d)", tc.name, got)
			}
		}
		a.rt.mu.Lock()
		a.rt.dropPKCE, a.rt.rewrite = false, nil
		a.rt.mu.Unlock()
		// The provider's own, untouched token, read by a clock two hours on
		// (its tokens last one): expired.
		late := newOIDCApp(t, db, func(c *web.Config) {
			c.OIDC.Domains, c.OIDC.Now = []string{"trust.nhs.uk"}, func() time.Time { return time.Now().Add(2 * time.Hour) }
		})
		late.op.users.add("sub-bo", "bo@trust.nhs.uk", true)
		if _, res, body := late.signIn("sub-bo", ""); res.StatusCode != http.StatusUnauthorized {
			t.Errorf("a real token two hours on: %d %s, want 401", res.StatusCode, h1(body))
		}
		if n, _ := db.CountUsers(context.Background()); n != 0 {
			t.Fatalf("%d accounts made by refused sign-ins", n)
		}

		// A state that is not this browser's, or is used twice, is refused
		// before the code is exchanged.
		c := browserless()
		id, _ := a.leaveForProvider(c, "")
		_, _, cb := a.signInAt(c, id, "sub-bo", true)
		if cb == nil {
			t.Fatal("the provider did not send the browser back")
		}
		wrong := *cb
		q := wrong.Query()
		q.Set("state", auth.NewToken())
		wrong.RawQuery = q.Encode()
		c.CheckRedirect = nil
		if res, body := getBody(t, c, wrong.String()); res.StatusCode != http.StatusBadRequest {
			t.Errorf("wrong state: %d %s", res.StatusCode, h1(body))
		}
		// The wrong state cleared the browser's; another browser with the
		// right state but none of its own is refused too.
		if res, _ := getBody(t, browserless(), cb.String()); res.StatusCode != http.StatusBadRequest {
			t.Errorf("state from another browser: %d", res.StatusCode)
		}
		// A good round trip, then its callback again: refused.
		id, _ = a.leaveForProvider(c, "")
		res, _, cb := a.signInAt(c, id, "sub-bo", false)
		if res.Request.URL.Path != "/account" {
			t.Fatalf("good sign-in after refusals landed on %s (%d)", res.Request.URL, res.StatusCode)
		}
		replay := browserless()
		u, _ := url.Parse(a.srv.URL)
		replay.Jar.SetCookies(u, []*http.Cookie{{Name: "staffnet_oidc", Value: cb.Query().Get("state"), Path: "/login/oidc"}})
		if res, _ := getBody(t, replay, cb.String()); res.StatusCode != http.StatusBadRequest {
			t.Errorf("replayed callback: %d", res.StatusCode)
		}
	})
}

// TestOIDCFirstSignIn: who gets an account at a first sign-in. An
// uninvited address outside the allow-list is refused; an invited one
// gets the invited role (none here); an allow-listed domain gets an
// account with no role; an unverified address is refused unless the
// provider is trusted; an existing account is linked by its address; a
// disabled one is refused.
func TestOIDCFirstSignIn(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newOIDCApp(t, db, func(c *web.Config) { c.OIDC.Domains = []string{"allowed.nhs.uk"} })
		for _, p := range []struct {
			sub, email string
			verified   bool
		}{{"s1", "stranger@elsewhere.org", true}, {"s2", "invited@elsewhere.org", true}, {"s3", "new@allowed.nhs.uk", true},
			{"s4", "unverified@allowed.nhs.uk", false}, {"s5", "has.password@elsewhere.org", true}, {"s6", "closed@elsewhere.org", true}} {
			a.op.users.add(p.sub, p.email, p.verified)
		}
		if err := db.CreateInvitation(ctx, auth.NewToken(), store.Invitation{Email: "invited@elsewhere.org", Role: auth.NoRole, InvitedBy: "admin@trust.nhs.uk",
			Expires: time.Now().Add(time.Hour)}, time.Now(), nil); err != nil {
			t.Fatal(err)
		}
		pw := newAccount(t, db, "has.password@elsewhere.org", auth.Analyst)
		closed := newAccount(t, db, "closed@elsewhere.org", auth.Analyst)
		if err := db.SetDisabled(ctx, closed.ID, true); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			sub      string
			status   int
			says     string
			role     auth.Role // of the account made or linked; "" for none
			landedOn string
		}{
			{"s1", http.StatusForbidden, "There is no staffnet account for stranger@elsewhere.org. Ask an administrator to invite you.", "", ""},
			{"s2", 200, "has not given your account a role yet", auth.NoRole, "/account"},
			{"s3", 200, "has not given your account a role yet", auth.NoRole, "/account"},
			{"s4", http.StatusForbidden, "did not confirm your email address", "", ""},
			{"s5", 200, "", auth.Analyst, "/admin"},
			{"s6", http.StatusForbidden, "This account has been closed", "", ""},
		} {
			_, res, body := a.signIn(c.sub, "")
			if res.StatusCode != c.status || !strings.Contains(body, c.says) || c.landedOn != "" && res.Request.URL.Path != c.landedOn {
				t.Errorf("%s: %d at %s, want %d at %q saying %q: %s", c.sub, res.StatusCode, res.Request.URL.Path, c.status, c.landedOn, c.says, h1(body))
			}
			u, err := db.UserBySubject(ctx, a.op.URL, c.sub)
			if c.role == "" && err == nil || c.role != "" && (err != nil || u.Role != c.role || u.Org != "") {
				t.Errorf("%s: account %+v %v, want role %q", c.sub, u, err, c.role)
			}
		}
		if u, _ := db.UserBySubject(ctx, a.op.URL, "s5"); u == nil || u.ID != pw.ID || !auth.VerifyPassword(u.PasswordHash, goodPassword) {
			t.Errorf("the password account was not linked, or lost its password: %+v", u)
		}
		// Another subject at the provider claiming the linked address is
		// refused: after linking, only the subject counts.
		a.op.users.add("s7", "has.password@elsewhere.org", true)
		if _, res, body := a.signIn("s7", ""); res.StatusCode != http.StatusForbidden || !strings.Contains(body, "signs in with another account") {
			t.Errorf("second subject for a linked address: %d %s", res.StatusCode, h1(body))
		}
		// An ID token shaped like Entra ID's: no email claim from the
		// provider, no email_verified, the address in preferred_username.
		// Refused, unless the provider's addresses are trusted.
		entra := func(c map[string]any) {
			delete(c, "email_verified")
			c["preferred_username"] = "entra.person@allowed.nhs.uk"
		}
		for _, trust := range []bool{false, true} {
			b := newOIDCApp(t, db, func(c *web.Config) { c.OIDC.Domains, c.OIDC.TrustEmail = []string{"allowed.nhs.uk"}, trust })
			b.op.users.add("s8", "", false)
			b.rt.rewrite = b.op.resign(t, entra)
			_, res, _ := b.signIn("s8", "")
			if want := map[bool]int{false: http.StatusForbidden, true: 200}[trust]; res.StatusCode != want {
				t.Errorf("Entra-shaped token, trusted %v: %d, want %d", trust, res.StatusCode, want)
			}
		}
		if u, err := db.UserByEmail(ctx, "entra.person@allowed.nhs.uk"); err != nil || u.Role != auth.NoRole {
			t.Errorf("trusted preferred_username: %+v %v", u, err)
		}
	})
}

// TestPasswordsOff: with local passwords turned off the password form is
// not offered and every password route refuses; the provider still signs
// people in.
func TestPasswordsOff(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newOIDCApp(t, db, func(c *web.Config) { c.Accounts.NoPasswords = true })
		admin := newAccount(t, db, "admin@trust.nhs.uk", auth.Admin)
		_, body := a.get("/login")
		if strings.Contains(body, `type="password"`) || !strings.Contains(body, "Sign in with "+opProviderUI) {
			t.Error("the sign-in page offers a password, or not the provider")
		}
		token := "/reset/" + strings.Repeat("A", 43)
		for route, want := range map[string]int{"POST /login": http.StatusForbidden, "GET /reset": http.StatusNotFound, "POST /reset": http.StatusNotFound,
			"GET " + token: http.StatusNotFound, "POST " + token: http.StatusNotFound} {
			method, path, _ := strings.Cut(route, " ")
			res, _ := a.get(path)
			if method == "POST" {
				res, _ = a.post(path, url.Values{"email": {admin.Email}, "password": {goodPassword}})
			}
			if res.StatusCode != want {
				t.Errorf("%s: %d, want %d", route, res.StatusCode, want)
			}
		}
		// The first administrator, added from the command line, signs in
		// through the provider and is linked by address.
		a.op.users.add("sub-admin", "admin@trust.nhs.uk", true)
		c, res, _ := a.signIn("sub-admin", "")
		if res.Request.URL.Path != "/admin" {
			t.Fatalf("administrator landed on %s (%d)", res.Request.URL, res.StatusCode)
		}
		if got := status(t, c, "GET", a.srv.URL+"/account/password", nil); got != http.StatusNotFound {
			t.Errorf("GET /account/password with passwords off: %d", got)
		}
		_, body = getBody(t, c, a.srv.URL+"/admin/users/"+strconv.FormatInt(admin.ID, 10))
		if strings.Contains(body, "reset link") {
			t.Error("the account page offers a reset link with passwords off")
		}
	})
}

// TestOIDCProviderDown: with the provider unreachable, signing in through
// it says so (503) and passwords still work; with OIDC off its routes are
// not there.
func TestOIDCProviderDown(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		down := httptest.NewServer(http.NotFoundHandler())
		down.Close()
		a, _ := newAppConfig(t, db, web.Config{OIDC: web.OIDCConfig{Issuer: down.URL, ClientID: opClient, ClientSecret: opSecret}})
		if res, body := a.get("/login/oidc"); res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "cannot be reached") {
			t.Errorf("provider down: %d %s", res.StatusCode, h1(body))
		}
		newAccount(t, db, "ada@example.nhs.uk", auth.Analyst)
		login(t, a, "ada@example.nhs.uk", goodPassword)
		off := newApp(t, db)
		for _, p := range []string{"/login/oidc", "/login/oidc/callback?state=x&code=y"} {
			if res, _ := off.get(p); res.StatusCode != http.StatusNotFound {
				t.Errorf("OIDC off, %s: %d", p, res.StatusCode)
			}
		}
		if _, body := off.get("/login"); strings.Contains(body, "/login/oidc") {
			t.Error("OIDC off, the sign-in page offers it")
		}
	})
}
