package chart

import (
	"math"
	"strconv"
)

// Line is a line chart over a few categories (years), left to right, on
// a scale from 0 to Max. The SVG has no viewBox: across, everything is
// placed in percentages of the width, and down in pixels, so the
// drawing fits any width while its text stays the body's size. The key
// and the reference are HTML above the plot, never beside a line; the
// page gives the figures in a table after the chart.
type Line struct {
	ID    string // unique on the page
	Title string
	Desc  string
	X     []string // category labels
	Max   float64  // top of the scale; at least the largest value
	// Step is the distance between the scale's gridlines (0: Max/4).
	Step   float64
	Series []Series
	// Ref, if set, is a dashed line across the plot at its value, named
	// once in the key.
	Ref *Ref
}

// Series is one line: a value per category, or none.
type Series struct {
	Name   string
	Points []Point
}

// Point is one series' value at one category.
type Point struct {
	Value   float64
	Text    string // the figure in words, for the point's tooltip
	Missing bool
}

// The plot's frame: across, in percent of the width (inset so that the
// first and last categories' labels stay inside); down, in pixels.
const (
	lineLeft, lineRight = 10.0, 94.0
	lineTop, lineBottom = 32.0, 248.0
	// LineHeight is the SVG's height: the plot and the category labels.
	LineHeight = 290
)

// XAt is category i's position across, as an SVG percentage.
func (l *Line) XAt(i int) string {
	x := (lineLeft + lineRight) / 2
	if n := len(l.X); n > 1 {
		x = lineLeft + float64(i)*(lineRight-lineLeft)/float64(n-1)
	}
	return strconv.FormatFloat(x, 'f', 2, 64) + "%"
}

// YAt is value v's height, in pixels from the top.
func (l *Line) YAt(v float64) string {
	top := l.Max
	if top <= 0 {
		top = 1
	}
	v = min(max(v, 0), top)
	return strconv.FormatFloat(lineBottom-v/top*(lineBottom-lineTop), 'f', 1, 64)
}

// Tick is a labelled place on an axis. Minor ticks are left out on a
// narrow screen, where every other one is enough.
type Tick struct {
	At, Label string
	Minor     bool
}

// XTicks labels every category; on a narrow screen every other one,
// counting back from the last (the latest year is always labelled).
func (l *Line) XTicks() []Tick {
	var out []Tick
	for i, x := range l.X {
		out = append(out, Tick{At: l.XAt(i), Label: x, Minor: (len(l.X)-1-i)%2 == 1})
	}
	return out
}

// YTicks are the scale's gridlines, from 0 to Max.
func (l *Line) YTicks() []Tick {
	step := l.Step
	if step <= 0 {
		step = l.Max / 4
	}
	if step <= 0 {
		return nil
	}
	var out []Tick
	for v := 0.0; v <= l.Max+1e-9; v += step {
		out = append(out, Tick{At: l.YAt(v), Label: strconv.FormatFloat(math.Round(v*100)/100, 'f', 1, 64)})
	}
	return out
}

// Segment is a piece of a series' line between two categories with
// values, and Dot one value.
type Segment struct{ X1, Y1, X2, Y2 string }

type Dot struct{ X, Y, Text string }

// Segments joins the series' consecutive values; a missing value breaks
// the line.
func (l *Line) Segments(s Series) []Segment {
	var out []Segment
	for i := 1; i < len(s.Points); i++ {
		a, b := s.Points[i-1], s.Points[i]
		if a.Missing || b.Missing {
			continue
		}
		out = append(out, Segment{l.XAt(i - 1), l.YAt(a.Value), l.XAt(i), l.YAt(b.Value)})
	}
	return out
}

// Dots are the series' values.
func (l *Line) Dots(s Series) []Dot {
	var out []Dot
	for i, p := range s.Points {
		if !p.Missing {
			out = append(out, Dot{l.XAt(i), l.YAt(p.Value), p.Text})
		}
	}
	return out
}

// RefY is the reference line's height.
func (l *Line) RefY() string { return l.YAt(l.Ref.Value) }

// Bottom is the plot's baseline, and LabelY where category labels sit.
func (l *Line) Bottom() string { return strconv.FormatFloat(lineBottom, 'f', 1, 64) }

func (l *Line) LabelY() string { return strconv.FormatFloat(lineBottom+30, 'f', 1, 64) }

// Height is the SVG's height in pixels.
func (l *Line) Height() int { return LineHeight }
