package report

import (
	"fmt"
	"time"
)

// Made-up responses can lift a small group over the threshold: whoever
// sent them subtracts their own answers from a published view and is
// left with the real few. Anonymous answers cannot be told from made-up
// ones, so the audit cannot stop it; Burst gives the publisher a coarse
// warning instead. See docs/report-json.md ("What it does not
// guarantee").

// BurstFactor is how many times its share of the survey's responses a
// day's share of a group's must be to count as a burst.
const BurstFactor = 3

// Burst describes a day from which most of a view's group answered,
// though far fewer of the survey's respondents did.
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
// in one of its breakdown's columns, of at least the threshold) answered
// on one day, and that day's share of them is at least BurstFactor
// times its share of all the survey's responses. That is what made-up
// responses sent together to lift a small group look like. It returns
// nil when there is no such day. Only the days are used, never anything
// finer.
func (ds *Dataset) Burst(opt Options) (*Burst, error) {
	cf, err := ds.compile(opt.Filters)
	if err != nil {
		return nil, err
	}
	perDay := make([]int, len(ds.days))
	for _, d := range ds.day {
		perDay[d]++
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
	thr := threshold(opt)
	count := make([]int, len(perDay))
	for g, s := range groups {
		clear(count)
		total := s.len(ds.n)
		if total < thr {
			continue // hidden anyway
		}
		if s.all {
			for _, d := range ds.day {
				count[d]++
			}
		} else {
			for _, i := range s.rows {
				count[ds.day[i]]++
			}
		}
		for d, n := range count {
			if 2*n > total && n*ds.n >= BurstFactor*total*perDay[d] {
				return &Burst{Day: ds.days[d], Group: labels[g]}, nil
			}
		}
	}
	return nil, nil
}
