package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// docs names the document that defines what a verb reads or writes, or
// how it behaves, by the verb's first word or its full name (the full
// name wins). A verb added later gets its group's document.
var docs = map[string]string{
	"responses":         "docs/survey-format.md (the CSV columns)",
	"survey":            "docs/survey-format.md",
	"report":            "docs/report-json.md",
	"demo generate":     "docs/survey-format.md",
	"demo networks":     "docs/networks.md",
	"demo case-studies": "docs/case-studies.md",
	"networks":          "docs/networks.md",
	"wres":              "docs/wres.md (the return's columns and codes)",
	"wres extracts":     "docs/wres-extracts.md",
	"wres report":       "docs/wres-json.md",
	"orgs":              "README.md (Commands: orgs import)",
	"user":              "docs/accounts.md",
	"contacts":          "docs/privacy.md (contact details)",
	"serve":             "README.md (Configuration) and docs/api.md",
	"audit":             "docs/accounts.md",
	"demo wres":         "docs/wres.md",
	"backup":            "docs/operations.md",
	"restore":           "docs/operations.md",
	"retention":         "docs/operations.md (Retention)",
	"config":            "docs/operations.md (Settings)",
	"pay":               "docs/networks.md (Facility time: pay tables)",
	"time":              "docs/networks.md (Facility time)",
}

func docFor(name string) string {
	if d, ok := docs[name]; ok {
		return d
	}
	first, _, _ := strings.Cut(name, " ")
	return docs[first]
}

// wantsHelp reports whether args ask for help: -h, -help or --help before
// any "--".
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help":
			return true
		}
	}
	return false
}

// printHelp lists every verb, one line each.
func printHelp(w io.Writer) {
	fmt.Fprintln(w, "staffnet: map, assess and support NHS staff networks.\n\nusage: staffnet VERB [options] [arguments]\n\nVerbs:")
	for _, c := range verbs() {
		fmt.Fprintf(w, "  %-20s %s\n", c.name, c.help)
	}
	fmt.Fprintln(w, "\nRun \"staffnet help VERB\" (or \"staffnet VERB --help\") for a verb's options and the document that")
	fmt.Fprintln(w, "defines its files. Exit status: 0 done, 1 failed, 2 called wrongly.")
	fmt.Fprintln(w, "\nThe database is --db, or STAFFNET_DB: a file path or sqlite:PATH (default staffnet.db), or postgres://…")
	fmt.Fprintln(w, "serve listens on --addr, or STAFFNET_ADDR (default "+defaultAddr+").")
}

// printVerbHelp writes one verb's usage: the line, what it does and where
// its files are defined.
func printVerbHelp(w io.Writer, c command) {
	fmt.Fprintf(w, "usage: staffnet %s %s\n\n", c.name, c.usage)
	if c.help != "" {
		fmt.Fprintf(w, "%s%s.\n", strings.ToUpper(c.help[:1]), c.help[1:])
	}
	if d := docFor(c.name); d != "" {
		fmt.Fprintf(w, "Documentation: %s.\n", d)
	}
	if strings.Contains(c.usage, "--db") {
		fmt.Fprintln(w, "\n--db DSN is the database: a file path or sqlite:PATH (default $STAFFNET_DB, else staffnet.db), or postgres://…")
	}
}

// helpCommand is "staffnet help [VERB]".
func helpCommand(e *env, args []string) int {
	if len(args) == 0 {
		printHelp(e.stdout)
		return 0
	}
	name := strings.Join(args, " ")
	if c, ok := lookup(name); ok {
		printVerbHelp(e.stdout, c)
		return 0
	}
	// A group ("staffnet help user"): each of its verbs.
	shown := 0
	for _, c := range verbs() {
		if strings.HasPrefix(c.name, name+" ") {
			if shown > 0 {
				fmt.Fprintln(e.stdout)
			}
			printVerbHelp(e.stdout, c)
			shown++
		}
	}
	if shown == 0 {
		fmt.Fprintf(e.stderr, "staffnet help: unknown verb %q; run \"staffnet help\" for the list\n", name)
		return 2
	}
	return 0
}

// terminal reports whether f is a terminal (a character device), so that
// progress is shown to a person watching but never written into a file
// or a pipe.
func terminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progress shows a long run's count on one line of standard error,
// rewritten in place, when standard error is a terminal. It writes at
// most a few times a second, and always the last count.
type progress struct {
	w     io.Writer // nil: show nothing
	what  string    // "exporting responses"
	total int       // 0 when unknown
	last  time.Time
	shown bool
	noted string // the last note, shown once
}

func (e *env) progress(what string, total int) *progress {
	if !e.tty {
		return &progress{}
	}
	return &progress{w: e.stderr, what: what, total: total}
}

// update shows n done; final forces it out whatever the time.
func (p *progress) update(n int, final bool) {
	if p.w == nil {
		return
	}
	now := time.Now()
	if !final && p.shown && now.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.shown = now, true
	if p.total > 0 {
		fmt.Fprintf(p.w, "\r\033[K%s: %s of %s (%d%%)", p.what, commas(n), commas(p.total), n*100/p.total)
	} else {
		fmt.Fprintf(p.w, "\r\033[K%s: %s", p.what, commas(n))
	}
}

// note replaces the line with a phase that has no count ("writing the
// workbook").
func (p *progress) note(s string) {
	if p.w != nil && s != p.noted {
		p.shown, p.noted = true, s
		fmt.Fprintf(p.w, "\r\033[K%s: %s", p.what, s)
	}
}

// done clears the line, so that the summary or error that follows starts
// clean. A second call does nothing.
func (p *progress) done() {
	if p.w != nil && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

func commas(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && s[0] != '-' && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
