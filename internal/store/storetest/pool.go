package storetest

// Migrated PostgreSQL schemas, reused. Migrating a new schema costs the
// server about half a CPU-second and the test half a second of waiting,
// and the suite opens hundreds; emptying a schema a test has finished
// with costs a twentieth of that. Postgres and PostgresSQL take a schema
// from this pool; PostgresDSN still creates an empty one, for tests of
// migration itself.
//
// A schema goes back to the pool only as it was when freshly migrated:
// its catalog must match the first fresh schema's exactly (tables,
// columns, defaults, constraints, indexes, triggers, functions, types and
// the migrations applied), or it is dropped; every table but
// schema_migrations is emptied; the rows the migrations insert are put
// back; every sequence is set back to where migration left it. So a test
// cannot tell a reused schema from a new one.
//
// Each test process holds a PostgreSQL advisory lock for its pool while
// it runs. A process cannot drop its schemas as it exits, so the next
// process to start a pool drops the schemas of every pool whose lock is
// free: their process has ended.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// poolLock is the first key of the advisory lock a process holds for its
// pool (the second is hashtext of the pool's id); store's migration lock
// is 7463021.
const poolLock = 7463022

var pool struct {
	once  sync.Once
	err   error
	admin *sql.DB
	id    string // schemas are named tp_<id>_<n>

	mu   sync.Mutex
	n    int
	free []string
	snap *snapshot
}

// snapshot is a freshly migrated schema as reset restores it.
type snapshot struct {
	catalog string
	tables  []string          // every table but schema_migrations
	seeds   map[string]string // table → the rows migration inserted, as JSON
	seqs    map[string]position
}

// position is where a sequence stands, as setval takes it.
type position struct {
	last   int64
	called bool
}

func startPool() {
	ctx := context.Background()
	admin, err := sql.Open("pgx", PostgresURL())
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		pool.err = err
		return
	}
	b := make([]byte, 5)
	rand.Read(b)
	pool.admin, pool.id = admin, hex.EncodeToString(b)
	// The lock lives as long as this connection, which is never returned:
	// as long as the process.
	conn, err := admin.Conn(ctx)
	if err == nil {
		_, err = conn.ExecContext(ctx, `SELECT pg_advisory_lock($1, hashtext($2))`, poolLock, pool.id)
	}
	if err != nil {
		pool.err = err
		return
	}
	// Schemas of ended pools: those whose process no longer holds the lock.
	rows, err := conn.QueryContext(ctx, `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tp\_%'`)
	if err != nil {
		pool.err = err
		return
	}
	byPool := map[string][]string{}
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			if id := strings.Split(name, "_")[1]; id != pool.id {
				byPool[id] = append(byPool[id], name)
			}
		}
	}
	rows.Close()
	for id, schemas := range byPool {
		var ended bool
		if conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1, hashtext($2))`, poolLock, id).Scan(&ended); !ended {
			continue
		}
		for _, schema := range schemas {
			conn.ExecContext(ctx, fmt.Sprintf(`DROP SCHEMA %q CASCADE`, schema))
		}
		conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1, hashtext($2))`, poolLock, id)
	}
}

// migratedDSN returns a DSN for a schema from the pool, and whether the
// schema is new, to be migrated by store.Open; the schema goes back to
// the pool when the test ends.
func migratedDSN(t testing.TB) (dsn, schema string, fresh bool) {
	t.Helper()
	pool.once.Do(startPool)
	if pool.err != nil {
		unreachable(t, pool.err)
	}
	pool.mu.Lock()
	if n := len(pool.free); n > 0 {
		schema, pool.free = pool.free[n-1], pool.free[:n-1]
	} else {
		pool.n++
		schema, fresh = fmt.Sprintf("tp_%s_%d", pool.id, pool.n), true
	}
	pool.mu.Unlock()
	if fresh {
		if _, err := pool.admin.Exec(fmt.Sprintf(`CREATE SCHEMA %q`, schema)); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { recycle(schema) })
	return schemaDSN(t, schema), schema, fresh
}

// recycle empties schema back to its freshly migrated state and returns it
// to the pool, or drops it if that cannot be done.
func recycle(schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := reset(ctx, schema); err != nil {
		pool.admin.ExecContext(ctx, fmt.Sprintf(`DROP SCHEMA %q CASCADE`, schema))
		return
	}
	pool.mu.Lock()
	pool.free = append(pool.free, schema)
	pool.mu.Unlock()
}

func reset(ctx context.Context, schema string) error {
	pool.mu.Lock()
	s := pool.snap
	pool.mu.Unlock()
	if s == nil {
		return errors.New("no snapshot of a fresh schema")
	}
	tx, err := pool.admin.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Replica mode: no foreign key or trigger fires while emptying.
	if _, err := tx.ExecContext(ctx, `SELECT set_config('search_path', $1, true), set_config('lock_timeout', '5s', true),
		set_config('session_replication_role', 'replica', true)`, fmt.Sprintf("%q", schema)); err != nil {
		return err
	}
	if c, err := catalog(ctx, tx, schema); err != nil || c != s.catalog {
		return fmt.Errorf("schema %s changed: %v", schema, err)
	}
	var del strings.Builder
	for _, tb := range s.tables {
		fmt.Fprintf(&del, "DELETE FROM %q;\n", tb)
	}
	if _, err := tx.ExecContext(ctx, del.String()); err != nil {
		return err
	}
	for tb, rows := range s.seeds {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %[1]q OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::%[1]q, $1::json)`, tb), rows); err != nil {
			return err
		}
	}
	for seq, p := range s.seqs {
		if _, err := tx.ExecContext(ctx, `SELECT setval($1::regclass, $2, $3)`, fmt.Sprintf("%q", seq), p.last, p.called); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// snap records schema, freshly migrated, as the state reset restores; the
// first fresh schema of the process does.
func snap(t testing.TB, schema string) {
	t.Helper()
	pool.mu.Lock()
	done := pool.snap != nil
	pool.mu.Unlock()
	if done {
		return
	}
	ctx := context.Background()
	tx, err := pool.admin.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	s := &snapshot{seeds: map[string]string{}, seqs: map[string]position{}}
	if _, err = tx.ExecContext(ctx, `SELECT set_config('search_path', $1, true)`, fmt.Sprintf("%q", schema)); err == nil {
		s.catalog, err = catalog(ctx, tx, schema)
	}
	if err == nil {
		s.tables, err = names(ctx, tx, `SELECT tablename FROM pg_tables WHERE schemaname = $1 AND tablename <> 'schema_migrations' ORDER BY 1`, schema)
	}
	for _, tb := range s.tables {
		var rows sql.NullString
		if err == nil {
			err = tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT json_agg(t) FROM %q t`, tb)).Scan(&rows)
		}
		if rows.Valid {
			s.seeds[tb] = rows.String
		}
	}
	var seqs []string
	if err == nil {
		seqs, err = names(ctx, tx, `SELECT relname FROM pg_class WHERE relkind = 'S' AND relnamespace = $1::regnamespace`, schema)
	}
	for _, seq := range seqs {
		var p position
		if err == nil {
			err = tx.QueryRowContext(ctx, fmt.Sprintf(`SELECT last_value, is_called FROM %q`, seq)).Scan(&p.last, &p.called)
		}
		s.seqs[seq] = p
	}
	if err != nil {
		t.Fatalf("snapshot of a fresh schema: %v", err)
	}
	pool.mu.Lock()
	if pool.snap == nil {
		pool.snap = s
	}
	pool.mu.Unlock()
}

// catalog describes everything in schema that a migration creates, with
// names relative to it (the search path is set to it), so that two
// schemas migrated alike describe alike.
func catalog(ctx context.Context, tx *sql.Tx, schema string) (string, error) {
	var c string
	err := tx.QueryRowContext(ctx, `SELECT md5(string_agg(x, E'\n' ORDER BY x)) FROM (
		SELECT 'c ' || c.relname || ' ' || c.relkind::text || ' ' || coalesce(string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) ||
			' ' || a.attnotnull || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), ''), ', ' ORDER BY a.attnum), '') AS x
		FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
		LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
		WHERE c.relnamespace = $1::regnamespace GROUP BY c.relname, c.relkind
		UNION ALL SELECT 'k ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = $1::regnamespace
		UNION ALL SELECT 'i ' || replace(pg_get_indexdef(indexrelid), ' ON ' || $1::regnamespace::text || '.', ' ON ') FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = $1::regnamespace
		UNION ALL SELECT 't ' || pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = $1::regnamespace AND NOT t.tgisinternal
		UNION ALL SELECT 'f ' || p.oid::regprocedure || ' ' || md5(p.prosrc) FROM pg_proc p WHERE p.pronamespace = $1::regnamespace
		UNION ALL SELECT 'y ' || typname || ' ' || typtype::text FROM pg_type WHERE typnamespace = $1::regnamespace AND typtype NOT IN ('c', 'b')
		UNION ALL SELECT 'm ' || string_agg(version::text, ',' ORDER BY version) FROM schema_migrations) s`, schema).Scan(&c)
	return c, err
}

func names(ctx context.Context, tx *sql.Tx, q, schema string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, schema)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
