package store

import (
	"context"
	"database/sql"
	"fmt"

	"staffnet/internal/wres"
)

// OrgYear is one organisation's return for one year.
type OrgYear = wres.OrgYear

// ReplaceWRES stores ret: every organisation-year it holds replaces what
// was stored for that organisation and year, all in one transaction. On
// PostgreSQL the rows go in through COPY (a national return from
// extracts is some 24,000 rows, one INSERT each before).
func (db *DB) ReplaceWRES(ctx context.Context, ret *wres.Return) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return runTx(ctx, conn, nil, func(tx *sql.Tx) error {
		for _, oy := range ret.OrgYears() {
			if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM wres_counts WHERE org = ? AND year = ?`), oy.Org, oy.Year); err != nil {
				return err
			}
		}
		rows := ret.Rows()
		if db.pg {
			_, err := copyRows(ctx, conn, "wres_counts", []string{"org", "year", "measure", "ethnicity", "staff_group", "band", "value"}, len(rows), func(i int, row []any) {
				r := rows[i]
				row[0], row[1], row[2], row[3], row[4], row[5], row[6] = r.Org, r.Year, r.Measure.String(), r.Ethnicity.String(), r.StaffGroup.String(), r.Band.String(), r.Value
			})
			if err != nil {
				return fmt.Errorf("store: WRES return: %w", err)
			}
			return nil
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO wres_counts (org, year, measure, ethnicity, staff_group, band, value) VALUES (?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, r := range rows {
			if _, err := stmt.ExecContext(ctx, r.Org, r.Year, r.Measure.String(), r.Ethnicity.String(), r.StaffGroup.String(), r.Band.String(), r.Value); err != nil {
				return fmt.Errorf("store: %s %d: %w", r.Org, r.Year, err)
			}
		}
		return nil
	})
}

// WRES loads the stored returns: of one organisation when org is not
// empty, of every organisation otherwise.
func (db *DB) WRES(ctx context.Context, org string) (*wres.Return, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT org, year, measure, ethnicity, staff_group, band, value FROM wres_counts
		WHERE org = ? OR ? = ''`), org, org)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ret := wres.NewReturn()
	for rows.Next() {
		var r wres.Row
		var m, e, g, b string
		if err := rows.Scan(&r.Org, &r.Year, &m, &e, &g, &b, &r.Value); err != nil {
			return nil, err
		}
		var ok1, ok2, ok3, ok4 bool
		r.Measure, ok1 = wres.ParseMeasure(m)
		r.Ethnicity, ok2 = wres.ParseEthnicity(e)
		r.StaffGroup, ok3 = wres.ParseStaffGroup(g)
		r.Band, ok4 = wres.ParseBand(b)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, fmt.Errorf("store: unreadable WRES row %s %d %q %q %q %q", r.Org, r.Year, m, e, g, b)
		}
		if err := ret.Add(r); err != nil {
			return nil, err
		}
	}
	return ret, rows.Err()
}

// RegionOf returns a function giving each stored organisation's region.
func (db *DB) RegionOf(ctx context.Context) (func(string) string, error) {
	list, err := db.Organisations(ctx, "")
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(list))
	for _, o := range list {
		m[o.Code] = o.Region
	}
	return func(code string) string { return m[code] }, nil
}

// WRESCoverage is which years of returns an organisation has stored.
type WRESCoverage struct {
	Org, Name, Region string
	First, Last       int
}

// WRESOrganisations lists organisations with stored returns, by name.
func (db *DB) WRESOrganisations(ctx context.Context) ([]WRESCoverage, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT c.org, o.name, o.region, min(c.year), max(c.year)
		FROM wres_counts c JOIN organisations o ON o.code = c.org GROUP BY c.org, o.name, o.region ORDER BY o.name`)
	return scanAll(rows, err, func(row rowScanner) (WRESCoverage, error) {
		var c WRESCoverage
		err := row.Scan(&c.Org, &c.Name, &c.Region, &c.First, &c.Last)
		return c, err
	})
}
