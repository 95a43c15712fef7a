package store

import (
	"context"
	"database/sql"
	"errors"

	"staffnet/internal/survey"
)

// Published is a frozen report.
type Published struct {
	ID, SurveySlug, Title, PublishedOn, Query string
	Report                                    []byte // JSON
}

// Publish stores a snapshot and returns its id.
func (db *DB) Publish(ctx context.Context, p Published) (string, error) {
	p.ID = survey.NewID()[:12] // 60 random bits: a stable, unguessable address
	_, err := db.sql.ExecContext(ctx, db.q(`INSERT INTO published_reports (id, survey_slug, title, published_on, query, report) VALUES (?, ?, ?, ?, ?, ?)`),
		p.ID, p.SurveySlug, p.Title, Today(), p.Query, string(p.Report))
	return p.ID, err
}

// PublishedReports lists snapshots, newest first, without their bodies.
func (db *DB) PublishedReports(ctx context.Context) ([]Published, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, survey_slug, title, published_on, query FROM published_reports ORDER BY published_on DESC, title`)
	return scanAll(rows, err, func(row rowScanner) (Published, error) {
		var p Published
		err := row.Scan(&p.ID, &p.SurveySlug, &p.Title, &p.PublishedOn, &p.Query)
		return p, err
	})
}

// PublishedReport returns one snapshot.
func (db *DB) PublishedReport(ctx context.Context, id string) (*Published, error) {
	var p Published
	var body string
	err := db.sql.QueryRowContext(ctx, db.q(`SELECT id, survey_slug, title, published_on, query, report FROM published_reports WHERE id = ?`), id).
		Scan(&p.ID, &p.SurveySlug, &p.Title, &p.PublishedOn, &p.Query, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	p.Report = []byte(body)
	return &p, err
}

// Unpublish deletes a snapshot.
func (db *DB) Unpublish(ctx context.Context, id string) error {
	_, err := db.sql.ExecContext(ctx, db.q(`DELETE FROM published_reports WHERE id = ?`), id)
	return err
}
