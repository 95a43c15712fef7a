package wres

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json")

// golden compares v, as indented JSON, with testdata/name.golden.json.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test ./internal/wres -run %s -update and review the diff\ngot:\n%s", path, t.Name(), got)
	}
}

func exampleReturn(t testing.TB) *Return {
	t.Helper()
	b, err := os.ReadFile("testdata/example-return.csv")
	if err != nil {
		t.Fatal(err)
	}
	ret, err := parseText(string(b))
	if err != nil {
		t.Fatal(err)
	}
	return ret
}

func TestGoldenOrganisation(t *testing.T) {
	rep, err := Compute(exampleReturn(t), Scope{Kind: ScopeOrganisation, Code: "RX9"}, 2023, 2024, nil)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "example-report", rep)
}
