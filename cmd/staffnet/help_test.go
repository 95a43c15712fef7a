package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestHelpExitCodes(t *testing.T) {
	t.Parallel()
	// Nothing to do is a wrong call: the list goes to standard error.
	code, out, errOut := cli(t, "")
	if code != 2 || out != "" || !strings.Contains(errOut, "Verbs:") {
		t.Errorf("no arguments: exit %d, stdout %q, stderr %.40q", code, out, errOut)
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, out, errOut := cli(t, "", args...)
		if code != 0 || errOut != "" || !strings.Contains(out, "Verbs:") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
		for _, c := range verbs() {
			if !strings.Contains(out, "\n  "+c.name+" ") {
				t.Errorf("%v does not list %s", args, c.name)
			}
		}
	}
	if code, _, errOut := cli(t, "", "help", "no", "such"); code != 2 || !strings.Contains(errOut, `unknown verb "no such"`) {
		t.Errorf("help for an unknown verb: exit %d, %q", code, errOut)
	}
	// A group lists each of its verbs.
	if code, out, _ := cli(t, "", "help", "survey"); code != 0 || strings.Count(out, "usage: staffnet survey ") != 4 {
		t.Errorf("help survey: exit %d\n%s", code, out)
	}
}

var docRE = regexp.MustCompile(`Documentation: ((?:docs/)?[a-zA-Z-]+\.md)`)

// TestHelpPerVerb asks every verb for help both ways: one usage line on
// standard output, exit 0, and a document that exists.
func TestHelpPerVerb(t *testing.T) {
	t.Parallel()
	for _, c := range verbs() {
		name := c.name
		verb := strings.Fields(name)
		code, out, errOut := cli(t, "", append(verb, "--help")...)
		if code != 0 || errOut != "" {
			t.Errorf("%s --help: exit %d, stderr %q", name, code, errOut)
		}
		if !strings.HasPrefix(out, "usage: staffnet "+name+" "+c.usage+"\n") || strings.Count(out, "usage:") != 1 {
			t.Errorf("%s --help:\n%s", name, out)
		}
		if strings.Contains(out, "-db string") || strings.Contains(out, "Usage of") {
			t.Errorf("%s --help prints the flag package's dump:\n%s", name, out)
		}
		m := docRE.FindStringSubmatch(out)
		if m == nil {
			t.Errorf("%s --help names no document:\n%s", name, out)
		} else if _, err := os.Stat(filepath.Join("..", "..", m[1])); err != nil {
			t.Errorf("%s --help names %s: %v", name, m[1], err)
		}
		if _, same, _ := cli(t, "", append([]string{"help"}, verb...)...); same != out {
			t.Errorf("help %s differs from %s --help:\n%s", name, name, same)
		}
		// -h after other arguments asks for help too, and runs nothing.
		if code, out2, _ := cli(t, "", append(verb, "--db", filepath.Join(t.TempDir(), "x.db"), "-h")...); code != 0 || out2 != out {
			t.Errorf("%s --db … -h: exit %d", name, code)
		}
	}
}

// TestVerbTable: the table that help lists in its order is sorted by
// name, names each verb once, and gives each one something to run.
func TestVerbTable(t *testing.T) {
	t.Parallel()
	vs := verbs()
	for i, c := range vs {
		if c.run == nil || c.help == "" {
			t.Errorf("%q has no run or no help", c.name)
		}
		if i > 0 && vs[i-1].name >= c.name {
			t.Errorf("%q comes after %q: keep the table sorted, once each", c.name, vs[i-1].name)
		}
	}
}

func TestWrongFlagOneUsage(t *testing.T) {
	t.Parallel()
	code, out, errOut := cli(t, "", "survey", "list", "--bogus")
	if code != 2 || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
	if !strings.Contains(errOut, "staffnet survey list: flag provided but not defined: -bogus\n") ||
		strings.Count(errOut, "usage:") != 1 || strings.Contains(errOut, "-db string") {
		t.Errorf("stderr:\n%s", errOut)
	}
}

// TestProgressOnlyOnTerminal exports with standard error as a terminal
// and as a pipe: only the terminal gets the count, and the line is
// cleared before the summary.
func TestProgressOnlyOnTerminal(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "p.db")
	if code, _, errOut := cli(t, "", "demo", "generate", "--db", dsn, "--survey", slug, "--responses", "3"); code != 0 {
		t.Fatalf("demo generate: %s", errOut)
	}
	export := func(tty bool, format string) string {
		var out, errb bytes.Buffer
		e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }, tty: tty}
		if code := run(context.Background(), e, []string{"responses", "export", "--db", dsn, "--survey", slug, "--format", format}); code != 0 {
			t.Fatalf("export: exit %d: %s", code, errb.String())
		}
		return errb.String()
	}
	for format, want := range map[string]string{
		"csv":  "\r\033[Kexporting responses: 3 of 3 (100%)\r\033[Kexported 3 responses\n",
		"xlsx": "\r\033[Kexporting responses: writing the workbook\r\033[Kexported 3 responses\n",
	} {
		if got := export(true, format); got != want {
			t.Errorf("%s on a terminal: %q, want %q", format, got, want)
		}
		if got := export(false, format); got != "exported 3 responses\n" {
			t.Errorf("%s into a pipe: %q", format, got)
		}
	}
	if got := commas(1234567); got != "1,234,567" {
		t.Errorf("commas: %s", got)
	}
}

// TestStrayArgumentRefused: a verb that takes no positional argument
// refuses one rather than ignoring it ("serve 8080" would otherwise serve
// on the default address), before it opens or creates a database.
func TestStrayArgumentRefused(t *testing.T) {
	t.Parallel()
	for _, argv := range [][]string{
		// An address that cannot be listened on, so that a serve that
		// ignored its stray argument would fail at once, not serve.
		{"serve", "8080", "--addr", "127.0.0.1:bad"},
		{"survey", "list", "stray"},
		{"contacts", "list", "stray"},
		{"contacts", "delete", "--email", "a@example.nhs.uk", "stray"},
		{"demo", "generate", "--survey", "s", "--responses", "10", "stray"},
		{"user", "add", "--email", "a@example.nhs.uk", "--role", "admin", "stray"},
		{"orgs", "list", "stray"},
		{"wres", "extracts", "stray"},
	} {
		dsn := filepath.Join(t.TempDir(), "never.db")
		code, out, errOut := cli(t, "", append(argv, "--db", dsn)...)
		if code != 2 || out != "" || !strings.Contains(errOut, "unexpected argument ") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", argv, code, out, errOut)
		}
		if _, err := os.Stat(dsn); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%q: the database was opened (%v)", argv, err)
		}
	}
}
