package report

import (
	"math/bits"
	"runtime"
	"sync"
)

// tally is the raw counting result for one population: per slot a
// histogram of stored values (width 1), or per byte of the bit set plus a
// count of non-zero values (wider multiple-choice columns); per Likert or
// text question the number who answered.
type tally struct {
	n   int
	h   [][]int64 // per slot
	any []int64   // per question index; 0 where unused
}

func (ds *Dataset) histLen(c *column) int {
	switch {
	case c.width == 1:
		return 256
	case direct(c):
		return 1 << len(c.q.Options)
	}
	return c.width*256 + 1
}

// direct reports whether a two-byte column is counted by whole value (a
// histogram of at most 4,096 counters) rather than byte by byte.
func direct(c *column) bool { return c.width == 2 && len(c.q.Options) <= 12 }

// minParallel is the population below which a second goroutine costs more
// than it saves.
const minParallel = 1 << 16

// inParallel splits positions 0..n of a selection into one range per
// goroutine, at most GOMAXPROCS and no smaller than minParallel, counts
// each range with count, and returns the partial counts in range order.
func inParallel(n int, count func(lo, hi int) *partial) []*partial {
	workers := runtime.GOMAXPROCS(0)
	if workers > n/minParallel {
		workers = max(1, n/minParallel)
	}
	parts := make([]*partial, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Go(func() { parts[w] = count(lo, hi) })
	}
	wg.Wait()
	return parts
}

// count scans every column once over sel. Large populations are split
// across GOMAXPROCS goroutines, each counting into its own small arrays.
func (ds *Dataset) count(sel selection) *tally {
	n := sel.len(ds.n)
	parts := inParallel(n, func(lo, hi int) *partial { return ds.countRange(sel, lo, hi) })
	t := &tally{n: n, h: make([][]int64, len(ds.cols)), any: make([]int64, len(ds.any))}
	for i := range ds.cols {
		t.h[i] = make([]int64, ds.histLen(&ds.cols[i]))
		for _, p := range parts {
			for k, v := range p.h[i] {
				t.h[i][k] += int64(v)
			}
		}
	}
	for i := range ds.any {
		for _, p := range parts {
			t.any[i] += int64(p.any[i])
		}
	}
	return t
}

type partial struct {
	h   [][]uint32
	any []uint32
	n   []int // countGrouped only: rows per group
}

// countRange counts positions lo..hi of sel (row numbers when sel.all).
func (ds *Dataset) countRange(sel selection, lo, hi int) *partial {
	p := &partial{h: make([][]uint32, len(ds.cols)), any: make([]uint32, len(ds.any))}
	var rows []uint32
	if !sel.all {
		rows = sel.rows[lo:hi]
	}
	for i := range ds.cols {
		c := &ds.cols[i]
		h := make([]uint32, ds.histLen(c))
		p.h[i] = h
		switch c.width {
		case 1:
			if sel.all {
				hist8(c.u8[lo:hi], h)
			} else {
				hist8Sel(c.u8, rows, h)
			}
		case 2:
			switch {
			case direct(c) && sel.all:
				histDirect(c.u16[lo:hi], h)
			case direct(c):
				histDirectSel(c.u16, rows, h)
			case sel.all:
				histWide(c.u16[lo:hi], h, 2)
			default:
				histWideSel(c.u16, rows, h, 2)
			}
		case 4:
			if sel.all {
				histWide(c.u32[lo:hi], h, 4)
			} else {
				histWideSel(c.u32, rows, h, 4)
			}
		default:
			if sel.all {
				histWide(c.u64[lo:hi], h, 8)
			} else {
				histWideSel(c.u64, rows, h, 8)
			}
		}
	}
	for i, a := range ds.any {
		if a == nil {
			continue
		}
		var s uint32
		if sel.all {
			for _, v := range a[lo:hi] {
				s += uint32(v)
			}
		} else {
			for _, r := range rows {
				s += uint32(a[r])
			}
		}
		p.any[i] = s
	}
	return p
}

// hist8 counts byte values. Four interleaved histograms keep runs of equal
// values (common: most people give the same answer) from serialising on
// one counter.
func hist8(col []uint8, h []uint32) {
	var a, b, c, d [256]uint32
	i := 0
	for ; i+4 <= len(col); i += 4 {
		a[col[i]]++
		b[col[i+1]]++
		c[col[i+2]]++
		d[col[i+3]]++
	}
	for ; i < len(col); i++ {
		a[col[i]]++
	}
	for k := range h[:256] {
		h[k] += a[k] + b[k] + c[k] + d[k]
	}
}

func hist8Sel(col []uint8, rows []uint32, h []uint32) {
	var a, b [256]uint32
	i := 0
	for ; i+2 <= len(rows); i += 2 {
		a[col[rows[i]]]++
		b[col[rows[i+1]]]++
	}
	for ; i < len(rows); i++ {
		a[col[rows[i]]]++
	}
	for k := range h[:256] {
		h[k] += a[k] + b[k]
	}
}

func histDirect(col []uint16, h []uint32) {
	for _, v := range col {
		h[v]++
	}
}

func histDirectSel(col []uint16, rows []uint32, h []uint32) {
	for _, r := range rows {
		h[col[r]]++
	}
}

type wide interface{ ~uint16 | ~uint32 | ~uint64 }

// histWide counts each byte of a bit set separately (w×256 counters, not
// 2^(8w)) plus the non-zero values, from which the engine derives per-
// option counts and the base.
func histWide[T wide](col []T, h []uint32, w int) {
	nz := uint32(0)
	for _, v := range col {
		if v != 0 {
			nz++
			for k := 0; k < w; k++ {
				h[k<<8|int(uint8(v>>(8*k)))]++
			}
		}
	}
	h[w*256] += nz
}

func histWideSel[T wide](col []T, rows []uint32, h []uint32, w int) {
	nz := uint32(0)
	for _, r := range rows {
		if v := col[r]; v != 0 {
			nz++
			for k := 0; k < w; k++ {
				h[k<<8|int(uint8(v>>(8*k)))]++
			}
		}
	}
	h[w*256] += nz
}

// options turns slot i's histogram into (base, per-option counts).
func (t *tally) options(ds *Dataset, slot int) (base int64, counts []int64) {
	c := &ds.cols[slot]
	h := t.h[slot]
	nopt := len(c.q.Options)
	counts = make([]int64, nopt)
	if c.q.Type != "multiple" {
		for k := range nopt {
			counts[k] = h[k+1]
			base += h[k+1]
		}
		return base, counts
	}
	if c.width == 1 || direct(c) {
		for v := 1; v < len(h); v++ {
			if h[v] == 0 {
				continue
			}
			base += h[v]
			for b := v; b != 0; b &= b - 1 {
				k := bits.TrailingZeros(uint(b))
				if k < nopt {
					counts[k] += h[v]
				}
			}
		}
		return base, counts
	}
	// Zero values were never counted, so each byte's non-zero bins only
	// hold respondents who ticked something.
	for byteIdx := 0; byteIdx < c.width; byteIdx++ {
		for v := 1; v < 256; v++ {
			n := h[byteIdx<<8|v]
			if n == 0 {
				continue
			}
			for b := v; b != 0; b &= b - 1 {
				if k := byteIdx*8 + bits.TrailingZeros(uint(b)); k < nopt {
					counts[k] += n
				}
			}
		}
	}
	return h[c.width*256], counts
}
