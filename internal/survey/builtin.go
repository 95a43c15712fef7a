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

// MappingSlug is the slug of the built-in 2016 mapping survey.
const MappingSlug = "bme-network-mapping-2016"
