// Package storetest opens real databases for tests: a fresh SQLite file,
// and a PostgreSQL schema when a server is reachable, migrated and as good
// as new (reused from a pool, see pool.go) or, from PostgresDSN, empty.
//
// PostgreSQL is found through STAFFNET_TEST_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable). When it cannot
// be reached the PostgreSQL half of a test is skipped, unless
// STAFFNET_REQUIRE_POSTGRES=1 (as .ci/run sets), when it fails.
//
// Importing storetest also makes auth.HashPassword hash at auth.TestCost,
// so that test accounts cost microseconds, not a third of a second and
// 64 MiB each. internal/auth's own tests keep the production cost.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/store"
)

func init() {
	if testing.Testing() { // never in a binary that imports storetest by mistake
		auth.HashCost = auth.TestCost
	}
}

// PostgresURL is the server tests use.
func PostgresURL() string {
	if u := os.Getenv("STAFFNET_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// SQLite opens a fresh SQLite database in a temporary directory.
func SQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "staffnet.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// PostgresDSN creates an empty schema on the test server and returns a DSN
// whose connections use it; the schema is dropped when the test ends. It
// skips (or fails, when required) if the server is unreachable.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	admin, err := sql.Open("pgx", PostgresURL())
	if err == nil {
		err = admin.PingContext(context.Background())
	}
	if err != nil {
		if admin != nil {
			admin.Close()
		}
		unreachable(t, err)
	}
	schema := "t_" + strings.ToLower(auth.NewToken()[:12])
	schema = strings.NewReplacer("-", "_").Replace(schema)
	if _, err := admin.Exec(fmt.Sprintf(`CREATE SCHEMA %q`, schema)); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec(fmt.Sprintf(`DROP SCHEMA %q CASCADE`, schema))
		admin.Close()
	})
	return schemaDSN(t, schema)
}

// unreachable skips the test, or fails it when PostgreSQL is required.
func unreachable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("STAFFNET_REQUIRE_POSTGRES") == "1" {
		t.Fatalf("PostgreSQL is required but unreachable at %s: %v", PostgresURL(), err)
	}
	t.Skipf("PostgreSQL unreachable at %s (set STAFFNET_TEST_POSTGRES): %v", PostgresURL(), err)
}

// schemaDSN is the test server's DSN with connections confined to schema.
func schemaDSN(t testing.TB, schema string) string {
	t.Helper()
	u, err := url.Parse(PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	// Test sessions commit without waiting for the disk: the store commits
	// many small transactions (a migration each, demo data row by row) and
	// on a test machine that wait is most of their time. What a commit
	// makes visible, and when, is unchanged; only a crash of the server
	// could lose the last commits.
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

// Postgres opens a migrated PostgreSQL schema, as good as new, from the
// pool (pool.go).
func Postgres(t testing.TB) *store.DB {
	t.Helper()
	db, _ := PostgresSQL(t)
	return db
}

// MigratedDSN returns a DSN for a migrated PostgreSQL schema from the
// pool, as good as new (see Postgres), for a test that hands the DSN to
// something else, such as a staffnet process.
func MigratedDSN(t testing.TB) string {
	t.Helper()
	db, dsn := openMigrated(t)
	db.Close()
	return dsn
}

// PostgresSQL opens a migrated PostgreSQL schema (see Postgres) as a
// store and also as a plain database/sql handle on the same schema, for
// looking at what the store does not show (locks, the catalog).
func PostgresSQL(t testing.TB) (*store.DB, *sql.DB) {
	t.Helper()
	db, dsn := openMigrated(t)
	t.Cleanup(func() { db.Close() })
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return db, raw
}

// openMigrated opens a schema from the pool as a store, migrating it if
// it is new, and returns its DSN.
func openMigrated(t testing.TB) (*store.DB, string) {
	t.Helper()
	dsn, schema, fresh := migratedDSN(t)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if fresh {
		snap(t, schema)
	}
	return db, dsn
}

// Each runs fn as a subtest on SQLite and on PostgreSQL.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// EachBench runs fn as a sub-benchmark on SQLite and on PostgreSQL.
func EachBench(b *testing.B, fn func(b *testing.B, db *store.DB)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { fn(b, Postgres(b)) })
}
