package store

import (
	"context"
	"database/sql"
	"fmt"

	"staffnet/internal/network"
)

// Staff networks. The store maps internal/network values to rows and
// decides nothing: validation, flags, scoring and publication rules all
// live in the domain package. This file holds the network rows and the
// directory; each network's governance records, self-assessments, guide
// progress, the national map and demo data have files of their own.
//
// Every query here is portable: the same SQL runs on SQLite and
// PostgreSQL, with db.q rewriting placeholders.

// NetworkEntry is a stored network with the organisation it belongs to.
type NetworkEntry struct {
	network.Network
	OrgName string
	Region  string // NHS England region code of the organisation
}

// NetworkFilter picks networks for the directory; an empty field matches
// everything.
type NetworkFilter struct {
	Region string
	Org    string
	Type   network.Type
	Status network.Status
}

type networkCols struct {
	leaders, sponsor, published, updated string
}

func networkValues(n *network.Network) (networkCols, error) {
	var c networkCols
	var err error
	if c.leaders, err = jsonText(nonNil(n.Leaders)); err != nil {
		return c, err
	}
	if c.sponsor, err = jsonText(n.Sponsor); err != nil {
		return c, err
	}
	if c.published, err = jsonText(nonNil(n.Published)); err != nil {
		return c, err
	}
	c.updated = date(n.UpdatedOn)
	return c, nil
}

const networkSelect = `SELECT n.id, n.org_code, n.type, n.name, n.year_started, n.purpose, n.contact, n.meeting_pattern,
	n.web_page, n.status, n.leaders, n.sponsor, n.published, n.updated_on, o.name, o.region
	FROM networks n JOIN organisations o ON o.code = n.org_code`

func scanNetwork(row rowScanner) (NetworkEntry, error) {
	var e NetworkEntry
	n := &e.Network
	var typ, status, leaders, sponsor, published, updated string
	err := row.Scan(&n.ID, &n.OrgCode, &typ, &n.Name, &n.YearStarted, &n.Purpose, &n.Contact, &n.MeetingPattern,
		&n.WebPage, &status, &leaders, &sponsor, &published, &updated, &e.OrgName, &e.Region)
	if err != nil {
		return e, err
	}
	n.Type, n.Status = network.Type(typ), network.Status(status)
	if err := fromJSON(leaders, &n.Leaders); err != nil {
		return e, err
	}
	if err := fromJSON(sponsor, &n.Sponsor); err != nil {
		return e, err
	}
	if err := fromJSON(published, &n.Published); err != nil {
		return e, err
	}
	n.UpdatedOn, err = parseDate(updated)
	return e, err
}

// orgExists returns ErrNotFound when there is no organisation code.
func (db *DB) orgExists(ctx context.Context, tx *sql.Tx, code string) error {
	return db.exists(ctx, tx, `SELECT count(*) FROM organisations WHERE code = ?`, code, fmt.Sprintf("organisation %q", code))
}

// networkExists returns ErrNotFound when there is no network id.
func (db *DB) networkExists(ctx context.Context, tx *sql.Tx, id int64) error {
	return db.exists(ctx, tx, `SELECT count(*) FROM networks WHERE id = ?`, id, fmt.Sprintf("network %d", id))
}

// exists runs count, a count of rows matching one argument, and returns
// ErrNotFound naming what when it counts none.
func (db *DB) exists(ctx context.Context, tx *sql.Tx, count string, arg any, what string) error {
	var k int
	if err := tx.QueryRowContext(ctx, db.q(count), arg).Scan(&k); err != nil {
		return err
	}
	if k == 0 {
		return fmt.Errorf("store: %s: %w", what, ErrNotFound)
	}
	return nil
}

// CreateNetwork stores a new network and sets n.ID. The organisation must
// exist (ErrNotFound otherwise).
func (db *DB) CreateNetwork(ctx context.Context, n *network.Network) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		id, err := db.createNetwork(ctx, tx, n)
		if err != nil {
			return err
		}
		n.ID = id
		return nil
	})
}

// CreateNetworkWithTerms stores a new network and its first terms of
// reference together, so a network made from the six-step guide never
// exists without the terms its founders drafted. It sets n.ID and
// t.Version.
func (db *DB) CreateNetworkWithTerms(ctx context.Context, n *network.Network, t *network.TermsOfReference) error {
	return db.CreateNetworkFromGuide(ctx, n, t, nil)
}

// CreateNetworkFromGuide stores a new network, its first terms of
// reference and, unless wp is nil or empty, its first work plan, all or
// nothing. It sets n.ID, t.Version and wp.Version.
func (db *DB) CreateNetworkFromGuide(ctx context.Context, n *network.Network, t *network.TermsOfReference, wp *network.WorkPlan) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		id, err := db.createNetwork(ctx, tx, n)
		if err != nil {
			return err
		}
		if err := db.addTerms(ctx, tx, id, t); err != nil {
			return err
		}
		if wp != nil && len(wp.Objectives) > 0 {
			if err := db.saveWorkPlan(ctx, tx, id, wp); err != nil {
				return err
			}
		}
		n.ID = id
		return nil
	})
}

func (db *DB) createNetwork(ctx context.Context, tx *sql.Tx, n *network.Network) (int64, error) {
	if err := db.orgExists(ctx, tx, n.OrgCode); err != nil {
		return 0, err
	}
	c, err := networkValues(n)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, db.q(`INSERT INTO networks (org_code, type, name, year_started, purpose, contact, meeting_pattern,
		web_page, status, leaders, sponsor, published, updated_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		n.OrgCode, string(n.Type), n.Name, n.YearStarted, n.Purpose, n.Contact, n.MeetingPattern,
		n.WebPage, string(n.Status), c.leaders, c.sponsor, c.published, c.updated).Scan(&id)
	return id, err
}

// UpdateNetwork replaces every field of the stored network n.ID, including
// its organisation. ErrNotFound if there is no such network or
// organisation.
func (db *DB) UpdateNetwork(ctx context.Context, n *network.Network) error {
	c, err := networkValues(n)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.orgExists(ctx, tx, n.OrgCode); err != nil {
			return err
		}
		return changedOne(tx.ExecContext(ctx, db.q(`UPDATE networks SET org_code = ?, type = ?, name = ?, year_started = ?, purpose = ?,
			contact = ?, meeting_pattern = ?, web_page = ?, status = ?, leaders = ?, sponsor = ?, published = ?, updated_on = ?
			WHERE id = ?`),
			n.OrgCode, string(n.Type), n.Name, n.YearStarted, n.Purpose, n.Contact, n.MeetingPattern,
			n.WebPage, string(n.Status), c.leaders, c.sponsor, c.published, c.updated, n.ID))
	})
}

// Network returns one network with its organisation.
func (db *DB) Network(ctx context.Context, id int64) (*NetworkEntry, error) {
	return scanOne(db.sql.QueryRowContext(ctx, db.q(networkSelect+` WHERE n.id = ?`), id), scanNetwork)
}

// Networks lists the networks f picks, by organisation name, then type,
// name and id.
func (db *DB) Networks(ctx context.Context, f NetworkFilter) ([]NetworkEntry, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(networkSelect+`
		WHERE (o.region = ? OR ? = '') AND (n.org_code = ? OR ? = '') AND (n.type = ? OR ? = '') AND (n.status = ? OR ? = '')
		ORDER BY o.name, n.org_code, n.type, n.name, n.id`),
		f.Region, f.Region, f.Org, f.Org, string(f.Type), string(f.Type), string(f.Status), string(f.Status))
	return scanAll(rows, err, scanNetwork)
}

// CountNetworks counts every stored network.
func (db *DB) CountNetworks(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM networks`).Scan(&n)
	return n, err
}

// DeleteAllNetworks removes every network with its records and assessments
// (for replacing demo data), and detaches accounts from them. Guide
// progress belongs to organisations and stays.
func (db *DB) DeleteAllNetworks(ctx context.Context) (int, error) {
	return db.execCounting(ctx, nil,
		`DELETE FROM network_assessment_responses`, `DELETE FROM network_assessments`,
		`DELETE FROM network_terms`, `DELETE FROM network_work_plans`, `DELETE FROM network_records`,
		`UPDATE users SET network_id = 0 WHERE network_id <> 0`,
		`DELETE FROM networks`)
}

// SetUserNetwork attaches an account to a network (0 to detach).
func (db *DB) SetUserNetwork(ctx context.Context, userID, networkID int64) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`UPDATE users SET network_id = ? WHERE id = ?`), networkID, userID))
}
