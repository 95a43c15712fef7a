package members

// What the equations of audit leave out: the bounds each figure sets.
// "fewer than 11" is 1 to 10; an allies' count withheld by Part is at
// least 11 with 1 to 10 others beside it; no count is below 0; and the
// allies are part of their total. A change in members now of 10 over a
// month whose joined reads "fewer than 11" and whose left is withheld
// pins the joined at 10 and the left at 0, though no equation does.
// boundLeaks tightens each month's counts to what every figure allows
// together (interval propagation, as in constraint solvers) and reports
// any withheld count pinned to 1 to 10. It finds what single figures and
// short stretches pin; a bound that only a long chain of reasoning would
// reach can still escape it. A count the audit itself withheld is one
// Count would have shown, so 0 or 11 or more; the spans keep that hole.

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

func clamp(n int) int { return max(-unbounded, min(n, unbounded)) }

// boundLeaks reports whether, with the bounds, what is shown for the
// first n months pins a withheld count, or the joiners or leavers who are
// not allies in a month, to 1 to 10.
func (a *auditor) boundLeaks(n int) bool {
	iv, hole := make([]span, 4*n), make([]bool, 4*n)
	var cons []constraint
	for m := range n {
		x := a.x[m]
		val := [4]int{x[0] + x[1], x[2] + x[3], x[1], x[3]}
		for c := range 4 {
			switch {
			case a.cells[m][c]:
				iv[4*m+c] = span{val[c], val[c]}
			case a.want[m][c]: // withheld by audit: Count would show it, so 0 or 11 or more
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
	// Each change in members now (allies now) between two month-ends at
	// which it was shown, from the members before the first month.
	for c := range 2 {
		from, last := 0, a.base[c]
		for k := range n {
			if !a.now[k][c] {
				continue
			}
			var ts []term
			for m := from; m <= k; m++ {
				ts = append(ts, term{4*m + 2*c, 1}, term{4*m + 1 + 2*c, -1})
			}
			d := a.stock[k][c] - last
			cons = append(cons, constraint{ts, d, d})
			from, last = k+1, a.stock[k][c]
		}
	}
	// Members now (allies now) that read "fewer than 11" at a month's end
	// are 1 to 10 there: a bound on every change up to it.
	for c := range 2 {
		for k := range n {
			if v := a.stock[k][c]; !a.now[k][c] && v > 0 && v < MinShown {
				var ts []term
				for m := 0; m <= k; m++ {
					ts = append(ts, term{4*m + 2*c, 1}, term{4*m + 1 + 2*c, -1})
				}
				cons = append(cons, constraint{ts, 1 - a.base[c], MinShown - 1 - a.base[c]})
			}
		}
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
	}
	return false
}

// tighten narrows each count to what every constraint allows, given the
// others' spans, once over all constraints; it reports whether any span
// narrowed. A count with a hole is not 1 to 10: at most 10 makes it 0,
// at least 1 makes it 11 or more.
func tighten(iv []span, hole []bool, cons []constraint) bool {
	changed := false
	for _, c := range cons {
		var sumLo, sumHi int
		for _, t := range c.terms {
			lo, hi := t.w*iv[t.v].lo, t.w*iv[t.v].hi
			if t.w < 0 {
				lo, hi = hi, lo
			}
			sumLo, sumHi = clamp(sumLo+lo), clamp(sumHi+hi)
		}
		for _, t := range c.terms {
			lo, hi := t.w*iv[t.v].lo, t.w*iv[t.v].hi
			if t.w < 0 {
				lo, hi = hi, lo
			}
			// w·count lies within [c.lo − (others' most), c.hi − (others'
			// least)]; a sum at the bound has a term that is unbounded, and
			// then says nothing of the others.
			wLo, wHi := -unbounded, unbounded
			if c.lo > -unbounded && sumHi < unbounded {
				wLo = c.lo - (sumHi - hi)
			}
			if c.hi < unbounded && sumLo > -unbounded {
				wHi = c.hi - (sumLo - lo)
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
