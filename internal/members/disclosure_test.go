package members

// Attacks on Disclose: what a viewer who is not a lead can work out from
// the figures, one look and month after month.

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"
)

// historyStart is the first month of the random histories.
var historyStart = time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC)

// randomHistory is months months from historyStart, keep in 100 of them
// with changes: up to maxJoined-1 joined and maxLeft-1 left, some of them
// allies.
func randomHistory(rng *rand.Rand, months, keep, maxJoined, maxLeft int) []Month {
	var ms []Month
	for i := range months {
		if rng.IntN(100) >= keep {
			continue // a month with no change has no row
		}
		joined, left := rng.IntN(maxJoined), rng.IntN(maxLeft)
		ms = append(ms, Month{Month: MonthOf(historyStart.AddDate(0, i, 0)), Joined: joined, Left: left,
			AlliesJoined: rng.IntN(joined + 1), AlliesLeft: rng.IntN(left + 1)})
	}
	return ms
}

// randomYear picks a twelve-month window starting within the histories.
func randomYear(rng *rand.Rand) (from time.Time, in func(Month) bool) {
	from = historyStart.AddDate(0, 3+rng.IntN(24), 0)
	return from, func(m Month) bool {
		mt, _ := time.Parse("2006-01", m.Month)
		return !mt.Before(from) && mt.Before(from.AddDate(1, 0, 0))
	}
}

// TestYearHidesTheRest plays someone who is not a lead: they have seen
// every month (View.Rows: a month leaves the page after RecentMonths,
// but they remember it) and a year's sums (View.Year), and
// subtract every month shown exactly from each sum shown exactly; with
// the year's joined and allies both shown, they do the same for the
// joiners who are not allies. Over many random histories, what is left
// must never be 1 to 10.
func TestYearHidesTheRest(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 0))
	withheld, shown := 0, 0
	num := func(s string) (int, bool) { n, err := strconv.Atoi(s); return n, err == nil }
	for range 1000 {
		ms := randomHistory(rng, 30, 75, 40, 15)
		from, in := randomYear(rng)
		rows := map[string]FigureRow{}
		for i, r := range Disclose(ms, totalsOf(ms), false).Rows {
			rows[ms[i].Month] = r
		}
		y := yearOf(ms, in, false)
		if lead := yearOf(ms, in, true); lead.JoinedText != fmt.Sprint(y.Joined) || lead.AlliesJoinedText != fmt.Sprint(y.AlliesJoined) || lead.LeftText != fmt.Sprint(y.Left) {
			t.Fatalf("a lead sees %+v", lead)
		}
		check := func(name, text string, cell func(FigureRow) (int, bool)) {
			sum, ok := num(text)
			if !ok {
				withheld++
				return
			}
			shown++
			for _, m := range ms {
				if r, on := rows[m.Month]; on && in(m) {
					if n, ok := cell(r); ok {
						sum -= n
					}
				}
			}
			if sum > 0 && sum < MinShown {
				t.Fatalf("the year's %s less the months shown gives away %d: %+v from %s", name, sum, ms, from.Format("2006-01"))
			}
		}
		check("joined", y.JoinedText, func(r FigureRow) (int, bool) { return num(r.Joined) })
		check("left", y.LeftText, func(r FigureRow) (int, bool) { return num(r.Left) })
		check("allies joined", y.AlliesJoinedText, func(r FigureRow) (int, bool) { return num(r.AlliesJoined) })
		j, okJ := num(y.JoinedText)
		a, okA := num(y.AlliesJoinedText)
		if okJ && okA {
			check("joiners who are not allies", fmt.Sprint(j-a), func(r FigureRow) (int, bool) {
				j, okJ := num(r.Joined)
				a, okA := num(r.AlliesJoined)
				return j - a, okJ && okA
			})
		}
	}
	// Both happen: the histories test the rule both ways.
	if shown == 0 || withheld == 0 {
		t.Errorf("%d sums shown and %d withheld", shown, withheld)
	}
	// By hand: May's 12 allies are withheld, as its 8 other joiners would
	// follow from its 20; the year's allies, 27, less April's 15 would give
	// May's 12 away, and so the 8.
	y := yearOf([]Month{{Month: "2026-04", Joined: 30, AlliesJoined: 15}, {Month: "2026-05", Joined: 20, AlliesJoined: 12}},
		func(Month) bool { return true }, false)
	if y.JoinedText != "50" || y.AlliesJoinedText != "not shown" {
		t.Errorf("by hand: %+v", y)
	}
	// May's 6 and June's 7 joined are withheld, their allies (0) shown,
	// July's 15 allies withheld beside its 20 joined: neither sum is shown,
	// as a month of each withholds it; the leavers, all shown, are.
	y = yearOf([]Month{{Month: "2026-05", Joined: 6}, {Month: "2026-06", Joined: 7}, {Month: "2026-07", Joined: 20, AlliesJoined: 15}},
		func(Month) bool { return true }, false)
	if y.JoinedText != "not shown" || y.AlliesJoinedText != "not shown" || y.LeftText != "0" {
		t.Errorf("by hand, months withheld: %+v", y)
	}
}

// TestYearAgainstLinearAttack is a stronger attacker than
// TestYearHidesTheRest's: it writes down every count a viewer who is not
// a lead has seen exactly (every month's cells and the year's sums) as
// linear equations over each month's joined, allies joined and left, and
// asks, for every set of the year's months, whether the joined, allies,
// leavers or joiners who are not allies in it follow from them. None that
// follows may be 1 to 10.
func TestYearAgainstLinearAttack(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 1))
	tried := 0
	for tried < 1500 {
		ms := randomHistory(rng, 30, 50, 30, 14)
		from, in := randomYear(rng)
		var year []Month
		for _, m := range ms {
			if in(m) {
				year = append(year, m)
			}
		}
		if len(year) == 0 || len(year) > 8 {
			continue
		}
		tried++
		rows := map[string]FigureRow{}
		for i, r := range Disclose(ms, totalsOf(ms), false).Rows {
			rows[ms[i].Month] = r
		}
		// Unknowns: 3i is month i's joined, 3i+1 its allies, 3i+2 its left.
		n := 3 * len(year)
		var known [][]float64
		see := func(text string, n int, c []float64) {
			if text == fmt.Sprint(n) {
				known = append(known, c)
			}
		}
		unit := func(j int) []float64 { c := make([]float64, n); c[j] = 1; return c }
		every := func(k int) []float64 {
			c := make([]float64, n)
			for i := range year {
				c[3*i+k] = 1
			}
			return c
		}
		for i, m := range year {
			if r, ok := rows[m.Month]; ok {
				see(r.Joined, m.Joined, unit(3*i))
				see(r.AlliesJoined, m.AlliesJoined, unit(3*i+1))
				see(r.Left, m.Left, unit(3*i+2))
			}
		}
		y := yearOf(ms, in, false)
		see(y.JoinedText, y.Joined, every(0))
		see(y.AlliesJoinedText, y.AlliesJoined, every(1))
		see(y.LeftText, y.Left, every(2))
		null := nullSpace(known, n)
		for set := 1; set < 1<<len(year); set++ {
			for _, f := range []struct {
				name  string
				coef  [3]float64
				count func(Month) int
			}{
				{"joined", [3]float64{1, 0, 0}, func(m Month) int { return m.Joined }},
				{"allies joined", [3]float64{0, 1, 0}, func(m Month) int { return m.AlliesJoined }},
				{"left", [3]float64{0, 0, 1}, func(m Month) int { return m.Left }},
				{"joiners who are not allies", [3]float64{1, -1, 0}, func(m Month) int { return m.Joined - m.AlliesJoined }},
			} {
				c, value := make([]float64, n), 0
				for i, m := range year {
					if set&(1<<i) != 0 {
						copy(c[3*i:], f.coef[:])
						value += f.count(m)
					}
				}
				if value < 1 || value >= MinShown {
					continue
				}
				if follows(c, null) {
					t.Fatalf("the %s of months %b of %+v (year from %s) follow from what is shown: %d\nshown: %+v", f.name, set, year, from.Format("2006-01"), value, y)
				}
			}
		}
	}
}

// TestNowAgainstLinearAttack adds members now and allies now to the
// attacker of TestYearAgainstLinearAttack, over short whole histories
// (every month on the members page, spread over financial years):
// members now is all joiners less all leavers, allies now all allies who
// joined less those who left. No count of 1 to 10 over any set of months
// may follow from everything shown.
func TestNowAgainstLinearAttack(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for tried := 0; tried < 1000; {
		ms := randomHistory(rng, 36, 17, 30, 14)
		var tot Totals
		for _, m := range ms {
			tot.Members += m.Joined - m.Left
			tot.Allies += m.AlliesJoined - m.AlliesLeft
		}
		if len(ms) == 0 || len(ms) > 7 || tot.Allies < 0 || tot.Allies > tot.Members {
			continue
		}
		tried++
		eq := &equations{months: len(ms)}
		see := eq.see
		vec := func(coef map[int]float64, in func(Month) bool) []float64 {
			return eq.vec(coef, func(i int) bool { return in(ms[i]) })
		}
		for i, r := range Disclose(ms, totalsOf(ms), false).Rows {
			m, one := ms[i], func(o Month) bool { return o.Month == ms[i].Month }
			see(r.Joined, m.Joined, vec(map[int]float64{0: 1}, one))
			see(r.Left, m.Left, vec(map[int]float64{1: 1}, one))
			see(r.AlliesJoined, m.AlliesJoined, vec(map[int]float64{2: 1}, one))
			see(r.AlliesLeft, m.AlliesLeft, vec(map[int]float64{3: 1}, one))
		}
		for fy := 2023; fy <= 2027; fy++ {
			in := InFinancialYear(fy)
			y := yearOf(ms, in, false)
			see(y.JoinedText, y.Joined, vec(map[int]float64{0: 1}, in))
			see(y.LeftText, y.Left, vec(map[int]float64{1: 1}, in))
			see(y.AlliesJoinedText, y.AlliesJoined, vec(map[int]float64{2: 1}, in))
		}
		now, allies := nowOf(ms, tot, false)
		all := func(Month) bool { return true }
		see(now, tot.Members, vec(map[int]float64{0: 1, 1: -1}, all))
		see(allies, tot.Allies, vec(map[int]float64{2: 1, 3: -1}, all))
		null := nullSpace(eq.known, 4*len(ms))
		if kind, set, value, ok := smallFollows(ms, null, eq.vec); ok {
			t.Fatalf("the %s of months %b of %+v (members now %+v) follow from what is shown: %d (now %q, allies %q)", kind, set, ms, tot, value, now, allies)
		}
	}
}

// TestNowByHand: a network two months old, 15 then 12 joined and 2 left
// in the second month. Members now, 25, beside May's 12 joined would give
// the 2 away, so one of them goes: May's joined, as members now is the
// figure people look for first. With 11 leavers everything is shown.
func TestNowByHand(t *testing.T) {
	ms := []Month{{Month: "2026-04", Joined: 15}, {Month: "2026-05", Joined: 12, Left: 2}}
	v := Disclose(ms, Totals{Members: 25}, false)
	if v.Members != "25" || v.Rows[1].Joined != "not shown" || v.Rows[1].Left != "fewer than 11" || v.Rows[0].Joined != "15" {
		t.Errorf("members now %q, rows %+v", v.Members, v.Rows)
	}
	if now, _ := nowOf(ms, Totals{Members: 25}, true); now != "25" {
		t.Errorf("a lead sees members now as %q", now)
	}
	ms[1].Left = 11
	v = Disclose(ms, Totals{Members: 16}, false)
	if v.Members != "16" || v.Rows[1].Joined != "12" || v.Rows[1].Left != "11" {
		t.Errorf("with 11 leavers: members now %q, rows %+v", v.Members, v.Rows)
	}
}

// TestNowBesideAllies: the joiners and leavers who are not allies, which
// allies now can give away beside the months. Each history would give
// away a group of 1 to 10 if allies now and every cell were shown; what
// goes is the least wanted figure that stops it.
func TestNowBesideAllies(t *testing.T) {
	var long []Month
	for _, y := range []string{"2022-06", "2023-06"} {
		long = append(long, Month{Month: y, Joined: 30, AlliesJoined: 15, Left: 8, AlliesLeft: 7})
	}
	for i := range 12 {
		long = append(long, Month{Month: MonthOf(time.Date(2024, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC)), Joined: 11})
	}
	for _, c := range []struct {
		name   string
		ms     []Month
		now    Totals
		allies string
		rows   []FigureRow // the first rows, without the months' names
	}{
		// January's 35 allies are withheld beside its 40 joined (Part):
		// allies now less February's 0 would give them, and so January's
		// 5 others. Withholding February's 0 would not do: a count the
		// audit withholds is one Count would show, 0 or 11 or more, and
		// with at most 20 joined and January's 30 or more allies only 0
		// fits. So allies now goes.
		{"allies withheld beside joined", []Month{{Month: "2026-01", Joined: 40, AlliesJoined: 35}, {Month: "2026-02", Joined: 20}}, Totals{Members: 60, Allies: 35},
			"not shown", []FigureRow{{Joined: "40", Left: "0", AlliesJoined: "not shown", AlliesLeft: "0"}, {Joined: "20", Left: "0", AlliesJoined: "0", AlliesLeft: "0"}}},
		// February's 12 allies who left, beside its 15 leavers: 3 others.
		{"allies who left withheld beside left", []Month{{Month: "2026-01", Joined: 60, AlliesJoined: 30}, {Month: "2026-02", Left: 15, AlliesLeft: 12}}, Totals{Members: 45, Allies: 18},
			"not shown", []FigureRow{{Joined: "60", Left: "0", AlliesJoined: "30", AlliesLeft: "0"}, {Joined: "0", Left: "15", AlliesJoined: "0", AlliesLeft: "not shown"}}},
		// Members now, 22 at the end of June 2022, would give away its 8
		// leavers beside its 30 joined: the joined go.
		{"members who are not allies", long, Totals{Members: 60 + 132 - 16, Allies: 30 - 14},
			"16", []FigureRow{{Joined: "not shown", Left: "fewer than 11", AlliesJoined: "15", AlliesLeft: "fewer than 11"}}},
	} {
		v := Disclose(c.ms, c.now, false)
		if v.Allies != c.allies {
			t.Errorf("%s: allies now %q, want %q", c.name, v.Allies, c.allies)
		}
		for i, want := range c.rows {
			if got := v.Rows[i]; got.Joined != want.Joined || got.Left != want.Left || got.AlliesJoined != want.AlliesJoined || got.AlliesLeft != want.AlliesLeft {
				t.Errorf("%s: row %d %+v, want %+v", c.name, i, got, want)
			}
		}
		if _, allies := nowOf(c.ms, c.now, true); allies != fmt.Sprint(c.now.Allies) {
			t.Errorf("%s: a lead sees allies now as %q", c.name, allies)
		}
	}
}

// TestYearBounds: a year's sum is shown only where every month of it
// shows that count, so no sum can pin its withheld months: not at the
// most or the least their bounds allow ("fewer than 11" is 1 to 10;
// Part's "not shown" 11 or more), and not in between.
func TestYearBounds(t *testing.T) {
	everyMonth := func(Month) bool { return true }
	// Two months of "fewer than 11" and a year of 20: both are 10.
	y := yearOf([]Month{{Month: "2026-05", Joined: 10, Left: 10}, {Month: "2026-06", Joined: 10, Left: 10}}, everyMonth, false)
	if y.JoinedText != "not shown" || y.LeftText != "not shown" {
		t.Errorf("at the most: %+v", y)
	}
	// Eleven months of one joiner each and a year of 11: each is 1.
	var ms []Month
	for i := range 11 {
		ms = append(ms, Month{Month: MonthOf(time.Date(2025, time.Month(4+i), 1, 0, 0, 0, 0, time.UTC)), Joined: 1})
	}
	if y := yearOf(ms, everyMonth, false); y.JoinedText != "not shown" {
		t.Errorf("at the least: %+v", y)
	}
	// Two months of 21 joined and 11 allies ("not shown", so at least 11
	// each) and a year of 22 allies: each is 11, with 10 others.
	y = yearOf([]Month{{Month: "2026-05", Joined: 21, AlliesJoined: 11}, {Month: "2026-06", Joined: 21, AlliesJoined: 11}}, everyMonth, false)
	if y.AlliesJoinedText != "not shown" || y.JoinedText != "42" {
		t.Errorf("allies at the least: %+v", y)
	}
	// 3 and 9 joined ("fewer than 11" each) beside 12 more: the year's 24
	// less the 12 would say the two months hold 12 together.
	y = yearOf([]Month{{Month: "2026-05", Joined: 3}, {Month: "2026-06", Joined: 9}, {Month: "2026-07", Joined: 12}}, everyMonth, false)
	if y.JoinedText != "not shown" {
		t.Errorf("between the bounds: %+v", y)
	}
	// Every month shown: the sum is too, and a lead sees every sum.
	y = yearOf([]Month{{Month: "2026-05", Joined: 11, Left: 12}, {Month: "2026-06", Joined: 13}}, everyMonth, false)
	if y.JoinedText != "24" || y.LeftText != "12" || y.AlliesJoinedText != "0" {
		t.Errorf("every month shown: %+v", y)
	}
	if y := yearOf(ms, everyMonth, true); y.JoinedText != "11" {
		t.Errorf("a lead sees %+v", y)
	}
}

// nullSpace returns a basis of the vectors x with known·x = 0, by
// Gauss-Jordan elimination of the rows of known over n unknowns.
func nullSpace(known [][]float64, n int) [][]float64 {
	m := make([][]float64, len(known))
	for i := range known {
		m[i] = append([]float64(nil), known[i]...)
	}
	const eps = 1e-9
	pivotOf := make([]int, n) // the row whose pivot is column c, or -1
	for c := range pivotOf {
		pivotOf[c] = -1
	}
	r := 0
	for c := 0; c < n && r < len(m); c++ {
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
		for j, v := 0, m[r][c]; j < n; j++ {
			m[r][j] /= v
		}
		for i := range m {
			if i != r && math.Abs(m[i][c]) > eps {
				for j, f := 0, m[i][c]; j < n; j++ {
					m[i][j] -= f * m[r][j]
				}
			}
		}
		pivotOf[c] = r
		r++
	}
	var basis [][]float64
	for free := range n {
		if pivotOf[free] >= 0 {
			continue
		}
		v := make([]float64, n)
		v[free] = 1
		for c, row := range pivotOf {
			if row >= 0 {
				v[c] = -m[row][free]
			}
		}
		basis = append(basis, v)
	}
	return basis
}

// follows reports whether c·x is the same for every x the equations
// allow: c is orthogonal to their null space.
func follows(c []float64, null [][]float64) bool {
	for _, v := range null {
		dot := 0.0
		for i := range c {
			dot += c[i] * v[i]
		}
		if math.Abs(dot) > 1e-9 {
			return false
		}
	}
	return true
}

// TestOverTimeAgainstLinearAttack is the attacker of
// TestNowAgainstLinearAttack looking at the end of every month, not once:
// at each it writes down every count shown exactly (the months so far,
// the years' sums, members now and allies now as Disclose gives them for the
// months so far), and keeps all it has written. Members now at the end
// of one month less at the end of another is that stretch's joined less
// its left, so a viewer who looks twice knows more than either look
// shows. No count of 1 to 10 over any set of months may follow from
// everything written down.
func TestOverTimeAgainstLinearAttack(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 4))
	shownLast, eligible := 0, 0 // members now shown at the last look, where Count allows it
	for tried := 0; tried < 2000; {
		ms := randomHistory(rng, 36, 20, 26, 14)
		if len(ms) < 2 || len(ms) > 7 || !possible(ms) {
			continue
		}
		tried++
		eq := &equations{months: len(ms)}
		see, vec := eq.see, eq.vec
		var tot Totals
		for k := range ms {
			seen := ms[:k+1]
			tot.Members += ms[k].Joined - ms[k].Left
			tot.Allies += ms[k].AlliesJoined - ms[k].AlliesLeft
			r := Disclose(seen, tot, false).Rows[k]
			m, one := ms[k], func(i int) bool { return i == k }
			see(r.Joined, m.Joined, vec(map[int]float64{0: 1}, one))
			see(r.Left, m.Left, vec(map[int]float64{1: 1}, one))
			see(r.AlliesJoined, m.AlliesJoined, vec(map[int]float64{2: 1}, one))
			see(r.AlliesLeft, m.AlliesLeft, vec(map[int]float64{3: 1}, one))
			// No count is below 0, so a joined (or left) of 0 says its
			// allies are 0 too, whatever their cell shows.
			if r.Joined == "0" {
				see("0", 0, vec(map[int]float64{2: 1}, one))
			}
			if r.Left == "0" {
				see("0", 0, vec(map[int]float64{3: 1}, one))
			}
			for fy := 2023; fy <= 2027; fy++ {
				y := yearOf(seen, InFinancialYear(fy), false)
				in := func(i int) bool { return i <= k && ms[i].FinancialYear() == fy }
				see(y.JoinedText, y.Joined, vec(map[int]float64{0: 1}, in))
				see(y.LeftText, y.Left, vec(map[int]float64{1: 1}, in))
				see(y.AlliesJoinedText, y.AlliesJoined, vec(map[int]float64{2: 1}, in))
			}
			now, allies := nowOf(seen, tot, false)
			upTo := func(i int) bool { return i <= k }
			see(now, tot.Members, vec(map[int]float64{0: 1, 1: -1}, upTo))
			see(allies, tot.Allies, vec(map[int]float64{2: 1, 3: -1}, upTo))
			if k == len(ms)-1 && tot.Members >= MinShown {
				eligible++
				if now == fmt.Sprint(tot.Members) {
					shownLast++
				}
			}
		}
		null := nullSpace(eq.known, 4*len(ms))
		if kind, set, value, ok := smallFollows(ms, null, vec); ok {
			t.Fatalf("the %s of months %b of %+v follow from looking at the end of every month: %d", kind, set, ms, value)
		}
		// The members at the end of a month are a group too: all of
		// them, the allies among them, and those who are not allies.
		var stock [3]int
		for k, m := range ms {
			upTo := func(i int) bool { return i <= k }
			stock[0] += m.Joined - m.Left
			stock[1] += m.AlliesJoined - m.AlliesLeft
			stock[2] = stock[0] - stock[1]
			for i, c := range []map[int]float64{{0: 1, 1: -1}, {2: 1, 3: -1}, {0: 1, 1: -1, 2: -1, 3: 1}} {
				if v := stock[i]; v >= 1 && v < MinShown && follows(vec(c, upTo), null) {
					t.Fatalf("the %s at the end of %s follow from looking at the end of every month: %d (%+v)",
						[]string{"members", "allies", "members who are not allies"}[i], m.Month, v, ms)
				}
			}
		}
	}
	// Members now, the figure wanted most, is shown at the last look in
	// most histories where Count allows it.
	if shownLast*2 < eligible {
		t.Errorf("members now shown at the last look in %d of %d histories", shownLast, eligible)
	}
}

// possible reports whether ms could happen: at the end of every month,
// no fewer than 0 members, allies or members who are not allies.
func possible(ms []Month) bool {
	var members, allies int
	for _, m := range ms {
		members += m.Joined - m.Left
		allies += m.AlliesJoined - m.AlliesLeft
		if allies < 0 || members < allies {
			return false
		}
	}
	return true
}

// totalsOf is the totals at the end of ms, with no members before it.
func totalsOf(ms []Month) Totals {
	var t Totals
	for _, m := range ms {
		t.Members += m.Joined - m.Left
		t.Allies += m.AlliesJoined - m.AlliesLeft
	}
	return t
}

// yearOf is a year's figures as Disclose gives them for ms.
func yearOf(ms []Month, in func(Month) bool, full bool) YearFigures {
	return Disclose(ms, totalsOf(ms), full).Year(in)
}

// nowOf is members and allies now as Disclose gives them.
func nowOf(ms []Month, t Totals, full bool) (members, allies string) {
	v := Disclose(ms, t, full)
	return v.Members, v.Allies
}

// kinds are the counts a set of months has, as weights on each month's
// joined (0), left (1), allies joined (2) and allies left (3).
var kinds = []struct {
	name  string
	coef  map[int]float64
	count func(Month) int
}{
	{"joined", map[int]float64{0: 1}, func(m Month) int { return m.Joined }},
	{"left", map[int]float64{1: 1}, func(m Month) int { return m.Left }},
	{"allies joined", map[int]float64{2: 1}, func(m Month) int { return m.AlliesJoined }},
	{"allies left", map[int]float64{3: 1}, func(m Month) int { return m.AlliesLeft }},
	{"joiners who are not allies", map[int]float64{0: 1, 2: -1}, func(m Month) int { return m.Joined - m.AlliesJoined }},
	{"leavers who are not allies", map[int]float64{1: 1, 3: -1}, func(m Month) int { return m.Left - m.AlliesLeft }},
}

// smallFollows finds a count of 1 to 10 over some set of the months of ms
// (the set's bits) that follows from equations with null space null; vec
// gives a kind's weights over the months that in picks.
func smallFollows(ms []Month, null [][]float64, vec func(map[int]float64, func(int) bool) []float64) (kind string, set, value int, ok bool) {
	for set := 1; set < 1<<len(ms); set++ {
		in := func(i int) bool { return set&(1<<i) != 0 }
		for _, f := range kinds {
			value := 0
			for i, m := range ms {
				if in(i) {
					value += f.count(m)
				}
			}
			if value >= 1 && value < MinShown && follows(vec(f.coef, in), null) {
				return f.name, set, value, true
			}
		}
	}
	return "", 0, 0, false
}

// equations is what an attacker writes down: a row for each count shown
// exactly, over each month's joined (4i), left (4i+1), allies joined
// (4i+2) and allies left (4i+3).
type equations struct {
	months int
	known  [][]float64
}

// see writes c down if text shows v exactly.
func (e *equations) see(text string, v int, c []float64) {
	if text == fmt.Sprint(v) {
		e.known = append(e.known, c)
	}
}

// vec is the row with weights coef on the months that in picks.
func (e *equations) vec(coef map[int]float64, in func(i int) bool) []float64 {
	c := make([]float64, 4*e.months)
	for i := range e.months {
		if in(i) {
			for k, v := range coef {
				c[4*i+k] = v
			}
		}
	}
	return c
}

// TestBoundsPin: members now rose by 10 over a month whose joined reads
// "fewer than 11": with its left shown as 0 the 10 joiners follow by
// subtraction, and with the left withheld they follow all the same, as
// the joined is at most 10 and the left at least 0. So members now goes.
// With 11 joined and 1 left, the joined goes (it would give the 1 away),
// and then a rise of 10 pins nothing: the joined could be 11 to 20.
func TestBoundsPin(t *testing.T) {
	ms := []Month{{Month: "2026-04", Joined: 15}, {Month: "2026-05", Joined: 10}}
	v := Disclose(ms, totalsOf(ms), false)
	if v.Members != "not shown" || v.Rows[1].Joined != "fewer than 11" || v.Rows[1].Left != "0" {
		t.Errorf("members now %q, rows %+v", v.Members, v.Rows)
	}
	ms[1] = Month{Month: "2026-05", Joined: 11, Left: 1}
	v = Disclose(ms, totalsOf(ms), false)
	if v.Members != "25" || v.Rows[1].Joined != "not shown" || v.Rows[1].Left != "fewer than 11" {
		t.Errorf("a rise of 10 beside 11 joined: members now %q, rows %+v", v.Members, v.Rows)
	}
	// Two months of "fewer than 11" joined and left whose changes add up
	// to 9: only 10 joined and 1 left fit.
	ms = []Month{{Month: "2026-04", Joined: 15}, {Month: "2026-05", Joined: 10, Left: 1}}
	v = Disclose(ms, totalsOf(ms), false)
	if v.Members == "24" && v.Rows[1].Joined == "fewer than 11" && v.Rows[1].Left == "fewer than 11" {
		t.Errorf("members now 24 pins May's 10 joined and 1 left: %+v", v.Rows)
	}
}

// TestWithheldIsNotSmall: a network that only grows, by "fewer than 11"
// a month. With each month's left withheld, members now rising by 7 would
// still give the 7 joiners away, as a left the audit withholds is one
// Count would show: 0, or 11 and more, which a rise rules out. So
// members now is withheld where the joiners since it was last shown are
// fewer than 11, and shown again once they are 11 or more.
func TestWithheldIsNotSmall(t *testing.T) {
	ms := []Month{{Month: "2026-01", Joined: 20}, {Month: "2026-02", Joined: 7}, {Month: "2026-03", Joined: 6}}
	var nows []string
	for k := range ms {
		v := Disclose(ms[:k+1], totalsOf(ms[:k+1]), false)
		nows = append(nows, v.Members)
	}
	if want := []string{"20", "not shown", "33"}; !slices.Equal(nows, want) {
		t.Errorf("members now month by month %q, want %q", nows, want)
	}
}

// TestSmallNowBounds: 20 joined and 10 left in a network's first month
// leave 10 members, which reads "fewer than 11"; so the left is at least
// 10, and "fewer than 11" makes it 10. The joined goes.
func TestSmallNowBounds(t *testing.T) {
	ms := []Month{{Month: "2026-04", Joined: 20, Left: 10}}
	v := Disclose(ms, totalsOf(ms), false)
	if v.Members != "fewer than 11" || v.Rows[0].Joined == "20" {
		t.Errorf("members now %q, rows %+v", v.Members, v.Rows)
	}
}

// TestOneMonthAgainstBounds attacks a network's first month with what
// each figure says, as the audit reads it: a count shown is that count,
// "fewer than 11" is 1 to 10, and "not shown" is 0 or 11 or more. For
// every month that could happen (up to 14 joined and 14 left) it finds
// every month that agrees with all that is shown, and checks that the
// counts they all share are shown or are not 1 to 10. (A viewer who also
// replays the audit's choices for each candidate can learn more; that is
// open, in docs/networks.md.)
func TestOneMonthAgainstBounds(t *testing.T) {
	const most = 14
	var all []Month
	for j := 0; j <= most; j++ {
		for a := 0; a <= j; a++ {
			for l := 0; l <= j; l++ {
				// No more allies, or others, leave than joined.
				for al := max(0, l-(j-a)); al <= l && al <= a; al++ {
					all = append(all, Month{Month: "2026-04", Joined: j, AlliesJoined: a, Left: l, AlliesLeft: al})
				}
			}
		}
	}
	// The nine counts of a month, and where the viewer reads each.
	counts := func(m Month) [9]int {
		return [9]int{m.Joined, m.Left, m.AlliesJoined, m.AlliesLeft, m.Joined - m.Left, m.AlliesJoined - m.AlliesLeft,
			m.Joined - m.AlliesJoined, m.Left - m.AlliesLeft, m.Joined - m.Left - m.AlliesJoined + m.AlliesLeft}
	}
	names := []string{"joined", "left", "allies joined", "allies left", "members", "allies", "joiners who are not allies", "leavers who are not allies", "members who are not allies"}
	agrees := func(text string, n int) bool {
		switch text {
		case "fewer than 11":
			return n > 0 && n < MinShown
		case "not shown":
			return n == 0 || n >= MinShown
		}
		return text == fmt.Sprint(n)
	}
	type seen [6]string
	groups := map[seen][]Month{}
	for _, m := range all {
		v := disclose([]Month{m}, totalsOf([]Month{m}))
		r := v.Rows[0]
		k := seen{r.Joined, r.Left, r.AlliesJoined, r.AlliesLeft, v.Members, v.Allies}
		groups[k] = append(groups[k], m)
	}
	for k, ms := range groups {
		var fit []Month
		for _, m := range all {
			c := counts(m)
			if agrees(k[0], c[0]) && agrees(k[1], c[1]) && agrees(k[2], c[2]) && agrees(k[3], c[3]) && agrees(k[4], c[4]) && agrees(k[5], c[5]) {
				fit = append(fit, m)
			}
		}
		// A fit at the limit has others past it, which the enumeration
		// leaves out: they could look pinned only for that.
		if slices.ContainsFunc(fit, func(m Month) bool { return m.Joined == most || m.Left == most }) {
			continue
		}
		m0 := counts(ms[0])
		for q := range 9 {
			if m0[q] < 1 || m0[q] >= MinShown || q < 6 && k[q] == fmt.Sprint(m0[q]) {
				continue
			}
			if !slices.ContainsFunc(fit, func(m Month) bool { return counts(m)[q] != m0[q] }) {
				t.Fatalf("every month that reads %q has %s %d, e.g. %+v", k, names[q], m0[q], ms[0])
			}
		}
	}
}
