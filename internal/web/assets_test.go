package web_test

import (
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"staffnet/internal/store/storetest"
)

var stylesheetRE = regexp.MustCompile(`<link rel="stylesheet" href="(/static/([0-9a-f]{16})/assets/nhsuk-frontend\.min\.css)">`)

// Pages link their assets at versioned URLs that a browser may keep for a
// year; other versions and the plain paths are served but revalidated.
func TestVersionedAssets(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	_, page := a.get("/s/" + slug)
	m := stylesheetRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no versioned NHS.UK stylesheet link in:\n%s", page[:min(len(page), 800)])
	}
	href, version := m[1], m[2]
	hasAll(t, "survey page", page, []string{
		`href="/static/` + version + `/css/staffnet.css"`,
		`src="/static/` + version + `/js/init.js"`,
		`href="/static/` + version + `/assets/images/favicon.svg"`,
	}, nil)
	want, err := os.ReadFile("static/assets/nhsuk-frontend.min.css")
	if err != nil {
		t.Fatal(err)
	}

	res, body := a.get(href)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") || body != string(want) {
		t.Fatalf("%s: %d %s, %d bytes", href, res.StatusCode, res.Header.Get("Content-Type"), len(body))
	}
	if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("%s: Cache-Control %q", href, cc)
	}

	// A page of the previous release still gets styled, but that URL's
	// bytes are today's, so it is not kept.
	old := strings.Replace(href, version, "0123456789abcdef", 1)
	res, body = a.get(old)
	if res.StatusCode != 200 || body != string(want) || res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("%s: %d, Cache-Control %q", old, res.StatusCode, res.Header.Get("Cache-Control"))
	}

	// The plain path (the stylesheet's own icons use them) revalidates:
	// a second request with the ETag is a 304 with no body.
	res, body = a.get("/assets/nhsuk-frontend.min.css")
	etag := res.Header.Get("ETag")
	if res.StatusCode != 200 || body != string(want) || res.Header.Get("Cache-Control") != "no-cache" || etag == "" {
		t.Fatalf("plain stylesheet: %d, Cache-Control %q, ETag %q", res.StatusCode, res.Header.Get("Cache-Control"), etag)
	}
	req, _ := http.NewRequest("GET", a.srv.URL+"/assets/nhsuk-frontend.min.css", nil)
	req.Header.Set("If-None-Match", etag)
	if res, body := a.do(req); res.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("revalidation: %d, %d bytes", res.StatusCode, len(body))
	}
	if res, _ := a.get("/assets/images/nhsuk-icon-cross.svg"); res.StatusCode != 200 {
		t.Errorf("icon the stylesheet names: %d", res.StatusCode)
	}

	for _, p := range []string{
		"/static/" + version + "/assets/no-such.css",
		"/static/" + version + "/assets/", // no directory listings
		"/static/" + version + "/",
		"/assets/images/",
	} {
		if res, _ := a.get(p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
}
