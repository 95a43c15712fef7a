package web

// The self-assessment results chart: each CRAFT area's score this round
// as a bar, with the last round beneath it and the median of similar
// networks as a line across it. The bars are SVG drawn here on the
// server; every label is HTML text beside them, so it is body size at any
// width and wraps on a phone. The table under the chart (resultsView's
// Scores) carries the same figures for anyone who cannot see it.

import (
	"fmt"
	"strconv"

	"staffnet/internal/network"
)

// areaChart is the partial "network-chart".
type areaChart struct {
	Max       int
	Ticks     []chartTick
	Rows      []chartRow
	LastDate  string // the last round's date, "" when there was none
	HasMedian bool
}

type chartRow struct {
	Title, Score, Level  string // Score "" when the area is not scored
	Last, Median         string // "" when not known
	Pct, LastPct, MedPct string // positions along the axis, as SVG percentages
}

type chartTick struct{ X, Label, Anchor string }

// pct is v's position on an axis from 0 to top, as an SVG length.
func pct(v float64, top int) string {
	p := 100 * v / float64(top)
	p = min(100, max(0, p))
	return strconv.FormatFloat(p, 'f', 1, 64) + "%"
}

// resultsChart draws this round's scores (res) against the last round
// (prev, nil when there was none) and the peer comparison (cmp, nil when
// there are too few similar networks).
func resultsChart(q *network.Questionnaire, res, prev *network.Result, prevDate string, cmp *network.Comparison) *areaChart {
	c := &areaChart{Max: q.MaxScore}
	if prev != nil {
		c.LastDate = prevDate
	}
	for i := 0; i <= q.MaxScore; i++ {
		anchor := "middle"
		switch i {
		case 0:
			anchor = "start"
		case q.MaxScore:
			anchor = "end"
		}
		c.Ticks = append(c.Ticks, chartTick{X: pct(float64(i), q.MaxScore), Label: strconv.Itoa(i), Anchor: anchor})
	}
	median := map[string]network.AreaComparison{}
	if cmp != nil {
		for _, a := range cmp.Areas {
			if !a.Suppressed {
				median[a.Area] = a
			}
		}
	}
	for _, a := range res.Areas {
		row := chartRow{Title: a.Title}
		if a.Scored() {
			row.Score, row.Level, row.Pct = fmt.Sprintf("%.2f", a.Mean), a.LevelName, pct(a.Mean, q.MaxScore)
		}
		if prev != nil {
			if p, ok := prev.AreaByID(a.Area); ok && p.Scored() {
				row.Last, row.LastPct = fmt.Sprintf("%.2f", p.Mean), pct(p.Mean, q.MaxScore)
			}
		}
		if m, ok := median[a.Area]; ok {
			row.Median, row.MedPct = fmt.Sprintf("%.2f", m.Median), pct(m.Median, q.MaxScore)
			c.HasMedian = true
		}
		c.Rows = append(c.Rows, row)
	}
	return c
}
