// Package responses moves survey responses in and out of files: the CSV
// contract of docs/survey-format.md, and XLSX for spreadsheets. Imports
// are atomic: one bad row rejects the whole file and nothing is written.
package responses

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

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
	var b strings.Builder
	fmt.Fprintf(&b, "import rejected, nothing was written: %d problem", e.Total)
	if e.Total != 1 {
		b.WriteByte('s')
	}
	for _, p := range e.Problems {
		b.WriteString("\n")
		b.WriteString(p.Error())
	}
	if e.Total > len(e.Problems) {
		fmt.Fprintf(&b, "\n… and %d more", e.Total-len(e.Problems))
	}
	return b.String()
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
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return survey.CellError{Row: pe.StartLine, Reason: "malformed CSV: " + pe.Err.Error()}
	}
	return survey.CellError{Row: 0, Reason: err.Error()}
}

// ExportCSV writes every response of s in the CSV contract and returns how
// many it wrote. Memory use does not grow with the number of responses.
func ExportCSV(ctx context.Context, db *store.DB, s *store.Survey, out io.Writer) (int, error) {
	bw := bufio.NewWriterSize(out, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(s.Def.Header()); err != nil {
		return 0, err
	}
	n := 0
	var rec []string
	err := db.EachResponse(ctx, s, func(r *survey.Response) error {
		rec = s.Def.Row(rec, r)
		n++
		return cw.Write(rec)
	})
	if err != nil {
		return n, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// ExportXLSX writes the same table as ExportCSV as a one-sheet workbook,
// streamed row by row.
func ExportXLSX(ctx context.Context, db *store.DB, s *store.Survey, out io.Writer) (int, error) {
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
		cell, _ := excelize.CoordinatesToCellName(1, n+1)
		return sw.SetRow(cell, cells)
	})
	if err != nil {
		return n, err
	}
	if err := sw.Flush(); err != nil {
		return n, err
	}
	return n, f.Write(out)
}
