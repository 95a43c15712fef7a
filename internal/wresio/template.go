package wresio

import (
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/csvsafe"
	"staffnet/internal/wres"
)

// A blank return for an organisation to fill in, and the codes it uses.
// The template's first sheet (or the CSV) uploads as it is once the
// values are filled in; rows without figures are deleted first, since a
// blank value is refused.

// TemplateNote is what to do with the template, for the XLSX "Codes"
// sheet and the upload page.
const TemplateNote = "Fill in the value column; delete the rows you have no figures for (a blank value is refused). Leave out a measure altogether and its indicator is shown as not computable."

func templateRecord(r wres.Row) []string {
	return []string{r.Org, strconv.Itoa(r.Year), r.Measure.String(), r.Ethnicity.String(), r.StaffGroup.String(), r.Band.String(), ""}
}

// WriteTemplateCSV writes a blank return for org and year as CSV.
func WriteTemplateCSV(w io.Writer, org string, year int) error {
	cw := csvsafe.NewWriter(w)
	cw.Write(wres.Columns())
	for _, r := range wres.TemplateRows(org, year) {
		cw.Write(templateRecord(r))
	}
	cw.Flush()
	return cw.Error()
}

// WriteCodesCSV writes every column and code of the return, explained.
func WriteCodesCSV(w io.Writer) error {
	cw := csvsafe.NewWriter(w)
	cw.Write([]string{"column", "code", "meaning"})
	for _, c := range wres.Codes() {
		cw.Write([]string{c.Column, c.Code, c.Meaning})
	}
	cw.Flush()
	return cw.Error()
}

// WriteTemplateXLSX writes a workbook: the blank return on its first
// sheet, "Return", which Parse reads, and the codes explained on a second,
// "Codes".
func WriteTemplateXLSX(w io.Writer, org string, year int) error {
	f := excelize.NewFile()
	defer f.Close()
	const ret, codes = "Return", "Codes"
	f.SetSheetName("Sheet1", ret)
	if _, err := f.NewSheet(codes); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(ret)
	if err != nil {
		return err
	}
	row := func(sw *excelize.StreamWriter, i int, cells []string) error {
		vals := make([]any, len(cells))
		for j, c := range cells {
			vals[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i)
		return sw.SetRow(cell, vals)
	}
	if err := row(sw, 1, wres.Columns()); err != nil {
		return err
	}
	for i, r := range wres.TemplateRows(org, year) {
		rec := templateRecord(r)
		vals := []any{rec[0], r.Year, rec[2], rec[3], rec[4], rec[5], nil}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, vals); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if sw, err = f.NewStreamWriter(codes); err != nil {
		return err
	}
	if err := row(sw, 1, []string{TemplateNote}); err != nil {
		return err
	}
	if err := row(sw, 3, []string{"column", "code", "meaning"}); err != nil {
		return err
	}
	for i, c := range wres.Codes() {
		if err := row(sw, i+4, []string{c.Column, c.Code, c.Meaning}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}
