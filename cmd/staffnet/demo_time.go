package main

import (
	"context"
	"fmt"
	"time"

	"staffnet/internal/facility"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// demoFacility gives the leaders of every open demo network a register
// entry and a year of facility time (facility.Demo). It returns how many
// weeks it recorded.
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
		total += len(weeks)
	}
	return total, db.AnalyzeFacility(ctx)
}
