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
// last and the corporate-duty letter, and every network with a sponsor
// record the expectations both ways. It replaces any there were, which named the networks just
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
	expectations, letters, actions := 0, 0, 0
	for i := range demo {
		d := &demo[i]
		if d.Network.Status == network.StatusClosed || d.Records.Sponsor == nil {
			continue
		}
		network.DemoExpectations(seed, d.Network.ID, d.Records.Sponsor, today)
		if err := db.SaveSponsorRecord(ctx, d.Network.ID, d.Records.Sponsor); err != nil {
			return "", err
		}
		expectations++
	}
	for _, org := range orgs {
		o, err := db.Organisation(ctx, org)
		if err != nil {
			return "", err
		}
		l := network.DemoDutyLetter(seed, org, o.Name, today)
		if err := db.SaveDutyLetter(ctx, &l); err != nil {
			return "", err
		}
		letters++
		for _, year := range []int{today.Year() - 1, today.Year()} {
			for _, a := range network.DemoPlan(seed, org, year, byOrg[org], today) {
				if err := db.SavePlanAction(ctx, &a); err != nil {
					return "", fmt.Errorf("action plan of %s: %w", org, err)
				}
				actions++
			}
		}
	}
	return fmt.Sprintf("%d WRES plan actions, %d corporate-duty letters and %d sponsors' expectations", actions, letters, expectations), nil
}
