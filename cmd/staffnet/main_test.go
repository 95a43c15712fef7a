package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/survey"
	"staffnet/internal/web/webtest"
)

const slug = survey.MappingSlug

// TestMain lets tests run staffnet as a process of its own without
// building it: with STAFFNET_TEST_MAIN=1 the test binary is staffnet
// (see staffnetCommand).
func TestMain(m *testing.M) {
	if os.Getenv("STAFFNET_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// staffnetCommand is staffnet args as a process: the test binary itself,
// run as the command by TestMain. It is the same code that go build makes
// (main, signal handling and all), but linked once, with the tests.
func staffnetCommand(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "STAFFNET_TEST_MAIN=1")
	return cmd
}

// cli runs staffnet in-process and returns its exit code and output.
func cli(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	code := run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

func header(t *testing.T) string {
	defs, err := survey.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(defs[0].Header(), ",")
}

func write(t *testing.T, name, content string) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// row builds a CSV line from column=value pairs over the full header.
func row(t *testing.T, kv map[string]string) string {
	var cells []string
	for _, h := range strings.Split(header(t), ",") {
		v := kv[h]
		if strings.ContainsAny(v, ",\"\n") {
			v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		}
		cells = append(cells, v)
	}
	return strings.Join(cells, ",")
}

// openStore opens the database at dsn for a test to look into or set up;
// it is closed when the test ends (closing it sooner is harmless).
func openStore(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// eachDB runs fn as two subtests at once: on a fresh SQLite file, which
// the first command migrates, and on a migrated PostgreSQL schema as good
// as new (TestTwoServersOnePostgres has staffnet migrate an empty one).
func eachDB(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	for name, dsn := range map[string]string{
		"sqlite":   filepath.Join(t.TempDir(), "cli.db"),
		"postgres": storetest.MigratedDSN(t),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, dsn)
		})
	}
}

func TestImportRejectsBadFiles(t *testing.T) {
	t.Parallel()
	good := map[string]string{"response_id": "r1", "submitted_on": "2016-06-01", "region": "london", "has_bme_network": "yes", "effectiveness": "effective"}
	with := func(kv map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range good {
			m[k] = v
		}
		for k, v := range kv {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		name, file, want string
	}{
		{"unknown column", "response_id,submitted_on,region,shoe_size\nr1,2016-06-01,london,9\n", "row 1, column shoe_size: unknown column"},
		{"unknown code", header(t) + "\n" + row(t, with(map[string]string{"region": "wales"})) + "\n", `row 2, column region: unknown code "wales"`},
		{"hidden by routing", header(t) + "\n" + row(t, with(map[string]string{"would_benefit": "yes"})) + "\n", "row 2, column would_benefit: is answered but routing hides this question"},
		{"two codes in single", header(t) + "\n" + row(t, with(map[string]string{"occupation": "clinical;administrative"})) + "\n", "row 2, column occupation:"},
		{"exclusive combined", header(t) + "\n" + row(t, with(map[string]string{"other_networks": "none;faith"})) + "\n", "row 2, column other_networks:"},
		{"bad date", header(t) + "\n" + row(t, with(map[string]string{"submitted_on": "01/06/2016"})) + "\n", "row 2, column submitted_on: date"},
		{"impossible date", header(t) + "\n" + row(t, with(map[string]string{"submitted_on": "2016-02-30"})) + "\n", "row 2, column submitted_on: date"},
		{"duplicate id in file", header(t) + "\n" + row(t, good) + "\n" + row(t, good) + "\n", "row 3, column response_id:"},
		{"one bad row among good", header(t) + "\n" + row(t, with(map[string]string{"response_id": "a"})) + "\n" + row(t, with(map[string]string{"response_id": "b", "region": "narnia"})) + "\n" + row(t, with(map[string]string{"response_id": "c"})) + "\n", "row 3, column region:"},
		{"ragged row", header(t) + "\nr1,2016-06-01\n", "row 2, column region: the row has 2 cells, the header has 17"},
		{"empty file", "", "row 1: the file is empty"},
	}
	eachDB(t, func(t *testing.T, dsn string) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				code, _, errOut := cli(t, "", "responses", "import", "--db", dsn, "--survey", slug, write(t, "in.csv", c.file))
				if code != 1 || !strings.Contains(errOut, c.want) || !strings.Contains(errOut, "nothing was written") {
					t.Fatalf("exit %d, stderr:\n%s\nwant it to contain %q", code, errOut, c.want)
				}
				_, out, _ := cli(t, "", "survey", "list", "--db", dsn)
				if !strings.Contains(out, "\t0 responses") {
					t.Fatalf("something was written: %s", out)
				}
			})
		}
	})
}

func TestImportExportRoundTrip(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		rows := []map[string]string{
			{"response_id": "a1", "submitted_on": "2016-05-03", "region": "london", "occupation": "clinical", "has_bme_network": "yes",
				"other_networks": "lgbti;disability", "effectiveness": "very_effective", "relationships": "edi_team;hr;board",
				"support_needed.allocated_time": "strongly_agree", "benefits_comment": "Commas, \"quotes\"\nand a new line — ünïcödé 平等"},
			{"response_id": "b2", "submitted_on": "2016-05-04", "has_bme_network": "no", "other_networks": "none", "would_benefit": "dont_know",
				"other_comments": "  leading and trailing spaces  "},
			{"response_id": "c3", "submitted_on": "2016-05-05"},
		}
		var in strings.Builder
		in.WriteString(header(t) + "\n")
		for _, r := range rows {
			in.WriteString(row(t, r) + "\n")
		}
		code, out, errOut := cli(t, "", "responses", "import", "--db", dsn, "--survey", slug, write(t, "in.csv", in.String()))
		if code != 0 || !strings.Contains(out, "imported 3 responses") {
			t.Fatalf("import: %d %s %s", code, out, errOut)
		}
		code, out, errOut = cli(t, "", "responses", "export", "--db", dsn, "--survey", slug)
		if code != 0 {
			t.Fatalf("export: %d %s", code, errOut)
		}
		got, err1 := csv.NewReader(strings.NewReader(out)).ReadAll()
		want, err2 := csv.NewReader(strings.NewReader(in.String())).ReadAll()
		if err1 != nil || err2 != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("round trip differs (%v, %v):\n got: %q\nwant: %q", err1, err2, got, want)
		}
		// What staffnet writes, it reads back byte for byte.
		again := filepath.Join(t.TempDir(), "again.db")
		if code, _, errOut := cli(t, "", "responses", "import", "--db", again, "--survey", slug, write(t, "out.csv", out)); code != 0 {
			t.Fatalf("re-import of export: %s", errOut)
		}
		if _, out2, _ := cli(t, "", "responses", "export", "--db", again, "--survey", slug); out2 != out {
			t.Fatalf("export of re-import differs:\n%q\n%q", out2, out)
		}
		// Importing the same ids again is refused, not duplicated.
		code, _, errOut = cli(t, "", "responses", "import", "--db", dsn, "--survey", slug, write(t, "in.csv", in.String()))
		if code != 1 || !strings.Contains(errOut, "row 2, column response_id: response id \"a1\" is already stored") {
			t.Fatalf("re-import: %d %s", code, errOut)
		}
		p := filepath.Join(t.TempDir(), "out.xlsx")
		if code, _, errOut := cli(t, "", "responses", "export", "--db", dsn, "--survey", slug, "--format", "xlsx", "--out", p); code != 0 {
			t.Fatalf("xlsx: %s", errOut)
		}
		if b, _ := os.ReadFile(p); len(b) < 100 || string(b[:2]) != "PK" {
			t.Fatalf("xlsx is not a zip file")
		}
	})
}

func TestUsersAndContacts(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "u.db")
	if code, _, errOut := cli(t, "short\n", "user", "add", "--db", dsn, "--email", "a@example.nhs.uk", "--role", "admin", "--password-stdin"); code != 1 || !strings.Contains(errOut, "at least 12") {
		t.Fatalf("short password accepted: %d %s", code, errOut)
	}
	if code, _, errOut := cli(t, "", "user", "add", "--db", dsn, "--email", "a@example.nhs.uk", "--role", "king"); code != 2 || !strings.Contains(errOut, "unknown role") {
		t.Fatalf("bad role: %d %s", code, errOut)
	}
	code, out, _ := cli(t, "", "user", "add", "--db", dsn, "--email", "A@example.nhs.uk", "--role", "analyst")
	if code != 0 || !regexp.MustCompile(`password \(shown once.*\): \S{20}`).MatchString(out) {
		t.Fatalf("user add: %d %s", code, out)
	}
	if code, _, errOut := cli(t, "", "user", "add", "--db", dsn, "--email", "a@example.nhs.uk", "--role", "admin"); code != 1 || !strings.Contains(errOut, "already exists") {
		t.Fatalf("duplicate: %d %s", code, errOut)
	}
	db := openStore(t, dsn)
	addContacts(t, db, store.Contact{SurveySlug: slug, Name: "Ada", Email: "ada@example.nhs.uk"})
	db.Close()
	if _, out, _ := cli(t, "", "contacts", "list", "--db", dsn); !strings.Contains(out, "ada@example.nhs.uk") {
		t.Fatalf("contacts list: %s", out)
	}
	if code, out, _ := cli(t, "", "contacts", "delete", "--db", dsn, "--email", "ADA@example.nhs.uk"); code != 0 || !strings.Contains(out, "deleted 1 contact entry") {
		t.Fatalf("delete: %s", out)
	}
	if _, out, _ := cli(t, "", "contacts", "list", "--db", dsn); out != "" {
		t.Fatalf("after delete: %q", out)
	}
	if code, _, errOut := cli(t, "", "nonsense"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Fatalf("unknown command: %d %s", code, errOut)
	}
}

func TestSurveyLoadVersions(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "v.db")
	defs, _ := survey.Builtin()
	def := defs[0]
	if code, out, _ := cli(t, "", "survey", "load", "--db", dsn, write(t, "d.json", string(def.JSON()))); code != 0 || !strings.Contains(out, "unchanged") {
		t.Fatalf("same definition: %s", out)
	}
	if code, _, errOut := cli(t, "", "survey", "load", "--db", dsn, write(t, "d.json", `{"format":1,"slug":"x","title":"X","pages":[]}`)); code != 1 || !strings.Contains(errOut, "no pages") {
		t.Fatalf("bad definition: %s", errOut)
	}
}

// TestTwoServersOnePostgres runs two real serve processes against one
// PostgreSQL database and answers the survey through both at once.
func TestTwoServersOnePostgres(t *testing.T) {
	t.Parallel()
	dsn := storetest.PostgresDSN(t)
	var bases []string
	for range 2 {
		base, _ := startServe(t, "--db", dsn)
		bases = append(bases, base)
	}
	const perServer = 40
	var wg sync.WaitGroup
	errs := make(chan error, 2*perServer)
	for i := 0; i < 2*perServer; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c := &webtest.Client{Base: bases[i%2]}
			network := []string{"yes", "no"}[i%2]
			_, err := c.Answer(slug, map[string]url.Values{
				"about_you": {"region": {"london"}},
				"networks":  {"has_bme_network": {network}},
				"comments":  {"other_comments": {fmt.Sprint("respondent ", i)}},
			})
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := cli(t, "", "responses", "export", "--db", dsn, "--survey", slug)
	if code != 0 {
		t.Fatal(errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")[1:]
	if len(lines) != 2*perServer {
		t.Fatalf("stored %d responses, want %d", len(lines), 2*perServer)
	}
	var comments []string
	for _, l := range lines {
		comments = append(comments, l[strings.LastIndexByte(l, ',')+1:])
	}
	sort.Strings(comments)
	for i := 1; i < len(comments); i++ {
		if comments[i] == comments[i-1] {
			t.Fatalf("response %q stored twice", comments[i])
		}
	}
	for _, b := range bases {
		res, err := http.Get(b + "/healthz")
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("health of %s: %v", b, err)
		}
		res.Body.Close()
	}
}

// TestGracefulShutdown sends SIGTERM while a submission's body is still
// arriving: serve must finish it (store the response, answer 303) and
// then exit cleanly.
func TestGracefulShutdown(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "g.db")
	cmd := staffnetCommand("serve", "--addr", "127.0.0.1:0", "--db", dbPath)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stdout)
	var base string
	for sc.Scan() {
		if m := regexp.MustCompile(`running at (http://\S+)/`).FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
			break
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	c := &webtest.Client{Base: base}
	_, _, body, err := c.Do("GET", "/s/"+slug, nil)
	if err != nil {
		t.Fatal(err)
	}
	f := webtest.Form(body)
	for f.Get("_step") != "check" {
		f.Set("_action", "continue")
		if _, _, body, err = c.Do("POST", "/s/"+slug, f); err != nil {
			t.Fatal(err)
		}
		f = webtest.Form(body)
	}
	f.Set("_action", "submit")
	payload := f.Encode()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "POST /s/%s HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s", slug, len(payload), payload[:10])
	time.Sleep(200 * time.Millisecond) // let the server start reading the request
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // shutdown has begun: new connections are refused
	if _, err := net.Dial("tcp", strings.TrimPrefix(base, "http://")); err == nil {
		t.Error("serve still accepts new connections after SIGTERM")
	}
	fmt.Fprint(conn, payload[10:])
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight submission was cut off: %v", err)
	}
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("in-flight submission: status %d", res.StatusCode)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("serve did not exit cleanly: %v", err)
	}
	_, out, _ := cli(t, "", "survey", "list", "--db", dbPath)
	if !strings.Contains(out, "\t1 responses") {
		t.Fatalf("the in-flight response was not stored: %s", out)
	}
}
