package report

import (
	"fmt"
	"slices"
	"strings"
)

// Derived groups. Two published views can be subtracted to give the
// figures of a group no view shows: "all regions" minus "seven regions"
// gives the 117 people of the other two. That group is large enough, but
// a count of 2 inside it ("2 of them disagree") is a group of 2 people,
// as surely as if it had been published. So for every figure (a base, an
// option, a net, and for multiple choice the number who answered but did
// not tick an option) the audit asks whether some group of atoms has that
// figure exactly determined by the figures shown, and refuses when it
// comes to 1 to threshold−1.
//
// A group is a set of atoms (a 0/1 vector g over them). Its figure f is
// determined when the row adding f over g lies in the span of the shown
// figures; by linearity that is when the residuals of each atom's row,
// after reduction by the span, add up to zero over g. Atoms holding
// threshold or more of f can be left out (any group holding one comes to
// at least the threshold); atoms whose residual is zero and hold none of
// f can be added or dropped freely. What remains is a small search over
// the atoms holding 1 to threshold−1.

// atomFigures are an atom's true figures for one slot: base, options,
// then for a Likert item net agree and net disagree.
func (ds *Dataset) atomFigures(a *atomSet, sl slot) [][]int {
	si := slices.IndexFunc(ds.cols, func(c column) bool { return c.q == sl.q && c.item == sl.item })
	out := make([][]int, len(a.size))
	for at, tl := range a.tally {
		if si < 0 {
			// A Likert question's own base or a free-text question's.
			out[at] = []int{int(tl.any[sl.q.Index()])}
			continue
		}
		base, counts := tl.options(ds, si)
		figs := []int{int(base)}
		for _, n := range counts {
			figs = append(figs, int(n))
		}
		if sl.item >= 0 {
			agree, disagree := netRows(len(counts))
			for _, rows := range [][]int{agree, disagree} {
				s := 0
				for _, k := range rows {
					s += int(counts[k])
				}
				figs = append(figs, s)
			}
		}
		out[at] = figs
	}
	return out
}

// derivedFigure is one figure of the search: the row it adds over one
// atom, and its name for a message.
type derivedFigure struct {
	row  func(at int) []float64
	what string
}

// derivedFigures lists the figures of slot sl whose values per atom are
// vals[at][f], with, for multiple choice, those who did not tick each
// option (their value is base − count).
func (a *atomSet) derivedFigures(sl slot, vals [][]int) ([]derivedFigure, [][]int) {
	kinds := 1 + sl.options
	unit := func(at int, ks ...int) []float64 {
		row := make([]float64, len(a.size)*kinds)
		for _, k := range ks {
			row[at*kinds+k]++
		}
		return row
	}
	title := fmt.Sprintf("“%s”", sl.q.Title)
	if sl.item >= 0 {
		title += " — " + sl.q.Items[sl.item].Label
	}
	var figs []derivedFigure
	figs = append(figs, derivedFigure{func(at int) []float64 { return unit(at, 0) }, "answered " + title})
	for k := 1; k < kinds; k++ {
		figs = append(figs, derivedFigure{func(at int) []float64 { return unit(at, k) },
			fmt.Sprintf("answered “%s” to %s", sl.q.Options[k-1].Label, title)})
	}
	if sl.item >= 0 {
		agree, disagree := netRows(sl.options)
		for side, rows := range [][]int{agree, disagree} {
			ks := make([]int, len(rows))
			for i, k := range rows {
				ks[i] = k + 1
			}
			figs = append(figs, derivedFigure{func(at int) []float64 { return unit(at, ks...) },
				fmt.Sprintf("make up the net %s figure of %s", []string{"agree", "disagree"}[side], title)})
		}
	}
	if !sl.sums && sl.options > 0 {
		// Multiple choice: answered but did not tick option k, the base
		// minus the option.
		for k := 1; k < kinds; k++ {
			figs = append(figs, derivedFigure{func(at int) []float64 {
				row := unit(at, 0)
				row[at*kinds+k] -= 1
				return row
			}, fmt.Sprintf("answered %s but did not tick “%s”", title, sl.q.Options[k-1].Label)})
			for at := range vals {
				vals[at] = append(vals[at], vals[at][0]-vals[at][k])
			}
		}
	}
	return figs, vals
}

// derivedGroup looks, figure by figure, for a group of atoms whose figure
// is determined by sys (the shown figures of slot sl) and comes to 1 to
// thr−1. It returns the group and the figure's name, or nil.
func (a *atomSet) derivedGroup(sys *span, sl slot, vals [][]int, thr int) ([]int, string) {
	figs, vals := a.derivedFigures(sl, vals)
	for f, fig := range figs {
		if !slices.ContainsFunc(vals, func(v []int) bool { return v[f] > 0 && v[f] < thr }) {
			continue // no atom holds 1 to thr−1, so no group can
		}
		var small, free []int // atoms holding 1..thr−1, and none, of f
		resOf := map[int][]float64{}
		for at := range a.size {
			v := vals[at][f]
			if v >= thr || v < 0 {
				continue
			}
			r := sys.reduce(fig.row(at))
			if zero(r) {
				if v > 0 {
					return []int{at}, fig.what // the atom's own figure
				}
				continue
			}
			resOf[at] = r
			if v > 0 {
				small = append(small, at)
			} else {
				free = append(free, at)
			}
		}
		if len(small) == 0 {
			continue
		}
		if g := searchDerived(small, free, resOf, vals, f, thr); g != nil {
			return g, fig.what
		}
	}
	return nil, ""
}

// maxFreeEnumerated is how many atoms holding none of a figure the search
// tries in every combination; beyond it, it lets their coefficients be
// any number, which can only find more (and so refuse more).
const maxFreeEnumerated = 12

// searchDerived tries the sets S of small atoms whose figure adds up to
// less than thr, with any set T of free atoms, for one whose residuals
// add up to zero: a determined group. T is looked for only when some
// real combination of the free atoms' residuals would do.
func searchDerived(small, free []int, resOf map[int][]float64, vals [][]int, f, thr int) []int {
	n := len(resOf[small[0]])
	freeSpan := newSpan(n)
	for _, at := range free {
		freeSpan.add(resOf[at])
	}
	// withFree returns the free atoms whose residuals cancel sum, or ok
	// false.
	withFree := func(sum []float64) (set []int, ok bool) {
		if !freeSpan.spans(sum) {
			return nil, false
		}
		if len(free) > maxFreeEnumerated {
			return slices.Clone(free), true
		}
		t := make([]float64, n)
		for mask := 0; mask < 1<<len(free); mask++ {
			copy(t, sum)
			set = set[:0]
			for i, at := range free {
				if mask&(1<<i) != 0 {
					set = append(set, at)
					for j, x := range resOf[at] {
						t[j] += x
					}
				}
			}
			if zero(t) {
				return slices.Clone(set), true
			}
		}
		return nil, false
	}
	checks := 0
	sum := make([]float64, n)
	var found []int
	var try func(from int, set []int, total int) bool
	try = func(from int, set []int, total int) bool {
		for i := from; i < len(small); i++ {
			at := small[i]
			v := vals[at][f]
			if total+v >= thr {
				continue
			}
			next := append(set, at)
			if checks++; checks > maxExposureChecks {
				found = slices.Clone(small) // too many to check: assume the worst
				return true
			}
			for j, x := range resOf[at] {
				sum[j] += x
			}
			if extra, ok := withFree(sum); ok {
				found = append(slices.Clone(next), extra...)
				return true
			}
			if try(i+1, next, total+v) {
				return true
			}
			for j, x := range resOf[at] {
				sum[j] -= x
			}
		}
		return false
	}
	try(0, nil, 0)
	slices.Sort(found)
	return found
}

func zero(r []float64) bool {
	for _, x := range r {
		if x > 1e-6 || x < -1e-6 {
			return false
		}
	}
	return true
}

// describe names the group of atoms g for a message: the people counted
// in one population but not in the others inside it that it leaves out.
func (a *atomSet) describe(views []*auditView, g []int) string {
	n := 0
	for _, at := range g {
		n += a.size[at]
	}
	type pop struct {
		name  string
		atoms []int
	}
	var pops []pop
	for vi, v := range views {
		for p := range v.pops {
			pops = append(pops, pop{popName(v, p), a.in[vi][p]})
		}
	}
	// The smallest population holding the whole group.
	outer := -1
	for i, p := range pops {
		if isSubset(g, p.atoms) && (outer < 0 || len(p.atoms) < len(pops[outer].atoms)) {
			outer = i
		}
	}
	if outer < 0 {
		return fmt.Sprintf("%s people that the views' populations tell apart", thousands(n))
	}
	// Populations inside it that leave the group out, and together leave
	// exactly the group.
	var names []string
	left := slices.Clone(pops[outer].atoms)
	for _, p := range pops {
		if isSubset(p.atoms, pops[outer].atoms) && !slices.ContainsFunc(p.atoms, func(at int) bool { return slices.Contains(g, at) }) && len(p.atoms) > 0 {
			left = slices.DeleteFunc(left, func(at int) bool { return slices.Contains(p.atoms, at) })
			if !slices.Contains(names, p.name) {
				names = append(names, p.name)
			}
		}
	}
	if len(names) == 0 || !isSubset(left, g) || len(names) > 3 {
		return fmt.Sprintf("%s of the people counted in %s", thousands(n), pops[outer].name)
	}
	return fmt.Sprintf("the %s people counted in %s but not in %s", thousands(n), pops[outer].name, strings.Join(names, " or "))
}

func isSubset(a, b []int) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// popName names population p of view v: the view, or one of its columns.
func popName(v *auditView, p int) string {
	w := "this view"
	if v.prior != nil {
		w = v.prior.name()
	}
	if p > 0 {
		return fmt.Sprintf("the column “%s” of %s", v.rep.By.Columns[p-1].Label, w)
	}
	return w
}
