package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"staffnet/internal/benchmem"
	"staffnet/internal/facility"
	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

// BenchmarkFacilityNational is the national facility-time report over
// 500 networks × 5 leaders × 52 weeks (130,000 recorded weeks) for the
// financial year: the query, the pay tables and facility.Build.
//
//	go test ./internal/store/ -run '^$' -bench FacilityNational -benchtime 20x
func BenchmarkFacilityNational(b *testing.B) {
	storetest.EachBench(b, func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		seedFacility(b, db, 500, 5, 52)
		if err := db.AnalyzeFacility(ctx); err != nil {
			b.Fatal(err)
		}
		from, to := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
		cpu0 := benchmem.CPUTime()
		for b.Loop() {
			r, err := db.FacilityReport(ctx, store.FacilityScope{}, from, to)
			if err != nil || r.Summary.NetworkCount != 500 || r.Summary.LeaderCount != 2500 {
				b.Fatalf("%v %+v", err, r.Summary.Totals)
			}
		}
		// CPU time of this process (not PostgreSQL's): wall time on a
		// busy machine says little.
		b.ReportMetric(float64((benchmem.CPUTime()-cpu0).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
	})
}

func seedFacility(b *testing.B, db *store.DB, nets, leaders, weeks int) {
	ctx := context.Background()
	var list []orgs.Organisation
	for i := range 100 {
		list = append(list, orgs.Organisation{Code: fmt.Sprintf("B%03d", i), Name: fmt.Sprintf("Bench %d NHS Trust", i), Region: orgs.RegionCodes[i%7], Type: "NHS trust"})
	}
	if _, _, err := db.UpsertOrganisations(ctx, list); err != nil {
		b.Fatal(err)
	}
	first := time.Date(2025, 4, 7, 0, 0, 0, 0, time.UTC)
	for i := range nets {
		n := &network.Network{OrgCode: list[i%100].Code, Type: network.Types[i%len(network.Types)], Name: fmt.Sprint("Bench ", i), Status: network.StatusActive}
		if err := db.CreateNetwork(ctx, n); err != nil {
			b.Fatal(err)
		}
		var ws []facility.Week
		for j := range leaders {
			l := &facility.Leader{NetworkID: n.ID, Email: fmt.Sprintf("l%d@nhs.net", j), Name: "L", Role: network.RoleCommittee, Band: "6", PayPoint: 2}
			if err := db.SaveFacilityLeader(ctx, l); err != nil {
				b.Fatal(err)
			}
			for k := range weeks {
				ws = append(ws, facility.Week{LeaderID: l.ID, Start: first.AddDate(0, 0, 7*k), Band: "6", PayPoint: 2, Hourly: 2088, Agreed: 375, Used: facility.Hours(300 + 25*((i+j+k)%4))})
			}
		}
		if err := db.SaveFacilityWeeks(ctx, n.ID, ws); err != nil {
			b.Fatal(err)
		}
	}
}
