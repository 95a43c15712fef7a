package store

// A network's consultations log and panel counts; internal/consult
// checks and counts them.

import (
	"context"

	"staffnet/internal/consult"
)

// SaveConsultation adds c to its network's log (ID 0) or changes it;
// ErrNotFound when c.ID is not a consultation of c.NetworkID.
func (db *DB) SaveConsultation(ctx context.Context, c *consult.Consultation) error {
	args := []any{c.Title, c.Owner, c.Kind, date(c.Received), c.Stage, c.Response, c.Outcome, date(c.OutcomeLearnt), c.NetworkID}
	if c.ID == 0 {
		return db.sql.QueryRowContext(ctx, db.q(`INSERT INTO network_consultations (title, owner, kind, received_on, stage, response, outcome, outcome_learnt, network_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), args...).Scan(&c.ID)
	}
	return changedOne(db.sql.ExecContext(ctx, db.q(`UPDATE network_consultations SET title = ?, owner = ?, kind = ?, received_on = ?, stage = ?, response = ?,
		outcome = ?, outcome_learnt = ? WHERE network_id = ? AND id = ?`), append(args, c.ID)...))
}

// DeleteConsultation removes a consultation from a network's log.
func (db *DB) DeleteConsultation(ctx context.Context, networkID, id int64) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`DELETE FROM network_consultations WHERE network_id = ? AND id = ?`), networkID, id))
}

// Consultations lists a network's log, newest first.
func (db *DB) Consultations(ctx context.Context, networkID int64) ([]consult.Consultation, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT id, network_id, title, owner, kind, received_on, stage, response, outcome, outcome_learnt
		FROM network_consultations WHERE network_id = ? ORDER BY received_on DESC, id DESC`), networkID)
	return scanAll(rows, err, func(r rowScanner) (consult.Consultation, error) {
		var c consult.Consultation
		var rec, learnt string
		err := r.Scan(&c.ID, &c.NetworkID, &c.Title, &c.Owner, &c.Kind, &rec, &c.Stage, &c.Response, &c.Outcome, &learnt)
		if err == nil {
			c.Received, err = parseDate(rec)
		}
		if err == nil {
			c.OutcomeLearnt, err = parseDate(learnt)
		}
		return c, err
	})
}

// SetPanels records a month's count of one type of panel for a network,
// replacing the count before; 0 removes it.
func (db *DB) SetPanels(ctx context.Context, p consult.Panel) error {
	if p.Count == 0 {
		_, err := db.sql.ExecContext(ctx, db.q(`DELETE FROM network_panels WHERE network_id = ? AND month = ? AND type = ?`), p.NetworkID, date(p.Month), p.Type)
		return err
	}
	_, err := db.sql.ExecContext(ctx, db.q(`INSERT INTO network_panels (network_id, month, type, panels) VALUES (?, ?, ?, ?)
		ON CONFLICT (network_id, month, type) DO UPDATE SET panels = excluded.panels`), p.NetworkID, date(p.Month), p.Type, p.Count)
	return err
}

// Panels lists a network's panel counts, newest month first.
func (db *DB) Panels(ctx context.Context, networkID int64) ([]consult.Panel, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT network_id, month, type, panels FROM network_panels WHERE network_id = ? ORDER BY month DESC, type`), networkID)
	return scanAll(rows, err, func(r rowScanner) (consult.Panel, error) {
		var p consult.Panel
		var m string
		err := r.Scan(&p.NetworkID, &m, &p.Type, &p.Count)
		if err == nil {
			p.Month, err = parseDate(m)
		}
		return p, err
	})
}
