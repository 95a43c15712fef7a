package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"staffnet/internal/store"
)

func init() {
	register("backup", command{usage: "--out FILE [--db DSN]",
		help: "copy a SQLite database consistently while serve runs (PostgreSQL: pg_dump, see docs/operations.md)", run: backup})
	register("restore", command{usage: "[--force] [--db DSN] FILE",
		help: "replace a SQLite database with a backup (refused over a database with tables unless --force); stop serve first", run: restore})
}

// dbSetting resolves --db (or STAFFNET_DB) without opening the database:
// backup and restore copy files, and must not migrate them.
func dbSetting(e *env, dsn string) string {
	if dsn == "" {
		dsn = e.getenv("STAFFNET_DB")
	}
	return dsn
}

func backup(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("backup", e)
	out := fs.String("out", "", "the backup file to write (must not exist)")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 || *out == "" {
		return usageError{"say where the backup goes: --out FILE"}
	}
	if err := store.Backup(ctx, dbSetting(e, *dsn), *out); err != nil {
		return err
	}
	fi, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Backed up to %s (%d bytes); integrity check: ok.\n", *out, fi.Size())
	return nil
}

func restore(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("restore", e)
	force := fs.Bool("force", false, "replace a database that has tables")
	from, err := one(fs, args, "name the backup file to restore")
	if err != nil {
		return err
	}
	to := dbSetting(e, *dsn)
	err = store.Restore(ctx, from, to, *force)
	if errors.Is(err, store.ErrNotEmpty) {
		return fmt.Errorf("%w: add --force to replace it (stop every serve on it first)", err)
	}
	if err != nil {
		return err
	}
	if to == "" {
		to = store.DefaultPath
	}
	fmt.Fprintf(e.stdout, "Restored %s from %s; integrity check: ok. serve applies any newer migrations when it starts.\n", to, from)
	return nil
}
