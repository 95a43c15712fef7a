package report

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"staffnet/internal/demo"
)

func TestSmallPopulation(t *testing.T) {
	r := mustReport(t, tiny(t), Options{}) // 11 respondents: just enough
	if intp(r.Respondents) != 11 || r.Suppressed || r.Threshold != DefaultThreshold {
		t.Fatalf("11 respondents: %d %v", intp(r.Respondents), r.Suppressed)
	}
	f, _ := ParseFilter("colour=red")
	r = mustReport(t, tiny(t), Options{Filters: []Filter{f}})
	if r.Respondents != nil || !r.Suppressed {
		t.Fatalf("5 respondents shown: %d", intp(r.Respondents))
	}
	for _, q := range r.Questions {
		if q.Base != nil || !q.Suppressed {
			t.Errorf("%s: base %d shown", q.ID, intp(q.Base))
		}
		for _, o := range q.Options {
			if o.Count != nil || o.Percent != nil || o.CI95 != nil || !o.Suppressed {
				t.Errorf("%s %s shown", q.ID, o.Code)
			}
		}
	}
	r = mustReport(t, tiny(t), Options{Filters: []Filter{f}, Threshold: 5})
	if intp(r.Respondents) != 5 {
		t.Errorf("threshold 5: %d respondents", intp(r.Respondents))
	}
}

func TestSuppression(t *testing.T) {
	def := loadDef(t, "tiny.json")
	ds := build(t, def,
		rowSpec{20, "colour=red|why_red=yes|pets=cat|views.tea=sa"},
		rowSpec{3, "colour=red|why_red=no|pets=cat;dog|views.tea=a"},
		rowSpec{15, "colour=green|pets=cat;dog|views.tea=n"},
		rowSpec{3, "colour=blue|pets=dog|views.tea=d"},
		rowSpec{12, "pets=dog|views.tea=sd"},
	)
	r := mustReport(t, ds, Options{})
	// colour: red 23, green 15, blue 3. Blue is hidden (primary) and, so
	// that it cannot be read off as base − red − green, green too.
	q := question(t, r, "colour")
	if intp(q.Base) != 41 {
		t.Fatalf("colour base %d", intp(q.Base))
	}
	if o := option(t, q.Options, "blue"); !o.Suppressed || o.Count != nil || o.Percent != nil {
		t.Errorf("blue shown: %+v", o)
	}
	if o := option(t, q.Options, "green"); !o.Suppressed || o.Count != nil {
		t.Errorf("green not hidden as the secondary cell")
	}
	if o := option(t, q.Options, "red"); o.Suppressed || intp(o.Count) != 23 {
		t.Errorf("red hidden")
	}
	// why_red: base 23, yes 20, no 3: no is primary, and yes must go too.
	q = question(t, r, "why_red")
	if intp(q.Base) != 23 || !option(t, q.Options, "no").Suppressed || !option(t, q.Options, "yes").Suppressed {
		t.Errorf("why_red: %+v", q)
	}
	// pets (multiple): base 53; cat 38, dog 33. No cell small, none hidden;
	// fish 0 shown as 0.
	q = question(t, r, "pets")
	if intp(option(t, q.Options, "fish").Count) != 0 || intp(option(t, q.Options, "dog").Count) != 33 {
		t.Errorf("pets: %+v", q.Options)
	}
	// views.tea: sa 20, a 3, n 15, d 3, sd 12. a and d are primary; each
	// net (23, 15) would give them away, so sa and sd go too.
	it := question(t, r, "views").Items[0]
	for _, code := range []string{"sa", "a", "d", "sd"} {
		if !option(t, it.Options, code).Suppressed {
			t.Errorf("views.tea %s shown", code)
		}
	}
	if option(t, it.Options, "n").Suppressed || it.NetAgree.Suppressed || it.NetDisagree.Suppressed {
		t.Errorf("views.tea: neither and nets should stay visible: %+v", it)
	}
	assertSafe(t, ds, r, "fixed")

	// Multiple choice: a cell whose complement is small is hidden too
	// (everyone but three ticked cat).
	ds = build(t, def, rowSpec{30, "pets=cat"}, rowSpec{3, "pets=dog"})
	q = question(t, mustReport(t, ds, Options{}), "pets")
	if !option(t, q.Options, "cat").Suppressed || !option(t, q.Options, "dog").Suppressed {
		t.Errorf("pets complement: %+v", q.Options)
	}
}

// TestNoDifferencing attacks many random reports: from the published
// figures alone it writes down every linear relation a reader knows
// (options add up to the base, nets, crosstab rows add up to the overall
// figure, a routed question's base equals the count that routes to it)
// and checks that no hidden figure is determined by them.
var sdcIterations = flag.Int("sdc.iterations", 120, "random datasets TestNoDifferencing attacks")

func TestNoDifferencing(t *testing.T) {
	t.Parallel() // a few seconds of CPU and nothing shared: overlap the randomised attacks
	def := loadDef(t, "tiny.json")
	rng := rand.New(rand.NewPCG(7, 11))
	colours := []string{"red", "green", "blue", ""}
	scale := []string{"sa", "a", "n", "d", "sd", ""}
	pets := []string{"cat", "dog", "fish", "cat;dog", "none", ""}
	for iter := range *sdcIterations {
		n := 11 + rng.IntN(400)
		wc := []float64{rng.Float64(), rng.Float64() * 0.3, rng.Float64() * 0.3, rng.Float64() * 0.1}
		ws := []float64{rng.Float64(), rng.Float64() * 0.2, rng.Float64(), rng.Float64() * 0.2, rng.Float64(), 0.05}
		pick := func(w []float64) int { return demo.Pick(rng, w) }
		var specs []rowSpec
		for range n {
			c := colours[pick(wc)]
			v := "colour=" + c
			if c == "red" {
				// Everyone routed answers, so the routed base equals the
				// red count: the strongest form of the routing attack.
				v += "|why_red=" + []string{"yes", "no"}[rng.IntN(2)]
			}
			v += "|pets=" + pets[rng.IntN(len(pets))]
			v += "|views.tea=" + scale[pick(ws)] + "|views.cake=" + scale[pick(ws)]
			specs = append(specs, rowSpec{1, v})
		}
		ds := build(t, def, specs...)
		for _, by := range []string{"", "colour", "views.tea", "why_red", "pets"} {
			r := mustReport(t, ds, Options{By: by})
			assertSafe(t, ds, r, fmt.Sprintf("iteration %d, by %q", iter, by))
			if t.Failed() {
				return
			}
		}
	}
}

// assertSafe checks the invariants of a published report and runs the
// linear attack on it.
func assertSafe(t *testing.T, ds *Dataset, r *Report, where string) {
	t.Helper()
	attack(t, ds, r, where, false)
}

// assertSafeBounds is assertSafe with the inequality attacker too.
func assertSafeBounds(t *testing.T, ds *Dataset, r *Report, where string) {
	t.Helper()
	attack(t, ds, r, where, true)
}

func attack(t *testing.T, ds *Dataset, r *Report, where string, bounds bool) {
	t.Helper()
	checkHiddenColumns(t, r, where)
	opts := Options{Filters: r.Filters, Unsuppressed: true}
	if r.By != nil {
		opts.By = r.By.Question
		if r.By.Item != "" {
			opts.By += "." + r.By.Item
		}
	}
	truth := walk(t, ds, mustReport(t, ds, opts), where, nil, nil)
	var ba *boundsAttack
	if bounds {
		ba = &boundsAttack{public: map[string]bool{}}
		if r.By != nil {
			// What the figures for everyone and the columns' sizes give
			// away by themselves, the view without the breakdown gives
			// away: collect it from a copy with every column figure hidden.
			walk(t, ds, columnsHidden(t, r), where, truth, &boundsAttack{public: ba.public, collect: true})
		}
	}
	walk(t, ds, r, where, truth, ba)
}

// boundsAttack runs the inequality attacker (intervals). A figure in
// public may be held to its value: the same view without the breakdown
// gives it away (see overall.go). With collect, pinned figures are
// added to public instead of failing the test.
type boundsAttack struct {
	public  map[string]bool
	collect bool
}

// columnsHidden is a copy of r with every figure in a breakdown column
// hidden; the columns' sizes stay.
func columnsHidden(t *testing.T, r *Report) *Report {
	t.Helper()
	var c Report
	b, err := json.Marshal(r)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil {
		t.Fatal(err)
	}
	hideFig := func(f *Figure) { *f = Figure{Suppressed: true} }
	for qi := range c.Questions {
		for ci := range c.Questions[qi].By {
			col := &c.Questions[qi].By[ci]
			col.Base, col.Suppressed = nil, true
			for k := range col.Options {
				hideFig(&col.Options[k].Figure)
			}
			for i := range col.Items {
				it := &col.Items[i]
				it.Base, it.Suppressed = nil, true
				hideFig(&it.NetAgree)
				hideFig(&it.NetDisagree)
				for k := range it.Options {
					hideFig(&it.Options[k].Figure)
				}
			}
		}
	}
	return &c
}

// walk reads every figure of r into the attacker's equations and checks
// the report's invariants; with truth nil it only collects the values.
func walk(t *testing.T, ds *Dataset, r *Report, where string, truth map[string]int, ba *boundsAttack) map[string]int {
	t.Helper()
	thr := r.Threshold
	eq := &equations{t: t, where: where, defining: true, values: map[string]int{}, truth: truth}
	eq.v("pop", r.Respondents)
	if r.By != nil {
		for _, c := range r.By.Columns {
			eq.le([]term{eq.v("pop/"+c.Code, c.Respondents)}, eq.ref("pop"))
		}
	}
	small := func(p *int) bool { return p != nil && *p > 0 && *p < thr }
	checkFig := func(name string, f Figure, base *int, multiple bool) {
		zeroBase := base != nil && *base == 0
		if f.Suppressed != (f.Count == nil) || (!zeroBase && (f.Count == nil) != (f.Percent == nil)) {
			t.Errorf("%s: %s: suppressed %v but count %v percent %v", where, name, f.Suppressed, f.Count, f.Percent)
		}
		if small(f.Count) {
			t.Errorf("%s: %s: small count %d shown", where, name, *f.Count)
		}
		if multiple && f.Count != nil && base != nil && *base-*f.Count > 0 && *base-*f.Count < thr {
			t.Errorf("%s: %s: small complement shown", where, name)
		}
	}
	if r.By != nil {
		for _, c := range r.By.Columns {
			if small(c.Respondents) && c.Code != NotAnswered {
				t.Errorf("%s: column %s: respondents %d shown", where, c.Code, *c.Respondents)
			}
		}
	}
	if small(r.Respondents) {
		t.Errorf("%s: respondents %d shown", where, *r.Respondents)
	}
	additive := r.By != nil && r.By.Type != "multiple"
	if additive {
		var cols []term
		for _, c := range r.By.Columns {
			cols = append(cols, eq.v("pop/"+c.Code, c.Respondents))
		}
		eq.add(cols, eq.v("pop", r.Respondents))
	}
	// Every column of every question, overall first (code "").
	type col struct {
		code    string
		base    *int
		options []Option
		items   []Item
	}
	for _, q := range r.Questions {
		cols := []col{{"", q.Base, q.Options, q.Items}}
		for _, c := range q.By {
			cols = append(cols, col{c.Code, c.Base, c.Options, c.Items})
		}
		for _, c := range cols {
			key := q.ID + "/" + c.code
			eq.v(key+"/base", c.base)
			if small(c.base) {
				t.Errorf("%s: %s: small base %d shown", where, key, *c.base)
			}
			if q.Type == "single" {
				var cells []term
				for _, o := range c.options {
					checkFig(key+"/"+o.Code, o.Figure, c.base, false)
					cells = append(cells, eq.v(key+"/"+o.Code, o.Count))
				}
				eq.add(cells, eq.v(key+"/base", c.base))
			}
			if q.Type == "multiple" {
				for _, o := range c.options {
					checkFig(key+"/"+o.Code, o.Figure, c.base, true)
					eq.v(key+"/"+o.Code, o.Count)
				}
			}
			for _, it := range c.items {
				ik := key + "/" + it.ID
				var cells []term
				for _, o := range it.Options {
					checkFig(ik+"/"+o.Code, o.Figure, it.Base, false)
					cells = append(cells, eq.v(ik+"/"+o.Code, o.Count))
				}
				checkFig(ik+"/net_agree", it.NetAgree, it.Base, false)
				checkFig(ik+"/net_disagree", it.NetDisagree, it.Base, false)
				eq.add(cells, eq.v(ik+"/base", it.Base))
				k := len(cells)
				eq.add(cells[:2], eq.v(ik+"/net_agree", it.NetAgree.Count))
				eq.add(cells[k-2:], eq.v(ik+"/net_disagree", it.NetDisagree.Count))
			}
			// What every reader knows besides the sums.
			pop := "pop"
			if c.code != "" {
				pop = "pop/" + c.code
			}
			eq.le([]term{eq.ref(key + "/base")}, eq.ref(pop))
			for _, o := range c.options {
				eq.ge([]term{eq.ref(key + "/" + o.Code)}, eq.zero())
				if q.Type == "multiple" {
					eq.le([]term{eq.ref(key + "/" + o.Code)}, eq.ref(key+"/base"))
				}
			}
			var items []term
			for _, it := range c.items {
				ik := key + "/" + it.ID
				items = append(items, eq.ref(ik+"/base"))
				eq.le([]term{eq.ref(ik + "/base")}, eq.ref(key+"/base"))
				for _, o := range it.Options {
					eq.ge([]term{eq.ref(ik + "/" + o.Code)}, eq.zero())
				}
			}
			if len(items) == len(q.Items) && len(items) > 0 {
				// Who answered any item answered at least one.
				eq.ge(items, eq.ref(key+"/base"))
			}
		}
		// Overlapping columns (a multiple-choice breakdown) are each part
		// of the whole: no figure of theirs exceeds the whole's.
		if r.By != nil && !additive && ba != nil {
			for _, c := range cols[1:] {
				figs := func(c col) (out []string) {
					out = append(out, "base")
					for _, o := range c.options {
						out = append(out, o.Code)
					}
					for _, it := range c.items {
						out = append(out, it.ID+"/base", it.ID+"/net_agree", it.ID+"/net_disagree")
						for _, o := range it.Options {
							out = append(out, it.ID+"/"+o.Code)
						}
					}
					return out
				}
				for _, f := range figs(c) {
					if eq.vars[q.ID+"//"+f] != nil {
						eq.le([]term{eq.ref(q.ID + "/" + c.code + "/" + f)}, eq.ref(q.ID+"//"+f))
					}
				}
				// Nor does its number who did not answer.
				eq.leDiff(q.ID+"/"+c.code+"/base", "pop/"+c.code, q.ID+"//base", "pop")
			}
		}
		// The routed question's base is the number who chose red.
		if q.ID == "why_red" {
			for _, c := range cols {
				if red := "colour/" + c.code + "/red"; eq.vars[red] != nil {
					eq.add([]term{eq.ref(red)}, eq.v(q.ID+"/"+c.code+"/base", c.base))
				}
			}
		}
		if additive && len(q.By) > 0 {
			rows := []string{"base"}
			for _, o := range q.Options {
				rows = append(rows, o.Code)
			}
			for _, it := range q.Items {
				if r.By.Item == it.ID && r.By.Question == q.ID {
					continue
				}
				rows = append(rows, it.ID+"/base", it.ID+"/net_agree", it.ID+"/net_disagree")
				for _, o := range it.Options {
					rows = append(rows, it.ID+"/"+o.Code)
				}
			}
			for _, row := range rows {
				var cells []term
				for _, c := range cols[1:] {
					cells = append(cells, eq.ref(q.ID+"/"+c.code+"/"+row))
				}
				eq.add(cells, eq.ref(q.ID+"//"+row))
			}
		}
	}
	// The by question's own figures are the column populations.
	if additive {
		byKey := r.By.Question + "//"
		if r.By.Item != "" {
			byKey = r.By.Question + "//" + r.By.Item + "/"
		}
		for _, c := range r.By.Columns {
			if c.Code != NotAnswered {
				eq.add([]term{eq.ref(byKey + c.Code)}, eq.ref("pop/"+c.Code))
			}
		}
	}
	if truth != nil {
		if ba == nil || !ba.collect {
			eq.solve()
		}
		if ba != nil {
			eq.intervals(ba)
		}
	}
	return eq.values
}

// equations is a tiny linear-algebra attacker: unknowns are the hidden
// figures; an unknown is recovered if the unit vector for it lies in the
// row space of the known relations.
type equations struct {
	t     *testing.T
	where string
	vars  map[string]*variable
	rows  [][]float64 // over unknown indices; constant part dropped
	names []string
	// defining is set while figures are read from the report; after that
	// every name must already exist.
	defining bool
	values   map[string]int // the figures read
	truth    map[string]int // every figure, from the unsuppressed report
	// eqs and ineqs keep the constants too, for intervals: Σ coef·x + c
	// is = 0 or ≤ 0.
	eqs, ineqs []lin
}

// zero is the known figure 0.
func (e *equations) zero() term { return e.v("0", new(int)) }

type variable struct {
	known bool
	idx   int
}

type term string

func (e *equations) v(name string, val *int) term {
	if e.vars == nil {
		e.vars = map[string]*variable{}
	}
	if _, ok := e.vars[name]; ok {
		return term(name)
	}
	if val == nil && !e.defining {
		e.t.Fatalf("%s: attacker refers to %s before it is defined", e.where, name)
	}
	if val != nil {
		e.values[name] = *val
		e.vars[name] = &variable{known: true}
	} else {
		e.vars[name] = &variable{idx: len(e.names)}
		e.names = append(e.names, name)
	}
	return term(name)
}

func (e *equations) ref(name string) term {
	if _, ok := e.vars[name]; !ok {
		e.t.Fatalf("%s: attacker refers to %s before it is defined", e.where, name)
	}
	return term(name)
}

// add records sum(parts) = total.
func (e *equations) add(parts []term, total term) {
	l := lin{coef: map[int]float64{}}
	e.lin(parts, 1, &l)
	e.lin([]term{total}, -1, &l)
	e.eqs = append(e.eqs, l)
	row := map[int]float64{}
	for _, p := range parts {
		if v := e.vars[string(p)]; !v.known {
			row[v.idx]++
		}
	}
	if v := e.vars[string(total)]; !v.known {
		row[v.idx]--
	}
	if len(row) == 0 {
		return
	}
	dense := make([]float64, 0)
	for i, c := range row {
		for len(dense) <= i {
			dense = append(dense, 0)
		}
		dense[i] = c
	}
	e.rows = append(e.rows, dense)
}

func (e *equations) solve() {
	n := len(e.names)
	m := make([][]float64, len(e.rows))
	for i, r := range e.rows {
		m[i] = make([]float64, n)
		copy(m[i], r)
	}
	// Reduced row echelon form.
	pivotRow := 0
	for c := 0; c < n && pivotRow < len(m); c++ {
		best := -1
		for r := pivotRow; r < len(m); r++ {
			if math.Abs(m[r][c]) > 1e-9 && (best < 0 || math.Abs(m[r][c]) > math.Abs(m[best][c])) {
				best = r
			}
		}
		if best < 0 {
			continue
		}
		m[pivotRow], m[best] = m[best], m[pivotRow]
		p := m[pivotRow][c]
		for k := range m[pivotRow] {
			m[pivotRow][k] /= p
		}
		for r := range m {
			if r != pivotRow && math.Abs(m[r][c]) > 1e-9 {
				f := m[r][c]
				for k := range m[r] {
					m[r][k] -= f * m[pivotRow][k]
				}
			}
		}
		pivotRow++
	}
	for _, row := range m[:pivotRow] {
		nz := -1
		count := 0
		for k, x := range row {
			if math.Abs(x) > 1e-9 {
				nz = k
				count++
			}
		}
		// Working out that a hidden figure is 0 reveals nobody.
		if count == 1 && e.truth[e.names[nz]] != 0 {
			e.t.Errorf("%s: hidden figure %s can be derived from the published ones", e.where, e.names[nz])
		}
	}
}

// TestProtectKeepsOverall: three hidden column cells a, b, c are each
// safe in their own sum, but together the sums pin them down (a + b =
// 13, b + c = 14, a + c = 11). Protecting a could hide the figure for
// everyone (13, the smallest neighbour) or the column cell d (40): the
// figure for everyone is fixed by the view without the breakdown, so d
// goes.
func TestProtectKeepsOverall(t *testing.T) {
	tb := &table{t: DefaultThreshold}
	a, b, c := tb.add(5), tb.add(8), tb.add(6)
	tb.s[a], tb.s[b], tb.s[c] = true, true, true
	o := tb.addFixed(13, false)
	tb.keepOverall(o)
	d := tb.add(40)
	base := tb.add(51)
	tb.groups = []group{
		{members: []int{a, b}, total: o},
		{members: []int{a, c, d}, total: base},
		{members: []int{b, c}, total: -1},
	}
	if tb.determined() < 0 {
		t.Fatal("fixture: a, b and c should be pinned down before protection")
	}
	tb.protect(nil)
	if tb.s[o] {
		t.Error("the figure for everyone was hidden to protect column cells")
	}
	if !tb.s[d] {
		t.Error("column cell d was not hidden instead")
	}
	if k := tb.determined(); k >= 0 {
		t.Errorf("cell %d is still determined", k)
	}
}
