// Package sheet writes tables of figures as CSV (through csvsafe) and as
// XLSX workbooks, one sheet per table, so that every download of a set of
// figures reads the same in both. Cells are strings, whole numbers,
// floats, or values with two decimals (money to the penny, hours to the
// hundredth), which implement Decimal and stay numbers in a spreadsheet.
package sheet

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/csvsafe"
)

// Decimal is a value with two decimals, held as hundredths.
type Decimal interface{ Hundredths() int64 }

// Table is a named table of figures.
type Table struct {
	Name   string // the sheet's name, at most 31 characters
	Header []string
	Rows   [][]any
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case Decimal:
		h := x.Hundredths()
		sign := ""
		if h < 0 {
			sign, h = "-", -h
		}
		return fmt.Sprintf("%s%d.%02d", sign, h/100, h%100)
	case float64:
		return strconv.FormatFloat(x, 'f', 4, 64)
	}
	return fmt.Sprint(v)
}

// CSV writes one table as CSV, header first.
func CSV(w io.Writer, t Table) error {
	cw := csvsafe.NewWriter(w)
	cw.Write(t.Header)
	rec := make([]string, len(t.Header))
	for _, row := range t.Rows {
		for i := range rec {
			rec[i] = ""
			if i < len(row) {
				rec[i] = text(row[i])
			}
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// Styles adds to f the two styles staffnet's workbooks use: bold (for
// headers and labels) and two decimals (number format 0.00).
func Styles(f *excelize.File) (bold, twoDP int, err error) {
	if bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return 0, 0, err
	}
	twoDP, err = f.NewStyle(&excelize.Style{NumFmt: 2})
	return bold, twoDP, err
}

// XLSX writes the tables as a workbook, one sheet each, headers in bold
// and two-decimal values as numbers shown with two decimals.
func XLSX(w io.Writer, tables ...Table) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, twoDP, err := Styles(f)
	if err != nil {
		return err
	}
	for i, t := range tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.Name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(t.Name); err != nil {
			return err
		}
		head := make([]any, len(t.Header))
		for j, h := range t.Header {
			head[j] = h
		}
		if err := f.SetSheetRow(t.Name, "A1", &head); err != nil {
			return err
		}
		end, _ := excelize.CoordinatesToCellName(max(1, len(t.Header)), 1)
		f.SetCellStyle(t.Name, "A1", end, bold)
		for r, row := range t.Rows {
			cells := make([]any, len(row))
			for c, v := range row {
				cells[c] = v
				if d, ok := v.(Decimal); ok {
					cells[c] = float64(d.Hundredths()) / 100
				}
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+2)
			if err := f.SetSheetRow(t.Name, cell, &cells); err != nil {
				return err
			}
			for c, v := range row {
				if _, ok := v.(Decimal); ok {
					at, _ := excelize.CoordinatesToCellName(c+1, r+2)
					f.SetCellStyle(t.Name, at, at, twoDP)
				}
			}
		}
	}
	_, err = f.WriteTo(w)
	return err
}
