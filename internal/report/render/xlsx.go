package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/report"
	"staffnet/internal/sheet"
)

// XLSX writes r as a workbook: a summary sheet, then one sheet per
// question holding that question's rows of the flat form. Hidden figures
// are empty cells.
func XLSX(w io.Writer, r *report.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	const summary = "Summary"
	f.SetSheetName("Sheet1", summary)
	bold, pctStyle, err := sheet.Styles(f)
	if err != nil {
		return err
	}
	var filters []string
	for _, fl := range r.Filters {
		filters = append(filters, fl.String())
	}
	resp := "suppressed (fewer than the threshold)"
	if r.Respondents != nil {
		resp = fmt.Sprint(*r.Respondents)
	}
	lines := [][]any{
		{"Survey", r.Title},
		{"Slug", r.Survey},
		{"Filters", strings.Join(filters, "; ")},
		{"Respondents", resp},
		{"Disclosure threshold", r.Threshold},
		{"Note", "Empty cells are suppressed to protect small groups; they are not zero. Free-text answers are never included."},
	}
	if r.By != nil {
		lines = append(lines, []any{"Crosstab by", r.By.Title})
	}
	for i, l := range lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(summary, cell, &l); err != nil {
			return err
		}
		f.SetCellStyle(summary, cell, cell, bold)
	}
	f.SetColWidth(summary, "A", "A", 22)
	f.SetColWidth(summary, "B", "B", 80)

	used := map[string]bool{strings.ToLower(summary): true}
	rows := Rows(r)
	for _, q := range r.Questions {
		name := sheetName(q.ID, used)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		f.SetCellValue(name, "A1", q.Title)
		f.SetCellStyle(name, "A1", "A1", bold)
		header := make([]any, len(CSVHeader)-2)
		for i, h := range CSVHeader[2:] {
			header[i] = h
		}
		f.SetSheetRow(name, "A3", &header)
		f.SetCellStyle(name, "A3", "J3", bold)
		n := 4
		for _, row := range rows {
			if row.Question != q.ID {
				continue
			}
			vals := []any{row.Item, row.Column, row.Code, row.Label, opt(row.Base), opt(row.Count), optf(row.Percent), nil, nil, row.Suppressed}
			if row.CI95 != nil {
				vals[7], vals[8] = row.CI95[0], row.CI95[1]
			}
			cell, _ := excelize.CoordinatesToCellName(1, n)
			if err := f.SetSheetRow(name, cell, &vals); err != nil {
				return err
			}
			n++
		}
		if n > 4 {
			f.SetCellStyle(name, "G4", fmt.Sprintf("I%d", n-1), pctStyle)
		}
		f.SetColWidth(name, "D", "D", 40)
	}
	_, err = f.WriteTo(w)
	return err
}

func opt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func optf(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// sheetName makes a unique sheet name of at most 31 characters.
func sheetName(id string, used map[string]bool) string {
	base := id
	if len(base) > 31 {
		base = base[:31]
	}
	name := base
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf("~%d", i)
		name = base[:min(len(base), 31-len(suffix))] + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}
