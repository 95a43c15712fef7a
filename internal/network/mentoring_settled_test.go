package network

import (
	"testing"
	"time"
)

// TestSettledMentoring: 5 pairs close in September and 8 in October, 3 in
// November. At the end of September 5 reads "fewer than 11"; at the end
// of October the 13 show, and the average of their ratings with them; at
// the end of November the 3 more would say how many closed that month, so
// the 13 stand, dated October. A pair closed after the month's end is not
// counted.
func TestSettledMentoring(t *testing.T) {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	var pairs []MentorPair
	closeIn := func(m time.Month, n, rating int) {
		for range n {
			pairs = append(pairs, MentorPair{Status: PairClosed, ClosedOn: day(m, 10), Rating: rating, Meetings: []time.Time{day(m, 1)}})
		}
	}
	closeIn(time.September, 5, 4)
	closeIn(time.October, 8, 5)
	closeIn(time.November, 3, 1)
	closeIn(time.December, 20, 1)
	get := func(end time.Time) (map[string]SettledFigure, float64, bool) {
		fs, avg, ok := SettledMentoring(pairs, end, 11)
		m := map[string]SettledFigure{}
		for _, f := range fs {
			m[f.Label] = f
		}
		return m, avg, ok
	}
	sep, _, ok := get(day(time.September, 30))
	if f := sep["Pairs closed"]; f.Shown || f.Value != 5 || ok {
		t.Errorf("end of September: %+v, average shown %v", f, ok)
	}
	oct, avg, ok := get(day(time.October, 31))
	if f := oct["Pairs closed"]; !f.Shown || f.Value != 13 || f.At.Format(time.DateOnly) != "2026-10-31" || !ok || avg < 4.6 || avg > 4.7 {
		t.Errorf("end of October: %+v, average %.2f %v", f, avg, ok)
	}
	nov, avg, ok := get(day(time.November, 30))
	if f := nov["Pairs closed"]; !f.Shown || f.Value != 13 || f.At.Format(time.DateOnly) != "2026-10-31" || !ok || avg < 4.6 || avg > 4.7 {
		t.Errorf("end of November: %+v, average %.2f %v", f, avg, ok)
	}
	if f := nov["Meetings recorded"]; f.Value != 13 || f.At.Format(time.DateOnly) != "2026-10-31" {
		t.Errorf("meetings at the end of November: %+v", f)
	}
	// No pairs at all: every count is 0, shown.
	none, _, ok := SettledMentoring(nil, day(time.November, 30), 11)
	for _, f := range none {
		if !f.Shown || f.Value != 0 {
			t.Errorf("no pairs: %+v", f)
		}
	}
}
