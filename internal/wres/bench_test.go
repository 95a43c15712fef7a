package wres_test

import (
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"staffnet/internal/benchmem"
	"staffnet/internal/orgs"
	"staffnet/internal/wres"
	"staffnet/internal/wres/synth"
	"staffnet/internal/wresio"
)

var (
	natOnce  sync.Once
	natDir   string
	natFiles map[wres.ExtractKind]string
	natErr   error
)

// BenchmarkNationalExtracts aggregates national-scale extracts from CSV
// files and computes every organisation's, every region's and the national
// indicators. Run it with
//
//	go test ./internal/wres -run '^$' -bench NationalExtracts -benchtime 3x
//
// peak-heap-MiB samples the Go heap during each run; peak-RSS-MiB is the
// process's high-water mark (Linux), reset before the timed runs.
func BenchmarkNationalExtracts(b *testing.B) {
	natOnce.Do(func() {
		natDir, natErr = os.MkdirTemp("", "wres-national-")
		if natErr == nil {
			natFiles, natErr = synth.Write(natDir, synth.National)
		}
	})
	if natErr != nil {
		b.Fatal(natErr)
	}
	b.Cleanup(func() {}) // files are shared by -count runs; removed by TestMain
	var size int64
	for _, p := range natFiles {
		if st, err := os.Stat(p); err == nil {
			size += st.Size()
		}
	}
	b.SetBytes(size)
	runtime.GC()
	benchmem.ResetPeakRSS()
	peak := benchmem.SampleHeap(20 * time.Millisecond)
	cpu0 := benchmem.CPUTime()
	b.ResetTimer()
	var reports int
	for b.Loop() {
		reports = nationalRun(b)
	}
	b.StopTimer()
	if cpu := benchmem.CPUTime() - cpu0; cpu > 0 {
		// CPU time is steadier than wall time on a shared machine.
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
	b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
	if rss := benchmem.PeakRSS(); rss > 0 {
		b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MiB")
	}
	b.ReportMetric(float64(reports), "reports")
}

func nationalRun(b *testing.B) int {
	year := synth.National.Year
	ret, err := wresio.AggregateFiles(natFiles)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, org := range ret.Orgs() {
		if _, err := wres.Compute(ret, wres.Scope{Kind: wres.ScopeOrganisation, Code: org}, year, year, synth.Region); err != nil {
			b.Fatal(err)
		}
		n++
	}
	for _, code := range orgs.RegionCodes {
		if _, err := wres.Compute(ret, wres.Scope{Kind: wres.ScopeRegion, Code: code}, year, year, synth.Region); err != nil {
			b.Fatal(err)
		}
		n++
	}
	rep, err := wres.Compute(ret, wres.Scope{Kind: wres.ScopeNational}, year, year, synth.Region)
	if err != nil {
		b.Fatal(err)
	}
	if got := *rep.Years[0].Indicator1.Workforce.Total; got != int64(synth.National.Staff) {
		b.Fatalf("national headcount %d, want %d", got, synth.National.Staff)
	}
	return n + 1
}

func TestMain(m *testing.M) {
	code := m.Run()
	if natDir != "" {
		os.RemoveAll(natDir)
	}
	os.Exit(code)
}
