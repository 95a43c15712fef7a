// Package freetext reads the free text of surveys properly: a codebook of
// themes per free-text question, each comment coded with themes by one or
// more analysts, the agreement between two analysts (Cohen's kappa), and
// the automatic redaction a quote passes before a person approves it. It
// knows nothing of HTTP or SQL, nor of file formats: codebookcsv reads
// and writes a codebook and coded data as CSV, through ThemesFromRows,
// ThemeRows and CodedRows.
package freetext

import (
	"fmt"
	"regexp"
	"strings"

	"staffnet/internal/rows"
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

// ThemeColumns are a theme's cells, in the order ThemesFromRows reads
// them and ThemeRows writes them: a codebook file's header.
var ThemeColumns = []string{"question", "code", "parent", "name", "definition"}

// Validate checks a whole codebook (every question's themes, in order):
// codes well formed and unique per question, names present, parents
// earlier in the list, of the same question and themselves top-level.
// isText says whether a question id is a free-text question of the
// survey. Row numbers count from 2, as in a file with a header.
func Validate(themes []Theme, isText func(string) bool) []rows.CellError {
	var errs []rows.CellError
	bad := func(i int, col, format string, a ...any) {
		errs = append(errs, rows.CellError{Row: i + 2, Column: col, Reason: fmt.Sprintf(format, a...)})
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

// ThemesFromRows turns a codebook's rows, each with its cells in
// ThemeColumns' order ("" for those missing) and the first being row 2
// of the file, into themes, trimmed, and checks them with Validate. It
// is all or nothing: any problem refuses every theme with a
// *rows.ImportError naming every problem.
func ThemesFromRows(cells [][]string, isText func(string) bool) ([]Theme, error) {
	themes := make([]Theme, len(cells))
	for i, c := range cells {
		cell := func(j int) string {
			if j < len(c) {
				return strings.TrimSpace(c[j])
			}
			return ""
		}
		themes[i] = Theme{Question: cell(0), Code: cell(1), Parent: cell(2), Name: cell(3), Definition: cell(4)}
	}
	ie := &rows.ImportError{}
	for _, e := range Validate(themes, isText) {
		ie.Add(e.Row, e.Column, "%s", e.Reason)
	}
	if err := ie.Err(); err != nil {
		return nil, err
	}
	return themes, nil
}

// ThemeRows is the codebook as rows of cells in ThemeColumns' order,
// which ThemesFromRows reads back.
func ThemeRows(themes []Theme) [][]string {
	out := make([][]string, len(themes))
	for i, t := range themes {
		out[i] = []string{t.Question, t.Code, t.Parent, t.Name, t.Definition}
	}
	return out
}

// Coding is one analyst's themes for one comment; an empty Themes means
// the comment was read and fits no theme.
type Coding struct {
	ResponseID string
	Question   string
	Coder      int64
	Themes     []string
}

// CodedColumns are the cells of a row of coded data, as CodedRows
// gives them.
var CodedColumns = []string{"response_id", "question", "theme"}

// CodedRows is coded data as rows of cells in CodedColumns' order, one
// per theme of each comment, in the order given: a comment coded with no
// theme has no row.
func CodedRows(codings []Coding) [][]string {
	var out [][]string
	for _, c := range codings {
		for _, t := range c.Themes {
			out = append(out, []string{c.ResponseID, c.Question, t})
		}
	}
	return out
}
