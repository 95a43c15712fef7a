package render

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"

	"staffnet/internal/chart"
	"staffnet/internal/orgs"
	"staffnet/internal/wres"
)

//go:embed report.gohtml
var reportTemplate string

// Both charts are internal/chart's, the one chart partial of every page:
// the profile is its bar chart, the trend its line chart.
var htmlTmpl = template.Must(chart.Template(template.Must(template.New("report").Parse(reportTemplate))))

// HTML writes r as a self-contained page: inline CSS, SVG charts that
// carry a title and description for screen readers, and a data table
// beside every chart. It loads nothing from elsewhere.
func HTML(w io.Writer, r *wres.Report) error {
	return htmlTmpl.Execute(w, newPage(r))
}

// HTMLFigures writes the report's figures without the page around them
// (no title, no styles), for the web dashboard.
func HTMLFigures(w io.Writer, r *wres.Report) error {
	return htmlTmpl.ExecuteTemplate(w, "figures", newPage(r))
}

type page struct {
	Title       string
	Suppression *wres.Suppression
	Years       []int
	Headlines   []Headline
	Trend       *chart.Line
	Latest      *wres.Indicators
	Profile     *chart.Chart
	Posts       []postRow
	RLs         []rlView
	Surveys     []surveyView
	Boards      []boardView
	// Pooled is set for a region or the nation; OneOrg when its latest
	// year holds a single organisation, so it is no comparison at all.
	Pooled bool
	OneOrg bool
	Meaning1,
	Meaning9 string
}

// postRow is one line of indicator 1's table, labelled in words.
type postRow struct {
	Label string
	C     wres.Composition
}

type rlView struct {
	ID                  wres.IndicatorID
	Title, Numer, Denom string
	Who, Outcome        string
	R                   wres.RelativeLikelihood
	Extra               string
	Impact              wres.Impact
	Pooled              string
}

type surveyView struct {
	ID     wres.IndicatorID
	S      wres.SurveyIndicator
	Impact wres.Impact
	Pooled string
}

type boardView struct {
	Name   string
	S      wres.BoardShare
	Impact wres.Impact
	Pooled string
}

func scopeTitle(s wres.Scope) string {
	switch s.Kind {
	case wres.ScopeRegion:
		if n := orgs.Regions[s.Code]; n != "" {
			return "region " + n + " (" + s.Code + ")"
		}
		return "region " + s.Code
	case wres.ScopeNational:
		return "all organisations"
	}
	return "organisation " + s.Code
}

// pooledFrom says how many of the year's organisations an indicator
// pooled, or nothing for an organisation's own report.
func pooledFrom(n *int, of int) string {
	switch {
	case n == nil:
		return ""
	case *n == of && of == 1:
		return "The 1 organisation gave these figures."
	case *n == of:
		return fmt.Sprintf("All %s gave these figures.", plural(of, "organisation"))
	case *n == 0:
		return fmt.Sprintf("None of the %s gave these figures.", plural(of, "organisation"))
	case *n == 1:
		return fmt.Sprintf("From 1 of the %s, the one that gave these figures.", plural(of, "organisation"))
	}
	return fmt.Sprintf("Pooled from %s of the %s, those that gave these figures.", commas(int64(*n)), plural(of, "organisation"))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%s %ss", commas(int64(n)), word)
}

func newPage(r *wres.Report) *page {
	p := &page{Title: "Workforce Race Equality Standard: " + scopeTitle(r.Scope), Suppression: r.Suppression, Headlines: Headlines(r),
		Pooled: r.Scope.Kind != wres.ScopeOrganisation, Meaning1: wres.IndicatorID(1).Meaning(), Meaning9: wres.IndicatorID(9).Meaning()}
	for _, y := range r.Years {
		p.Years = append(p.Years, y.Year)
	}
	if len(r.Years) == 0 {
		return p
	}
	y := &r.Years[len(r.Years)-1]
	p.Latest = y
	p.OneOrg = p.Pooled && y.Organisations == 1
	p.Trend = trendChart(r)
	p.Profile = profileChart(y)
	for _, c := range y.Indicator1.Posts {
		p.Posts = append(p.Posts, postRow{c.Label(), c})
	}
	p.Posts = append(p.Posts, postRow{"Whole workforce", y.Indicator1.Workforce})
	extra3 := ""
	if s := y.Indicator3.SingleYear; s != nil && *s {
		extra3 = "Figures for one year only: the year before is missing."
	} else if len(y.Indicator3.Years) == 2 {
		extra3 = fmt.Sprintf("Two-year rolling figure: %d and %d summed.", y.Indicator3.Years[0], y.Indicator3.Years[1])
	}
	p.RLs = []rlView{
		{ID: 2, Title: "Appointment from shortlisting", Numer: "Appointed", Denom: "Shortlisted", Who: "applicants", Outcome: "to be appointed from shortlisting", R: y.Indicator2},
		{ID: 3, Title: "Entering the formal disciplinary process", Numer: "Entered", Denom: "Staff", Who: "staff", Outcome: "to enter the formal disciplinary process", R: y.Indicator3.RelativeLikelihood, Extra: extra3},
		{ID: 4, Title: "Accessing non-mandatory training and CPD", Numer: "Accessed", Denom: "Staff", Who: "staff", Outcome: "to access non-mandatory training or CPD", R: y.Indicator4},
	}
	for i := range p.RLs {
		v := &p.RLs[i]
		v.Impact = v.R.Impact(v.Who)
		v.Pooled = pooledFrom(v.R.OrganisationsPooled, y.Organisations)
	}
	for i, s := range []wres.SurveyIndicator{y.Indicator5, y.Indicator6, y.Indicator7, y.Indicator8} {
		id := wres.IndicatorID(5 + i)
		p.Surveys = append(p.Surveys, surveyView{id, s, s.Impact(id), pooledFrom(s.OrganisationsPooled, y.Organisations)})
	}
	for _, b := range []struct {
		name string
		s    wres.BoardShare
	}{{"Voting members", y.Indicator9.Voting}, {"Executive members", y.Indicator9.Executive}} {
		p.Boards = append(p.Boards, boardView{b.name, b.s, b.s.Impact(), pooledFrom(b.s.OrganisationsPooled, y.Organisations)})
	}
	return p
}

// Template helpers are methods so the template needs no FuncMap.

func (v rlView) Meaning() string     { return v.ID.Meaning() }
func (v surveyView) Meaning() string { return v.ID.Meaning() }

func (v rlView) Sentence() string {
	r := v.R
	if r.Value == nil {
		return "Not computable: " + r.NotComputable + "."
	}
	first, second := "White", "BME"
	if r.Compares == "bme_vs_white" {
		first, second = "BME", "White"
	}
	s := fmt.Sprintf("%s %s were %s times as likely as %s %s %s.", first, v.Who, Ratio(r.Value), second, v.Who, v.Outcome)
	switch {
	case r.Significant == nil:
		s += " No confidence interval: " + r.CINotComputable + "."
	case *r.Significant:
		s += fmt.Sprintf(" The 95%% confidence interval (%s to %s) excludes 1: the difference is statistically significant.", ratio(r.CI95.Lower), ratio(r.CI95.Upper))
	default:
		s += fmt.Sprintf(" The 95%% confidence interval (%s to %s) includes 1: the difference is not statistically significant.", ratio(r.CI95.Lower), ratio(r.CI95.Upper))
	}
	return s
}

// TagClass is the NHS tag colour for an impact: red for adverse, green
// for none.
func TagClass(im wres.Impact) string {
	if im.Adverse {
		return "nhsuk-tag nhsuk-tag--red"
	}
	return "nhsuk-tag nhsuk-tag--green"
}

func (p *page) Tag(im wres.Impact) string { return TagClass(im) }

// Figures for people: relative likelihoods to 2 decimals, percents and
// points to 1, counts with thousands separators; null reads "–".

func (p *page) Ratio(v *float64) string { return Ratio(v) }
func (p *page) Pct(v *float64) string   { return Percent(v) }
func (p *page) Pts(v *float64) string   { return Points(v) }
func (p *page) N(v *int64) string       { return Count(v) }
func (p *page) R(v float64) string      { return ratio(v) }

// Show formats a string for a table cell; empty reads "–".
func (p *page) Show(v string) string {
	if v == "" {
		return "–"
	}
	return v
}

// profileChart is the BME share of each staff group and band. Labels and
// figures are HTML text at body size; the whole workforce's share is a
// dashed line across each bar only, named once above the bars, so that no
// text ever sits on the line.
func profileChart(y *wres.Indicators) *chart.Chart {
	posts := y.Indicator1.Posts
	if len(posts) == 0 {
		return nil
	}
	c := &chart.Chart{ID: fmt.Sprintf("profile-%d", y.Year), Max: 100,
		Title: fmt.Sprintf("BME staff as a percent of each staff group and band, %d", y.Year)}
	for _, p := range posts {
		b := chart.Bar{Label: p.Label(), Text: "hidden", Hidden: true}
		if v := p.Percent.BME; v != nil {
			b.Value, b.Text, b.Hidden = *v, Percent(v), false
		}
		c.Bars = append(c.Bars, b)
	}
	if w := y.Indicator1.Workforce.Percent.BME; w != nil {
		c.Ref = &chart.Ref{Value: *w, Label: "Dashed line: the whole workforce, " + Percent(w)}
	}
	c.Desc = "Bars run from 0% to 100%. The table that follows gives the figures."
	return c
}

// trendChart is the relative likelihoods of indicators 2, 3 and 4 by
// year, as internal/chart's line chart, with 1.00 (equal likelihood) as
// its reference line.
func trendChart(r *wres.Report) *chart.Line {
	type pick func(y *wres.Indicators) *float64
	defs := []struct {
		name string
		f    pick
	}{
		{"Indicator 2 (appointment)", func(y *wres.Indicators) *float64 { return y.Indicator2.Value }},
		{"Indicator 3 (disciplinary)", func(y *wres.Indicators) *float64 { return y.Indicator3.Value }},
		{"Indicator 4 (training)", func(y *wres.Indicators) *float64 { return y.Indicator4.Value }},
	}
	c := &chart.Line{ID: "trend-chart", Title: "Relative likelihoods by year", Max: 2, Step: 0.5,
		Desc: "One line for each of indicators 2, 3 and 4, each with its own colour and dash pattern. The table after the chart gives every value.",
		Ref:  &chart.Ref{Value: 1, Label: "Dashed black line: 1.00, equal likelihood"}}
	for _, y := range r.Years {
		c.X = append(c.X, fmt.Sprint(y.Year))
	}
	for _, d := range defs {
		s := chart.Series{Name: d.name}
		for i := range r.Years {
			v := d.f(&r.Years[i])
			if v == nil {
				s.Points = append(s.Points, chart.Point{Missing: true})
				continue
			}
			c.Max = max(c.Max, math.Ceil(*v))
			s.Points = append(s.Points, chart.Point{Value: *v, Text: fmt.Sprintf("%s, %d: %s", d.name, r.Years[i].Year, Ratio(v))})
		}
		c.Series = append(c.Series, s)
	}
	if c.Max > 2 {
		// Four or so gridlines: more would crowd their labels.
		c.Step = math.Ceil(c.Max / 4)
	}
	return c
}
