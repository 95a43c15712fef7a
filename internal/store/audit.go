package store

import (
	"context"
	"time"
)

// AuditEntry is one administrative action: who did what to what, and
// when. It never holds survey answers, passwords or a contact's details.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string // the account's email, or "command line (USER)"
	Action string // e.g. "account disabled", "survey closed"
	Target string // what it was done to: an account's email, a survey slug
	Detail string
}

// Audit appends an entry; a zero At means now. No function changes an
// entry or deletes one; ApplyRetention deletes those older than the
// retention period, all at once, and records that it did.
func (db *DB) Audit(ctx context.Context, e AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	_, err := db.sql.ExecContext(ctx, db.q(`INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)`),
		e.At.Unix(), e.Actor, e.Action, e.Target, e.Detail)
	return err
}

// CountAudit counts audit entries.
func (db *DB) CountAudit(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`).Scan(&n)
	return n, err
}

// AuditPage returns up to limit entries, newest first, skipping offset.
func (db *DB) AuditPage(ctx context.Context, offset, limit int) ([]AuditEntry, error) {
	var out []AuditEntry
	err := db.eachAudit(ctx, `SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?`,
		[]any{limit, offset}, func(e AuditEntry) error { out = append(out, e); return nil })
	return out, err
}

// EachAudit calls fn with every entry, oldest first.
func (db *DB) EachAudit(ctx context.Context, fn func(AuditEntry) error) error {
	return db.eachAudit(ctx, `SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id`, nil, fn)
}

func (db *DB) eachAudit(ctx context.Context, query string, args []any, fn func(AuditEntry) error) error {
	rows, err := db.sql.QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Target, &e.Detail); err != nil {
			return err
		}
		e.At = time.Unix(at, 0).UTC()
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}
