package main

import (
	"context"
	"fmt"
	"strings"

	"staffnet/internal/demo"
	"staffnet/internal/report"
	reportrender "staffnet/internal/report/render"
	"staffnet/internal/responses"
	"staffnet/internal/store"
	"staffnet/internal/survey"
)

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, " ") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

func parseFilters(where []string) ([]report.Filter, error) {
	var fs []report.Filter
	for _, w := range where {
		f, err := report.ParseFilter(w)
		if err != nil {
			return nil, usageError{"--where " + w + ": " + err.Error()}
		}
		fs = append(fs, f)
	}
	return fs, nil
}

func reportCmd(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("report", e)
	slug := fs.String("survey", "", "survey slug")
	var where, vsWhere multi
	fs.Var(&where, "where", "population filter QUESTION=CODE[,CODE…] (repeatable; ANDed)")
	by := fs.String("by", "", "break every question down by this question's answers")
	format := fs.String("format", "json", "json, csv, xlsx or html")
	out := fs.String("out", "", "output file (default standard output)")
	threshold := fs.Int("threshold", report.DefaultThreshold, "smallest group or base shown")
	vsSlug := fs.String("vs-survey", "", "compare with this survey (another wave); default the same survey")
	fs.Var(&vsWhere, "vs-where", "population filter for the comparison side (repeatable)")
	audit := fs.Bool("audit", false, "check the view as publishing on the web would (filter-complement rule, and against every view of the survey published before) and refuse it with the reason if it fails: use it for anything you will share")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if err := checkReportFormat(*format); err != nil {
		return err
	}
	if *threshold < 1 {
		return usageError{"--threshold must be at least 1"}
	}
	filters, err := parseFilters(where)
	if err != nil {
		return err
	}
	compare := *vsSlug != "" || len(vsWhere) > 0
	vsFilters, err := parseFilters(vsWhere)
	if err != nil {
		return err
	}
	if compare && *format != "json" {
		return usageError{"comparisons are written as JSON only"}
	}
	db, s, err := openSurvey(ctx, e, *dsn, *slug)
	if err != nil {
		return err
	}
	defer db.Close()
	if compare && *audit {
		return usageError{"--audit checks one view: leave out --vs-survey and --vs-where"}
	}
	// Without a comparison or an audit, only the chosen population is
	// loaded.
	var keep func(*survey.Response) bool
	if !compare && !*audit {
		if keep, err = report.Keep(s.Def, filters); err != nil {
			return err
		}
	}
	ds, err := responses.Dataset(ctx, db, s, false, keep)
	if err != nil {
		return err
	}
	opt := report.Options{Filters: filters, By: *by, Threshold: *threshold}
	rep, err := ds.Report(opt)
	if err != nil {
		return err
	}
	if *audit {
		if err := auditView(ctx, db, s.Slug, ds, opt, rep); err != nil {
			return err
		}
	}
	var result any = rep
	if compare {
		other := ds
		if *vsSlug != "" && *vsSlug != s.Slug {
			s2, err := findSurvey(ctx, db, *vsSlug)
			if err != nil {
				return err
			}
			if other, err = responses.Dataset(ctx, db, s2, false, nil); err != nil {
				return err
			}
		}
		rep2, err := other.Report(report.Options{Filters: vsFilters, Threshold: *threshold})
		if err != nil {
			return err
		}
		result = report.Compare(rep, rep2)
	}
	return writeReport(e, *out, *format, result, rep, reportrender.CSV, reportrender.XLSX, reportrender.HTML)
}

// auditView applies the checks the web's publish action makes.
func auditView(ctx context.Context, db *store.DB, slug string, ds *report.Dataset, opt report.Options, rep *report.Report) error {
	if err := ds.CheckView(opt); err != nil {
		return err
	}
	pubs, err := db.Publications(ctx, slug)
	if err != nil {
		return err
	}
	priors, err := responses.Priors(pubs)
	if err != nil {
		return err
	}
	return ds.Audit(rep, priors)
}

func demoGenerate(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("demo generate", e)
	slug := fs.String("survey", "", "survey slug")
	n := fs.Int("responses", 0, "how many responses to add")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same responses")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *n < 1 {
		return usageError{"--responses must be at least 1"}
	}
	db, s, err := openSurvey(ctx, e, *dsn, *slug)
	if err != nil {
		return err
	}
	defer db.Close()
	im, err := db.BeginImport(ctx, s)
	if err != nil {
		return err
	}
	defer im.Rollback()
	p := e.progress("generating responses", *n)
	defer p.done()
	row := 1
	err = demo.Generate(s.Def, *n, *seed, func(r *survey.Response) error {
		row++
		if (row-1)%1000 == 0 {
			p.update(row-1, false)
		}
		return im.Add(ctx, row, r)
	})
	if err != nil {
		return err
	}
	p.note("checking and committing")
	if dups, err := im.Duplicates(ctx); err != nil {
		return err
	} else if len(dups) > 0 {
		return fmt.Errorf("%d generated ids are already stored: use another --seed", len(dups))
	}
	added, err := im.Commit(ctx)
	p.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "added %d synthetic responses to %s (version %d)\n", added, s.Slug, s.Version)
	return nil
}
