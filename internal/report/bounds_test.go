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

// The linear attacker of sdc_test.go only looks for hidden figures that
// equalities pin down. A reader also knows inequalities: a count is never
// negative, an item's base is at most its question's base, a base at most
// the column's respondents, a ticked option at most its base. Together
// with the sums they can squeeze a hidden figure to a single value. The
// checker below computes, for every hidden figure, its feasible interval
// by linear programming over everything published, and fails when the
// interval holds only one whole number.

// lin is Σ coef·unknown + constant.
type lin struct {
	coef map[int]float64
	c    float64
}

// term value in a linear expression: a known figure adds to the constant.
func (e *equations) lin(parts []term, sign float64, into *lin) {
	for _, p := range parts {
		v := e.vars[string(p)]
		if v.known {
			into.c += sign * float64(e.values[string(p)])
		} else {
			into.coef[v.idx] += sign
		}
	}
}

// le records Σ parts ≤ bound.
func (e *equations) le(parts []term, bound term) {
	l := lin{coef: map[int]float64{}}
	e.lin(parts, 1, &l)
	e.lin([]term{bound}, -1, &l)
	e.ineqs = append(e.ineqs, l)
}

// leDiff records hiB − loA ≤ hiD − loC: a column's number who did not
// answer (its respondents hiB less its base loA) is at most the whole
// population's (hiD less loC).
func (e *equations) leDiff(loA, hiB, loC, hiD string) {
	l := lin{coef: map[int]float64{}}
	e.lin([]term{e.ref(hiB), e.ref(loC)}, 1, &l)
	e.lin([]term{e.ref(loA), e.ref(hiD)}, -1, &l)
	e.ineqs = append(e.ineqs, l)
}

// ge records Σ parts ≥ bound.
func (e *equations) ge(parts []term, bound term) {
	l := lin{coef: map[int]float64{}}
	e.lin(parts, -1, &l)
	e.lin([]term{bound}, 1, &l)
	e.ineqs = append(e.ineqs, l)
}

// intervals reports every hidden non-zero figure that the published
// equalities and inequalities hold to one whole number. To stay cheap it
// works question by question: the figures of one question, with every
// relation that mentions one of them (and so the populations, and the
// question that routes to it).
func (e *equations) intervals(ba *boundsAttack) {
	n := len(e.names)
	if n == 0 {
		return
	}
	all := append(append([]lin(nil), e.eqs...), e.ineqs...)
	byQuestion := map[string][]int{}
	for i, name := range e.names {
		q, _, _ := strings.Cut(name, "/")
		byQuestion[q] = append(byQuestion[q], i)
	}
	for _, targets := range byQuestion {
		in := map[int]bool{}
		for _, i := range targets {
			in[i] = true
		}
		var cons []int // indices into all
		vars := map[int]int{}
		for k, l := range all {
			touches := false
			for i := range l.coef {
				touches = touches || in[i]
			}
			if !touches {
				continue
			}
			cons = append(cons, k)
			for i := range l.coef {
				if _, ok := vars[i]; !ok {
					vars[i] = len(vars)
				}
			}
		}
		nv := len(vars)
		var rows [][]float64
		var rhs []float64
		slack := nv
		for _, k := range cons {
			l := all[k]
			width := nv + len(cons)
			row := make([]float64, width)
			for i, c := range l.coef {
				row[vars[i]] = c
			}
			if k >= len(e.eqs) {
				row[slack] = 1
				slack++
			}
			rows, rhs = append(rows, row), append(rhs, -l.c)
		}
		width := nv + len(cons)
		for i := range rows {
			rows[i] = rows[i][:width]
		}
		tab, ok := newTableau(rows, rhs, width)
		if !ok {
			e.t.Fatalf("%s: the published figures are inconsistent (no feasible point)", e.where)
		}
		for _, i := range targets {
			name := e.names[i]
			if e.truth[name] == 0 {
				continue // working out that a hidden figure is 0 reveals nobody
			}
			obj := make([]float64, width)
			obj[vars[i]] = 1
			hi := tab.max(obj)
			obj[vars[i]] = -1
			lo := -tab.max(obj)
			if math.Floor(hi+1e-6)-math.Ceil(lo-1e-6) < 1 {
				if ba.collect {
					ba.public[name] = true
					continue
				}
				if ba.public[name] {
					continue // the view without the breakdown gives it away
				}
				e.t.Errorf("%s: hidden figure %s (%d) is held to [%g, %g] by the published figures", e.where, name, e.truth[name], lo, hi)
				if *boundsDebug {
					for nm, v := range e.vars {
						if !v.known {
							e.t.Logf("hidden %s = %d", nm, e.truth[nm])
						} else {
							e.t.Logf("shown %s = %d", nm, e.values[nm])
						}
					}
				}
			}
		}
	}
}

// tableau is a simplex tableau for A·x = b, x ≥ 0, after phase one: a
// feasible basis, from which max runs phase two for any objective. Its
// rows hold the n columns of x and the right-hand side only: phase two
// never enters an artificial variable, and every pivot works column by
// column, so dropping their columns changes no other figure. A row whose
// basic variable stayed artificial is all zero in x (the relation was
// redundant) and is never pivoted on again.
type tableau struct {
	T     [][]float64
	basis []int
	n, m  int
	work  *tableau // max's copy, kept to spare an allocation a call
}

const lpEps = 1e-9

func (tb *tableau) pivot(r, s int) {
	T := tb.T
	p := T[r][s]
	for j := range T[r] {
		T[r][j] /= p
	}
	for i := range T {
		if i != r && math.Abs(T[i][s]) > lpEps {
			f := T[i][s]
			for j := range T[i] {
				T[i][j] -= f * T[r][j]
			}
		}
	}
	tb.basis[r] = s
}

func (tb *tableau) setObjective(cost []float64) {
	T, m := tb.T, tb.m
	for j := range T[m] {
		T[m][j] = 0
	}
	for j, c := range cost {
		T[m][j] = -c
	}
	for i := range m {
		if b := tb.basis[i]; b < len(cost) && cost[b] != 0 { // an artificial costs 0
			c := cost[b]
			for j := range T[m] {
				T[m][j] += c * T[i][j]
			}
		}
	}
}

// run pivots by Bland's rule, entering only columns below allowed; false
// means unbounded.
func (tb *tableau) run(allowed int) bool {
	T, m := tb.T, tb.m
	w := len(T[0]) - 1
	for {
		s := -1
		for j := 0; j < allowed; j++ {
			if T[m][j] < -lpEps {
				s = j
				break
			}
		}
		if s < 0 {
			return true
		}
		r := -1
		for i := range m {
			if T[i][s] > lpEps {
				q, qr := T[i][w]/T[i][s], 0.0
				if r >= 0 {
					qr = T[r][w] / T[r][s]
				}
				if r < 0 || q < qr-lpEps || (math.Abs(q-qr) <= lpEps && tb.basis[i] < tb.basis[r]) {
					r = i
				}
			}
		}
		if r < 0 {
			return false
		}
		tb.pivot(r, s)
	}
}

// newTableau runs phase one (one artificial variable per row); ok is
// false when A·x = b has no solution with x ≥ 0.
func newTableau(A [][]float64, b []float64, n int) (*tableau, bool) {
	m := len(A)
	w := n + m
	tb := &tableau{T: make([][]float64, m+1), basis: make([]int, m), n: n, m: m}
	for i := range m {
		tb.T[i] = make([]float64, w+1)
		sign := 1.0
		if b[i] < 0 {
			sign = -1
		}
		for j := range n {
			tb.T[i][j] = sign * A[i][j]
		}
		tb.T[i][n+i] = 1
		tb.T[i][w] = sign * b[i]
		tb.basis[i] = n + i
	}
	tb.T[m] = make([]float64, w+1)
	cost := make([]float64, w)
	for j := n; j < w; j++ {
		cost[j] = -1
	}
	tb.setObjective(cost)
	tb.run(w)
	if tb.T[m][w] < -1e-6 {
		return nil, false
	}
	for i := range m {
		if tb.basis[i] >= n {
			for j := range n {
				if math.Abs(tb.T[i][j]) > lpEps {
					tb.pivot(i, j)
					break
				}
			}
		}
	}
	for i, row := range tb.T {
		tb.T[i] = append(row[:n:n], row[w])
	}
	return tb, true
}

// max returns the maximum of obj·x (+Inf when unbounded), leaving the
// tableau as it was.
func (tb *tableau) max(obj []float64) float64 {
	c := tb.work
	if c == nil {
		c = &tableau{T: make([][]float64, len(tb.T)), basis: slices.Clone(tb.basis), n: tb.n, m: tb.m}
		for i, row := range tb.T {
			c.T[i] = slices.Clone(row)
		}
		tb.work = c
	} else {
		copy(c.basis, tb.basis)
		for i, row := range tb.T {
			copy(c.T[i], row)
		}
	}
	c.setObjective(obj[:tb.n])
	if !c.run(c.n) {
		return math.Inf(1)
	}
	return c.T[c.m][len(c.T[0])-1]
}

// simplexMax maximises obj·x subject to A·x = b, x ≥ 0; ok is false when
// there is no feasible x.
func simplexMax(A [][]float64, b, obj []float64) (float64, bool) {
	tb, ok := newTableau(A, b, len(obj))
	if !ok {
		return 0, false
	}
	return tb.max(obj), true
}

func TestSimplex(t *testing.T) {
	// x + y = 10, x ≤ 4 (slack s): max y = 10, min y = 6.
	A := [][]float64{{1, 1, 0}, {1, 0, 1}}
	b := []float64{10, 4}
	if v, ok := simplexMax(A, b, []float64{0, 1, 0}); !ok || math.Abs(v-10) > 1e-9 {
		t.Errorf("max y = %g %v", v, ok)
	}
	if v, ok := simplexMax(A, b, []float64{0, -1, 0}); !ok || math.Abs(-v-6) > 1e-9 {
		t.Errorf("min y = %g %v", -v, ok)
	}
	if _, ok := simplexMax([][]float64{{1, 1}}, []float64{-1}, []float64{1, 0}); ok {
		t.Error("x + y = −1 with x, y ≥ 0 reported feasible")
	}
}

var boundsDebug = flag.Bool("sdc.debug", false, "log every figure when a bound pins one")

var boundIterations = flag.Int("sdc.bounds", 15, "random datasets TestNoBoundPinning attacks")

// TestNoBoundPinning attacks random reports with equalities and
// inequalities together (see intervals). Likert answers are often all
// given, so that bases meet their upper bounds: the case where
// inequalities pin figures down.
func TestNoBoundPinning(t *testing.T) {
	t.Parallel() // a few seconds of CPU and nothing shared: overlap the randomised attacks
	def := loadDef(t, "tiny.json")
	rng := rand.New(rand.NewPCG(3, 5))
	for iter := range *boundIterations {
		n := 11 + rng.IntN(120)
		skip := rng.Float64() * 0.1
		specs := randomRows(rng, n, 0.05, skip)
		ds := build(t, def, specs...)
		for _, by := range []string{"", "colour", "views.tea", "pets"} {
			r := mustReport(t, ds, Options{By: by})
			assertSafeBounds(t, ds, r, fmt.Sprintf("iteration %d, by %q", iter, by))
			if t.Failed() {
				return
			}
		}
	}
}

// randomRows is n respondents of the tiny survey: a colour (none with
// chance noColour), why red for the red, a pet (or several, or none), and
// each Likert item skipped with chance skip.
func randomRows(rng *rand.Rand, n int, noColour, skip float64) []rowSpec {
	colours := []string{"red", "green", "blue"}
	scale := []string{"sa", "a", "n", "d", "sd"}
	pets := []string{"cat", "dog", "fish", "cat;dog", "none", ""}
	var specs []rowSpec
	for range n {
		c := colours[rng.IntN(len(colours))]
		if rng.Float64() < noColour {
			c = ""
		}
		v := "colour=" + c
		if c == "red" {
			v += "|why_red=" + []string{"yes", "no"}[rng.IntN(2)]
		}
		v += "|pets=" + pets[rng.IntN(len(pets))]
		for _, it := range []string{"tea", "cake"} {
			if rng.Float64() >= skip {
				v += "|views." + it + "=" + scale[rng.IntN(len(scale))]
			}
		}
		specs = append(specs, rowSpec{1, v})
	}
	return specs
}
