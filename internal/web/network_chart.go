package web

// The self-assessment results chart: each CRAFT area's score this round
// as a bar of internal/chart's bar chart, the one chart partial of every
// page, with the last round as a thinner bar beneath it and the median of
// similar networks as a line across it. The label says every figure in
// words, and the table under the chart (resultsView's Scores) gives them
// again.

import (
	"fmt"

	"staffnet/internal/chart"
	"staffnet/internal/network"
)

// resultsChart draws this round's scores (res) against the last round
// (prev, nil when there was none) and the peer comparison (cmp, nil when
// there are too few similar networks).
func resultsChart(q *network.Questionnaire, res, prev *network.Result, prevDate string, cmp *network.Comparison) *chart.Chart {
	c := &chart.Chart{ID: "chart-craft", Title: fmt.Sprintf("Mean score of each area, out of %d", q.MaxScore), Max: float64(q.MaxScore),
		Desc:   fmt.Sprintf("Bars run from 0 to %d. The table after the chart gives the same figures.", q.MaxScore),
		BarKey: "Blue bar: this round"}
	if prev != nil {
		c.SecondKey = "Grey bar: the last round (" + prevDate + ")"
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
		b := chart.Bar{Label: a.Title + ": not scored", Text: "–", Hidden: true}
		if a.Scored() {
			b = chart.Bar{Label: fmt.Sprintf("%s: %.2f (%s)", a.Title, a.Mean, a.LevelName), Value: a.Mean, Text: fmt.Sprintf("%.2f", a.Mean)}
		}
		if prev != nil {
			if p, ok := prev.AreaByID(a.Area); ok && p.Scored() {
				b.Second = &p.Mean
				b.Label += fmt.Sprintf("; last round %.2f", p.Mean)
			}
		}
		if m, ok := median[a.Area]; ok {
			b.Mark = &m.Median
			b.Label += fmt.Sprintf("; median %.2f", m.Median)
			c.MarkKey = "Black line: the median of similar networks"
		}
		c.Bars = append(c.Bars, b)
	}
	return c
}
