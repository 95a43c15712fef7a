package report

import (
	"errors"
	"math"
	"testing"
)

// tinyRows is a hand-computed dataset: 11 respondents.
var tinyRows = []rowSpec{
	{3, "colour=red|why_red=yes|pets=cat;dog|tools=t1;t10|many=m1;m40|views.tea=sa|views.cake=a|say=hello"},
	{1, "colour=red|why_red=no|pets=none|views.tea=a"},
	{1, "colour=red|pets=cat|tools=t10|views.tea=d|views.cake=sd"},
	{3, "colour=green|pets=fish|tools=t9|many=m33|views.tea=n"},
	{2, "colour=blue|pets=cat;fish;dog|views.tea=sd|views.cake=sd"},
	{1, "say=hi"},
}

func tiny(t testing.TB) *Dataset { return build(t, loadDef(t, "tiny.json"), tinyRows...) }

type want struct {
	code  string
	count int
	pct   float64
}

func checkOptions(t *testing.T, where string, base *int, wantBase int, opts []Option, ws ...want) {
	t.Helper()
	if intp(base) != wantBase {
		t.Errorf("%s: base %d, want %d", where, intp(base), wantBase)
	}
	for _, w := range ws {
		o := option(t, opts, w.code)
		if intp(o.Count) != w.count || o.Percent == nil || !near(*o.Percent, w.pct, 1e-9) {
			t.Errorf("%s %s: count %d percent %v, want %d %v", where, w.code, intp(o.Count), o.Percent, w.count, w.pct)
		}
		if o.CI95 == nil || o.CI95[0] > w.pct || o.CI95[1] < w.pct {
			t.Errorf("%s %s: ci95 %v does not contain %v", where, w.code, o.CI95, w.pct)
		}
	}
}

func TestFigures(t *testing.T) {
	r := mustReport(t, tiny(t), Options{Unsuppressed: true})
	if intp(r.Respondents) != 11 || r.Suppressed || r.Threshold != 0 {
		t.Fatalf("respondents %d suppressed %v threshold %d", intp(r.Respondents), r.Suppressed, r.Threshold)
	}
	q := question(t, r, "colour")
	checkOptions(t, "colour", q.Base, 10, q.Options, want{"red", 5, 50}, want{"green", 3, 30}, want{"blue", 2, 20})
	// Routing: only the five who chose red saw why_red; four answered.
	q = question(t, r, "why_red")
	checkOptions(t, "why_red", q.Base, 4, q.Options, want{"yes", 3, 75}, want{"no", 1, 25})
	// Multiple choice: the base counts anyone who ticked anything,
	// including the exclusive "none"; percents need not add to 100.
	q = question(t, r, "pets")
	checkOptions(t, "pets", q.Base, 10, q.Options, want{"cat", 6, 60}, want{"dog", 5, 50}, want{"fish", 5, 50}, want{"none", 1, 10})
	// Ten options: stored two bytes wide.
	q = question(t, r, "tools")
	checkOptions(t, "tools", q.Base, 7, q.Options, want{"t1", 3, 300.0 / 7}, want{"t9", 3, 300.0 / 7}, want{"t10", 4, 400.0 / 7}, want{"t2", 0, 0})
	// Forty options: stored eight bytes wide.
	q = question(t, r, "many")
	checkOptions(t, "many", q.Base, 6, q.Options, want{"m1", 3, 50}, want{"m40", 3, 50}, want{"m33", 3, 50}, want{"m2", 0, 0})
	q = question(t, r, "views")
	if intp(q.Base) != 10 || len(q.Items) != 2 || q.Options != nil {
		t.Fatalf("views: base %d, %d items", intp(q.Base), len(q.Items))
	}
	tea, cake := q.Items[0], q.Items[1]
	checkOptions(t, "views.tea", tea.Base, 10, tea.Options, want{"sa", 3, 30}, want{"a", 1, 10}, want{"n", 3, 30}, want{"d", 1, 10}, want{"sd", 2, 20})
	checkOptions(t, "views.cake", cake.Base, 6, cake.Options, want{"a", 3, 50}, want{"sd", 3, 50})
	for _, c := range []struct {
		name  string
		f     Figure
		count int
		pct   float64
	}{{"tea agree", tea.NetAgree, 4, 40}, {"tea disagree", tea.NetDisagree, 3, 30},
		{"cake agree", cake.NetAgree, 3, 50}, {"cake disagree", cake.NetDisagree, 3, 50}} {
		if intp(c.f.Count) != c.count || !near(*c.f.Percent, c.pct, 1e-9) || c.f.CI95 == nil {
			t.Errorf("%s: %d %v, want %d %v", c.name, intp(c.f.Count), *c.f.Percent, c.count, c.pct)
		}
	}
	q = question(t, r, "say")
	if intp(q.Base) != 4 || q.Options != nil || q.Items != nil {
		t.Errorf("say: base %d", intp(q.Base))
	}
}

func TestFilters(t *testing.T) {
	ds := tiny(t)
	for _, c := range []struct {
		filters []string
		n       int
	}{
		{[]string{"colour=red"}, 5},
		{[]string{"colour=red,blue"}, 7},
		{[]string{"pets=fish,none"}, 6},
		{[]string{"views.tea=sa,a"}, 4},
		{[]string{"colour=red", "pets=cat"}, 4},
		{[]string{"tools=t10"}, 4},
		{[]string{"tools=t2"}, 0},
		{[]string{"many=m40,m33"}, 6},
		{[]string{"many=m40", "colour=red"}, 3},
		{[]string{"why_red=yes", "colour=green"}, 0},
	} {
		var fs []Filter
		for _, s := range c.filters {
			f, err := ParseFilter(s)
			if err != nil {
				t.Fatal(err)
			}
			fs = append(fs, f)
		}
		r := mustReport(t, ds, Options{Filters: fs, Unsuppressed: true})
		if intp(r.Respondents) != c.n {
			t.Errorf("%v: %d respondents, want %d", c.filters, intp(r.Respondents), c.n)
		}
		if len(r.Filters) != len(fs) {
			t.Errorf("%v: filters not echoed", c.filters)
		}
	}
	f, _ := ParseFilter("colour=red")
	r := mustReport(t, ds, Options{Filters: []Filter{f}, Unsuppressed: true})
	q := question(t, r, "pets")
	checkOptions(t, "pets|red", q.Base, 5, q.Options, want{"cat", 4, 80}, want{"dog", 3, 60}, want{"none", 1, 20}, want{"fish", 0, 0})

	for _, bad := range []string{"nope=x", "colour=purple", "say=hello", "views=sa", "views.pie=sa", "colour.x=red"} {
		f, err := ParseFilter(bad)
		if err != nil {
			t.Fatalf("%s: %v", bad, err)
		}
		if _, err := ds.Report(Options{Filters: []Filter{f}}); !errors.Is(err, ErrBadFilter) {
			t.Errorf("%s: error %v, want ErrBadFilter", bad, err)
		}
	}
	for _, bad := range []string{"", "colour", "=red", "colour=", "colour=red,,blue"} {
		if _, err := ParseFilter(bad); !errors.Is(err, ErrBadFilter) {
			t.Errorf("ParseFilter(%q): %v", bad, err)
		}
	}
	if _, err := ds.Report(Options{By: "say"}); !errors.Is(err, ErrBadFilter) {
		t.Errorf("by a text question: %v", err)
	}
}

func TestCrosstab(t *testing.T) {
	r := mustReport(t, tiny(t), Options{By: "colour", Unsuppressed: true})
	if r.By == nil || len(r.By.Columns) != 4 {
		t.Fatalf("by: %+v", r.By)
	}
	wantPops := map[string]int{"red": 5, "green": 3, "blue": 2, NotAnswered: 1}
	for _, c := range r.By.Columns {
		if intp(c.Respondents) != wantPops[c.Code] {
			t.Errorf("column %s: %d respondents, want %d", c.Code, intp(c.Respondents), wantPops[c.Code])
		}
	}
	pets := question(t, r, "pets")
	col := func(q *Question, code string) *Column {
		for i := range q.By {
			if q.By[i].Code == code {
				return &q.By[i]
			}
		}
		t.Fatalf("%s: no column %s", q.ID, code)
		return nil
	}
	red := col(pets, "red")
	checkOptions(t, "pets|red", red.Base, 5, red.Options, want{"cat", 4, 80}, want{"dog", 3, 60}, want{"none", 1, 20})
	blue := col(pets, "blue")
	checkOptions(t, "pets|blue", blue.Base, 2, blue.Options, want{"cat", 2, 100}, want{"fish", 2, 100})
	if na := col(pets, NotAnswered); intp(na.Base) != 0 || na.Options[0].Percent != nil {
		t.Errorf("pets|not answered: base %d, percent %v", intp(na.Base), na.Options[0].Percent)
	}
	manyGreen := col(question(t, r, "many"), "green")
	checkOptions(t, "many|green", manyGreen.Base, 3, manyGreen.Options, want{"m33", 3, 100}, want{"m1", 0, 0})
	manyRed := col(question(t, r, "many"), "red")
	checkOptions(t, "many|red", manyRed.Base, 3, manyRed.Options, want{"m1", 3, 100}, want{"m40", 3, 100})
	green := col(question(t, r, "views"), "green")
	checkOptions(t, "views.tea|green", green.Items[0].Base, 3, green.Items[0].Options, want{"n", 3, 100})
	// Overall figures are still there beside the columns.
	checkOptions(t, "pets", pets.Base, 10, pets.Options, want{"cat", 6, 60})

	// By a multiple-choice question: columns overlap.
	r = mustReport(t, tiny(t), Options{By: "pets", Unsuppressed: true})
	wantPops = map[string]int{"cat": 6, "dog": 5, "fish": 5, "none": 1, NotAnswered: 1}
	for _, c := range r.By.Columns {
		if intp(c.Respondents) != wantPops[c.Code] {
			t.Errorf("by pets, column %s: %d respondents, want %d", c.Code, intp(c.Respondents), wantPops[c.Code])
		}
	}
	// By a Likert item.
	r = mustReport(t, tiny(t), Options{By: "views.tea", Unsuppressed: true})
	if r.By.Item != "tea" || intp(r.By.Columns[0].Respondents) != 3 {
		t.Errorf("by views.tea: %+v", r.By)
	}
}

func TestWilson(t *testing.T) {
	// Newcombe (1998), Statistics in Medicine 17:857, example: 81/263,
	// Wilson score interval 0.2553 to 0.3662.
	lo, hi := Wilson(81, 263)
	if !near(lo, 25.53, 0.005) || !near(hi, 36.62, 0.005) {
		t.Errorf("Wilson(81, 263) = %.4f, %.4f; want 25.53, 36.62", lo, hi)
	}
	// Same source: 15/148 gives 0.0624 to 0.1605.
	lo, hi = Wilson(15, 148)
	if !near(lo, 6.24, 0.005) || !near(hi, 16.05, 0.005) {
		t.Errorf("Wilson(15, 148) = %.4f, %.4f; want 6.24, 16.05", lo, hi)
	}
	// At the edges the interval stays inside 0–100 and is not empty.
	lo, hi = Wilson(0, 20)
	if lo != 0 || !near(hi, 16.11, 0.01) {
		t.Errorf("Wilson(0, 20) = %v, %v; want 0, 16.11", lo, hi)
	}
	lo, hi = Wilson(20, 20)
	if hi != 100 || !near(lo, 83.89, 0.01) {
		t.Errorf("Wilson(20, 20) = %v, %v; want 83.89, 100", lo, hi)
	}
	if lo, _ := Wilson(1, 0); !math.IsNaN(lo) {
		t.Error("Wilson with n = 0 is not NaN")
	}
}

func TestTwoProportion(t *testing.T) {
	// 15/50 against 25/50: R's prop.test(c(15, 25), c(50, 50),
	// correct = FALSE) gives X-squared = 4.1667 (z² ), p-value = 0.04123.
	z, p := TwoProportion(15, 50, 25, 50)
	if !near(z*z, 4.1667, 0.0001) || z > 0 || !near(p, 0.04123, 0.00001) {
		t.Errorf("z = %v, p = %v", z, p)
	}
	// Equal proportions: no difference.
	if z, p := TwoProportion(10, 40, 20, 80); z != 0 || !near(p, 1, 1e-12) {
		t.Errorf("equal: z = %v, p = %v", z, p)
	}
	if z, p := TwoProportion(0, 40, 0, 80); z != 0 || p != 1 {
		t.Errorf("no variance: z = %v, p = %v", z, p)
	}
}

func TestCompare(t *testing.T) {
	def := loadDef(t, "tiny.json")
	a := build(t, def, rowSpec{15, "colour=red"}, rowSpec{35, "colour=blue"})
	b := build(t, def, rowSpec{25, "colour=red"}, rowSpec{25, "colour=blue"})
	c := Compare(mustReport(t, a, Options{}), mustReport(t, b, Options{}))
	var d *Difference
	for _, q := range c.Questions {
		if q.ID == "colour" {
			d = &q.Options[0]
		}
	}
	if d == nil || d.Code != "red" || !near(*d.Difference, -20, 1e-9) || !near(*d.P, 0.04123, 0.00001) || !d.Significant {
		t.Fatalf("red: %+v", d)
	}
	for _, q := range c.Questions {
		if q.ID == "say" {
			t.Error("free text compared")
		}
	}
}

func TestComments(t *testing.T) {
	ds := tiny(t)
	got, err := ds.Comments(Options{}, "say")
	if err != nil || len(got) != 4 || got[0] != "hello" || got[3] != "hi" {
		t.Fatalf("comments %q, %v", got, err)
	}
	f, _ := ParseFilter("colour=red")
	if _, err := ds.Comments(Options{Filters: []Filter{f}, Unsuppressed: true}, "say"); !errors.Is(err, ErrSuppressed) {
		t.Errorf("small population: %v", err)
	}
	if _, err := ds.Comments(Options{}, "colour"); !errors.Is(err, ErrBadFilter) {
		t.Errorf("not a text question: %v", err)
	}
	plain := NewDataset(ds.Definition())
	if _, err := plain.Comments(Options{}, "say"); !errors.Is(err, ErrNoTexts) {
		t.Errorf("no texts kept: %v", err)
	}
}
