package freetext

import (
	"fmt"
	"math"
	"testing"
)

// codings builds two analysts' codings of n comments from counts of
// comments with the theme by both, by A only, by B only and by neither;
// "other" stands for any other theme so that no comment is empty.
func codings(theme string, both, onlyA, onlyB, neither int) (a, b map[string][]string) {
	a, b = map[string][]string{}, map[string][]string{}
	i := 0
	add := func(n int, ta, tb []string) {
		for range n {
			id := fmt.Sprintf("r%03d", i)
			a[id], b[id] = ta, tb
			i++
		}
	}
	with, without := []string{theme, "other"}, []string{"other"}
	add(both, with, with)
	add(onlyA, with, without)
	add(onlyB, without, with)
	add(neither, without, without)
	return a, b
}

func near(x, y float64) bool { return math.Abs(x-y) < 1e-5 }

// TestKappaHandComputed checks Kappa against figures worked by hand:
//
//	8 both, 2 A only, 2 B only, 8 neither (n = 20):
//	po = 16/20 = 0.8; pa = pb = 0.5; pe = 0.25 + 0.25 = 0.5;
//	kappa = (0.8 − 0.5) / 0.5 = 0.6;
//	SE = √(0.8 × 0.2 / 20) / 0.5 = 0.0894427 / 0.5 = 0.1788854;
//	CI = 0.6 ± 1.96 × 0.1788854 = [0.2493846, 0.9506154].
//
//	5 both, 15 neither: po = 1, pe = 0.25² + 0.75² = 0.625, kappa = 1, SE = 0.
//	A theme nobody used: pe = 1, kappa undefined.
//	4 both, 1 A only, 0 B only, 0 neither: the CI is clipped at −1.
func TestKappaHandComputed(t *testing.T) {
	a, b := codings("voice", 8, 2, 2, 8)
	ag := Kappa("voice", a, b)
	if ag.N != 20 || ag.Both != 8 || ag.OnlyA != 2 || ag.OnlyB != 2 || ag.Neither != 8 {
		t.Fatalf("counts: %+v", ag)
	}
	if !ag.Defined || !near(ag.Observed, 0.8) || !near(ag.Expected, 0.5) || !near(ag.Kappa, 0.6) || !near(ag.Low, 0.2493846) || !near(ag.High, 0.9506154) {
		t.Errorf("moderate agreement: %+v", ag)
	}

	a, b = codings("voice", 5, 0, 0, 15)
	if ag := Kappa("voice", a, b); !ag.Defined || !near(ag.Expected, 0.625) || ag.Kappa != 1 || ag.Low != 1 || ag.High != 1 {
		t.Errorf("perfect agreement: %+v", ag)
	}
	if ag := Kappa("unused", a, b); ag.Defined || ag.N != 20 || ag.Neither != 20 {
		t.Errorf("a theme nobody used must be undefined, not NaN: %+v", ag)
	}
	if ag := Kappa("unused", a, b); math.IsNaN(ag.Kappa) || math.IsNaN(ag.Low) {
		t.Errorf("NaN leaked: %+v", ag)
	}

	// pa = 1, pb = 0.8: pe = 0.8, po = 0.8, kappa = 0; SE = √(0.8 × 0.2 / 5) / 0.2 = 0.8944;
	// CI = 0 ± 1.7531 → clipped to [−1, 1].
	a, b = codings("voice", 4, 1, 0, 0)
	if ag := Kappa("voice", a, b); !ag.Defined || !near(ag.Kappa, 0) || ag.Low != -1 || ag.High != 1 {
		t.Errorf("clipping: %+v", ag)
	}

	// Only comments both coded count.
	a["extra"] = []string{"voice"}
	if ag := Kappa("voice", a, b); ag.N != 5 {
		t.Errorf("a comment only A coded was counted: %+v", ag)
	}
}

func TestDisagreements(t *testing.T) {
	a := map[string][]string{"x": {"voice", "talent"}, "y": {"voice"}, "z": {}, "w": {"voice"}}
	b := map[string][]string{"x": {"talent", "voice"}, "y": {}, "z": {"isolation"}}
	d := Disagreements(a, b)
	if len(d) != 2 || d[0].ResponseID != "y" || d[1].ResponseID != "z" || len(d[1].B) != 1 {
		t.Errorf("disagreements: %+v", d)
	}
}
