package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"staffnet/internal/cases"
	"staffnet/internal/store"
)

// TestDemoCaseStudiesCommand: the demo studies are published once, each
// for a demo network of its type, and a second run adds nothing.
func TestDemoCaseStudiesCommand(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "c.db")
	if code, _, errOut := cli(t, "", "demo", "case-studies", "--db", dsn); code != 1 || !strings.Contains(errOut, "demo networks") {
		t.Fatalf("no networks: %d %q", code, errOut)
	}
	cli(t, "", "orgs", "import", "--db", dsn, demoODS(t))
	// demo networks publishes them too (the README's first look).
	want := len(cases.DemoStudies())
	if code, out, errOut := cli(t, "", "demo", "networks", "--db", dsn); code != 0 || !strings.Contains(out, "published "+strconv.Itoa(want)+" demo case studies") {
		t.Fatalf("demo networks: %d %q %q", code, out, errOut)
	}
	for run, n := range []int{0, 0} {
		code, out, errOut := cli(t, "", "demo", "case-studies", "--db", dsn)
		if code != 0 || !strings.Contains(out, "published "+strconv.Itoa(n)+" demo case studies") {
			t.Fatalf("run %d: %d %q %q", run, code, out, errOut)
		}
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.SearchCaseStudies(ctx, store.CaseSearch{Query: cases.ParseQuery("mentoring")})
	if err != nil || res.Total != 1 {
		t.Fatalf("search the demo studies: %v %+v", err, res)
	}
	st, err := db.CaseStudy(ctx, res.Hits[0].ID)
	if err != nil || st.NetworkID == 0 {
		t.Fatalf("demo study without a network: %+v %v", st, err)
	}
	n, err := db.Network(ctx, st.NetworkID)
	if err != nil || string(n.Type) != st.Tags[cases.KindNetworkType][0] || n.Region != st.Tags[cases.KindRegion][0] {
		t.Errorf("study for network %+v, tags %v", n, st.Tags)
	}
}
