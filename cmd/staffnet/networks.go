package main

import (
	"context"
	"fmt"

	"staffnet/internal/network"
	"staffnet/internal/store"
)

// demoNetworks fills the directory with invented networks, and the
// case-study library with the demo studies written for them, so that a
// newcomer sees it working. Every name is marked "(demo)" and no contact
// detail is real (see network.Demo).
func demoNetworks(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("demo networks", e)
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same networks on the same day")
	replace := fs.Bool("replace", false, "delete every stored network (with its records and assessments) first")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	return withDB(ctx, e, *dsn, func(db *store.DB) error { return storeDemoNetworks(ctx, e, db, *seed, *replace) })
}

func storeDemoNetworks(ctx context.Context, e *env, db *store.DB, seed int64, replace bool) error {
	list, err := db.Organisations(ctx, "")
	if err != nil {
		return err
	}
	var refs []network.OrgRef
	for _, o := range list {
		if !o.Closed() && o.Region != "W00" { // NHS England organisations only
			refs = append(refs, network.OrgRef{Code: o.Code, Name: o.Name, Region: o.Region})
		}
	}
	if len(refs) == 0 {
		return fmt.Errorf("no open organisations: load them first with staffnet orgs import")
	}
	existing, err := db.CountNetworks(ctx)
	if err != nil {
		return err
	}
	if existing > 0 && !replace {
		return fmt.Errorf("%d networks are stored already; add --replace to delete them and every record and assessment they hold", existing)
	}
	if existing > 0 {
		n, err := db.DeleteAllNetworks(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "deleted %d networks\n", n)
	}
	demo := network.Demo(seed, refs)
	assessments, meetings, events := 0, 0, 0
	for i := range demo {
		if err := db.AddDemoNetwork(ctx, &demo[i]); err != nil {
			return fmt.Errorf("network %d of %d (%s): %w", i+1, len(demo), demo[i].Network.OrgCode, err)
		}
		assessments += len(demo[i].Assessments)
		meetings += len(demo[i].Meetings)
		events += len(demo[i].Events)
	}
	m, err := db.NetworkMap(ctx)
	if err != nil {
		return err
	}
	people, err := demoMembers(ctx, db, seed, demo)
	if err != nil {
		return err
	}
	weeks, err := demoFacility(ctx, db, seed, demo)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "recorded %d weeks of facility time\n", weeks)
	shared, err := demoAccountability(ctx, db, seed, demo)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "organisations and networks share %s\n", shared)
	fmt.Fprintf(e.stdout, "created %d demo networks with %d self-assessments, %d meetings and %d events for %d organisations, and %d members; %d have a BME network, %d have none\n",
		len(demo), assessments, meetings, events, len(refs), people, m.National.WithBME, m.National.WithNone)
	return storeDemoCases(ctx, e, db)
}
