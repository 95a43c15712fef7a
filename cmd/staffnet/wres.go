package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"staffnet/internal/orgs"
	"staffnet/internal/orgs/odsfile"
	"staffnet/internal/store"
	"staffnet/internal/wres"
	"staffnet/internal/wres/render"
	"staffnet/internal/wresio"
)

func orgsImport(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("orgs import", e)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usageError{"name at most one ODS CSV file"}
	}
	var list []orgs.Organisation
	parseODS := func(in io.Reader) (err error) {
		list, err = odsfile.Parse(in)
		return err
	}
	if len(pos) == 1 {
		err = readIn(e, pos[0], parseODS)
	} else {
		err = parseODS(odsfile.Snapshot())
	}
	if err != nil {
		return err
	}
	var added, updated int
	if err := withDB(ctx, e, *dsn, func(db *store.DB) (err error) {
		added, updated, err = db.UpsertOrganisations(ctx, list)
		return err
	}); err != nil {
		return err
	}
	closed := 0
	for _, o := range list {
		if o.Closed() {
			closed++
		}
	}
	fmt.Fprintf(e.stdout, "organisations: %d added, %d updated (%d of them closed)\n", added, updated, closed)
	return nil
}

func orgsList(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("orgs list", e)
	region := fs.String("region", "", "only this NHS England region (Y56…Y63)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	inRegion := func(db *store.DB, ctx context.Context) ([]orgs.Organisation, error) {
		return db.Organisations(ctx, strings.ToUpper(*region))
	}
	return printEach(ctx, e, *dsn, inRegion, func(o orgs.Organisation) []string {
		state := "open"
		if o.Closed() {
			state = "closed " + o.ClosedOn
		}
		return []string{o.Code, o.Region, o.Type, state, o.Name}
	})
}

func wresImport(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("wres import", e)
	f, err := openOne(fs, args, "name one return file (CSV or XLSX)")
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	return withDB(ctx, e, *dsn, func(db *store.DB) error {
		sum, err := wresio.Import(ctx, db, f, st.Size(), "")
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "stored %d figures for %d organisation-years\n", sum.Rows, len(sum.OrgYears))
		return audit(ctx, e, db, "WRES return uploaded", fmt.Sprint(sum.OrgYears), fmt.Sprint(sum.Rows, " figures"))
	})
}

func wresExtracts(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("wres extracts", e)
	paths := map[wres.ExtractKind]*string{}
	for _, k := range []wres.ExtractKind{wres.ExtractStaff, wres.ExtractApplications, wres.ExtractDisciplinary, wres.ExtractTraining, wres.ExtractBoard} {
		paths[k] = fs.String(k.String(), "", k.String()+" extract (CSV)")
	}
	out := fs.String("out", "", "write the aggregated return here as CSV")
	save := fs.Bool("save", false, "store the aggregated return in the database")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *out == "" && !*save {
		return usageError{"say where the return goes: --out FILE or --save"}
	}
	given := map[wres.ExtractKind]string{}
	for k, p := range paths {
		if *p != "" {
			given[k] = *p
		}
	}
	if len(given) == 0 {
		return usageError{"name at least one extract"}
	}
	ret, err := wresio.AggregateFiles(given)
	if err != nil {
		return err
	}
	if *out != "" {
		if err := writeOut(e, *out, func(w io.Writer) error { return render.ReturnCSV(w, ret) }); err != nil {
			return err
		}
	}
	if *save {
		var buf bytes.Buffer
		if err := render.ReturnCSV(&buf, ret); err != nil {
			return err
		}
		if err := withDB(ctx, e, *dsn, func(db *store.DB) error {
			_, err := wresio.Import(ctx, db, bytes.NewReader(buf.Bytes()), int64(buf.Len()), "")
			return err
		}); err != nil {
			return err
		}
	}
	fmt.Fprintf(e.stderr, "aggregated %d organisation-years (%d figures); no record-level data was kept\n", len(ret.OrgYears()), len(ret.Rows()))
	return nil
}

func wresReport(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("wres report", e)
	org := fs.String("org", "", "one organisation's ODS code")
	region := fs.String("region", "", "an NHS England region code (Y56…Y63)")
	national := fs.Bool("national", false, "every organisation")
	year := fs.Int("year", 0, "reporting year (default: every year loaded)")
	years := fs.String("years", "", "a range of years for trends, e.g. 2019-2023")
	format := fs.String("format", "json", "json, csv, xlsx or html")
	suppress := fs.Bool("suppress", false, "apply small-number suppression (the view networks get)")
	threshold := fs.Int("threshold", wres.DefaultThreshold, "smallest count shown with --suppress")
	out := fs.String("out", "", "output file (default standard output)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	var scope wres.Scope
	n := 0
	if *org != "" {
		scope, n = wres.Scope{Kind: wres.ScopeOrganisation, Code: strings.ToUpper(*org)}, n+1
	}
	if *region != "" {
		scope, n = wres.Scope{Kind: wres.ScopeRegion, Code: strings.ToUpper(*region)}, n+1
		if _, ok := orgs.Regions[scope.Code]; !ok {
			return usageError{"--region must be one of " + strings.Join(orgs.RegionCodes, ", ")}
		}
	}
	if *national {
		scope, n = wres.Scope{Kind: wres.ScopeNational}, n+1
	}
	if n != 1 {
		return usageError{"choose exactly one of --org, --region and --national"}
	}
	from, to := *year, *year
	if *years != "" {
		if *year != 0 {
			return usageError{"use --year or --years, not both"}
		}
		a, b, ok := strings.Cut(*years, "-")
		y1, err1 := strconv.Atoi(a)
		y2, err2 := strconv.Atoi(b)
		if !ok || err1 != nil || err2 != nil || y1 > y2 {
			return usageError{"--years must look like 2019-2023"}
		}
		from, to = y1, y2
	}
	if err := checkReportFormat(*format); err != nil {
		return err
	}
	return withDB(ctx, e, *dsn, func(db *store.DB) error {
		if scope.Kind == wres.ScopeOrganisation {
			if _, err := db.Organisation(ctx, scope.Code); err != nil {
				return fmt.Errorf("organisation %s: %w", scope.Code, err)
			}
		}
		rep, err := wresio.Report(ctx, db, scope, from, to)
		if err != nil {
			return err
		}
		if *suppress {
			rep = wres.Suppress(rep, *threshold)
		}
		return writeReport(e, *out, *format, rep, rep, render.CSV, render.XLSX, render.HTML)
	})
}
