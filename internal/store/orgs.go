package store

import (
	"context"
	"database/sql"

	"staffnet/internal/orgs"
)

// UpsertOrganisations adds or updates organisations, in one transaction.
// Organisations missing from list are left alone; closed ones stay, marked
// by their close date.
func (db *DB) UpsertOrganisations(ctx context.Context, list []orgs.Organisation) (added, updated int, err error) {
	err = db.tx(ctx, func(tx *sql.Tx) error {
		added, updated = 0, 0
		for _, o := range list {
			var exists int
			err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM organisations WHERE code = ?`), o.Code).Scan(&exists)
			if err != nil {
				return err
			}
			if exists > 0 {
				updated++
			} else {
				added++
			}
			_, err = tx.ExecContext(ctx, db.q(`INSERT INTO organisations (code, name, region, org_type, icb, postcode, opened_on, closed_on)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET name = excluded.name, region = excluded.region, org_type = excluded.org_type,
				icb = excluded.icb, postcode = excluded.postcode, opened_on = excluded.opened_on, closed_on = excluded.closed_on`),
				o.Code, o.Name, o.Region, o.Type, o.ICB, o.Postcode, o.OpenedOn, o.ClosedOn)
			if err != nil {
				return err
			}
		}
		return nil
	})
	return added, updated, err
}

const orgCols = `code, name, region, org_type, icb, postcode, opened_on, closed_on`

func scanOrg(row rowScanner) (orgs.Organisation, error) {
	var o orgs.Organisation
	err := row.Scan(&o.Code, &o.Name, &o.Region, &o.Type, &o.ICB, &o.Postcode, &o.OpenedOn, &o.ClosedOn)
	return o, err
}

// Organisation returns one organisation by ODS code.
func (db *DB) Organisation(ctx context.Context, code string) (*orgs.Organisation, error) {
	return scanOne(db.sql.QueryRowContext(ctx, db.q(`SELECT `+orgCols+` FROM organisations WHERE code = ?`), code), scanOrg)
}

// Organisations lists organisations by name; region "" means all.
func (db *DB) Organisations(ctx context.Context, region string) ([]orgs.Organisation, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT `+orgCols+` FROM organisations WHERE region = ? OR ? = '' ORDER BY name, code`), region, region)
	return scanAll(rows, err, scanOrg)
}
