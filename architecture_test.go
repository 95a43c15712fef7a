package staffnet_test

// The layering the README promises, checked: domain packages never reach
// HTTP, a database driver or a file format, directly or through another
// staffnet package. Imports are read from the source, so the check needs
// no build.

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// domain are the packages of rules and figures.
var domain = []string{
	"survey", "report", "wres", "network", "members", "auth", "orgs", "pay",
	"facility", "freetext", "budget", "benefit", "consult", "cases", "maturity", "demo",
}

// formats are the staffnet packages that read or write files, serve HTTP
// or store data. members renders a message's Markdown through
// internal/markdown, which is allowed.
var formats = []string{
	"store", "web", "csvsafe", "wresio", "responses", "sheet", "chart", "ical", "outbox",
	"report/render", "wres/render", "pay/payfile", "orgs/odsfile", "freetext/codebookcsv",
}

// forbidden are the standard and outside imports that mean I/O of that kind.
var forbidden = []string{
	"net/http", "database/sql", "encoding/csv", "encoding/xml", "html/template",
	"github.com/xuri/excelize/v2", "github.com/jackc/pgx/v5", "modernc.org/sqlite",
}

// imports maps each package under internal/ (by its path there) to what its
// non-test files import.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("internal", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(strings.TrimPrefix(filepath.Dir(path), "internal"+string(filepath.Separator)))
		for _, s := range f.Imports {
			p, _ := strconv.Unquote(s.Path.Value)
			out[pkg] = append(out[pkg], p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDomainPackagesStayPure(t *testing.T) {
	all := imports(t)
	for _, d := range domain {
		if _, ok := all[d]; !ok {
			t.Errorf("no package internal/%s: the list here is out of date", d)
			continue
		}
		// Every staffnet package d reaches, with the path it takes.
		via := map[string]string{d: d}
		queue := []string{d}
		reported := map[string]bool{}
		report := func(what, how string) {
			if !reported[what] {
				reported[what] = true
				t.Errorf("%s imports %s (%s)", d, what, how)
			}
		}
		for len(queue) > 0 {
			p := queue[0]
			queue = queue[1:]
			for _, imp := range all[p] {
				if slices.Contains(forbidden, imp) {
					report(imp, via[p])
				}
				sub, ok := strings.CutPrefix(imp, "staffnet/internal/")
				if !ok {
					continue
				}
				if slices.Contains(formats, sub) {
					report(imp, via[p])
				}
				if _, seen := via[sub]; !seen {
					via[sub] = via[p] + " → " + sub
					queue = append(queue, sub)
				}
			}
		}
	}
}
