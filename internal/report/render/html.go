package render

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"

	"staffnet/internal/chart"
	"staffnet/internal/report"
)

//go:embed templates/report.html
var templateFS embed.FS

var reportTemplate = template.Must(chart.Template(template.Must(template.New("report.html").ParseFS(templateFS, "templates/report.html"))))

// htmlView is what the template sees: every number already formatted,
// every bar already measured, so the template stays declarative.
type htmlView struct {
	R           *report.Report
	Respondents string
	Filters     []string
	Showing     string // the view in words, for the summary
	Threshold   int
	Headlines   []headline
	Questions   []htmlQuestion
}

type headline struct{ Value, Text string }

type htmlQuestion struct {
	ID, Title, Type string
	BaseText        string
	Suppressed      bool
	// ByNote says in words that the breakdown hid some of its own
	// figures, and that the figures for everyone are unaffected.
	ByNote   string
	Chart    *chart.Chart
	Table    table
	Crosstab *table
}

type htmlRow struct {
	Label string
	Cells []string
}

// table is a data table: a heading per column after the first, which
// holds each row's label.
type table struct {
	ID      string // names the caption, which stays outside the table's scrolling region
	Caption string
	Head    []string
	Rows    []htmlRow
}

// suppressedText stands in a table for a withheld figure: a short, plain
// word, so that a row of them fits a phone.
const suppressedText = "hidden"

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
	return fmt.Sprintf("%.1f to %.1f%%", f.CI95[0], f.CI95[1])
}

// HTML writes r as one self-contained, printable page: no scripts, no
// external files.
func HTML(w io.Writer, r *report.Report) error {
	return reportTemplate.Execute(w, htmlViewOf(r))
}

// HTMLFigures writes only the figures (headlines, and a chart and table
// per question), for embedding in a page that has its own heading and
// styles.
func HTMLFigures(w io.Writer, r *report.Report) error {
	return reportTemplate.ExecuteTemplate(w, "figures", htmlViewOf(r))
}

// Parts are a report's summary (who is shown, the headline figures) and
// its questions, apart, so that a page can put its own controls between
// them.
type Parts struct {
	Summary, Questions string
}

// HTMLParts renders r's summary and questions.
func HTMLParts(r *report.Report) (Parts, error) {
	v := htmlViewOf(r)
	var sum, qs bytes.Buffer
	if err := reportTemplate.ExecuteTemplate(&sum, "summary", v); err != nil {
		return Parts{}, err
	}
	if err := reportTemplate.ExecuteTemplate(&qs, "questions", v); err != nil {
		return Parts{}, err
	}
	return Parts{sum.String(), qs.String()}, nil
}

// Showing describes the view in a line: "Showing: London, broken down by
// …".
func Showing(r *report.Report) string {
	var who []string
	for _, f := range r.Filters {
		who = append(who, filterLabels(r, f))
	}
	s := "Showing: everyone who responded"
	if len(who) > 0 {
		s = "Showing: " + strings.Join(who, ", and ")
	}
	if r.By != nil {
		s += ", broken down by “" + r.By.Title + "”"
	}
	return s
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
	v := htmlView{R: r, Respondents: countText(r.Respondents), Threshold: r.Threshold, Filters: FilterTexts(r), Showing: Showing(r)}
	for _, q := range r.Questions {
		v.Questions = append(v.Questions, htmlQuestionOf(r, q))
	}
	v.Headlines = headlines(r)
	return v
}

func filterText(r *report.Report, f report.Filter) string {
	return filterTitle(r, f) + " — " + filterLabels(r, f)
}

// filterTitle is the question (and item) a filter is on.
func filterTitle(r *report.Report, f report.Filter) string {
	for _, q := range r.Questions {
		if q.ID != f.Question {
			continue
		}
		for _, it := range q.Items {
			if it.ID == f.Item {
				return q.Title + " — " + it.Label
			}
		}
		return q.Title
	}
	return f.Question
}

// filterLabels is the answers a filter keeps, in words: "Clinical or
// Medical".
func filterLabels(r *report.Report, f report.Filter) string {
	for _, q := range r.Questions {
		if q.ID != f.Question {
			continue
		}
		labels := map[string]string{}
		opts := q.Options
		for _, it := range q.Items {
			if it.ID == f.Item {
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
		return strings.Join(chosen, " or ")
	}
	return f.String()
}

// headlines picks the commonest answer of each single-choice question
// whose answers are all shown: the figures a reader looks for first. A
// question the view is filtered on is left out (after filtering by
// London, "100% London" says nothing), and so is an answer everyone or
// no one gave.
func headlines(r *report.Report) []headline {
	var out []headline
	if r.Respondents != nil {
		out = append(out, headline{strconv.Itoa(*r.Respondents), respondents(r)})
	}
	filtered := map[string]bool{}
	for _, f := range r.Filters {
		filtered[f.Question] = true
	}
	for _, q := range r.Questions {
		if q.Type != "single" || q.Base == nil || len(out) >= 5 || filtered[q.ID] {
			continue
		}
		// With an answer hidden, the commonest shown may not be the
		// commonest: no headline then.
		best, hidden := -1, false
		for i, o := range q.Options {
			hidden = hidden || o.Percent == nil
			if o.Percent != nil && (best < 0 || *o.Percent > *q.Options[best].Percent) {
				best = i
			}
		}
		if best >= 0 && !hidden && *q.Options[best].Percent > 0 && *q.Options[best].Percent < 100 {
			o := q.Options[best]
			out = append(out, headline{pctText(o.Figure), fmt.Sprintf("%s — %s (of %d)", q.Title, o.Label, *q.Base)})
		}
	}
	return out
}

func baseText(r *report.Report, base *int, suppressed bool, what string) string {
	if suppressed || base == nil {
		return fmt.Sprintf("Fewer than %d %s %s, or the figure could reveal a small group, so no figures are shown.", r.Threshold, r.People(), what)
	}
	return fmt.Sprintf("Base: %d %s %s.", *base, r.People(), what)
}

// respondents names the people, or what else r counts, in the headline.
func respondents(r *report.Report) string {
	if r.Unit == "" {
		return "respondents"
	}
	return r.Unit
}

// hidden counts a question's figures for everyone that are withheld.
func hidden(q *report.Question) int {
	n := 0
	if q.Suppressed {
		n++
	}
	for _, o := range q.Options {
		if o.Suppressed {
			n++
		}
	}
	for _, it := range q.Items {
		if it.NetAgree.Suppressed {
			n++
		}
		for _, o := range it.Options {
			if o.Suppressed {
				n++
			}
		}
	}
	return n
}

// Withheld counts the figures in r that are withheld to protect small
// groups: answers' counts and percentages (each once), for everyone and
// in each column of a breakdown.
func Withheld(r *report.Report) int {
	n := 0
	opts := func(os []report.Option) {
		for _, o := range os {
			if o.Suppressed {
				n++
			}
		}
	}
	items := func(its []report.Item) {
		for _, it := range its {
			opts(it.Options)
		}
	}
	for _, q := range r.Questions {
		opts(q.Options)
		items(q.Items)
		for _, c := range q.By {
			opts(c.Options)
			items(c.Items)
		}
	}
	return n
}

// columnsHide says whether any of the breakdown's cells is withheld.
func columnsHide(q *report.Question) bool {
	for _, c := range q.By {
		if c.Suppressed {
			return true
		}
		for _, o := range c.Options {
			if o.Suppressed {
				return true
			}
		}
		for _, it := range c.Items {
			if it.Suppressed || it.NetAgree.Suppressed {
				return true
			}
		}
	}
	return false
}

func htmlQuestionOf(r *report.Report, q report.Question) htmlQuestion {
	var note string
	if r.By != nil && columnsHide(&q) {
		// Say so, so that a reader does not take the gaps for missing
		// answers or doubt the figures for everyone, which the engine
		// takes unchanged from the view without the breakdown.
		note = fmt.Sprintf("Breaking these figures down by “%s” hid some of them, so that a small group could not be worked out by subtraction. The figures for everyone are not affected: they are the same as without the breakdown.", r.By.Title)
		if hidden(&q) > 0 {
			note += " Those hidden for everyone are hidden without the breakdown too, because they are small."
		}
	}
	h := htmlQuestion{ID: q.ID, Title: q.Title, Type: q.Type, Suppressed: q.Suppressed, ByNote: note, Table: table{ID: "table-" + q.ID, Caption: q.Title}}
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
		var bars []chart.Bar
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
		h.Chart = mkChart(q.ID, "Net agreement: the percentage who agree or strongly agree with each statement", bars)
	} else {
		h.Table.Head = []string{"Count", "Percent", "95% confidence interval"}
		var bars []chart.Bar
		for _, o := range q.Options {
			h.Table.Rows = append(h.Table.Rows, htmlRow{o.Label, []string{countText(o.Count), pctText(o.Figure), ciText(o.Figure)}})
			bars = append(bars, mkBar(o.Label, o.Figure))
		}
		h.Chart = mkChart(q.ID, "Percentage choosing each answer", bars)
	}
	if r.By != nil && len(q.By) > 0 {
		h.Crosstab = mkCrosstab(r, q)
	}
	return h
}

func mkBar(label string, f report.Figure) chart.Bar {
	b := chart.Bar{Label: label, Text: pctText(f), Hidden: f.Percent == nil}
	if f.Percent != nil {
		b.Value = *f.Percent
	}
	return b
}

func mkChart(id, title string, bars []chart.Bar) *chart.Chart {
	return &chart.Chart{ID: "chart-" + id, Title: title, Max: 100, Bars: bars}
}

func mkCrosstab(r *report.Report, q report.Question) *table {
	ct := &table{ID: "crosstab-" + q.ID, Caption: fmt.Sprintf("%s, by %s (column percentages)", q.Title, r.By.Title)}
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
			cell := suppressedText
			if k < len(c.Options) {
				cell = pctText(c.Options[k].Figure)
			}
			row.Cells = append(row.Cells, cell)
		}
		ct.Rows = append(ct.Rows, row)
	}
	return ct
}
