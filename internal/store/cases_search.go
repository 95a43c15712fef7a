package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"staffnet/internal/cases"
)

// Searching the published case studies. The query language is
// cases.Query's; it becomes an FTS5 MATCH expression on SQLite and a
// websearch_to_tsquery on PostgreSQL, both of which require every word
// and phrase. Both rank title matches above summary matches above the
// rest (FTS5's bm25 with column weights 5, 2 and 1; PostgreSQL's ts_rank
// with its default weights 1, 0.4 and 0.2 for A, B and C, divided by one
// plus the log of the document's length), and break ties by the newest
// study (the highest id). Snippets mark matches with \x01 and \x02, which no
// stored text contains (clean drops them), for the web to turn into
// <mark> after escaping the text.

// MarkStart and MarkEnd bracket a match in a search hit's Snippet.
const (
	MarkStart = "\x01"
	MarkEnd   = "\x02"
)

// CaseSearch is one search of the published studies.
type CaseSearch struct {
	Query cases.Query
	Tags  map[cases.Kind]string // one value per kind, all required
	// NetworkID, when not 0, keeps the studies written for that network.
	NetworkID int64
	Limit     int // 20 if 0
	Offset    int
}

// CaseHit is one study found.
type CaseHit struct {
	ID                        int64
	Slug, Title, Organisation string
	Summary                   string // the whole summary, for lists without a query
	Snippet                   string // around the matches, with MarkStart and MarkEnd; "" without a query
	Published                 time.Time
}

// CaseResults are a page of hits and how many there are in all.
type CaseResults struct {
	Total int
	Hits  []CaseHit
}

// SearchCaseStudies finds published studies matching s: by rank when
// there is a query (ties: the newest study first), else the most
// recently published first.
func (db *DB) SearchCaseStudies(ctx context.Context, s CaseSearch) (*CaseResults, error) {
	if s.Limit <= 0 {
		s.Limit = 20
	}
	switch {
	case s.Query.Empty():
		return db.listCases(ctx, s)
	case db.pg:
		return db.searchCasesPG(ctx, s)
	}
	return db.searchCasesFTS5(ctx, s)
}

// caseFilters are s's filters as conditions on the study id in column
// id (case_studies' id, or the FTS5 table's rowid, which is the same).
func caseFilters(s CaseSearch, id string) (where []string, args []any) {
	if s.NetworkID != 0 {
		where = append(where, id+` IN (SELECT id FROM case_studies WHERE network_id = ?)`)
		args = append(args, s.NetworkID)
	}
	for _, k := range cases.Kinds {
		if v := s.Tags[k]; v != "" {
			where = append(where, id+` IN (SELECT case_id FROM case_study_tags WHERE kind = ? AND value = ?)`)
			args = append(args, string(k), v)
		}
	}
	return where, args
}

const caseHitColumns = `c.id, c.slug, c.title, c.organisation, c.summary, c.published_at`

// pageOfCases runs query, whose last columns are the snippet and the
// count of all matches, then, when the page is past the last match,
// count to fill in the total.
func (db *DB) pageOfCases(ctx context.Context, on querier, query string, args []any, s CaseSearch, count string, countArgs []any) (*CaseResults, error) {
	res := &CaseResults{}
	rows, err := on.QueryContext(ctx, db.q(query), append(args, s.Limit, s.Offset)...)
	res.Hits, err = scanAll(rows, err, func(r rowScanner) (CaseHit, error) { return scanHit(r, &res.Total) })
	if err == nil && len(res.Hits) == 0 && s.Offset > 0 {
		err = db.sql.QueryRowContext(ctx, db.q(count), countArgs...).Scan(&res.Total)
	}
	return res, err
}

// listCases lists published studies without a query.
func (db *DB) listCases(ctx context.Context, s CaseSearch) (*CaseResults, error) {
	where, args := caseFilters(s, `c.id`)
	cond := ` FROM case_studies c WHERE ` + strings.Join(append([]string{`c.status = ?`}, where...), ` AND `)
	args = append([]any{string(cases.Published)}, args...)
	return db.pageOfCases(ctx, db.sql, `SELECT `+caseHitColumns+`, '', count(*) OVER ()`+cond+` ORDER BY c.published_at DESC, c.id DESC LIMIT ? OFFSET ?`,
		args, s, `SELECT count(*)`+cond, args)
}

// searchCasesPG: one pass finds, counts and ranks the matches and cuts
// the page; then only the page's hits get a headline, which reads the
// whole text.
func (db *DB) searchCasesPG(ctx context.Context, s CaseSearch) (*CaseResults, error) {
	where, args := caseFilters(s, `c.id`)
	cond := ` FROM case_studies c, websearch_to_tsquery('english', ?) AS q WHERE ` +
		strings.Join(append([]string{`c.search @@ q`, `(c.status = ?) IS TRUE`}, where...), ` AND `)
	args = append([]any{s.Query.Websearch(), string(cases.Published)}, args...)
	order := `ORDER BY ts_rank(c.search, q, 1) DESC, c.id DESC`
	headline := `ts_headline('english', c.summary || ' ' || c.organisation || ' ' || c.challenge || ' ' || c.action || ' ' || c.obstacles || ' ' ||
		c.outputs || ' ' || c.outcomes || ' ' || c.lessons || ' ' || c.next_steps || ' ' || c.further_info, top.q,
		'StartSel=` + MarkStart + `, StopSel=` + MarkEnd + `, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')`
	query := `SELECT ` + caseHitColumns + `, ` + headline + `, top.total
		FROM (SELECT c.id, q, row_number() OVER (` + order + `) AS ord, count(*) OVER () AS total` + cond + ` ` + order + ` LIMIT ? OFFSET ?) top
		JOIN case_studies c ON c.id = top.id ORDER BY top.ord`
	// The planner prices @@ as if it were cheap and scans the whole table
	// when a word is in a good share of the studies; but each study's
	// tsvector is stored compressed out of line, and reading all 10,000
	// for @@ costs more than the GIN index's bitmap, which needs no
	// recheck for words (docs/performance.md). So this read-only
	// transaction turns sequential scans off, and the status test is
	// written "IS TRUE" so that it cannot use the status index instead
	// (which would read every published study's tsvector again).
	tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		return nil, err
	}
	return db.pageOfCases(ctx, tx, query, args, s, `SELECT count(*)`+cond, args)
}

// searchCasesFTS5 searches the FTS5 table, which holds only published
// studies, so that counting and ranking never touch case_studies. FTS5's
// functions cannot share a query with a window, so it counts first; the
// snippets are made for the page's hits alone.
func (db *DB) searchCasesFTS5(ctx context.Context, s CaseSearch) (*CaseResults, error) {
	where, args := caseFilters(s, `rowid`)
	cond := ` FROM case_studies_fts WHERE ` + strings.Join(append([]string{`case_studies_fts MATCH ?`}, where...), ` AND `)
	args = append([]any{s.Query.FTS5()}, args...)
	res := &CaseResults{}
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*)`+cond, args...).Scan(&res.Total); err != nil || res.Total <= s.Offset {
		return res, err
	}
	query := `SELECT ` + caseHitColumns + `, snippet(case_studies_fts, -1, '` + MarkStart + `', '` + MarkEnd + `', ' … ', 24)
		FROM (SELECT rowid AS id, bm25(case_studies_fts, 5.0, 2.0, 1.0) AS r` + cond + ` ORDER BY r, rowid DESC LIMIT ? OFFSET ?) top
		JOIN case_studies c ON c.id = top.id JOIN case_studies_fts ON case_studies_fts.rowid = top.id
		WHERE case_studies_fts MATCH ? ORDER BY top.r, top.id DESC`
	all := append(args, s.Limit, s.Offset, s.Query.FTS5())
	rows, err := db.sql.QueryContext(ctx, query, all...)
	res.Hits, err = scanAll(rows, err, func(r rowScanner) (CaseHit, error) { return scanHit(r) })
	return res, err
}

// scanHit reads a hit, and any further columns into more.
func scanHit(r rowScanner, more ...any) (CaseHit, error) {
	var h CaseHit
	var published string
	if err := r.Scan(append([]any{&h.ID, &h.Slug, &h.Title, &h.Organisation, &h.Summary, &published, &h.Snippet}, more...)...); err != nil {
		return h, err
	}
	var err error
	h.Published, err = parseInstant(published)
	return h, err
}

// CasesTagged lists up to limit published studies that carry any of the
// tags (kind, value), those with the most of them first, then the most
// recently published: "networks that did this" for a recommendation, and
// studies of similar networks (same type, same region) for the guide.
func (db *DB) CasesTagged(ctx context.Context, tags [][2]string, limit int) ([]CaseHit, error) {
	if len(tags) == 0 {
		return nil, nil
	}
	var or []string
	var args []any
	for _, t := range tags {
		or = append(or, `(kind = ? AND value = ?)`)
		args = append(args, t[0], t[1])
	}
	args = append(args, string(cases.Published), limit)
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT c.id, c.slug, c.title, c.organisation, c.summary, c.published_at, ''
		FROM case_studies c JOIN (SELECT case_id, count(*) AS n FROM case_study_tags WHERE `+strings.Join(or, ` OR `)+` GROUP BY case_id) t ON t.case_id = c.id
		WHERE c.status = ? ORDER BY t.n DESC, c.published_at DESC, c.id DESC LIMIT ?`), args...)
	return scanAll(rows, err, func(r rowScanner) (CaseHit, error) { return scanHit(r) })
}

// Analyze refreshes the query planner's statistics after a bulk load
// (demo data, benchmarks), so that searches use the full-text indexes.
func (db *DB) Analyze(ctx context.Context) error {
	_, err := db.sql.ExecContext(ctx, `ANALYZE`)
	return err
}
