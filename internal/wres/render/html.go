package render

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"staffnet/internal/orgs"
	"staffnet/internal/wres"
)

//go:embed report.gohtml
var reportTemplate string

var htmlTmpl = template.Must(template.New("report").Parse(reportTemplate))

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
	Trend       *lineChart
	Latest      *wres.Indicators
	Profile     *barChart
	RLs         []rlView
	Surveys     []surveyView
	Boards      []boardView
}

type rlView struct {
	Number, Title, Numer, Denom string
	Who, Outcome                string
	R                           wres.RelativeLikelihood
	Extra                       string
}

type surveyView struct {
	Number string
	S      wres.SurveyIndicator
}

type boardView struct {
	Name string
	S    wres.BoardShare
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

func newPage(r *wres.Report) *page {
	p := &page{Title: "Workforce Race Equality Standard: " + scopeTitle(r.Scope), Suppression: r.Suppression, Headlines: Headlines(r)}
	for _, y := range r.Years {
		p.Years = append(p.Years, y.Year)
	}
	if len(r.Years) == 0 {
		return p
	}
	y := &r.Years[len(r.Years)-1]
	p.Latest = y
	p.Trend = trendChart(r)
	p.Profile = profileChart(y)
	extra3 := ""
	if s := y.Indicator3.SingleYear; s != nil && *s {
		extra3 = "Figures for one year only: the year before is missing."
	} else if len(y.Indicator3.Years) == 2 {
		extra3 = fmt.Sprintf("Two-year rolling figure: %d and %d summed.", y.Indicator3.Years[0], y.Indicator3.Years[1])
	}
	if y.Indicator3.NonAdverse != nil {
		if *y.Indicator3.NonAdverse {
			extra3 += " Within the non-adverse range 0.80 to 1.25."
		} else {
			extra3 += " Outside the non-adverse range 0.80 to 1.25."
		}
	}
	p.RLs = []rlView{
		{"2", "Appointment from shortlisting", "appointed", "shortlisted", "applicants", "to be appointed from shortlisting", y.Indicator2, ""},
		{"3", "Entering the formal disciplinary process", "entered", "headcount", "staff", "to enter the formal disciplinary process", y.Indicator3.RelativeLikelihood, strings.TrimSpace(extra3)},
		{"4", "Accessing non-mandatory training and CPD", "accessed", "headcount", "staff", "to access non-mandatory training or CPD", y.Indicator4, ""},
	}
	for i, s := range []wres.SurveyIndicator{y.Indicator5, y.Indicator6, y.Indicator7, y.Indicator8} {
		p.Surveys = append(p.Surveys, surveyView{fmt.Sprint(5 + i), s})
	}
	p.Boards = []boardView{{"Voting members", y.Indicator9.Voting}, {"Executive members", y.Indicator9.Executive}}
	return p
}

// Template helpers are methods so the template needs no FuncMap.

func (v rlView) Sentence() string {
	r := v.R
	if r.Value == nil {
		return "Not computable: " + r.NotComputable + "."
	}
	first, second := "White", "BME"
	if r.Compares == "bme_vs_white" {
		first, second = "BME", "White"
	}
	s := fmt.Sprintf("%s %s were %.2f times as likely as %s %s %s.", first, v.Who, *r.Value, second, v.Who, v.Outcome)
	switch {
	case r.Significant == nil:
		s += " No confidence interval: " + r.CINotComputable + "."
	case *r.Significant:
		s += fmt.Sprintf(" The 95%% confidence interval (%.2f to %.2f) excludes 1: the difference is statistically significant.", r.CI95.Lower, r.CI95.Upper)
	default:
		s += fmt.Sprintf(" The 95%% confidence interval (%.2f to %.2f) includes 1: the difference is not statistically significant.", r.CI95.Lower, r.CI95.Upper)
	}
	return s
}

// Show formats a number for a table cell; null reads "not available".
func (p *page) Show(v any) string {
	switch v := v.(type) {
	case *float64:
		if v == nil {
			return "–"
		}
		return ff(*v)
	case *int64:
		if v == nil {
			return "–"
		}
		return ip(v)
	case string:
		if v == "" {
			return "–"
		}
		return v
	}
	return fmt.Sprint(v)
}

type barChart struct {
	ID, Title, Desc string
	Width, Height   int
	Bars            []bar
	RefX            float64
	RefLabel        string
	Ticks           []tick
	Rows            []wres.Composition
}

type bar struct {
	Label, Value string
	Y, W         float64
}

type tick struct {
	Pos   float64
	Label string
}

const (
	chartLeft  = 190.0
	chartRight = 60.0
	barH       = 18.0
	barGap     = 6.0
)

func profileChart(y *wres.Indicators) *barChart {
	posts := y.Indicator1.Posts
	if len(posts) == 0 {
		return nil
	}
	c := &barChart{ID: fmt.Sprintf("profile-%d", y.Year), Width: 640, Rows: posts}
	c.Title = fmt.Sprintf("BME staff as a percent of each staff group and band, %d", y.Year)
	plotW := float64(c.Width) - chartLeft - chartRight
	x := func(pct float64) float64 { return chartLeft + pct/100*plotW }
	for i, p := range posts {
		b := bar{Label: p.StaffGroup + " " + p.Band, Y: 10 + float64(i)*(barH+barGap)}
		if p.Percent.BME != nil {
			b.W = x(*p.Percent.BME) - chartLeft
			b.Value = fmt.Sprintf("%.1f%%", *p.Percent.BME)
		} else {
			b.Value = "not shown"
		}
		c.Bars = append(c.Bars, b)
	}
	c.Height = int(10+float64(len(posts))*(barH+barGap)) + 30
	if w := y.Indicator1.Workforce.Percent.BME; w != nil {
		c.RefX = x(*w)
		c.RefLabel = fmt.Sprintf("whole workforce %.1f%%", *w)
		c.Desc = fmt.Sprintf("Horizontal bars, one per staff group and band; a vertical line marks the whole workforce's BME share of %.1f%%. The table that follows gives the figures.", *w)
	} else {
		c.Desc = "Horizontal bars, one per staff group and band. The table that follows gives the figures."
	}
	for pct := 0.0; pct <= 100; pct += 25 {
		c.Ticks = append(c.Ticks, tick{x(pct), fmt.Sprintf("%.0f%%", pct)})
	}
	return c
}

type lineChart struct {
	ID, Title, Desc string
	Width, Height   int
	Series          []series
	XTicks, YTicks  []tick
	One             float64 // y of the line RL = 1
	Left, Right     float64
	Top, Bottom     float64
}

type series struct {
	Name, Class, Points string
	Dots                []dot
	LegendY             float64
}

type dot struct {
	X, Y  float64
	Label string
}

func trendChart(r *wres.Report) *lineChart {
	type pick func(y *wres.Indicators) *float64
	defs := []struct {
		name, class string
		f           pick
	}{
		{"Indicator 2 (appointment)", "s2", func(y *wres.Indicators) *float64 { return y.Indicator2.Value }},
		{"Indicator 3 (disciplinary)", "s3", func(y *wres.Indicators) *float64 { return y.Indicator3.Value }},
		{"Indicator 4 (training)", "s4", func(y *wres.Indicators) *float64 { return y.Indicator4.Value }},
	}
	maxV := 2.0
	for i := range r.Years {
		for _, d := range defs {
			if v := d.f(&r.Years[i]); v != nil && *v > maxV {
				maxV = math.Ceil(*v)
			}
		}
	}
	c := &lineChart{ID: "trend", Width: 640, Height: 260, Left: 50, Right: 450, Top: 15, Bottom: 220}
	c.Title = "Relative likelihoods by year"
	c.Desc = "Lines for indicators 2, 3 and 4 by year, each drawn with its own dash pattern; a grey line marks 1, equal likelihood. The table after the chart gives every value."
	n := len(r.Years)
	xAt := func(i int) float64 {
		if n == 1 {
			return (c.Left + c.Right) / 2
		}
		return c.Left + float64(i)*(c.Right-c.Left)/float64(n-1)
	}
	yAt := func(v float64) float64 { return c.Bottom - v/maxV*(c.Bottom-c.Top) }
	c.One = yAt(1)
	for i, y := range r.Years {
		c.XTicks = append(c.XTicks, tick{xAt(i), fmt.Sprint(y.Year)})
	}
	for v := 0.0; v <= maxV; v += math.Max(0.5, math.Ceil(maxV/4)) {
		c.YTicks = append(c.YTicks, tick{yAt(v), fmt.Sprintf("%.1f", v)})
	}
	for k, d := range defs {
		s := series{Name: d.name, Class: d.class, LegendY: c.Top + 10 + float64(k)*22}
		var pts []string
		for i := range r.Years {
			v := d.f(&r.Years[i])
			if v == nil {
				continue
			}
			x, yy := xAt(i), yAt(*v)
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, yy))
			s.Dots = append(s.Dots, dot{x, yy, fmt.Sprintf("%s %d: %.2f", d.name, r.Years[i].Year, *v)})
		}
		s.Points = strings.Join(pts, " ")
		c.Series = append(c.Series, s)
	}
	return c
}
