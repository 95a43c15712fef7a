package rows

import (
	"errors"
	"strings"
	"testing"
)

func TestImportErrorWording(t *testing.T) {
	one := Problem(3, "band", "%q is not a band", "x")
	if got, want := one.Error(), "import rejected, nothing was written: 1 problem\nrow 3, column band: \"x\" is not a band"; got != want {
		t.Errorf("one problem:\n%s\nwant\n%s", got, want)
	}
	e := &ImportError{}
	if e.Err() != nil {
		t.Error("an ImportError without problems is an error")
	}
	for i := range MaxProblems + 5 {
		e.Add(i+2, "", "bad")
	}
	if len(e.Problems) != MaxProblems || e.More != 5 {
		t.Errorf("kept %d and counted %d more, want %d and 5", len(e.Problems), e.More, MaxProblems)
	}
	msg := e.Err().Error()
	if !strings.HasPrefix(msg, "import rejected, nothing was written: 205 problems\nrow 2: bad\n") || !strings.HasSuffix(msg, "\n… and 5 more") {
		t.Errorf("many problems: %q…%q", msg[:80], msg[len(msg)-40:])
	}
	var ie *ImportError
	if !errors.As(error(e), &ie) {
		t.Error("not an *ImportError")
	}
}

func TestCellErrorNamesTheFile(t *testing.T) {
	got := CellError{File: "a.csv", Row: 4, Column: "year", Reason: "not a year"}.Error()
	if got != "a.csv: row 4, column year: not a year" {
		t.Errorf("got %q", got)
	}
}

// TestEnd: the file's own problem comes first even when the rows' fill
// the list; other errors pass through; no rows is a problem.
func TestEnd(t *testing.T) {
	e := &ImportError{}
	for i := range MaxProblems {
		e.Add(i+2, "x", "bad")
	}
	err := e.End(Problem(900, "", "the file has more than 1000 rows: split it"), 5, "rows")
	if err == nil || e.Problems[0].Row != 900 || len(e.Problems) != MaxProblems || e.More != 1 {
		t.Errorf("file problem: first %+v, %d kept, %d more", e.Problems[0], len(e.Problems), e.More)
	}
	other := errors.New("disk")
	if err := (&ImportError{}).End(other, 0, "rows"); err != other {
		t.Errorf("another error: %v", err)
	}
	if err := (&ImportError{}).End(nil, 0, "pay rows"); err == nil || !strings.HasSuffix(err.Error(), "row 2: the file has a header but no pay rows") {
		t.Errorf("no rows: %v", err)
	}
	if err := (&ImportError{}).End(nil, 3, "rows"); err != nil {
		t.Errorf("a good file: %v", err)
	}
}
