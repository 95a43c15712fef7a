package report

import "staffnet/internal/survey"

// A breakdown never costs the figures for everyone. A reader who may see
// a view with a breakdown may see the same view without it (the
// dashboard shows both; a published breakdown's figures for everyone are
// what anyone could ask the CLI or an analyst for), so a figure for
// everyone hidden only because of the breakdown protects nothing. The
// figures for everyone are therefore taken, shown or hidden, from the
// view without the breakdown (builder.overall), and enter each
// breakdown table as fixed cells: protection works around them, hiding
// the breakdown's own cells. Whatever those fixed figures give away
// about a column by themselves (for example that everyone answered a
// question, so every column's base is its respondents) the view without
// the breakdown gives away already; the tables take it as known
// (table.public) rather than hide more to protect it.

// overallFigures says which figures for everyone, for one slot, the view
// without the breakdown hides.
type overallFigures struct {
	base  bool
	cells []bool
	nets  [2]bool
}

// fixedOverall returns, for question q (item: a Likert item's index, or
// -1 for the question itself), what the view without the breakdown
// hides; ok is false without a breakdown.
func (b *builder) fixedOverall(q *survey.Question, item int) (of overallFigures, ok bool) {
	if b.overall == nil {
		return of, false
	}
	for _, qr := range b.overall.Questions {
		if qr.ID != q.ID {
			continue
		}
		of.base = qr.Suppressed
		opts := qr.Options
		if item >= 0 {
			it := qr.Items[item]
			of.base, opts = it.Suppressed, it.Options
			of.nets = [2]bool{it.NetAgree.Suppressed, it.NetDisagree.Suppressed}
		}
		for _, o := range opts {
			of.cells = append(of.cells, o.Suppressed)
		}
		return of, true
	}
	return of, false
}

// overallPopulations decides which columns are hidden outright when the
// view without the breakdown is known: a column's respondents are the by
// question's count for its answer there, and the not-answered column's
// are the respondents less the by question's base. So a column is
// hidden when that count is, or (not answered) when it is small, and
// nothing else need be hidden to protect them.
func (b *builder) overallPopulations(pops []int, forced []bool) []bool {
	hide := make([]bool, len(pops))
	of, _ := b.fixedOverall(b.by.q, b.by.item)
	for c := range pops {
		switch {
		case c == 0:
			hide[c] = b.overall.Suppressed
		case c == len(pops)-1:
			hide[c] = (pops[c] > 0 && pops[c] < b.thr) || of.base
		default:
			hide[c] = of.cells[c-1] || of.base
		}
		hide[c] = hide[c] || forced[c] || hide[0]
	}
	return hide
}

// fixOverall makes column 0 of u's table the fixed figures for everyone
// of the view without the breakdown.
func (u *unit) fixOverall(item int) {
	of, ok := u.b.fixedOverall(u.q, item)
	if !ok {
		return
	}
	t := u.t
	fix := func(k int, hidden bool) {
		t.s[k], t.fixed[k] = hidden, true
		t.keepOverall(k)
	}
	fix(u.baseIdx[0], of.base)
	for k, ci := range u.cellIdx[0] {
		fix(ci, of.cells[k])
	}
	if u.netIdx != nil {
		fix(u.netIdx[0][0], of.nets[0])
		fix(u.netIdx[0][1], of.nets[1])
	}
}
