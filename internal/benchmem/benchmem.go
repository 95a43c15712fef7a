// Package benchmem measures what a benchmark uses besides wall time: the
// process's CPU time, its resident-set high-water mark (Linux) and the
// peak of the Go heap in use. Only benchmarks import it.
package benchmem

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CPUTime is the user and system CPU time the process has used so far:
// steadier than wall time on a shared machine.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ResetPeakRSS resets the kernel's resident-set high-water mark (Linux 4.0
// and later), so that PeakRSS covers only what follows. Elsewhere it does
// nothing.
func ResetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// PeakRSS is the process's peak resident set (VmHWM) in bytes, or 0 where
// it is unknown.
func PeakRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}

// SampleHeap samples the Go heap in use (runtime.MemStats.HeapInuse)
// every interval, and once more when the function it returns is called,
// which returns the highest sample in bytes.
func SampleHeap(every time.Duration) func() uint64 {
	var peak uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-stop:
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 { close(stop); <-done; return peak }
}
