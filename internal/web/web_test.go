package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/survey"
	"staffnet/internal/web"
	"staffnet/internal/web/webtest"
)

const slug = survey.MappingSlug

type app struct {
	t   *testing.T
	db  *store.DB
	srv *httptest.Server
	web *web.Server
	log *bytes.Buffer
}

type syncBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.Write(p)
}

// newBenchApp serves staffnet for a benchmark, logging to nowhere, and
// returns its base URL.
func newBenchApp(b *testing.B, db *store.DB) string {
	_, srv := startApp(b, db, web.Config{}, io.Discard)
	return srv.URL
}

// newServer loads the built-in surveys into db and makes staffnet's
// server on it, with the rest of cfg, logging to logs. Every test's
// server starts here.
func newServer(t testing.TB, db *store.DB, cfg web.Config, logs io.Writer) *web.Server {
	t.Helper()
	if err := db.LoadBuiltins(context.Background()); err != nil {
		t.Fatal(err)
	}
	cfg.DB, cfg.Log = db, slog.New(slog.NewTextHandler(logs, nil))
	s, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sqliteDir opens a fresh SQLite database in a directory of its own and
// returns the directory too, for tests that read the database's files.
func sqliteDir(t *testing.T) (*store.DB, string) {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "staffnet.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, dir
}

// startApp serves newServer's server over HTTP until the test ends.
func startApp(t testing.TB, db *store.DB, cfg web.Config, logs io.Writer) (*web.Server, *httptest.Server) {
	t.Helper()
	s := newServer(t, db, cfg, logs)
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return s, srv
}

// eachDB is storetest.Each run in parallel: the test beside the package's
// other parallel tests, and its SQLite and PostgreSQL halves beside each
// other. Each half opens its database only once it is let run, so no more
// databases (and PostgreSQL connections) are open at once than -parallel
// allows; with storetest.Each both would be open before fn could call
// t.Parallel, and every waiting test would hold its two.
func eachDB(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Parallel()
	for _, half := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		t.Run(half.name, func(t *testing.T) {
			t.Parallel()
			fn(t, half.open(t))
		})
	}
}

// benchEachDB runs a benchmark on SQLite and on PostgreSQL, as
// sub-benchmarks named for the engine.
func benchEachDB(b *testing.B, fn func(b *testing.B, db *store.DB)) {
	for _, half := range []struct {
		name string
		open func(testing.TB) *store.DB
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(half.name, func(b *testing.B) { fn(b, half.open(b)) })
	}
}

// newAppConfig is newApp with the server configured by cfg; it returns
// the log as well, readable while the server runs.
func newAppConfig(t *testing.T, db *store.DB, cfg web.Config) (*app, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	s, srv := startApp(t, db, cfg, logs)
	return &app{t: t, db: db, srv: srv, web: s, log: &logs.Buffer}, logs
}

func newApp(t *testing.T, db *store.DB) *app {
	t.Helper()
	a, _ := newAppConfig(t, db, web.Config{ContactKey: sharedKey(t)})
	return a
}

var form = webtest.Form

func (a *app) do(req *http.Request) (*http.Response, string) {
	a.t.Helper()
	return sendOnce(a.t, &http.Client{}, req)
}

func (a *app) get(path string) (*http.Response, string) {
	req, _ := http.NewRequest("GET", a.srv.URL+path, nil)
	return a.do(req)
}

func (a *app) post(path string, v url.Values, hdr ...string) (*http.Response, string) {
	return a.do(formRequest("POST", a.srv.URL+path, v, hdr...))
}

var h1RE = regexp.MustCompile(`<h1[^>]*>\s*([^<]*?)\s*</h1>`)

func h1(body string) string {
	m := h1RE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// walk answers the survey page by page with answers (page id → fields),
// checking each page's heading, and returns the check page's form.
func (a *app) walk(answers map[string]url.Values, wantPages []string, hdr ...string) (url.Values, string) {
	a.t.Helper()
	_, body := a.get("/s/" + slug)
	f := form(body)
	res, body := a.post("/s/"+slug, f, hdr...)
	for _, pid := range wantPages {
		if res.StatusCode != 200 {
			a.t.Fatalf("page %s: status %d\n%s", pid, res.StatusCode, body)
		}
		f = form(body)
		if got := f.Get("_step"); got != pid {
			a.t.Fatalf("expected page %s, got %q (%s)", pid, got, h1(body))
		}
		for k, vs := range answers[pid] {
			f[k] = vs
		}
		f.Set("_action", "continue")
		res, body = a.post("/s/"+slug, f, hdr...)
	}
	f = form(body)
	if f.Get("_step") != "check" {
		a.t.Fatalf("expected the check page, got %q: %s", f.Get("_step"), h1(body))
	}
	return f, body
}

func (a *app) stored() []*survey.Response {
	a.t.Helper()
	ctx := context.Background()
	s, err := a.db.Survey(ctx, slug)
	if err != nil {
		a.t.Fatal(err)
	}
	var out []*survey.Response
	err = a.db.EachResponse(ctx, s, func(r *survey.Response) error {
		c := *r
		c.Slots = append([]uint64(nil), r.Slots...)
		c.Texts = append([]string(nil), r.Texts...)
		out = append(out, &c)
		return nil
	})
	if err != nil {
		a.t.Fatal(err)
	}
	return out
}

func csvOf(t *testing.T, db *store.DB, r *survey.Response) map[string]string {
	s, _ := db.Survey(context.Background(), slug)
	row := s.Def.Row(nil, r)
	m := map[string]string{}
	for i, h := range s.Def.Header() {
		m[h] = row[i]
	}
	return m
}

var yesRoute = map[string]url.Values{
	"about_you":        {"region": {"london"}, "occupation": {"clinical"}},
	"networks":         {"has_bme_network": {"yes"}, "other_networks": {"lgbti", "faith"}},
	"your_network":     {"effectiveness": {"effective"}, "relationships": {"hr", "board"}},
	"working_together": {"knows_how_network_works": {"unsure"}, "support_needed.allocated_time": {"strongly_agree"}},
	"comments":         {"benefits_comment": {"Voix, « égalité » — 平等"}},
}

func TestSurveyBothRoutes(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f, body := a.walk(yesRoute, []string{"about_you", "networks", "your_network", "working_together", "comments"})
		if !strings.Contains(body, "Voix, « égalité » — 平等") || !strings.Contains(body, "Strongly agree") {
			t.Fatalf("check page does not show the free text")
		}
		f.Set("_action", "submit")
		res, _ := a.post("/s/"+slug, f)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/s/"+slug+"/done" {
			t.Fatalf("submit: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		if c := res.Header.Get("Set-Cookie"); c != "" {
			t.Fatalf("survey set a cookie: %s", c)
		}

		no := map[string]url.Values{
			"about_you":       {"region": {"north_east"}},
			"networks":        {"has_bme_network": {"dont_know"}, "other_networks": {"none"}},
			"without_network": {"would_benefit": {"yes"}},
		}
		f, _ = a.walk(no, []string{"about_you", "networks", "without_network", "working_together", "comments"})
		f.Set("_action", "submit")
		a.post("/s/"+slug, f)

		got := a.stored()
		if len(got) != 2 {
			t.Fatalf("stored %d responses, want 2", len(got))
		}
		byRegion := map[string]map[string]string{}
		for _, r := range got {
			m := csvOf(t, db, r)
			byRegion[m["region"]] = m
		}
		yes, noR := byRegion["london"], byRegion["north_east"]
		want := map[string]string{"occupation": "clinical", "has_bme_network": "yes", "other_networks": "lgbti;faith",
			"effectiveness": "effective", "relationships": "hr;board", "would_benefit": "", "knows_how_network_works": "unsure",
			"support_needed.allocated_time": "strongly_agree", "support_needed.budget": "", "benefits_comment": "Voix, « égalité » — 平等"}
		for k, v := range want {
			if yes[k] != v {
				t.Errorf("yes route %s = %q, want %q", k, yes[k], v)
			}
		}
		for k, v := range map[string]string{"has_bme_network": "dont_know", "other_networks": "none", "would_benefit": "yes", "effectiveness": "", "occupation": ""} {
			if noR[k] != v {
				t.Errorf("no route %s = %q, want %q", k, noR[k], v)
			}
		}
	})
}

func TestChangeAnswerClearsHiddenRoute(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	f, _ := a.walk(yesRoute, []string{"about_you", "networks", "your_network", "working_together", "comments"})
	// Change "has a network" to no: the effectiveness answers must go, and
	// the would-benefit page must be asked before returning to the check page.
	f.Set("_goto", "networks")
	_, body := a.post("/s/"+slug, f)
	f = form(body)
	if f.Get("_step") != "networks" || f.Get("_return") != "check" {
		t.Fatalf("change went to %q return %q", f.Get("_step"), f.Get("_return"))
	}
	f.Set("has_bme_network", "no")
	f.Del("_goto")
	f.Set("_action", "continue")
	_, body = a.post("/s/"+slug, f)
	f = form(body)
	if f.Has("effectiveness") || f.Has("relationships") {
		t.Fatalf("answers hidden by routing are still carried: %v", f)
	}
	if f.Get("_step") != "check" {
		t.Fatalf("after change expected the check page, got %q", f.Get("_step"))
	}
	f.Set("_action", "submit")
	a.post("/s/"+slug, f)
	r := a.stored()
	if len(r) != 1 {
		t.Fatalf("stored %d", len(r))
	}
	m := csvOf(t, a.db, r[0])
	if m["effectiveness"] != "" || m["relationships"] != "" || m["has_bme_network"] != "no" {
		t.Fatalf("stored %v", m)
	}
}

func TestSurveyValidation(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	_, body := a.get("/s/" + slug)
	_, body = a.post("/s/"+slug, form(body)) // about_you
	f := form(body)
	f.Set("_action", "continue")
	_, body = a.post("/s/"+slug, f) // networks
	f = form(body)
	f["other_networks"] = []string{"lgbti", "none"}
	f.Set("region", "atlantis") // a tampered hidden field is dropped, not stored
	f.Set("_action", "continue")
	res, body := a.post("/s/"+slug, f)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	hasAll(t, "error page", body, []string{`nhsuk-error-summary`, `There is a problem`, `href="#other_networks"`, `<title>Error: `, `nhsuk-form-group--error`, `id="other_networks-error"`}, nil)
	// The answers given stay ticked.
	if !regexp.MustCompile(`value="lgbti" checked`).MatchString(body) {
		t.Error("the ticked answer was lost on the error page")
	}
	if f := form(body); f.Has("region") {
		t.Errorf("tampered region was carried on: %v", f["region"])
	}
}

func TestDoubleSubmitStoresOne(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		f, _ := a.walk(yesRoute, []string{"about_you", "networks", "your_network", "working_together", "comments"})
		f.Set("_action", "submit")
		var wg sync.WaitGroup
		for i := 0; i < 4; i++ { // a double click and two presses of Back then Send
			wg.Add(1)
			go func() {
				defer wg.Done()
				req, _ := http.NewRequest("POST", a.srv.URL+"/s/"+slug, strings.NewReader(f.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				res, err := http.DefaultTransport.RoundTrip(req)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther {
					t.Errorf("status %d", res.StatusCode)
				}
			}()
		}
		wg.Wait()
		if n := len(a.stored()); n != 1 {
			t.Fatalf("stored %d responses, want 1", n)
		}
	})
}

func TestClosedSurvey(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	a := newApp(t, db)
	f, _ := a.walk(yesRoute, []string{"about_you", "networks", "your_network", "working_together", "comments"})
	if err := a.db.SetSurveyOpen(context.Background(), slug, false); err != nil {
		t.Fatal(err)
	}
	// A submission is checked against the database at once.
	f.Set("_action", "submit")
	if _, b := a.post("/s/"+slug, f); !strings.Contains(h1(b), "is closed") {
		t.Errorf("submit to a closed survey: heading %q", h1(b))
	}
	if n := len(a.stored()); n != 0 {
		t.Fatalf("closed survey stored %d", n)
	}
	// Pages follow within a second; a server started now sees it at once.
	b := newApp(t, db)
	if _, body := b.get("/s/" + slug); !strings.Contains(h1(body), "is closed") {
		t.Errorf("start page of a closed survey: heading %q", h1(body))
	}
}

// TestAnonymity submits with a distinctive client address and user agent
// and looks for them in every database file and in the log.
func TestAnonymity(t *testing.T) {
	t.Parallel()
	db, dir := sqliteDir(t)
	a := newApp(t, db)
	const ua, ip = "ProbeAgent/7.3 (staffnet-anonymity-test)", "203.0.113.77"
	hdr := []string{"User-Agent", ua, "X-Forwarded-For", ip, "X-Real-IP", ip}
	f, _ := a.walk(yesRoute, []string{"about_you", "networks", "your_network", "working_together", "comments"}, hdr...)
	f.Set("_action", "submit")
	res, _ := a.post("/s/"+slug, f, hdr...)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit %d", res.StatusCode)
	}
	if n := len(a.stored()); n != 1 {
		t.Fatalf("stored %d", n)
	}
	files, _ := os.ReadDir(dir)
	for _, fi := range files {
		b, err := os.ReadFile(filepath.Join(dir, fi.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, needle := range []string{ua, ip, "127.0.0.1", "ProbeAgent", f.Get("_token")} {
			if bytes.Contains(b, []byte(needle)) {
				t.Errorf("%s contains %q", fi.Name(), needle)
			}
		}
	}
	a.get("/privacy")
	logs := a.log.String()
	if !strings.Contains(logs, "route=\"GET /privacy\"") || strings.Contains(logs, "/s/") {
		t.Fatalf("expected request log lines for other routes but none for the survey's, got:\n%s", logs)
	}
	hasAll(t, "log", logs, nil, []string{ua, ip, "127.0.0.1", "london", "égalité"})
}

func TestContactDetailsApart(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	res, body := a.post("/s/"+slug+"/contact", url.Values{"email": {"not-an-email"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#email"`) {
		t.Fatalf("bad email: %d", res.StatusCode)
	}
	res, _ = a.post("/s/"+slug+"/contact", url.Values{"name": {"Ada"}, "email": {"ada@example.nhs.uk"}, "organisation": {"Trust"}})
	// Post/Redirect/Get, to a page whose address carries nothing of the
	// details or of any response.
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/s/"+slug+"/contact/saved" {
		t.Fatalf("contact: %d to %q", res.StatusCode, loc)
	}
	res, body = a.get("/s/" + slug + "/contact/saved")
	if res.StatusCode != 200 || h1(body) != "Contact details saved" || strings.Contains(body, "Ada") || strings.Contains(body, "ada@") {
		t.Fatalf("contact saved page: %d %q", res.StatusCode, h1(body))
	}
	if cs, _ := a.db.Contacts(context.Background(), slug); len(cs) != 0 {
		t.Fatalf("contact details written on arrival: %+v", cs)
	}
	releaseContacts(t, a.web)
	cs, _ := a.db.Contacts(context.Background(), slug)
	if len(cs) != 1 || cs[0].Email != "ada@example.nhs.uk" {
		t.Fatalf("contacts %+v", cs)
	}
}

func signIn(t *testing.T, a *app, role auth.Role) (*http.Client, string) {
	t.Helper()
	return signInCSRF(t, a.srv.URL, a.db, store.User{Email: string(role) + "@example.nhs.uk", Role: role, Org: orgOf[role]}, "", http.StatusOK)
}

func status(t *testing.T, c *http.Client, method, u string, v url.Values, hdr ...string) int {
	t.Helper()
	res, _ := sendOnce(t, c, formRequest(method, u, v, hdr...))
	return res.StatusCode
}

func TestRolesAndCSRF(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		u := a.srv.URL
		anon := &http.Client{}
		an, anCSRF := signIn(t, a, auth.Analyst)
		ad, adCSRF := signIn(t, a, auth.Admin)

		cases := []struct {
			who    string
			c      *http.Client
			method string
			path   string
			form   url.Values
			want   int
		}{
			{"public", anon, "GET", "/admin", nil, http.StatusSeeOther},
			{"public", anon, "GET", "/admin/surveys/" + slug + "/export.csv", nil, http.StatusSeeOther},
			{"public", anon, "POST", "/admin/surveys/" + slug + "/close", url.Values{}, http.StatusSeeOther},
			{"analyst", an, "GET", "/admin", nil, 200},
			{"analyst", an, "GET", "/admin/surveys/" + slug + "/export.csv", nil, 200},
			{"analyst", an, "GET", "/admin/surveys/" + slug + "/export.xlsx", nil, 200},
			{"analyst", an, "GET", "/admin/users", nil, http.StatusForbidden},
			{"analyst", an, "POST", "/admin/surveys/" + slug + "/close", url.Values{"_csrf": {anCSRF}}, http.StatusForbidden},
			{"admin", ad, "GET", "/admin/users", nil, 200},
			{"admin without token", ad, "POST", "/admin/surveys/" + slug + "/close", url.Values{}, http.StatusForbidden},
			{"admin wrong token", ad, "POST", "/admin/surveys/" + slug + "/close", url.Values{"_csrf": {anCSRF}}, http.StatusForbidden},
			{"admin", ad, "POST", "/admin/surveys/" + slug + "/close", url.Values{"_csrf": {adCSRF}}, http.StatusSeeOther},
		}
		for _, c := range cases {
			if got := status(t, c.c, c.method, u+c.path, c.form); got != c.want {
				t.Errorf("%s %s %s: %d, want %d", c.who, c.method, c.path, got, c.want)
			}
		}
		s, _ := db.Survey(context.Background(), slug)
		if s.Open {
			t.Fatal("admin's close did not close the survey")
		}
		// A cross-site form post is refused even with the right token.
		if got := status(t, ad, "POST", u+"/admin/surveys/"+slug+"/open", url.Values{"_csrf": {adCSRF}}, "Sec-Fetch-Site", "cross-site"); got != http.StatusForbidden {
			t.Errorf("cross-site post: %d, want 403", got)
		}
		if got := status(t, anon, "POST", u+"/s/"+slug, url.Values{}, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"); got != http.StatusForbidden {
			t.Errorf("cross-site survey post: %d, want 403", got)
		}
		s, _ = db.Survey(context.Background(), slug)
		if s.Open {
			t.Fatal("cross-site request reopened the survey")
		}
		// Signing out ends the session.
		if got := status(t, ad, "POST", u+"/logout", url.Values{"_csrf": {adCSRF}}); got != http.StatusSeeOther {
			t.Fatalf("logout %d", got)
		}
		if got := status(t, ad, "GET", u+"/admin", nil); got != http.StatusSeeOther {
			t.Errorf("after logout /admin: %d", got)
		}
	})
}

func TestSetupAndLogin(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	ctx := context.Background()
	if err := a.db.CreateSetupToken(ctx, "tok-123", 3600e9); err != nil {
		t.Fatal(err)
	}
	res, body := a.post("/setup/tok-123", url.Values{"email": {"lead@example.nhs.uk"}, "password": {"short"}, "password_again": {"short"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#password"`) {
		t.Fatalf("short password: %d", res.StatusCode)
	}
	pw := "a long enough passphrase"
	res, _ = a.post("/setup/tok-123", url.Values{"email": {"Lead@Example.nhs.uk"}, "password": {pw}, "password_again": {pw}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Set-Cookie"), "HttpOnly") {
		t.Fatalf("setup: %d %q", res.StatusCode, res.Header.Get("Set-Cookie"))
	}
	res, _ = a.post("/setup/tok-123", url.Values{"email": {"x@example.nhs.uk"}, "password": {pw}, "password_again": {pw}})
	if res.StatusCode != http.StatusGone {
		t.Fatalf("reused setup link: %d", res.StatusCode)
	}
	res, body = a.post("/login", url.Values{"email": {"lead@example.nhs.uk"}, "password": {"wrong password!"}})
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "nhsuk-error-summary") {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	res, _ = a.post("/login", url.Values{"email": {"lead@example.nhs.uk"}, "password": {pw}, "next": {"//evil.example/"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin" {
		t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestHeadersHealthAndLimits(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	res, body := a.get("/healthz")
	if res.StatusCode != 200 || body != "ok\n" {
		t.Fatalf("health %d %q", res.StatusCode, body)
	}
	res, _ = a.get("/s/" + slug)
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if res.Header.Get(h) == "" {
			t.Errorf("missing %s", h)
		}
	}
	res, _ = a.get("/s/no-such-survey")
	if res.StatusCode != 404 {
		t.Errorf("unknown survey %d", res.StatusCode)
	}
	res, _ = a.get("/assets/nhsuk-frontend.min.css")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Errorf("stylesheet %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	big := url.Values{"benefits_comment": {strings.Repeat("x", 2<<20)}}
	res, _ = a.post("/s/"+slug, big)
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("2 MiB body: %d, want 400", res.StatusCode)
	}
}

// orgOf gives organisation-level test accounts their organisation.
var orgOf = map[auth.Role]string{auth.OrgAdmin: "RJ1", auth.NetworkLead: "RJ1"}
