package network

import (
	"slices"
	"time"
)

// What anyone but a network's leads sees of its mentoring. Who is
// offering or seeking, and the pairs proposed or meeting now, are counts
// of members that move from day to day with no record of how they stood
// before, so two looks would tell how many started or stopped in between:
// only the leads see them. What is kept with dates — pairs closed, their
// feedback and ratings, meetings recorded — is counted up to the end of
// each whole month, and a count is shown at a month's end only where it
// has grown by 0, or by at least min, since the last time it was shown
// (from 0 before anything happened): so no look, or pair of looks, says
// that between two month-ends 1 to min-1 people did something. Between
// such ends a count reads as it last did, with the day it was counted.

// SettledFigure is one count as it may be shown: Value as on At, or, when
// Shown is false, only that it is 1 to min-1 (it has never been shown).
type SettledFigure struct {
	Label string
	Value int
	At    time.Time
	Shown bool
}

// SettledMentoring counts pairs, meetings and feedback up to the end of
// each whole month through end (the last day of the last whole month) and
// words each as above; the average rating stands beside the ratings
// count, shown where it is. min is the least count shown.
func SettledMentoring(pairs []MentorPair, end time.Time, min int) (figures []SettledFigure, average float64, averageOK bool) {
	type dated struct {
		on   time.Time
		kind string
		n    int
	}
	var events []dated
	for _, p := range pairs {
		for _, m := range p.Meetings {
			events = append(events, dated{m, "Meetings recorded", 1})
		}
		if p.Status != PairClosed || p.ClosedOn.IsZero() {
			continue
		}
		events = append(events, dated{p.ClosedOn, "Pairs closed", 1})
		if p.Rating > 0 {
			events = append(events, dated{p.ClosedOn, "Ratings given", 1}, dated{p.ClosedOn, "rating sum", p.Rating})
		}
		for _, t := range p.Themes {
			events = append(events, dated{p.ClosedOn, "Feedback theme: " + t, 1})
		}
	}
	labels := []string{"Pairs closed", "Meetings recorded", "Ratings given"}
	for _, t := range FeedbackThemes {
		labels = append(labels, "Feedback theme: "+t)
	}
	slices.SortFunc(events, func(a, b dated) int { return a.on.Compare(b.on) })
	// Month-ends from the first event's month to end.
	var ends []time.Time
	if len(events) > 0 {
		y, m, _ := events[0].on.UTC().Date()
		for e := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1); !e.After(end); e = time.Date(e.Year(), e.Month()+2, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1) {
			ends = append(ends, e)
		}
	}
	total := map[string]int{}
	last := map[string]SettledFigure{}
	var sumAtRatings int
	i := 0
	for _, e := range ends {
		limit := e.AddDate(0, 0, 1)
		for ; i < len(events) && events[i].on.Before(limit); i++ {
			total[events[i].kind] += events[i].n
		}
		for _, l := range labels {
			v, was := total[l], last[l]
			if d := v - was.Value; d == 0 || d >= min {
				last[l] = SettledFigure{Label: l, Value: v, At: e, Shown: true}
				if l == "Ratings given" {
					sumAtRatings = total["rating sum"]
				}
			}
		}
	}
	for _, l := range labels {
		f, ok := last[l]
		if !ok || f.Value == 0 && total[l] > 0 {
			f = SettledFigure{Label: l, Value: total[l], At: end, Shown: total[l] == 0}
		}
		f.Label = l
		figures = append(figures, f)
	}
	if r := last["Ratings given"]; r.Shown && r.Value >= min {
		average, averageOK = float64(sumAtRatings)/float64(r.Value), true
	}
	return figures, average, averageOK
}
