package survey

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

//go:embed builtin/*.json
var builtinFS embed.FS

// Builtin returns the definitions that ship with staffnet, by slug order.
func Builtin() ([]*Definition, error) {
	names, err := fs.Glob(builtinFS, "builtin/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var defs []*Definition
	for _, n := range names {
		b, err := builtinFS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		d, err := Parse(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		defs = append(defs, d)
	}
	return defs, nil
}

// MustBuiltin returns the built-in definition with this slug. The
// definitions are embedded in the binary and every test run loads them,
// so a missing or broken one is a programming error: it panics, as
// template.Must does.
func MustBuiltin(slug string) *Definition {
	defs, err := Builtin()
	if err != nil {
		panic(err)
	}
	for _, d := range defs {
		if d.Slug == slug {
			return d
		}
	}
	panic("survey: no built-in survey " + slug)
}

// MappingSlug is the slug of the built-in 2016 mapping survey.
const MappingSlug = "bme-network-mapping-2016"
