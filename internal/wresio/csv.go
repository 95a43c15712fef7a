package wresio

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"staffnet/internal/csvsafe"
	"staffnet/internal/wres"
)

// MaxRecordBytes bounds one CSV record of a return, on top of the
// parser's limits on the return itself (wres.MaxRows and the rest): a row
// of the return is well under 200 bytes, and encoding/csv holds a whole
// record, and an index per field, in memory.
const MaxRecordBytes = 64 << 10

// ParseCSV reads an aggregated return in CSV into a wres.ReturnParser. It
// returns every problem it finds (up to wres.MaxErrors) as a
// *wres.ImportError, and a nil Return whenever there is one; a file over
// a limit is a *wres.LimitError.
func ParseCSV(r io.Reader) (*wres.Return, error) {
	tooLong := func(line int) error {
		return &wres.LimitError{What: fmt.Sprintf("a row longer than %d KiB (the row starting on line %d)", MaxRecordBytes>>10, line),
			Advice: "check that it is a CSV file of the return, with its quotes closed"}
	}
	cr := csv.NewReader(csvsafe.Guard(csvsafe.SkipBOM(r), MaxRecordBytes, tooLong))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	p := wres.NewReturnParser()
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var le *wres.LimitError
		if errors.As(err, &le) {
			return nil, le
		}
		if err != nil {
			// The CSV syntax is broken; later rows cannot be trusted to line up.
			line, reason, ok := csvsafe.Malformed(err)
			if !ok {
				return nil, err
			}
			p.Problem(line, "", "%s", reason)
			break
		}
		line, _ := cr.FieldPos(0)
		if err := p.Row(line, rec); err != nil {
			return nil, err
		}
	}
	return p.Finish()
}
