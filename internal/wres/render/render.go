// Package render writes a wres.Report as CSV, XLSX or a self-contained,
// accessible HTML page, and a wres.Return as the aggregated return's CSV.
// It does no I/O beyond the io.Writer it is given.
package render

import (
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/csvsafe"
	"staffnet/internal/wres"
)

// Line is one figure of a report in long form: the rows of the CSV and of
// the XLSX "Data" sheet. A null figure has an empty Value.
type Line struct {
	Year      int
	Indicator string // "1" … "9"
	Item      string // staff group and band for indicator 1, voting/executive for 9
	Group     string // white, bme, unknown or empty
	Measure   string // count, base, percent, relative_likelihood, ci95_lower, …
	Value     string
}

// Columns is the CSV header.
var Columns = []string{"scope", "code", "year", "indicator", "item", "group", "measure", "value"}

// Lines flattens r.
func Lines(r *wres.Report) []Line {
	var ls []Line
	for _, y := range r.Years {
		add := func(ind, item, group, measure, value string) {
			ls = append(ls, Line{y.Year, ind, item, group, measure, value})
		}
		comp := func(item string, c wres.Composition) {
			add("1", item, "", "total", ip(c.Total))
			for _, g := range []struct {
				name string
				n    *int64
				p    *float64
			}{{"white", c.Count.White, c.Percent.White}, {"bme", c.Count.BME, c.Percent.BME}, {"unknown", c.Count.Unknown, c.Percent.Unknown}} {
				add("1", item, g.name, "count", ip(g.n))
				add("1", item, g.name, "percent", fp(g.p))
			}
		}
		comp("workforce", y.Indicator1.Workforce)
		for _, p := range y.Indicator1.Posts {
			comp(p.StaffGroup+" "+p.Band, p)
		}
		if y.Indicator1.NotComputable != "" {
			add("1", "", "", "not_computable", y.Indicator1.NotComputable)
		}
		prop := func(ind, item, group string, p wres.Proportion) {
			add(ind, item, group, "count", ip(p.Count))
			add(ind, item, group, "base", ip(p.Base))
			add(ind, item, group, "percent", fp(p.Percent))
		}
		rl := func(ind string, r wres.RelativeLikelihood) {
			prop(ind, "", "white", r.White)
			prop(ind, "", "bme", r.BME)
			add(ind, "", "", "relative_likelihood", fp(r.Value))
			if r.CI95 != nil {
				add(ind, "", "", "ci95_lower", ff(r.CI95.Lower))
				add(ind, "", "", "ci95_upper", ff(r.CI95.Upper))
			} else {
				add(ind, "", "", "ci95_lower", "")
				add(ind, "", "", "ci95_upper", "")
			}
			add(ind, "", "", "significant", bp(r.Significant))
			if r.NotComputable != "" {
				add(ind, "", "", "not_computable", r.NotComputable)
			}
			if r.CINotComputable != "" {
				add(ind, "", "", "ci95_not_computable", r.CINotComputable)
			}
		}
		rl("2", y.Indicator2)
		rl("3", y.Indicator3.RelativeLikelihood)
		add("3", "", "", "non_adverse", bp(y.Indicator3.NonAdverse))
		add("3", "", "", "single_year", bp(y.Indicator3.SingleYear))
		rl("4", y.Indicator4)
		for i, s := range []wres.SurveyIndicator{y.Indicator5, y.Indicator6, y.Indicator7, y.Indicator8} {
			ind := strconv.Itoa(5 + i)
			prop(ind, "", "white", s.White)
			prop(ind, "", "bme", s.BME)
			add(ind, "", "", "difference_points", fp(s.DifferencePoints))
			if s.NotComputable != "" {
				add(ind, "", "", "not_computable", s.NotComputable)
			}
		}
		prop("9", "workforce", "bme", y.Indicator9.WorkforceBME)
		for _, b := range []struct {
			item string
			s    wres.BoardShare
		}{{"voting", y.Indicator9.Voting}, {"executive", y.Indicator9.Executive}} {
			prop("9", b.item, "bme", b.s.BME)
			add("9", b.item, "", "difference_points", fp(b.s.DifferencePoints))
			if b.s.NotComputable != "" {
				add("9", b.item, "", "not_computable", b.s.NotComputable)
			}
		}
	}
	return ls
}

// CSV writes r in long form with the header Columns.
func CSV(w io.Writer, r *wres.Report) error {
	cw := csvsafe.NewWriter(w)
	cw.Write(Columns)
	for _, l := range Lines(r) {
		cw.Write([]string{string(r.Scope.Kind), r.Scope.Code, strconv.Itoa(l.Year), l.Indicator, l.Item, l.Group, l.Measure, l.Value})
	}
	cw.Flush()
	return cw.Error()
}

// ReturnCSV writes r as an aggregated return CSV, header included (the
// columns of wres.Columns), in the canonical form of r.Rows: what
// wresio.ParseCSV reads back as the same return.
func ReturnCSV(w io.Writer, r *wres.Return) error {
	cw := csvsafe.NewWriter(w)
	cols := wres.Columns()
	cw.Write(cols)
	rec := make([]string, len(cols))
	for _, row := range r.Rows() {
		rec[0], rec[1], rec[2] = row.Org, strconv.Itoa(row.Year), row.Measure.String()
		rec[3], rec[4], rec[5] = row.Ethnicity.String(), row.StaffGroup.String(), row.Band.String()
		rec[6] = strconv.FormatInt(row.Value, 10)
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// XLSX writes r as a workbook: a "Summary" sheet of headline figures by
// year and a "Data" sheet holding the same lines as CSV, numbers as numbers.
func XLSX(w io.Writer, r *wres.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	const summary, data = "Summary", "Data"
	f.SetSheetName("Sheet1", summary)
	if _, err := f.NewSheet(data); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(summary)
	if err != nil {
		return err
	}
	head := []any{"Indicator"}
	for _, y := range r.Years {
		head = append(head, y.Year)
	}
	sw.SetRow("A1", head)
	for i, h := range Headlines(r) {
		row := []any{h.Label}
		for _, v := range h.Values {
			row = append(row, cellValue(v))
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, row)
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	sw, err = f.NewStreamWriter(data)
	if err != nil {
		return err
	}
	row := make([]any, len(Columns))
	for i, c := range Columns {
		row[i] = c
	}
	sw.SetRow("A1", row)
	for i, l := range Lines(r) {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		sw.SetRow(cell, []any{string(r.Scope.Kind), r.Scope.Code, l.Year, l.Indicator, l.Item, l.Group, l.Measure, cellValue(l.Value)})
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// cellValue makes numbers numeric cells and leaves null cells empty.
func cellValue(s string) any {
	if s == "" {
		return nil
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return v
	}
	return s
}

// Headline is one row of the summary: a label and a value per year.
type Headline struct {
	Label  string
	Values []string // full precision, "" for null
	ID     wres.IndicatorID
	Kind   Kind // how Shown formats Values for people
	// Short is the label for pages: the indicator's name and the figure.
	Short string
}

// Headlines lists the headline figure of each indicator by year.
func Headlines(r *wres.Report) []Headline {
	type get func(y *wres.Indicators) string
	rows := []struct {
		label string
		id    wres.IndicatorID
		kind  Kind
		short string
		f     get
	}{
		{"1. BME % of workforce", 1, KindPercent, "1. BME share of the workforce", func(y *wres.Indicators) string { return fp(y.Indicator1.Workforce.Percent.BME) }},
		{"2. Relative likelihood, White vs BME, appointed from shortlisting", 2, KindRatio, "2. Appointment from shortlisting (White ÷ BME)", func(y *wres.Indicators) string { return fp(y.Indicator2.Value) }},
		{"3. Relative likelihood, BME vs White, entering formal disciplinary process", 3, KindRatio, "3. Formal disciplinary process (BME ÷ White)", func(y *wres.Indicators) string { return fp(y.Indicator3.Value) }},
		{"4. Relative likelihood, White vs BME, accessing non-mandatory training/CPD", 4, KindRatio, "4. Non-mandatory training and CPD (White ÷ BME)", func(y *wres.Indicators) string { return fp(y.Indicator4.Value) }},
		{wres.IndicatorID(5).Label() + ": BME − White, points", 5, KindPoints, wres.IndicatorID(5).Label() + " (BME − White, points)", func(y *wres.Indicators) string { return fp(y.Indicator5.DifferencePoints) }},
		{wres.IndicatorID(6).Label() + ": BME − White, points", 6, KindPoints, wres.IndicatorID(6).Label() + " (BME − White, points)", func(y *wres.Indicators) string { return fp(y.Indicator6.DifferencePoints) }},
		{wres.IndicatorID(7).Label() + ": BME − White, points", 7, KindPoints, wres.IndicatorID(7).Label() + " (BME − White, points)", func(y *wres.Indicators) string { return fp(y.Indicator7.DifferencePoints) }},
		{wres.IndicatorID(8).Label() + ": BME − White, points", 8, KindPoints, wres.IndicatorID(8).Label() + " (BME − White, points)", func(y *wres.Indicators) string { return fp(y.Indicator8.DifferencePoints) }},
		{"9a. Board voting BME % − workforce BME %, points", 9, KindPoints, "9a. Voting board members (board − workforce, points)", func(y *wres.Indicators) string { return fp(y.Indicator9.Voting.DifferencePoints) }},
		{"9b. Board executive BME % − workforce BME %, points", 9, KindPoints, "9b. Executive board members (board − workforce, points)", func(y *wres.Indicators) string { return fp(y.Indicator9.Executive.DifferencePoints) }},
	}
	var hs []Headline
	for _, row := range rows {
		h := Headline{Label: row.label, ID: row.id, Kind: row.kind, Short: row.short}
		for i := range r.Years {
			h.Values = append(h.Values, row.f(&r.Years[i]))
		}
		hs = append(hs, h)
	}
	return hs
}

func ip(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func fp(p *float64) string {
	if p == nil {
		return ""
	}
	return ff(*p)
}

func ff(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func bp(p *bool) string {
	if p == nil {
		return ""
	}
	return fmt.Sprint(*p)
}
