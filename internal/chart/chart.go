// Package chart is staffnet's one bar chart: a Go model and one template,
// used by the survey findings (internal/report/render), the WRES pages and
// the network map. Labels and figures are HTML text, so they are the
// body's size at any width and wrap on a phone; only the bars themselves
// are drawn, in SVG, whose width attribute the pages' strict
// Content-Security-Policy allows where an inline style would not be.
package chart

import (
	"embed"
	"html/template"
	"strconv"
)

// FS holds chart.html, which defines the templates "chart" (a *Chart) and
// "chart-css" (the rules for a page that cannot load staffnet.css).
//
//go:embed chart.html
var FS embed.FS

// Pattern is the name of the template file in FS.
const Pattern = "chart.html"

// Chart is a horizontal bar chart. Each bar is drawn from 0 to its value
// on a scale from 0 to Max (100 if zero).
type Chart struct {
	ID    string // unique on the page
	Title string
	Desc  string // one line on how to read it; the figures are in the bars' text
	Max   float64
	Bars  []Bar
	// Ref, if set, is drawn as a dashed line across every bar at its
	// value, and named once under the title, never beside a label.
	Ref *Ref
}

// Bar is one labelled bar.
type Bar struct {
	Label string
	Value float64
	Text  string // the figure as written beside the bar
	// Hidden bars (a suppressed figure, a missing return) keep their row
	// and text but draw nothing.
	Hidden bool
}

// Ref is a reference value, such as the figure for England.
type Ref struct {
	Value float64
	Label string
}

func (c *Chart) scale(v float64) string {
	top := c.Max
	if top <= 0 {
		top = 100
	}
	w := v / top * 100
	w = min(max(w, 0), 100)
	return strconv.FormatFloat(w, 'f', 2, 64)
}

// Width is the length of bar i, 0 to 100, for the template.
func (c *Chart) Width(i int) string { return c.scale(c.Bars[i].Value) }

// RefX is where the reference line falls, 0 to 100.
func (c *Chart) RefX() string { return c.scale(c.Ref.Value) }

// Template parses FS's templates into t, so that a page's templates can
// call {{template "chart" .}}.
func Template(t *template.Template) (*template.Template, error) {
	return t.ParseFS(FS, Pattern)
}
