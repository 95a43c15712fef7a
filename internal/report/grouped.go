package report

// countGrouped is count for a crosstab by a single-choice question or a
// Likert item (values 0..nopt in one byte): one pass over the population
// counts every column into a joint histogram by (by-value, value), instead
// of one pass per crosstab column. It returns the whole-population tally
// followed by one per option of the by question and one for not answered.
func (ds *Dataset) countGrouped(sel selection, by *column) []*tally {
	nopt := len(by.q.Options)
	groups := nopt + 1 // stored values 0..nopt
	n := sel.len(ds.n)
	parts := inParallel(n, func(lo, hi int) *partial { return ds.countGroupedRange(sel, lo, hi, by.u8, groups) })

	// Column order: overall, options 1..nopt, then not answered (value 0).
	out := make([]*tally, groups+1)
	for k := range out {
		out[k] = &tally{h: make([][]int64, len(ds.cols)), any: make([]int64, len(ds.any))}
	}
	colOf := func(v int) int {
		if v == 0 {
			return groups
		}
		return v
	}
	for i := range ds.cols {
		size := ds.histLen(&ds.cols[i])
		for k := range out {
			out[k].h[i] = make([]int64, size)
		}
		for _, p := range parts {
			joint := p.h[i]
			for g := range groups {
				dst := out[colOf(g)].h[i]
				all := out[0].h[i]
				for k, v := range joint[g*size : (g+1)*size] {
					dst[k] += int64(v)
					all[k] += int64(v)
				}
			}
		}
	}
	for i := range ds.any {
		for _, p := range parts {
			for g := range groups {
				v := int64(p.any[i*groups+g])
				out[colOf(g)].any[i] += v
				out[0].any[i] += v
			}
		}
	}
	for _, p := range parts {
		for g := range groups {
			out[colOf(g)].n += p.n[g]
			out[0].n += p.n[g]
		}
	}
	return out
}

func (ds *Dataset) countGroupedRange(sel selection, lo, hi int, grp []uint8, groups int) *partial {
	p := &partial{h: make([][]uint32, len(ds.cols)), any: make([]uint32, len(ds.any)*groups), n: make([]int, groups)}
	var rows []uint32
	if !sel.all {
		rows = sel.rows[lo:hi]
	}
	if sel.all {
		for _, g := range grp[lo:hi] {
			p.n[g]++
		}
	} else {
		for _, r := range rows {
			p.n[grp[r]]++
		}
	}
	for i := range ds.cols {
		c := &ds.cols[i]
		size := ds.histLen(c)
		h := make([]uint32, groups*size)
		p.h[i] = h
		switch {
		case c.width == 1 && sel.all:
			col := c.u8[lo:hi]
			g := grp[lo:hi]
			for j, v := range col {
				h[int(g[j])<<8|int(v)]++
			}
		case c.width == 1:
			for _, r := range rows {
				h[int(grp[r])<<8|int(c.u8[r])]++
			}
		case direct(c):
			forRows(sel.all, lo, hi, rows, func(r uint32) { h[int(grp[r])*size+int(c.u16[r])]++ })
		default:
			forRows(sel.all, lo, hi, rows, func(r uint32) {
				v := c.value(int(r))
				if v == 0 {
					return
				}
				base := int(grp[r]) * size
				for k := 0; k < c.width; k++ {
					h[base+(k<<8|int(uint8(v>>(8*k))))]++
				}
				h[base+c.width*256]++
			})
		}
	}
	for i, a := range ds.any {
		if a == nil {
			continue
		}
		acc := p.any[i*groups : (i+1)*groups]
		if sel.all {
			for r := lo; r < hi; r++ {
				acc[grp[r]] += uint32(a[r])
			}
		} else {
			for _, r := range rows {
				acc[grp[r]] += uint32(a[r])
			}
		}
	}
	return p
}

// forRows calls each for every row of one worker's range: positions lo to
// hi when the selection is every row, otherwise the selected rows it was
// given. It is small enough to inline, and each with it.
func forRows(all bool, lo, hi int, rows []uint32, each func(r uint32)) {
	if all {
		for r := lo; r < hi; r++ {
			each(uint32(r))
		}
		return
	}
	for _, r := range rows {
		each(r)
	}
}
