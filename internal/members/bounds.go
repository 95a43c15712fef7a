package members

// What the equations of auditor.leaks leave out: the bounds each figure sets.
// "fewer than 11" is 1 to 10; an allies' count withheld by Part is at
// least 11 with 1 to 10 others beside it; no count is below 0; and the
// allies are part of their total. A change in members now of 10 over a
// month whose joined reads "fewer than 11" and whose left is withheld
// pins the joined at 10 and the left at 0, though no equation does.
// boundLeaks tightens each month's counts to what every figure allows
// together (interval propagation, as in constraint solvers) and reports
// any withheld count pinned to 1 to 10. It finds what single figures and
// short stretches pin; a bound that only a long chain of reasoning would
// reach can still escape it. A count that choose withheld is one Count
// would have shown, so 0 or 11 or more; the spans keep that hole.

// unbounded stands for no bound; sums are kept within it.
const unbounded = 1 << 40

type span struct{ lo, hi int }

// term is a weight on one of the counts (4m+0 joined, +1 left, +2 allies
// joined, +3 allies left of month m).
type term struct{ v, w int }

// constraint says lo ≤ Σ w·count ≤ hi.
type constraint struct {
	terms  []term
	lo, hi int
}

// boundLeaks reports whether, with the bounds, what is shown for the
// first n months pins a withheld count, the joiners or leavers who are
// not allies in a month, or the members, allies or members who are not
// allies at a month's end, to 1 to 10.
func (a *auditor) boundLeaks(n int) bool {
	iv, hole := make([]span, 7*n), make([]bool, 7*n)
	var cons []constraint
	for m := range n {
		x := a.x[m]
		val := [4]int{x[0] + x[1], x[2] + x[3], x[1], x[3]}
		for c := range 4 {
			switch {
			case a.cells[m][c]:
				iv[4*m+c] = span{val[c], val[c]}
			case a.want[m][c]: // withheld by choose: Count would show it, so 0 or 11 or more
				iv[4*m+c], hole[4*m+c] = span{0, unbounded}, true
			case val[c] < MinShown: // "fewer than 11"
				iv[4*m+c] = span{1, MinShown - 1}
			default: // an allies' count withheld by Part: 11 or more, 1 to 10 others
				iv[4*m+c] = span{MinShown, unbounded}
				cons = append(cons, constraint{[]term{{4*m + c - 2, 1}, {4*m + c, -1}}, 1, MinShown - 1})
			}
		}
		// Allies are part of their total.
		cons = append(cons, constraint{[]term{{4*m + 2, 1}, {4 * m, -1}}, -unbounded, 0},
			constraint{[]term{{4*m + 3, 1}, {4*m + 1, -1}}, -unbounded, 0})
	}
	// Members, allies and members who are not allies at the end of each
	// month (variables 4n+3k, +1, +2): the month before's plus the month's
	// changes, from those before the first month; bounded as what was
	// shown of them bounds them.
	stock := func(k, c int) int { return 4*n + 3*k + c }
	for k := range n {
		iv[stock(k, 2)] = span{0, unbounded} // members who are not allies: never shown themselves
		for c := range 2 {
			ts := []term{{stock(k, c), 1}, {4*k + 2*c, -1}, {4*k + 1 + 2*c, 1}}
			prev := a.base[c]
			if k > 0 {
				ts, prev = append(ts, term{stock(k-1, c), -1}), 0
			}
			cons = append(cons, constraint{ts, prev, prev})
			v := a.stock[k][c]
			switch {
			case a.now[k][c]:
				iv[stock(k, c)] = span{v, v}
			case a.nowWant[k][c]: // withheld by choose: 0 or 11 or more
				iv[stock(k, c)], hole[stock(k, c)] = span{0, unbounded}, true
			case v > 0 && v < MinShown: // "fewer than 11"
				iv[stock(k, c)] = span{1, MinShown - 1}
			default: // allies now withheld by Part: 11 or more, 1 to 10 others
				iv[stock(k, c)] = span{MinShown, unbounded}
				iv[stock(k, 2)] = span{1, MinShown - 1}
			}
		}
		cons = append(cons, constraint{[]term{{stock(k, 0), 1}, {stock(k, 1), -1}, {stock(k, 2), -1}}, 0, 0})
	}
	for range 64 {
		if !tighten(iv, hole, cons) {
			break
		}
	}
	pinned := func(s span) bool { return s.lo == s.hi && s.lo > 0 && s.lo < MinShown }
	for m := range n {
		for c := range 4 {
			if !a.cells[m][c] && pinned(iv[4*m+c]) {
				return true
			}
		}
		for c := range 2 { // the others: joined less allies joined, left less allies left
			total, part := iv[4*m+c], iv[4*m+c+2]
			if (!a.cells[m][c] || !a.cells[m][c+2]) && total.lo == total.hi && part.lo == part.hi && pinned(span{total.lo - part.lo, total.lo - part.lo}) {
				return true
			}
		}
		for c := range 3 { // the members, allies and others at the month's end
			shown := c < 2 && a.now[m][c] || c == 2 && a.now[m][0] && a.now[m][1]
			if !shown && pinned(iv[stock(m, c)]) {
				return true
			}
		}
	}
	return false
}

// tighten narrows each count to what every constraint allows, given the
// others' spans, once over all constraints; it reports whether any span
// narrowed. A count with a hole is not 1 to 10: at most 10 makes it 0,
// at least 1 makes it 11 or more.
func tighten(iv []span, hole []bool, cons []constraint) bool {
	changed := false
	// weighted is w·count's least and most (±unbounded for none).
	weighted := func(t term) (int, int) {
		lo, hi := t.w*iv[t.v].lo, t.w*iv[t.v].hi
		if t.w < 0 {
			lo, hi = hi, lo
		}
		return lo, hi
	}
	for _, c := range cons {
		// The terms' least and most, summed over those bounded, and how
		// many are not: a term's others are bounded when all of them are.
		var sumLo, sumHi, openLo, openHi int
		for _, t := range c.terms {
			lo, hi := weighted(t)
			if lo <= -unbounded {
				openLo++
			} else {
				sumLo += lo
			}
			if hi >= unbounded {
				openHi++
			} else {
				sumHi += hi
			}
		}
		for _, t := range c.terms {
			lo, hi := weighted(t)
			othersLo, othersOK := sumLo, openLo == 0
			if lo <= -unbounded {
				othersOK = openLo == 1
			} else {
				othersLo -= lo
			}
			othersHi, othersHiOK := sumHi, openHi == 0
			if hi >= unbounded {
				othersHiOK = openHi == 1
			} else {
				othersHi -= hi
			}
			// w·count lies within [c.lo − (others' most), c.hi − (others'
			// least)].
			wLo, wHi := -unbounded, unbounded
			if c.lo > -unbounded && othersHiOK {
				wLo = c.lo - othersHi
			}
			if c.hi < unbounded && othersOK {
				wHi = c.hi - othersLo
			}
			nlo, nhi := wLo, wHi
			if t.w < 0 {
				nlo, nhi = -wHi, -wLo
			}
			s := iv[t.v]
			if nlo > s.lo && nlo > -unbounded {
				s.lo, changed = nlo, true
			}
			if nhi < s.hi && nhi < unbounded {
				s.hi, changed = nhi, true
			}
			if hole[t.v] && s.hi < MinShown && s.hi > 0 {
				s.hi, changed = 0, true
			}
			if hole[t.v] && s.lo > 0 && s.lo < MinShown {
				s.lo, changed = MinShown, true
			}
			iv[t.v] = s
		}
	}
	return changed
}
