package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"staffnet/internal/cases"
)

// Case studies: the template's text, tags and review history. The text
// columns are written in one order everywhere (caseText), so insert,
// update and scan cannot disagree.

const caseText = `title, organisation, authors, contact, summary, challenge, action, obstacles, outputs, outcomes, lessons, next_steps, further_info`

func caseTextValues(s *cases.Study) []any {
	return []any{s.Title, s.Organisation, s.Authors, s.Contact, s.Summary, s.Challenge, s.Action,
		s.Obstacles, s.Outputs, s.Outcomes, s.Lessons, s.NextSteps, s.FurtherInfo}
}

const caseColumns = `c.id, COALESCE(c.slug, ''), c.status, c.org_code, COALESCE(c.network_id, 0), COALESCE(c.author_id, 0), c.withdrawn_reason, c.created_at, c.updated_at, c.published_at, ` +
	`c.title, c.organisation, c.authors, c.contact, c.summary, c.challenge, c.action, c.obstacles, c.outputs, c.outcomes, c.lessons, c.next_steps, c.further_info`

func scanCase(row rowScanner) (cases.Study, error) {
	var s cases.Study
	var created, updated, published string
	err := row.Scan(&s.ID, &s.Slug, &s.Status, &s.OrgCode, &s.NetworkID, &s.AuthorID, &s.WithdrawnReason, &created, &updated, &published,
		&s.Title, &s.Organisation, &s.Authors, &s.Contact, &s.Summary, &s.Challenge, &s.Action, &s.Obstacles,
		&s.Outputs, &s.Outcomes, &s.Lessons, &s.NextSteps, &s.FurtherInfo)
	if err != nil {
		return s, err
	}
	for _, t := range []struct {
		dst *time.Time
		s   string
	}{{&s.Created, created}, {&s.Updated, updated}, {&s.Published, published}} {
		if t.s != "" {
			if *t.dst, err = parseInstant(t.s); err != nil {
				return s, err
			}
		}
	}
	return s, nil
}

// clean drops control characters from every text field: search marks
// its matches with two of them.
func clean(s *cases.Study) {
	for _, p := range []*string{&s.Title, &s.Organisation, &s.Authors, &s.Contact, &s.Summary, &s.Challenge, &s.Action,
		&s.Obstacles, &s.Outputs, &s.Outcomes, &s.Lessons, &s.NextSteps, &s.FurtherInfo} {
		*p = cases.CleanText(*p)
	}
}

// CreateCaseStudies stores new studies in one transaction, with their
// tags and search text, and sets their ids. A study arrives in whatever
// status it has: the web makes drafts; demo data and benchmarks make
// published ones, with a slug.
func (db *DB) CreateCaseStudies(ctx context.Context, list ...*cases.Study) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, s := range list {
			clean(s)
			now := time.Now().UTC().Truncate(time.Second)
			if s.Created.IsZero() {
				s.Created = now
			}
			s.Updated = s.Created
			var slug, published any
			published = ""
			if s.Slug != "" {
				slug = s.Slug
			}
			if !s.Published.IsZero() {
				published = instant(s.Published)
			}
			args := append([]any{slug, string(s.Status), s.OrgCode, nullID(s.NetworkID), nullID(s.AuthorID), instant(s.Created), instant(s.Updated), published},
				caseTextValues(s)...)
			err := tx.QueryRowContext(ctx, db.q(`INSERT INTO case_studies (slug, status, org_code, network_id, author_id, created_at, updated_at, published_at, `+caseText+`)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), args...).Scan(&s.ID)
			if err != nil {
				return err
			}
			if err := db.writeCaseIndex(ctx, tx, s); err != nil {
				return err
			}
		}
		return nil
	})
}

// UpdateCaseStudy replaces the text, tags, organisation and network of
// study s.ID, but only while its authors may edit it (a draft, or back
// for changes): otherwise ErrNotFound, so a study submitted meanwhile is
// never changed under its reviewer.
func (db *DB) UpdateCaseStudy(ctx context.Context, s *cases.Study) error {
	clean(s)
	s.Updated = time.Now().UTC().Truncate(time.Second)
	return db.tx(ctx, func(tx *sql.Tx) error {
		args := append(caseTextValues(s), s.OrgCode, nullID(s.NetworkID), instant(s.Updated), s.ID, string(cases.Draft), string(cases.Changes))
		set := strings.ReplaceAll(caseText, ",", " = ?,") + " = ?"
		err := changedOne(tx.ExecContext(ctx, db.q(`UPDATE case_studies SET `+set+`, org_code = ?, network_id = ?, updated_at = ?
			WHERE id = ? AND status IN (?, ?)`), args...))
		if err != nil {
			return err
		}
		return db.writeCaseIndex(ctx, tx, s)
	})
}

// writeCaseIndex replaces a study's tags and its search row.
func (db *DB) writeCaseIndex(ctx context.Context, tx *sql.Tx, s *cases.Study) error {
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM case_study_tags WHERE case_id = ?`), s.ID); err != nil {
		return err
	}
	for _, p := range s.Tags.Pairs() {
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO case_study_tags (case_id, kind, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`), s.ID, p[0], p[1]); err != nil {
			return err
		}
	}
	return db.writeSearchRow(ctx, tx, s)
}

// writeSearchRow keeps SQLite's FTS5 table to the published studies: a
// study's row is removed and, if it is published, written again.
// PostgreSQL's search column follows the text by itself, and search
// there checks the status.
func (db *DB) writeSearchRow(ctx context.Context, tx *sql.Tx, s *cases.Study) error {
	if db.pg {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM case_studies_fts WHERE rowid = ?`, s.ID); err != nil || s.Status != cases.Published {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO case_studies_fts (rowid, title, summary, body) VALUES (?, ?, ?, ?)`, s.ID, s.Title, s.Summary, s.Body())
	return err
}

// CaseStudy reads study id with its tags.
func (db *DB) CaseStudy(ctx context.Context, id int64) (*cases.Study, error) {
	return db.caseWhere(ctx, `c.id = ?`, id)
}

// CaseStudyBySlug reads the study published at slug (it may since have
// been withdrawn).
func (db *DB) CaseStudyBySlug(ctx context.Context, slug string) (*cases.Study, error) {
	return db.caseWhere(ctx, `c.slug = ?`, slug)
}

func (db *DB) caseWhere(ctx context.Context, where string, arg any) (*cases.Study, error) {
	s, err := scanOne(db.sql.QueryRowContext(ctx, db.q(`SELECT `+caseColumns+` FROM case_studies c WHERE `+where), arg), scanCase)
	if err != nil {
		return nil, err
	}
	s.Tags = cases.Tags{}
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT kind, value FROM case_study_tags WHERE case_id = ? ORDER BY kind, value`), s.ID)
	err = eachRow(rows, err, func(r rowScanner) error {
		var k, v string
		if err := r.Scan(&k, &v); err != nil {
			return err
		}
		s.Tags[cases.Kind(k)] = append(s.Tags[cases.Kind(k)], v)
		return nil
	})
	return s, err
}

// CaseFilter chooses studies for a list; zero fields do not filter.
type CaseFilter struct {
	Statuses  []cases.Status
	OrgCode   string
	NetworkID int64
	AuthorID  int64
}

// CaseStudies lists the studies f chooses, most recently changed first,
// without their tags.
func (db *DB) CaseStudies(ctx context.Context, f CaseFilter) ([]cases.Study, error) {
	var where []string
	var args []any
	if len(f.Statuses) > 0 {
		where = append(where, `c.status IN (?`+strings.Repeat(`, ?`, len(f.Statuses)-1)+`)`)
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
	}
	for _, c := range []struct {
		col string
		v   any
		on  bool
	}{{"c.org_code", f.OrgCode, f.OrgCode != ""}, {"c.network_id", f.NetworkID, f.NetworkID != 0}, {"c.author_id", f.AuthorID, f.AuthorID != 0}} {
		if c.on {
			where = append(where, c.col+` = ?`)
			args = append(args, c.v)
		}
	}
	q := `SELECT ` + caseColumns + ` FROM case_studies c`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	rows, err := db.sql.QueryContext(ctx, db.q(q+` ORDER BY c.updated_at DESC, c.id DESC`), args...)
	return scanAll(rows, err, scanCase)
}

// Review is one step of a study's review history.
type Review struct {
	Step       cases.Step
	AuthorName string
	Body       string
	At         time.Time
}

// CaseReviews lists study id's review history, oldest first.
func (db *DB) CaseReviews(ctx context.Context, id int64) ([]Review, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT step, author_name, body, created_at FROM case_study_reviews WHERE case_id = ? ORDER BY id`), id)
	return scanAll(rows, err, func(r rowScanner) (Review, error) {
		var v Review
		var at string
		if err := r.Scan(&v.Step, &v.AuthorName, &v.Body, &at); err != nil {
			return v, err
		}
		v.At, err = parseInstant(at)
		return v, err
	})
}

// CaseStep takes a review step on study id, as account by (named name in
// the history), with a comment or a withdrawal's reason in body. The
// status moves as cases.Next says, checked against the stored status
// inside the transaction, so two reviewers acting at once cannot both
// act on the same status. A first approval fixes the study's slug from
// its title (with its id added if another study has it). It returns the
// study's new status.
func (db *DB) CaseStep(ctx context.Context, id int64, step cases.Step, by int64, name, body string) (cases.Status, error) {
	var next cases.Status
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var status, slug, title string
		err := tx.QueryRowContext(ctx, db.q(`SELECT status, COALESCE(slug, ''), title FROM case_studies WHERE id = ?`+db.forUpdate()), id).Scan(&status, &slug, &title)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if next, err = cases.Next(cases.Status(status), step); err != nil {
			return err
		}
		now := instant(time.Now())
		switch {
		case step == cases.Approve && slug == "":
			slug = cases.Slugify(title)
			var taken int
			if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM case_studies WHERE slug = ?`), slug).Scan(&taken); err != nil {
				return err
			}
			if taken > 0 {
				slug = fmt.Sprintf("%s-%d", slug, id)
			}
			_, err = tx.ExecContext(ctx, db.q(`UPDATE case_studies SET status = ?, slug = ?, published_at = ? WHERE id = ?`), string(next), slug, now, id)
		case step == cases.Withdraw:
			_, err = tx.ExecContext(ctx, db.q(`UPDATE case_studies SET status = ?, withdrawn_reason = ? WHERE id = ?`), string(next), cases.CleanText(body), id)
		default:
			_, err = tx.ExecContext(ctx, db.q(`UPDATE case_studies SET status = ? WHERE id = ?`), string(next), id)
		}
		if err != nil {
			return err
		}
		if next != cases.Status(status) && (next == cases.Published || status == string(cases.Published)) {
			st, err := scanCase(tx.QueryRowContext(ctx, db.q(`SELECT `+caseColumns+` FROM case_studies c WHERE c.id = ?`), id))
			if err == nil {
				err = db.writeSearchRow(ctx, tx, &st)
			}
			if err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, db.q(`INSERT INTO case_study_reviews (case_id, step, author_id, author_name, body, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
			id, string(step), nullID(by), name, cases.CleanText(body), now)
		return err
	})
	return next, err
}
