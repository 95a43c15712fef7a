package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"staffnet/internal/responses"
	"staffnet/internal/store"
	"staffnet/internal/survey"
)

// findSurvey looks up the newest version of the survey named by --survey.
func findSurvey(ctx context.Context, db *store.DB, slug string) (*store.Survey, error) {
	s, err := db.Survey(ctx, slug)
	return s, notFound(err, "no survey with slug %q", slug)
}

// openSurvey opens the database and finds the survey a command works on;
// the caller closes the database.
func openSurvey(ctx context.Context, e *env, dsn, slug string) (*store.DB, *store.Survey, error) {
	if slug == "" {
		return nil, nil, usageError{"--survey is required"}
	}
	db, err := openDB(ctx, e, dsn)
	if err != nil {
		return nil, nil, err
	}
	s, err := findSurvey(ctx, db, slug)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, s, nil
}

func responsesExport(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("responses export", e)
	slug := fs.String("survey", "", "survey slug")
	format := fs.String("format", "csv", "csv or xlsx")
	out := fs.String("out", "", "output file (default standard output)")
	raw := fs.Bool("raw", false, "write CSV cells exactly, for programs and for import (default: cells a spreadsheet would run as formulas get a ' in front)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *format != "csv" && *format != "xlsx" {
		return usageError{"--format must be csv or xlsx"}
	}
	db, s, err := openSurvey(ctx, e, *dsn, *slug)
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	err = writeOut(e, *out, func(w io.Writer) error {
		total, err := db.CountResponses(ctx, s.ID)
		if err != nil {
			return err
		}
		p := e.progress("exporting responses", total)
		defer p.done()
		if *format == "csv" {
			n, err = responses.ExportCSV(ctx, db, s, w, *raw, func(n int) { p.update(n, false) })
		} else {
			n, err = responses.ExportXLSX(ctx, db, s, w, func(n int) {
				if n < total {
					p.update(n, false)
				} else {
					p.note("writing the workbook")
				}
			})
		}
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "exported %d responses\n", n)
	return nil
}

// output opens FILE for writing (or standard output for ""). The file is
// written beside its final name and renamed into place only on success.
func output(e *env, path string) (io.Writer, func(error) error, error) {
	if path == "" || path == "-" {
		return e.stdout, func(error) error { return nil }, nil
	}
	f, err := os.CreateTemp(dirOf(path), ".staffnet-*")
	if err != nil {
		return nil, nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	return bw, func(failed error) error {
		err := bw.Flush()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if failed != nil || err != nil {
			os.Remove(f.Name())
			return err
		}
		return os.Rename(f.Name(), path)
	}, nil
}

func dirOf(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[:i+1]
	}
	return "."
}

func responsesImport(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("responses import", e)
	slug := fs.String("survey", "", "survey slug")
	arg, err := one(fs, args, "name one CSV file (or - for standard input)")
	if err != nil {
		return err
	}
	db, s, err := openSurvey(ctx, e, *dsn, *slug)
	if err != nil {
		return err
	}
	defer db.Close()
	var n int
	if err := readIn(e, arg, func(in io.Reader) (err error) {
		n, err = responses.Import(ctx, db, s, in)
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "imported %d responses into %s (version %d)\n", n, s.Slug, s.Version)
	return audit(ctx, e, db, "responses imported", s.Slug, fmt.Sprintf("%d responses into version %d", n, s.Version))
}

func surveyLoad(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("survey load", e)
	arg, err := one(fs, args, "name one definition file")
	if err != nil {
		return err
	}
	b, err := os.ReadFile(arg)
	if err != nil {
		return err
	}
	def, err := survey.Parse(b)
	if err != nil {
		return err
	}
	return withDB(ctx, e, *dsn, func(db *store.DB) error {
		s, changed, err := db.LoadSurvey(ctx, def)
		if err != nil {
			return err
		}
		if !changed {
			fmt.Fprintf(e.stdout, "%s version %d is already loaded and unchanged\n", s.Slug, s.Version)
			return nil
		}
		fmt.Fprintf(e.stdout, "loaded %s as version %d\n", s.Slug, s.Version)
		return audit(ctx, e, db, "survey loaded", s.Slug, fmt.Sprintf("version %d", s.Version))
	})
}

func surveyList(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("survey list", e)
	if err := noArgs(fs, args); err != nil {
		return err
	}
	return printEach(ctx, e, *dsn, (*store.DB).ListSurveys, func(s *store.Survey) []string {
		state := "open"
		if !s.Open {
			state = "closed"
		}
		return []string{s.Slug, fmt.Sprint("v", s.Version), state, fmt.Sprint(s.Responses, " responses"), s.Title}
	})
}

func surveySetOpen(open bool) func(context.Context, *env, []string) error {
	return func(ctx context.Context, e *env, args []string) error {
		fs, dsn := flags("survey", e)
		arg, err := one(fs, args, "name one survey slug")
		if err != nil {
			return err
		}
		return withDB(ctx, e, *dsn, func(db *store.DB) error {
			if err := db.SetSurveyOpen(ctx, arg, open); err != nil {
				return notFound(err, "no survey with slug %q", arg)
			}
			return audit(ctx, e, db, map[bool]string{true: "survey opened", false: "survey closed"}[open], arg, "")
		})
	}
}
