// Package freetext reads the free text of surveys properly: a codebook of
// themes per free-text question, each comment coded with themes by one or
// more analysts, the agreement between two analysts (Cohen's kappa), and
// the automatic redaction a quote passes before a person approves it. It
// knows nothing of HTTP or SQL.
package freetext

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"staffnet/internal/csvsafe"
	"staffnet/internal/orgs"
)

// Theme is one entry of a codebook. A theme with a Parent is a
// sub-theme; sub-themes have no sub-themes of their own, so a codebook is
// at most two levels deep.
type Theme struct {
	Question   string // the free-text question's id
	Code       string // short, stable, lower case: what coded data names
	Parent     string // the parent theme's code, or ""
	Name       string
	Definition string // when a comment belongs to the theme
}

// MaxThemes bounds one question's codebook: theme counts are reported as
// the options of a multiple-choice question, which holds at most 63.
const MaxThemes = 63

var codePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// CSVHeader is the codebook file's header.
var CSVHeader = []string{"question", "code", "parent", "name", "definition"}

// CellError and ImportError are the organisation importer's: every
// strict import in staffnet reports "row N, column C: reason" alike.
type (
	CellError   = orgs.CellError
	ImportError = orgs.ImportError
)

// Validate checks a whole codebook (every question's themes, in order):
// codes well formed and unique per question, names present, parents
// earlier in the list, of the same question and themselves top-level.
// isText says whether a question id is a free-text question of the
// survey. Row numbers count from 2, as in a file with a header.
func Validate(themes []Theme, isText func(string) bool) []CellError {
	var errs []CellError
	bad := func(i int, col, format string, a ...any) {
		errs = append(errs, CellError{Row: i + 2, Column: col, Reason: fmt.Sprintf(format, a...)})
	}
	type key struct{ q, code string }
	seen := map[key]Theme{}
	per := map[string]int{}
	for i, t := range themes {
		if !isText(t.Question) {
			bad(i, "question", "%q is not a free-text question of this survey", t.Question)
		}
		if !codePattern.MatchString(t.Code) {
			bad(i, "code", "%q must start with a lower-case letter and hold only lower-case letters, digits and _ (at most 40)", t.Code)
		} else if _, dup := seen[key{t.Question, t.Code}]; dup {
			bad(i, "code", "%q appears twice for question %s", t.Code, t.Question)
		}
		if strings.TrimSpace(t.Name) == "" {
			bad(i, "name", "a theme needs a name")
		} else if len(t.Name) > 200 {
			bad(i, "name", "is longer than 200 characters")
		}
		if len(t.Definition) > 2000 {
			bad(i, "definition", "is longer than 2,000 characters")
		}
		if t.Parent != "" {
			p, ok := seen[key{t.Question, t.Parent}]
			switch {
			case !ok:
				bad(i, "parent", "%q is not a theme listed above it for question %s", t.Parent, t.Question)
			case p.Parent != "":
				bad(i, "parent", "%q is itself a sub-theme: themes nest at most two levels", t.Parent)
			}
		}
		if per[t.Question]++; per[t.Question] == MaxThemes+1 {
			bad(i, "code", "question %s has more than %d themes", t.Question, MaxThemes)
		}
		seen[key{t.Question, t.Code}] = t
	}
	return errs
}

// ReadCSV reads a codebook file: the header, then one theme a row. It is
// strict and all or nothing: any problem refuses the whole file with an
// *ImportError naming every problem found.
func ReadCSV(in io.Reader, isText func(string) bool) ([]Theme, error) {
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, &ImportError{Problems: []CellError{{Row: 1, Column: "question", Reason: "the file is empty"}}}
	}
	if err != nil {
		return nil, &ImportError{Problems: []CellError{{Row: 1, Column: "question", Reason: err.Error()}}}
	}
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff") // a spreadsheet's byte-order mark
	}
	for i, h := range CSVHeader {
		if i >= len(head) || strings.TrimSpace(head[i]) != h {
			return nil, &ImportError{Problems: []CellError{{Row: 1, Column: h, Reason: "the header must be " + strings.Join(CSVHeader, ",")}}}
		}
	}
	var themes []Theme
	var errs []CellError
	for row := 2; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, CellError{Row: row, Column: "question", Reason: "not valid CSV: " + err.Error()})
			break
		}
		if len(rec) != len(CSVHeader) {
			errs = append(errs, CellError{Row: row, Column: "question", Reason: fmt.Sprintf("has %d columns, not %d", len(rec), len(CSVHeader))})
			themes = append(themes, Theme{}) // keep row numbers aligned
			continue
		}
		themes = append(themes, Theme{Question: strings.TrimSpace(rec[0]), Code: strings.TrimSpace(rec[1]), Parent: strings.TrimSpace(rec[2]),
			Name: strings.TrimSpace(rec[3]), Definition: strings.TrimSpace(rec[4])})
	}
	if len(errs) == 0 {
		errs = Validate(themes, isText)
	}
	if len(errs) > 0 {
		return nil, &ImportError{Problems: errs}
	}
	return themes, nil
}

// WriteCSV writes a codebook in the format ReadCSV reads, through
// csvsafe so that no cell starts a spreadsheet formula.
func WriteCSV(out io.Writer, themes []Theme) error {
	rows := [][]string{CSVHeader}
	for _, t := range themes {
		rows = append(rows, []string{t.Question, t.Code, t.Parent, t.Name, t.Definition})
	}
	return csvsafe.NewWriter(out).WriteAll(rows)
}

// Coding is one analyst's themes for one comment; an empty Themes means
// the comment was read and fits no theme.
type Coding struct {
	ResponseID string
	Question   string
	Coder      int64
	Themes     []string
}

// WriteCodedCSV writes coded data as response_id,question,theme, one row
// per theme of each comment, in the order given.
func WriteCodedCSV(out io.Writer, codings []Coding) error {
	rows := [][]string{{"response_id", "question", "theme"}}
	for _, c := range codings {
		for _, t := range c.Themes {
			rows = append(rows, []string{c.ResponseID, c.Question, t})
		}
	}
	return csvsafe.NewWriter(out).WriteAll(rows)
}
