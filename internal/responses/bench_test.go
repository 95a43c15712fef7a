package responses

// Benchmarks for the targets in docs/performance.md: import of 1,000,000
// generated responses from a CSV file (at least 100,000 rows/s on SQLite,
// with peak memory reported) and export of the same responses to CSV (under 10 s,
// memory flat). They run only with -bench; the size comes from
// STAFFNET_BENCH_N (default 1,000,000), e.g.
//
//	STAFFNET_BENCH_N=1000000 go test -run '^$' -bench . -benchtime 1x ./internal/responses/
//
// Reported metrics: rows/s; peak-heap-MB, the largest Go heap (live and
// not yet collected objects) seen while the timed part ran, sampled every
// 10 ms; peak-rss-MB, the process's resident set high-water mark (VmHWM),
// reset before the timed part where the kernel allows it; cpu-µs/row, the
// process's user and system CPU time per row, which unlike rows/s hardly
// changes when other work competes for the machine.

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"staffnet/internal/benchmem"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/survey"
)

func benchN(b *testing.B) int {
	s := os.Getenv("STAFFNET_BENCH_N")
	if s == "" {
		return 1_000_000
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, "_", ""))
	if err != nil || n < 1 {
		b.Fatalf("STAFFNET_BENCH_N=%q: want a positive integer", s)
	}
	return n
}

// benchCSV writes a CSV file of n generated responses in a temporary
// directory and returns its path.
func benchCSV(b *testing.B, def *survey.Definition, n int) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), "responses.csv")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	if err := writeGenerated(f, def, n, 1); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return p
}

// writeGenerated writes n plausible responses to def as CSV: routing is
// followed, about one answer in ten is left out, exclusive options stand
// alone, and some free text carries commas, quotes, newlines and
// non-ASCII letters so the CSV quoting paths are exercised.
func writeGenerated(w io.Writer, def *survey.Definition, n int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(def.Header()); err != nil {
		return err
	}
	texts := []string{
		"More protected time for network leads.",
		"Our network works well, but the board rarely listens.",
		"We need a budget line, \"not just goodwill\".",
		"Fewer meetings;\nmore action.",
		"Zoë and Siobhán ran the launch — it was great.",
	}
	day0 := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	r := def.NewResponse()
	var rec []string
	var id [16]byte
	for i := range n {
		clear(r.Slots)
		clear(r.Texts)
		// Ids are random like NewID's, but from the seeded generator so a
		// run is repeatable.
		for k := 0; k < 16; k += 8 {
			v := rng.Uint64()
			for j := range 8 {
				id[k+j] = byte(v >> (8 * j))
			}
		}
		r.ID = fmt.Sprintf("%x", id)
		r.SubmittedOn = day0.AddDate(0, 0, rng.IntN(366)).Format(time.DateOnly)
		for _, q := range def.Questions() {
			if !def.Visible(r, q) || rng.IntN(10) == 0 {
				continue
			}
			switch q.Type {
			case survey.Single:
				r.Slots[q.Slot()] = uint64(1 + rng.IntN(len(q.Options)))
			case survey.Likert:
				for it := range q.Items {
					if rng.IntN(10) != 0 {
						r.Slots[q.Slot()+it] = uint64(1 + rng.IntN(len(q.Options)))
					}
				}
			case survey.Multiple:
				var v uint64
				for k, o := range q.Options {
					if !o.Exclusive && rng.IntN(3) == 0 {
						v |= 1 << k
					}
				}
				if v == 0 {
					for k, o := range q.Options {
						if o.Exclusive {
							v = 1 << k
							break
						}
					}
				}
				r.Slots[q.Slot()] = v
			case survey.Text:
				if rng.IntN(3) == 0 {
					r.Texts[q.Slot()] = texts[rng.IntN(len(texts))]
				}
			}
		}
		if i == 0 {
			if errs := def.Check(r); len(errs) > 0 {
				return fmt.Errorf("generated response breaks the rules: %v", errs)
			}
		}
		rec = def.Row(rec, r)
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// memPeak samples the Go heap while the timed part of a benchmark runs,
// and measures the CPU time the process used meanwhile.
type memPeak struct {
	stop chan struct{}
	done chan struct{}
	heap atomic.Uint64
	cpu0 time.Duration
}

func startMemPeak() *memPeak {
	benchmem.ResetPeakRSS()
	m := &memPeak{stop: make(chan struct{}), done: make(chan struct{}), cpu0: benchmem.CPUTime()}
	samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(samples)
		if v := samples[0].Value.Uint64(); v > m.heap.Load() {
			m.heap.Store(v)
		}
	}
	read()
	go func() {
		defer close(m.done)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.stop:
				read()
				return
			case <-t.C:
				read()
			}
		}
	}()
	return m
}

func (m *memPeak) finish() (heapMB, rssMB float64, cpu time.Duration) {
	cpu = benchmem.CPUTime() - m.cpu0
	close(m.stop)
	<-m.done
	return float64(m.heap.Load()) / (1 << 20), float64(benchmem.PeakRSS()) / (1 << 20), cpu
}

type benchDB struct {
	name string
	open func(b *testing.B) *store.DB
}

func benchDBs() []benchDB {
	return []benchDB{
		{"sqlite", func(b *testing.B) *store.DB { return openBench(b, filepath.Join(b.TempDir(), "staffnet.db")) }},
		{"postgres", func(b *testing.B) *store.DB { return openBench(b, storetest.PostgresDSN(b)) }},
	}
}

func openBench(b *testing.B, dsn string) *store.DB {
	b.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.LoadBuiltins(ctx); err != nil {
		b.Fatal(err)
	}
	return db
}

func mappingDef(*testing.B) *survey.Definition { return survey.MustBuiltin(survey.MappingSlug) }

func benchSurvey(b *testing.B, db *store.DB) *store.Survey {
	b.Helper()
	s, err := db.Survey(context.Background(), survey.MappingSlug)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func importFile(b *testing.B, db *store.DB, s *store.Survey, path string) int {
	b.Helper()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	n, err := Import(context.Background(), db, s, f)
	if err != nil {
		b.Fatal(err)
	}
	return n
}

// measureRows runs b.N rounds of prepare (untimed) and then the step it
// returns (timed), which handles n responses (what it did: "imported"),
// then the clean-up it returns, if any. It reports rows a second, the
// peak heap and RSS, and CPU time a row.
func measureRows(b *testing.B, n int, what string, prepare func() (step func() (int, error), cleanUp func())) {
	var rows int
	var heap, rss float64
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		step, cleanUp := prepare()
		runtime.GC()
		mp := startMemPeak()
		b.StartTimer()
		got, err := step()
		b.StopTimer()
		h, r, c := mp.finish()
		cpu += c
		heap, rss = max(heap, h), max(rss, r)
		if cleanUp != nil {
			cleanUp()
		}
		if err != nil {
			b.Fatal(err)
		}
		if got != n {
			b.Fatalf("%s %d responses, want %d", what, got, n)
		}
		rows += got
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(heap, "peak-heap-MB")
	b.ReportMetric(rss, "peak-rss-MB")
	b.ReportMetric(float64(cpu.Microseconds())/float64(rows), "cpu-µs/row")
}

// BenchmarkImport imports STAFFNET_BENCH_N generated responses from a CSV
// file into an empty database, in one transaction.
func BenchmarkImport(b *testing.B) {
	for _, bd := range benchDBs() {
		b.Run(bd.name, func(b *testing.B) {
			n := benchN(b)
			path := benchCSV(b, mappingDef(b), n)
			measureRows(b, n, "imported", func() (func() (int, error), func()) {
				db := bd.open(b)
				s := benchSurvey(b, db)
				return func() (int, error) { return importFile(b, db, s, path), nil }, func() { db.Close() }
			})
		})
	}
}

// BenchmarkExportCSV exports STAFFNET_BENCH_N stored responses to a CSV
// file (imported first, untimed) and checks the count.
func BenchmarkExportCSV(b *testing.B) {
	for _, bd := range benchDBs() {
		b.Run(bd.name, func(b *testing.B) {
			n := benchN(b)
			db := bd.open(b)
			s := benchSurvey(b, db)
			importFile(b, db, s, benchCSV(b, s.Def, n))
			out := filepath.Join(b.TempDir(), "export.csv")
			measureRows(b, n, "exported", func() (func() (int, error), func()) {
				f, err := os.Create(out)
				if err != nil {
					b.Fatal(err)
				}
				return func() (int, error) {
					got, err := ExportCSV(context.Background(), db, s, f, false, nil)
					if err == nil {
						err = f.Close()
					}
					return got, err
				}, nil
			})
		})
	}
}
