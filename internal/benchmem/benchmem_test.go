package benchmem

import (
	"runtime"
	"testing"
	"time"
)

// TestMeasures: the heap sampler sees an allocation still held when it
// stops, the process has used CPU time, and on Linux the peak resident
// set is known.
func TestMeasures(t *testing.T) {
	peak := SampleHeap(time.Hour) // only the first and the last sample
	held := make([]byte, 32<<20)
	for i := range held {
		held[i] = byte(i)
	}
	got := peak()
	runtime.KeepAlive(held)
	if got < 32<<20 {
		t.Errorf("peak heap %d bytes while 32 MiB were held", got)
	}
	if CPUTime() <= 0 {
		t.Error("no CPU time")
	}
	if runtime.GOOS == "linux" && PeakRSS() <= 0 {
		t.Error("no peak resident set on Linux")
	}
}
