package store

import (
	"context"
	"database/sql"
	"time"

	"staffnet/internal/network"
)

// The chief executive's corporate-duty letter (network.DutyLetter), one
// an organisation.

func scanDutyLetter(row rowScanner) (network.DutyLetter, error) {
	var l network.DutyLetter
	var edited, sent string
	err := row.Scan(&l.OrgCode, &l.Body, &l.EditedBy, &edited, &l.SentBy, &sent, &l.RecordedBy)
	if err != nil {
		return l, err
	}
	if edited != "" {
		if l.EditedAt, err = time.Parse(time.RFC3339, edited); err != nil {
			return l, err
		}
	}
	l.SentOn, err = parseDate(sent)
	return l, err
}

// DutyLetter reads the organisation's letter; ErrNotFound until one is
// saved.
func (db *DB) DutyLetter(ctx context.Context, org string) (*network.DutyLetter, error) {
	return scanOne(db.sql.QueryRowContext(ctx, db.q(`SELECT org_code, body, edited_by, edited_at, sent_by, sent_on, recorded_by
		FROM corporate_duty_letters WHERE org_code = ?`), org), scanDutyLetter)
}

// SaveDutyLetter stores l whole: its text with who changed it and when
// (l.EditedBy, l.EditedAt) and whether it was sent.
func (db *DB) SaveDutyLetter(ctx context.Context, l *network.DutyLetter) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.orgExists(ctx, tx, l.OrgCode); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(`INSERT INTO corporate_duty_letters (org_code, body, edited_by, edited_at, sent_by, sent_on, recorded_by)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_code) DO UPDATE SET body = excluded.body, edited_by = excluded.edited_by,
			edited_at = excluded.edited_at, sent_by = excluded.sent_by, sent_on = excluded.sent_on, recorded_by = excluded.recorded_by`),
			l.OrgCode, l.Body, l.EditedBy, l.EditedAt.UTC().Format(time.RFC3339), l.SentBy, date(l.SentOn), l.RecordedBy)
		return err
	})
}
