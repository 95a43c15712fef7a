package facility

import (
	"testing"
	"time"
)

// TestRecommendedCounted checks the counted recommendation against
// walking the period's Mondays with InRole, for roles that start or end
// on each day of a week, before, inside and after the period.
func TestRecommendedCounted(t *testing.T) {
	from, to := day("2025-04-01"), day("2025-06-30")
	edges := []time.Time{{}}
	for d := day("2025-03-20"); !d.After(day("2025-07-10")); d = d.AddDate(0, 0, 1) {
		edges = append(edges, d)
	}
	for _, f := range edges {
		for _, u := range []time.Time{{}, day("2025-03-31"), day("2025-04-06"), day("2025-04-07"), day("2025-05-11"), day("2025-06-29"), day("2025-06-30"), day("2025-08-01")} {
			l := LeaderTime{Leader: Leader{From: f, To: u}}
			var want Hours
			for d := firstMonday(from); !d.After(to); d = d.AddDate(0, 0, 7) {
				if l.InRole(d) {
					want += Recommended
				}
			}
			if got := leaderFigures(&l, from, to, 0).HoursRecommended; got != want {
				t.Fatalf("from %v to %v: %v recommended, walking the weeks gives %v", f, u, got, want)
			}
		}
	}
	if n := Mondays(day("2025-04-01"), day("2026-03-31")); n != 52 {
		t.Errorf("2025/26 has %d Mondays, want 52", n)
	}
	if n := Mondays(day("2025-04-08"), day("2025-04-13")); n != 0 {
		t.Errorf("a Tuesday to Sunday has %d Mondays, want 0", n)
	}
}
