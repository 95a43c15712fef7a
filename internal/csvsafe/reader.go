package csvsafe

// Reading CSV files people upload, strictly: every import that reads a
// small table of named columns (pay scales, facility time) goes through
// StrictReader, so they agree on what a header may look like, how big a
// file may be and how a problem is reported ("row N, column C: reason").

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"staffnet/internal/rows"
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// SkipBOM drops the byte-order mark spreadsheet programs put at the start
// of a UTF-8 file.
func SkipBOM(r io.Reader) io.Reader {
	var b [3]byte
	n, _ := io.ReadFull(r, b[:])
	if n == 3 && bytes.Equal(b[:], utf8BOM) {
		return r
	}
	return io.MultiReader(bytes.NewReader(b[:n]), r)
}

// Guard passes a CSV file through unchanged, failing with tooLong(line)
// once a record (newlines inside quotes included) exceeds max bytes; line
// is the 1-based line the record starts on, as encoding/csv counts lines.
// encoding/csv keeps a whole record and an index per field in memory, so
// without it a file of 64 MiB of commas would cost gigabytes. It follows
// quotes as RFC 4180 does; on a stray quote it may lose track, but
// encoding/csv reports the stray quote on that line, long before max.
func Guard(r io.Reader, max int, tooLong func(line int) error) io.Reader {
	return &recordGuard{r: r, max: max, tooLong: tooLong, line: 1, start: 1}
}

type recordGuard struct {
	r           io.Reader
	max         int
	tooLong     func(line int) error
	quoted      bool
	inRecord    int
	line, start int // the line being read, and the one its record began on
}

func (g *recordGuard) Read(b []byte) (int, error) {
	n, err := g.r.Read(b)
	for _, c := range b[:n] {
		switch {
		case c == '"':
			g.quoted = !g.quoted
		case c == '\n':
			g.line++
			if !g.quoted {
				g.inRecord, g.start = 0, g.line
				continue
			}
		}
		g.inRecord++
		if g.inRecord > g.max {
			return 0, g.tooLong(g.start)
		}
	}
	return n, err
}

// HeaderName is a column name as StrictReader compares it: trimmed, in
// lower case, with spaces and hyphens read as underscores, so that
// "Leader Email" and "leader-email" are leader_email.
func HeaderName(h string) string {
	h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	return strings.NewReplacer(" ", "_", "-", "_").Replace(h)
}

// StrictReader reads a CSV file whose header names exactly the columns
// it expects, in any order. Rows come back with their cells in the
// expected order, trimmed; blank rows are skipped.
type StrictReader struct {
	cr      *csv.Reader
	col     []int // index in the record of each expected column
	names   []string
	maxRows int
	rows    int
	out     []string
}

// maxRecordBytes bounds one record of a strictly read file.
const maxRecordBytes = 16 << 10

// NewStrictReader reads the header of in. A header that lacks a column,
// repeats one or has one more is a *rows.ImportError; so is an empty file.
// maxRows bounds the rows read: more is an error, not a long wait.
func NewStrictReader(in io.Reader, columns []string, maxRows int) (*StrictReader, error) {
	tooLong := func(line int) error {
		return rows.Problem(line, "", "the row is longer than %d KiB: is this a CSV file with its quotes closed?", maxRecordBytes>>10)
	}
	cr := csv.NewReader(Guard(SkipBOM(in), maxRecordBytes, tooLong))
	cr.FieldsPerRecord = -1
	sr := &StrictReader{cr: cr, names: columns, maxRows: maxRows, col: make([]int, len(columns)), out: make([]string, len(columns))}
	header, err := sr.read()
	if err == io.EOF {
		return nil, rows.Problem(1, "", "the file is empty: expected a header row %s", strings.Join(columns, ","))
	}
	if err != nil {
		return nil, err
	}
	for i := range sr.col {
		sr.col[i] = -1
	}
	ie := &rows.ImportError{}
	for i, h := range header {
		name := HeaderName(h)
		j := indexOf(columns, name)
		switch {
		case j < 0:
			ie.Add(1, fmt.Sprint(i+1), "unexpected column %q; the columns are %s", h, strings.Join(columns, ","))
		case sr.col[j] >= 0:
			ie.Add(1, name, "column appears twice")
		default:
			sr.col[j] = i
		}
	}
	for j, i := range sr.col {
		if i < 0 {
			ie.Add(1, columns[j], "required column is missing")
		}
	}
	if err := ie.Err(); err != nil {
		return nil, err
	}
	return sr, nil
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// read reads one record, turning CSV syntax errors into a *rows.ImportError.
func (sr *StrictReader) read() ([]string, error) {
	rec, err := sr.cr.Read()
	if err != nil {
		return nil, MalformedProblem(err)
	}
	return rec, nil
}

// Malformed is a CSV syntax error from encoding/csv as a person should
// read it: the line its record starts on (for a quote left open,
// encoding/csv reaches the end of the file before it gives up) and the
// reason, which says that the rows after it were not read. ok is false
// for any other error.
func Malformed(err error) (line int, reason string, ok bool) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return 0, "", false
	}
	return pe.StartLine, fmt.Sprintf("malformed CSV: %v; rows after this one were not read", pe.Err), true
}

// MalformedProblem is Malformed's problem as a *rows.ImportError, or err
// itself when it is not a CSV syntax error.
func MalformedProblem(err error) error {
	if line, reason, ok := Malformed(err); ok {
		return rows.Problem(line, "", "%s", reason)
	}
	return err
}

// Next returns the next non-blank row's line number and cells in the
// expected columns' order (valid until the next call), io.EOF at the
// end, or a *rows.ImportError when the file is malformed or too long, after
// which no more rows can be read.
func (sr *StrictReader) Next() (int, []string, error) {
	for {
		rec, err := sr.read()
		if err != nil {
			return 0, nil, err
		}
		line, _ := sr.cr.FieldPos(0)
		sr.rows++
		if sr.rows > sr.maxRows {
			return 0, nil, rows.Problem(line, "", "the file has more than %d rows: split it", sr.maxRows)
		}
		blank := true
		for j, i := range sr.col {
			sr.out[j] = ""
			if i < len(rec) {
				sr.out[j] = strings.TrimSpace(rec[i])
			}
			blank = blank && sr.out[j] == ""
		}
		if len(rec) > len(sr.names) {
			for _, v := range rec {
				blank = blank && strings.TrimSpace(v) == ""
			}
			if !blank {
				return line, sr.out, rows.Problem(line, "", "the row has %d cells but the header names %d columns", len(rec), len(sr.names))
			}
		}
		if !blank {
			return line, sr.out, nil
		}
	}
}

// Each calls fn with every row Next returns. A row with more cells than
// the header is a problem of its own, and reading goes on, so that the
// rows after it are checked too; Each returns those problems at the end
// of the file, or the first error that ends reading (malformed, too long,
// too many rows) with them after it.
func (sr *StrictReader) Each(fn func(row int, rec []string)) error {
	shape := &rows.ImportError{}
	for {
		row, rec, err := sr.Next()
		if err == io.EOF {
			return shape.Err()
		}
		var ie *rows.ImportError
		if errors.As(err, &ie) && row > 0 {
			// Next names a row only for a row of the wrong shape.
			for _, p := range ie.Problems {
				shape.Add(p.Row, p.Column, "%s", p.Reason)
			}
			continue
		}
		if err != nil {
			return shape.Join(err)
		}
		fn(row, rec)
	}
}

var _ rows.Source = (*StrictReader)(nil)
