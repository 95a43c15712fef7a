package store

import (
	"context"
	"database/sql"
	"strings"

	"staffnet/internal/freetext"
)

// Codebook returns a survey's themes, every free-text question's, in the
// order they were imported.
func (db *DB) Codebook(ctx context.Context, slug string) ([]freetext.Theme, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT question, code, parent, name, definition FROM text_themes WHERE survey_slug = ? ORDER BY position`), slug)
	return scanAll(rows, err, func(r rowScanner) (freetext.Theme, error) {
		var t freetext.Theme
		return t, r.Scan(&t.Question, &t.Code, &t.Parent, &t.Name, &t.Definition)
	})
}

// ReplaceCodebook replaces a survey's whole codebook in one transaction.
// The caller has validated themes (freetext.Validate). Codings that name
// a theme no longer in the codebook are kept, and ignored by the counts.
func (db *DB) ReplaceCodebook(ctx context.Context, slug string, themes []freetext.Theme) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM text_themes WHERE survey_slug = ?`), slug); err != nil {
			return err
		}
		for i, t := range themes {
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO text_themes (survey_slug, question, code, parent, name, definition, position) VALUES (?, ?, ?, ?, ?, ?, ?)`),
				slug, t.Question, t.Code, t.Parent, t.Name, t.Definition, i); err != nil {
				return err
			}
		}
		return nil
	})
}

// SaveCoding stores one coder's themes for one comment, replacing what
// that coder gave it before.
func (db *DB) SaveCoding(ctx context.Context, slug string, c freetext.Coding) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM text_codings WHERE survey_slug = ? AND question = ? AND response_id = ? AND coder = ?`),
			slug, c.Question, c.ResponseID, c.Coder); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(`INSERT INTO text_codings (survey_slug, question, response_id, coder, themes) VALUES (?, ?, ?, ?, ?)`),
			slug, c.Question, c.ResponseID, c.Coder, strings.Join(c.Themes, ","))
		return err
	})
}

// Codings returns every coder's codings of a survey's comments, by
// response id and coder; question "" means every free-text question.
func (db *DB) Codings(ctx context.Context, slug, question string) ([]freetext.Coding, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT question, response_id, coder, themes FROM text_codings
		WHERE survey_slug = ? AND (? = '' OR question = ?) ORDER BY question, response_id, coder`), slug, question, question)
	return scanAll(rows, err, func(r rowScanner) (freetext.Coding, error) {
		var c freetext.Coding
		var themes string
		err := r.Scan(&c.Question, &c.ResponseID, &c.Coder, &themes)
		if themes != "" {
			c.Themes = strings.Split(themes, ",")
		}
		return c, err
	})
}

// Quote is a comment a person approved for quoting, as they approved it.
type Quote struct {
	Question, ResponseID, Text string
	ApprovedBy                 int64
	ApprovedOn                 string
}

// ApproveQuote stores (or replaces) the approved, redacted text of a
// comment.
func (db *DB) ApproveQuote(ctx context.Context, slug string, q Quote) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM text_quotes WHERE survey_slug = ? AND question = ? AND response_id = ?`), slug, q.Question, q.ResponseID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(`INSERT INTO text_quotes (survey_slug, question, response_id, quote, approved_by, approved_on) VALUES (?, ?, ?, ?, ?, ?)`),
			slug, q.Question, q.ResponseID, q.Text, q.ApprovedBy, Today())
		return err
	})
}

// Quotes returns the approved quotes of a free-text question.
func (db *DB) Quotes(ctx context.Context, slug, question string) ([]Quote, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT question, response_id, quote, approved_by, approved_on FROM text_quotes
		WHERE survey_slug = ? AND question = ? ORDER BY response_id`), slug, question)
	return scanAll(rows, err, func(r rowScanner) (Quote, error) {
		var q Quote
		return q, r.Scan(&q.Question, &q.ResponseID, &q.Text, &q.ApprovedBy, &q.ApprovedOn)
	})
}
