package store_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"staffnet/internal/demo"
	"staffnet/internal/store"
	"staffnet/internal/survey"
)

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
