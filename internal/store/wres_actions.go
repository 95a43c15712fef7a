package store

import (
	"context"
	"database/sql"
	"time"

	"staffnet/internal/network"
)

// An organisation's WRES action plan (network.PlanAction). Every query is
// scoped by the organisation as well as the id, so an action of another
// organisation reads as not found whatever id a URL names.

const planActionSelect = `SELECT id, org_code, year, indicator, title, coalesce(org_owner_id, 0), org_owner_role,
	coalesce(network_id, 0), network_owner, due, status, evidence, from_rule, coalesce(from_network, 0) FROM wres_actions`

func scanPlanAction(row rowScanner) (network.PlanAction, error) {
	var a network.PlanAction
	var due, status string
	err := row.Scan(&a.ID, &a.OrgCode, &a.Year, &a.Indicator, &a.Title, &a.OrgOwnerID, &a.OrgOwnerRole,
		&a.NetworkID, &a.NetworkOwner, &due, &status, &a.Evidence, &a.FromRule, &a.FromNetwork)
	if err != nil {
		return a, err
	}
	a.Status = network.ObjectiveStatus(status)
	a.Due, err = parseDate(due)
	return a, err
}

// PlanActions lists an organisation's actions for a year, by indicator
// and then in the order they were added.
func (db *DB) PlanActions(ctx context.Context, org string, year int) ([]network.PlanAction, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(planActionSelect+` WHERE org_code = ? AND year = ? ORDER BY indicator, id`), org, year)
	return scanAll(rows, err, scanPlanAction)
}

// PlanAction reads one action of the organisation's plan; ErrNotFound if
// there is none with that id in that organisation.
func (db *DB) PlanAction(ctx context.Context, org string, id int64) (*network.PlanAction, error) {
	return scanOne(db.sql.QueryRowContext(ctx, db.q(planActionSelect+` WHERE org_code = ? AND id = ?`), org, id), scanPlanAction)
}

// SavePlanAction adds a (ID 0, then set) or changes it within its
// organisation (ErrNotFound if the organisation has no such action).
func (db *DB) SavePlanAction(ctx context.Context, a *network.PlanAction) error {
	now := time.Now().UTC().Format(time.RFC3339)
	vals := []any{a.Indicator, a.Title, nullID(a.OrgOwnerID), a.OrgOwnerRole, nullID(a.NetworkID), a.NetworkOwner,
		date(a.Due), string(a.Status), a.Evidence, now}
	if a.ID != 0 {
		return changedOne(db.sql.ExecContext(ctx, db.q(`UPDATE wres_actions SET indicator = ?, title = ?, org_owner_id = ?, org_owner_role = ?,
			network_id = ?, network_owner = ?, due = ?, status = ?, evidence = ?, updated_at = ? WHERE id = ? AND org_code = ?`),
			append(vals, a.ID, a.OrgCode)...))
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.orgExists(ctx, tx, a.OrgCode); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, db.q(`INSERT INTO wres_actions (indicator, title, org_owner_id, org_owner_role, network_id, network_owner,
			due, status, evidence, updated_at, org_code, year, from_rule, from_network) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			append(vals, a.OrgCode, a.Year, a.FromRule, nullID(a.FromNetwork))...).Scan(&a.ID)
	})
}

// OrgAdmins lists the organisation's org_admin accounts that can sign in,
// by email: the people an action's organisation owner may be.
func (db *DB) OrgAdmins(ctx context.Context, org string) ([]User, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT `+userColumns+` FROM users u
		WHERE u.org_code = ? AND u.role = 'org_admin' AND u.disabled = 0 ORDER BY u.email`), org)
	return scanAll(rows, err, func(row rowScanner) (User, error) {
		var u User
		err := scanUser(row, &u)
		return u, err
	})
}

// ClearAccountability deletes every WRES action plan, corporate-duty
// letter, mentoring profile and pair and development opportunity, for
// replacing demo data: they are made with the networks they name.
func (db *DB) ClearAccountability(ctx context.Context) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM wres_actions`, `DELETE FROM corporate_duty_letters`, `DELETE FROM development_applications`,
			`DELETE FROM development_opportunities`, `DELETE FROM mentoring_pairs`, `DELETE FROM mentoring_profiles`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}
