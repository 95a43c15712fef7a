package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

// On PostgreSQL an import skips the foreign key check of every row it
// copies (see skipRowTriggers) and instead locks its survey once, as that
// check would: the survey cannot be deleted or renumbered under the rows
// until the import ends. Skipping row triggers skips nothing else only as
// long as responses has none of its own, which this test also checks.
func TestImportLocksSurveyOnPostgres(t *testing.T) {
	t.Parallel()
	db, raw := storetest.PostgresSQL(t)
	ctx := context.Background()
	s := mapping(t, db)
	var triggers int
	if err := raw.QueryRow(`SELECT count(*) FROM pg_trigger WHERE tgrelid = 'responses'::regclass AND NOT tgisinternal`).Scan(&triggers); err != nil || triggers != 0 {
		t.Fatalf("responses has %d triggers of its own (%v): an import would skip them", triggers, err)
	}
	im := importOne(t, db, s, "locked1")
	if dups, err := im.Duplicates(ctx); err != nil || len(dups) > 0 { // copies the row
		t.Fatalf("%v %v", dups, err)
	}
	// FOR UPDATE is the lock a DELETE takes; NOWAIT fails at once if the
	// import holds the survey.
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	_, err = tx.Exec(`SELECT 1 FROM surveys WHERE id = $1 FOR UPDATE NOWAIT`, s.ID)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "55P03" {
		t.Fatalf("locking the survey during an import: %v, want lock_not_available", err)
	}
	tx.Rollback()
	if n, err := im.Commit(ctx); err != nil || n != 1 {
		t.Fatalf("commit: %d %v", n, err)
	}
	if n, _ := db.CountResponses(ctx, s.ID); n != 1 {
		t.Fatalf("%d responses stored, want 1", n)
	}
}

// A database role that may not set session_replication_role still
// imports: the foreign key is then checked row by row, as before.
func TestImportWithoutReplicaRoleOnPostgres(t *testing.T) {
	t.Parallel()
	dsn := storetest.PostgresDSN(t)
	ctx := context.Background()
	admin, err := store.Open(ctx, dsn) // migrates as the superuser
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	s := mapping(t, admin)
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	role := schema + "_importer"
	sq, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE ROLE %[1]s LOGIN`, `GRANT USAGE, CREATE ON SCHEMA %[2]s TO %[1]s`,
		`GRANT ALL ON ALL TABLES IN SCHEMA %[2]s TO %[1]s`, `GRANT ALL ON ALL SEQUENCES IN SCHEMA %[2]s TO %[1]s`} {
		if _, err := sq.Exec(fmt.Sprintf(q, role, schema)); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { // roles outlive the test's schema
		sq.Exec(`DROP OWNED BY ` + role)
		if _, err := sq.Exec(`DROP ROLE ` + role); err != nil {
			t.Errorf("dropping role %s: %v", role, err)
		}
		sq.Close()
	})
	u.User = url.User(role)
	db, err := store.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	im := importOne(t, db, s, "checked1")
	if n, err := im.Commit(ctx); err != nil || n != 1 {
		t.Fatalf("commit as a role without the setting: %d %v", n, err)
	}
}

// importOne begins an import into s and adds one response with id id; the
// import is rolled back at the end of the test unless committed.
func importOne(t *testing.T, db *store.DB, s *store.Survey, id string) *store.Importer {
	t.Helper()
	ctx := context.Background()
	im, err := db.BeginImport(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(im.Rollback)
	r := s.Def.NewResponse()
	r.ID, r.SubmittedOn = id, "2016-05-01"
	if err := im.Add(ctx, 2, r); err != nil {
		t.Fatal(err)
	}
	return im
}
