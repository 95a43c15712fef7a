package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"

	"staffnet/internal/auth"
	"staffnet/internal/survey"
)

// ErrDuplicate is returned when a form's one-time token was already used:
// the response it carries is stored already.
var ErrDuplicate = errors.New("already submitted")

// encodeTexts stores a response's free-text answers as a JSON object keyed
// by question id, or NULL if there are none. It writes the same bytes as
// json.Marshal of a map (keys in sorted order) without building one: this
// runs for every row of an import.
func encodeTexts(def *survey.Definition, order []int, r *survey.Response) (sql.NullString, error) {
	var b []byte
	for _, i := range order {
		t := r.Texts[i]
		if t == "" {
			continue
		}
		v, err := json.Marshal(t)
		if err != nil {
			return sql.NullString{}, err
		}
		if b == nil {
			b = append(b, '{')
		} else {
			b = append(b, ',')
		}
		k, _ := json.Marshal(def.TextQuestions()[i].ID)
		b = append(append(append(b, k...), ':'), v...)
	}
	if b == nil {
		return sql.NullString{}, nil
	}
	return sql.NullString{String: string(append(b, '}')), Valid: true}, nil
}

// textOrder returns the indexes of def's text questions in order of their
// ids, as encodeTexts wants them.
func textOrder(def *survey.Definition) []int {
	qs := def.TextQuestions()
	order := make([]int, len(qs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(qs[a].ID, qs[b].ID) })
	return order
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

// SubmitResponse stores a response answered in a browser. token is the
// form's one-time token: if it was used before, nothing is stored and
// ErrDuplicate is returned. The response's id and date are set here.
func (db *DB) SubmitResponse(ctx context.Context, s *Survey, token string, r *survey.Response) error {
	r.ID = survey.NewID()
	r.SubmittedOn = Today()
	texts, err := encodeTexts(s.Def, textOrder(s.Def), r)
	if err != nil {
		return err
	}
	answers := survey.EncodeSlots(nil, r.Slots)
	useToken, err := db.stmt(ctx, `INSERT INTO submission_tokens (token) VALUES (?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return err
	}
	insert, err := db.stmt(ctx, `INSERT INTO responses (survey_id, id, submitted_on, answers, texts) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.StmtContext(ctx, useToken).ExecContext(ctx, auth.HashToken(token))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrDuplicate
		}
		_, err = tx.StmtContext(ctx, insert).ExecContext(ctx, s.ID, r.ID, r.SubmittedOn, answers, texts)
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
//
// It is built for files of a million rows. Rows are written in batches by
// a goroutine of its own, so the caller's reading and checking of the next
// batch overlaps with the database's work on the last one. Each batch is
// sorted by id before it is written, which keeps the B-tree inserts of
// random ids local. Duplicate ids are found without asking the database
// about every row: a set of id hashes catches repeats within the file, and
// the database is asked only about those suspects — and about every row
// when the survey already had responses before the import began.
type Importer struct {
	db       *DB
	conn     *sql.Conn
	tx       *sql.Tx
	s        *Survey
	existing bool // the survey had responses when the import began

	textOrder []int // for encodeTexts

	seed maphash.Seed
	seen map[uint64]struct{} // hashes of every id added so far

	batch    []pending      // being filled by Add
	free     [][]pending    // batches the writer has finished with
	work     chan batchWork // to the writer; nil once it has stopped
	results  chan batchResult
	inFlight int // batches handed to the writer whose results are not collected
	batchLen int // rows per batch: importBatch, smaller in tests

	dups  []survey.CellError
	added int
	err   error // the first write error; the import can only be rolled back
	done  bool  // committed or rolled back
}

type pending struct {
	row     int
	id      string
	date    string
	answers []byte
	texts   sql.NullString
	suspect bool // its id hash was seen before
}

type batchWork struct {
	ctx  context.Context
	rows []pending
}

type batchResult struct {
	rows  []pending
	dups  []survey.CellError
	added int
	err   error
}

// importBatch rows are sorted by id and handed to the writer together:
// the table is keyed by random ids, and inserting a large sorted run walks
// the B-tree once in order instead of touching pages at random.
const importBatch = 32768

// importStmtRows rows go into one INSERT: 4 parameters each, well within
// SQLite's 32,766 and PostgreSQL's 65,535.
const importStmtRows = 2048

// importCacheKiB is the SQLite page cache of the connection an import
// runs on (the default is 2 MiB). The table's B-tree is written in random
// id order, so a larger cache saves spilling and re-reading pages: at a
// million rows 256 MiB imports about 15% faster than 64 MiB.
const importCacheKiB = 256 << 10

// BeginImport starts an import into survey s.
//
// On SQLite the import runs on a connection of its own with foreign key
// checks off: the survey's existence is checked once in the transaction
// (which holds the database's write lock, and surveys are never deleted)
// instead of once per row, and without them an INSERT OR IGNORE needs no
// statement journal. The connection's settings are restored afterwards.
func (db *DB) BeginImport(ctx context.Context, s *Survey) (*Importer, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return nil, err
	}
	im := &Importer{db: db, conn: conn, s: s, textOrder: textOrder(s.Def), seed: maphash.MakeSeed(), seen: map[uint64]struct{}{}, batchLen: importBatch}
	if !db.pg {
		if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA foreign_keys = OFF; PRAGMA cache_size = -%d`, importCacheKiB)); err != nil {
			im.release()
			return nil, err
		}
	}
	im.tx, err = conn.BeginTx(ctx, nil)
	if err != nil {
		im.release()
		return nil, err
	}
	var one int
	err = im.tx.QueryRowContext(ctx, db.q(`SELECT 1 FROM surveys WHERE id = ?`+keyShare[db.pg]), s.ID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		err = fmt.Errorf("store: import into survey %d: %w", s.ID, ErrNotFound)
	}
	if err == nil && db.pg {
		err = skipRowTriggers(ctx, im.tx)
	}
	if err == nil {
		err = im.tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM (SELECT 1 FROM responses WHERE survey_id = ? LIMIT 1) t`), s.ID).Scan(&one)
		im.existing = one > 0
	}
	if err != nil {
		im.tx.Rollback()
		im.release()
		return nil, err
	}
	// Up to two batches are with the writer: it never waits for the
	// reader to collect a result before starting on the next batch.
	im.work, im.results = make(chan batchWork, 1), make(chan batchResult, 2)
	go im.writer(im.work)
	return im, nil
}

// release restores the connection's settings and hands it back to the
// pool, or has the pool discard it if they cannot be restored.
func (im *Importer) release() {
	if !im.db.pg {
		_, err := im.conn.ExecContext(context.Background(), `PRAGMA foreign_keys = ON; PRAGMA cache_size = -2000`)
		if err != nil {
			im.conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}
	im.conn.Close()
}

// Add queues r, read from file row row. A response id that already exists
// (in the database or earlier in the file) is reported by Duplicates, not
// stored twice. An error means the import can only be rolled back.
func (im *Importer) Add(ctx context.Context, row int, r *survey.Response) error {
	if im.err != nil {
		return im.err
	}
	texts, err := encodeTexts(im.s.Def, im.textOrder, r)
	if err != nil {
		return err
	}
	if im.batch == nil {
		im.batch = im.newBatch()
	}
	// One probe of the set, not a lookup and an insert: at a million rows
	// the set outgrows the caches and each probe is a memory access.
	n := len(im.seen)
	im.seen[maphash.String(im.seed, r.ID)] = struct{}{}
	suspect := len(im.seen) == n
	// answers gets its own array: the batch is handed to the writer.
	im.batch = append(im.batch, pending{row: row, id: r.ID, date: r.SubmittedOn,
		answers: survey.EncodeSlots(make([]byte, 0, len(r.Slots)+4), r.Slots), texts: texts, suspect: suspect})
	if len(im.batch) == im.batchLen {
		return im.flush(ctx)
	}
	return nil
}

func (im *Importer) newBatch() []pending {
	if n := len(im.free); n > 0 {
		b := im.free[n-1]
		im.free = im.free[:n-1]
		return b[:0]
	}
	return make([]pending, 0, im.batchLen)
}

// flush sorts the current batch and hands it to the writer, after
// collecting the result of the one before it.
func (im *Importer) flush(ctx context.Context) error {
	// By id, then file row: of two rows with one id, the earlier comes
	// first and is the one stored. Sorted before waiting, so that the
	// sort runs while the writer is still busy with the previous batch.
	slices.SortFunc(im.batch, func(a, b pending) int {
		if c := strings.Compare(a.id, b.id); c != 0 {
			return c
		}
		return a.row - b.row
	})
	for im.inFlight >= 2 {
		if err := im.wait(); err != nil {
			return err
		}
	}
	if im.err != nil {
		return im.err
	}
	if len(im.batch) == 0 {
		return nil
	}
	im.work <- batchWork{ctx, im.batch}
	im.inFlight++
	im.batch = nil
	return nil
}

// waitAll collects the results of every batch handed to the writer.
func (im *Importer) waitAll() error {
	for im.inFlight > 0 {
		im.wait()
	}
	return im.err
}

// wait collects the result of the oldest batch with the writer, if any.
func (im *Importer) wait() error {
	if im.inFlight > 0 {
		res := <-im.results
		im.inFlight--
		im.free = append(im.free, res.rows)
		im.dups = append(im.dups, res.dups...)
		im.added += res.added
		if res.err != nil && im.err == nil {
			im.err = res.err
		}
	}
	return im.err
}

// stop flushes nothing more and ends the writer.
func (im *Importer) stop() {
	im.waitAll()
	if im.work != nil {
		close(im.work)
		im.work = nil
	}
}

// writer writes batches, in order, until work is closed. It gets work as
// an argument because stop clears the field.
func (im *Importer) writer(work <-chan batchWork) {
	var full *sql.Stmt // the INSERT for a whole batch, prepared once
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	for w := range work {
		res := batchResult{rows: w.rows}
		res.dups, res.added, res.err = im.write(w.ctx, w.rows, &full)
		im.results <- res
	}
}

// write stores one sorted batch and reports its duplicates.
func (im *Importer) write(ctx context.Context, rows []pending, full **sql.Stmt) ([]survey.CellError, int, error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	dupErr := func(p pending) survey.CellError {
		return survey.CellError{Row: p.row, Column: survey.ColID,
			Reason: fmt.Sprintf("response id %q is already stored or appears earlier in the file", p.id)}
	}
	// Ids already in the table: from before the import, or from an
	// earlier batch (only suspects can be).
	var ask []any
	for _, p := range rows {
		if im.existing || p.suspect {
			ask = append(ask, p.id)
		}
	}
	stored := map[string]bool{}
	for len(ask) > 0 {
		chunk := ask[:min(len(ask), importStmtRows)]
		ask = ask[len(chunk):]
		q := im.db.q(`SELECT id FROM responses WHERE survey_id = ? AND id IN (` +
			strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ") + `)`)
		r, err := im.tx.QueryContext(ctx, q, append([]any{im.s.ID}, chunk...)...)
		if err != nil {
			return nil, 0, err
		}
		for r.Next() {
			var id string
			if err := r.Scan(&id); err != nil {
				r.Close()
				return nil, 0, err
			}
			stored[id] = true
		}
		r.Close()
		if err := r.Err(); err != nil {
			return nil, 0, err
		}
	}
	var dups []survey.CellError
	args := make([]any, 0, 4*len(rows))
	n := 0
	for i, p := range rows {
		if stored[p.id] || (i > 0 && rows[i-1].id == p.id) { // sorted: repeats are adjacent
			dups = append(dups, dupErr(p))
			continue
		}
		args = append(args, p.id, p.date, p.answers, p.texts)
		n++
	}
	if n == 0 {
		return dups, 0, nil
	}
	if im.db.pg {
		added, err := im.copy(ctx, args)
		return dups, added, err
	}
	added := 0
	for len(args) > 0 {
		k := min(len(args)/4, importStmtRows)
		got, err := im.insert(ctx, args[:4*k], k, full)
		if err != nil {
			return nil, 0, err
		}
		added += got
		args = args[4*k:]
	}
	if added != n {
		// Only another import committing the same ids at the same moment
		// (PostgreSQL) can cause this; which rows clashed is unknown.
		dups = append(dups, survey.CellError{Row: rows[0].row, Column: survey.ColID,
			Reason: fmt.Sprintf("%d response ids of this batch of rows were stored by another import meanwhile", n-added)})
	}
	return dups, added, nil
}

// copy stores rows (4 arguments each, as insert takes them) through
// PostgreSQL's COPY protocol, several times faster than INSERT. COPY has
// no ON CONFLICT: write has already left out every id stored before or
// repeated in the file, so only another import committing the same ids
// at the same moment can make it fail, and then the whole import is
// rolled back with that reason.
func (im *Importer) copy(ctx context.Context, args []any) (int, error) {
	k := len(args) / 4
	n, err := copyRows(ctx, im.conn, "responses", []string{"survey_id", "id", "submitted_on", "answers", "texts"}, k, func(i int, row []any) {
		texts := args[4*i+3].(sql.NullString)
		row[0], row[1], row[2], row[3], row[4] = im.s.ID, args[4*i], args[4*i+1], args[4*i+2], nil
		if texts.Valid {
			row[4] = texts.String
		}
	})
	if isUniqueViolation(err) {
		err = fmt.Errorf("store: another import stored some of these response ids meanwhile; nothing was imported: %w", err)
	}
	return int(n), err
}

// insert runs one INSERT of k rows and says how many it stored. The
// statement for a full importStmtRows is prepared once and kept in *full.
func (im *Importer) insert(ctx context.Context, args []any, k int, full **sql.Stmt) (int, error) {
	stmt := *full
	if k != importStmtRows || stmt == nil {
		// The survey id is the same in every row: written into the
		// statement (it is our own integer), it costs no binding per row.
		row := fmt.Sprintf("(%d, ?, ?, ?, ?), ", im.s.ID)
		// Dialects differ: SQLite's OR IGNORE also covers NOT NULL, so the
		// statement can never stop half-way and needs no statement journal;
		// PostgreSQL's ON CONFLICT skips rows another transaction has just
		// inserted, rather than waiting and failing.
		values := strings.TrimSuffix(strings.Repeat(row, k), ", ")
		q := `INSERT OR IGNORE INTO responses (survey_id, id, submitted_on, answers, texts) VALUES ` + values
		if im.db.pg {
			q = im.db.q(`INSERT INTO responses (survey_id, id, submitted_on, answers, texts) VALUES ` + values + ` ON CONFLICT DO NOTHING`)
		}
		var err error
		stmt, err = im.tx.PrepareContext(ctx, q)
		if err != nil {
			return 0, err
		}
		if k == importStmtRows {
			*full = stmt
		} else {
			defer stmt.Close()
		}
	}
	res, err := stmt.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	got, err := res.RowsAffected()
	return int(got), err
}

// Duplicates flushes pending rows and returns the rows whose response id
// was already taken, in file order.
func (im *Importer) Duplicates(ctx context.Context) ([]survey.CellError, error) {
	if err := im.flush(ctx); err != nil {
		return nil, err
	}
	if err := im.waitAll(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(im.dups, func(a, b survey.CellError) int { return a.Row - b.Row })
	return im.dups, nil
}

// Commit makes the import visible and returns how many responses it added.
func (im *Importer) Commit(ctx context.Context) (int, error) {
	if im.done {
		return 0, sql.ErrTxDone
	}
	dups, err := im.Duplicates(ctx)
	if err != nil {
		im.Rollback()
		return 0, err
	}
	if len(dups) > 0 {
		im.Rollback()
		return 0, errors.New("store: import has duplicate response ids")
	}
	im.stop()
	im.done = true
	err = im.tx.Commit()
	im.release()
	if err != nil {
		return 0, err
	}
	return im.added, nil
}

// Rollback discards the import. It may be called after Commit, and does
// nothing then.
func (im *Importer) Rollback() {
	if im.done {
		return
	}
	im.stop()
	im.done = true
	im.tx.Rollback()
	im.release()
}

// EachAnswers calls fn with the day submitted (YYYY-MM-DD), the packed
// answers and the raw free-text JSON (nil when there is none) of every
// response of s whose id lies in [from, to) (an empty bound is open). The
// slices are valid only during the call. It is the analysis engine's fast
// path: several key ranges can be read at once on separate connections.
func (db *DB) EachAnswers(ctx context.Context, s *Survey, from, to string, fn func(day, answers, texts []byte) error) error {
	q := `SELECT submitted_on, answers, texts FROM responses WHERE survey_id = ?`
	args := []any{s.ID}
	if from != "" {
		q += ` AND id >= ?`
		args = append(args, from)
	}
	if to != "" {
		q += ` AND id < ?`
		args = append(args, to)
	}
	rows, err := db.sql.QueryContext(ctx, db.q(q), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var day, answers, texts sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&day, &answers, &texts); err != nil {
			return err
		}
		if err := fn(day, answers, texts); err != nil {
			return err
		}
	}
	return rows.Err()
}

// DecodeTexts fills r.Texts from the texts column as EachAnswers gives it.
func DecodeTexts(def *survey.Definition, texts []byte, r *survey.Response) error {
	return decodeTexts(def, sql.NullString{String: string(texts), Valid: texts != nil}, r)
}
