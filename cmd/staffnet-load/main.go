// Command staffnet-load measures completed survey responses per second
// against a running `staffnet serve`. Each simulated respondent behaves as
// a browser with JavaScript off would: it loads the start page, posts the
// start form, reads every page it is shown, answers the questions on it
// from the radios, checkboxes and text areas the page contains, posts the
// form with every field the page holds (hidden ones included), submits
// the check-your-answers page, follows the redirect and loads the
// confirmation page. No cookie is involved: the survey keeps its state in
// the forms.
//
//	staffnet-load -url http://127.0.0.1:8080 -c 64 -d 30s
//
// With -db it then counts the responses stored in that SQLite file (or
// PostgreSQL database) and fails unless it equals the number of completed
// walks (warm-up and the walks finishing after the measured window
// included): nothing lost, nothing stored twice. Use a fresh database, or
// -expect-base for responses stored before the run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"staffnet/internal/store"
	"staffnet/internal/survey"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "staffnet-load:", err)
		os.Exit(1)
	}
}

type config struct {
	base        string
	slug        string
	conc        int
	dur         time.Duration
	warmup      time.Duration
	db          string
	expectBase  int
	p99Target   time.Duration
	rateTarget  float64
	maxWalkTime time.Duration
	serverPID   int
}

func run(args []string) error {
	var c config
	fs := flag.NewFlagSet("staffnet-load", flag.ContinueOnError)
	fs.StringVar(&c.base, "url", "http://127.0.0.1:8080", "base URL of a running staffnet serve")
	fs.StringVar(&c.slug, "survey", survey.MappingSlug, "survey slug")
	fs.IntVar(&c.conc, "c", 64, "concurrent respondents (each walks one survey at a time)")
	fs.DurationVar(&c.dur, "d", 30*time.Second, "how long to measure")
	fs.DurationVar(&c.warmup, "warmup", 3*time.Second, "load before measuring starts (not counted in rates or latencies)")
	fs.StringVar(&c.db, "db", "", "after the run, count stored responses in this database and compare with completed walks")
	fs.IntVar(&c.expectBase, "expect-base", 0, "responses already stored before the run (with -db)")
	fs.DurationVar(&c.p99Target, "p99", 50*time.Millisecond, "p99 page latency target (report only)")
	fs.Float64Var(&c.rateTarget, "target", 500, "completed responses per second target (report only)")
	fs.DurationVar(&c.maxWalkTime, "timeout", 30*time.Second, "per-request timeout")
	fs.IntVar(&c.serverPID, "server-pid", 0, "process id of serve (Linux): also report its CPU time per completed response")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c.base = strings.TrimSuffix(c.base, "/")

	tr := &http.Transport{MaxIdleConns: c.conc * 2, MaxIdleConnsPerHost: c.conc * 2, IdleConnTimeout: time.Minute}
	client := &http.Client{Transport: tr, Timeout: c.maxWalkTime,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// Workers stop between walks, never inside one: a walk cut off after
	// its submit reached the server would be stored but not counted.
	ctx := context.Background()
	var stop, measuring atomic.Bool
	var allDone atomic.Int64 // walks completed, warm-up included: for -db
	stats := make([]*workerStats, c.conc)
	var wg sync.WaitGroup
	for i := range c.conc {
		st := &workerStats{}
		stats[i] = st
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &walker{cfg: &c, client: client, rng: rand.New(rand.NewPCG(uint64(i), uint64(time.Now().UnixNano())))}
			for !stop.Load() {
				var lat []time.Duration
				err := w.walk(ctx, &lat)
				if err != nil {
					if measuring.Load() {
						st.failed++
						if st.firstErr == nil {
							st.firstErr = err
						}
					}
					continue
				}
				allDone.Add(1)
				if measuring.Load() {
					st.completed++
					st.lat = append(st.lat, lat...)
				}
			}
		}()
	}
	time.Sleep(c.warmup)
	measuring.Store(true)
	start := time.Now()
	srv0, self0 := procCPU(c.serverPID), procCPU(os.Getpid())
	time.Sleep(c.dur)
	measuring.Store(false)
	elapsed := time.Since(start)
	srvCPU, selfCPU := procCPU(c.serverPID)-srv0, procCPU(os.Getpid())-self0
	stop.Store(true)
	wg.Wait()

	var completed, failed int
	var lat []time.Duration
	var firstErr error
	for _, st := range stats {
		completed += st.completed
		failed += st.failed
		lat = append(lat, st.lat...)
		if firstErr == nil {
			firstErr = st.firstErr
		}
	}
	slices.Sort(lat)
	q := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	rate := float64(completed) / elapsed.Seconds()
	fmt.Printf("survey %s at %s, %d concurrent respondents, %v measured after %v warm-up\n", c.slug, c.base, c.conc, elapsed.Round(time.Millisecond), c.warmup)
	fmt.Printf("completed responses: %d (%.1f/s), failed walks: %d\n", completed, rate, failed)
	fmt.Printf("requests: %d (%.1f/s), %.1f per walk\n", len(lat), float64(len(lat))/elapsed.Seconds(), float64(len(lat))/max(1, float64(completed)))
	fmt.Printf("page latency: p50 %v  p90 %v  p99 %v  max %v\n", q(0.50).Round(10*time.Microsecond), q(0.90).Round(10*time.Microsecond),
		q(0.99).Round(10*time.Microsecond), q(1).Round(10*time.Microsecond))
	// CPU time per response hardly changes when other work competes for
	// the machine, unlike the rates above.
	if c.serverPID != 0 && completed > 0 {
		fmt.Printf("CPU per completed response: serve %.0f µs, this load tool %.0f µs\n",
			float64(srvCPU.Microseconds())/float64(completed), float64(selfCPU.Microseconds())/float64(completed))
	}
	ok := rate >= c.rateTarget && q(0.99) < c.p99Target && failed == 0
	fmt.Printf("targets (≥ %.0f completed/s, p99 < %v, no failures): %s\n", c.rateTarget, c.p99Target, map[bool]string{true: "met", false: "MISSED"}[ok])
	if firstErr != nil {
		fmt.Printf("first failure: %v\n", firstErr)
	}
	if c.db != "" {
		n, err := countStored(c.db, c.slug)
		if err != nil {
			return err
		}
		want := c.expectBase + int(allDone.Load())
		fmt.Printf("stored responses: %d, completed walks (warm-up included): %d", n, want)
		if n != want {
			fmt.Println()
			return fmt.Errorf("stored %d responses but %d walks completed", n, want)
		}
		fmt.Println(" — none lost")
	}
	return nil
}

// procCPU returns a process's user and system CPU time so far, from
// /proc (Linux), or 0.
func procCPU(pid int) time.Duration {
	if pid == 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the parenthesised command name; utime and stime are
	// the 14th and 15th fields, in clock ticks (100 per second on Linux).
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	var ut, st int64
	fmt.Sscan(f[11], &ut)
	fmt.Sscan(f[12], &st)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

func countStored(dsn, slug string) (int, error) {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	s, err := db.Survey(ctx, slug)
	if err != nil {
		return 0, err
	}
	return db.CountResponses(ctx, s.ID)
}

type workerStats struct {
	completed, failed int
	lat               []time.Duration
	firstErr          error
}

type walker struct {
	cfg    *config
	client *http.Client
	rng    *rand.Rand
}

// walk answers the survey once, appending each request's latency.
func (w *walker) walk(ctx context.Context, lat *[]time.Duration) error {
	path := "/s/" + w.cfg.slug
	body, _, err := w.do(ctx, lat, http.MethodGet, path, nil, http.StatusOK)
	if err != nil {
		return err
	}
	form := w.fill(body)
	for step := 0; ; step++ {
		if step > 50 {
			return errors.New("no check-your-answers page after 50 pages")
		}
		if form.Get("_step") == "check" {
			form.Set("_action", "submit")
			_, loc, err := w.do(ctx, lat, http.MethodPost, path, form, http.StatusSeeOther)
			if err != nil {
				return err
			}
			if loc != path+"/done" {
				return fmt.Errorf("submit redirected to %q", loc)
			}
			_, _, err = w.do(ctx, lat, http.MethodGet, loc, nil, http.StatusOK)
			return err
		}
		if form.Get("_step") != "" {
			form.Set("_action", "continue")
		}
		body, _, err = w.do(ctx, lat, http.MethodPost, path, form, http.StatusOK)
		if err != nil {
			return err
		}
		form = w.fill(body)
	}
}

func (w *walker) do(ctx context.Context, lat *[]time.Duration, method, path string, form url.Values, want int) (string, string, error) {
	var rd io.Reader
	if form != nil {
		rd = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, w.cfg.base+path, rd)
	if err != nil {
		return "", "", err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		// As a browser sends it; the server's cross-origin protection
		// accepts same-origin form posts.
		req.Header.Set("Origin", w.cfg.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	t0 := time.Now()
	resp, err := w.client.Do(req)
	if err != nil {
		return "", "", err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	*lat = append(*lat, time.Since(t0))
	if err != nil {
		return "", "", err
	}
	if resp.StatusCode != want {
		return "", "", fmt.Errorf("%s %s: status %d, want %d", method, path, resp.StatusCode, want)
	}
	return string(b), resp.Header.Get("Location"), nil
}

var phrases = []string{
	"More protected time for network leads.",
	"The board listens, but budgets are tight.",
	"We need an executive sponsor & a budget <line>.",
	"Zoë and Siobhán ran a great launch event.",
}

// tags returns the opening tags named name (e.g. "<input") in s. Plain
// string scanning: regular expressions made this tool costlier than the
// server it measures.
func tags(s, name string) []string {
	var out []string
	for {
		i := strings.Index(s, name)
		if i < 0 {
			return out
		}
		s = s[i:]
		j := strings.IndexByte(s, '>')
		if j < 0 {
			return out
		}
		out = append(out, s[:j+1])
		s = s[j+1:]
	}
}

// attr returns the value of attribute name in tag, unescaped.
func attr(tag, name string) string {
	i := strings.Index(tag, " "+name+`="`)
	if i < 0 {
		return ""
	}
	v := tag[i+len(name)+3:]
	if j := strings.IndexByte(v, '"'); j >= 0 {
		v = v[:j]
	}
	return html.UnescapeString(v)
}

// fill reads the page's survey form as a browser would submit it: every
// hidden field, one option from each radio group (sometimes none), a
// checkbox now and then, and occasionally some text.
func (w *walker) fill(page string) url.Values {
	v := url.Values{}
	i := strings.Index(page, `<form method="post"`)
	if i < 0 {
		return v
	}
	form := page[i:]
	if j := strings.Index(form, "</form>"); j >= 0 {
		form = form[:j]
	}
	radios := map[string][]string{}
	var order []string
	for _, tag := range tags(form, "<input") {
		name := attr(tag, "name")
		switch attr(tag, "type") {
		case "hidden":
			v.Add(name, attr(tag, "value"))
		case "radio", "checkbox":
			if _, ok := radios[name]; !ok {
				order = append(order, name)
			}
			radios[name] = append(radios[name], attr(tag, "value"))
		}
	}
	for _, name := range order {
		opts := radios[name]
		if w.rng.IntN(10) == 0 {
			continue // left unanswered
		}
		// One option of a checkbox group is always valid, exclusive or not.
		v.Set(name, opts[w.rng.IntN(len(opts))])
	}
	for _, tag := range tags(form, "<textarea") {
		if w.rng.IntN(3) == 0 {
			v.Set(attr(tag, "name"), phrases[w.rng.IntN(len(phrases))])
		}
	}
	return v
}
