package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"staffnet/internal/survey"
)

// Survey is one version of a survey definition.
type Survey struct {
	ID        int64
	Slug      string
	Version   int
	Title     string
	Open      bool
	CreatedOn string
	Def       *survey.Definition
	Responses int // filled by ListSurveys
}

// LoadSurvey stores def. If its slug has no version yet, it becomes
// version 1. If the newest version has the same content, nothing changes.
// If the content differs, the newest version is replaced when it has no
// responses, and otherwise a new version is added: a definition never
// changes under existing responses. It reports the stored version and
// whether anything was written.
func (db *DB) LoadSurvey(ctx context.Context, def *survey.Definition) (s *Survey, changed bool, err error) {
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		var version int
		var hash string
		err := tx.QueryRowContext(ctx, db.q(`SELECT id, version, hash FROM surveys WHERE slug = ? ORDER BY version DESC LIMIT 1`), def.Slug).Scan(&id, &version, &hash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			version = 0
		case err != nil:
			return err
		case hash == def.Hash():
			return nil
		default:
			var n int
			if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM responses WHERE survey_id = ?`), id).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				changed = true
				_, err := tx.ExecContext(ctx, db.q(`UPDATE surveys SET title = ?, definition = ?, hash = ? WHERE id = ?`),
					def.Title, string(def.JSON()), def.Hash(), id)
				return err
			}
		}
		changed = true
		_, err = tx.ExecContext(ctx, db.q(`INSERT INTO surveys (slug, version, title, definition, hash, is_open, created_on) VALUES (?, ?, ?, ?, ?, 1, ?)`),
			def.Slug, version+1, def.Title, string(def.JSON()), def.Hash(), Today())
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("store: load survey %s: %w", def.Slug, err)
	}
	s, err = db.Survey(ctx, def.Slug)
	return s, changed, err
}

const surveyCols = `id, slug, version, title, is_open, created_on, hash`

// scanSurvey reads a survey row. Its definition is parsed once per content
// hash and then shared: every page of the survey looks the survey up, and
// parsing the JSON definition each time was most of a page's cost.
// Definitions are read-only once parsed.
func scanSurvey(row interface{ Scan(...any) error }) (*Survey, string, error) {
	var s Survey
	var open int
	var hash string
	if err := row.Scan(&s.ID, &s.Slug, &s.Version, &s.Title, &open, &s.CreatedOn, &hash); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, "", ErrNotFound
		}
		return nil, "", err
	}
	s.Open = open == 1
	return &s, hash, nil
}

// setDef fills in s.Def, from the cache or the database.
func (db *DB) setDef(ctx context.Context, s *Survey, hash string) error {
	if d, ok := db.defs.Load(hash); ok {
		s.Def = d.(*survey.Definition)
		return nil
	}
	var def string
	if err := db.sql.QueryRowContext(ctx, db.q(`SELECT definition FROM surveys WHERE id = ?`), s.ID).Scan(&def); err != nil {
		return err
	}
	d, err := survey.Parse([]byte(def))
	if err != nil {
		return fmt.Errorf("store: stored survey %s v%d: %w", s.Slug, s.Version, err)
	}
	db.defs.Store(hash, d)
	s.Def = d
	return nil
}

// Survey returns the newest version of the survey with this slug.
func (db *DB) Survey(ctx context.Context, slug string) (*Survey, error) {
	st, err := db.stmt(ctx, `SELECT `+surveyCols+` FROM surveys WHERE slug = ? ORDER BY version DESC LIMIT 1`)
	if err != nil {
		return nil, err
	}
	s, hash, err := scanSurvey(st.QueryRowContext(ctx, slug))
	if err != nil {
		return nil, err
	}
	return s, db.setDef(ctx, s, hash)
}

// ListSurveys returns the newest version of every survey with its
// response count, by slug.
func (db *DB) ListSurveys(ctx context.Context) ([]*Survey, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+surveyCols+` FROM surveys s
		WHERE version = (SELECT max(version) FROM surveys t WHERE t.slug = s.slug) ORDER BY slug`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Survey
	var hashes []string
	for rows.Next() {
		s, hash, err := scanSurvey(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		hashes = append(hashes, hash)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i, s := range out {
		if err := db.setDef(ctx, s, hashes[i]); err != nil {
			return nil, err
		}
		if err := db.sql.QueryRowContext(ctx, db.q(`SELECT count(*) FROM responses WHERE survey_id = ?`), s.ID).Scan(&s.Responses); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SetSurveyOpen opens or closes the newest version of a survey. Closing
// records when (closed_at: retention counts from it); opening clears it.
func (db *DB) SetSurveyOpen(ctx context.Context, slug string, open bool) error {
	s, err := db.Survey(ctx, slug)
	if err != nil {
		return err
	}
	v := 0
	if open {
		v = 1
	}
	_, err = db.sql.ExecContext(ctx, db.q(`UPDATE surveys SET is_open = ?,
		closed_at = CASE WHEN ? = 1 THEN 0 WHEN is_open = 1 THEN ? ELSE closed_at END WHERE id = ?`), v, v, time.Now().Unix(), s.ID)
	return err
}

// LoadBuiltins stores the surveys that ship with staffnet.
func (db *DB) LoadBuiltins(ctx context.Context) error {
	defs, err := survey.Builtin()
	if err != nil {
		return err
	}
	for _, d := range defs {
		if _, _, err := db.LoadSurvey(ctx, d); err != nil {
			return err
		}
	}
	return nil
}
