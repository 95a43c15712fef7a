package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"sync"
	"time"
)

// Static files are served at URLs that carry a hash of every embedded
// static byte, /static/VERSION/PATH, so a browser may keep them for a year
// without asking again: a release that changes any of them changes VERSION
// and so every URL. Templates name them with the asset function.
//
// One version for the whole tree, not one per file, because the files
// refer to each other: js/init.js imports ../assets/nhsuk-frontend.min.js,
// which resolves inside the same version.
//
// The plain paths (/assets/…, /css/…, /js/…) are still served, because the
// NHS.UK stylesheet names its icons as /assets/images/…; those answers are
// revalidated on every use (an ETag makes that a 304), never kept blindly.

// assetTree is the embedded static tree, its version and each file's ETag.
type assetTree struct {
	fs      fs.FS
	version string
	etags   map[string]string // path (no leading slash) → quoted ETag
}

var staticAssets = sync.OnceValue(func() *assetTree {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	t, err := hashAssets(withChartCSS(sub))
	if err != nil {
		panic(err)
	}
	return t
})

// hashAssets reads every file of fsys once: VERSION is the first 16 hex
// digits of a SHA-256 over each path and its content, in walk order
// (lexical, so the same bytes give the same version on every start).
func hashAssets(fsys fs.FS) (*assetTree, error) {
	t := &assetTree{fs: fsys, etags: map[string]string{}}
	all := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		one := sha256.Sum256(b)
		t.etags[p] = `"` + hex.EncodeToString(one[:8]) + `"`
		fmt.Fprintf(all, "%s\x00%d\x00", p, len(b))
		all.Write(b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	t.version = hex.EncodeToString(all.Sum(nil)[:8])
	return t, nil
}

// url is the versioned URL of a static file named by its plain path, like
// "/css/staffnet.css"; naming a file that does not exist is an error, so a
// template with a typo fails to render rather than linking nowhere.
func (t *assetTree) url(name string) (string, error) {
	p := path.Clean("/" + name)[1:]
	if _, ok := t.etags[p]; !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return "/static/" + t.version + "/" + p, nil
}

// serveVersioned answers /static/{version}/{path...}. The current version
// is immutable. Another version (a page from the previous release, during
// a deploy) still gets today's file rather than an unstyled page, but only
// revalidated: those bytes do not belong to that URL.
func (t *assetTree) serveVersioned(w http.ResponseWriter, r *http.Request) {
	cache := "no-cache"
	if r.PathValue("version") == t.version {
		cache = "public, max-age=31536000, immutable"
	}
	t.serve(w, r, r.PathValue("path"), cache)
}

// servePlain answers the plain paths, revalidated on every use.
func (t *assetTree) servePlain(w http.ResponseWriter, r *http.Request) {
	t.serve(w, r, r.URL.Path, "no-cache")
}

func (t *assetTree) serve(w http.ResponseWriter, r *http.Request, name, cache string) {
	p := path.Clean("/" + name)[1:]
	etag, ok := t.etags[p] // files only: no directory listings
	if !ok {
		http.NotFound(w, r)
		return
	}
	f, err := t.fs.Open(p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	rs, ok := f.(io.ReadSeeker) // embedded files are
	if !ok {
		http.Error(w, "Sorry, something went wrong.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", cache)
	h.Set("ETag", etag)
	http.ServeContent(w, r, p, time.Time{}, rs)
}
