package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/golden"
	"staffnet/internal/report"
)

// load reads one of internal/report's golden JSON reports: the reports
// rendered here are exactly what the engine computes today (its
// TestGoldenJSON keeps them so), read from the JSON contract the renderers
// are written against, which is also how a published report is stored.
func load(t *testing.T, name string) *report.Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var r report.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

func matchGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	if err := CSV(&b, load(t, "suppressed.report.json")); err != nil {
		t.Fatal(err)
	}
	matchGolden(t, "suppressed.report.csv.golden", b.Bytes())
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	suppressed := 0
	for _, rec := range recs[1:] {
		if rec[11] == "true" {
			suppressed++
			if rec[7] != "" || rec[8] != "" {
				t.Errorf("suppressed figure written: %v", rec)
			}
		}
	}
	if suppressed == 0 {
		t.Error("no suppressed row: the fixture no longer tests suppression")
	}
}

func TestXLSX(t *testing.T) {
	var b bytes.Buffer
	if err := XLSX(&b, load(t, "suppressed.by-colour.json")); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Summary", "colour", "why_red", "pets", "tools", "many", "views", "say"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows("colour")
	if err != nil {
		t.Fatal(err)
	}
	// Row 4 is red: count 23 shown; blue (row 6) is suppressed: empty.
	if rows[3][2] != "red" || rows[3][5] != "23" {
		t.Errorf("red row %v", rows[3])
	}
	if rows[5][2] != "blue" || rows[5][5] != "" || rows[5][9] != "TRUE" {
		t.Errorf("blue row %v", rows[5])
	}
	if sheetName(strings.Repeat("a", 40), map[string]bool{strings.Repeat("a", 31): true}) != strings.Repeat("a", 29)+"~2" {
		t.Error("long sheet names not made unique")
	}
}

func TestHTML(t *testing.T) {
	var b bytes.Buffer
	if err := HTML(&b, load(t, "mapping-2016.by-occupation.json")); err != nil {
		t.Fatal(err)
	}
	matchGolden(t, "mapping-2016.report.html.golden", b.Bytes())
	html := b.String()
	for _, want := range []string{`<html lang="en">`, `<figure class="chart" id="chart-region" aria-labelledby="chart-region-title">`,
		`<span class="chart__label">London</span>`, `<th scope="col">`, `<th scope="row">`, "Base: 840 people answered.",
		`<div class="crosstab" role="region" aria-labelledby="crosstab-region"`, `tabindex="0"`, `.chart__row {`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	for _, bad := range []string{"<script", "http://", "https://", "<link"} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML is not self-contained: %s", bad)
		}
	}
	// Headings never skip a level.
	last := 0
	for _, m := range regexp.MustCompile(`<h([1-6])`).FindAllStringSubmatch(html, -1) {
		lv := int(m[1][0] - '0')
		if lv > last+1 {
			t.Errorf("heading h%d after h%d", lv, last)
		}
		last = lv
	}
}

// TestHTMLSuppressedPopulation: a population below the threshold says so
// plainly instead of showing figures.
func TestHTMLSuppressedPopulation(t *testing.T) {
	r := load(t, "suppressed.blue.json")
	if r.Respondents != nil || !r.Suppressed {
		t.Fatal("fixture is not a suppressed population")
	}
	var b bytes.Buffer
	if err := HTML(&b, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Fewer than 11: no figures can be shown for this group.") {
		t.Error("suppressed population not stated")
	}
}
