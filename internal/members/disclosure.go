package members

import (
	"fmt"
	"slices"
	"strings"
	"sync"
)

// What a viewer who is not one of the network's leads can learn from the
// membership figures, and so which are withheld. Such a viewer sees, at
// the end of each month (Settled), every whole month's cells, members and
// allies now, and a year's sums; a month leaves the members page after
// RecentMonths, but whoever looked remembers it. Each of these is a sum of
// four counts a month (the joiners who are not allies, the allies who
// joined, and likewise for those who left), so a viewer who looks month
// after month holds a set of linear equations over them. Disclose replays
// the months as they ended and shows, at the end of each, as much as it
// can without those equations giving away any count of 1 to 10 people:
// any set of joiners or leavers (every set of counts, over any months),
// or the members, allies or members who are not allies at the end of a
// month.
//
// The equations have a shape that makes the check quick: a month's cells
// speak of that month alone, and members now less members now at the end
// of an earlier month speaks of the months between with the same weight
// on each (allies likewise). So a combination of them that the viewer can
// form is a weight for each stretch between two months at whose ends
// members now was shown (and each such stretch for allies), and within
// each month what that month's shown cells can add. auditor.leaks walks the months
// with every such weight in a small range.

// View is a network's membership figures as one viewer sees them.
type View struct {
	// Rows is every month, oldest first; a page shows RecentRows.
	Rows            []FigureRow
	Members, Allies string // members and allies now

	ms   []Month
	full bool
}

// RecentRows is the rows the members page shows: the latest
// RecentMonths.
func (v View) RecentRows() []FigureRow {
	if len(v.Rows) > RecentMonths {
		return v.Rows[len(v.Rows)-RecentMonths:]
	}
	return v.Rows
}

// YearFigures is a year's membership changes, summed from its months, as
// the cost–benefit summary shows them.
type YearFigures struct {
	Joined, AlliesJoined, Left             int
	JoinedText, AlliesJoinedText, LeftText string
}

// Year sums the months that in selects (a financial year's). A viewer who
// is not a lead sees a sum only where every month in it shows that count
// exactly, so that it adds nothing to what the months say: the sum less
// the months would give away the months withheld, and a year's sum to the
// end of this month less its sum to the end of the last would give away
// this month's count.
func (v View) Year(in func(Month) bool) YearFigures {
	var y YearFigures
	allJ, allA, allL := true, true, true
	for i, m := range v.ms {
		if !in(m) {
			continue
		}
		r := v.Rows[i]
		y.Joined, y.AlliesJoined, y.Left = y.Joined+m.Joined, y.AlliesJoined+m.AlliesJoined, y.Left+m.Left
		allJ = allJ && exact(m.Joined, r.Joined)
		allA = allA && exact(m.AlliesJoined, r.AlliesJoined)
		allL = allL && exact(m.Left, r.Left)
	}
	word := func(n int, all bool) string {
		if v.full || all {
			return fmt.Sprint(n)
		}
		return "not shown"
	}
	y.JoinedText, y.AlliesJoinedText, y.LeftText = word(y.Joined, allJ), word(y.AlliesJoined, allA), word(y.Left, allL)
	return y
}

// exact reports whether text is n itself, not a withheld count.
func exact(n int, text string) bool { return text == fmt.Sprint(n) }

// Disclose is the figures of ms (oldest first) and of the totals t at the
// end of the last month, for a viewer with or without full (a lead's)
// access. A lead sees every count. Anyone else sees each count as Count
// and Part word it ("fewer than 11", and a part withheld beside its
// total), less whatever auditor.leaks finds would give a count away beside what
// was shown at the end of every earlier month: that is withheld ("not
// shown"). Members before the first month (t less the months) count as
// known.
//
// The replay takes time that grows with the cube of the months (about
// 60 ms for ten years of monthly changes), and its answer for the same months and
// totals is always the same, so the answers are kept (disclosed).
func Disclose(ms []Month, t Totals, full bool) View {
	if full {
		v := View{Rows: ShowMonths(ms, true), ms: ms, full: true}
		v.Members, v.Allies = Count(t.Members, true), Count(t.Allies, true)
		return v
	}
	key := discloseKey(ms, t)
	if v, ok := disclosed.get(key); ok {
		v.ms, v.Rows = ms, slices.Clone(v.Rows)
		return v
	}
	v := disclose(ms, t)
	disclosed.put(key, View{Rows: slices.Clone(v.Rows), Members: v.Members, Allies: v.Allies})
	return v
}

// disclose is Disclose for a viewer who is not a lead, worked out.
func disclose(ms []Month, t Totals) View {
	v := View{Rows: ShowMonths(ms, false), ms: ms}
	a := &auditor{x: make([][4]int, len(ms)), cells: make([][4]bool, len(ms)), now: make([][2]bool, len(ms)),
		want: make([][4]bool, len(ms)), stock: make([][2]int, len(ms)), nowWant: make([][2]bool, len(ms))}
	var stocks [2]int
	for _, m := range ms {
		stocks[0] += m.Joined - m.Left
		stocks[1] += m.AlliesJoined - m.AlliesLeft
	}
	a.base = [3]int{t.Members - stocks[0], t.Allies - stocks[1], t.Members - stocks[0] - t.Allies + stocks[1]}
	members, allies := t.Members-stocks[0], t.Allies-stocks[1]
	v.Members, v.Allies = Count(members, false), Part(allies, members, false)
	for k, m := range ms {
		a.x[k] = [4]int{m.Joined - m.AlliesJoined, m.AlliesJoined, m.Left - m.AlliesLeft, m.AlliesLeft}
		members += m.Joined - m.Left
		allies += m.AlliesJoined - m.AlliesLeft
		r := v.Rows[k]
		nowM, nowA := Count(members, false), Part(allies, members, false)
		// What Count and Part would show, most wanted first: choose gives
		// up the last first when something must go.
		texts := []*string{&nowM, &r.Joined, &r.Left, &nowA, &r.AlliesJoined, &r.AlliesLeft}
		want := [6]bool{exact(members, nowM), exact(m.Joined, r.Joined), exact(m.Left, r.Left),
			exact(allies, nowA), exact(m.AlliesJoined, r.AlliesJoined), exact(m.AlliesLeft, r.AlliesLeft)}
		a.want[k], a.stock[k] = [4]bool{want[1], want[2], want[4], want[5]}, [2]int{members, allies}
		a.nowWant[k] = [2]bool{want[0], want[3]}
		got := a.choose(k, want)
		for i, text := range texts {
			if want[i] && !got[i] {
				*text = "not shown"
			}
		}
		v.Rows[k] = r
		v.Members, v.Allies = nowM, nowA
	}
	return v
}

// auditor holds the months replayed so far: each month's four counts x
// (joiners who are not allies, allies who joined, leavers who are not
// allies, allies who left), which of its cells were shown exactly
// (joined, left, allies joined, allies left), and whether members now and
// allies now were shown at its end; base is members, allies and members
// who are not allies before the first month. For the bounds
// (boundLeaks): which cells Count and Part would have shown exactly
// (joined, left, allies joined, allies left), and members and allies at
// each month's end.
type auditor struct {
	x       [][4]int
	cells   [][4]bool
	now     [][2]bool
	base    [3]int
	want    [][4]bool
	stock   [][2]int
	nowWant [][2]bool // members now and allies now as Count and Part would show them exactly
}

// choose settles month k: the most of want (members now, joined, left,
// allies now, allies joined, allies left) that leaks allows, giving up
// figures from the last.
func (a *auditor) choose(k int, want [6]bool) [6]bool {
	seen := map[[6]bool]bool{}
	// drop counts up, so its low bits, the last figures, go first.
	for drop := range 1 << 6 {
		var got [6]bool
		for i := range got {
			got[i] = want[i] && drop&(1<<(5-i)) == 0
		}
		if seen[got] {
			continue
		}
		seen[got] = true
		n, j, l, an, aj, al := got[0], got[1], got[2], got[3], got[4], got[5]
		a.cells[k], a.now[k] = [4]bool{j, l, aj, al}, [2]bool{n, an}
		if !a.leaks(k + 1) {
			return got
		}
	}
	// Showing nothing new gives nothing away, so this is not reached.
	a.cells[k], a.now[k] = [4]bool{}, [2]bool{}
	return [6]bool{}
}

// weight bounds the weight leaks tries on each stretch, and -1, 0 and 1
// are enough. In a month that withholds its joined, or shows its joined
// but neither part of it, the weight on members now is fixed at the
// month's weight on its joiners who are not allies (0 or 1); likewise a
// withheld left fixes it at 0 or -1. A stretch where every month shows
// both its joined and its left is their sum already: a combination that
// weighs it can weigh it 0 and take the same from the cells. Allies now
// likewise, from the allies' cells.
const weight = 1

// ways is the weights tried on a stretch.
const ways = 2*weight + 1

// pairSpans reports whether a month's shown cells can make (p0, p1),
// weights on its joiners who are not allies and its allies who joined:
// the joined cell is (1, 1), the allies' cell (0, 1). The same holds for
// the leavers and the allies who left.
func pairSpans(total, part bool, p0, p1 int) bool {
	switch {
	case total && part:
		return true
	case total:
		return p0 == p1
	case part:
		return p0 == 0
	}
	return p0 == 0 && p1 == 0
}

// fits reports whether month m's shown cells can make target t less
// alpha times the month's share of a change in members now (1, 1, -1, -1)
// and beta times its share of a change in allies now (0, 1, 0, -1). A
// joined (or left) shown as 0 says its two parts are 0 as well, as no
// count is below 0: the one bound the equations take in.
func (a *auditor) fits(m int, t [4]int, alpha, beta int) bool {
	c, x := a.cells[m], a.x[m]
	zeroJ, zeroL := c[0] && x[0]+x[1] == 0, c[1] && x[2]+x[3] == 0
	return pairSpans(c[0], c[2] || zeroJ, t[0]-alpha, t[1]-alpha-beta) && pairSpans(c[1], c[3] || zeroL, t[2]+alpha, t[3]+alpha+beta)
}

// stretches says, for each of the first n months, whether it starts a
// stretch of members now (allies now) — the first month, or one after a
// month at whose end it was shown — and whether it is past the last such
// end, where no change in members now covers it.
func (a *auditor) stretches(n int) (starts, tail [][2]bool) {
	starts, tail = make([][2]bool, n), make([][2]bool, n)
	for c := range 2 {
		covered := false
		for m := n - 1; m >= 0; m-- {
			covered = covered || a.now[m][c]
			tail[m][c] = !covered
			starts[m][c] = m == 0 || a.now[m-1][c]
		}
	}
	return starts, tail
}

// leaks reports whether the figures shown for the first n months give
// away a count of 1 to 10.
func (a *auditor) leaks(n int) bool {
	starts, tail := a.stretches(n)
	return a.groupLeaks(n, starts, tail) || a.stockLeaks(n, starts, tail) || a.boundLeaks(n)
}

// restart gives a new stretch its weight: where month m starts a stretch
// of c (0 members, 1 allies), whatever weight the last stretch had, the
// new one may have any, or only 0 past the last shown end.
func restart[T any](s *[ways][ways]T, m int, starts, tail [][2]bool, merge func(T, T) T) {
	for c := range 2 {
		if !starts[m][c] {
			continue
		}
		var out [ways][ways]T
		for i := range ways {
			for j := range ways {
				var any T
				for k := range ways {
					if c == 0 {
						any = merge(any, s[k][j])
					} else {
						any = merge(any, s[i][k])
					}
				}
				w := i
				if c == 1 {
					w = j
				}
				if !tail[m][c] || w == weight {
					out[i][j] = any
				}
			}
		}
		*s = out
	}
}

// groupLeaks reports whether some set of joiners or leavers (a 0 or 1 on
// each of the months' four counts) follows from the figures and numbers
// 1 to 10. It walks the months keeping, for each pair of weights on the
// current stretches, the totals such sets can reach so far (bit v for v,
// bit 11 for 11 or more).
func (a *auditor) groupLeaks(n int, starts, tail [][2]bool) bool {
	var s [ways][ways]uint16
	s[weight][weight] = 1
	or := func(x, y uint16) uint16 { return x | y }
	for m := range n {
		restart(&s, m, starts, tail, or)
		var next [ways][ways]uint16
		for i := range ways {
			for j := range ways {
				if s[i][j] == 0 {
					continue
				}
				for p := range 16 {
					t := [4]int{p & 1, p >> 1 & 1, p >> 2 & 1, p >> 3 & 1}
					if !a.fits(m, t, i-weight, j-weight) {
						continue
					}
					v := t[0]*a.x[m][0] + t[1]*a.x[m][1] + t[2]*a.x[m][2] + t[3]*a.x[m][3]
					next[i][j] |= shift(s[i][j], v)
				}
			}
		}
		s = next
	}
	var reach uint16
	for i := range ways {
		for j := range ways {
			reach |= s[i][j]
		}
	}
	return reach&0b111_1111_1110 != 0 // 1 to 10
}

// shift adds v to every total in bits, 11 and more kept as 11.
func shift(bits uint16, v int) uint16 {
	var out uint16
	for b := range 12 {
		if bits&(1<<b) != 0 {
			out |= 1 << max(0, min(b+v, 11)) // below 0 only where a month's allies exceed its total
		}
	}
	return out
}

// stockLeaks reports whether the members, allies or members who are not
// allies at the end of one of the first n months follow from the figures
// and number 1 to 10.
func (a *auditor) stockLeaks(n int, starts, tail [][2]bool) bool {
	flows := [3][4]int{{1, 1, -1, -1}, {0, 1, 0, -1}, {1, 0, -1, 0}}
	stock := a.base
	or := func(x, y bool) bool { return x || y }
	for end := range n {
		for c, f := range flows {
			stock[c] += f[0]*a.x[end][0] + f[1]*a.x[end][1] + f[2]*a.x[end][2] + f[3]*a.x[end][3]
			if stock[c] < 1 || stock[c] >= MinShown {
				continue
			}
			var s [ways][ways]bool
			s[weight][weight] = true
			for m := range n {
				restart(&s, m, starts, tail, or)
				var t [4]int
				if m <= end {
					t = f
				}
				for i := range ways {
					for j := range ways {
						s[i][j] = s[i][j] && a.fits(m, t, i-weight, j-weight)
					}
				}
			}
			for i := range ways {
				for j := range ways {
					if s[i][j] {
						return true
					}
				}
			}
		}
	}
	return false
}

// disclosed keeps Disclose's answers, at most disclosedMax of them: a
// network's answer changes once a month, when a month ends.
var disclosed = &answers{m: map[string]View{}}

const disclosedMax = 4096

type answers struct {
	mu sync.Mutex
	m  map[string]View
}

func (a *answers) get(k string) (View, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	v, ok := a.m[k]
	return v, ok
}

func (a *answers) put(k string, v View) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.m) >= disclosedMax {
		clear(a.m)
	}
	a.m[k] = v
}

// discloseKey is everything Disclose's answer depends on, written out
// whole rather than hashed, so that no two histories can share an answer.
func discloseKey(ms []Month, t Totals) string {
	var b strings.Builder
	fmt.Fprint(&b, t.Members, ",", t.Allies)
	for _, m := range ms {
		fmt.Fprint(&b, ";", m.Month, ",", m.Joined, ",", m.Left, ",", m.AlliesJoined, ",", m.AlliesLeft)
	}
	return b.String()
}
