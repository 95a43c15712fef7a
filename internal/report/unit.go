package report

import "staffnet/internal/survey"

// unit is the disclosure-control table for one slot (a single or multiple
// choice question, or one Likert item) across the report's columns:
// column 0 is the whole population, then one per crosstab column.
type unit struct {
	b       *builder
	q       *survey.Question
	t       *table
	baseIdx []int   // per column
	cellIdx [][]int // [column][option]
	netIdx  [][2]int
}

// netRows returns the options that make up net agree (the first two) and
// net disagree (the last two); on a scale of fewer than four points, the
// first and the last.
func netRows(nopt int) (agree, disagree []int) {
	if nopt >= 4 {
		return []int{0, 1}, []int{nopt - 2, nopt - 1}
	}
	return []int{0}, []int{nopt - 1}
}

// parentBases are, per column, a Likert question's own base ("answered any
// item"), which bounds each item's base: when it is hidden, so are the
// item's figures in that column.
type parentBases struct {
	v []int
	s []bool
}

func (b *builder) unit(q *survey.Question, slot int, colSupp []bool, parent *parentBases) *unit {
	t := &table{t: b.thr}
	u := &unit{b: b, q: q, t: t}
	multiple := q.Type == survey.Multiple
	likert := q.Type == survey.Likert
	agree, disagree := netRows(len(q.Options))
	on := !b.off
	tallies := b.tallies
	if b.by != nil && slot == b.bySlot {
		// The by question against its own columns is all structural
		// zeros: it is shown for the whole population only.
		tallies = tallies[:1]
	}
	var pops, nonresp, parents []int
	for c, tl := range tallies {
		base64, counts := tl.options(b.ds, slot)
		base := int(base64)
		hideCol := on && (colSupp[c] || t.small(base) || b.routeHidden(q, c) || (parent != nil && parent.s[c]))
		bi := t.add(base)
		t.s[bi] = hideCol
		u.baseIdx = append(u.baseIdx, bi)
		if on {
			// A base is at most the column's respondents and, for an
			// item, at most its question's base.
			pops = append(pops, b.popCell(t, tl.n, c, colSupp))
			nonresp = append(nonresp, t.bound(bi, pops[c]))
			if parent != nil {
				pc := t.addFixed(parent.v[c], parent.s[c])
				parents = append(parents, pc)
				t.bound(bi, pc)
			}
		}
		cells := make([]int, len(counts))
		for k, n := range counts {
			ci := t.add(int(n))
			t.s[ci] = on && (hideCol || t.small(int(n)) || (multiple && t.small(base-int(n))))
			cells[k] = ci
			if on && multiple {
				t.bound(ci, bi) // ticks of one option are at most the base
			}
		}
		u.cellIdx = append(u.cellIdx, cells)
		if likert {
			var nets [2]int
			for side, rows := range [][]int{agree, disagree} {
				sum := 0
				for _, k := range rows {
					sum += int(counts[k])
				}
				nets[side] = t.add(sum)
				t.s[nets[side]] = on && (hideCol || t.small(sum))
			}
			u.netIdx = append(u.netIdx, nets)
		}
	}
	if !on {
		return u
	}
	pick := func(cells []int, rows []int) []int {
		out := make([]int, len(rows))
		for i, k := range rows {
			out[i] = cells[k]
		}
		return out
	}
	type route struct {
		q      *survey.Question
		col    int
		groups int // index of the "shown" group; the "not shown" one follows
	}
	var routes []route
	for c, cells := range u.cellIdx {
		if multiple {
			// Ticks are not exclusive, so options do not add up to the
			// base; each cell stands alone (see the complement rule above).
			continue
		}
		t.groups = append(t.groups, group{members: cells, total: u.baseIdx[c]})
		if likert {
			// The nets and the options between them also add up to the base.
			middle := pick(cells, seq(agree[len(agree)-1]+1, disagree[0]))
			t.groups = append(t.groups,
				group{members: pick(cells, agree), total: u.netIdx[c][0]},
				group{members: pick(cells, disagree), total: u.netIdx[c][1]},
				group{members: append([]int{u.netIdx[c][0], u.netIdx[c][1]}, middle...), total: u.baseIdx[c]})
			continue
		}
		// A question shown only for some answers to this one publishes,
		// through its own base, roughly how many gave those answers. Both
		// sides of that split must be protected like the whole.
		for _, rs := range b.routingSplits(q) {
			var yes, no []int
			for k, cell := range cells {
				if rs.in[k] {
					yes = append(yes, cell)
				} else {
					no = append(no, cell)
				}
			}
			t.groups = append(t.groups, group{members: yes, total: -1}, group{members: no, total: -1})
			routes = append(routes, route{rs.q, c, len(t.groups) - 2})
		}
	}
	if !b.additive() && len(tallies) > 1 {
		// Overlapping columns (a multiple-choice breakdown) do not add
		// up, but each is part of the whole: none of its figures, nor
		// its number who did not answer, exceeds the whole population's.
		for c := 1; c < len(tallies); c++ {
			t.bound(u.baseIdx[c], u.baseIdx[0])
			t.bound(nonresp[c], nonresp[0])
			for k := range u.cellIdx[c] {
				t.bound(u.cellIdx[c][k], u.cellIdx[0][k])
			}
			if likert {
				t.bound(u.netIdx[c][0], u.netIdx[0][0])
				t.bound(u.netIdx[c][1], u.netIdx[0][1])
			}
		}
	}
	if b.additive() && len(tallies) > 1 {
		row := func(idx func(c int) int) {
			g := group{total: idx(0)}
			for c := 1; c < len(tallies); c++ {
				g.members = append(g.members, idx(c))
			}
			t.groups = append(t.groups, g)
		}
		row(func(c int) int { return u.baseIdx[c] })
		t.groups = append(t.groups, group{members: pops[1:], total: pops[0], audit: true})
		if parents != nil {
			// The question's bases add up across the columns too.
			t.groups = append(t.groups, group{members: parents[1:], total: parents[0], audit: true})
		}
		for k := range q.Options {
			row(func(c int) int { return u.cellIdx[c][k] })
		}
		if likert {
			row(func(c int) int { return u.netIdx[c][0] })
			row(func(c int) int { return u.netIdx[c][1] })
		}
	}
	item := -1
	if likert {
		item = slot - q.Slot()
	}
	u.fixOverall(item)
	t.protect(func() bool {
		changed := false
		for c, bi := range u.baseIdx {
			if !t.s[bi] {
				continue
			}
			hide := u.cellIdx[c]
			if likert {
				hide = append(hide[:len(hide):len(hide)], u.netIdx[c][0], u.netIdx[c][1])
			}
			for _, k := range hide {
				if !t.s[k] {
					t.s[k] = true
					changed = true
				}
			}
		}
		return changed
	})
	// Where the split could not be protected (a side has one option, so
	// nothing else can be hidden with it), the routed question's base
	// must not be shown in that column.
	for _, r := range routes {
		if t.needsMore(t.groups[r.groups]) || t.needsMore(t.groups[r.groups+1]) {
			if b.routeHide[r.q.ID] == nil {
				b.routeHide[r.q.ID] = make([]bool, len(b.tallies))
			}
			b.routeHide[r.q.ID][r.col] = true
		}
	}
	return u
}

// popCell adds, as a fixed cell, column c's respondents (n), as shown or
// hidden by the population table. The not-answered column's count is
// taken as shown: it is whenever the by question's base is.
func (b *builder) popCell(t *table, n, c int, colSupp []bool) int {
	hidden := colSupp[c]
	if b.by != nil && c == len(b.tallies)-1 && !colSupp[0] {
		hidden = false
	}
	k := t.addFixed(n, hidden)
	if b.overall != nil {
		// Every column's size is a figure of the view without the
		// breakdown (the by question's counts).
		t.keepOverall(k)
	}
	return k
}

// routeHidden reports whether q's figures in column c are hidden because
// its base would give away a hidden answer to the question routing to it.
func (b *builder) routeHidden(q *survey.Question, c int) bool {
	return b.routeHide[q.ID] != nil && b.routeHide[q.ID][c]
}

type routingSplit struct {
	q  *survey.Question // the routed question
	in []bool           // per option of the routing question: shows q
}

// routingSplits lists, for each question routed on single-choice q, which
// of q's options show it.
func (b *builder) routingSplits(q *survey.Question) []routingSplit {
	if q.Type != survey.Single {
		return nil
	}
	var out []routingSplit
	for _, y := range b.def.Questions() {
		if y.ShowIf == nil || y.ShowIf.Question != q.ID {
			continue
		}
		in := make([]bool, len(q.Options))
		for _, code := range y.ShowIf.AnyOf {
			if k := q.OptionIndex(code); k >= 0 {
				in[k] = true
			}
		}
		out = append(out, routingSplit{y, in})
	}
	return out
}

func (u *unit) base(c int) *int { return u.b.fig(u.t.v[u.baseIdx[c]], u.t.s[u.baseIdx[c]]) }

func (u *unit) baseHidden(c int) bool { return u.t.s[u.baseIdx[c]] }

// figure is cell k out of column c's base.
func (u *unit) figure(c, k int) Figure {
	t := u.t
	bi := u.baseIdx[c]
	if t.s[k] || t.s[bi] {
		return Figure{Suppressed: true}
	}
	f := Figure{Count: u.b.fig(t.v[k], false)}
	if n := t.v[bi]; n > 0 {
		p := 100 * float64(t.v[k]) / float64(n)
		lo, hi := Wilson(t.v[k], n)
		f.Percent, f.CI95 = &p, &[2]float64{lo, hi}
	}
	return f
}

func (u *unit) options(c int) []Option {
	out := make([]Option, len(u.q.Options))
	for k, o := range u.q.Options {
		out[k] = Option{Code: o.Code, Label: o.Label, Figure: u.figure(c, u.cellIdx[c][k])}
	}
	return out
}

func (u *unit) nets(c int) (agree, disagree Figure) {
	return u.figure(c, u.netIdx[c][0]), u.figure(c, u.netIdx[c][1])
}

// overallHidden reports which whole-population option cells are hidden,
// then whether the base is.
func (u *unit) overallHidden() []bool {
	out := make([]bool, len(u.cellIdx[0]), len(u.cellIdx[0])+1)
	for k, ci := range u.cellIdx[0] {
		out[k] = u.t.s[ci]
	}
	return append(out, u.t.s[u.baseIdx[0]])
}
