package chart_test

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"staffnet/internal/chart"
)

func TestChart(t *testing.T) {
	c := &chart.Chart{ID: "c1", Title: "Share <by> region", Max: 2, Ref: &chart.Ref{Value: 1, Label: "England: 1.00"}, Bars: []chart.Bar{
		{Label: "London & the South", Value: 1.5, Text: "1.50"},
		{Label: "Over the top", Value: 3, Text: "3.00"},
		{Label: "Below zero", Value: -1, Text: "-1.00"},
		{Label: "Hidden", Value: 1, Text: "hidden", Hidden: true},
	}}
	html := render(t, "chart", c)
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
	if css := render(t, "chart-css", nil); !strings.Contains(css, ".chart__row {") || !strings.Contains(css, ".chart__series--2 {") {
		t.Error("chart-css lacks the bar or the line chart's rules")
	}
}

// render executes the chart file's template name with v.
func render(t *testing.T, name string, v any) string {
	t.Helper()
	tpl, err := chart.Template(template.New("page"))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := tpl.ExecuteTemplate(&b, name, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestSecondAndMark: a bar with the last round beneath it and its own
// median line, each named once in the key.
func TestSecondAndMark(t *testing.T) {
	last, med := 1.0, 3.0
	html := render(t, "chart", &chart.Chart{ID: "c2", Title: "Areas", Max: 4, BarKey: "Blue bar: this round", SecondKey: "Grey bar: last round", MarkKey: "Black line: median",
		Bars: []chart.Bar{{Label: "Communicate: 2.00", Value: 2, Text: "2.00", Second: &last, Mark: &med}, {Label: "Not scored", Text: "–", Hidden: true}}})
	for _, want := range []string{
		`width="50.00" height="6"`, // this round, thinner to make room
		`<rect class="chart__second" x="0" y="7" width="25.00" height="3">`, // last round, 1 of 4
		`<line class="chart__mark" x1="75.00" y1="0" x2="75.00" y2="10"`,    // median, 3 of 4
		"Blue bar: this round", "Grey bar: last round", "Black line: median",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("chart lacks %s:\n%s", want, html)
		}
	}
	if n := strings.Count(html, `class="chart__mark"`); n != 2 {
		t.Errorf("%d marks (one bar and the key), want 2", n)
	}
}

// TestLine: a line chart's text is HTML or unscaled SVG text; a missing
// value breaks its line; the reference is named once in the key.
func TestLine(t *testing.T) {
	l := &chart.Line{ID: "trend", Title: "Ratios <by> year", Desc: "Read me.", X: []string{"2022", "2023", "2024"}, Max: 2, Step: 0.5,
		Ref: &chart.Ref{Value: 1, Label: "Dashed line: 1.00"},
		Series: []chart.Series{
			{Name: "Indicator 2", Points: []chart.Point{{Value: 1.5, Text: "2022: 1.50"}, {Value: 2, Text: "2023: 2.00"}, {Value: 1, Text: "2024: 1.00"}}},
			{Name: "Indicator 3", Points: []chart.Point{{Value: 0.5}, {Missing: true}, {Value: 3}}},
		}}
	html := render(t, "line-chart", l)
	for _, want := range []string{
		`<figure class="chart chart--line" id="trend" aria-labelledby="trend-title">`,
		`Ratios &lt;by&gt; year`, "Read me.", "Indicator 2", "Dashed line: 1.00",
		`<svg class="chart__plot" width="100%" height="290" aria-hidden="true" focusable="false">`,
		`x1="10.00%" y1="86.0" x2="52.00%" y2="32.0"`, // 1.5 then 2.0, of 2: 32 is the top
		`<title>2023: 2.00</title>`,
		`y1="140.0" y2="140.0"`,                             // the reference, at 1 of 2
		`cy="32.0"`,                                         // 3 is clamped to the top
		`class="chart__tick chart__tick--minor" x="52.00%"`, // every other, back from the last
		`class="chart__tick" x="94.00%"`,
		`class="chart__tick" x="10.00%"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("line chart lacks %s:\n%s", want, html)
		}
	}
	if strings.Contains(html, "viewBox=\"0 0 100") || strings.Contains(html, "<polyline") {
		t.Error("the plot is scaled: its text would shrink with it")
	}
	// Indicator 2: two segments; indicator 3: none across the gap.
	if n := strings.Count(html, `<line class="chart__series chart__series--1" x1="10`); n != 0 {
		t.Errorf("indicator 3 joined across a missing year")
	}
	if n := strings.Count(html, `class="chart__dot chart__dot--1"`); n != 2 {
		t.Errorf("%d dots for indicator 3, want 2", n)
	}
	if n := len(l.YTicks()); n != 5 {
		t.Errorf("%d gridlines from 0 to 2 by 0.5, want 5", n)
	}
}
