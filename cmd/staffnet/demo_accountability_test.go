package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"staffnet/internal/store"
)

// TestDemoAccountability: the demo fills what organisations share with
// their networks, and --replace starts it again rather than adding to it.
func TestDemoAccountability(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "n.db")
	if code, _, errOut := cli(t, "", "orgs", "import", "--db", dsn, demoODS(t)); code != 0 {
		t.Fatalf("orgs import: %s", errOut)
	}
	var pairs int
	counts := func() (orgs, actions, letters int) {
		pairs = 0
		ctx := context.Background()
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		list, err := db.Organisations(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
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
		return orgs, actions, letters
	}
	for _, args := range [][]string{{"--seed", "3"}, {"--seed", "3", "--replace"}} {
		code, out, errOut := cli(t, "", append([]string{"demo", "networks", "--db", dsn}, args...)...)
		if code != 0 || !strings.Contains(out, "WRES plan actions") {
			t.Fatalf("demo networks %v: %d %q %q", args, code, out, errOut)
		}
		orgs, actions, letters := counts()
		if orgs < 10 || actions < 3*orgs || actions > 5*orgs || letters != orgs {
			t.Errorf("%v: %d actions and %d letters for %d organisations this year", args, actions, letters, orgs)
		}
		if pairs == 0 {
			t.Errorf("%v: no mentoring pairs", args)
		}
		if !strings.Contains(out, "sponsors' expectations") || strings.Contains(out, " 0 sponsors'") {
			t.Errorf("no sponsors' expectations: %q", out)
		}
	}
}
