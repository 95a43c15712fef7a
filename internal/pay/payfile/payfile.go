// Package payfile reads Agenda for Change pay tables from CSV files and
// holds the 2025/26 table staffnet ships (data/afc-pay-2025-26.csv, with
// its attribution in data/README.md). The CSV is read by
// csvsafe.NewStrictReader with pay.Columns and pay.MaxRows; what the cells
// must say is pay.FromRows's, so internal/pay never sees CSV.
package payfile

import (
	_ "embed"
	"io"
	"strings"

	"staffnet/internal/csvsafe"
	"staffnet/internal/pay"
)

// Read reads a pay table file for the financial year starting in year:
// columns band,point,annual_gbp in any order, headers matched as
// csvsafe.HeaderName does, blank rows skipped. Every problem is reported
// in a *rows.ImportError.
func Read(in io.Reader, year int) (*pay.Table, error) {
	rd, err := csvsafe.NewStrictReader(in, pay.Columns, pay.MaxRows)
	if err != nil {
		return nil, err
	}
	return pay.FromRows(rd, year)
}

//go:embed data/afc-pay-2025-26.csv
var shipped string

// Shipped is the 2025/26 table in the repository.
func Shipped() *pay.Table {
	t, err := Read(strings.NewReader(shipped), 2025)
	if err != nil {
		panic("payfile: the shipped table does not parse: " + err.Error())
	}
	return t
}
