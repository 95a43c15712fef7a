package store

import (
	"context"
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
// plus the log of the document's length), and break ties by the most
// recently published. Snippets mark matches with \x01 and \x02, which no
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
// there is a query, else the most recently published first.
func (db *DB) SearchCaseStudies(ctx context.Context, s CaseSearch) (*CaseResults, error) {
	if s.Limit <= 0 {
		s.Limit = 20
	}
	where := []string{`c.status = ?`}
	args := []any{string(cases.Published)}
	if s.NetworkID != 0 {
		where = append(where, `c.network_id = ?`)
		args = append(args, s.NetworkID)
	}
	for _, k := range cases.Kinds {
		if v := s.Tags[k]; v != "" {
			where = append(where, `c.id IN (SELECT case_id FROM case_study_tags WHERE kind = ? AND value = ?)`)
			args = append(args, string(k), v)
		}
	}
	from := ` FROM case_studies c`
	hit := `c.id, c.slug, c.title, c.organisation, c.summary, c.published_at`
	order := ` ORDER BY c.published_at DESC, c.id DESC`
	snippet := `''`
	if !s.Query.Empty() {
		if db.pg {
			from = ` FROM case_studies c, websearch_to_tsquery('english', ?) AS q`
			args = append([]any{s.Query.Websearch()}, args...)
			where = append(where, `c.search @@ q`)
			order = ` ORDER BY ts_rank(c.search, q, 1) DESC, c.published_at DESC, c.id DESC`
			// ts_headline reads the whole text, so only the page's hits
			// get one (the outer query below).
			snippet = `ts_headline('english', c.summary || ' ' || c.organisation || ' ' || c.challenge || ' ' || c.action || ' ' || c.obstacles || ' ' ||
				c.outputs || ' ' || c.outcomes || ' ' || c.lessons || ' ' || c.next_steps || ' ' || c.further_info, q,
				'StartSel=` + MarkStart + `, StopSel=` + MarkEnd + `, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "')`
		} else {
			from = ` FROM case_studies_fts f JOIN case_studies c ON c.id = f.rowid`
			args = append([]any{s.Query.FTS5()}, args...)
			where = append([]string{`case_studies_fts MATCH ?`}, where...)
			order = ` ORDER BY bm25(case_studies_fts, 5.0, 2.0, 1.0), c.published_at DESC, c.id DESC`
			snippet = `snippet(case_studies_fts, -1, '` + MarkStart + `', '` + MarkEnd + `', ' … ', 24)`
		}
	}
	cond := ` WHERE ` + strings.Join(where, ` AND `)
	res := &CaseResults{}
	page := append(args, s.Limit, s.Offset)
	var query string
	var total []any // where the page's query puts the count, if it does
	switch {
	case !db.pg:
		// FTS5's functions cannot share a query with a window, so SQLite
		// counts first; its index counts matches cheaply.
		if err := db.sql.QueryRowContext(ctx, `SELECT count(*)`+from+cond, args...).Scan(&res.Total); err != nil || res.Total == 0 {
			return res, err
		}
		query = `SELECT ` + hit + `, ` + snippet + from + cond + order + ` LIMIT ? OFFSET ?`
	case s.Query.Empty():
		query, total = `SELECT `+hit+`, `+snippet+`, count(*) OVER ()`+from+cond+order+` LIMIT ? OFFSET ?`, []any{&res.Total}
	default:
		// One pass finds, counts and ranks the matches and cuts the page;
		// then only the page's hits get a headline.
		query = `SELECT ` + hit + `, ` + snippet + `, top.total FROM (SELECT c.id, q, row_number() OVER (` + order + `) AS ord, count(*) OVER () AS total` +
			from + cond + order + ` LIMIT ? OFFSET ?) top JOIN case_studies c ON c.id = top.id ORDER BY top.ord`
		total = []any{&res.Total}
	}
	rows, err := db.sql.QueryContext(ctx, db.q(query), page...)
	res.Hits, err = scanAll(rows, err, func(r rowScanner) (CaseHit, error) { return scanHit(r, total...) })
	if err == nil && db.pg && len(res.Hits) == 0 && s.Offset > 0 {
		// Past the last page: count on its own.
		err = db.sql.QueryRowContext(ctx, db.q(`SELECT count(*)`+from+cond), args...).Scan(&res.Total)
	}
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
