package wres

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
	"testing"
)

// rcfReturn is an organisation whose BME (300) and unknown (5) headcounts
// indicator 1 hides, and whose BME disciplinary entries (12, 3 and 9) are
// shown as one single year and then two-year sums (15, 12).
func rcfReturn(t testing.TB) *Return {
	t.Helper()
	var b strings.Builder
	b.WriteString("organisation_code,year,measure,ethnicity,staff_group,band,value\n")
	for i, y := range []int{2022, 2023, 2024} {
		for _, row := range []string{
			"headcount,white,,,3000", "headcount,bme,,,300", "headcount,unknown,,,5",
			"disciplinary,white,,," + fmt.Sprint(40+5*i), "disciplinary,bme,,," + []string{"12", "3", "9"}[i],
			"training,white,,,1500", "training,bme,,,120",
			"board_voting,white,,,12", "board_voting,bme,,,2",
		} {
			fmt.Fprintf(&b, "RCF,%d,%s\n", y, row)
		}
	}
	ret, err := parseText(b.String())
	if err != nil {
		t.Fatal(err)
	}
	return ret
}

// equalities collects what a suppressed organisation's report publishes as
// linear equations over the underlying counts, which it names atoms:
// "H2024/bme" is a headcount, "D2024/bme" disciplinary entries,
// "T2024/bme" training, "P2024/clinical/band_5/bme" a post. Right-hand
// sides do not matter for whether an atom is determined, so only the
// left-hand sides are kept. A percent with its base (or count) shown is
// the count (or base); a relative likelihood shown with one of its four
// figures hidden is reported as a failure, since the ratio gives it back.
type equalities struct {
	leaks []string
	atoms map[string]int
	rows  [][]string
}

func (q *equalities) add(atoms ...string) {
	for _, a := range atoms {
		a = strings.TrimPrefix(a, "-")
		if _, ok := q.atoms[a]; !ok {
			q.atoms[a] = len(q.atoms)
		}
	}
	q.rows = append(q.rows, atoms)
}

func groupAtoms(prefix string, years []int, e string) []string {
	var out []string
	for _, y := range years {
		out = append(out, fmt.Sprintf("%s%d/%s", prefix, y, e))
	}
	return out
}

// proportion adds a count, base and percent shown.
func (q *equalities) proportion(p Proportion, count, base []string) {
	if p.Count != nil || (p.Percent != nil && p.Base != nil) {
		q.add(count...)
	}
	if p.Base != nil || (p.Percent != nil && p.Count != nil && *p.Percent != 0) {
		q.add(base...)
	}
}

func (q *equalities) likelihood(name string, rl *RelativeLikelihood) {
	if rl.Value == nil {
		return
	}
	for _, p := range []Proportion{rl.White, rl.BME} {
		if p.Count == nil || p.Base == nil {
			q.leaks = append(q.leaks, name+": relative likelihood shown with a hidden count or base")
		}
	}
}

func collect(r *Report) *equalities {
	q := &equalities{atoms: map[string]int{}}
	groups := []string{"white", "bme", "unknown"}
	for i := range r.Years {
		y := &r.Years[i]
		yr := []int{y.Year}
		h := func(e string) []string { return groupAtoms("H", yr, e) }
		all := append(append(h("white"), h("bme")...), h("unknown")...)
		w := &y.Indicator1.Workforce
		if w.Total != nil {
			q.add(all...)
		}
		cnt, pct := cells(w)
		for e, g := range groups {
			if *cnt[e] != nil || (*pct[e] != nil && w.Total != nil) {
				q.add(h(g)...)
			}
		}
		for _, p := range y.Indicator1.Posts {
			var line []string
			for _, g := range groups {
				line = append(line, fmt.Sprintf("P%d/%s/%s/%s", y.Year, p.StaffGroup, p.Band, g))
			}
			if p.Total != nil {
				q.add(line...)
			}
			cnt, pct := cells(&p)
			for e := range groups {
				if *cnt[e] != nil || (*pct[e] != nil && p.Total != nil) {
					q.add(line[e])
				}
			}
		}
		if len(y.Indicator1.Posts) > 0 {
			// The posts add up to the workforce: an identity everyone knows.
			for _, g := range groups {
				id := h(g)
				for _, p := range y.Indicator1.Posts {
					id = append(id, "-"+fmt.Sprintf("P%d/%s/%s/%s", y.Year, p.StaffGroup, p.Band, g))
				}
				q.add(id...)
			}
		}
		i3 := &y.Indicator3
		q.proportion(i3.White, groupAtoms("D", i3.Years, "white"), groupAtoms("H", i3.Years, "white"))
		q.proportion(i3.BME, groupAtoms("D", i3.Years, "bme"), groupAtoms("H", i3.Years, "bme"))
		q.likelihood(fmt.Sprint(y.Year, " indicator 3"), &i3.RelativeLikelihood)
		q.proportion(y.Indicator4.White, groupAtoms("T", yr, "white"), h("white"))
		q.proportion(y.Indicator4.BME, groupAtoms("T", yr, "bme"), h("bme"))
		q.likelihood(fmt.Sprint(y.Year, " indicator 4"), &y.Indicator4)
		wf := y.Indicator9.WorkforceBME
		for _, bs := range []BoardShare{y.Indicator9.Voting, y.Indicator9.Executive} {
			if bs.DifferencePoints != nil && bs.BME.Percent != nil && wf.Percent == nil {
				v := *bs.BME.Percent - *bs.DifferencePoints
				wf.Percent = &v
			}
		}
		q.proportion(wf, h("bme"), all)
		// A change in the workforce's BME percent and one year's percent
		// give the other year's.
		if c := y.Change; c != nil && c.Indicator1WorkforceBMEPts != nil && i > 0 {
			prev := &r.Years[i-1]
			if (w.Percent.BME == nil) != (prev.Indicator1.Workforce.Percent.BME == nil) {
				q.leaks = append(q.leaks, fmt.Sprintf("%d: change in the BME percent shown beside one hidden year", y.Year))
			}
		}
	}
	return q
}

// determined reports whether atom is fixed by the equations: whether its
// unit vector lies in their row space.
func (q *equalities) determined(atom string) bool {
	j, ok := q.atoms[atom]
	if !ok {
		return false
	}
	n := len(q.atoms)
	var m [][]*big.Rat
	for _, row := range q.rows {
		v := make([]*big.Rat, n)
		for k := range v {
			v[k] = new(big.Rat)
		}
		for _, a := range row {
			if strings.HasPrefix(a, "-") {
				v[q.atoms[a[1:]]].SetInt64(-1)
			} else {
				v[q.atoms[a]].SetInt64(1)
			}
		}
		m = append(m, v)
	}
	r := rank(m)
	unit := make([]*big.Rat, n)
	for k := range unit {
		unit[k] = new(big.Rat)
	}
	unit[j].SetInt64(1)
	return rank(append(m, unit)) == r
}

func rank(m [][]*big.Rat) int {
	rows := make([][]*big.Rat, len(m))
	for i := range m {
		rows[i] = make([]*big.Rat, len(m[i]))
		for k := range m[i] {
			rows[i][k] = new(big.Rat).Set(m[i][k])
		}
	}
	r := 0
	for c := 0; len(rows) > 0 && c < len(rows[0]) && r < len(rows); c++ {
		p := -1
		for i := r; i < len(rows); i++ {
			if rows[i][c].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		rows[r], rows[p] = rows[p], rows[r]
		for i := range rows {
			if i == r || rows[i][c].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Quo(rows[i][c], rows[r][c])
			for k := c; k < len(rows[i]); k++ {
				rows[i][k].Sub(rows[i][k], new(big.Rat).Mul(f, rows[r][k]))
			}
		}
		r++
	}
	return r
}

// leaks lists the atoms whose value is below threshold, or the headcounts
// that indicator 1 hides, that can be worked out exactly from the
// suppressed report s of org.
func leaks(t *testing.T, ret *Return, org string, s *Report) []string {
	t.Helper()
	q := collect(s)
	checked := 0
	for atom := range q.atoms {
		var kind string
		var y int
		var rest string
		if _, err := fmt.Sscanf(atom[:1]+" "+atom[1:5]+" "+atom[6:], "%s %d %s", &kind, &y, &rest); err != nil {
			t.Fatalf("atom %q: %v", atom, err)
		}
		c := ret.Counts(org, y)
		if c == nil {
			continue
		}
		parts := strings.Split(rest, "/")
		e, _ := ParseEthnicity(parts[len(parts)-1])
		var v int64
		switch kind {
		case "H":
			v = c.Workforce()[e]
		case "D":
			v = c.Value(Disciplinary, e)
		case "T":
			v = c.Value(Training, e)
		case "P":
			v = c.headcount[postOf(t, parts[0], parts[1])][e]
		}
		hiddenHere := false
		if kind == "H" {
			for _, yy := range s.Years {
				if yy.Year == y {
					hiddenHere = hiddenHeadcount(&yy.Indicator1)[e]
				}
			}
		}
		if (v < DefaultThreshold || hiddenHere) && q.determined(atom) {
			q.leaks = append(q.leaks, fmt.Sprintf("%s = %d is hidden but follows from the figures shown", atom, v))
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("nothing checked")
	}
	sort.Strings(q.leaks)
	return q.leaks
}

func postOf(t *testing.T, group, band string) Post {
	for p := Post(1); p < NumPosts; p++ {
		if p.StaffGroup().String() == group && p.Band().String() == band {
			return p
		}
	}
	t.Fatalf("no post %s %s", group, band)
	return 0
}

func TestSuppressConsistentAcrossIndicatorsAndYears(t *testing.T) {
	for _, c := range []struct {
		name, org string
		ret       *Return
		from, to  int
	}{
		{"RCF", "RCF", rcfReturn(t), 2022, 2024},
		{"example", "RX9", exampleReturn(t), 2023, 2024},
	} {
		t.Run(c.name, func(t *testing.T) {
			rep, err := Compute(c.ret, Scope{Kind: ScopeOrganisation, Code: c.org}, c.from, c.to, nil)
			if err != nil {
				t.Fatal(err)
			}
			s := Suppress(rep, DefaultThreshold)
			for _, l := range leaks(t, c.ret, c.org, s) {
				t.Error(l)
			}
			// A single year's report is checked on its own too.
			one, err := Compute(c.ret, Scope{Kind: ScopeOrganisation, Code: c.org}, c.to, c.to, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range leaks(t, c.ret, c.org, Suppress(one, DefaultThreshold)) {
				t.Error("latest year alone:", l)
			}
		})
	}
}

// The check finds what the figures shown before this suppression gave
// away: indicator 9's and indicator 4's BME headcount beside indicator 1's
// total and White count, and indicator 3's single years by subtraction.
func TestLeaksFindsTheAttack(t *testing.T) {
	ret := rcfReturn(t)
	rep, err := Compute(ret, Scope{Kind: ScopeOrganisation, Code: "RCF"}, 2022, 2024, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := Suppress(rep, DefaultThreshold)
	for i := range s.Years {
		// Put back what consistent hides.
		s.Years[i].Indicator9.WorkforceBME = rep.Years[i].Indicator9.WorkforceBME
		s.Years[i].Indicator4.BME = rep.Years[i].Indicator4.BME
		s.Years[i].Indicator3.BME = rep.Years[i].Indicator3.BME
	}
	got := strings.Join(leaks(t, ret, "RCF", s), "\n")
	for _, want := range []string{"H2023/bme = 300 is hidden", "H2023/unknown = 5 is hidden", "D2023/bme = 3 is hidden", "D2024/bme = 9 is hidden"} {
		if !strings.Contains(got, want) {
			t.Errorf("the check missed %q; found:\n%s", want, got)
		}
	}
}
