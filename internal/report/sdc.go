package report

import (
	"maps"
	"math"
	"slices"
)

// Statistical disclosure control. Every figure that leaves the engine
// passes through a table: a list of cells (counts) with, for each, a
// suppressed flag, plus groups of cells bound by a published or derivable
// sum. Primary suppression marks the small cells; protect then adds
// secondary suppression until, in every group, the hidden cells cannot be
// recovered by subtraction. The rules are documented in
// docs/report-json.md ("Disclosure control").

// DefaultThreshold is the smallest population, base or cell count shown.
const DefaultThreshold = 11

type table struct {
	v      []int
	s      []bool
	groups []group
	t      int // threshold
	// fixed cells belong to another table, which decided whether they are
	// shown; this table cannot hide them, only reason with them. free
	// cells are never shown and need no protection: they stand for
	// quantities that are only known to be at least zero, such as the
	// number in a column who did not answer a question, and turn "at
	// most" relations (a base is at most the column's respondents) into
	// sums the audit can use.
	fixed, free []bool
	// overall marks the figures of a view with a breakdown that the same
	// view without it shows or hides (the figures for everyone and the
	// columns' sizes: see overall.go). They are fixed.
	overall map[int]bool
	// public marks hidden cells that the shown fixed cells determine by
	// themselves, whatever this table shows: the view without the
	// breakdown gives them away already, or (through a column's bounds)
	// they equal a figure another table shows, such as a Likert item's
	// base in a column where everyone who answered the question answered
	// the item. No cell of this table could protect them, so protection
	// takes them as known. Computed by protect.
	public map[int]bool
	// scratch holds determinedGiven's rows between calls.
	scratch []float64
}

// group says: the members add up to total, a cell of the table, or (when
// total is -1) a value the reader knows anyway. An audit-only group is
// used by determined but not by the per-group rules (its members include
// free cells, which are hidden by nature).
type group struct {
	members []int
	total   int
	audit   bool
}

func (t *table) add(v int) int {
	t.v = append(t.v, v)
	t.s = append(t.s, false)
	t.fixed = append(t.fixed, false)
	t.free = append(t.free, false)
	return len(t.v) - 1
}

// addFixed adds a cell of another table, shown or hidden there.
func (t *table) addFixed(v int, hidden bool) int {
	k := t.add(v)
	t.s[k], t.fixed[k] = hidden, true
	return k
}

// bound records that cell k is at most cell hi, through a free slack
// cell, which it returns: k + slack = hi.
func (t *table) bound(k, hi int) int {
	sl := t.add(t.v[hi] - t.v[k])
	t.s[sl], t.free[sl] = true, true
	t.groups = append(t.groups, group{members: []int{k, sl}, total: hi, audit: true})
	return sl
}

// movable reports whether protection may hide cell k.
func (t *table) movable(k int) bool { return !t.s[k] && !t.fixed[k] && !t.free[k] }

// keepOverall marks cells as whole-population figures (see overall).
func (t *table) keepOverall(cells ...int) {
	if t.overall == nil {
		t.overall = make(map[int]bool)
	}
	for _, k := range cells {
		t.overall[k] = true
	}
}

// small reports whether a count must be hidden by itself.
func (t *table) small(v int) bool { return v > 0 && v < t.t }

// protect applies secondary suppression to a fixpoint. In every group:
//   - if the total is visible, the hidden members must be none, or at
//     least two that together come to at least the threshold — so neither
//     a single cell nor a small combination can be read off as
//     total − visible members;
//   - if the total is hidden, at least one member must be hidden too, or
//     the total is their sum.
//
// Hidden cells that are zero are exempt: working out that a hidden cell
// is 0 reveals nobody (zeros are shown anyway when they stand alone).
//
// A group that needs more hides its smallest visible non-zero member
// (falling back to zeros, then to the total), which loses the least
// information. extra runs after each round and reports whether it hid
// anything (used to hide whole columns whose base is hidden).
func (t *table) protect(extra func() bool) {
	t.findPublic()
	for {
		t.groupRules(extra)
		// The group rules look at one group at a time; relations can
		// combine (a visible zero, a net and a crosstab row together can
		// pin a cell down). Audit the whole table and widen as needed.
		k := t.determined()
		if k < 0 {
			return
		}
		best := t.neighbour(k, map[int]bool{})
		if best < 0 {
			// Nothing shares a sum with k that could still be hidden (the
			// figures around it are fixed): hide the smallest cell the
			// table may still hide. Hiding every one of them leaves only
			// what the fixed cells give away, which is public.
			best = t.smallestMovable()
		}
		if best < 0 {
			return // cannot happen: see smallestMovable
		}
		t.s[best] = true
	}
}

// smallestMovable is the smallest visible non-zero cell protection may
// hide, falling back to zeros, or -1.
func (t *table) smallestMovable() int {
	best := -1
	for m := range t.v {
		if t.movable(m) && (best < 0 || (t.v[m] != 0 && (t.v[best] == 0 || t.v[m] < t.v[best]))) {
			best = m
		}
	}
	return best
}

// findPublic marks the hidden cells that the shown fixed cells determine
// with every other cell hidden (see public). It runs before protection,
// only in a view with a breakdown (whose tables have overall cells).
func (t *table) findPublic() {
	t.public = nil
	if len(t.overall) == 0 {
		return
	}
	saved := t.s
	t.s = make([]bool, len(saved))
	for k := range t.s {
		t.s[k] = !t.fixed[k] || saved[k]
	}
	public := map[int]bool{}
	for {
		k, _ := t.pinned(public)
		if k < 0 {
			break
		}
		public[k] = true
	}
	t.s = saved
	t.public = public
}

// neighbour picks the cell to hide next to protect hidden cell k: the
// smallest visible non-zero cell in a sum with k, falling back to zeros;
// through free cells (which cannot be hidden) it looks one sum further.
func (t *table) neighbour(k int, seen map[int]bool) int {
	if seen[k] {
		return -1
	}
	seen[k] = true
	best := -1
	var via []int
	for _, g := range t.groups {
		if !slices.Contains(g.members, k) && g.total != k {
			continue
		}
		for i := 0; i <= len(g.members); i++ {
			m := g.total
			if i < len(g.members) {
				m = g.members[i]
			}
			if m < 0 {
				continue
			}
			if t.free[m] && m != k {
				via = append(via, m)
			}
			if !t.movable(m) {
				continue
			}
			if best < 0 || (t.v[m] != 0 && (t.v[best] == 0 || t.v[m] < t.v[best])) {
				best = m
			}
		}
	}
	for _, f := range via {
		if best >= 0 {
			break
		}
		best = t.neighbour(f, seen)
	}
	return best
}

// determined returns a hidden cell whose value follows from the visible
// cells, the groups' sums and the fact that no count is negative, or -1.
// It puts the relations among hidden cells in reduced row echelon form: a
// cell is determined exactly when a row of that form has it as its only
// unknown. A row whose unknowns all have the same sign and which adds up
// to zero pins every one of them to zero (as when everyone in a
// population answered a question, so that each column's base is its
// respondents); those are taken as known and the form is computed again.
//
// Public cells (see public) may be pinned down only that way, through
// bounds: what the sums alone give away must stay hidden even for them,
// because a reader with sums only (and the audit across views, which
// works with sums) would otherwise see them as disclosed.
func (t *table) determined() int {
	if k, _ := t.determinedGiven(map[int]bool{}, map[int]bool{}, false); k >= 0 {
		return k
	}
	known := maps.Clone(t.public)
	if known == nil {
		known = map[int]bool{}
	}
	k, _ := t.pinned(known)
	return k
}

// pinned is determined's search with bounds, the cells in known taken as
// known (they are added to it as bounds pin them to zero); it returns
// the first other cell pinned down, or -1.
func (t *table) pinned(known map[int]bool) (int, bool) {
	skip := maps.Clone(known)
	for {
		k, more := t.determinedGiven(known, skip, true)
		if !more {
			return k, false
		}
	}
}

// determinedGiven looks for a determined cell not in skip, the cells in
// zero taken as known. With bounds, a row that pins cells to zero adds
// them to zero and skip and reports more.
func (t *table) determinedGiven(zero, skip map[int]bool, bounds bool) (int, bool) {
	var unknown []int
	col := make([]int, len(t.s)) // a cell's column among the unknowns, or -1
	for k := range col {
		col[k] = -1
	}
	// The table's own cells first, then other tables' and the slacks:
	// the reduced form then ends with the relations among the slacks
	// alone, where the same-sign rule below finds what bounds pin.
	for pass := range 3 {
		for k, h := range t.s {
			rank := 0
			if t.free[k] {
				rank = 2
			} else if t.fixed[k] {
				rank = 1
			}
			if h && !zero[k] && rank == pass {
				col[k] = len(unknown)
				unknown = append(unknown, k)
			}
		}
	}
	if len(unknown) == 0 {
		return -1, false
	}
	// Protection calls this once for every cell it hides, on rows as wide
	// as the table: allocating (and zeroing) them each time cost more than
	// the elimination. The rows, their copies and the unknowns' values
	// live in t.scratch, kept from call to call.
	nu := len(unknown)
	if need := (2*len(t.groups) + 1) * nu; cap(t.scratch) < need {
		t.scratch = make([]float64, need)
	}
	buf := t.scratch[:cap(t.scratch)]
	val := buf[:nu:nu]
	for j, k := range unknown {
		val[j] = float64(t.v[k])
	}
	buf = buf[nu:]
	var m [][]float64
	cleared := -1 // a row left all zero is not kept, and the next group reuses it
	for _, g := range t.groups {
		row := buf[len(m)*nu : (len(m)+1)*nu : (len(m)+1)*nu]
		if cleared != len(m) {
			clear(row)
			cleared = len(m)
		}
		nz := false
		for _, mem := range g.members {
			if c := col[mem]; c >= 0 {
				row[c]++
				nz = true
			}
		}
		if g.total >= 0 && col[g.total] >= 0 {
			row[col[g.total]]--
			nz = true
		}
		if nz {
			m = append(m, row)
		}
	}
	const eps = 1e-9
	// The same-sign rule below, used only with bounds, reads the
	// relations as they are as well as reduced.
	var raw [][]float64
	if bounds {
		raw = make([][]float64, len(m))
		buf = buf[len(m)*nu:]
		for i, row := range m {
			raw[i] = buf[i*nu : (i+1)*nu : (i+1)*nu]
			copy(raw[i], row)
		}
	}
	r := 0
	for c := 0; c < len(unknown) && r < len(m); c++ {
		p := -1
		for i := r; i < len(m); i++ {
			if math.Abs(m[i][c]) > eps && (p < 0 || math.Abs(m[i][c]) > math.Abs(m[p][c])) {
				p = i
			}
		}
		if p < 0 {
			continue
		}
		m[r], m[p] = m[p], m[r]
		piv := m[r][c]
		for j := range m[r] {
			m[r][j] /= piv
		}
		for i := range m {
			if i != r && math.Abs(m[i][c]) > eps {
				f := m[i][c]
				for j := range m[i] {
					m[i][j] -= f * m[r][j]
				}
			}
		}
		r++
	}
	more := false
	if bounds {
		for _, row := range append(m[:r:r], raw...) {
			pos, neg, sum := 0, 0, 0.0
			for j, x := range row {
				switch {
				case x > eps:
					pos++
				case x < -eps:
					neg++
				}
				sum += x * val[j]
			}
			if (pos == 0 || neg == 0) && pos+neg > 1 && math.Abs(sum) < eps {
				for j, x := range row {
					if math.Abs(x) > eps && !zero[unknown[j]] {
						zero[unknown[j]], skip[unknown[j]] = true, true
						more = true
					}
				}
			}
		}
	}
	if more {
		return -1, true
	}
	for _, row := range m[:r] {
		only, n := -1, 0
		for j, x := range row {
			if math.Abs(x) > eps {
				only, n = j, n+1
			}
		}
		if n == 1 && t.v[unknown[only]] != 0 && !t.free[unknown[only]] && !skip[unknown[only]] {
			return unknown[only], false
		}
	}
	return -1, false
}

func (t *table) groupRules(extra func() bool) {
	for changed := true; changed; {
		changed = false
		for _, g := range t.groups {
			for !g.audit && t.needsMore(g) {
				k := t.pick(g)
				if k < 0 {
					break
				}
				t.s[k] = true
				changed = true
			}
		}
		if extra != nil && extra() {
			changed = true
		}
	}
}

func (t *table) needsMore(g group) bool {
	hidden, sum := 0, 0
	for _, m := range g.members {
		if t.s[m] {
			hidden++
			sum += t.v[m]
		}
	}
	if g.total >= 0 && t.s[g.total] {
		return hidden == 0 && t.v[g.total] != 0
	}
	// Hidden zeros alone give nothing away: a zero is never hidden for
	// its own sake, only as part of a column or a pattern.
	return sum > 0 && (hidden == 1 || sum < t.t)
}

func (t *table) pick(g group) int {
	best := -1
	for _, m := range g.members {
		if !t.movable(m) || t.v[m] == 0 {
			continue
		}
		if best < 0 || t.v[m] < t.v[best] {
			best = m
		}
	}
	if best >= 0 {
		return best
	}
	for _, m := range g.members {
		if t.movable(m) {
			return m
		}
	}
	if g.total >= 0 && t.movable(g.total) {
		return g.total
	}
	return -1
}
