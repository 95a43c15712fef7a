package main

import (
	"context"
	"fmt"
	"time"

	"staffnet/internal/budget"
	"staffnet/internal/consult"
	"staffnet/internal/facility"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// demoFacility gives the leaders of every open demo network a register
// entry and a year of facility time (facility.Demo), and the network a
// budget, a consultations log and panel counts. It returns how many
// weeks of facility time it recorded.
func demoFacility(ctx context.Context, db *store.DB, seed int64, demo []network.DemoNetwork) (int, error) {
	tables, err := db.PayTables(ctx)
	if err != nil {
		return 0, err
	}
	today := time.Now()
	total := 0
	for i := range demo {
		n := &demo[i].Network
		if n.Status == network.StatusClosed {
			continue
		}
		leaders, onCost := facility.Demo(seed, n, tables, today)
		var weeks []facility.Week
		for _, d := range leaders {
			if err := db.SaveFacilityLeader(ctx, &d.Leader); err != nil {
				return total, fmt.Errorf("facility time of network %d: %w", n.ID, err)
			}
			for _, w := range d.Weeks {
				w.LeaderID = d.Leader.ID
				weeks = append(weeks, w)
			}
		}
		if err := db.SaveFacilityWeeks(ctx, n.ID, weeks); err != nil {
			return total, err
		}
		if err := db.SetFacilityOnCost(ctx, n.ID, onCost); err != nil {
			return total, err
		}
		if err := demoRecords(ctx, db, seed, n.ID, today); err != nil {
			return total, fmt.Errorf("records of network %d: %w", n.ID, err)
		}
		total += len(weeks)
	}
	return total, db.AnalyzeFacility(ctx)
}

// demoRecords stores a network's invented budget, consultations and
// panel counts.
func demoRecords(ctx context.Context, db *store.DB, seed, id int64, today time.Time) error {
	for _, l := range budget.Demo(seed, id, today) {
		if err := db.AddBudgetLine(ctx, &l); err != nil {
			return err
		}
	}
	cons, panels := consult.Demo(seed, id, today)
	for _, c := range cons {
		if err := db.SaveConsultation(ctx, &c); err != nil {
			return err
		}
	}
	for _, p := range panels {
		if err := db.SetPanels(ctx, p); err != nil {
			return err
		}
	}
	return nil
}
