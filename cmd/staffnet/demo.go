package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"staffnet/internal/store"
	"staffnet/internal/wres/synth"
)

// demoWRES stores a synthetic return (synth.Return) for every open
// organisation, for the year asked and the one before, so that a new
// install shows trends and indicator 3's two-year figure. It refuses a
// database that already holds returns: made-up figures must never mix
// with, or replace, real ones.
func demoWRES(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("demo wres", e)
	seed := fs.Uint64("seed", 1, "seed: the same seed always gives the same figures")
	year := fs.Int("year", demoYear(time.Now()), "the latest reporting year; the year before is stored too")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *year < 2001 || *year > 2100 {
		return usageError{"--year must be between 2001 and 2100"}
	}
	return withDB(ctx, e, *dsn, func(db *store.DB) error { return storeDemoWRES(ctx, e, db, *year, *seed) })
}

func storeDemoWRES(ctx context.Context, e *env, db *store.DB, year int, seed uint64) error {
	held, err := db.WRESOrganisations(ctx)
	if err != nil {
		return err
	}
	if len(held) > 0 {
		return fmt.Errorf("this database already holds WRES returns for %d organisations; demo figures go only into a database with none", len(held))
	}
	list, err := db.Organisations(ctx, "")
	if err != nil {
		return err
	}
	var codes []string
	for _, o := range list {
		if !o.Closed() {
			codes = append(codes, o.Code)
		}
	}
	if len(codes) == 0 {
		return errors.New("there are no organisations: import organisations first (staffnet orgs import)")
	}
	ret := synth.Return(codes, []int{year - 1, year}, seed)
	if err := db.ReplaceWRES(ctx, ret); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "stored made-up WRES figures for %d organisations, %d and %d (seed %d); they are not real\n", len(codes), year-1, year, seed)
	return nil
}

// demoYear is the latest WRES year: figures are as at 31 March.
func demoYear(now time.Time) int {
	if now.Month() < time.April {
		return now.Year() - 1
	}
	return now.Year()
}
