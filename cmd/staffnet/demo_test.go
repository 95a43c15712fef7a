package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoWRES(t *testing.T) {
	t.Parallel()
	empty := filepath.Join(t.TempDir(), "empty.db")
	code, _, errOut := cli(t, "", "demo", "wres", "--db", empty)
	if code != 1 || !strings.Contains(errOut, "import organisations first (staffnet orgs import)") {
		t.Errorf("no organisations: exit %d: %s", code, errOut)
	}

	dsn := withOrgs(t, filepath.Join(t.TempDir(), "demo.db"))
	code, out, errOut := cli(t, "", "demo", "wres", "--db", dsn, "--seed", "3", "--year", "2025")
	// 218 organisations in the ODS file, 6 of them closed.
	if code != 0 || out != "stored made-up WRES figures for 212 organisations, 2024 and 2025 (seed 3); they are not real\n" {
		t.Fatalf("demo wres: exit %d: %s%s", code, out, errOut)
	}
	rep, js := wresJSON(t, dsn, "--national", "--years", "2024-2025")
	if len(rep.Years) != 2 || rep.Years[1].Organisations != 212 {
		t.Fatalf("national report: %.300s", js)
	}
	y := rep.Years[1]
	if y.Indicator2.Value == nil || y.Indicator3.Value == nil || y.Indicator4.Value == nil || y.Indicator9.Voting.DifferencePoints == nil ||
		y.Indicator3.SingleYear == nil || *y.Indicator3.SingleYear || y.Change == nil || len(y.Distribution.ByRegion) == 0 {
		t.Errorf("demo figures leave indicators empty: %.600s", js)
	}

	// A second run would replace what is there: refused.
	code, _, errOut = cli(t, "", "demo", "wres", "--db", dsn)
	if code != 1 || !strings.Contains(errOut, "already holds WRES returns for 212 organisations") {
		t.Errorf("second run: exit %d: %s", code, errOut)
	}

	// The same seed gives the same figures.
	again := withOrgs(t, filepath.Join(t.TempDir(), "again.db"))
	if code, _, errOut := cli(t, "", "demo", "wres", "--db", again, "--seed", "3", "--year", "2025"); code != 0 {
		t.Fatalf("demo wres again: %s", errOut)
	}
	if _, js2 := wresJSON(t, again, "--national", "--years", "2024-2025"); js2 != js {
		t.Error("the same seed gave different figures")
	}
	if code, _, errOut := cli(t, "", "demo", "wres", "--db", dsn, "--year", "1999"); code != 2 || !strings.Contains(errOut, "--year") {
		t.Errorf("--year 1999: exit %d: %s", code, errOut)
	}
}
