// Package orgs models NHS organisations, identified by their ODS code, and
// reads the Organisation Data Service trust file.
package orgs

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
)

// Regions are NHS England's seven regions, by code.
var Regions = map[string]string{
	"Y56": "London",
	"Y58": "South West",
	"Y59": "South East",
	"Y60": "Midlands",
	"Y61": "East of England",
	"Y62": "North West",
	"Y63": "North East and Yorkshire",
}

// RegionCodes lists the region codes in a stable order.
var RegionCodes = []string{"Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"}

// Organisation is an NHS organisation.
type Organisation struct {
	Code     string // ODS code, upper case
	Name     string
	Region   string // NHS England region code, e.g. Y56; W00 for Wales
	Type     string // "NHS foundation trust", "NHS trust", …
	ICB      string // ICB/STP code
	Postcode string
	OpenedOn string // YYYY-MM-DD or ""
	ClosedOn string // YYYY-MM-DD, "" while open
}

// Closed reports whether the organisation has a close date.
func (o *Organisation) Closed() bool { return o.ClosedOn != "" }

// RegionName names the organisation's region.
func (o *Organisation) RegionName() string {
	if n, ok := Regions[o.Region]; ok {
		return n
	}
	if o.Region == "W00" {
		return "Wales"
	}
	return o.Region
}

// TypeFromName infers an organisation's type from its name, which is all
// the ODS trust file says.
func TypeFromName(name string) string {
	switch n := strings.ToLower(name); {
	case strings.Contains(n, "foundation trust"):
		return "NHS foundation trust"
	case strings.Contains(n, "nhs trust"):
		return "NHS trust"
	default:
		return "other"
	}
}

// CellError locates a problem in a file: row (the header is row 1),
// column and reason.
type CellError struct {
	Row    int
	Column string
	Reason string
}

func (e CellError) Error() string {
	return fmt.Sprintf("row %d, column %s: %s", e.Row, e.Column, e.Reason)
}

// ImportError lists every problem in a file.
type ImportError struct{ Problems []CellError }

func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "import rejected, nothing was written: %d problem(s)", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n" + p.Error())
	}
	return b.String()
}

var codeRE = regexp.MustCompile(`^[A-Z0-9]{3,5}$`)

// odsColumns are the columns read from the ODS trust file; others are
// ignored.
var odsColumns = []string{"ods_code", "ods_name", "region_code", "stp_code", "postcode", "open_date", "close_date"}

// ParseODS reads an ODS trust file (like data/nhs-trusts-ods-2022.csv): one row
// per organisation, "NA" for a missing value. Every problem is reported.
func ParseODS(in io.Reader) ([]Organisation, error) {
	cr := csv.NewReader(in)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &ImportError{[]CellError{{1, "", "the file is empty: expected a header row"}}}
	}
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")] = i
	}
	var problems []CellError
	for _, c := range odsColumns {
		if _, ok := col[c]; !ok {
			problems = append(problems, CellError{1, c, "required column is missing"})
		}
	}
	if len(problems) > 0 {
		return nil, &ImportError{problems}
	}
	var out []Organisation
	seen := map[string]int{}
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			problems = append(problems, CellError{pe.StartLine, "", "malformed CSV: " + pe.Err.Error()})
			break
		}
		if err != nil {
			return nil, err
		}
		get := func(c string) string {
			i := col[c]
			if i >= len(rec) {
				return ""
			}
			v := strings.TrimSpace(rec[i])
			if v == "NA" {
				return ""
			}
			return v
		}
		bad := func(c, format string, a ...any) {
			problems = append(problems, CellError{row, c, fmt.Sprintf(format, a...)})
		}
		o := Organisation{Code: strings.ToUpper(get("ods_code")), Name: get("ods_name"), Region: get("region_code"),
			ICB: get("stp_code"), Postcode: get("postcode"), OpenedOn: get("open_date"), ClosedOn: get("close_date")}
		o.Type = TypeFromName(o.Name)
		if !codeRE.MatchString(o.Code) {
			bad("ods_code", "%q is not an ODS code (3 to 5 letters and digits)", o.Code)
		} else if first, dup := seen[o.Code]; dup {
			bad("ods_code", "%s already appears on row %d", o.Code, first)
		}
		seen[o.Code] = row
		if o.Name == "" {
			bad("ods_name", "the organisation has no name")
		}
		if _, ok := Regions[o.Region]; !ok && o.Region != "W00" {
			bad("region_code", "%q is not an NHS England region code (Y56, Y58–Y63) or W00", o.Region)
		}
		for _, d := range []struct{ c, v string }{{"open_date", o.OpenedOn}, {"close_date", o.ClosedOn}} {
			if d.v == "" {
				continue
			}
			if _, err := time.Parse(time.DateOnly, d.v); err != nil {
				bad(d.c, "%q is not a date written YYYY-MM-DD", d.v)
			}
		}
		out = append(out, o)
	}
	if len(problems) > 0 {
		return nil, &ImportError{problems}
	}
	return out, nil
}
