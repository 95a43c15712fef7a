package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrPostgresBackup is returned by Backup and Restore for a PostgreSQL
// database: pg_dump and pg_restore do that (docs/operations.md).
var ErrPostgresBackup = errors.New("staffnet backs up and restores SQLite databases; for PostgreSQL use pg_dump and pg_restore (docs/operations.md, \"Backups\")")

// ErrNotEmpty is returned by Restore when the database it would replace
// already holds tables and force is not set.
var ErrNotEmpty = errors.New("the database to restore into is not empty")

// sqlitePath returns the file of a SQLite DSN, or ErrPostgresBackup.
func sqlitePath(dsn string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return "", ErrPostgresBackup
	}
	if p := strings.TrimPrefix(dsn, "sqlite:"); p != "" {
		return p, nil
	}
	return DefaultPath, nil
}

// rawSQLite opens a SQLite file without migrating it: backup and restore
// copy files as they are, and a server may have the file open.
func rawSQLite(path string) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// Backup writes a consistent copy of the SQLite database dsn to out,
// which must not exist, while servers go on reading and writing it.
// VACUUM INTO reads one snapshot of the database (its file and its WAL),
// so the copy holds every transaction committed before it began and
// nothing of those after. The copy is made readable by its owner only and
// passes an integrity check before Backup returns.
func Backup(ctx context.Context, dsn, out string) error {
	path, err := sqlitePath(dsn)
	if err != nil {
		return err
	}
	src, err := rawSQLite(path)
	if err != nil {
		return err
	}
	defer src.Close()
	// VACUUM INTO wants a new or empty file; making it first sets its mode.
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	if _, err := src.ExecContext(ctx, `VACUUM INTO ?`, out); err != nil {
		os.Remove(out)
		return fmt.Errorf("store: backup: %w", err)
	}
	return IntegrityCheck(ctx, out)
}

// IntegrityCheck runs SQLite's integrity check on the file at path.
func IntegrityCheck(ctx context.Context, path string) error {
	db, err := rawSQLite(path)
	if err != nil {
		return err
	}
	defer db.Close()
	var msgs []string
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	err = eachRow(rows, err, func(r rowScanner) error {
		var m string
		err := r.Scan(&m)
		msgs = append(msgs, m)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: integrity check of %s: %w", path, err)
	}
	if len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("store: integrity check of %s failed: %s", path, strings.Join(msgs, "; "))
	}
	return nil
}

// tables counts the tables in a SQLite file; a missing file has none.
func tables(ctx context.Context, path string) (int, error) {
	db, err := rawSQLite(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table'`).Scan(&n)
	return n, err
}

// Restore replaces the SQLite database dsn with the backup at from. It
// refuses (ErrNotEmpty) if the database has any table, unless force. The
// backup is checked first, copied beside the database, checked again and
// then renamed over it, so a failure leaves the database as it was. No
// server may be running on the database meanwhile.
func Restore(ctx context.Context, from, dsn string, force bool) error {
	path, err := sqlitePath(dsn)
	if err != nil {
		return err
	}
	if err := IntegrityCheck(ctx, from); err != nil {
		return err
	}
	if n, err := tables(ctx, from); err != nil || n == 0 {
		return fmt.Errorf("store: %s holds no tables: not a staffnet backup (%v)", from, err)
	}
	if n, err := tables(ctx, path); err != nil {
		return err
	} else if n > 0 && !force {
		return ErrNotEmpty
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return err
		}
	}
	tmp := path + ".restoring"
	os.Remove(tmp)
	if err := Backup(ctx, "sqlite:"+from, tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	// The old WAL belongs to the old file: left beside the new one, SQLite
	// would replay it into it.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return IntegrityCheck(ctx, path)
}
