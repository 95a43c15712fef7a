package responses

import (
	"testing"

	"staffnet/internal/survey"
)

// TestImportErrorWording checks the message a rejected import prints: the
// count in the right number, each problem kept, and how many more were
// found than listed.
func TestImportErrorWording(t *testing.T) {
	one := &ImportError{Total: 1, Problems: []survey.CellError{{Row: 2, Column: "region", Reason: "not a region"}}}
	if got, want := one.Error(), "import rejected, nothing was written: 1 problem\nrow 2, column region: not a region"; got != want {
		t.Errorf("one problem:\n got %q\nwant %q", got, want)
	}
	var many ImportError
	for i := range MaxReported + 3 {
		many.add(survey.CellError{Row: i + 2, Reason: "bad"})
	}
	got := many.Error()
	if len(many.Problems) != MaxReported || many.Total != MaxReported+3 {
		t.Fatalf("kept %d of %d problems, want %d of %d", len(many.Problems), many.Total, MaxReported, MaxReported+3)
	}
	head := "import rejected, nothing was written: 203 problems\nrow 2: bad\n"
	tail := "\nrow 201: bad\n… and 3 more"
	if len(got) < len(head)+len(tail) || got[:len(head)] != head || got[len(got)-len(tail):] != tail {
		t.Errorf("many problems: got %q … %q", got[:min(len(got), 80)], got[max(0, len(got)-40):])
	}
}
