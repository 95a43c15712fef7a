package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"staffnet/internal/cases"
	"staffnet/internal/store"
)

// checkDemoCaseStudies checks the case studies after a first demo
// networks, which printed out: it publishes the demo studies (the
// README's first look), each for a demo network of its type, and demo
// case-studies then adds nothing, however often it runs.
func checkDemoCaseStudies(t *testing.T, db *store.DB, dsn, out string) {
	t.Helper()
	if want := len(cases.DemoStudies()); !strings.Contains(out, "published "+strconv.Itoa(want)+" demo case studies") {
		t.Fatalf("demo networks published not %d studies: %q", want, out)
	}
	for run := range 2 {
		code, out, errOut := cli(t, "", "demo", "case-studies", "--db", dsn)
		if code != 0 || !strings.Contains(out, "published 0 demo case studies") {
			t.Fatalf("run %d: %d %q %q", run, code, out, errOut)
		}
	}
	ctx := context.Background()
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
