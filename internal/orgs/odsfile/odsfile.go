// Package odsfile reads the Organisation Data Service trust file, a CSV
// file of NHS trusts, into orgs.Organisation (Parse), and holds the
// snapshot of it built into staffnet (Snapshot). What the cells must say
// is orgs' to check (orgs.FromRows); this package knows the file: its
// header, the columns it ignores and "NA" for a missing value.
package odsfile

import (
	"encoding/csv"
	"io"
	"slices"
	"strings"

	"staffnet/internal/csvsafe"
	"staffnet/internal/orgs"
	"staffnet/internal/rows"
)

// Parse reads an ODS trust file (like data/nhs-trusts-ods-2022.csv): a
// header naming at least orgs.Columns (spelt as csvsafe.HeaderName reads
// them: any case, spaces or hyphens for underscores), in any order and
// among others,
// then one row per organisation. Every problem is reported, in a
// *rows.ImportError.
func Parse(in io.Reader) ([]orgs.Organisation, error) {
	src, err := newSource(in)
	if err != nil {
		return nil, err
	}
	return orgs.FromRows(src)
}

// maxRecordBytes bounds one record: a row of the trust file is under 200
// bytes, and encoding/csv holds a whole record in memory.
const maxRecordBytes = 16 << 10

// source gives the rows of an ODS trust file as a rows.Source.
type source struct {
	cr  *csv.Reader
	col []int // index in the record of each of orgs.Columns
	out []string
}

// newSource reads the header of in. An empty file, or a header that lacks
// one of orgs.Columns, is a *rows.ImportError.
func newSource(in io.Reader) (*source, error) {
	tooLong := func(line int) error {
		return rows.Problem(line, "", "the row is longer than %d KiB: is this the ODS trust file, with its quotes closed?", maxRecordBytes>>10)
	}
	cr := csv.NewReader(csvsafe.Guard(csvsafe.SkipBOM(in), maxRecordBytes, tooLong))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, rows.Problem(1, "", "the file is empty: expected a header row")
	}
	if err != nil {
		return nil, csvsafe.MalformedProblem(err)
	}
	col := map[string]int{}
	ie := &rows.ImportError{}
	for i, h := range header {
		name := csvsafe.HeaderName(h)
		if _, twice := col[name]; twice && slices.Contains(orgs.Columns, name) {
			ie.Add(1, name, "column appears twice")
		}
		col[name] = i
	}
	s := &source{cr: cr, col: make([]int, len(orgs.Columns)), out: make([]string, len(orgs.Columns))}
	for j, c := range orgs.Columns {
		i, ok := col[c]
		if !ok {
			ie.Add(1, c, "required column is missing")
		}
		s.col[j] = i
	}
	if err := ie.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// Each gives every row after the header, numbered by the line it starts
// on (the header is line 1), its cells trimmed and "NA" read as "". A row shorter than
// the header has "" for the cells it lacks. Malformed CSV ends the file
// with a *rows.ImportError on the line where the bad record starts.
func (s *source) Each(fn func(row int, cells []string)) error {
	for {
		rec, err := s.cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return csvsafe.MalformedProblem(err)
		}
		// The line the record starts on, as every other problem in the
		// file is numbered; not a count of records, which a blank line or
		// a quoted newline would put out.
		row, _ := s.cr.FieldPos(0)
		for j, i := range s.col {
			s.out[j] = ""
			if i < len(rec) {
				if v := strings.TrimSpace(rec[i]); v != "NA" {
					s.out[j] = v
				}
			}
		}
		fn(row, s.out)
	}
}

var _ rows.Source = (*source)(nil)
