package members

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkDisclose replays five years of a network's months, a change
// in every one, as a sponsor's members page does on each view:
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
				Disclose(ms, t, false)
			}
		})
	}
}
