package web

import (
	"io/fs"
	"testing/fstest"

	"staffnet/internal/chart"
)

// withChartCSS is the static tree with internal/chart's style sheet added
// as css/chart.css: the chart partial's rules have one home, which the
// standalone reports carry inline and the web pages load from here.
func withChartCSS(static fs.FS) fs.FS {
	m := fstest.MapFS{"css/chart.css": {Data: chart.CSS, Mode: 0o444}}
	err := fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(static, p)
		m[p] = &fstest.MapFile{Data: b, Mode: 0o444}
		return err
	})
	if err != nil {
		panic(err) // the embedded tree is readable
	}
	return m
}
