package freetext

import (
	"math"
	"sort"
)

// Agreement is how far two analysts who coded the same comments agree on
// one theme, each comment being "has the theme" or "has not" for each.
//
// Cohen's kappa is (po − pe) / (1 − pe), where po is the share of
// comments on which they agree and pe the agreement expected by chance,
// pa·pb + (1 − pa)(1 − pb), with pa and pb the shares each coded with
// the theme. Its 95% confidence interval is kappa ± 1.96·SE with the
// large-sample standard error SE = √(po(1 − po) / (n(1 − pe)²)) (Cohen
// 1960), clipped to [−1, 1]. When pe is 1 (both analysts gave the theme
// to every comment, or to none) kappa is 0/0: undefined, and said so.
type Agreement struct {
	Theme     string
	N         int // comments both coded
	Both      int // both gave the theme
	OnlyA     int
	OnlyB     int
	Neither   int
	Observed  float64 // po
	Expected  float64 // pe
	Defined   bool    // false when pe = 1: kappa is 0/0
	Kappa     float64
	Low, High float64 // the 95% confidence interval
}

// Kappa computes the agreement on theme over comments coded by both
// analysts: a and b map a comment (response id) to its themes.
func Kappa(theme string, a, b map[string][]string) Agreement {
	ag := Agreement{Theme: theme}
	for id, ta := range a {
		tb, ok := b[id]
		if !ok {
			continue
		}
		ha, hb := has(ta, theme), has(tb, theme)
		switch {
		case ha && hb:
			ag.Both++
		case ha:
			ag.OnlyA++
		case hb:
			ag.OnlyB++
		default:
			ag.Neither++
		}
	}
	ag.N = ag.Both + ag.OnlyA + ag.OnlyB + ag.Neither
	if ag.N == 0 {
		return ag
	}
	n := float64(ag.N)
	pa := float64(ag.Both+ag.OnlyA) / n
	pb := float64(ag.Both+ag.OnlyB) / n
	ag.Observed = float64(ag.Both+ag.Neither) / n
	ag.Expected = pa*pb + (1-pa)*(1-pb)
	if ag.Expected >= 1-1e-12 {
		return ag
	}
	ag.Defined = true
	ag.Kappa = (ag.Observed - ag.Expected) / (1 - ag.Expected)
	se := math.Sqrt(ag.Observed*(1-ag.Observed)/n) / (1 - ag.Expected)
	ag.Low = math.Max(-1, ag.Kappa-1.96*se)
	ag.High = math.Min(1, ag.Kappa+1.96*se)
	return ag
}

func has(themes []string, t string) bool {
	for _, x := range themes {
		if x == t {
			return true
		}
	}
	return false
}

// Disagreement is a comment the two analysts coded differently.
type Disagreement struct {
	ResponseID string
	A, B       []string
}

// Disagreements lists the comments both analysts coded whose themes
// differ, by response id (random, so the order says nothing).
func Disagreements(a, b map[string][]string) []Disagreement {
	var out []Disagreement
	for id, ta := range a {
		tb, ok := b[id]
		if !ok || sameSet(ta, tb) {
			continue
		}
		out = append(out, Disagreement{ResponseID: id, A: ta, B: tb})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ResponseID < out[j].ResponseID })
	return out
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !has(b, x) {
			return false
		}
	}
	return true
}
