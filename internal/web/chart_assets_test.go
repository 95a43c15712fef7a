package web

import (
	"io/fs"
	"strings"
	"testing"
)

// TestChartCSSServed: the static tree carries internal/chart's style
// sheet, the charts' one set of rules, and the layout links it.
func TestChartCSSServed(t *testing.T) {
	t.Parallel()
	tr := staticAssets()
	if _, err := tr.url("/css/chart.css"); err != nil {
		t.Fatal(err)
	}
	css, err := fs.ReadFile(tr.fs, "css/chart.css")
	if err != nil || !strings.Contains(string(css), ".chart__row {") || !strings.Contains(string(css), ".chart__series--2 {") {
		t.Errorf("chart.css: %v, %d bytes", err, len(css))
	}
	layout, err := fs.ReadFile(templateFS, "templates/layout.html")
	if err != nil || !strings.Contains(string(layout), `{{asset "/css/chart.css"}}`) {
		t.Errorf("the layout does not link chart.css: %v", err)
	}
}
