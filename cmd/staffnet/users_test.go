package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/store"
)

func TestUserVerbs(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "u.db")
	ctx := context.Background()
	mustRun := func(want int, args ...string) (string, string) {
		t.Helper()
		code, out, errOut := cli(t, "", args...)
		if code != want {
			t.Fatalf("%v: exit %d, want %d\n%s%s", args, code, want, out, errOut)
		}
		return out, errOut
	}
	if code, _, errOut := cli(t, "qwertyuiop123\n", "user", "add", "--db", dsn, "--email", "a@example.nhs.uk", "--role", "admin", "--password-stdin"); code != 1 || !strings.Contains(errOut, "too easy to guess") {
		t.Fatalf("common password accepted: %d %s", code, errOut)
	}
	mustRun(0, "user", "add", "--db", dsn, "--email", "boss@example.nhs.uk", "--role", "admin")
	mustRun(0, "user", "add", "--db", dsn, "--email", "ana@example.nhs.uk", "--role", "analyst")
	out, _ := mustRun(0, "user", "list", "--db", dsn)
	if out != "ana@example.nhs.uk\tanalyst\t\t\tactive\nboss@example.nhs.uk\tadmin\t\t\tactive\n" {
		t.Fatalf("list:\n%s", out)
	}

	db := openStore(t, dsn)
	ana, _ := db.UserByEmail(ctx, "ana@example.nhs.uk")
	if _, err := db.CreateSession(ctx, "ana-session", ana.ID, time.Now()); err != nil {
		t.Fatal(err)
	}

	// The only admin cannot be demoted, disabled or removed.
	if _, errOut := mustRun(1, "user", "set-role", "--db", dsn, "--email", "boss@example.nhs.uk", "--role", "analyst"); !strings.Contains(errOut, "only enabled administrator") {
		t.Fatalf("demote: %s", errOut)
	}
	mustRun(1, "user", "disable", "--db", dsn, "boss@example.nhs.uk")
	mustRun(1, "user", "remove", "--db", dsn, "boss@example.nhs.uk")
	mustRun(2, "user", "set-role", "--db", dsn, "--email", "ana@example.nhs.uk", "--role", "org_admin")
	if _, errOut := mustRun(1, "user", "set-role", "--db", dsn, "--email", "ana@example.nhs.uk", "--role", "org_admin", "--org", "ZZZ"); !strings.Contains(errOut, "no organisation ZZZ") {
		t.Fatalf("unknown org: %s", errOut)
	}
	mustRun(1, "user", "disable", "--db", dsn, "nobody@example.nhs.uk")
	mustRun(2, "user", "disable", "--db", dsn)

	// Disable ends the session at once.
	if out, _ := mustRun(0, "user", "disable", "--db", dsn, "ANA@example.nhs.uk"); !strings.Contains(out, "disabled ana@example.nhs.uk") {
		t.Fatalf("disable: %s", out)
	}
	if _, err := db.SessionByToken(ctx, "ana-session", time.Now()); err == nil {
		t.Fatal("session of a disabled account")
	}
	if _, errOut := mustRun(1, "user", "reset", "--db", dsn, "ana@example.nhs.uk"); !strings.Contains(errOut, "disabled") {
		t.Fatalf("reset of a disabled account: %s", errOut)
	}
	mustRun(0, "user", "enable", "--db", dsn, "ana@example.nhs.uk")
	mustRun(0, "user", "set-role", "--db", dsn, "--email", "ana@example.nhs.uk", "--role", "admin")

	// A reset link: printed once, works once.
	out, _ = mustRun(0, "user", "reset", "--db", dsn, "--base-url", "https://staffnet.example.nhs.uk/", "ana@example.nhs.uk")
	m := regexp.MustCompile(`https://staffnet\.example\.nhs\.uk/reset/([A-Za-z0-9_-]{43})\n`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("reset:\n%s", out)
	}
	if _, err := db.UseReset(ctx, m[1], auth.HashPassword("a new long passphrase"), time.Now()); err != nil {
		t.Fatalf("using the printed link: %v", err)
	}
	if _, err := db.UseReset(ctx, m[1], "x", time.Now()); err == nil {
		t.Fatal("link used twice")
	}

	mustRun(0, "user", "remove", "--db", dsn, "boss@example.nhs.uk")
	if out, _ := mustRun(0, "user", "list", "--db", dsn); out != "ana@example.nhs.uk\tadmin\t\t\tactive\n" {
		t.Fatalf("after remove:\n%s", out)
	}

	// Each verb left an audit entry naming the command line as the actor;
	// deleting contact details records how many, never whose.
	addContacts(t, db, store.Contact{SurveySlug: slug, Name: "Ada", Email: "ada@example.nhs.uk"})
	mustRun(0, "contacts", "delete", "--db", dsn, "--email", "ada@example.nhs.uk")
	mustRun(0, "survey", "close", "--db", dsn, slug)
	var got []string
	db.EachAudit(ctx, func(e store.AuditEntry) error {
		got = append(got, e.Actor+"|"+e.Action+"|"+e.Target+"|"+e.Detail)
		return nil
	})
	want := []string{
		"command line|account added|boss@example.nhs.uk|role admin",
		"command line|account added|ana@example.nhs.uk|role analyst",
		"command line|account disabled|ana@example.nhs.uk|its sessions and reset links ended",
		"command line|account enabled|ana@example.nhs.uk|",
		"command line|account changed|ana@example.nhs.uk|from role analyst to role admin",
		"command line|password reset link issued|ana@example.nhs.uk|valid for 24 hours, once",
		"command line|account removed|boss@example.nhs.uk|role admin",
		"command line|contact details deleted|contact details (email not recorded)|1 entry",
		"command line|survey closed|" + slug + "|",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, l := range got {
		if strings.Contains(l, "ada@") {
			t.Errorf("audit keeps a deleted contact's email: %s", l)
		}
	}
	if out, _ := mustRun(0, "help"); !strings.Contains(out, "user reset") || !strings.Contains(out, "user set-role") {
		t.Errorf("help lacks the user verbs:\n%s", out)
	}
}

// logWatch is a log sink that closes seen when a line holds want.
type logWatch struct {
	mu   sync.Mutex
	buf  strings.Builder
	want string
	seen chan struct{}
	once sync.Once
}

func (w *logWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if strings.Contains(w.buf.String(), w.want) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

// TestServePurges: serve purges ended sessions as it starts (and then
// hourly), and logs what it purged.
func TestServePurges(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "p.db")
	ctx := context.Background()
	db := openStore(t, dsn)
	u, _ := db.AddUser(ctx, store.User{Email: "a@example.nhs.uk", Role: auth.Admin, PasswordHash: "h"})
	if _, err := db.CreateSession(ctx, "old", u.ID, time.Now().Add(-auth.SessionMax)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateSession(ctx, "live", u.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()

	logs := &logWatch{want: `"msg":"purge"`, seen: make(chan struct{})}
	sctx, stop := context.WithCancel(ctx)
	done := make(chan int)
	go func() {
		e := &env{stdin: strings.NewReader(""), stdout: &strings.Builder{}, stderr: logs, getenv: func(string) string { return "" }}
		done <- run(sctx, e, []string{"serve", "--addr", "127.0.0.1:0", "--db", dsn})
	}()
	<-logs.seen
	stop()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, logs.buf.String())
	}
	if !strings.Contains(logs.buf.String(), `"sessions":1`) {
		t.Errorf("purge log: %s", logs.buf.String())
	}
	db = openStore(t, dsn)
	if _, err := db.SessionByToken(ctx, "live", time.Now()); err != nil {
		t.Errorf("the live session was purged: %v", err)
	}
	if p, err := db.Purge(ctx, time.Now(), auth.DefaultThrottle); err != nil || p.Sessions != 0 {
		t.Errorf("serve left %d ended sessions (%v)", p.Sessions, err)
	}
}
