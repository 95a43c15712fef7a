// Package orgs models NHS organisations, identified by their ODS code,
// and checks a list of them (FromRows). Reading the Organisation Data
// Service trust file, and the snapshot of it built into staffnet, is
// odsfile's job.
package orgs

import (
	"regexp"
	"strings"
	"time"

	"staffnet/internal/rows"
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

var codeRE = regexp.MustCompile(`^[A-Z0-9]{3,5}$`)

// Columns are the cells FromRows reads of each organisation, in order.
// They are named as in the ODS trust file, and the problems FromRows finds
// name them.
var Columns = []string{"ods_code", "ods_name", "region_code", "stp_code", "postcode", "open_date", "close_date"}

// FromRows builds an organisation from each of src's rows (cells in
// Columns' order, "" for a missing value) and checks it: an ODS code of 3
// to 5 letters and digits, listed once; a name; an NHS England region
// code or W00 for Wales; dates written YYYY-MM-DD. Any problem refuses
// the whole list with a *rows.ImportError naming every problem found,
// those src reports about the file itself included.
func FromRows(src rows.Source) ([]Organisation, error) {
	ie := &rows.ImportError{}
	var out []Organisation
	seen := map[string]int{}
	err := src.Each(func(row int, c []string) {
		o := Organisation{Code: strings.ToUpper(c[0]), Name: c[1], Region: c[2],
			ICB: c[3], Postcode: c[4], OpenedOn: c[5], ClosedOn: c[6]}
		o.Type = TypeFromName(o.Name)
		if !codeRE.MatchString(o.Code) {
			ie.Add(row, "ods_code", "%q is not an ODS code (3 to 5 letters and digits)", o.Code)
		} else if first, dup := seen[o.Code]; dup {
			ie.Add(row, "ods_code", "%s already appears on row %d", o.Code, first)
		}
		seen[o.Code] = row
		if o.Name == "" {
			ie.Add(row, "ods_name", "the organisation has no name")
		}
		if _, ok := Regions[o.Region]; !ok && o.Region != "W00" {
			ie.Add(row, "region_code", "%q is not an NHS England region code (Y56, Y58–Y63) or W00", o.Region)
		}
		for _, d := range []struct{ c, v string }{{"open_date", o.OpenedOn}, {"close_date", o.ClosedOn}} {
			if d.v == "" {
				continue
			}
			if _, err := time.Parse(time.DateOnly, d.v); err != nil {
				ie.Add(row, d.c, "%q is not a date written YYYY-MM-DD", d.v)
			}
		}
		out = append(out, o)
	})
	if err := ie.End(err, len(out), "organisations"); err != nil {
		return nil, err
	}
	return out, nil
}
