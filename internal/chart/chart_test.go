package chart_test

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"staffnet/internal/chart"
)

func TestChart(t *testing.T) {
	tpl, err := chart.Template(template.New("page"))
	if err != nil {
		t.Fatal(err)
	}
	c := &chart.Chart{ID: "c1", Title: "Share <by> region", Max: 2, Ref: &chart.Ref{Value: 1, Label: "England: 1.00"}, Bars: []chart.Bar{
		{Label: "London & the South", Value: 1.5, Text: "1.50"},
		{Label: "Over the top", Value: 3, Text: "3.00"},
		{Label: "Below zero", Value: -1, Text: "-1.00"},
		{Label: "Hidden", Value: 1, Text: "hidden", Hidden: true},
	}}
	var b bytes.Buffer
	if err := tpl.ExecuteTemplate(&b, "chart", c); err != nil {
		t.Fatal(err)
	}
	html := b.String()
	for _, want := range []string{
		`<figure class="chart" id="c1" aria-labelledby="c1-title">`,
		`Share &lt;by&gt; region`,
		`<span class="chart__label">London &amp; the South</span>`,
		`width="75.00"`,  // 1.5 of 2
		`width="100.00"`, // clamped, and the track
		`width="0.00"`,   // below zero
		`x1="50.00"`,     // the reference line, at 1 of 2
		`England: 1.00`,
		`<span class="chart__text">hidden</span>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("chart lacks %s:\n%s", want, html)
		}
	}
	// Four rows, three drawn bars: the hidden one keeps its row only.
	if n := strings.Count(html, `class="chart__row"`); n != 4 {
		t.Errorf("%d rows", n)
	}
	if n := strings.Count(html, `class="chart__fill"`); n != 3 {
		t.Errorf("%d bars drawn, want 3", n)
	}
	if n := strings.Count(html, `class="chart__ref"`); n != 4 {
		t.Errorf("reference line on %d rows, want 4", n)
	}
	var css bytes.Buffer
	if err := tpl.ExecuteTemplate(&css, "chart-css", nil); err != nil || !strings.Contains(css.String(), ".chart__row {") {
		t.Errorf("chart-css: %v", err)
	}
}
