package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"staffnet/internal/csvsafe"
	"staffnet/internal/facility"
	"staffnet/internal/jsonout"
	"staffnet/internal/orgs"
	"staffnet/internal/pay"
	"staffnet/internal/pay/payfile"
	"staffnet/internal/sheet"
	"staffnet/internal/store"
)

func payImport(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("pay import", e)
	year := fs.Int("year", 0, "the year the financial year starts: 2026 for 2026/27")
	f, err := openOne(fs, args, "name one pay table CSV file")
	if err != nil {
		return err
	}
	defer f.Close()
	if *year < 2000 || *year > 2100 {
		return usageError{"--year must be the year the financial year starts, like 2026"}
	}
	t, err := payfile.Read(f, *year)
	if err != nil {
		return err
	}
	return withDB(ctx, e, *dsn, func(db *store.DB) error {
		n, err := db.SavePayTable(ctx, t)
		if err == nil {
			fmt.Fprintf(e.stdout, "loaded the %s pay table: %d band and pay points; re-costed %d recorded weeks\n", pay.YearLabel(*year), len(t.Annual), n)
		}
		return err
	})
}

func timeImport(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("time import", e)
	id := fs.Int64("network", 0, "the network's id")
	f, err := openOne(fs, args, "name one facility-time CSV file")
	if err != nil {
		return err
	}
	defer f.Close()
	if *id <= 0 {
		return usageError{"--network must be a network's id"}
	}
	return withDB(ctx, e, *dsn, func(db *store.DB) error {
		if _, err := db.Network(ctx, *id); err != nil {
			return fmt.Errorf("network %d: %w", *id, err)
		}
		weeks, err := importWeeks(ctx, db, *id, f)
		if err == nil {
			fmt.Fprintf(e.stdout, "recorded %d leader-weeks for network %d\n", weeks, *id)
		}
		return err
	})
}

// importWeeks parses a facility-time file against the network's register
// and stores it, all or nothing.
func importWeeks(ctx context.Context, db *store.DB, id int64, f io.Reader) (int, error) {
	reg, err := db.FacilityLeaders(ctx, id)
	if err != nil {
		return 0, err
	}
	tables, err := db.PayTables(ctx)
	if err != nil {
		return 0, err
	}
	weeks, err := readWeeks(f, reg, tables)
	if err != nil {
		return 0, err
	}
	if err := db.SaveFacilityWeeks(ctx, id, weeks); err != nil {
		return 0, err
	}
	return len(weeks), db.AnalyzeFacility(ctx)
}

// readWeeks reads a facility-time CSV file: csvsafe matches its header
// and bounds its size, facility.FromRows checks its rows.
func readWeeks(in io.Reader, register []facility.Leader, tables pay.Tables) ([]facility.Week, error) {
	rd, err := csvsafe.NewStrictReader(in, facility.ImportColumns, facility.MaxImportRows)
	if err != nil {
		return nil, err
	}
	return facility.FromRows(rd, register, tables)
}

func timeReport(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("time report", e)
	id := fs.Int64("network", 0, "one network's id")
	org := fs.String("org", "", "an organisation's ODS code")
	region := fs.String("region", "", "an NHS England region code (Y56…Y63)")
	national := fs.Bool("national", false, "every network")
	fromS := fs.String("from", "", "first day, YYYY-MM-DD (weeks starting on or after it)")
	toS := fs.String("to", "", "last day, YYYY-MM-DD")
	format := fs.String("format", "json", "json, csv or xlsx")
	out := fs.String("out", "", "output file (default standard output)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	sc := store.FacilityScope{Network: *id, Org: strings.ToUpper(*org), Region: strings.ToUpper(*region)}
	n := 0
	for _, set := range []bool{*id != 0, *org != "", *region != "", *national} {
		if set {
			n++
		}
	}
	if n != 1 {
		return usageError{"choose exactly one of --network, --org, --region and --national"}
	}
	if _, ok := orgs.Regions[sc.Region]; sc.Region != "" && !ok {
		return usageError{"--region must be one of " + strings.Join(orgs.RegionCodes, ", ")}
	}
	from, err1 := time.Parse(time.DateOnly, *fromS)
	to, err2 := time.Parse(time.DateOnly, *toS)
	if err1 != nil || err2 != nil || to.Before(from) {
		return usageError{"--from and --to must be dates written YYYY-MM-DD, --to not before --from"}
	}
	if *format != "json" && *format != "csv" && *format != "xlsx" {
		return usageError{"--format must be json, csv or xlsx"}
	}
	return withDB(ctx, e, *dsn, func(db *store.DB) error {
		if sc.Network != 0 {
			if _, err := db.Network(ctx, sc.Network); err != nil {
				return fmt.Errorf("network %d: %w", sc.Network, err)
			}
		}
		if sc.Org != "" {
			if _, err := db.Organisation(ctx, sc.Org); err != nil {
				return fmt.Errorf("organisation %s: %w", sc.Org, err)
			}
		}
		r, err := db.FacilityReport(ctx, sc, from, to)
		if err != nil {
			return err
		}
		tb := sheet.Table{Name: "Facility time", Header: facility.Header, Rows: r.Rows(true)}
		return writeOut(e, *out, func(w io.Writer) error {
			switch *format {
			case "csv":
				return sheet.CSV(w, tb)
			case "xlsx":
				return sheet.XLSX(w, tb)
			}
			return jsonout.Write(w, r)
		})
	})
}
