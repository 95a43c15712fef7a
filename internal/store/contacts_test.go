package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

func day(offset int) string {
	return time.Now().UTC().AddDate(0, 0, offset).Format(time.DateOnly)
}

// raw queries the database directly, as an administrator with the files
// (or superuser access) could.
func raw(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if strings.HasPrefix(dsn, "postgres") {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// eachDSN runs fn as each does, with the DSN each store was opened with.
func eachDSN(t *testing.T, fn func(t *testing.T, dsn string, db *store.DB)) {
	t.Parallel()
	open := func(t *testing.T, dsn string) *store.DB {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	t.Run("sqlite", func(t *testing.T) {
		dsn := filepath.Join(t.TempDir(), "c.db")
		fn(t, dsn, open(t, dsn))
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := storetest.PostgresDSN(t)
		fn(t, dsn, open(t, dsn))
	})
}

// Contact details are not written when they arrive, are written sealed
// and padded when spilled, and in the clear only when released after
// their day, in a batch of at least MinBatch (or after MaxHoldDays).
func TestContactLifecycle(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string, db *store.DB) {
		ctx := context.Background()
		sq := raw(t, dsn)
		count := func(table string) int {
			var n int
			if err := sq.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		key := store.NewContactKey()
		pool := db.NewContactPool(key)
		emails := []string{"A@nhs.net", "a@nhs.net", "b@nhs.net"}
		for _, e := range emails {
			if err := pool.Add(store.Contact{SurveySlug: "s", Name: "Name of " + e, Email: e, Organisation: "Org"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := pool.Add(store.Contact{SurveySlug: "s", Name: strings.Repeat("ŵ", 1100)}); err == nil {
			t.Error("details too long to seal were accepted")
		}
		if count("held_contacts") != 0 || count("contacts") != 0 {
			t.Fatal("contact details written on arrival")
		}
		if err := pool.Spill(ctx); err != nil {
			t.Fatal(err)
		}
		if pool.Held() != 0 || count("contacts") != 0 {
			t.Fatal("spill left details in memory or wrote them in the clear")
		}
		rows, err := sq.Query(`SELECT sealed FROM held_contacts`)
		if err != nil {
			t.Fatal(err)
		}
		var sizes []int
		for rows.Next() {
			var b []byte
			rows.Scan(&b)
			sizes = append(sizes, len(b))
			for _, e := range emails {
				if bytes.Contains(bytes.ToLower(b), []byte(strings.ToLower(e))) || bytes.Contains(b, []byte("Name of")) {
					t.Errorf("sealed row contains %q", e)
				}
			}
		}
		rows.Close()
		if len(sizes) != 8 || slices.Min(sizes) != slices.Max(sizes) {
			t.Fatalf("sealed rows: sizes %v, want 8 of one size (3 contacts and 5 dummies)", sizes)
		}
		// An empty spill looks like any other.
		if err := pool.Spill(ctx); err != nil || count("held_contacts") != 16 {
			t.Fatalf("empty spill: %v, %d rows", err, count("held_contacts"))
		}

		rel := store.Release{Before: day(0), MinBatch: 5, MaxHoldDays: 7}
		if out, err := db.ReleaseContacts(ctx, key, rel); err != nil || len(out) != 0 {
			t.Fatalf("released %d on the day they came (%v)", len(out), err)
		}
		rel.Before = day(1)
		if out, err := db.ReleaseContacts(ctx, key, rel); err != nil || len(out) != 0 || count("contacts") != 0 {
			t.Fatalf("released a batch of %d, fewer than 5 (%v)", len(out), err)
		}
		rel.Before = day(8) // the oldest has waited 7 days: go anyway
		out, err := db.ReleaseContacts(ctx, key, rel)
		if err != nil || len(out) != 3 {
			t.Fatalf("released %d, %v", len(out), err)
		}
		if count("held_contacts") != 0 || count("contacts") != 3 {
			t.Fatalf("after release: %d held, %d contacts", count("held_contacts"), count("contacts"))
		}
		list, _ := db.Contacts(ctx, "s")
		if len(list) != 3 || list[2].Email != "b@nhs.net" || list[2].Name != "Name of b@nhs.net" || list[2].Organisation != "Org" {
			t.Fatalf("contacts %+v", list)
		}
		n, err := db.DeleteContacts(ctx, "a@NHS.net", nil)
		if err != nil || n != 2 {
			t.Fatalf("deleted %d, err %v", n, err)
		}
		if left, _ := db.Contacts(ctx, ""); len(left) != 1 || left[0].Email != "b@nhs.net" {
			t.Fatalf("left %+v", left)
		}
	})
}

// A request to delete someone's details reaches held rows too when the
// key is at hand; rows sealed under another key are left to that key's
// server until no server could still hold them.
func TestHeldContactsDeleteAndOrphans(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		k1, k2 := store.NewContactKey(), store.NewContactKey()
		p1, p2 := db.NewContactPool(k1), db.NewContactPool(k2)
		p1.Add(store.Contact{SurveySlug: "s", Email: "gone@nhs.net"})
		p1.Add(store.Contact{SurveySlug: "s", Email: "kept@nhs.net"})
		p2.Add(store.Contact{SurveySlug: "s", Email: "other@nhs.net"})
		if err := p1.Spill(ctx); err != nil {
			t.Fatal(err)
		}
		if err := p2.Spill(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := db.DeleteContacts(ctx, "GONE@nhs.net", nil); err != nil || n != 0 {
			t.Fatalf("without the key: deleted %d, %v", n, err)
		}
		if n, err := db.DeleteContacts(ctx, "GONE@nhs.net", k1); err != nil || n != 1 {
			t.Fatalf("with the key: deleted %d, %v", n, err)
		}
		out, err := db.ReleaseContacts(ctx, k1, store.Release{Before: day(1)})
		if err != nil || len(out) != 1 || out[0].Email != "kept@nhs.net" {
			t.Fatalf("release with k1: %+v, %v", out, err)
		}
		if n, _ := db.HeldContacts(ctx); n != 8 {
			t.Fatalf("%d rows held, want k2's 8 left", n)
		}
		if out, err := db.ReleaseContacts(ctx, k1, store.Release{Before: day(3), MaxHoldDays: 1}); err != nil || len(out) != 0 {
			t.Fatalf("k1 released k2's rows: %+v, %v", out, err)
		}
		if n, _ := db.HeldContacts(ctx); n != 0 {
			t.Fatalf("%d orphaned rows kept past the longest hold", n)
		}
	})
}

// The order contacts are written in is the order Shuffle gives them, not
// the order they arrived in: on SQLite the order of the cells in the
// table's page, on PostgreSQL the heap order.
func TestReleaseOrderReachesTheFile(t *testing.T) {
	eachDSN(t, func(t *testing.T, dsn string, db *store.DB) {
		ctx := context.Background()
		key := store.NewContactKey()
		pool := db.NewContactPool(key)
		var arrived []string
		for i := range 8 {
			e := fmt.Sprintf("person%d@example.nhs.uk", i)
			arrived = append(arrived, e)
			pool.Add(store.Contact{SurveySlug: "s", Name: "N", Email: e})
		}
		if err := pool.Spill(ctx); err != nil {
			t.Fatal(err)
		}
		backwards := func(cs []store.Contact) {
			slices.SortFunc(cs, func(a, b store.Contact) int { return strings.Compare(b.Email, a.Email) })
		}
		out, err := db.ReleaseContacts(ctx, key, store.Release{Before: day(1), Shuffle: backwards})
		if err != nil || len(out) != 8 {
			t.Fatalf("released %d, %v", len(out), err)
		}
		var released []string
		for _, c := range out {
			released = append(released, c.Email)
		}
		var written []string
		if db.Postgres() {
			rows, err := raw(t, dsn).Query(`SELECT email FROM contacts ORDER BY ctid`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var e string
				rows.Scan(&e)
				written = append(written, e)
			}
			rows.Close()
		} else {
			// Released contacts are checkpointed into the database file.
			// SQLite fills a page's cells from its end backwards, so the
			// first written is the furthest in.
			b, err := os.ReadFile(dsn)
			if err != nil {
				t.Fatal(err)
			}
			if wal, _ := os.ReadFile(dsn + "-wal"); len(wal) != 0 {
				t.Fatalf("WAL not truncated after release: %d bytes", len(wal))
			}
			at := map[string]int{}
			for _, e := range arrived {
				if at[e] = bytes.Index(b, []byte(e)); at[e] < 0 || bytes.Count(b, []byte(e)) != 1 {
					t.Fatalf("%s found %d times in the file", e, bytes.Count(b, []byte(e)))
				}
			}
			written = slices.Clone(arrived)
			slices.SortFunc(written, func(a, b string) int { return at[b] - at[a] })
		}
		if !slices.Equal(written, released) {
			t.Errorf("written in the order %q, released %q", written, released)
		}
		if slices.Equal(written, arrived) {
			t.Errorf("written in arrival order")
		}
	})
}

// A spill larger than one statement's parameters allow still goes in one
// transaction, padded.
func TestSpillMany(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	pool := db.NewContactPool(store.NewContactKey())
	for i := range 1001 {
		pool.Add(store.Contact{SurveySlug: "s", Email: fmt.Sprintf("p%d@nhs.net", i)})
	}
	if err := pool.Spill(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, err := db.HeldContacts(context.Background()); err != nil || n != 1008 {
		t.Fatalf("%d rows held, want 1008 (%v)", n, err)
	}
}

// Rows held before Release.Since are deleted, never released, whatever
// the batch; a Final release deletes every row its key opens that it does
// not release, today's too, and leaves other keys' rows alone.
func TestReleaseSinceAndFinal(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		k1, k2 := store.NewContactKey(), store.NewContactKey()
		p1, p2 := db.NewContactPool(k1), db.NewContactPool(k2)
		for i := range 6 {
			p1.Add(store.Contact{SurveySlug: "s", Email: fmt.Sprintf("p%d@nhs.net", i)})
		}
		p2.Add(store.Contact{SurveySlug: "s", Email: "other@nhs.net"})
		if err := p1.Spill(ctx); err != nil {
			t.Fatal(err)
		}
		if err := p2.Spill(ctx); err != nil {
			t.Fatal(err)
		}
		out, err := db.ReleaseContacts(ctx, k1, store.Release{Before: day(1), Since: day(1), MinBatch: 5})
		if err != nil || len(out) != 0 {
			t.Fatalf("released %d held before Since (%v)", len(out), err)
		}
		if n, _ := db.HeldContacts(ctx); n != 8 {
			t.Fatalf("%d rows held, want k2's 8", n)
		}
		p1.Add(store.Contact{SurveySlug: "s", Email: "today@nhs.net"})
		if err := p1.Spill(ctx); err != nil {
			t.Fatal(err)
		}
		out, err = db.ReleaseContacts(ctx, k1, store.Release{Before: day(0), MinBatch: 5, Final: true})
		if err != nil || len(out) != 0 {
			t.Fatalf("final release of today: %d, %v", len(out), err)
		}
		if n, _ := db.HeldContacts(ctx); n != 8 {
			t.Fatalf("%d rows held after the final release, want k2's 8", n)
		}
		if cs, _ := db.Contacts(ctx, ""); len(cs) != 0 {
			t.Fatalf("%d contacts released", len(cs))
		}
	})
}
