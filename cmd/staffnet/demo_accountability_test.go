package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"staffnet/internal/store"
)

// checkDemoAccountability checks what demo networks (run with args, which
// printed out) gave organisations to share with their networks: this
// year's WRES plan actions and a corporate-duty letter for each
// organisation with a network, mentoring pairs and sponsors'
// expectations. After --replace the counts are those of one run, not
// two.
func checkDemoAccountability(t *testing.T, db *store.DB, args, out string) {
	t.Helper()
	if !strings.Contains(out, "WRES plan actions") {
		t.Fatalf("demo networks %s: %q", args, out)
	}
	ctx := context.Background()
	list, err := db.Organisations(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	orgs, actions, letters, pairs := 0, 0, 0, 0
	for _, o := range list {
		if _, err := db.DutyLetter(ctx, o.Code); err == nil {
			letters++
		}
		nets, err := db.Networks(ctx, store.NetworkFilter{Org: o.Code})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range nets {
			ps, err := db.MentorPairs(ctx, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			pairs += len(ps)
		}
		acts, err := db.PlanActions(ctx, o.Code, time.Now().Year())
		if err != nil {
			t.Fatal(err)
		}
		if len(acts) > 0 {
			orgs++
		}
		actions += len(acts)
	}
	if orgs < 10 || actions < 3*orgs || actions > 5*orgs || letters != orgs {
		t.Errorf("%s: %d actions and %d letters for %d organisations this year", args, actions, letters, orgs)
	}
	if pairs == 0 {
		t.Errorf("%s: no mentoring pairs", args)
	}
	if !strings.Contains(out, "sponsors' expectations") || strings.Contains(out, " 0 sponsors'") {
		t.Errorf("no sponsors' expectations: %q", out)
	}
}
