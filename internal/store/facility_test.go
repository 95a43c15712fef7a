package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"staffnet/internal/facility"
	"staffnet/internal/network"
	"staffnet/internal/pay"
	"staffnet/internal/store"
)

func TestFacilityTime(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, b := twoNets(t, db)
		addNet(t, db, "RAA", network.TypeLGBTI, network.StatusActive) // no leaders
		tables, err := db.PayTables(ctx)
		if err != nil || tables.For(2025) == nil {
			t.Fatalf("tables %v %v", tables, err)
		}
		chair := &facility.Leader{NetworkID: a.ID, Email: " Ada@NHS.net", Name: "Ada", Role: network.RoleChair, Band: "8a", PayPoint: 2, Agreed: 375}
		if err := db.SaveFacilityLeader(ctx, chair); err != nil || chair.ID == 0 || chair.Email != "ada@nhs.net" {
			t.Fatalf("save %v %+v", err, chair)
		}
		twin := &facility.Leader{NetworkID: a.ID, Email: "ada@nhs.net", Name: "Twin", Role: network.RoleCommittee, Band: "5", PayPoint: 1}
		if err := db.SaveFacilityLeader(ctx, twin); !errors.Is(err, store.ErrExists) {
			t.Errorf("same email twice: %v", err)
		}
		other := &facility.Leader{NetworkID: b.ID, Email: "bo@nhs.net", Name: "Bo", Role: network.RoleChair, Band: pay.Medical, Hourly: 5240}
		if err := db.SaveFacilityLeader(ctx, other); err != nil {
			t.Fatal(err)
		}
		// Another network's leader cannot be changed, deleted or given
		// weeks through this network.
		moved := *other
		moved.NetworkID = a.ID
		if err := db.SaveFacilityLeader(ctx, &moved); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update through another network: %v", err)
		}
		if err := db.DeleteFacilityLeader(ctx, a.ID, other.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("delete through another network: %v", err)
		}
		monday := time.Date(2025, 10, 6, 0, 0, 0, 0, time.UTC)
		var weeks []facility.Week
		for i := range 10 {
			weeks = append(weeks, facility.Week{LeaderID: chair.ID, Start: monday.AddDate(0, 0, 7*i), Band: "8a", PayPoint: 2, Hourly: 2991, Agreed: 375, Used: 400})
		}
		if err := db.SaveFacilityWeeks(ctx, a.ID, append(weeks, facility.Week{LeaderID: other.ID, Start: monday, Band: pay.Medical, Hourly: 5240, Used: 100})); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("weeks of another network's leader: %v", err)
		}
		if err := db.SaveFacilityWeeks(ctx, a.ID, weeks); err != nil {
			t.Fatal(err)
		}
		// Saving a week again replaces it.
		weeks[0].Used = 800
		if err := db.SaveFacilityWeeks(ctx, a.ID, weeks[:1]); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveFacilityWeeks(ctx, b.ID, []facility.Week{{LeaderID: other.ID, Start: monday, Band: pay.Medical, Hourly: 5240, Agreed: 375, Used: 150}}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetFacilityOnCost(ctx, a.ID, 2250); err != nil {
			t.Fatal(err)
		}
		from, to := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
		nets, err := db.FacilityTime(ctx, store.FacilityScope{}, from, to)
		if err != nil {
			t.Fatal(err)
		}
		r := facility.Build(from, to, nets)
		// By hand: Ada 8.00 + 9 × 4.00 = 44.00 hours × £29.91 = £1,316.04,
		// on-cost 22.5% = £296.109 → £296.11; Bo 1.50 × £52.40 = £78.60.
		if len(r.Networks) != 3 || r.Summary.HoursUsed != 4550 || r.Summary.Cost != 131604+7860 || r.Summary.OnCost != 29611 || r.Summary.NetworksWithoutLeaders != 1 {
			t.Errorf("report %+v", r.Summary)
		}
		// Periods that start or end within a month add the weeks of the
		// part months to the whole months' sums: Ada's weeks are 8.00 on
		// 6 October and 4.00 on each Monday from 13 October to 8 December.
		for _, c := range []struct {
			from, to string
			weeks    facility.Hours
			used     facility.Hours
		}{
			{"2025-10-13", "2025-12-01", 8, 8 * 400}, // part October, November, part December
			{"2025-10-07", "2025-10-26", 2, 2 * 400}, // inside October
			{"2025-11-01", "2025-11-30", 4, 4 * 400}, // November exactly
			{"2025-10-01", "2025-12-07", 9, 800 + 8*400},
		} {
			nets, err := db.FacilityTime(ctx, store.FacilityScope{Network: a.ID}, isoDay(c.from), isoDay(c.to))
			if err != nil || len(nets) != 1 || len(nets[0].Leaders) != 1 {
				t.Fatalf("%s to %s: %+v %v", c.from, c.to, nets, err)
			}
			var p facility.Part
			for _, q := range nets[0].Leaders[0].Parts {
				p = facility.Part{Agreed: p.Agreed + q.Agreed, Used: p.Used + q.Used, Cost: p.Cost + q.Cost}
			}
			if p.Used != c.used || p.Agreed != c.weeks*375 || p.Cost != int64(c.used)*2991 {
				t.Errorf("%s to %s: %+v, want %v hours used", c.from, c.to, p, c.used)
			}
		}
		// Region Y56 (both organisations) from 6 October to the end of
		// November: Ada 8.00 + 7 × 4.00, Bo 1.50.
		reg, err := db.FacilityTime(ctx, store.FacilityScope{Region: "Y56"}, isoDay("2025-10-06"), isoDay("2025-11-30"))
		if rr := facility.Build(isoDay("2025-10-06"), isoDay("2025-11-30"), reg); err != nil || rr.Summary.NetworkCount != 3 || rr.Summary.HoursUsed != 3750 || rr.Summary.Cost != facility.Money((3600*2991+150*5240)/100) {
			t.Errorf("region scope: %+v %v", rr.Summary, err)
		}
		org, err := db.FacilityTime(ctx, store.FacilityScope{Org: "RBB"}, from, to)
		if err != nil || len(org) != 1 || org[0].ID != b.ID || len(org[0].Leaders) != 1 {
			t.Errorf("organisation scope: %+v %v", org, err)
		}
		// A new table for 2025/26 re-costs its weeks: Band 8a point 2 at
		// £60,000 is £30.68 an hour (60000 ÷ 1955.3625 = 30.684…).
		nt := &pay.Table{Year: 2025, Annual: map[pay.Key]int64{{Band: "8a", Point: 2}: 6_000_000}}
		if n, err := db.SavePayTable(ctx, nt); err != nil || n != 10 {
			t.Fatalf("re-costed %d: %v", n, err)
		}
		tables, _ = db.PayTables(ctx)
		if a, _ := tables.For(2025).Lookup("8a", 2); a != 6_000_000 {
			t.Errorf("loaded table not used: %d", a)
		}
		got, _ := db.FacilityWeeks(ctx, a.ID, from, to)
		if len(got) != 10 || got[0].Hourly != 3068 {
			t.Errorf("weeks after the new table: %+v", got)
		}
		// and the report's sums with them: 44.00 hours × £30.68.
		if nets, _ := db.FacilityTime(ctx, store.FacilityScope{Network: a.ID}, from, to); len(nets) != 1 || nets[0].Leaders[0].Parts[0].Cost != 4400*3068 {
			t.Errorf("report after the new table: %+v", nets)
		}
		if err := db.DeleteFacilityLeader(ctx, a.ID, chair.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FacilityWeeks(ctx, a.ID, from, to); len(got) != 0 {
			t.Error("weeks outlived their leader")
		}
	})
}

// twoNets loads the test organisations and adds a BME network to RAA and
// one to RBB.
func twoNets(t *testing.T, db *store.DB) (a, b *network.Network) {
	t.Helper()
	loadNetOrgs(t, db)
	return addNet(t, db, "RAA", network.TypeBME, network.StatusActive), addNet(t, db, "RBB", network.TypeBME, network.StatusActive)
}

// isoDay reads a YYYY-MM-DD date.
func isoDay(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}
