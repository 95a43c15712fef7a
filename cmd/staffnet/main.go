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
	"sort"
	"strings"
	"syscall"

	"staffnet/internal/store"
)

// command is one verb: "serve", "responses export", …
type command struct {
	usage string // arguments after the verb
	help  string
	run   func(ctx context.Context, env *env, args []string) error
}

var commands = map[string]command{}

func register(name string, c command) { commands[name] = c }

// env is what a command can use; tests replace its streams.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// usageError is an error in how a command was called: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	os.Exit(run(ctx, e, os.Args[1:]))
}

func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(e.stdout)
		return 0
	}
	name, rest := args[0], args[1:]
	c, ok := commands[name]
	if !ok && len(args) > 1 {
		name, rest = args[0]+" "+args[1], args[2:]
		c, ok = commands[name]
	}
	if !ok {
		fmt.Fprintf(e.stderr, "staffnet: unknown command %q; run \"staffnet help\"\n", strings.Join(args[:min(2, len(args))], " "))
		return 2
	}
	if err := c.run(ctx, e, rest); err != nil {
		var ue usageError
		if errors.As(err, &ue) || errors.Is(err, flag.ErrHelp) {
			if !errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(e.stderr, "staffnet %s: %s\n", name, ue.msg)
			}
			fmt.Fprintf(e.stderr, "usage: staffnet %s %s\n", name, c.usage)
			return 2
		}
		fmt.Fprintf(e.stderr, "staffnet %s: %v\n", name, err)
		return 1
	}
	return 0
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "staffnet: map, assess and support NHS staff networks.\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-20s %s\n", n, commands[n].help)
	}
	fmt.Fprintln(w, "\nThe database is --db, or STAFFNET_DB: a file path or sqlite:PATH (default staffnet.db), or postgres://…")
	fmt.Fprintln(w, "serve listens on --addr, or STAFFNET_ADDR (default "+defaultAddr+").")
}

// flags makes a flag set for a command, with --db.
func flags(name string, e *env) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	db := fs.String("db", "", "database: file path, sqlite:PATH or postgres://… (default $STAFFNET_DB, else staffnet.db)")
	return fs, db
}

// parse parses flags, allowing them before and after positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
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

func openDB(ctx context.Context, e *env, dsn string) (*store.DB, error) {
	if dsn == "" {
		dsn = e.getenv("STAFFNET_DB")
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := db.LoadBuiltins(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
