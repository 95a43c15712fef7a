// Package store keeps staffnet's data in SQLite (the embedded default) or
// PostgreSQL, behind one API and one set of migrations. It is thin: it
// moves domain values in and out of tables and decides nothing.
//
// Migrations (migrations/NNNN_name.sql) are one file for both engines.
// Small differences are placeholders that dialect replaces ({{id}},
// {{blob}}, {{without_rowid}}). Where the engines need different DDL
// altogether (full-text search: an FTS5 virtual table on SQLite, a
// tsvector column on PostgreSQL), a line "-- sqlite:" or "-- postgres:"
// starts a part that only that engine runs, up to the next such line or
// "-- both:", which returns to shared SQL (see engineSQL).
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// DefaultPath is the SQLite file used when no database is named.
const DefaultPath = "staffnet.db"

// DB is an open database.
type DB struct {
	sql   *sql.DB
	pg    bool
	defs  sync.Map // content hash → parsed *survey.Definition; see scanSurvey
	stmts sync.Map // query → *sql.Stmt, for the queries every page runs
}

// stmt returns a prepared statement for a hot query (written with ?
// placeholders), preparing it once. SQLite otherwise parses the SQL on
// every call, which showed up in profiles of the survey pages.
func (db *DB) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := db.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.sql.PrepareContext(ctx, db.q(query))
	if err != nil {
		return nil, err
	}
	if prev, loaded := db.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// Open connects to the database named by dsn and applies migrations:
// "" for DefaultPath, a file path or sqlite:PATH for SQLite, postgres://…
// or postgresql://… for PostgreSQL.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db, err := open(dsn)
	if err != nil {
		return nil, err
	}
	if err := db.sql.PingContext(ctx); err != nil {
		db.sql.Close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	if err := db.migrate(ctx); err != nil {
		db.sql.Close()
		return nil, err
	}
	return db, nil
}

func open(dsn string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
		s.SetMaxOpenConns(20)
		s.SetMaxIdleConns(20)
		s.SetConnMaxIdleTime(5 * time.Minute)
		return &DB{sql: s, pg: true}, nil
	}
	path := strings.TrimPrefix(dsn, "sqlite:")
	if path == "" {
		path = DefaultPath
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	if err := createSQLite(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	// 8 KiB pages: a new database's responses table, keyed by random ids,
	// takes imports about 10% faster than with the 4 KiB default
	// (docs/performance.md). Existing files keep their page size.
	for _, p := range []string{"page_size(8192)", "journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	s, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	s.SetMaxOpenConns(8)
	s.SetMaxIdleConns(8)
	return &DB{sql: s}, nil
}

// createSQLite makes a new database file with 8 KiB pages. The page size
// must be fixed before the file is switched to WAL: opening a new file with
// page_size and journal_mode pragmas together leaves it at 4 KiB.
func createSQLite(path string) error {
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	s, err := sql.Open("sqlite", "file:"+path+"?_pragma=page_size(8192)")
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer s.Close()
	if _, err := s.Exec("VACUUM"); err != nil {
		return fmt.Errorf("store: creating %s: %w", path, err)
	}
	return nil
}

// Close closes the database.
func (db *DB) Close() error {
	db.stmts.Range(func(_, st any) bool { st.(*sql.Stmt).Close(); return true })
	return db.sql.Close()
}

// Postgres reports whether db is PostgreSQL.
func (db *DB) Postgres() bool { return db.pg }

// Ping checks the connection, for health checks.
func (db *DB) Ping(ctx context.Context) error { return db.sql.PingContext(ctx) }

// q rewrites ?-placeholders for PostgreSQL. Queries in this package never
// contain a literal question mark.
func (db *DB) q(query string) string {
	if !db.pg {
		return query
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// lockTable takes table's write lock in tx before anything is read, so
// that transactions which read and then write it run one after another.
// PostgreSQL: a lock mode that conflicts with itself but not with
// readers. SQLite: any write statement takes the database's single write
// lock.
func (db *DB) lockTable(ctx context.Context, tx *sql.Tx, table string) error {
	lock := `UPDATE ` + table + ` SET id = id WHERE 1 = 0`
	if db.pg {
		lock = `LOCK TABLE ` + table + ` IN SHARE ROW EXCLUSIVE MODE`
	}
	_, err := tx.ExecContext(ctx, lock)
	return err
}

// forUpdate ends a SELECT whose rows the transaction will change: on
// PostgreSQL it locks them against other transactions until the commit;
// SQLite has one writer at a time and no such clause.
func (db *DB) forUpdate() string {
	if db.pg {
		return " FOR UPDATE"
	}
	return ""
}

//go:embed migrations/*.sql
var migrationsFS embed.FS

func (db *DB) dialect(s string) string {
	r := strings.NewReplacer(
		"{{id}}", "INTEGER PRIMARY KEY",
		"{{blob}}", "BLOB",
		"{{without_rowid}}", "WITHOUT ROWID",
	)
	if db.pg {
		r = strings.NewReplacer(
			"{{id}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
			"{{blob}}", "BYTEA",
			"{{without_rowid}}", "",
		)
	}
	return r.Replace(s)
}

// engineSQL keeps the parts of a migration that this engine runs: lines
// after "-- sqlite:" only on SQLite, after "-- postgres:" only on
// PostgreSQL, after "-- both:" (and before any marker) on both.
func (db *DB) engineSQL(s string) string {
	var b strings.Builder
	keep := true
	for _, line := range strings.SplitAfter(s, "\n") {
		switch strings.TrimSpace(line) {
		case "-- sqlite:":
			keep = !db.pg
			continue
		case "-- postgres:":
			keep = db.pg
			continue
		case "-- both:":
			keep = true
			continue
		}
		if keep {
			b.WriteString(line)
		}
	}
	return b.String()
}

// migrate applies every embedded migration not yet applied, each in its own
// transaction. On PostgreSQL an advisory lock keeps two starting servers
// from migrating one schema at once; it is keyed on the schema so that
// servers (and tests) on other schemas of the same database do not wait.
func (db *DB) migrate(ctx context.Context) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if db.pg {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7463021, hashtext(current_schema()))`); err != nil {
			return fmt.Errorf("store: migration lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(7463021, hashtext(current_schema()))`)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	applied := map[int]bool{}
	rows, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	names, _ := fs.Glob(migrationsFS, "migrations/*.sql")
	sort.Strings(names)
	for _, name := range names {
		v, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("store: migration %s: bad name", name)
		}
		if applied[v] {
			continue
		}
		body, _ := migrationsFS.ReadFile(name)
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.dialect(db.engineSQL(string(body)))); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO schema_migrations (version) VALUES (?)`), v); err != nil {
			tx.Rollback()
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("store: migration %s: %w", name, err)
		}
	}
	return nil
}

// Today is the date stored with a new response: the day only.
func Today() string { return time.Now().UTC().Format(time.DateOnly) }

// tx runs fn in a transaction, committing if it returns nil.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	return runTx(ctx, db.sql, nil, fn)
}

// readTx runs fn in a read-only transaction, for a read of several
// queries. On SQLite it begins deferred, so it does not take the write
// lock that tx's transactions take at their start (_txlock=immediate):
// many readers go at once, writers do not wait for them, and the reads
// see one state of the data. On PostgreSQL, at READ COMMITTED like tx,
// each query sees the data as of its own start.
func (db *DB) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	return runTx(ctx, db.sql, &sql.TxOptions{ReadOnly: true}, fn)
}

// txBeginner is what a transaction is begun on: the pool (*sql.DB) or one
// connection of it (*sql.Conn), for work that needs the connection too.
type txBeginner interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}

// runTx runs fn in a transaction begun on b with opts, committing if it
// returns nil and rolling back otherwise.
func runTx(ctx context.Context, b txBeginner, opts *sql.TxOptions, fn func(*sql.Tx) error) error {
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Stats reports the connection pool's use, for metrics.
func (db *DB) Stats() sql.DBStats { return db.sql.Stats() }
