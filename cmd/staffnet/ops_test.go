package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"staffnet/internal/web/webtest"
)

// startServe runs a real serve process until the test ends and returns
// the addresses it prints: the site's, and the metrics listener's (which
// serve prints first) when --metrics-addr is among args.
func startServe(t *testing.T, args ...string) (base, metrics string) {
	t.Helper()
	cmd := staffnetCommand(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
	})
	want := regexp.MustCompile(`(running|Metrics) (?:is |are )?at (http://[^/\s]+)`)
	sc := bufio.NewScanner(stdout)
	for base == "" && sc.Scan() {
		if m := want.FindStringSubmatch(sc.Text()); m != nil && m[1] == "Metrics" {
			metrics = m[2]
		} else if m != nil {
			base = m[2]
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	if base == "" {
		t.Fatalf("serve %v did not start", args)
	}
	return base, metrics
}

// scrape reads /metrics, which must parse as Prometheus's text format.
func scrape(t *testing.T, metrics string) map[string]*dto.MetricFamily {
	t.Helper()
	res, err := http.Get(metrics + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(res.Body)
	if err != nil {
		t.Fatalf("/metrics is not valid text exposition: %v", err)
	}
	return fams
}

// value is the counter, gauge or histogram count of a family's series
// with these labels; -1 if there is none.
func value(fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
next:
	for _, m := range f.GetMetric() {
		got := map[string]string{}
		for _, l := range m.GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if got[labels[i]] != labels[i+1] {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

// /metrics, on its own listener, scrapes as valid text exposition, and
// its counters move with requests: by route pattern, never the path as
// typed, and nothing from the contact form, an email address or an answer.
func TestMetrics(t *testing.T) {
	t.Parallel()
	base, metrics := startServe(t, "--db", filepath.Join(t.TempDir(), "m.db"), "--metrics-addr", "127.0.0.1:0")
	if metrics == "" {
		t.Fatal("serve did not say where its metrics are")
	}
	if res, err := http.Get(base + "/metrics"); err != nil || res.StatusCode != http.StatusNotFound {
		t.Fatalf("/metrics on the site's own listener: %v %v", res.Status, err)
	}
	before := scrape(t, metrics)
	for name, want := range map[string]float64{
		"staffnet_db_max_open_connections": 8,
		"staffnet_outbox_messages":         0,
		"staffnet_sign_in_refusals_total":  0,
	} {
		if got := value(before, name); got != want {
			t.Errorf("%s = %v before any request, want %v", name, got, want)
		}
	}
	c := &webtest.Client{Base: base}
	for _, path := range []string{"/healthz", "/healthz", "/no/such/page-secret-token"} {
		if _, _, _, err := c.Do("GET", path, nil); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Answer(slug, map[string]url.Values{"comments": {"other_comments": {"answer-text-marker"}}}); err != nil {
		t.Fatal(err)
	}
	if code, _, _, err := c.Do("POST", "/s/"+slug+"/contact", url.Values{"name": {"A Person"}, "email": {"person@nhs.net"}, "organisation": {"Org"}}); err != nil || code != http.StatusSeeOther {
		t.Fatalf("contact form: %d %v", code, err)
	}
	if code, _, _, err := c.Do("POST", "/login", url.Values{"email": {"typed@nhs.net"}, "password": {"wrong password"}}); err != nil || code != http.StatusUnauthorized {
		t.Fatalf("wrong sign-in: %d %v", code, err)
	}

	after := scrape(t, metrics)
	for _, c := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"staffnet_http_requests_total", []string{"route", "GET /healthz", "status", "200"}, 2},
		{"staffnet_http_request_duration_seconds", []string{"route", "GET /healthz"}, 2},
		// The unknown page and /metrics asked of the site's listener.
		{"staffnet_http_requests_total", []string{"route", "/", "status", "404"}, 2},
		{"staffnet_http_requests_total", []string{"route", "POST /login", "status", "401"}, 1},
		{"staffnet_survey_submissions_total", []string{"survey", slug}, 1},
		{"staffnet_sign_in_refusals_total", []string{"reason", "failed"}, 1},
		{"staffnet_sign_in_refusals_total", []string{"reason", "throttled"}, 0},
	} {
		if got := value(after, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if value(after, "staffnet_http_requests_total", "route", "POST /s/{slug}", "status", "303") < 1 {
		t.Error("survey pages not counted")
	}
	res, err := http.Get(metrics + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	text.ReadFrom(res.Body)
	res.Body.Close()
	for _, leak := range []string{"secret-token", "person@nhs.net", "typed@nhs.net", "answer-text-marker", "contact", "A Person"} {
		if strings.Contains(text.String(), leak) {
			t.Errorf("/metrics carries %q", leak)
		}
	}
}

// staffnet config shows every setting with where it came from, and never
// a password, the contact key or a secret.
func TestConfigMasksSecrets(t *testing.T) {
	t.Parallel()
	var out, errb bytes.Buffer
	environ := map[string]string{
		"STAFFNET_SMTP_URL":     "smtp://mailer:hunter2@smtp.nhs.net:587",
		"STAFFNET_CONTACT_KEY":  "c2VjcmV0LWtleS1tYXRlcmlhbC0zMi1ieXRlcy1sb25n",
		"STAFFNET_URL":          "https://staffnet.example.nhs.uk",
		"STAFFNET_BEHIND_PROXY": "true",
	}
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return environ[k] }}
	if code := run(context.Background(), e, []string{"config", "--db", "postgres://app:pgsecret@db.internal/staffnet", "--retain-audit-days", "30"}); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	got := out.String()
	for _, secret := range []string{"hunter2", "pgsecret", environ["STAFFNET_CONTACT_KEY"]} {
		if strings.Contains(got, secret) {
			t.Errorf("config shows a secret %q:\n%s", secret, got)
		}
	}
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`--db +STAFFNET_DB +postgres://app:xxxxx@db.internal/staffnet +--db\n`),
		regexp.MustCompile(`--smtp-url +STAFFNET_SMTP_URL +smtp://mailer:xxxxx@smtp.nhs.net:587 +STAFFNET_SMTP_URL\n`),
		regexp.MustCompile(`--contact-key +STAFFNET_CONTACT_KEY +\(set, not shown\) +STAFFNET_CONTACT_KEY\n`),
		regexp.MustCompile(`--base-url +STAFFNET_BASE_URL +https://staffnet.example.nhs.uk +STAFFNET_URL\n`),
		regexp.MustCompile(`--behind-proxy +STAFFNET_BEHIND_PROXY +1 +STAFFNET_BEHIND_PROXY\n`),
		regexp.MustCompile(`--addr +STAFFNET_ADDR +127.0.0.1:8080 +default\n`),
		regexp.MustCompile(`--retain-audit-days +STAFFNET_RETAIN_AUDIT_DAYS +30 +--retain-audit-days\n`),
		regexp.MustCompile(`--metrics-addr +STAFFNET_METRICS_ADDR +\(unset\) +default\n`),
	} {
		if !want.MatchString(got) {
			t.Errorf("config output lacks %s:\n%s", want, got)
		}
	}
}

// With an https base URL every answer carries HSTS, although serve itself
// speaks plain HTTP behind the proxy that ends TLS; with http, none does.
func TestHSTSFollowsBaseURL(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		base string
		want string
	}{{"https://staffnet.example.nhs.uk", "max-age=31536000"}, {"http://127.0.0.1:8080", ""}} {
		site, _ := startServe(t, "--db", filepath.Join(t.TempDir(), "h.db"), "--base-url", c.base)
		res, err := http.Get(site + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Strict-Transport-Security"); got != c.want {
			t.Errorf("base URL %s: HSTS %q, want %q", c.base, got, c.want)
		}
	}
}

// backup copies a database, restore refuses to replace one with tables
// unless --force, and PostgreSQL is pointed at pg_dump.
func TestBackupRestoreCommands(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	if code, _, errOut := cli(t, "", "user", "add", "--db", live, "--email", "a@nhs.net", "--role", "admin"); code != 0 {
		t.Fatal(errOut)
	}
	out := filepath.Join(dir, "b.db")
	if code, stdout, errOut := cli(t, "", "backup", "--db", live, "--out", out); code != 0 || !strings.Contains(stdout, "integrity check: ok") {
		t.Fatalf("backup: %d %s %s", code, stdout, errOut)
	}
	if code, _, errOut := cli(t, "", "restore", "--db", live, out); code != 1 || !strings.Contains(errOut, "--force") {
		t.Fatalf("restore over a live database: %d %s", code, errOut)
	}
	fresh := filepath.Join(dir, "fresh", "staffnet.db")
	for _, args := range [][]string{{"restore", "--db", fresh, out}, {"restore", "--force", "--db", live, out}} {
		if code, stdout, errOut := cli(t, "", args...); code != 0 || !strings.Contains(stdout, "integrity check: ok") {
			t.Fatalf("%v: %d %s %s", args, code, stdout, errOut)
		}
	}
	if code, stdout, _ := cli(t, "", "user", "list", "--db", fresh); code != 0 || !strings.Contains(stdout, "a@nhs.net") {
		t.Fatalf("restored database lacks the account: %s", stdout)
	}
	if code, _, errOut := cli(t, "", "backup", "--db", "postgres://x@127.0.0.1:1/y", "--out", filepath.Join(dir, "pg")); code != 1 || !strings.Contains(errOut, "pg_dump") {
		t.Fatalf("backup of PostgreSQL: %d %s", code, errOut)
	}
	if code, _, _ := cli(t, "", "backup", "--db", live); code != 2 {
		t.Fatalf("backup without --out: exit %d", code)
	}
}

// retention run --dry-run lists what would go and deletes nothing; the
// run itself deletes it. On both databases.
func TestRetentionRunCommand(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		for _, email := range []string{"left@nhs.net", "here@nhs.net"} {
			if code, _, errOut := cli(t, "", "user", "add", "--db", dsn, "--email", email, "--role", "analyst"); code != 0 {
				t.Fatal(errOut)
			}
		}
		if code, _, errOut := cli(t, "", "user", "disable", "--db", dsn, "left@nhs.net"); code != 0 {
			t.Fatal(errOut)
		}
		driver := map[bool]string{true: "pgx", false: "sqlite"}[strings.HasPrefix(dsn, "postgres")]
		sq, err := sql.Open(driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer sq.Close()
		// Disabled in 1970: long past any period.
		if _, err := sq.Exec(`UPDATE users SET disabled_at = 1 WHERE email = 'left@nhs.net'`); err != nil {
			t.Fatal(err)
		}
		accounts := regexp.MustCompile(`(?m)^accounts +1 `)
		code, stdout, errOut := cli(t, "", "retention", "run", "--dry-run", "--db", dsn)
		if code != 0 || !accounts.MatchString(stdout) || !strings.Contains(stdout, "nothing deleted") {
			t.Fatalf("dry run: %d %s %s", code, stdout, errOut)
		}
		if _, list, _ := cli(t, "", "user", "list", "--db", dsn); !strings.Contains(list, "left@nhs.net") {
			t.Fatal("the dry run deleted the account")
		}
		if code, stdout, errOut = cli(t, "", "retention", "run", "--db", dsn); code != 0 || !accounts.MatchString(stdout) {
			t.Fatalf("run: %d %s %s", code, stdout, errOut)
		}
		if _, list, _ := cli(t, "", "user", "list", "--db", dsn); strings.Contains(list, "left@nhs.net") || !strings.Contains(list, "here@nhs.net") {
			t.Fatalf("after the run: %s", list)
		}
		if code, _, _ := cli(t, "", "retention", "run", "--db", dsn, "--retain-audit-days", "soon"); code != 2 {
			t.Fatalf("bad period: exit %d", code)
		}
	})
}
