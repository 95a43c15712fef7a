// Command staffnet runs the staffnet web application and its
// administration verbs. Run "staffnet help" for the list.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"staffnet/internal/jsonout"
	"staffnet/internal/store"
)

// env is what a command can use; tests replace its streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	tty            bool // stderr is a terminal: long runs show progress there
}

// usageError is an error in how a command was called: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, tty: terminal(os.Stderr)}
	os.Exit(run(ctx, e, os.Args[1:]))
}

func run(ctx context.Context, e *env, args []string) int {
	switch {
	case len(args) == 0:
		// Called with nothing to do: a wrong call, like any other.
		printHelp(e.stderr)
		return 2
	case args[0] == "help":
		return helpCommand(e, args[1:])
	case args[0] == "-h" || args[0] == "-help" || args[0] == "--help":
		printHelp(e.stdout)
		return 0
	}
	name, rest := args[0], args[1:]
	c, ok := lookup(name)
	if !ok && len(args) > 1 {
		name, rest = args[0]+" "+args[1], args[2:]
		c, ok = lookup(name)
	}
	if !ok {
		fmt.Fprintf(e.stderr, "staffnet: unknown command %q; run \"staffnet help\"\n", strings.Join(args[:min(2, len(args))], " "))
		return 2
	}
	if wantsHelp(rest) {
		printVerbHelp(e.stdout, c)
		return 0
	}
	if err := c.run(ctx, e, rest); err != nil {
		var ue usageError
		if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
			if !errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(e.stderr, "staffnet %s: %s\n", name, ue.msg)
			}
			fmt.Fprintf(e.stderr, "usage: staffnet %s %s\n(\"staffnet help %s\" says more)\n", name, c.usage, name)
			return 2
		}
		fmt.Fprintf(e.stderr, "staffnet %s: %v\n", name, err)
		return 1
	}
	return 0
}

// flags makes a flag set for a command, with --db.
func flags(name string, e *env) (*flag.FlagSet, *string) {
	fs := newFlagSet(name)
	db := fs.String("db", "", "database: file path, sqlite:PATH or postgres://… (default $STAFFNET_DB, else staffnet.db)")
	return fs, db
}

// newFlagSet makes an empty flag set for a command.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// run prints the one usage line for a wrong call; the flag package's
	// own dump of every flag would say it twice.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parse parses flags, allowing them before and after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			return nil, err
		} else if err != nil {
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// one parses flags and returns the single positional argument a command
// takes; what says what it is ("name one …") when it is missing.
func one(fs *flag.FlagSet, args []string, what string) (string, error) {
	pos, err := parse(fs, args)
	if err != nil {
		return "", err
	}
	if len(pos) != 1 {
		return "", usageError{what}
	}
	return pos[0], nil
}

// dbSetting resolves --db, else STAFFNET_DB. openDB opens what it names;
// backup and restore use it alone, as they copy files and must not
// migrate them.
func dbSetting(e *env, dsn string) string {
	if dsn == "" {
		dsn = e.getenv("STAFFNET_DB")
	}
	return dsn
}

func openDB(ctx context.Context, e *env, dsn string) (*store.DB, error) {
	db, err := store.Open(ctx, dbSetting(e, dsn))
	if err != nil {
		return nil, err
	}
	if err := db.LoadBuiltins(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Helpers that several verbs share: a verb with no positional argument,
// one that works in the database, one that writes a file, one that reads
// a file or standard input.

// noArgs parses flags for a verb that takes no positional argument.
func noArgs(fs *flag.FlagSet, args []string) error {
	pos, err := parse(fs, args)
	if err == nil && len(pos) > 0 {
		err = usageError{"unexpected argument " + pos[0]}
	}
	return err
}

// withDB opens the database (see openDB), runs f with it and closes it.
func withDB(ctx context.Context, e *env, dsn string, f func(*store.DB) error) error {
	db, err := openDB(ctx, e, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return f(db)
}

// writeOut runs write on FILE (or standard output for "", see output):
// the file is kept only if write and the write to disk succeed.
func writeOut(e *env, path string, write func(io.Writer) error) error {
	w, done, err := output(e, path)
	if err != nil {
		return err
	}
	err = write(w)
	if err2 := done(err); err == nil {
		err = err2
	}
	return err
}

// readIn runs read on the file at path, or on standard input for "-".
func readIn(e *env, path string, read func(io.Reader) error) error {
	if path == "-" {
		return read(e.stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return read(f)
}

// openOne parses flags and opens the single file a command names.
func openOne(fs *flag.FlagSet, args []string, what string) (*os.File, error) {
	path, err := one(fs, args, what)
	if err != nil {
		return nil, err
	}
	return os.Open(path)
}

// notFound turns store.ErrNotFound into an error saying what was missing.
func notFound(err error, format string, a ...any) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf(format, a...)
	}
	return err
}

// checkReportFormat checks a report verb's --format.
func checkReportFormat(format string) error {
	switch format {
	case "json", "csv", "xlsx", "html":
		return nil
	}
	return usageError{"--format must be json, csv, xlsx or html"}
}

// writeReport writes rep to FILE in the format asked (see writeOut):
// csv, xlsx or html with the three writers given, json as asJSON.
func writeReport[R any](e *env, path, format string, asJSON any, rep R, csv, xlsx, html func(io.Writer, R) error) error {
	return writeOut(e, path, func(w io.Writer) error {
		switch format {
		case "csv":
			return csv(w, rep)
		case "xlsx":
			return xlsx(w, rep)
		case "html":
			return html(w, rep)
		}
		return jsonout.Write(w, asJSON)
	})
}

// printEach prints one tab-separated line per item that list finds in
// the database: the list verbs.
func printEach[T any](ctx context.Context, e *env, dsn string, list func(*store.DB, context.Context) ([]T, error), fields func(T) []string) error {
	return withDB(ctx, e, dsn, func(db *store.DB) error {
		items, err := list(db, ctx)
		if err != nil {
			return err
		}
		for _, it := range items {
			fmt.Fprintln(e.stdout, strings.Join(fields(it), "\t"))
		}
		return nil
	})
}
