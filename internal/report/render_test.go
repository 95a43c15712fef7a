package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/jsonout"
)

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test -update and review the diff", path)
	}
}

func suppressionDataset(t testing.TB) *Dataset {
	return build(t, loadDef(t, "tiny.json"),
		rowSpec{20, "colour=red|why_red=yes|pets=cat|views.tea=sa|say=secret words"},
		rowSpec{3, "colour=red|why_red=no|pets=cat;dog|views.tea=a"},
		rowSpec{15, "colour=green|pets=cat;dog|views.tea=n|views.cake=a"},
		rowSpec{3, "colour=blue|pets=dog|views.tea=d"},
		rowSpec{12, "pets=dog|views.tea=sd|views.cake=sa"},
	)
}

func jsonOf(t *testing.T, v any) []byte {
	var b bytes.Buffer
	if err := jsonout.Write(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGoldenJSON(t *testing.T) {
	golden(t, "tiny.report.json", jsonOf(t, mustReport(t, tiny(t), Options{})))
	ds := suppressionDataset(t)
	red, _ := ParseFilter("colour=red,green")
	golden(t, "suppressed.report.json", jsonOf(t, mustReport(t, ds, Options{})))
	golden(t, "suppressed.filtered.json", jsonOf(t, mustReport(t, ds, Options{Filters: []Filter{red}})))
	golden(t, "suppressed.by-colour.json", jsonOf(t, mustReport(t, ds, Options{By: "colour"})))
	a := mustReport(t, ds, Options{})
	b := mustReport(t, tiny(t), Options{Unsuppressed: true})
	golden(t, "compare.json", jsonOf(t, Compare(a, b)))
}

func TestNoFreeText(t *testing.T) {
	ds := suppressionDataset(t)
	r := mustReport(t, ds, Options{By: "colour"})
	var out bytes.Buffer
	jsonout.Write(&out, r)
	r.WriteCSV(&out)
	r.WriteHTML(&out)
	r.WriteXLSX(&out)
	if bytes.Contains(out.Bytes(), []byte("secret words")) {
		t.Error("free text in a published report")
	}
}

func TestCSV(t *testing.T) {
	var b bytes.Buffer
	if err := mustReport(t, suppressionDataset(t), Options{}).WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "suppressed.report.csv", b.Bytes())
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		if rec[11] == "true" && (rec[7] != "" || rec[8] != "") {
			t.Errorf("suppressed figure written: %v", rec)
		}
	}
}

func TestXLSX(t *testing.T) {
	var b bytes.Buffer
	r := mustReport(t, suppressionDataset(t), Options{By: "colour"})
	if err := r.WriteXLSX(&b); err != nil {
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
	def := mapping(t)
	ds := csvDataset(t, def, string(mustRead(t, "testdata/mapping-2016.csv")), false)
	f, _ := ParseFilter("has_bme_network=yes")
	var b bytes.Buffer
	if err := mustReport(t, ds, Options{Filters: []Filter{f}, By: "occupation"}).WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	golden(t, "mapping-2016.report.html", b.Bytes())
	html := b.String()
	for _, want := range []string{`<html lang="en">`, `role="img"`, `aria-labelledby="chart-region-title chart-region-desc"`,
		`<title id="chart-region-title">`, `<th scope="col">`, `<th scope="row">`, "Base: 840 people answered."} {
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
	// A fully suppressed population says so plainly.
	small, _ := ParseFilter("region=north_east")
	f2, _ := ParseFilter("occupation=other_support")
	b.Reset()
	r := mustReport(t, ds, Options{Filters: []Filter{small, f2, f}})
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	if r.Respondents == nil && !strings.Contains(b.String(), "no figures can be shown for this group") {
		t.Error("suppressed population not stated")
	}
}

func mustRead(t *testing.T, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
