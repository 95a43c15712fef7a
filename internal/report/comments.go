package report

import (
	"errors"
	"fmt"

	"staffnet/internal/survey"
)

// ErrSuppressed is returned when a population is too small to show.
var ErrSuppressed = errors.New("population under the disclosure threshold")

// ErrNoTexts is returned by Comments on a dataset made without KeepTexts.
var ErrNoTexts = errors.New("dataset does not keep free-text answers")

// Comments returns the non-empty answers to free-text question qid from
// the population opt selects, in response order, for analysts and admins
// only: never put them in a published report. A population under the
// threshold gets ErrSuppressed, even with Unsuppressed set, because text
// can identify its writer far more easily than a count; a population that
// breaks the filter-complement rule (CheckView) gets a *DisclosureError,
// because its comments set beside those of the wider population would
// give away the few comments in between.
func (ds *Dataset) Comments(opt Options, qid string) ([]string, error) {
	q := ds.def.Question(qid)
	if q == nil || q.Type != survey.Text {
		return nil, fmt.Errorf("%w: %q is not a free-text question of survey %s", ErrBadFilter, qid, ds.def.Slug)
	}
	if !ds.keep {
		return nil, ErrNoTexts
	}
	rows, err := ds.Rows(opt)
	if err != nil {
		return nil, err
	}
	texts := ds.texts[q.Slot()]
	var out []string
	for _, i := range rows {
		if t := texts[i]; t != "" {
			out = append(out, t)
		}
	}
	return out, nil
}

// Rows returns the positions, in append order, of the responses in the
// population opt selects, under the rules Comments applies: a population
// under the threshold gets ErrSuppressed (Unsuppressed or not), one that
// breaks the filter-complement rule a *DisclosureError. A caller that
// appended responses in a known order (the quote bank) maps positions
// back to them.
func (ds *Dataset) Rows(opt Options) ([]int, error) {
	cf, err := ds.compile(opt.Filters)
	if err != nil {
		return nil, err
	}
	sel := ds.selectRows(cf, selection{all: true})
	thr := opt.Threshold
	if thr <= 0 {
		thr = DefaultThreshold
	}
	if sel.len(ds.n) < thr {
		return nil, ErrSuppressed
	}
	if err := ds.CheckView(opt); err != nil {
		return nil, err
	}
	out := make([]int, 0, sel.len(ds.n))
	if sel.all {
		for i := range ds.n {
			out = append(out, i)
		}
	} else {
		for _, i := range sel.rows {
			out = append(out, int(i))
		}
	}
	return out, nil
}
