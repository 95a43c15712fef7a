package report

import (
	"fmt"
	"slices"
	"time"
)

// Made-up responses can lift a small group over the threshold: whoever
// sent them subtracts their own answers from a published view and is
// left with the real few. Anonymous answers cannot be told from made-up
// ones, so the audit cannot stop it; Burst gives the publisher a coarse
// warning instead. See docs/report-json.md ("What it does not
// guarantee").

// BurstFactor is how many times busier than the survey's median day a
// day must be to count as a burst.
const BurstFactor = 3

// Burst describes a day that was unusually busy and from which most of
// a view's group answered.
type Burst struct {
	Day   string // YYYY-MM-DD
	Group string // "" for the whole view, else the column's label
}

// Warning is the plain-words message for the publisher.
func (b *Burst) Warning() string {
	day := b.Day
	if d, err := time.Parse(time.DateOnly, b.Day); err == nil {
		day = d.Format("2 January 2006")
	}
	group := "this group's"
	if b.Group != "" {
		group = fmt.Sprintf("the group “%s”'s", b.Group)
	}
	return fmt.Sprintf("Most of %s answers arrived on one day (%s): check they are genuine before publishing.", group, day)
}

// Burst reports whether most of the people in the view opt chooses (or
// in one of its breakdown's columns) answered on a burst day: a day with
// at least the threshold of responses and BurstFactor times the median
// of the days on which anyone answered. It returns nil when there is
// none. Only the days are used, never anything finer.
func (ds *Dataset) Burst(opt Options) (*Burst, error) {
	perDay := make([]int, len(ds.days))
	for _, d := range ds.day {
		perDay[d]++
	}
	if len(perDay) < 2 {
		return nil, nil
	}
	sorted := slices.Clone(perDay)
	slices.Sort(sorted)
	median := sorted[len(sorted)/2]
	if len(sorted)%2 == 0 {
		median = (sorted[len(sorted)/2-1] + sorted[len(sorted)/2]) / 2
	}
	thr := threshold(opt)
	burst := make([]bool, len(perDay))
	found := false
	for d, n := range perDay {
		if n >= thr && n >= BurstFactor*max(median, 1) {
			burst[d], found = true, true
		}
	}
	if !found {
		return nil, nil
	}
	cf, err := ds.compile(opt.Filters)
	if err != nil {
		return nil, err
	}
	sel := ds.selectRows(cf, selection{all: true})
	groups := []selection{sel}
	labels := []string{""}
	if opt.By != "" {
		b := &builder{ds: ds, def: ds.def}
		if err := b.setBy(opt.By); err != nil {
			return nil, err
		}
		groups = append(groups, b.splitBy(sel)...)
		for _, o := range b.by.q.Options {
			labels = append(labels, o.Label)
		}
		labels = append(labels, "Not answered")
	}
	for g, s := range groups {
		count := make([]int, len(perDay))
		total := 0
		each := func(i int) {
			count[ds.day[i]]++
			total++
		}
		if s.all {
			for i := range ds.n {
				each(i)
			}
		} else {
			for _, i := range s.rows {
				each(int(i))
			}
		}
		for d, n := range count {
			// A group below the threshold is hidden anyway.
			if burst[d] && 2*n > total && total >= thr {
				return &Burst{Day: ds.days[d], Group: labels[g]}, nil
			}
		}
	}
	return nil, nil
}
