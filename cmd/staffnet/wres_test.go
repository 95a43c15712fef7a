package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/wres"
)

var (
	odsFile       = filepath.Join("..", "..", "internal", "orgs", "odsfile", "data", "nhs-trusts-ods-2022.csv")
	exampleReturn = filepath.Join("..", "..", "internal", "wres", "testdata", "example-return.csv")
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// withOrgs returns a database with the built-in ODS snapshot loaded.
func withOrgs(t *testing.T, dsn string) string {
	t.Helper()
	code, out, errOut := cli(t, "", "orgs", "import", "--db", dsn)
	if code != 0 {
		t.Fatalf("orgs import: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "organisations: 218 added, 0 updated (6 of them closed)") {
		t.Fatalf("orgs import: %s", out)
	}
	return dsn
}

// wresJSON runs staffnet wres report --format json and decodes it.
func wresJSON(t *testing.T, dsn string, args ...string) (*wres.Report, string) {
	t.Helper()
	code, out, errOut := cli(t, "", append([]string{"wres", "report", "--db", dsn, "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("wres report %v: exit %d: %s", args, code, errOut)
	}
	var r wres.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("wres report JSON: %v", err)
	}
	return &r, out
}

func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(x, y)
}

func TestOrgsImport(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		withOrgs(t, dsn)
		_, out, _ := cli(t, "", "orgs", "list", "--db", dsn)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		closed := 0
		for _, l := range lines {
			if strings.Contains(l, "\tclosed 20") {
				closed++
			}
		}
		if len(lines) != 218 || closed != 6 {
			t.Errorf("orgs list: %d organisations, %d closed; want 218 and 6", len(lines), closed)
		}
		if !strings.Contains(out, "RX9\tY60\tNHS trust\topen\tEast Midlands Ambulance Service NHS Trust\n") {
			t.Errorf("orgs list lacks RX9")
		}
		_, out, _ = cli(t, "", "orgs", "list", "--db", dsn, "--region", "y56")
		if n := strings.Count(out, "\tY56\t"); n != 35 || n != strings.Count(out, "\n") {
			t.Errorf("--region Y56: %d of %d lines", n, strings.Count(out, "\n"))
		}
		// Loading the same trusts again from a named file updates,
		// it does not double.
		if _, out, _ := cli(t, "", "orgs", "import", "--db", dsn, odsFile); !strings.Contains(out, "0 added, 218 updated") {
			t.Errorf("second import: %s", out)
		}
	})

	dsn := filepath.Join(t.TempDir(), "o.db")
	head := "ods_code,ods_name,region_code,stp_code,address_line_1,address_line_2,address_line_3,address_line_4,address_line_5,postcode,open_date,close_date,amended_record_indicator,gor_code\n"
	good := "RX9,East Midlands Ambulance Service NHS Trust,Y60,QT1,1 HORIZON PLACE,NA,NA,NOTTINGHAM,NA,NG8 6PY,2006-07-01,NA,0,E\n"
	for _, c := range []struct{ name, file, want string }{
		{"empty", "", "row 1"},
		{"missing column", "ods_code,ods_name,stp_code,postcode,open_date,close_date\n", "row 1, column region_code: required column is missing"},
		{"bad region", head + strings.Replace(good, "Y60", "Y99", 1), `row 2, column region_code: "Y99" is not an NHS England region code`},
		{"bad code", head + good + strings.Replace(good, "RX9", "R-9", 1), `row 3, column ods_code: "R-9" is not an ODS code`},
		{"duplicate", head + good + good, "row 3, column ods_code: RX9 already appears on row 2"},
		{"bad date", head + strings.Replace(good, "NA,0,E", "31/03/2020,0,E", 1), `row 2, column close_date: "31/03/2020" is not a date`},
		{"no name", head + strings.Replace(good, "East Midlands Ambulance Service NHS Trust", "NA", 1), "row 2, column ods_name: the organisation has no name"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := cli(t, "", "orgs", "import", "--db", dsn, write(t, "ods.csv", c.file))
			if code != 1 || !strings.Contains(errOut, c.want) || !strings.Contains(errOut, "nothing was written") {
				t.Errorf("exit %d: %s\nwant %q", code, errOut, c.want)
			}
		})
	}
	if _, out, _ := cli(t, "", "orgs", "list", "--db", dsn); out != "" {
		t.Errorf("a bad file wrote organisations: %s", out)
	}
	if code, _, errOut := cli(t, "", "orgs", "import", "--db", dsn, odsFile, odsFile); code != 2 || !strings.Contains(errOut, "at most one") {
		t.Errorf("orgs import with two files: exit %d: %s", code, errOut)
	}
}

// returnXLSX writes a CSV return as an XLSX workbook with the same
// columns on its first sheet, numbers as numbers, as a spreadsheet would.
func returnXLSX(t *testing.T, csvText string) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(csvText)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	for i, rec := range recs {
		cells := make([]any, len(rec))
		for j, v := range rec {
			if n, err := strconv.Atoi(v); err == nil && i > 0 && (j == 1 || j == 6) {
				cells[j] = n
			} else {
				cells[j] = v
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "return.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWRESImportAndReport(t *testing.T) {
	t.Parallel()
	example := readFile(t, exampleReturn)
	golden := readFile(t, filepath.Join("..", "..", "internal", "wres", "testdata", "example-report.golden.json"))
	goldenSuppressed := readFile(t, filepath.Join("..", "..", "internal", "wres", "testdata", "example-report-suppressed.golden.json"))
	eachDB(t, func(t *testing.T, dsn string) {
		withOrgs(t, dsn)
		if code, out, errOut := cli(t, "", "wres", "import", "--db", dsn, exampleReturn); code != 0 || !strings.Contains(out, "2 organisation-years") {
			t.Fatalf("wres import: exit %d: %s%s", code, out, errOut)
		}
		// The CLI gives exactly the reports the engine's golden files hold.
		if _, out := wresJSON(t, dsn, "--org", "rx9"); !sameJSON(t, out, golden) {
			t.Errorf("--org RX9 differs from example-report.golden.json:\n%s", out)
		}
		if _, out := wresJSON(t, dsn, "--org", "RX9", "--suppress"); !sameJSON(t, out, goldenSuppressed) {
			t.Errorf("--org RX9 --suppress differs from example-report-suppressed.golden.json:\n%s", out)
		}

		// The same return for an organisation in another region.
		r0a := strings.ReplaceAll(example, "RX9,", "R0A,")
		if code, _, errOut := cli(t, "", "wres", "import", "--db", dsn, write(t, "r0a.csv", r0a)); code != 0 {
			t.Fatalf("R0A: %s", errOut)
		}
		nat, _ := wresJSON(t, dsn, "--national", "--year", "2023")
		if len(nat.Years) != 1 || nat.Years[0].Year != 2023 || nat.Years[0].Organisations != 2 || *nat.Years[0].Indicator1.Workforce.Total != 1000 {
			t.Fatalf("national 2023: %+v", nat.Years)
		}
		d := nat.Years[0].Distribution
		if d == nil || len(d.ByOrganisation) != 2 || len(d.ByRegion) == 0 {
			t.Fatalf("national distribution: %+v", d)
		}
		// Pooled: the same rates as each organisation, so RL 2 again.
		if rl := nat.Years[0].Indicator2.Value; rl == nil || *rl != 2 {
			t.Errorf("national indicator 2: %v", rl)
		}
		for region, orgs := range map[string]int{"Y60": 1, "y62": 1} {
			reg, _ := wresJSON(t, dsn, "--region", region, "--year", "2024")
			if reg.Scope.Code != strings.ToUpper(region) || len(reg.Years) != 1 || reg.Years[0].Organisations != orgs || reg.Years[0].Distribution == nil {
				t.Errorf("--region %s: %+v", region, reg)
			}
		}
		if _, err := wresReportErr(t, dsn, "--region", "Y56"); err == "" || !strings.Contains(err, "no return") {
			t.Errorf("--region Y56 (no returns): %q", err)
		}

		// Years and trends.
		trend, _ := wresJSON(t, dsn, "--org", "RX9", "--years", "2023-2024")
		if len(trend.Years) != 2 || trend.Years[0].Change != nil || trend.Years[1].Change == nil || trend.Years[1].Change.FromYear != 2023 {
			t.Errorf("--years 2023-2024: %d years, changes %v / %v", len(trend.Years), trend.Years[0].Change, trend.Years[1].Change)
		}
		one, _ := wresJSON(t, dsn, "--org", "RX9", "--year", "2024")
		if len(one.Years) != 1 || one.Years[0].Year != 2024 {
			t.Errorf("--year 2024: %+v", one.Years)
		}
		// 2024 alone still rolls indicator 3 over 2023's figures.
		if ys := one.Years[0].Indicator3.Years; !reflect.DeepEqual(ys, []int{2023, 2024}) {
			t.Errorf("indicator 3 years %v", ys)
		}

		// --suppress: every count under 11 (but not 0) becomes null.
		_, out := wresJSON(t, dsn, "--national", "--suppress")
		var doc any
		json.Unmarshal([]byte(out), &doc)
		hidden := checkSuppressed(t, doc, "")
		if hidden == 0 || !strings.Contains(out, `"threshold": 11`) || strings.Contains(out, "by_organisation") {
			t.Errorf("--suppress hid %d counts:\n%.1000s", hidden, out)
		}
		if _, out := wresJSON(t, dsn, "--national"); !strings.Contains(out, `"suppression": null`) || !strings.Contains(out, `"count": 4`) {
			t.Errorf("the official report is suppressed or lacks its small counts")
		}

		// Re-importing replaces the organisation-years it names.
		for i := 0; i < 2; i++ {
			if code, _, errOut := cli(t, "", "wres", "import", "--db", dsn, exampleReturn); code != 0 {
				t.Fatal(errOut)
			}
		}
		if again, _ := wresJSON(t, dsn, "--org", "RX9"); *again.Years[0].Indicator1.Workforce.Total != 500 {
			t.Errorf("re-import doubled: total %d", *again.Years[0].Indicator1.Workforce.Total)
		}
		changed := "organisation_code,year,measure,ethnicity,staff_group,band,value\nRX9,2023,headcount,white,,,400\nRX9,2023,headcount,bme,,,100\n"
		if code, _, errOut := cli(t, "", "wres", "import", "--db", dsn, write(t, "c.csv", changed)); code != 0 {
			t.Fatal(errOut)
		}
		rep, _ := wresJSON(t, dsn, "--org", "RX9")
		if w := rep.Years[0].Indicator1.Workforce; *w.Total != 500 || *w.Count.White != 400 || *w.Count.Unknown != 0 {
			t.Errorf("replaced 2023: %+v", w)
		}
		if rep.Years[0].Indicator2.Value != nil || rep.Years[1].Indicator1.Workforce.Total == nil || *rep.Years[1].Indicator1.Workforce.Total != 510 {
			t.Errorf("replacing 2023 kept 2023's other measures or lost 2024")
		}

		// Every format.
		code, out, errOut := cli(t, "", "wres", "report", "--db", dsn, "--org", "RX9", "--format", "csv")
		if code != 0 || !strings.HasPrefix(out, "scope,code,year,indicator,item,group,measure,value\norganisation,RX9,2023,1,workforce,,total,500\n") {
			t.Errorf("csv: exit %d: %.300s %s", code, out, errOut)
		}
		code, out, _ = cli(t, "", "wres", "report", "--db", dsn, "--national", "--format", "html")
		if code != 0 || !strings.Contains(out, "<svg") || !strings.Contains(out, "<table") || strings.Contains(out, "<script") {
			t.Errorf("html: exit %d: %.300s", code, out)
		}
		x := filepath.Join(t.TempDir(), "w.xlsx")
		if code, _, errOut := cli(t, "", "wres", "report", "--db", dsn, "--region", "Y60", "--format", "xlsx", "--out", x); code != 0 {
			t.Errorf("xlsx: %s", errOut)
		} else if b, _ := os.ReadFile(x); !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
			t.Errorf("xlsx is not a zip file")
		}
	})
}

// checkSuppressed walks a suppressed report and fails on any count or base
// of 1–10; it returns how many counts are null.
func checkSuppressed(t *testing.T, v any, path string) int {
	t.Helper()
	n := 0
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			p := path + "." + k
			switch k {
			case "count", "base", "total":
				switch x := x.(type) {
				case nil:
					n++
				case float64:
					if x > 0 && x < 11 {
						t.Errorf("%s = %v is shown", p, x)
					}
				case map[string]any: // a composition's counts by group
					for g, c := range x {
						if c == nil {
							n++
						} else if f := c.(float64); f > 0 && f < 11 {
							t.Errorf("%s.%s = %v is shown", p, g, f)
						}
					}
				}
			default:
				n += checkSuppressed(t, x, p)
			}
		}
	case []any:
		for i, x := range v {
			n += checkSuppressed(t, x, path+"["+strconv.Itoa(i)+"]")
		}
	}
	return n
}

func wresReportErr(t *testing.T, dsn string, args ...string) (int, string) {
	t.Helper()
	code, _, errOut := cli(t, "", append([]string{"wres", "report", "--db", dsn}, args...)...)
	return code, errOut
}

func TestWRESImportFormatsAndRejections(t *testing.T) {
	t.Parallel()
	example := readFile(t, exampleReturn)
	eachDB(t, func(t *testing.T, dsn string) {
		withOrgs(t, dsn)
		head := "organisation_code,year,measure,ethnicity,staff_group,band,value\n"
		for _, c := range []struct {
			name, file string
			want       []string
		}{
			{"unknown organisation", head + "RX9,2024,headcount,white,,,10\nRX9,2024,headcount,bme,,,5\nZZZ99,2024,headcount,bme,,,3\n",
				[]string{`row 4, column organisation_code: "ZZZ99" is not a known organisation`}},
			{"malformed", head + "RX9,2024,headcount,white,,,10\nRX9,2024,headcount,bme,,,-3\nRX9,2024,nonsense,bme,,,3\nRX9,20x4,headcount,bme,,,3\nRX9,2024,headcount,purple,,,3\n",
				[]string{`row 3, column value: "-3"`, `row 4, column measure: "nonsense" is not a measure`, `row 5, column year: "20x4"`, "row 6, column ethnicity:"}},
			{"bad band", head + "RX9,2024,headcount,white,clinical,band_10,10\n", []string{"row 2, column band:"}},
			{"missing column", "organisation_code,year,measure,ethnicity,value\nRX9,2024,headcount,white,1\n", []string{"row 1"}},
			{"empty", "", []string{"empty"}},
		} {
			t.Run(c.name, func(t *testing.T) {
				code, _, errOut := cli(t, "", "wres", "import", "--db", dsn, write(t, "bad.csv", c.file))
				if code != 1 {
					t.Errorf("exit %d: %s", code, errOut)
				}
				for _, w := range c.want {
					if !strings.Contains(errOut, w) {
						t.Errorf("stderr:\n%s\nwant it to contain %q", errOut, w)
					}
				}
				// Nothing was written: there is still no return at all.
				if code, errOut := wresReportErr(t, dsn, "--national"); code != 1 || !strings.Contains(errOut, "no return") {
					t.Errorf("after a rejected import, wres report --national: exit %d: %s", code, errOut)
				}
			})
		}

		// The same return as XLSX gives the same report as the CSV.
		if code, _, errOut := cli(t, "", "wres", "import", "--db", dsn, returnXLSX(t, example)); code != 0 {
			t.Fatalf("xlsx import: %s", errOut)
		}
		_, fromXLSX := wresJSON(t, dsn, "--org", "RX9")
		csvDB := filepath.Join(t.TempDir(), "csv.db")
		withOrgs(t, csvDB)
		cli(t, "", "wres", "import", "--db", csvDB, exampleReturn)
		if _, fromCSV := wresJSON(t, csvDB, "--org", "RX9"); !sameJSON(t, fromXLSX, fromCSV) {
			t.Errorf("XLSX and CSV imports differ")
		}
		// An XLSX naming an unknown organisation is refused by row too.
		bad := strings.Replace(example, "RX9,2024,training,bme", "ZZZ99,2024,training,bme", 1)
		code, _, errOut := cli(t, "", "wres", "import", "--db", dsn, returnXLSX(t, bad))
		if code != 1 || !strings.Contains(errOut, `row 46, column organisation_code: "ZZZ99" is not a known organisation`) {
			t.Errorf("xlsx with an unknown organisation: exit %d: %s", code, errOut)
		}
		if _, after := wresJSON(t, dsn, "--org", "RX9"); after != fromXLSX {
			t.Errorf("a rejected import changed the stored return")
		}
	})

	dsn := withOrgs(t, filepath.Join(t.TempDir(), "u.db"))
	for _, args := range [][]string{
		{"--org", "RX9", "--national"},
		{},
		{"--region", "Y99"},
		{"--national", "--years", "2024"},
		{"--national", "--years", "2024-2023"},
		{"--national", "--year", "2024", "--years", "2023-2024"},
		{"--national", "--format", "pdf"},
	} {
		if code, errOut := wresReportErr(t, dsn, args...); code != 2 {
			t.Errorf("wres report %v: exit %d: %s", args, code, errOut)
		}
	}
	if code, errOut := wresReportErr(t, dsn, "--org", "ZZZ99"); code != 1 || !strings.Contains(errOut, "ZZZ99") {
		t.Errorf("--org ZZZ99: exit %d: %s", code, errOut)
	}
}

// TestWRESExtracts aggregates the record-level extracts in
// testdata/extracts and compares the report with that of return.csv there,
// the aggregated return they stand for, worked out by hand. In the
// disciplinary extract p01 twice is one person entering the process, and
// a row without an id counts once.
func TestWRESExtracts(t *testing.T) {
	t.Parallel()
	extract := func(name string) string { return filepath.Join("testdata", "extracts", name+".csv") }
	files := []string{
		"--staff", extract("staff"),
		"--applications", extract("applications"),
		"--disciplinary", extract("disciplinary"),
		"--training", extract("training"),
		"--board", extract("board"),
	}
	byHand := withOrgs(t, filepath.Join(t.TempDir(), "hand.db"))
	if code, _, errOut := cli(t, "", "wres", "import", "--db", byHand, extract("return")); code != 0 {
		t.Fatal(errOut)
	}
	_, want := wresJSON(t, byHand, "--org", "RX9")

	eachDB(t, func(t *testing.T, dsn string) {
		withOrgs(t, dsn)
		code, out, errOut := cli(t, "", append([]string{"wres", "extracts", "--db", dsn, "--save"}, files...)...)
		if code != 0 || !strings.Contains(errOut, "no record-level data was kept") {
			t.Fatalf("wres extracts --save: exit %d: %s%s", code, out, errOut)
		}
		if _, got := wresJSON(t, dsn, "--org", "RX9"); !sameJSON(t, got, want) {
			t.Errorf("report from extracts differs from the report of the hand-made return:\n%s\nwant:\n%s", got, want)
		}
		// Nothing that identifies a person is stored.
		_, csvOut, _ := cli(t, "", "wres", "report", "--db", dsn, "--org", "RX9", "--format", "csv")
		for _, id := range []string{"p01", "a1", "b1"} {
			if strings.Contains(csvOut, ","+id+",") {
				t.Errorf("%s reached the report", id)
			}
		}
	})

	// --out writes the return, which imports to the same report.
	ret := filepath.Join(t.TempDir(), "aggregated.csv")
	if code, _, errOut := cli(t, "", append([]string{"wres", "extracts", "--out", ret}, files...)...); code != 0 {
		t.Fatal(errOut)
	}
	outText := readFile(t, ret)
	for _, line := range []string{"RX9,2024,headcount,unknown,medical,consultant,0\n", "RX9,2024,disciplinary,bme,,,3\n", "RX9,2024,board_executive,bme,,,0\n"} {
		if !strings.Contains(outText, line) {
			t.Errorf("aggregated return lacks %q:\n%s", line, outText)
		}
	}
	third := withOrgs(t, filepath.Join(t.TempDir(), "third.db"))
	cli(t, "", "wres", "import", "--db", third, ret)
	if _, got := wresJSON(t, third, "--org", "RX9"); !sameJSON(t, got, want) {
		t.Errorf("the --out return imports to a different report")
	}

	// Identifying columns, bad rows and unknown organisations are refused
	// with file, row and column; nothing is saved.
	dsn := withOrgs(t, filepath.Join(t.TempDir(), "bad.db"))
	for _, c := range []struct {
		name, kind, file, want string
	}{
		{"identifying column", "--staff", "organisation_code,year,name,ethnic_category,staff_group,band\nRX9,2024,Ada,A,clinical,band_5\n", `column "name" is not part of the staff extract`},
		{"NHS number", "--disciplinary", "organisation_code,year,person_id,ethnic_category\nRX9,2024,943 476 5919,A\n", "row 2, column person_id:"},
		{"bad band", "--staff", "organisation_code,year,person_id,ethnic_category,staff_group,band\nRX9,2024,p1,A,clinical,band_5\nRX9,2024,p2,A,clinical,band_12\n", "row 3, column band:"},
		{"appointed not shortlisted", "--applications", "organisation_code,year,ethnic_category,shortlisted,appointed\nRX9,2024,A,no,yes\n", "row 2, column appointed:"},
		{"repeated person", "--staff", "organisation_code,year,person_id,ethnic_category,staff_group,band\nRX9,2024,p1,A,clinical,band_5\nRX9,2024,p1,A,clinical,band_6\n", "row 3, column person_id:"},
		{"unknown organisation", "--training", "organisation_code,year,ethnic_category\nRX9,2024,A\nZZZ99,2024,H\n", "ZZZ99"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := write(t, "x.csv", c.file)
			code, _, errOut := cli(t, "", "wres", "extracts", "--db", dsn, "--save", c.kind, p)
			if code != 1 || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d: %s\nwant %q", code, errOut, c.want)
			}
			if code, errOut := wresReportErr(t, dsn, "--national"); code != 1 || !strings.Contains(errOut, "no return") {
				t.Errorf("something was saved: exit %d: %s", code, errOut)
			}
		})
	}
	if code, _, errOut := cli(t, "", "wres", "extracts", "--db", dsn, "--staff", files[1]); code != 2 || !strings.Contains(errOut, "--out FILE or --save") {
		t.Errorf("extracts without a destination: exit %d: %s", code, errOut)
	}
}
