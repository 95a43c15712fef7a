package report

import (
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

var auditIterations = flag.Int("audit.iterations", 40, "random sets of views TestAuditAgainstRespondentAttacker tries")

// TestAuditAgainstRespondentAttacker checks Audit with two attackers that
// know nothing of its workings. The first has one unknown per respondent
// and answer; every figure shown in any view is the sum of its
// population's unknowns, and a hidden figure is recovered when its sum
// lies in the span of those shown. The second groups respondents by the
// populations they are in, and bounds each group's answers by its size
// (unknown unless published) and by zero: by linear programming it finds
// the interval every small hidden figure could lie in. Whenever Audit
// lets a set of views through, neither may recover a hidden figure (the
// second, one of 1–10; a larger one held to its value is only protecting
// another, which would be held too); and two views whose populations
// differ by 1–10 people must never get through.

func TestAuditAgainstRespondentAttacker(t *testing.T) {
	t.Parallel() // a few seconds of CPU and nothing shared: overlap the randomised attacks
	def := loadDef(t, "tiny.json")
	rng := rand.New(rand.NewPCG(9, 9))
	colours := []string{"red", "green", "blue"}
	petCodes := []string{"cat", "dog", "fish", "none"}
	scale := []string{"sa", "a", "n", "d", "sd"}
	type row struct {
		colour, why, tea, cake string
		pets                   []string
	}
	passed, refused, pinned, derivedChecked := 0, 0, 0, 0
	for iter := range *auditIterations {
		n := 20 + rng.IntN(60)
		rows := make([]row, n)
		var specs []rowSpec
		for i := range rows {
			r := row{}
			if rng.Float64() < 0.93 {
				r.colour = colours[rng.IntN(3)]
			}
			if r.colour == "red" {
				r.why = []string{"yes", "no"}[rng.IntN(2)]
			}
			switch k := rng.IntN(5); k {
			case 4:
			case 3:
				r.pets = []string{"cat", "dog"}
			default:
				r.pets = []string{petCodes[k]}
			}
			r.tea, r.cake = scale[rng.IntN(5)], scale[rng.IntN(5)]
			if rng.Float64() < 0.1 {
				r.tea = ""
			}
			rows[i] = r
			v := "colour=" + r.colour + "|pets=" + strings.Join(r.pets, ";") + "|views.cake=" + r.cake
			if r.why != "" {
				v += "|why_red=" + r.why
			}
			if r.tea != "" {
				v += "|views.tea=" + r.tea
			}
			specs = append(specs, rowSpec{1, v})
		}
		ds := build(t, def, specs...)

		// A view: a colour filter (some colours), maybe a pets filter, and
		// a breakdown.
		type view struct {
			opt     Options
			in      func(row) bool
			columns []func(row) bool
		}
		randomView := func() view {
			var v view
			cs := slices.Clone(colours)
			rng.Shuffle(3, func(i, j int) { cs[i], cs[j] = cs[j], cs[i] })
			cs = cs[:1+rng.IntN(3)]
			ps := petCodes[:1+rng.IntN(4)]
			usePets := rng.IntN(3) == 0
			v.opt.Filters = []Filter{{Question: "colour", Codes: cs}}
			if usePets {
				v.opt.Filters = append(v.opt.Filters, Filter{Question: "pets", Codes: slices.Clone(ps)})
			}
			v.in = func(r row) bool {
				if !slices.Contains(cs, r.colour) {
					return false
				}
				return !usePets || slices.ContainsFunc(r.pets, func(p string) bool { return slices.Contains(ps, p) })
			}
			switch rng.IntN(4) {
			case 1:
				v.opt.By = "colour"
				for _, c := range append(slices.Clone(colours), "") {
					v.columns = append(v.columns, func(r row) bool { return r.colour == c })
				}
			case 2:
				v.opt.By = "pets"
				for _, p := range petCodes {
					v.columns = append(v.columns, func(r row) bool { return slices.Contains(r.pets, p) })
				}
				v.columns = append(v.columns, func(r row) bool { return len(r.pets) == 0 })
			case 3:
				v.opt.By = "views.tea"
				for _, s := range append(slices.Clone(scale), "") {
					v.columns = append(v.columns, func(r row) bool { return r.tea == s })
				}
			}
			return v
		}
		views := []view{randomView(), randomView(), randomView()}
		var reps, truths []*Report
		for _, v := range views {
			reps = append(reps, mustReport(t, ds, v.opt))
			o := v.opt
			o.Unsuppressed = true
			truths = append(truths, mustReport(t, ds, o))
		}
		var priors []Prior
		for k := range views[1:] {
			priors = append(priors, Prior{Title: fmt.Sprint("view ", k+1), PublishedOn: "2026-05-03", Report: reps[k+1]})
		}
		err := ds.Audit(reps[0], priors)

		// Two visible whole populations 1–10 apart must be refused.
		size := func(v view) (m map[int]bool) {
			m = map[int]bool{}
			for i, r := range rows {
				if v.in(r) {
					m[i] = true
				}
			}
			return m
		}
		for k := 1; k < 3; k++ {
			if reps[0].Respondents == nil || reps[k].Respondents == nil {
				continue
			}
			a, b := size(views[0]), size(views[k])
			d := 0
			for i := range rows {
				if a[i] != b[i] {
					d++
				}
			}
			if d > 0 && d < 11 && err == nil {
				t.Errorf("iteration %d: views 0 and %d differ by %d people and were let through", iter, k, d)
			}
		}
		if err != nil {
			refused++
			continue
		}
		passed++
		// Classes of respondents the views' populations tell apart, for
		// the derived-group attacker below.
		var allPops []func(row) bool
		for _, v := range views {
			allPops = append(allPops, v.in)
			for _, c := range v.columns {
				allPops = append(allPops, func(r row) bool { return v.in(r) && c(r) })
			}
		}
		classOf := map[string]int{}
		classKey := func(r row) string {
			key := ""
			for _, m := range allPops {
				key += map[bool]string{true: "1", false: "0"}[m(r)]
			}
			return key
		}
		for _, r := range rows {
			if k := classKey(r); !strings.Contains(k, "1") {
				continue // in no view
			} else if _, ok := classOf[k]; !ok {
				classOf[k] = len(classOf)
			}
		}
		// The respondent-level attacker, one slot at a time.
		for _, sl := range auditSlots(def) {
			if sl.q.ID == "tools" || sl.q.ID == "many" {
				continue // nobody answers them here: every figure is 0
			}
			kinds := 1 + sl.options
			sys := newSpan(n * kinds)
			if sl.sums {
				for i := range n {
					eq := make([]float64, n*kinds)
					eq[i*kinds] = -1
					for k := 1; k < kinds; k++ {
						eq[i*kinds+k] = 1
					}
					sys.add(eq)
				}
			}
			agree, disagree := netRows(sl.options)
			sum := func(members func(row) bool, f int) []float64 {
				eq := make([]float64, n*kinds)
				for i, r := range rows {
					if !members(r) {
						continue
					}
					switch {
					case f < kinds:
						eq[i*kinds+f] = 1
					case f == kinds:
						for _, k := range agree {
							eq[i*kinds+k+1] = 1
						}
					default:
						for _, k := range disagree {
							eq[i*kinds+k+1] = 1
						}
					}
				}
				return eq
			}
			type hiddenFig struct {
				eq   []float64
				what string
			}
			var hidden []hiddenFig
			for vi, v := range views {
				pops := []func(row) bool{v.in}
				for _, c := range v.columns {
					pops = append(pops, func(r row) bool { return v.in(r) && c(r) })
				}
				for p, members := range pops {
					shown, ok := sl.figures(reps[vi], p)
					if !ok {
						continue
					}
					truth, _ := sl.figures(truths[vi], p)
					for f, fig := range shown {
						if fig != nil {
							sys.add(sum(members, f))
						} else if truth[f] != nil && *truth[f] != 0 {
							hidden = append(hidden, hiddenFig{sum(members, f), fmt.Sprintf("view %d population %d %s figure %d (%d)", vi, p, sl.q.ID, f, *truth[f])})
						}
					}
				}
			}
			for _, h := range hidden {
				if sys.spans(h.eq) {
					t.Errorf("iteration %d: audit passed, but %s follows from the figures shown", iter, h.what)
				}
			}
			// Derived groups: no union of classes may have a figure of
			// 1 to 10 that follows from the figures shown.
			if len(classOf) <= maxDerivedClasses {
				derivedChecked++
				truthRow := make([]float64, n*kinds)
				for i, r := range rows {
					for k, x := range answersOf(r, sl) {
						truthRow[i*kinds+k] = float64(x)
					}
				}
				figs := []func(members func(row) bool) []float64{}
				for f := range kinds {
					figs = append(figs, func(m func(row) bool) []float64 { return sum(m, f) })
				}
				if sl.item >= 0 {
					figs = append(figs, func(m func(row) bool) []float64 { return sum(m, kinds) }, func(m func(row) bool) []float64 { return sum(m, kinds+1) })
				}
				if !sl.sums && sl.options > 0 {
					for k := 1; k < kinds; k++ {
						figs = append(figs, func(m func(row) bool) []float64 {
							eq := sum(m, 0)
							for j, x := range sum(m, k) {
								eq[j] -= x
							}
							return eq
						})
					}
				}
				for mask := 1; mask < 1<<len(classOf); mask++ {
					members := func(r row) bool {
						c, ok := classOf[classKey(r)]
						return ok && mask&(1<<c) != 0
					}
					for fi, fig := range figs {
						eq := fig(members)
						v := 0.0
						for j, x := range eq {
							v += x * truthRow[j]
						}
						if v >= 1 && v < 11 && sys.spans(eq) {
							t.Errorf("iteration %d: audit passed, but a group of classes %b has figure %d of %s = %g", iter, mask, fi, sl.q.ID, v)
						}
					}
				}
			}
			if len(hidden) > 0 {
				// Atom-level LP: group respondents by the populations they
				// are in; unknowns are each atom's size y and its count x
				// per figure kind, 0 ≤ x ≤ y; shown population counts and
				// figures are equations.
				var pops []func(row) bool
				var shownN []*int
				type popRef struct{ vi, p int }
				var refs []popRef
				for vi, v := range views {
					pops = append(pops, v.in)
					shownN = append(shownN, reps[vi].Respondents)
					refs = append(refs, popRef{vi, 0})
					for j, c := range v.columns {
						pops = append(pops, func(r row) bool { return v.in(r) && c(r) })
						shownN = append(shownN, reps[vi].By.Columns[j].Respondents)
						refs = append(refs, popRef{vi, j + 1})
					}
				}
				atomOf := map[string]int{}
				rowAtom := make([]int, n)
				for i, r := range rows {
					key := ""
					for _, m := range pops {
						if m(r) {
							key += "1"
						} else {
							key += "0"
						}
					}
					at, ok := atomOf[key]
					if !ok {
						at = len(atomOf)
						atomOf[key] = at
					}
					rowAtom[i] = at
				}
				na := len(atomOf)
				// Variables: y[a], x[a][k], slack[a][k] (y − x), then one
				// more block for nothing.
				nv := na + 2*na*kinds
				yv := func(a int) int { return a }
				xv := func(a, k int) int { return na + a*kinds + k }
				sv := func(a, k int) int { return na + na*kinds + a*kinds + k }
				var A [][]float64
				var bb []float64
				inPop := func(pi, a int) bool {
					for i := range rows {
						if rowAtom[i] == a {
							return pops[pi](rows[i])
						}
					}
					return false
				}
				for pi, cnt := range shownN {
					if cnt == nil {
						continue
					}
					eq := make([]float64, nv)
					for a := range na {
						if inPop(pi, a) {
							eq[yv(a)] = 1
						}
					}
					A, bb = append(A, eq), append(bb, float64(*cnt))
				}
				figRow := func(pi, f int) []float64 {
					eq := make([]float64, nv)
					for a := range na {
						if !inPop(pi, a) {
							continue
						}
						switch {
						case f < kinds:
							eq[xv(a, f)] = 1
						case f == kinds:
							for _, k := range agree {
								eq[xv(a, k+1)] = 1
							}
						default:
							for _, k := range disagree {
								eq[xv(a, k+1)] = 1
							}
						}
					}
					return eq
				}
				var targets [][]float64
				var names []string
				for pi, ref := range refs {
					shown, ok := sl.figures(reps[ref.vi], ref.p)
					if !ok {
						continue
					}
					truth, _ := sl.figures(truths[ref.vi], ref.p)
					for f, fig := range shown {
						if fig != nil {
							A, bb = append(A, figRow(pi, f)), append(bb, float64(*fig))
						} else if truth[f] != nil && *truth[f] > 0 && *truth[f] < 11 {
							// A hidden figure of 11 or more held to its
							// value gives away no small group (one hidden
							// only to protect another); if it gave a small
							// one away, that one would be held too.
							targets = append(targets, figRow(pi, f))
							names = append(names, fmt.Sprintf("view %d population %d %s figure %d (%d)", ref.vi, ref.p, sl.q.ID, f, *truth[f]))
						}
					}
				}
				for a := range na {
					if sl.sums {
						eq := make([]float64, nv)
						eq[xv(a, 0)] = -1
						for k := 1; k < kinds; k++ {
							eq[xv(a, k)] = 1
						}
						A, bb = append(A, eq), append(bb, 0)
					}
					for k := range kinds {
						eq := make([]float64, nv)
						eq[xv(a, k)], eq[sv(a, k)], eq[yv(a)] = 1, 1, -1
						A, bb = append(A, eq), append(bb, 0)
					}
				}
				tab, ok := newTableau(A, bb, nv)
				if !ok {
					t.Fatalf("iteration %d: infeasible", iter)
				}
				for j, obj := range targets {
					hi := tab.max(obj)
					neg := slices.Clone(obj)
					for i := range neg {
						neg[i] = -neg[i]
					}
					lo := -tab.max(neg)
					if math.Floor(hi+1e-6)-math.Ceil(lo-1e-6) < 1 {
						t.Errorf("iteration %d: audit passed, but %s is held to [%g, %g] by the figures shown and their bounds", iter, names[j], lo, hi)
						pinned++
					}
				}
			}
		}
	}
	if passed == 0 || refused == 0 {
		t.Errorf("%d sets of views passed and %d were refused: the test needs both", passed, refused)
	}
	t.Logf("%d passed, %d refused; %d small hidden figures held to one value; derived groups tried in %d slots of passed views", passed, refused, pinned, derivedChecked)
}

// maxDerivedClasses bounds the derived-group attacker's search (every
// union of classes) to keep the test cheap.
const maxDerivedClasses = 10

// answersOf is respondent r's figures for slot sl (base, then each
// option), worked out from the row, not from the dataset.
func answersOf(r struct {
	colour, why, tea, cake string
	pets                   []string
}, sl slot) []int {
	out := make([]int, 1+sl.options)
	pick := func(v string) {
		if v == "" {
			return
		}
		out[0] = 1
		if k := sl.q.OptionIndex(v); k >= 0 && sl.options > 0 {
			out[k+1] = 1
		}
	}
	switch {
	case sl.q.ID == "colour":
		pick(r.colour)
	case sl.q.ID == "why_red":
		pick(r.why)
	case sl.q.ID == "pets":
		for _, p := range r.pets {
			pick(p)
		}
	case sl.q.ID == "views" && sl.item < 0:
		if r.tea != "" || r.cake != "" {
			out[0] = 1
		}
	case sl.q.ID == "views" && sl.q.Items[sl.item].ID == "tea":
		pick(r.tea)
	case sl.q.ID == "views":
		pick(r.cake)
	}
	return out
}
