package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// faultyPage breaks WCAG 2.2 AA in ways axe-core must report: pale grey
// text on white, an image with no text alternative, a text box with no
// label, a button with no name and a link target 12 px square.
const faultyPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Faults</title></head>
<body><main><h1>Faults</h1>
<p style="color:#ccc;background:#fff">Pale grey text on white.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<input type="text" name="q">
<button type="button"></button>
<p><a href="#a" style="display:inline-block;width:12px;height:12px;overflow:hidden;font-size:8px">a</a> <a href="#b" style="display:inline-block;width:12px;height:12px;overflow:hidden;font-size:8px">b</a></p>
</main></body></html>`

// TestAxeFindsFaults checks the checker: every page test trusts that
// axeCheck would fail on a fault, so a page with known faults must come
// back with each of them.
func TestAxeFindsFaults(t *testing.T) {
	browser := parallelBrowser(t)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, faultyPage)
	}))
	t.Cleanup(ts.Close)
	b := newTab(t, browser, ts.URL)
	b.open("/")
	found := map[string]string{}
	for _, v := range b.axeViolations("the faulty page") {
		found[v.ID] = v.Impact
	}
	for _, id := range []string{"color-contrast", "image-alt", "label", "button-name", "target-size"} {
		if _, ok := found[id]; !ok {
			t.Errorf("axe-core did not report %s; it found %v", id, found)
		}
	}
	// What axeCheck fails on: the contrast and the missing names are
	// serious or critical, not merely logged.
	for _, id := range []string{"color-contrast", "image-alt", "label", "button-name"} {
		if imp := found[id]; imp != "serious" && imp != "critical" {
			t.Errorf("%s has impact %q, which axeCheck would only log", id, imp)
		}
	}
}
