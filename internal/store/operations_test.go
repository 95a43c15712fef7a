package store_test

// Tests of what keeps an installation running: retention, backup and
// restore.

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/demo"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/survey"
)

// A retention run at a fixed time deletes exactly the rows past their
// period and nothing else; a dry run reports the same counts and deletes
// nothing.
func TestRetention(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string, db *store.DB) {
		ctx := context.Background()
		sq := raw(t, dsn)
		now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		ago := func(days int) int64 { return now.AddDate(0, 0, -days).Unix() }
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := sq.Exec(pgPlaceholders(q, dsn), args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		ids := func(q string) []string {
			t.Helper()
			rows, err := sq.Query(q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var s string
				rows.Scan(&s)
				out = append(out, s)
			}
			slices.Sort(out)
			return out
		}
		// Surveys: closed 40 days ago (past the 30), closed 10 days ago, an
		// old version closed long ago whose newest version is open, and one
		// closed before closed_at was recorded.
		for i, s := range []struct {
			slug     string
			version  int
			open     int
			closedAt int64
		}{{"gone", 1, 0, ago(40)}, {"recent", 1, 0, ago(10)}, {"reopened", 1, 0, ago(400)}, {"reopened", 2, 1, 0}, {"unknown", 1, 0, 0}} {
			exec(`INSERT INTO surveys (slug, version, title, definition, hash, is_open, closed_at, created_on) VALUES (?, ?, 'T', '{}', ?, ?, ?, '2026-01-01')`,
				s.slug, s.version, fmt.Sprint(i), s.open, s.closedAt)
		}
		for _, slug := range []string{"gone", "gone", "recent", "reopened", "unknown"} {
			exec(`INSERT INTO contacts (id, survey_slug, name, email, organisation) VALUES (?, ?, 'N', 'e@nhs.net', 'O')`, slug+fmt.Sprint(len(ids(`SELECT id FROM contacts`))), slug)
		}
		// Accounts: disabled 100 days ago (past the 90), disabled 10 days
		// ago, disabled before disabled_at was recorded, and enabled.
		users := map[string]int64{}
		for _, u := range []struct {
			email    string
			disabled int
			at       int64
		}{{"left@nhs.net", 1, ago(100)}, {"leaving@nhs.net", 1, ago(10)}, {"old@nhs.net", 1, 0}, {"here@nhs.net", 0, 0}} {
			nu, err := db.AddUser(ctx, store.User{Email: u.email, Role: auth.Analyst, PasswordHash: "h"})
			if err != nil {
				t.Fatal(err)
			}
			users[u.email] = nu.ID
			exec(`UPDATE users SET disabled = ?, disabled_at = ? WHERE id = ?`, u.disabled, u.at, nu.ID)
		}
		for i, at := range []int64{ago(400), ago(366), ago(365) + 1, ago(1)} {
			exec(`INSERT INTO audit_log (at, actor, action, target) VALUES (?, 'a', ?, '')`, at, fmt.Sprint("entry ", i))
		}
		// Sessions: ended by age, ended idle, alive; one of the departed
		// account's (goes with it, not counted as a session).
		here := users["here@nhs.net"]
		for _, s := range []struct {
			hash      string
			user      int64
			expires   int64
			seen      int64
			wantsGone bool
		}{{"expired", here, now.Unix(), now.Unix(), true}, {"idle", here, now.Add(time.Hour).Unix(), now.Add(-auth.SessionIdle).Unix(), true},
			{"alive", here, now.Add(time.Hour).Unix(), now.Unix(), false}, {"leaver", users["left@nhs.net"], now.Add(time.Hour).Unix(), now.Unix(), true}} {
			exec(`INSERT INTO sessions (token_hash, user_id, csrf, expires_at, seen_at) VALUES (?, ?, 'c', ?, ?)`, s.hash, s.user, s.expires, s.seen)
		}
		exec(`INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ('r-old', ?, ?), ('r-new', ?, ?)`, here, now.Unix()-1, here, now.Unix()+1)
		exec(`INSERT INTO setup_tokens (token_hash, expires_at) VALUES ('s-old', ?), ('s-new', ?)`, now.Unix(), now.Unix()+60)
		exec(`INSERT INTO invitations (token_hash, email, role, invited_by, created_at, expires_at) VALUES ('i-old', 'a@nhs.net', 'analyst', 'x', 0, ?), ('i-new', 'b@nhs.net', 'analyst', 'x', 0, ?)`, now.Unix(), now.Unix()+60)
		exec(`INSERT INTO oidc_logins (state_hash, nonce, verifier, expires_at) VALUES ('o-old', 'n', 'v', ?), ('o-new', 'n', 'v', ?)`, now.Unix()-1, now.Unix()+1)

		policy := store.Retention{Contacts: 30 * 24 * time.Hour, Leavers: 90 * 24 * time.Hour, Audit: 365 * 24 * time.Hour}
		want := []store.Retained{{"contacts", 2}, {"accounts", 1}, {"audit_log", 2}, {"sessions", 2}, {"reset_links", 1}, {"setup_links", 1}, {"invitations", 1}, {"oidc_logins", 1}}
		snapshot := func() string {
			return fmt.Sprint(ids(`SELECT id FROM contacts`), ids(`SELECT email FROM users`), ids(`SELECT action FROM audit_log`),
				ids(`SELECT token_hash FROM sessions`), ids(`SELECT token_hash FROM password_resets`), ids(`SELECT token_hash FROM setup_tokens`),
				ids(`SELECT token_hash FROM invitations`), ids(`SELECT state_hash FROM oidc_logins`), ids(`SELECT slug || closed_at FROM surveys`))
		}
		before := snapshot()
		got, err := db.ApplyRetention(ctx, now, policy, true)
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("dry run: %v %v, want %v", got, err, want)
		}
		if after := snapshot(); after != before {
			t.Fatalf("a dry run changed the database:\n%s\n%s", before, after)
		}
		if got, err = db.ApplyRetention(ctx, now, policy, false); err != nil || !slices.Equal(got, want) {
			t.Fatalf("run: %v %v, want %v", got, err, want)
		}
		for q, want := range map[string]string{
			`SELECT survey_slug FROM contacts`:                       "[recent reopened unknown]",
			`SELECT email FROM users`:                                "[here@nhs.net leaving@nhs.net old@nhs.net]",
			`SELECT action FROM audit_log`:                           "[data deleted after its retention period entry 2 entry 3]",
			`SELECT token_hash FROM sessions`:                        "[alive]",
			`SELECT token_hash FROM password_resets`:                 "[r-new]",
			`SELECT token_hash FROM setup_tokens`:                    "[s-new]",
			`SELECT token_hash FROM invitations`:                     "[i-new]",
			`SELECT state_hash FROM oidc_logins`:                     "[o-new]",
			`SELECT detail FROM audit_log WHERE actor = 'retention'`: "[contacts 2, accounts 1, audit_log 2, sessions 2, reset_links 1, setup_links 1, invitations 1, oidc_logins 1]",
			// The run started the clock of what was closed or disabled
			// before the times were recorded.
			`SELECT slug FROM surveys WHERE closed_at = ` + fmt.Sprint(now.Unix()):  "[unknown]",
			`SELECT email FROM users WHERE disabled_at = ` + fmt.Sprint(now.Unix()): "[old@nhs.net]",
		} {
			if got := fmt.Sprint(ids(q)); got != want {
				t.Errorf("%s: %s, want %s", q, got, want)
			}
		}
		// A period of 0 keeps that kind; nothing is left to delete today.
		got, err = db.ApplyRetention(ctx, now.AddDate(1, 0, 0), store.Retention{}, true)
		if err != nil || got[0].Count != 0 || got[1].Count != 0 || got[2].Count != 0 {
			t.Fatalf("policy of zeros: %v %v", got, err)
		}
	})
}

// Of several servers claiming the daily run at once, exactly one gets it;
// the next claim succeeds a day later.
func TestClaimRetention(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		for range 6 {
			wg.Go(func() {
				ok, err := db.ClaimRetention(ctx, now)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					won++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if won != 1 {
			t.Fatalf("%d of 6 servers claimed the run", won)
		}
		if ok, _ := db.ClaimRetention(ctx, now.Add(store.RetentionEvery-time.Second)); ok {
			t.Error("claimed again within the day")
		}
		if ok, _ := db.ClaimRetention(ctx, now.Add(store.RetentionEvery)); !ok {
			t.Error("not claimed a day later")
		}
	})
}

func dsnIsPG(dsn string) bool { return strings.HasPrefix(dsn, "postgres") }

// pgPlaceholders numbers the ? placeholders of q when dsn is PostgreSQL's.
func pgPlaceholders(q, dsn string) string {
	if !dsnIsPG(dsn) {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// responsesDigest reads every response of a SQLite file, by id: their
// number, and a hash of their ids and contents.
func responsesDigest(t *testing.T, path string) (int, string) {
	t.Helper()
	db := raw(t, path)
	rows, err := db.Query(`SELECT survey_id, id, submitted_on, answers, coalesce(texts, '') FROM responses ORDER BY survey_id, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	h := sha256.New()
	n := 0
	for rows.Next() {
		var sid int64
		var id, day, texts string
		var answers []byte
		if err := rows.Scan(&sid, &id, &day, &answers, &texts); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%d|%s|%s|%x|%q\n", sid, id, day, answers, texts)
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return n, fmt.Sprintf("%x", h.Sum(nil))
}

// A backup taken while responses arrive is a consistent snapshot; its
// restore has the same responses, byte for byte, and passes SQLite's
// integrity check. A backup after the writers stop matches the live
// database exactly. Restore refuses to replace a database with tables
// unless forced.
func TestBackupUnderLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db, err := store.Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.LoadBuiltins(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := db.Survey(ctx, "bme-network-mapping-2016")
	if err != nil {
		t.Fatal(err)
	}
	var stored atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			i := 0
			demo.Generate(s.Def, 1<<30, int64(w), func(r *survey.Response) error {
				select {
				case <-stop:
					return errors.New("stopped")
				default:
				}
				i++
				if err := db.SubmitResponse(ctx, s, fmt.Sprintf("w%d-%d", w, i), r); err != nil {
					t.Error(err)
					return err
				}
				stored.Add(1)
				return nil
			})
		})
	}
	waitFor := func(n int64) {
		for stored.Load() < n && !t.Failed() {
			time.Sleep(time.Millisecond)
		}
	}
	waitFor(50) // the writers are going before the backup starts
	during := filepath.Join(dir, "during.db")
	if err := store.Backup(ctx, live, during); err != nil {
		t.Fatal(err)
	}
	atBackup := stored.Load()
	waitFor(atBackup + 50) // and go on after it
	close(stop)
	wg.Wait()

	n, sum := responsesDigest(t, during)
	if n < 50 || int64(n) >= stored.Load() {
		t.Fatalf("backup during load holds %d responses, of %d stored by its end", n, stored.Load())
	}
	restored := filepath.Join(dir, "restored", "staffnet.db")
	if err := store.Restore(ctx, during, "sqlite:"+restored, false); err != nil {
		t.Fatal(err)
	}
	if rn, rsum := responsesDigest(t, restored); rn != n || rsum != sum {
		t.Fatalf("restored: %d responses (%s), backup %d (%s)", rn, rsum, n, sum)
	}
	if err := store.IntegrityCheck(ctx, restored); err != nil {
		t.Fatal(err)
	}
	// The restored file opens as a staffnet database.
	rdb, err := store.Open(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := rdb.CountResponses(ctx, s.ID); err != nil || c != n {
		t.Fatalf("restored database counts %d (%v), want %d", c, err, n)
	}
	rdb.Close()

	after := filepath.Join(dir, "after.db")
	if err := store.Backup(ctx, live, after); err != nil {
		t.Fatal(err)
	}
	ln, lsum := responsesDigest(t, live)
	if an, asum := responsesDigest(t, after); an != ln || asum != lsum || int64(ln) != stored.Load() {
		t.Fatalf("quiet backup: %d (%s); live %d (%s); stored %d", an, asum, ln, lsum, stored.Load())
	}
	if fi, err := os.Stat(after); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file mode %v (%v), want 0600", fi.Mode(), err)
	}
	if err := store.Backup(ctx, live, after); err == nil {
		t.Error("backup overwrote an existing file")
	}

	if err := store.Restore(ctx, after, restored, false); !errors.Is(err, store.ErrNotEmpty) {
		t.Fatalf("restore over a database with tables: %v", err)
	}
	if rn, rsum := responsesDigest(t, restored); rn != n || rsum != sum {
		t.Fatal("a refused restore changed the database")
	}
	if err := store.Restore(ctx, after, restored, true); err != nil {
		t.Fatal(err)
	}
	if rn, rsum := responsesDigest(t, restored); rn != ln || rsum != lsum {
		t.Fatalf("forced restore: %d responses, want %d", rn, ln)
	}
	if err := store.Backup(ctx, "postgres://x@127.0.0.1/y", filepath.Join(dir, "pg.db")); !errors.Is(err, store.ErrPostgresBackup) {
		t.Errorf("backup of PostgreSQL: %v", err)
	}
}

// Two imports of the same response ids at once into PostgreSQL, where
// COPY (which has no ON CONFLICT) stores the rows: the second waits for
// the first, then fails as a whole and stores nothing.
func TestImportRaceOnPostgres(t *testing.T) {
	t.Parallel()
	db := storetest.Postgres(t)
	ctx := context.Background()
	s := mapping(t, db)
	begin := func() *store.Importer {
		im, err := db.BeginImport(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		r := s.Def.NewResponse()
		r.SubmittedOn = "2016-05-01"
		for i := range 10 {
			r.ID = fmt.Sprintf("race%02d", i)
			if err := im.Add(ctx, i+2, r); err != nil {
				t.Fatal(err)
			}
		}
		return im
	}
	first := begin()
	if dups, err := first.Duplicates(ctx); err != nil || len(dups) > 0 {
		t.Fatalf("first import: %v %v", dups, err)
	}
	second := begin()
	done := make(chan error, 1)
	go func() { _, err := second.Commit(ctx); done <- err }()
	if n, err := first.Commit(ctx); err != nil || n != 10 {
		t.Fatalf("first commit: %d %v", n, err)
	}
	if err := <-done; err == nil || !strings.Contains(err.Error(), "another import") {
		t.Fatalf("second import of the same ids: %v", err)
	}
	if n, _ := db.CountResponses(ctx, s.ID); n != 10 {
		t.Fatalf("%d responses stored, want the first import's 10", n)
	}
	// A later import finds ids already stored, and repeated in its file,
	// each row once, and stores nothing.
	im, err := db.BeginImport(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	defer im.Rollback()
	r := s.Def.NewResponse()
	r.SubmittedOn = "2016-05-01"
	for i, id := range []string{"new1", "race03", "new2", "new1", "race03"} {
		r.ID = id
		if err := im.Add(ctx, i+2, r); err != nil {
			t.Fatal(err)
		}
	}
	dups, err := im.Duplicates(ctx)
	var rows []int
	for _, d := range dups {
		rows = append(rows, d.Row)
	}
	if err != nil || fmt.Sprint(rows) != "[3 5 6]" {
		t.Fatalf("duplicates at rows %v (%v), want [3 5 6]", rows, err)
	}
}

// Closing a survey and disabling an account record when, which retention
// counts from; doing it again keeps the first time; reopening and
// enabling clear it.
func TestClosedAndDisabledTimes(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string, db *store.DB) {
		ctx := context.Background()
		sq := raw(t, dsn)
		s := mapping(t, db)
		u, err := db.AddUser(ctx, store.User{Email: "x@nhs.net", Role: auth.Analyst, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		times := func() (closed, disabled int64) {
			t.Helper()
			if err := sq.QueryRow(pgPlaceholders(`SELECT closed_at FROM surveys WHERE id = ?`, dsn), s.ID).Scan(&closed); err != nil {
				t.Fatal(err)
			}
			if err := sq.QueryRow(pgPlaceholders(`SELECT disabled_at FROM users WHERE id = ?`, dsn), u.ID).Scan(&disabled); err != nil {
				t.Fatal(err)
			}
			return
		}
		if c, d := times(); c != 0 || d != 0 {
			t.Fatalf("open and enabled: closed_at %d, disabled_at %d", c, d)
		}
		before := time.Now().Unix()
		if err := db.SetSurveyOpen(ctx, s.Slug, false); err != nil {
			t.Fatal(err)
		}
		if err := db.SetDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		c, d := times()
		if c < before || d < before {
			t.Fatalf("closed_at %d, disabled_at %d: want the time of closing, from %d", c, d, before)
		}
		// Again, a second later: the first time stands.
		sq.Exec(pgPlaceholders(`UPDATE surveys SET closed_at = closed_at - 100 WHERE id = ?`, dsn), s.ID)
		sq.Exec(pgPlaceholders(`UPDATE users SET disabled_at = disabled_at - 100 WHERE id = ?`, dsn), u.ID)
		db.SetSurveyOpen(ctx, s.Slug, false)
		db.SetDisabled(ctx, u.ID, true)
		if c2, d2 := times(); c2 != c-100 || d2 != d-100 {
			t.Fatalf("closing again moved the times: %d→%d, %d→%d", c-100, c2, d-100, d2)
		}
		db.SetSurveyOpen(ctx, s.Slug, true)
		db.SetDisabled(ctx, u.ID, false)
		if c, d := times(); c != 0 || d != 0 {
			t.Fatalf("reopened and enabled: closed_at %d, disabled_at %d", c, d)
		}
	})
}
