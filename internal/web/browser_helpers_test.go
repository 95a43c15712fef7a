package web_test

// Helpers for the real-browser tests in browser_test.go: a headless
// Chromium driven by chromedp, axe-core for accessibility checks and a
// recording wrapper around the server.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/survey"
	"staffnet/internal/web"
)

// browserRequired reports whether a missing browser or axe-core fails the
// browser tests instead of skipping them. CI sets it, so the suite cannot
// pass there by silently skipping.
func browserRequired() bool { return os.Getenv("STAFFNET_REQUIRE_BROWSER") == "1" }

func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	if browserRequired() {
		t.Fatalf(format+" (STAFFNET_REQUIRE_BROWSER=1)", args...)
	}
	t.Skipf(format+" (set STAFFNET_REQUIRE_BROWSER=1 to fail instead)", args...)
}

var axe struct {
	once sync.Once
	js   string
	err  error
}

// axeSource returns axe-core, which `npm ci` installs at the repository
// root; tests run in internal/web.
func axeSource(t *testing.T) string {
	t.Helper()
	axe.once.Do(func() {
		b, err := os.ReadFile(filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js"))
		axe.js, axe.err = string(b), err
	})
	if axe.err != nil {
		skipOrFail(t, "axe-core is not installed; run npm ci at the repository root: %v", axe.err)
	}
	return axe.js
}

// chromium is the one headless Chromium of the test process, started by
// the first browser test: starting Chromium, and the processes it keeps
// running, cost each test that started its own a few CPU-seconds.
// Tests stay apart all the same, as each tab has its own browser context
// (newTab). TestMain (browser_main_test.go) stops it at the end.
var chromium struct {
	once  sync.Once
	ctx   context.Context
	err   error
	stop  func()
	blank string // URL of the page each tab opens at (newTab)
}

func startSharedBrowser(path string) {
	dir, err := os.MkdirTemp("", "staffnet-chromium-")
	if err != nil {
		chromium.err = err
		return
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// In the desktop chromium (where the headless shell is missing)
		// every tab has a browser context and so a window of its own, and
		// each window would load the omnibox's two WebUI popups, each in a
		// renderer of its own; Chromium would also keep a spare renderer
		// warm. Tests use neither, and they cost more CPU than the pages.
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,WebUIOmniboxPopup,WebUIOmniboxAimPopup,SpareRendererForSitePerProcess"),
		// Tests stay off the internet: the NHS.UK stylesheet loads its
		// fonts from assets.nhs.uk, and an unreachable host would hold up
		// each page's load event for seconds. Fonts fall back to Arial.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		// V8 compiles and collects garbage on the page's own thread, not
		// on helper threads: pages here run scripts for milliseconds, and
		// the helpers' memory traffic cost about a tenth of the tests' CPU.
		chromedp.Flag("js-flags", "--single-threaded"),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 1000),
	)
	blank := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<!doctype html><title>New tab</title>")
	}))
	chromium.blank = blank.URL
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// cancelAlloc waits for the browser to exit, so its profile can go.
	chromium.stop = func() {
		cancelCtx()
		cancelAlloc()
		os.RemoveAll(dir)
		blank.Close()
	}
	if err := chromedp.Do(ctx); err != nil {
		chromium.err = fmt.Errorf("start Chromium %s: %w", path, err)
		return
	}
	chromium.ctx = ctx
}

// chromiumPath finds the browser: Chromium's headless shell if installed
// (Debian's chromium-headless-shell, which .ci/run installs), else
// Chromium itself. The shell renders pages with the same engine but
// without the desktop browser's windows and services, and the browser
// tests cost about a quarter less CPU in it.
func chromiumPath() (string, error) {
	if p, err := exec.LookPath("chromium-headless-shell"); err == nil {
		return p, nil
	}
	return exec.LookPath("chromium")
}

// stopSharedBrowser stops the shared Chromium, if a test started it.
func stopSharedBrowser() {
	if chromium.stop != nil {
		chromium.stop()
	}
}

// startBrowser returns a chromedp context for the shared Chromium,
// starting it if no test has. Everything the test opens in it lives under
// one deadline, so that a hung page fails the test rather than the test
// binary's timeout; each step has its own shorter one (see run).
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	axeSource(t)
	path, err := chromiumPath()
	if err != nil {
		skipOrFail(t, "Chromium is not installed: %v", err)
	}
	chromium.once.Do(func() { startSharedBrowser(path) })
	if chromium.err != nil {
		t.Fatal(chromium.err)
	}
	ctx, cancel := context.WithTimeout(chromium.ctx, 5*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// parallelBrowser is startBrowser for a test that runs in parallel with
// the others: each browser test has its own database and server, and they
// mostly wait.
func parallelBrowser(t *testing.T) context.Context {
	t.Helper()
	t.Parallel()
	return startBrowser(t)
}

// tab is one browser tab pointed at a test server.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// newTab opens a tab in a fresh browser context, like a private window, so
// that tests share no cookies or cache. The tab opens at a blank page on
// 127.0.0.1, the site of every test server, rather than at about:blank:
// Chromium would give about:blank a renderer process and start another
// for the first page of a test server, one more process per tab.
func newTab(t *testing.T, browser context.Context, base string) *tab {
	t.Helper()
	yes := true
	bc, err := chromedp.CallBrowser(browser, target.CreateBrowserContext, target.CreateBrowserContextParams{})
	if err != nil {
		t.Fatalf("new browser context: %v", err)
	}
	t.Cleanup(func() {
		// After the tab's cancel, registered below, has closed the tab.
		if _, err := chromedp.CallBrowser(chromium.ctx, target.DisposeBrowserContext, target.DisposeBrowserContextParams{BrowserContextID: bc.BrowserContextID}); err != nil {
			t.Errorf("dispose of the browser context: %v", err)
		}
	})
	tg, err := chromedp.CallBrowser(browser, target.CreateTarget, target.CreateTargetParams{URL: chromium.blank, BrowserContextID: bc.BrowserContextID, NewWindow: &yes})
	if err != nil {
		t.Fatalf("open tab: %v", err)
	}
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithTargetID(tg.TargetID))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	// Tabs of other tests open windows in the same browser, and the
	// newest window takes the focus; each page behaves as if focused, so
	// that autofocus, focus() and key presses work as in a browser of its
	// own.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("emulate focus: %v", err)
	}
	return &tab{t: t, ctx: ctx, base: base}
}

const stepTimeout = 20 * time.Second

func run[T any](b *tab, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	return v
}

func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	run(b, chromedp.Steps(steps...))
}

// js evaluates a JavaScript expression in the page.
func js[T any](b *tab, expr string) T {
	b.t.Helper()
	return run(b, chromedp.Evaluate[T](expr))
}

// open loads a path and returns the HTTP status of the document.
func (b *tab) open(path string) int {
	b.t.Helper()
	return int(run(b, chromedp.NavigateResponse(b.base+path)).Status)
}

// follow clicks what sel selects, waits for the page that loads as a
// result and returns its HTTP status.
func (b *tab) follow(sel string) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
	return int(res.Status)
}

// click clicks what sel selects, without waiting for a page load.
func (b *tab) click(sel string) {
	b.t.Helper()
	b.do(chromedp.Click(chromedp.CSS(sel)))
}

// choose clicks the visible label of the radio or checkbox with this name
// and value, as a person would.
func (b *tab) choose(name, value string) {
	b.t.Helper()
	b.click(fmt.Sprintf(`input[name=%q][value=%q] + label`, name, value))
}

func (b *tab) checked(name, value string) bool {
	b.t.Helper()
	return js[bool](b, fmt.Sprintf(`document.querySelector('input[name=%q][value=%q]').checked`, name, value))
}

func (b *tab) typeInto(sel, text string) {
	b.t.Helper()
	b.do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

func (b *tab) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(run(b, chromedp.Text(chromedp.CSS(sel))))
}

func (b *tab) location() string {
	b.t.Helper()
	return strings.TrimPrefix(run(b, chromedp.Location()), b.base)
}

// expect fails the test unless the page has the status and h1 given.
func (b *tab) expect(status, wantStatus int, wantH1 string) {
	b.t.Helper()
	// Read the heading without waiting for it: a page without one fails
	// here, not at the step timeout.
	h1 := strings.TrimSpace(js[string](b, `document.querySelector('h1')?.textContent ?? '(no h1) ' + document.body.innerText.slice(0, 80)`))
	if status != wantStatus || h1 != wantH1 {
		b.t.Fatalf("at %s: got %d %q, want %d %q", b.location(), status, h1, wantStatus, wantH1)
	}
}

// screenshot saves the page when STAFFNET_SCREENSHOTS names a directory,
// for a person to look at; tests never compare images.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	dir := os.Getenv("STAFFNET_SCREENSHOTS")
	if dir == "" {
		return
	}
	img := run(b, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), img, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// axeCheck runs axe-core on the page against WCAG 2.2 AA and fails on any
// serious or critical violation; lesser ones are logged.
func (b *tab) axeCheck(what string) {
	b.t.Helper()
	for _, v := range b.axeViolations(what) {
		msg := fmt.Sprintf("axe on %s (%s): %s [%s] %s\n\t%s", what, b.location(), v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n\t"))
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Error(msg)
		} else {
			b.t.Log(msg)
		}
	}
}

// axeViolations runs axe-core on the page against WCAG 2.2 AA and returns
// what it found. Runtime.evaluate runs outside the page's
// Content-Security-Policy, so the page's script-src 'self' does not stop
// the injection.
func (b *tab) axeViolations(what string) []axeViolation {
	b.t.Helper()
	if !js[bool](b, `typeof window.axe === "object"`) {
		b.do(chromedp.Evaluate[chromedp.Void](axeSource(b.t)))
	}
	raw := run(b, chromedp.Evaluate[[]byte](`axe.run(document, {
		runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
		resultTypes: ['violations'],
	}).then(r => r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help,
		nodes: v.nodes.map(n => JSON.stringify(n.target) + ': ' + n.failureSummary),
	})))`, chromedp.EvalAwaitPromise))
	var vs []axeViolation
	if err := json.Unmarshal(raw, &vs); err != nil {
		b.t.Fatalf("axe on %s: %v", what, err)
	}
	return vs
}

// recorder wraps the server and remembers what the browser sent and what
// the server set, so that tests can check the browser really sent the
// probe user agent and that no response set a cookie.
type recorder struct {
	next http.Handler
	srv  *web.Server

	mu         sync.Mutex
	agents     map[string]bool
	addrs      map[string]bool
	setCookies []string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.next.ServeHTTP(w, r)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.agents[r.UserAgent()] = true
	rec.addrs[r.RemoteAddr] = true
	for _, c := range w.Header().Values("Set-Cookie") {
		rec.setCookies = append(rec.setCookies, r.Method+" "+r.URL.Path+": "+c)
	}
}

// browserServer serves the web app for db over HTTP on 127.0.0.1.
func browserServer(t *testing.T, db *store.DB) (*httptest.Server, *recorder) {
	t.Helper()
	srv := newServer(t, db, web.Config{ContactKey: sharedKey(t)}, io.Discard)
	rec := &recorder{next: srv.Handler(), srv: srv, agents: map[string]bool{}, addrs: map[string]bool{}}
	ts := httptest.NewServer(rec)
	t.Cleanup(ts.Close)
	return ts, rec
}

// storedAnswers returns each stored response of the mapping survey as
// its CSV row, column name to cell.
func storedAnswers(t *testing.T, db *store.DB) []map[string]string {
	t.Helper()
	ctx := context.Background()
	sv, err := db.Survey(ctx, survey.MappingSlug)
	if err != nil {
		t.Fatal(err)
	}
	header := sv.Def.Header()
	var out []map[string]string
	err = db.EachResponse(ctx, sv, func(r *survey.Response) error {
		row := sv.Def.Row(nil, r)
		m := map[string]string{}
		for i, h := range header {
			m[h] = row[i]
		}
		out = append(out, m)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameAnswers compares a stored row with the answers wanted; a column not
// in want must be empty.
func sameAnswers(t *testing.T, route string, got, want map[string]string) {
	t.Helper()
	for col, v := range got {
		if col == survey.ColID || col == survey.ColDate {
			continue
		}
		if v != want[col] {
			t.Errorf("%s route: stored %s = %q, want %q", route, col, v, want[col])
		}
	}
	for col := range want {
		if _, ok := got[col]; !ok {
			t.Errorf("%s route: no column %s", route, col)
		}
	}
}

// demoDirectory stores three organisations in each region and the demo
// networks (seed 5) over them, so the public directory and map have
// something in every region; it returns the networks as stored.
func demoDirectory(t *testing.T, db *store.DB) []network.DemoNetwork {
	t.Helper()
	return demoNetworks(t, db, 3)
}

// demoNetworks stores perRegion organisations in each region, coded
// R<region index><number>, and the demo networks (seed 5) over them.
func demoNetworks(t testing.TB, db *store.DB, perRegion int) []network.DemoNetwork {
	t.Helper()
	ctx := context.Background()
	var list []orgs.Organisation
	var refs []network.OrgRef
	for i, r := range orgs.RegionCodes {
		for j := range perRegion {
			o := orgs.Organisation{Code: fmt.Sprintf("R%d%d", i, j), Name: fmt.Sprintf("Demo Place %d-%d NHS Trust", i, j), Region: r, Type: "NHS trust"}
			list = append(list, o)
			refs = append(refs, network.OrgRef{Code: o.Code, Name: o.Name, Region: o.Region})
		}
	}
	if _, _, err := db.UpsertOrganisations(ctx, list); err != nil {
		t.Fatal(err)
	}
	demo := network.Demo(5, refs)
	for i := range demo {
		if err := db.AddDemoNetwork(ctx, &demo[i]); err != nil {
			t.Fatal(err)
		}
	}
	return demo
}
