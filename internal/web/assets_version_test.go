package web

import (
	"testing"
	"testing/fstest"
)

// The version changes when any byte or name of the tree changes, and
// only then.
func TestAssetVersion(t *testing.T) {
	t.Parallel()
	tree := func(css, js string) fstest.MapFS {
		return fstest.MapFS{"css/a.css": {Data: []byte(css)}, "js/b.js": {Data: []byte(js)}}
	}
	version := func(fsys fstest.MapFS) string {
		a, err := hashAssets(fsys)
		if err != nil {
			t.Fatal(err)
		}
		return a.version
	}
	v := version(tree("body{}", "x()"))
	if len(v) != 16 || v != version(tree("body{}", "x()")) {
		t.Fatalf("version %q is not stable", v)
	}
	renamed := fstest.MapFS{"css/a.css": {Data: []byte("body{}")}, "js/c.js": {Data: []byte("x()")}}
	for name, other := range map[string]fstest.MapFS{"css": tree("body{ }", "x()"), "js": tree("body{}", "y()"), "name": renamed} {
		if version(other) == v {
			t.Errorf("a change of %s keeps version %s", name, v)
		}
	}
	a, _ := hashAssets(tree("body{}", "x()"))
	if u, err := a.url("/css/a.css"); err != nil || u != "/static/"+v+"/css/a.css" {
		t.Errorf("url = %q, %v", u, err)
	}
	if _, err := a.url("/css/missing.css"); err == nil {
		t.Error("a missing file has a URL")
	}
}
