package store_test

import (
	"context"
	"reflect"
	"testing"

	"staffnet/internal/network"
	"staffnet/internal/store"
)

// TestWorkPlanDismissals: a work plan with recommendations set aside
// keeps them through the store, next to plans saved without any (the
// objectives column then holds a bare array, as before dismissals).
func TestWorkPlanDismissals(t *testing.T) {
	eachWithNet(t, func(t *testing.T, db *store.DB, n *network.Network) {
		ctx := context.Background()
		plain := &network.WorkPlan{UpdatedOn: network.Date(2026, 1, 5), Objectives: []network.Objective{{Title: "One", Owner: "Ada", Status: network.Done, PercentDone: 100}}}
		if err := db.SaveWorkPlan(ctx, n.ID, plain); err != nil {
			t.Fatal(err)
		}
		with, errs := network.Dismiss(plain, network.Recommendation{RuleID: "skills_audit", Action: "Audit skills"}, "Done by HR", "lead@example.nhs.uk", network.Date(2026, 2, 1))
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if err := db.SaveWorkPlan(ctx, n.ID, &with); err != nil {
			t.Fatal(err)
		}
		plans, err := db.WorkPlans(ctx, n.ID)
		if err != nil || len(plans) != 2 {
			t.Fatalf("plans %d %v", len(plans), err)
		}
		if plans[0].Dismissed != nil || !reflect.DeepEqual(plans[0].Objectives, plain.Objectives) {
			t.Errorf("plain plan read back as %+v", plans[0])
		}
		if !reflect.DeepEqual(plans[1], with) {
			t.Errorf("plan with a dismissal:\n got %+v\nwant %+v", plans[1], with)
		}
		rec, err := db.Records(ctx, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d, ok := rec.WorkPlan.Dismissal("skills_audit"); !ok || d.Reason != "Done by HR" {
			t.Errorf("latest plan's dismissal %+v %v", d, ok)
		}
	})
}
