package wres

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// National scale, as in issue 4.
const (
	natOrgs         = 220
	natStaff        = 1_500_000
	natApplications = 3_000_000
	natTraining     = 1_500_000
	natDisciplinary = 30_000
	natBoard        = 12 // members per organisation
	natYear         = 2024
)

var (
	natOnce  sync.Once
	natDir   string
	natFiles map[ExtractKind]string
	natErr   error
)

func natOrg(i int) string { return fmt.Sprintf("R%03d", i) }

func natRegion(org string) string {
	i, _ := strconv.Atoi(org[1:])
	return []string{"Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"}[i%7]
}

// natCode draws an ethnic category code: about 73% White, 23% BME, 4% unknown.
func natCode(r *rand.Rand) string {
	x := r.IntN(100)
	switch {
	case x < 62:
		return "A"
	case x < 65:
		return "B"
	case x < 73:
		return "C"
	case x < 96:
		return string("DEFGHJKLMNPRS"[r.IntN(13)])
	case x < 98:
		return "Z"
	}
	return "99"
}

var natPosts = func() []string {
	var ps []string
	for p := Post(1); p < NumPosts; p++ {
		ps = append(ps, p.StaffGroup().String()+","+p.Band().String())
	}
	return ps
}()

// generateNational writes deterministic national-scale extracts to dir.
func generateNational(dir string) (map[ExtractKind]string, error) {
	r := rand.New(rand.NewPCG(2024, 4))
	files := map[ExtractKind]string{}
	write := func(kind ExtractKind, header string, n int, row func(w *bufio.Writer, i int)) error {
		path := filepath.Join(dir, kind.String()+".csv")
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString(header + "\n")
		for i := 0; i < n; i++ {
			row(w, i)
		}
		if err := w.Flush(); err != nil {
			return err
		}
		files[kind] = path
		return f.Close()
	}
	// Rows are grouped by organisation, as a national extract would be.
	org := func(i, n int) string { return natOrg(i * natOrgs / n) }
	staffEth := make([]string, natStaff)
	err := write(ExtractStaff, "organisation_code,year,person_id,ethnic_category,staff_group,band", natStaff, func(w *bufio.Writer, i int) {
		staffEth[i] = natCode(r)
		fmt.Fprintf(w, "%s,%d,P%08d,%s,%s\n", org(i, natStaff), natYear, i, staffEth[i], natPosts[r.IntN(len(natPosts))])
	})
	if err != nil {
		return nil, err
	}
	err = write(ExtractApplications, "organisation_code,year,application_id,ethnic_category,shortlisted,appointed", natApplications, func(w *bufio.Writer, i int) {
		code := natCode(r)
		short := r.IntN(100) < 30
		odds := 25
		if e, _ := ParseEthnicity(code); e == BME {
			odds = 15
		}
		app := short && r.IntN(100) < odds
		fmt.Fprintf(w, "%s,%d,A%09d,%s,%s,%s\n", org(i, natApplications), natYear, i, code, yn(short), yn(app))
	})
	if err != nil {
		return nil, err
	}
	// Training and disciplinary rows name people from the staff extract of
	// their organisation, some more than once.
	person := func(i, n int) (string, int) {
		o := i * natOrgs / n
		lo, hi := (o*natStaff+natOrgs-1)/natOrgs, ((o+1)*natStaff+natOrgs-1)/natOrgs
		p := lo + r.IntN(hi-lo)
		return natOrg(o), p
	}
	err = write(ExtractTraining, "organisation_code,year,person_id,ethnic_category", natTraining, func(w *bufio.Writer, i int) {
		o, p := person(i, natTraining)
		fmt.Fprintf(w, "%s,%d,P%08d,%s\n", o, natYear, p, staffEth[p])
	})
	if err != nil {
		return nil, err
	}
	err = write(ExtractDisciplinary, "organisation_code,year,person_id,ethnic_category", natDisciplinary, func(w *bufio.Writer, i int) {
		o, p := person(i, natDisciplinary)
		fmt.Fprintf(w, "%s,%d,P%08d,%s\n", o, natYear, p, staffEth[p])
	})
	if err != nil {
		return nil, err
	}
	err = write(ExtractBoard, "organisation_code,year,person_id,ethnic_category,voting,executive", natOrgs*natBoard, func(w *bufio.Writer, i int) {
		fmt.Fprintf(w, "%s,%d,B%06d,%s,%s,%s\n", natOrg(i/natBoard), natYear, i, natCode(r), yn(i%natBoard < 10), yn(i%natBoard >= 5))
	})
	return files, err
}

func yn(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

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
			natFiles, natErr = generateNational(natDir)
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
	resetPeakRSS()
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak {
				peak = ms.HeapInuse
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	cpu0 := cpuTime()
	b.ResetTimer()
	var reports int
	for b.Loop() {
		reports = nationalRun(b)
	}
	b.StopTimer()
	if cpu := cpuTime() - cpu0; cpu > 0 {
		// CPU time is steadier than wall time on a shared machine.
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	}
	close(stop)
	<-done
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
	if rss := peakRSS(); rss > 0 {
		b.ReportMetric(float64(rss)/(1<<20), "peak-RSS-MiB")
	}
	b.ReportMetric(float64(reports), "reports")
}

func nationalRun(b *testing.B) int {
	var files []ExtractFile
	for kind, path := range natFiles {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		files = append(files, ExtractFile{Kind: kind, Name: path, R: f})
	}
	ret, err := Aggregate(files)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, org := range ret.Orgs() {
		if _, err := Compute(ret, Scope{Kind: ScopeOrganisation, Code: org}, natYear, natYear, natRegion); err != nil {
			b.Fatal(err)
		}
		n++
	}
	for code := range Regions {
		if _, err := Compute(ret, Scope{Kind: ScopeRegion, Code: code}, natYear, natYear, natRegion); err != nil {
			b.Fatal(err)
		}
		n++
	}
	rep, err := Compute(ret, Scope{Kind: ScopeNational}, natYear, natYear, natRegion)
	if err != nil {
		b.Fatal(err)
	}
	if got := *rep.Years[0].Indicator1.Workforce.Total; got != natStaff {
		b.Fatalf("national headcount %d, want %d", got, natStaff)
	}
	return n + 1
}

func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

func peakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

func TestMain(m *testing.M) {
	code := m.Run()
	if natDir != "" {
		os.RemoveAll(natDir)
	}
	os.Exit(code)
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
