package render

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"staffnet/internal/report"
)

//go:embed templates/report.html
var templateFS embed.FS

var reportTemplate = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"barTextY": func() int { return barH/2 + 5 },
	"barWidth": func(pct float64) string { return strconv.FormatFloat(pct*3, 'f', 2, 64) },
	"valueX":   func(x float64) string { return strconv.FormatFloat(260+x, 'f', 2, 64) },
	"truncate": func(s string) string {
		if r := []rune(s); len(r) > 38 {
			return string(r[:37]) + "…"
		}
		return s
	},
}).ParseFS(templateFS, "templates/report.html"))

// htmlView is what the template sees: every number already formatted,
// every bar already measured, so the template stays declarative.
type htmlView struct {
	R           *report.Report
	Respondents string
	Filters     []string
	Threshold   int
	Headlines   []headline
	Questions   []htmlQuestion
}

type headline struct{ Value, Text string }

type htmlQuestion struct {
	ID, Title, Type string
	BaseText        string
	Suppressed      bool
	Chart           *chart
	Table           table
	Crosstab        *table
}

type htmlRow struct {
	Label string
	Cells []string
}

type chart struct {
	ID, Title, Desc string
	Height          int
	Bars            []bar
}

type bar struct {
	Label  string
	Y      int
	Width  float64 // percent
	Value  string
	Hidden bool
	ValueX float64
}

// table is a data table: a heading per column after the first, which
// holds each row's label.
type table struct {
	Caption string
	Head    []string
	Rows    []htmlRow
}

const suppressedText = "suppressed"

func pctText(f report.Figure) string {
	if f.Suppressed || f.Count == nil {
		return suppressedText
	}
	if f.Percent == nil {
		return "–"
	}
	return strconv.FormatFloat(*f.Percent, 'f', 1, 64) + "%"
}

func countText(p *int) string {
	if p == nil {
		return suppressedText
	}
	return strconv.Itoa(*p)
}

func ciText(f report.Figure) string {
	if f.CI95 == nil {
		if f.Suppressed {
			return suppressedText
		}
		return "–"
	}
	return fmt.Sprintf("%.1f–%.1f%%", f.CI95[0], f.CI95[1])
}

// HTML writes r as one self-contained, printable page: no scripts, no
// external files.
func HTML(w io.Writer, r *report.Report) error {
	return reportTemplate.Execute(w, htmlViewOf(r))
}

// HTMLFigures writes only the figures (headlines, and a chart and table
// per question), for embedding in a page that has its own heading and
// styles: the web dashboard.
func HTMLFigures(w io.Writer, r *report.Report) error {
	return reportTemplate.ExecuteTemplate(w, "figures", htmlViewOf(r))
}

// FilterTexts describes the report's filters in words.
func FilterTexts(r *report.Report) []string {
	var out []string
	for _, f := range r.Filters {
		out = append(out, filterText(r, f))
	}
	return out
}

func htmlViewOf(r *report.Report) htmlView {
	v := htmlView{R: r, Respondents: countText(r.Respondents), Threshold: r.Threshold, Filters: FilterTexts(r)}
	for _, q := range r.Questions {
		v.Questions = append(v.Questions, htmlQuestionOf(r, q))
	}
	v.Headlines = headlines(r)
	return v
}

func filterText(r *report.Report, f report.Filter) string {
	for _, q := range r.Questions {
		if q.ID != f.Question {
			continue
		}
		title := q.Title
		labels := map[string]string{}
		opts := q.Options
		for _, it := range q.Items {
			if it.ID == f.Item {
				title += " — " + it.Label
				opts = it.Options
			}
		}
		for _, o := range opts {
			labels[o.Code] = o.Label
		}
		var chosen []string
		for _, c := range f.Codes {
			if l, ok := labels[c]; ok {
				chosen = append(chosen, l)
			} else {
				chosen = append(chosen, c)
			}
		}
		return title + " — " + strings.Join(chosen, " or ")
	}
	return f.String()
}

// headlines picks the first answer of each single-choice question that
// has one shown: the figures a reader looks for first.
func headlines(r *report.Report) []headline {
	var out []headline
	if r.Respondents != nil {
		out = append(out, headline{strconv.Itoa(*r.Respondents), "respondents"})
	}
	for _, q := range r.Questions {
		if q.Type != "single" || q.Base == nil || len(out) >= 5 {
			continue
		}
		best := -1
		for i, o := range q.Options {
			if o.Percent != nil && (best < 0 || *o.Percent > *q.Options[best].Percent) {
				best = i
			}
		}
		if best >= 0 {
			o := q.Options[best]
			out = append(out, headline{pctText(o.Figure), fmt.Sprintf("%s — %s (of %d)", q.Title, o.Label, *q.Base)})
		}
	}
	return out
}

func baseText(r *report.Report, base *int, suppressed bool, what string) string {
	if suppressed || base == nil {
		return fmt.Sprintf("Fewer than %d people %s, or the figure could reveal a small group, so no figures are shown.", r.Threshold, what)
	}
	return fmt.Sprintf("Base: %d people %s.", *base, what)
}

func htmlQuestionOf(r *report.Report, q report.Question) htmlQuestion {
	h := htmlQuestion{ID: q.ID, Title: q.Title, Type: q.Type, Suppressed: q.Suppressed, Table: table{Caption: q.Title}}
	switch q.Type {
	case "text":
		h.BaseText = baseText(r, q.Base, q.Suppressed, "wrote an answer")
		h.BaseText += " Free-text answers are never published in a report."
		return h
	case "multiple":
		h.BaseText = baseText(r, q.Base, q.Suppressed, "answered (ticked at least one option)") +
			" People could choose more than one answer, so percentages can add up to more than 100."
	default:
		h.BaseText = baseText(r, q.Base, q.Suppressed, "answered")
	}
	if q.Type == "likert" {
		h.Table.Head = []string{"Base"}
		var bars []bar
		if len(q.Items) > 0 {
			for _, o := range q.Items[0].Options {
				h.Table.Head = append(h.Table.Head, o.Label)
			}
		}
		h.Table.Head = append(h.Table.Head, "Net agree", "Net agree 95% CI", "Net disagree")
		for _, it := range q.Items {
			cells := []string{countText(it.Base)}
			for _, o := range it.Options {
				cells = append(cells, pctText(o.Figure))
			}
			cells = append(cells, pctText(it.NetAgree), ciText(it.NetAgree), pctText(it.NetDisagree))
			h.Table.Rows = append(h.Table.Rows, htmlRow{it.Label, cells})
			bars = append(bars, mkBar(it.Label, it.NetAgree))
		}
		h.Chart = mkChart(q.ID, "Net agreement: "+q.Title, "Percentage who agree or strongly agree with each statement; bars for suppressed figures are left out.", bars)
	} else {
		h.Table.Head = []string{"Count", "Percent", "95% confidence interval"}
		var bars []bar
		for _, o := range q.Options {
			h.Table.Rows = append(h.Table.Rows, htmlRow{o.Label, []string{countText(o.Count), pctText(o.Figure), ciText(o.Figure)}})
			bars = append(bars, mkBar(o.Label, o.Figure))
		}
		h.Chart = mkChart(q.ID, q.Title, "Percentage of the base choosing each answer; bars for suppressed figures are left out.", bars)
	}
	if r.By != nil && len(q.By) > 0 {
		h.Crosstab = mkCrosstab(r, q)
	}
	return h
}

const barH, barGap = 22, 10

func mkBar(label string, f report.Figure) bar {
	b := bar{Label: label, Value: pctText(f), Hidden: f.Percent == nil}
	if f.Percent != nil {
		b.Width = *f.Percent
	}
	return b
}

func mkChart(id, title, desc string, bars []bar) *chart {
	for i := range bars {
		bars[i].Y = i * (barH + barGap)
		bars[i].ValueX = bars[i].Width*3 + 6 // the bar area is 300 units wide
	}
	return &chart{ID: "chart-" + id, Title: title, Desc: desc, Height: len(bars)*(barH+barGap) + barGap, Bars: bars}
}

func mkCrosstab(r *report.Report, q report.Question) *table {
	ct := &table{Caption: fmt.Sprintf("%s, by %s (column percentages)", q.Title, r.By.Title)}
	labels := map[string]string{}
	for _, c := range r.By.Columns {
		labels[c.Code] = c.Label
	}
	for _, c := range q.By {
		ct.Head = append(ct.Head, labels[c.Code])
	}
	baseRow := htmlRow{Label: "Base"}
	for _, c := range q.By {
		baseRow.Cells = append(baseRow.Cells, countText(c.Base))
	}
	ct.Rows = append(ct.Rows, baseRow)
	if q.Type == "likert" {
		for _, it := range q.Items {
			row := htmlRow{Label: it.Label + " — net agree"}
			for _, c := range q.By {
				cell := "–"
				for _, ci := range c.Items {
					if ci.ID == it.ID {
						cell = pctText(ci.NetAgree)
					}
				}
				row.Cells = append(row.Cells, cell)
			}
			ct.Rows = append(ct.Rows, row)
		}
		return ct
	}
	for k, o := range q.Options {
		row := htmlRow{Label: o.Label}
		for _, c := range q.By {
			row.Cells = append(row.Cells, pctText(c.Options[k].Figure))
		}
		ct.Rows = append(ct.Rows, row)
	}
	return ct
}
