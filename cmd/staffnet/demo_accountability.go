package main

import (
	"context"
	"fmt"
	"time"

	"staffnet/internal/network"
	"staffnet/internal/store"
)

// demoAccountability gives every organisation with an open demo network
// what it shares with its networks: a WRES action plan for this year and
// last. It replaces any there were, which named the networks just
// replaced.
func demoAccountability(ctx context.Context, db *store.DB, seed int64, demo []network.DemoNetwork) (string, error) {
	if err := db.ClearAccountability(ctx); err != nil {
		return "", err
	}
	byOrg := map[string][]int64{}
	var orgs []string
	for i := range demo {
		n := &demo[i].Network
		if n.Status == network.StatusClosed {
			continue
		}
		if byOrg[n.OrgCode] == nil {
			orgs = append(orgs, n.OrgCode)
		}
		if n.Type == network.TypeBME {
			byOrg[n.OrgCode] = append([]int64{n.ID}, byOrg[n.OrgCode]...)
		} else {
			byOrg[n.OrgCode] = append(byOrg[n.OrgCode], n.ID)
		}
	}
	today := time.Now()
	actions := 0
	for _, org := range orgs {
		for _, year := range []int{today.Year() - 1, today.Year()} {
			for _, a := range network.DemoPlan(seed, org, year, byOrg[org], today) {
				if err := db.SavePlanAction(ctx, &a); err != nil {
					return "", fmt.Errorf("action plan of %s: %w", org, err)
				}
				actions++
			}
		}
	}
	return fmt.Sprintf("%d WRES plan actions", actions), nil
}
