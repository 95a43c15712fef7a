package store

import (
	"context"
	"database/sql"

	"staffnet/internal/network"
)

// GuideProgress is one organisation's way through the six-step guide to
// starting a network, with the account that started it.
type GuideProgress struct {
	ID       int64
	Owner    int64 // user id
	Progress network.Progress
}

// SaveGuideProgress stores g: a new row when g.ID is 0 (setting g.ID),
// otherwise it replaces the stored progress (ErrNotFound if there is none).
// The organisation is g.Progress.OrgCode and must exist.
func (db *DB) SaveGuideProgress(ctx context.Context, g *GuideProgress) error {
	js, err := jsonText(g.Progress)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.orgExists(ctx, tx, g.Progress.OrgCode); err != nil {
			return err
		}
		if g.ID == 0 {
			return tx.QueryRowContext(ctx, db.q(`INSERT INTO network_guides (org_code, owner_id, progress, updated_on) VALUES (?, ?, ?, ?) RETURNING id`),
				g.Progress.OrgCode, g.Owner, js, date(g.Progress.UpdatedOn)).Scan(&g.ID)
		}
		return changedOne(tx.ExecContext(ctx, db.q(`UPDATE network_guides SET org_code = ?, owner_id = ?, progress = ?, updated_on = ? WHERE id = ?`),
			g.Progress.OrgCode, g.Owner, js, date(g.Progress.UpdatedOn), g.ID))
	})
}

const guideSelect = `SELECT id, owner_id, progress FROM network_guides`

func scanGuide(row rowScanner) (GuideProgress, error) {
	var g GuideProgress
	var js string
	if err := row.Scan(&g.ID, &g.Owner, &js); err != nil {
		return g, err
	}
	err := fromJSON(js, &g.Progress)
	return g, err
}

// Guide returns one guide's progress.
func (db *DB) Guide(ctx context.Context, id int64) (*GuideProgress, error) {
	return scanOne(db.sql.QueryRowContext(ctx, db.q(guideSelect+` WHERE id = ?`), id), scanGuide)
}

// Guides lists guide progress of one organisation (org "" for every one)
// and one owner (0 for any), most recently updated first.
func (db *DB) Guides(ctx context.Context, org string, owner int64) ([]GuideProgress, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(guideSelect+`
		WHERE (org_code = ? OR ? = '') AND (owner_id = ? OR ? = 0) ORDER BY updated_on DESC, id DESC`), org, org, owner, owner)
	return scanAll(rows, err, scanGuide)
}

// DeleteGuide removes one guide's progress.
func (db *DB) DeleteGuide(ctx context.Context, id int64) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`DELETE FROM network_guides WHERE id = ?`), id))
}
