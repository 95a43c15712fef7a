package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"staffnet/internal/survey"
)

// ErrDuplicate is returned when a form's one-time token was already used:
// the response it carries is stored already.
var ErrDuplicate = errors.New("already submitted")

func encodeTexts(def *survey.Definition, r *survey.Response) (sql.NullString, error) {
	var m map[string]string
	for i, q := range def.TextQuestions() {
		if t := r.Texts[i]; t != "" {
			if m == nil {
				m = map[string]string{}
			}
			m[q.ID] = t
		}
	}
	if m == nil {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(m)
	return sql.NullString{String: string(b), Valid: true}, err
}

func decodeTexts(def *survey.Definition, s sql.NullString, r *survey.Response) error {
	clear(r.Texts)
	if !s.Valid {
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(s.String), &m); err != nil {
		return err
	}
	for i, q := range def.TextQuestions() {
		r.Texts[i] = m[q.ID]
	}
	return nil
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// SubmitResponse stores a response answered in a browser. token is the
// form's one-time token: if it was used before, nothing is stored and
// ErrDuplicate is returned. The response's id and date are set here.
func (db *DB) SubmitResponse(ctx context.Context, s *Survey, token string, r *survey.Response) error {
	r.ID = survey.NewID()
	r.SubmittedOn = Today()
	texts, err := encodeTexts(s.Def, r)
	if err != nil {
		return err
	}
	answers := survey.EncodeSlots(nil, r.Slots)
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`INSERT INTO submission_tokens (token) VALUES (?) ON CONFLICT DO NOTHING`), hashToken(token))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrDuplicate
		}
		_, err = tx.ExecContext(ctx, db.q(`INSERT INTO responses (survey_id, id, submitted_on, answers, texts) VALUES (?, ?, ?, ?, ?)`),
			s.ID, r.ID, r.SubmittedOn, answers, texts)
		return err
	})
}

// CountResponses counts a survey version's responses.
func (db *DB) CountResponses(ctx context.Context, surveyID int64) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, db.q(`SELECT count(*) FROM responses WHERE survey_id = ?`), surveyID).Scan(&n)
	return n, err
}

// EachResponse calls fn with every response of a survey version, in id
// order. The Response is reused between calls: copy what you keep.
func (db *DB) EachResponse(ctx context.Context, s *Survey, fn func(*survey.Response) error) error {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT id, submitted_on, answers, texts FROM responses WHERE survey_id = ? ORDER BY id`), s.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	r := s.Def.NewResponse()
	var answers []byte
	var texts sql.NullString
	for rows.Next() {
		if err := rows.Scan(&r.ID, &r.SubmittedOn, &answers, &texts); err != nil {
			return err
		}
		if err := survey.DecodeSlots(r.Slots, answers); err != nil {
			return fmt.Errorf("response %s: %w", r.ID, err)
		}
		if err := decodeTexts(s.Def, texts, r); err != nil {
			return fmt.Errorf("response %s: %w", r.ID, err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Importer adds many responses in one transaction. Nothing is visible to
// anyone else until Commit; Rollback discards everything.
type Importer struct {
	db      *DB
	tx      *sql.Tx
	s       *Survey
	batch   []pending
	args    []any
	dups    []survey.CellError
	stmt    *sql.Stmt
	added   int
	scratch []byte
}

type pending struct {
	row int
	id  string
}

const importBatch = 256

// BeginImport starts an import into survey s.
func (db *DB) BeginImport(ctx context.Context, s *Survey) (*Importer, error) {
	tx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &Importer{db: db, tx: tx, s: s}, nil
}

// Add queues r, read from file row row. A response id that already exists
// (in the database or earlier in the file) is reported by Duplicates, not
// stored twice.
func (im *Importer) Add(ctx context.Context, row int, r *survey.Response) error {
	texts, err := encodeTexts(im.s.Def, r)
	if err != nil {
		return err
	}
	answers := survey.EncodeSlots(nil, r.Slots)
	im.batch = append(im.batch, pending{row, r.ID})
	im.args = append(im.args, im.s.ID, r.ID, r.SubmittedOn, answers, texts)
	if len(im.batch) == importBatch {
		return im.flush(ctx)
	}
	return nil
}

func (im *Importer) flush(ctx context.Context) error {
	if len(im.batch) == 0 {
		return nil
	}
	var stmt *sql.Stmt
	if len(im.batch) == importBatch && im.stmt != nil {
		stmt = im.stmt
	} else {
		q := im.db.q(`INSERT INTO responses (survey_id, id, submitted_on, answers, texts) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?), ", len(im.batch)), ", ") +
			` ON CONFLICT DO NOTHING RETURNING id`)
		var err error
		stmt, err = im.tx.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		if len(im.batch) == importBatch {
			im.stmt = stmt
		} else {
			defer stmt.Close()
		}
	}
	rows, err := stmt.QueryContext(ctx, im.args...)
	if err != nil {
		return err
	}
	inserted := make(map[string]bool, len(im.batch))
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		inserted[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, p := range im.batch {
		if inserted[p.id] {
			delete(inserted, p.id) // a second row with this id in the batch is a duplicate
			im.added++
			continue
		}
		im.dups = append(im.dups, survey.CellError{Row: p.row, Column: survey.ColID,
			Reason: fmt.Sprintf("response id %q is already stored or appears earlier in the file", p.id)})
	}
	im.batch, im.args = im.batch[:0], im.args[:0]
	return nil
}

// Duplicates flushes pending rows and returns the rows whose response id
// was already taken.
func (im *Importer) Duplicates(ctx context.Context) ([]survey.CellError, error) {
	if err := im.flush(ctx); err != nil {
		return nil, err
	}
	return im.dups, nil
}

// Commit makes the import visible and returns how many responses it added.
func (im *Importer) Commit(ctx context.Context) (int, error) {
	if err := im.flush(ctx); err != nil {
		im.Rollback()
		return 0, err
	}
	if len(im.dups) > 0 {
		im.Rollback()
		return 0, errors.New("store: import has duplicate response ids")
	}
	if im.stmt != nil {
		im.stmt.Close()
	}
	return im.added, im.tx.Commit()
}

// Rollback discards the import.
func (im *Importer) Rollback() {
	if im.stmt != nil {
		im.stmt.Close()
	}
	im.tx.Rollback()
}

// Contact is an optional set of contact details.
type Contact struct {
	ID, SurveySlug, Name, Email, Organisation string
}

// AddContact stores contact details with a random key and nothing else.
func (db *DB) AddContact(ctx context.Context, c Contact) error {
	_, err := db.sql.ExecContext(ctx, db.q(`INSERT INTO contacts (id, survey_slug, name, email, organisation) VALUES (?, ?, ?, ?, ?)`),
		survey.NewID(), c.SurveySlug, c.Name, strings.TrimSpace(c.Email), c.Organisation)
	return err
}

// Contacts lists contact details left for a survey (all surveys if slug is
// empty), by email.
func (db *DB) Contacts(ctx context.Context, slug string) ([]Contact, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT id, survey_slug, name, email, organisation FROM contacts
		WHERE survey_slug = ? OR ? = '' ORDER BY lower(email), id`), slug, slug)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Contact
	for rows.Next() {
		var c Contact
		if err := rows.Scan(&c.ID, &c.SurveySlug, &c.Name, &c.Email, &c.Organisation); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// DeleteContacts deletes every set of contact details with this email
// address (compared without regard to case) and says how many went.
func (db *DB) DeleteContacts(ctx context.Context, email string) (int64, error) {
	res, err := db.sql.ExecContext(ctx, db.q(`DELETE FROM contacts WHERE lower(email) = lower(?)`), strings.TrimSpace(email))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
