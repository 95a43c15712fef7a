package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"staffnet/internal/store"
)

// state is everything a test could read from a schema's tables: every
// table's rows and every sequence's position.
func state(t *testing.T, raw *sql.DB) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for _, q := range []struct{ list, read string }{
		{`SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`, `SELECT coalesce(json_agg(t)::text, '') FROM %q t`},
		{`SELECT relname FROM pg_class WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace`, `SELECT last_value || ',' || is_called FROM %q`},
	} {
		rows, err := raw.QueryContext(ctx, q.list)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for rows.Next() {
			var n string
			rows.Scan(&n)
			names = append(names, n)
		}
		rows.Close()
		for _, n := range names {
			var v string
			if err := raw.QueryRowContext(ctx, fmt.Sprintf(q.read, n)).Scan(&v); err != nil {
				t.Fatal(err)
			}
			out[n] = v
		}
	}
	if len(out) < 50 {
		t.Fatalf("only %d tables and sequences: %v", len(out), out)
	}
	return out
}

func schemaOf(t *testing.T, raw *sql.DB) string {
	t.Helper()
	var s string
	if err := raw.QueryRow(`SELECT current_schema()`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// A schema a test has written to comes back from the pool exactly as a
// freshly migrated one: the same rows in every table (the migrations'
// own, and no others) and every sequence where migration left it.
func TestPoolSchemaAsNew(t *testing.T) {
	ctx := context.Background()
	var fresh map[string]string
	t.Run("fresh", func(t *testing.T) {
		dsn := PostgresDSN(t)
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		raw, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		fresh = state(t, raw)
	})
	var used string
	t.Run("write", func(t *testing.T) {
		_, raw := PostgresSQL(t)
		used = schemaOf(t, raw)
		for _, q := range []string{
			`INSERT INTO audit_log (at, actor, action, target) VALUES (1, 'a', 'b', 'c'), (2, 'a', 'b', 'c')`,
			`UPDATE purge_runs SET at = 99`,
			`INSERT INTO purge_runs (name, at) VALUES ('extra', 5)`,
		} {
			if _, err := raw.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		if s := state(t, raw); s["audit_log"] == fresh["audit_log"] || s["purge_runs"] == fresh["purge_runs"] {
			t.Fatal("the writes changed nothing")
		}
	})
	t.Run("reused", func(t *testing.T) {
		_, raw := PostgresSQL(t)
		if s := schemaOf(t, raw); s != used {
			t.Fatalf("got schema %s, not %s from the pool", s, used)
		}
		got := state(t, raw)
		for n, want := range fresh {
			if got[n] != want {
				t.Errorf("%s: %q, fresh %q", n, got[n], want)
			}
		}
		if len(got) != len(fresh) {
			t.Errorf("%d tables and sequences, fresh %d", len(got), len(fresh))
		}
	})
}

// A schema whose structure a test changed is dropped, never reused.
func TestPoolDropsChangedSchema(t *testing.T) {
	var changed string
	var raw *sql.DB
	t.Run("alter", func(t *testing.T) {
		_, r := PostgresSQL(t)
		changed = schemaOf(t, r)
		if _, err := r.Exec(`ALTER TABLE audit_log ADD COLUMN extra INTEGER`); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("next", func(t *testing.T) {
		_, raw = PostgresSQL(t)
		if s := schemaOf(t, raw); s == changed {
			t.Fatalf("the altered schema %s was handed out again", s)
		}
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM pg_namespace WHERE nspname = $1`, changed).Scan(&n); err != nil || n != 0 {
			t.Errorf("the altered schema %s is still there (%d, %v)", changed, n, err)
		}
	})
}
