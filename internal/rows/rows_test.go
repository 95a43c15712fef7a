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
