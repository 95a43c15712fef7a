// Package codebookcsv reads and writes a free-text codebook as a CSV
// file, and writes coded data as one: the file's header, its syntax and
// its row lengths are checked here, what the themes say by freetext
// (ThemesFromRows). Files written go through csvsafe, so that no cell
// starts a spreadsheet formula.
package codebookcsv

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"staffnet/internal/csvsafe"
	"staffnet/internal/freetext"
	"staffnet/internal/rows"
)

// Read reads a codebook file: the header (freetext.ThemeColumns), then
// one theme a row. It is strict and all or nothing: any problem refuses
// the whole file with a *rows.ImportError naming every problem found.
// isText says whether a question id is a free-text question of the
// survey.
func Read(in io.Reader, isText func(string) bool) ([]freetext.Theme, error) {
	columns := freetext.ThemeColumns
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, rows.Problem(1, "question", "the file is empty")
	}
	if err != nil {
		return nil, csvsafe.MalformedProblem(err)
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff") // a spreadsheet's byte-order mark
	}
	for i, h := range columns {
		if i >= len(head) || strings.TrimSpace(head[i]) != h {
			return nil, rows.Problem(1, h, "the header must be %s", strings.Join(columns, ","))
		}
	}
	var recs [][]string
	ie := &rows.ImportError{}
	for row := 2; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if _, reason, ok := csvsafe.Malformed(err); ok {
				ie.Add(row, "", "%s", reason)
				break
			}
			return nil, err
		}
		if len(rec) != len(columns) {
			ie.Add(row, "question", "has %d columns, not %d", len(rec), len(columns))
		}
		recs = append(recs, rec)
	}
	// The themes are checked only in a file that reads as a table.
	if err := ie.Err(); err != nil {
		return nil, err
	}
	return freetext.ThemesFromRows(recs, isText)
}

// Write writes a codebook in the format Read reads.
func Write(out io.Writer, themes []freetext.Theme) error {
	return write(out, freetext.ThemeColumns, freetext.ThemeRows(themes))
}

// WriteCoded writes coded data as response_id,question,theme
// (freetext.CodedColumns), one row per theme of each comment, in the
// order given.
func WriteCoded(out io.Writer, codings []freetext.Coding) error {
	return write(out, freetext.CodedColumns, freetext.CodedRows(codings))
}

func write(out io.Writer, header []string, body [][]string) error {
	return csvsafe.NewWriter(out).WriteAll(append([][]string{header}, body...))
}
