// Package responses moves survey responses in and out of files: the CSV
// contract of docs/survey-format.md, and XLSX for spreadsheets. Imports
// are atomic: one bad row rejects the whole file and nothing is written.
package responses

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"sync"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/csvsafe"
	"staffnet/internal/report"
	"staffnet/internal/rows"
	"staffnet/internal/store"
	"staffnet/internal/survey"
)

// MaxReported is how many problems an import error lists in full.
const MaxReported = 200

// ImportError lists the problems that rejected a file.
type ImportError struct {
	Problems []survey.CellError // at most MaxReported
	Total    int                // all problems found
}

func (e *ImportError) Error() string {
	return rows.ProblemList("import rejected, nothing was written: %s", e.Problems, e.Total, len(e.Problems))
}

func (e *ImportError) add(errs ...survey.CellError) {
	for _, ce := range errs {
		e.Total++
		if len(e.Problems) < MaxReported {
			e.Problems = append(e.Problems, ce)
		}
	}
}

// Import reads a CSV file of responses into survey s, all or nothing. It
// returns the number of responses added, or an *ImportError.
func Import(ctx context.Context, db *store.DB, s *store.Survey, in io.Reader) (int, error) {
	cr := csv.NewReader(bufio.NewReaderSize(in, 1<<16))
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1 // counted per row below, with a clearer message
	ie := &ImportError{}
	header, err := cr.Read()
	if err == io.EOF {
		ie.add(survey.CellError{Row: 1, Reason: "the file is empty: expected a header row"})
		return 0, ie
	}
	if err != nil {
		ie.add(csvError(err))
		return 0, ie
	}
	rd, herrs := s.Def.NewRowDecoder(append([]string(nil), header...))
	if len(herrs) > 0 {
		ie.add(herrs...)
		return 0, ie
	}
	im, err := db.BeginImport(ctx, s)
	if err != nil {
		return 0, err
	}
	defer im.Rollback()
	r := s.Def.NewResponse()
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			ie.add(csvError(err))
			break // the CSV reader cannot resynchronise after a syntax error
		}
		if errs := rd.Decode(row, rec, r); len(errs) > 0 {
			ie.add(errs...)
			continue
		}
		if ie.Total > 0 {
			continue // rejected anyway: keep checking rows, stop writing them
		}
		if err := im.Add(ctx, row, r); err != nil {
			return 0, err
		}
		if row%4096 == 0 && ctx.Err() != nil {
			return 0, ctx.Err()
		}
	}
	dups, err := im.Duplicates(ctx)
	if err != nil {
		return 0, err
	}
	ie.add(dups...)
	if ie.Total > 0 {
		return 0, ie
	}
	return im.Commit(ctx)
}

func csvError(err error) survey.CellError {
	if line, reason, ok := csvsafe.Malformed(err); ok {
		return survey.CellError{Row: line, Reason: reason}
	}
	return survey.CellError{Row: 0, Reason: err.Error()}
}

// ExportCSV writes every response of s in the CSV contract and returns how
// many it wrote. Memory use does not grow with the number of responses.
//
// Unless raw is set, a cell a spreadsheet would read as a formula (a free
// text answer beginning with =, +, -, @…) gets a single quote in front;
// see package csvsafe. A raw export is exact: Import reads it back to the
// same responses.
//
// progress, if not nil, is called with the count of rows written every
// ProgressEvery rows and once at the end.
func ExportCSV(ctx context.Context, db *store.DB, s *store.Survey, out io.Writer, raw bool, progress func(n int)) (int, error) {
	bw := bufio.NewWriterSize(out, 1<<16)
	cw := csvsafe.New(bw, raw)
	if err := cw.Write(s.Def.Header()); err != nil {
		return 0, err
	}
	// Reading and decoding rows, and writing CSV, each take about half the
	// time: one goroutine does each, handing over batches of records. At
	// most a few batches are in flight, so memory stays flat.
	const batchSize, inFlight = 512, 4
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan [][]string, inFlight)
	free := make(chan [][]string, inFlight+2) // written batches come back for reuse
	next := func() [][]string {
		select {
		case b := <-free:
			return b[:0]
		default:
			return make([][]string, 0, batchSize)
		}
	}
	var readErr error
	go func() {
		defer close(batches)
		batch := next()
		readErr = db.EachResponse(ctx, s, func(r *survey.Response) error {
			var rec []string
			if len(batch) < cap(batch) {
				rec = batch[:len(batch)+1][len(batch)] // reuse the old record's slice
			}
			batch = append(batch, s.Def.Row(rec, r))
			if len(batch) == batchSize {
				select {
				case batches <- batch:
				case <-ctx.Done():
					return ctx.Err()
				}
				batch = next()
			}
			return nil
		})
		if readErr == nil && len(batch) > 0 {
			batches <- batch
		}
	}()
	n := 0
	var writeErr error
	for batch := range batches {
		if writeErr != nil {
			continue // drain so the reader can finish
		}
		for _, rec := range batch {
			if writeErr = cw.Write(rec); writeErr != nil {
				cancel()
				break
			}
			n++
			if progress != nil && n%ProgressEvery == 0 {
				progress(n)
			}
		}
		select {
		case free <- batch:
		default:
		}
	}
	if writeErr != nil {
		return n, writeErr
	}
	if readErr != nil {
		return n, readErr
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, err
	}
	if progress != nil {
		progress(n)
	}
	return n, bw.Flush()
}

// ProgressEvery is how many rows an export writes between calls of its
// progress function.
const ProgressEvery = 1000

// ExportXLSX writes the same table as ExportCSV as a one-sheet workbook,
// streamed row by row. progress is as for ExportCSV; its last call comes
// before the workbook is packed and written, which takes a while too.
func ExportXLSX(ctx context.Context, db *store.DB, s *store.Survey, out io.Writer, progress func(n int)) (int, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Responses"
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return 0, err
	}
	header := s.Def.Header()
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = h
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return 0, err
	}
	n := 0
	var rec []string
	err = db.EachResponse(ctx, s, func(r *survey.Response) error {
		rec = s.Def.Row(rec, r)
		for i, v := range rec {
			cells[i] = v
		}
		n++
		if progress != nil && n%ProgressEvery == 0 {
			progress(n)
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return n, err
	}
	if progress != nil {
		progress(n)
	}
	if err := sw.Flush(); err != nil {
		return n, err
	}
	return n, f.Write(out)
}

// Dataset loads the responses of s into the analysis engine's columnar
// form, reading two halves of the key space at once: all of them, or only
// those keep accepts (see report.Keep). With texts false, free-text
// answers are not decoded: only whether each was answered.
func Dataset(ctx context.Context, db *store.DB, s *store.Survey, texts bool, keep func(*survey.Response) bool) (*report.Dataset, error) {
	bounds := []string{"", "n", ""} // ids are random base32, so "n" splits them about evenly
	parts := make([]*report.Dataset, len(bounds)-1)
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for p := range parts {
		ds := report.NewDataset(s.Def)
		if texts {
			ds.KeepTexts()
		}
		parts[p] = ds
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[p] = loadPart(ctx, db, s, bounds[p], bounds[p+1], texts, keep, ds)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, p := range parts[1:] {
		parts[0].Grow(p.Len())
		if err := parts[0].AppendDataset(p); err != nil {
			return nil, err
		}
	}
	return parts[0], nil
}

// loadPart reads the responses with ids in [from, to) into ds. Without
// texts it tells which text questions were answered by looking for their
// JSON keys, which cannot occur unescaped inside a JSON string value.
func loadPart(ctx context.Context, db *store.DB, s *store.Survey, from, to string, texts bool, keep func(*survey.Response) bool, ds *report.Dataset) error {
	r := s.Def.NewResponse()
	var keys [][]byte
	for _, q := range s.Def.TextQuestions() {
		keys = append(keys, []byte(`"`+q.ID+`":`))
	}
	days := map[string]string{} // one string per day, not per response
	return db.EachAnswers(ctx, s, from, to, func(day, answers, raw []byte) error {
		if err := survey.DecodeSlots(r.Slots, answers); err != nil {
			return err
		}
		d, ok := days[string(day)]
		if !ok {
			d = string(day)
			days[d] = d
		}
		r.SubmittedOn = d
		if keep != nil && !keep(r) {
			return nil
		}
		if texts {
			if err := store.DecodeTexts(s.Def, raw, r); err != nil {
				return err
			}
		} else {
			for i, k := range keys {
				r.Texts[i] = ""
				if raw != nil && bytes.Contains(raw, k) {
					r.Texts[i] = "answered"
				}
			}
		}
		return ds.Append(r)
	})
}
