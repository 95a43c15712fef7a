// Package render writes a report.Report as CSV, XLSX or a self-contained,
// accessible HTML page, as internal/wres/render does for WRES reports.
// The JSON contract stays with the report package; this package only
// reads a report, so it can never show more than the report holds.
package render

import (
	"io"
	"strconv"

	"staffnet/internal/csvsafe"
	"staffnet/internal/report"
)

// Row is one line of the flat form of a report that CSV and XLSX share.
type Row struct {
	Question   string // question id
	Title      string // question title
	Item       string // Likert item id, or ""
	Column     string // crosstab column code, or "" for the whole population
	Code       string // option code, "net_agree", "net_disagree", or "" for a base-only row
	Label      string
	Base       *int
	Count      *int
	Percent    *float64
	CI95       *[2]float64
	Suppressed bool
}

// CSVHeader is the first line of CSV's output.
var CSVHeader = []string{"question", "title", "item", "column", "code", "label", "base", "count", "percent", "ci95_low", "ci95_high", "suppressed"}

// Rows flattens r: for each question, the whole population first, then
// each crosstab column.
func Rows(r *report.Report) []Row {
	var out []Row
	for _, q := range r.Questions {
		type col struct {
			code       string
			base       *int
			suppressed bool
			options    []report.Option
			items      []report.Item
		}
		cols := []col{{"", q.Base, q.Suppressed, q.Options, q.Items}}
		for _, c := range q.By {
			cols = append(cols, col{c.Code, c.Base, c.Suppressed, c.Options, c.Items})
		}
		for _, c := range cols {
			row := Row{Question: q.ID, Title: q.Title, Column: c.code}
			switch {
			case q.Type == "text":
				row.Label, row.Base, row.Suppressed = "Answered (free text is not published)", c.base, c.suppressed
				out = append(out, row)
			case len(c.items) > 0:
				for _, it := range c.items {
					ir := row
					ir.Item = it.ID
					for _, o := range it.Options {
						out = append(out, fill(ir, o.Code, o.Label, it.Base, o.Figure))
					}
					out = append(out, fill(ir, "net_agree", "Net agree", it.Base, it.NetAgree),
						fill(ir, "net_disagree", "Net disagree", it.Base, it.NetDisagree))
				}
			default:
				for _, o := range c.options {
					out = append(out, fill(row, o.Code, o.Label, c.base, o.Figure))
				}
			}
		}
	}
	return out
}

func fill(r Row, code, label string, base *int, f report.Figure) Row {
	r.Code, r.Label, r.Base = code, label, base
	r.Count, r.Percent, r.CI95, r.Suppressed = f.Count, f.Percent, f.CI95, f.Suppressed
	return r
}

// Cells formats the row in CSVHeader order; a hidden figure is an empty
// cell, never 0.
func (row Row) Cells() []string {
	num := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	flt := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	var lo, hi *float64
	if row.CI95 != nil {
		lo, hi = &row.CI95[0], &row.CI95[1]
	}
	return []string{row.Question, row.Title, row.Item, row.Column, row.Code, row.Label,
		num(row.Base), num(row.Count), flt(row.Percent), flt(lo), flt(hi), strconv.FormatBool(row.Suppressed)}
}

// CSV writes r in the flat form: one line per figure.
func CSV(w io.Writer, r *report.Report) error {
	cw := csvsafe.NewWriter(w)
	cw.Write(CSVHeader)
	for _, row := range Rows(r) {
		cw.Write(row.Cells())
	}
	cw.Flush()
	return cw.Error()
}
