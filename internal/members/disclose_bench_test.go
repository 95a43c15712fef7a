package members

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// BenchmarkDisclose replays five years of a network's months, a change
// in every one, as a sponsor's first view of the members page in a month
// does (later views find the answer kept):
//
//	go test ./internal/members -run '^$' -bench Disclose
func BenchmarkDisclose(b *testing.B) {
	for _, c := range []struct {
		name              string
		joined, left, cut int
	}{
		{"small", 12, 6, 0},   // most cells "fewer than 11"
		{"large", 40, 20, 11}, // most cells shown
	} {
		b.Run(c.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			var ms []Month
			for i := range 60 {
				j, l := c.cut+rng.IntN(c.joined), rng.IntN(c.left)
				ms = append(ms, Month{Month: MonthOf(historyStart.AddDate(0, i, 0)), Joined: j, Left: l,
					AlliesJoined: rng.IntN(j/3 + 1), AlliesLeft: rng.IntN(l/3 + 1)})
			}
			if !possible(ms) {
				b.Fatal("an impossible history")
			}
			t := totalsOf(ms)
			for b.Loop() {
				disclose(ms, t)
			}
		})
	}
}

// TestDiscloseKept: a kept answer is the answer, and changing the rows
// of one answer changes no other.
func TestDiscloseKept(t *testing.T) {
	ms := []Month{{Month: "2026-04", Joined: 15}, {Month: "2026-05", Joined: 12, Left: 2}}
	first := Disclose(ms, totalsOf(ms), false)
	first.Rows[1].Joined = "changed"
	second := Disclose(ms, totalsOf(ms), false)
	want := disclose(ms, totalsOf(ms))
	if second.Members != want.Members || !slices.Equal(second.Rows, want.Rows) {
		t.Errorf("kept %+v, worked out %+v", second, want)
	}
	// Other totals (one member before the first month), another answer.
	if other := Disclose(ms, Totals{Members: 26}, false); other.Members == want.Members {
		t.Errorf("members now %q for other totals too", other.Members)
	}
}

// TestDiscloseOddMonths: months that could not happen (more allies than
// joined) do not stop disclose (its shift below 0 once panicked).
func TestDiscloseOddMonths(t *testing.T) {
	ms := []Month{{Month: "2026-04", Joined: 2, AlliesJoined: 5, Left: 1, AlliesLeft: 3}, {Month: "2026-05", Joined: 12}}
	if v := disclose(ms, totalsOf(ms)); len(v.Rows) != 2 {
		t.Errorf("rows %+v", v.Rows)
	}
}
