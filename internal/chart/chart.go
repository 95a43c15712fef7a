// Package chart is staffnet's one chart partial: a Go model and one
// template file, used by the survey findings (internal/report/render),
// the WRES pages, the network map and the self-assessment results. It
// draws bar charts (Chart) and line charts over years (Line). Labels,
// figures and keys are HTML text, or SVG text left unscaled, so they are
// the body's size at any width; only the marks are drawn, in SVG, whose
// attributes the pages' strict Content-Security-Policy allows where an
// inline style would not be.
package chart

import (
	"embed"
	"html/template"
	"strconv"
)

// FS holds chart.html, which defines the templates "chart" (a *Chart),
// "line-chart" (a *Line) and "chart-css" (chart.css inline, for a page
// that carries its styles), and chart.css.
//
//go:embed chart.html chart.css
var FS embed.FS

// Pattern names the template files in FS.
const Pattern = "chart.*"

// CSS is the charts' style sheet, which the web pages load as
// /css/chart.css.
//
//go:embed chart.css
var CSS []byte

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
	// BarKey, SecondKey and MarkKey, when set, name in the key under the
	// title the bars, the bars' Second and their Mark.
	BarKey, SecondKey, MarkKey string
}

// Bar is one labelled bar.
type Bar struct {
	Label string
	Value float64
	Text  string // the figure as written beside the bar
	// Hidden bars (a suppressed figure, a missing return) keep their row
	// and text but draw nothing.
	Hidden bool
	// Second, if set, is drawn as a thinner bar under this one (such as
	// the last round's score).
	Second *float64
	// Mark, if set, is a solid line across this bar alone at its value
	// (such as a median that differs from bar to bar).
	Mark *float64
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

// SecondWidth is the length of bar i's Second, 0 to 100.
func (c *Chart) SecondWidth(i int) string { return c.scale(*c.Bars[i].Second) }

// MarkX is where bar i's Mark falls, 0 to 100.
func (c *Chart) MarkX(i int) string { return c.scale(*c.Bars[i].Mark) }

// Template parses FS's templates into t, so that a page's templates can
// call {{template "chart" .}}.
func Template(t *template.Template) (*template.Template, error) {
	return t.ParseFS(FS, Pattern)
}
