// Package rows is what a domain package sees of a table someone uploads:
// its rows as cells, in the order of the columns the domain asked for,
// and errors that name the row, the column and the reason. Reading a file
// format into rows is the job of the format's package (csvsafe for CSV,
// wresio for XLSX); checking what the cells say is the domain's. So pay,
// facility and the rest never see CSV, and a new format needs no change
// to them.
package rows

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Source gives a table's rows after its header: fn is called with each
// row's 1-based number in the file (the header is row 1) and its cells in
// the order of the columns asked for, valid only during the call. Each
// stops at the end of the table (nil) or at the first error of the file
// itself, which is then returned.
type Source interface {
	Each(fn func(row int, cells []string)) error
}

// CellError locates one problem in a file: the 1-based row (the header
// is row 1), the column's name (empty when the problem is the whole row)
// and the reason. File names the file where one import reads several.
type CellError struct {
	File   string
	Row    int
	Column string
	Reason string
}

func (e CellError) Error() string {
	prefix := ""
	if e.File != "" {
		prefix = e.File + ": "
	}
	if e.Column == "" {
		return fmt.Sprintf("%srow %d: %s", prefix, e.Row, e.Reason)
	}
	return fmt.Sprintf("%srow %d, column %s: %s", prefix, e.Row, e.Column, e.Reason)
}

// MaxProblems is how many problems an ImportError lists in full.
const MaxProblems = 200

// ImportError lists the problems that rejected a file: nothing of it is
// written.
type ImportError struct {
	Problems []CellError // at most MaxProblems
	More     int         // problems found beyond those
}

// Add records a problem.
func (e *ImportError) Add(row int, column, format string, a ...any) {
	if len(e.Problems) >= MaxProblems {
		e.More++
		return
	}
	e.Problems = append(e.Problems, CellError{Row: row, Column: column, Reason: fmt.Sprintf(format, a...)})
}

// Err is e when it holds a problem, else nil.
func (e *ImportError) Err() error {
	if len(e.Problems) == 0 {
		return nil
	}
	return e
}

func (e *ImportError) Error() string {
	return ProblemList("import rejected, nothing was written: %s", e.Problems, len(e.Problems)+e.More, len(e.Problems))
}

// Join adds what ended the reading of a file to e's problems: a problem
// of the file itself (malformed, a row too long) comes first, as it is why
// reading stopped and e's may fill the list. Any other error is returned
// as it is. Join returns e when it then holds a problem, else nil.
func (e *ImportError) Join(err error) error {
	var fileErr *ImportError
	if !errors.As(err, &fileErr) {
		if err != nil {
			return err
		}
		return e.Err()
	}
	found, more := e.Problems, e.More
	e.Problems, e.More = nil, 0
	for _, p := range slices.Concat(fileErr.Problems, found) {
		e.Add(p.Row, p.Column, "%s", p.Reason)
	}
	e.More += fileErr.More + more
	return e.Err()
}

// End finishes checking a file's rows, given what the Source's Each
// returned and how many rows were kept: Join, and a file with a header but
// no rows is a problem too ("the file has a header but no " + what).
func (e *ImportError) End(err error, kept int, what string) error {
	if err := e.Join(err); err != nil {
		return err
	}
	if kept == 0 {
		e.Add(2, "", "the file has a header but no %s", what)
	}
	return e.Err()
}

// Problem is an ImportError holding the one problem given.
func Problem(row int, column, format string, a ...any) *ImportError {
	e := &ImportError{}
	e.Add(row, column, format, a...)
	return e
}

// ProblemList is the text of an error that lists an import's problems:
// head with "N problem" or "N problems" in place of its %s, then the
// first show of problems a line each, then "… and K more" for the K of
// the total found that were not listed. Every import's error words its
// list this way.
func ProblemList[E error](head string, problems []E, total, show int) string {
	var b strings.Builder
	noun := "problems"
	if total == 1 {
		noun = "problem"
	}
	fmt.Fprintf(&b, head, fmt.Sprintf("%d %s", total, noun))
	show = min(show, len(problems))
	for _, p := range problems[:show] {
		b.WriteString("\n" + p.Error())
	}
	if total > show {
		fmt.Fprintf(&b, "\n… and %d more", total-show)
	}
	return b.String()
}
