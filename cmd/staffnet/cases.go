package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"staffnet/internal/cases"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// demoCases publishes cases.DemoStudies, each written for a stored
// network of the study's network type, in its region if there is one,
// and tagged with that network's region. Studies already published (by
// slug) are left alone, so running it twice adds nothing.
func demoCases(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("demo case-studies", e)
	if err := noArgs(fs, args); err != nil {
		return err
	}
	return withDB(ctx, e, *dsn, func(db *store.DB) error { return storeDemoCases(ctx, e, db) })
}

// storeDemoCases is demo case-studies on an open database; demo networks
// runs it too, so that the README's first look shows case studies.
func storeDemoCases(ctx context.Context, e *env, db *store.DB) error {
	nets, err := db.Networks(ctx, store.NetworkFilter{Status: network.StatusActive})
	if err != nil {
		return err
	}
	if len(nets) == 0 {
		return fmt.Errorf("no active networks: make some first with staffnet demo networks")
	}
	var add []*cases.Study
	now := time.Now().UTC()
	for i, st := range cases.DemoStudies() {
		st.Slug = cases.Slugify(st.Title)
		if _, err := db.CaseStudyBySlug(ctx, st.Slug); !errors.Is(err, store.ErrNotFound) {
			if err != nil {
				return err
			}
			continue
		}
		n := demoNetworkFor(nets, st.Tags)
		st.Status, st.OrgCode, st.NetworkID, st.Organisation = cases.Published, n.OrgCode, n.ID, n.OrgName+" (demo case study)"
		st.Tags[cases.KindRegion] = []string{n.Region}
		st.Published = now.AddDate(0, 0, -7*i)
		add = append(add, &st)
	}
	if err := db.CreateCaseStudies(ctx, add...); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "published %d demo case studies at /case-studies\n", len(add))
	return nil
}

// demoNetworkFor picks the network a demo study is written for: one of
// its type in its region, else one of its type, else any.
func demoNetworkFor(nets []store.NetworkEntry, tags cases.Tags) store.NetworkEntry {
	typ, region := "", ""
	if t := tags[cases.KindNetworkType]; len(t) > 0 {
		typ = t[0]
	}
	if r := tags[cases.KindRegion]; len(r) > 0 {
		region = r[0]
	}
	best := nets[0]
	for i := len(nets) - 1; i >= 0; i-- {
		n := nets[i]
		if string(n.Type) == typ {
			best = n
			if n.Region == region {
				return n
			}
		}
	}
	return best
}
