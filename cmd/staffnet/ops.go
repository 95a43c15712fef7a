package main

// The verbs that keep a running installation: backup, restore and
// retention (docs/operations.md).

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"staffnet/internal/store"
)

// retentionPolicy reads the retention settings: whole days, 0 to keep.
func retentionPolicy(cfg *config) (store.Retention, error) {
	var p store.Retention
	for _, f := range []struct {
		flag string
		dst  *time.Duration
	}{{"retain-contacts-days", &p.Contacts}, {"retain-leavers-days", &p.Leavers}, {"retain-audit-days", &p.Audit}} {
		n, err := strconv.Atoi(cfg.get(f.flag))
		if err != nil || n < 0 || n > 100*366 {
			return p, usageError{fmt.Sprintf("--%s %q: want a whole number of days (0 keeps for ever)", f.flag, cfg.get(f.flag))}
		}
		*f.dst = time.Duration(n) * 24 * time.Hour
	}
	return p, nil
}

// retainDaily runs retention once a day for serve. Every server tries
// each hour; store.ClaimRetention lets one of them run it per day.
func retainDaily(ctx context.Context, db *store.DB, log *slog.Logger, p store.Retention, now func() time.Time) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if err := retainOnce(ctx, db, log, p, now()); err != nil && ctx.Err() == nil {
			log.Error("retention", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// retainOnce runs retention at now if no server has run it within the
// day, and logs the counts.
func retainOnce(ctx context.Context, db *store.DB, log *slog.Logger, p store.Retention, now time.Time) error {
	if ok, err := db.ClaimRetention(ctx, now); err != nil || !ok {
		return err
	}
	got, err := db.ApplyRetention(ctx, now, p, false)
	if err != nil {
		return err
	}
	attrs := []any{}
	for _, r := range got {
		attrs = append(attrs, r.Kind, r.Count)
	}
	log.Info("retention", attrs...)
	return nil
}

func retentionRun(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("retention run")
	resolve := bindSettings(fs, "db", "retention")
	dry := fs.Bool("dry-run", false, "list what would be deleted, and delete nothing")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	cfg := resolve(e)
	p, err := retentionPolicy(cfg)
	if err != nil {
		return err
	}
	var got []store.Retained
	err = withDB(ctx, cfg.env(e), "", func(db *store.DB) error {
		got, err = db.ApplyRetention(ctx, time.Now(), p, *dry)
		return err
	})
	if err != nil {
		return err
	}
	verb := "deleted"
	if *dry {
		verb = "would delete (dry run: nothing deleted)"
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "kind\t%s\n", verb)
	for _, r := range got {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", r.Kind, r.Count, retentionNotes[r.Kind])
	}
	return tw.Flush()
}

// retentionNotes says what each kind is, for "retention run".
var retentionNotes = map[string]string{
	"contacts":    "contact details of surveys closed longer than --retain-contacts-days",
	"accounts":    "accounts disabled longer than --retain-leavers-days",
	"audit_log":   "audit log entries older than --retain-audit-days",
	"sessions":    "sessions ended",
	"reset_links": "password reset links expired",
	"setup_links": "first-administrator links expired",
	"invitations": "invitations expired",
	"oidc_logins": "sign-ins through the OpenID provider left unfinished and expired",
}

func backup(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("backup", e)
	out := fs.String("out", "", "the backup file to write (must not exist)")
	if err := noArgs(fs, args); err != nil {
		return err
	} else if *out == "" {
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
