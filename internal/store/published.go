package store

import (
	"context"
	"database/sql"

	"staffnet/internal/survey"
)

// Published is a frozen report.
type Published struct {
	ID, SurveySlug, Title, PublishedOn, Query string
	// Commentary is the publisher's few words on the figures, as they
	// typed them (Markdown allowed).
	Commentary  string
	Report      []byte // JSON
	WithdrawnOn string // "" while it is live
}

// Publish stores a snapshot and returns its id. It does not audit the
// snapshot against earlier ones: callers that publish survey findings use
// PublishAudited.
func (db *DB) Publish(ctx context.Context, p Published) (string, error) {
	return db.PublishAudited(ctx, p, nil)
}

// PublishAudited stores a snapshot if check, given every snapshot of the
// same survey ever published (withdrawn ones included, newest first),
// returns nil; check's error is returned as it is. Publications are
// serialised, so that two published at once are each checked against the
// other.
func (db *DB) PublishAudited(ctx context.Context, p Published, check func(earlier []Published) error) (string, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	// Take the write lock before reading.
	if err := db.lockTable(ctx, tx, "published_reports"); err != nil {
		return "", err
	}
	if check != nil {
		rows, err := tx.QueryContext(ctx, db.q(publicationsQuery), p.SurveySlug)
		earlier, err := scanAll(rows, err, scanPublished)
		if err != nil {
			return "", err
		}
		if err := check(earlier); err != nil {
			return "", err
		}
	}
	p.ID = survey.NewID()[:12] // 60 random bits: a stable, unguessable address
	if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO published_reports (id, survey_slug, title, published_on, query, report, commentary) VALUES (?, ?, ?, ?, ?, ?, ?)`),
		p.ID, p.SurveySlug, p.Title, Today(), p.Query, string(p.Report), p.Commentary); err != nil {
		return "", err
	}
	return p.ID, tx.Commit()
}

const publicationsQuery = `SELECT id, survey_slug, title, published_on, query, commentary, report, withdrawn_on
	FROM published_reports WHERE survey_slug = ? ORDER BY published_on DESC, id`

// Publications returns every snapshot of survey slug ever published,
// withdrawn ones included, newest first, with their bodies: what a new
// publication is audited against.
func (db *DB) Publications(ctx context.Context, slug string) ([]Published, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(publicationsQuery), slug)
	return scanAll(rows, err, scanPublished)
}

func scanPublished(row rowScanner) (Published, error) {
	var p Published
	var body string
	var withdrawn sql.NullString
	err := row.Scan(&p.ID, &p.SurveySlug, &p.Title, &p.PublishedOn, &p.Query, &p.Commentary, &body, &withdrawn)
	p.Report, p.WithdrawnOn = []byte(body), withdrawn.String
	return p, err
}

// PublishedReports lists live snapshots, newest first, without their
// bodies.
func (db *DB) PublishedReports(ctx context.Context) ([]Published, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, survey_slug, title, published_on, query FROM published_reports WHERE withdrawn_on IS NULL ORDER BY published_on DESC, title`)
	return scanAll(rows, err, func(row rowScanner) (Published, error) {
		var p Published
		err := row.Scan(&p.ID, &p.SurveySlug, &p.Title, &p.PublishedOn, &p.Query)
		return p, err
	})
}

// PublishedReport returns one live snapshot; a withdrawn one is
// ErrNotFound.
func (db *DB) PublishedReport(ctx context.Context, id string) (*Published, error) {
	row := db.sql.QueryRowContext(ctx, db.q(`SELECT id, survey_slug, title, published_on, query, commentary, report FROM published_reports WHERE id = ? AND withdrawn_on IS NULL`), id)
	return scanOne(row, func(row rowScanner) (Published, error) {
		var p Published
		var body string
		err := row.Scan(&p.ID, &p.SurveySlug, &p.Title, &p.PublishedOn, &p.Query, &p.Commentary, &body)
		p.Report = []byte(body)
		return p, err
	})
}

// Unpublish withdraws a snapshot from the public site. Its row stays, for
// the audit of later publications (see PublishAudited).
func (db *DB) Unpublish(ctx context.Context, id string) error {
	res, err := db.sql.ExecContext(ctx, db.q(`UPDATE published_reports SET withdrawn_on = ? WHERE id = ? AND withdrawn_on IS NULL`), Today(), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrNotFound // no such view, or withdrawn already
	}
	return nil
}
