package wres

import (
	"encoding/json"
	"fmt"
)

// DefaultThreshold is the smallest number of people a figure shown to a
// network may be built on.
const DefaultThreshold = 11

// Suppress returns a copy of r for network-facing views, in which every
// count below threshold, and every percent, difference or relative
// likelihood built on such a count, is null. Zero is a small number too:
// hiding only 1 to 10 would let a reader tell 0 apart.
//
// Within each line of indicator 1 a second group is hidden when only one
// is, so the hidden one cannot be recovered as total minus the others;
// likewise down each group's column of staff groups and bands. The
// per-organisation and per-region lists of a distribution are removed;
// compare with a region by suppressing that region's own report.
// When several hidden cells add up to less than threshold (total minus the
// shown ones), another is hidden. consistent then hides every figure of
// another indicator or year that would give a hidden one back. Changes
// from the previous year are worked out again from what is left.
//
// The official return shown to its own organisation's admins is the
// unsuppressed Report.
func Suppress(r *Report, threshold int) *Report {
	cp := new(Report)
	// A JSON round trip is a complete deep copy of the contract's types.
	b, err := json.Marshal(r)
	if err == nil {
		err = json.Unmarshal(b, cp)
	}
	if err != nil {
		panic(fmt.Sprintf("wres: copying report: %v", err)) // cannot happen for these types
	}
	s := suppressor{t: int64(threshold)}
	for i := range cp.Years {
		y := &cp.Years[i]
		s.indicator1(&y.Indicator1)
		s.likelihood(&y.Indicator2)
		if s.likelihood(&y.Indicator3.RelativeLikelihood) {
			y.Indicator3.NonAdverse, y.Indicator3.SingleYear = nil, nil
		}
		s.likelihood(&y.Indicator4)
		for _, si := range []*SurveyIndicator{&y.Indicator5, &y.Indicator6, &y.Indicator7, &y.Indicator8} {
			s.survey(si)
		}
		s.indicator9(&y.Indicator9)
		if y.Distribution != nil {
			// Their counts are not in the report, so they cannot be checked.
			y.Distribution.ByOrganisation, y.Distribution.ByRegion = nil, nil
		}
	}
	s.consistent(cp)
	cp.Suppression = &Suppression{Threshold: threshold}
	return cp
}

type suppressor struct{ t int64 }

func (s suppressor) small(p *int64) bool { return p != nil && *p < s.t }

func (s suppressor) reason() string {
	return fmt.Sprintf("hidden: built on fewer than %d people", s.t)
}

// proportion hides a small count or base, and the percent with it.
func (s suppressor) proportion(p *Proportion) bool {
	hid := false
	if s.small(p.Count) {
		p.Count, p.Percent, hid = nil, nil, true
	}
	if s.small(p.Base) {
		p.Base, p.Percent, hid = nil, nil, true
	}
	return hid
}

func (s suppressor) likelihood(rl *RelativeLikelihood) bool {
	w, b := s.proportion(&rl.White), s.proportion(&rl.BME)
	if !w && !b {
		return false
	}
	rl.Value, rl.CI95, rl.Significant = nil, nil, nil
	rl.NotComputable, rl.CINotComputable = s.reason(), ""
	rl.Suppressed = true
	return true
}

func (s suppressor) survey(si *SurveyIndicator) {
	w, b := s.proportion(&si.White), s.proportion(&si.BME)
	if w || b {
		si.DifferencePoints = nil
		si.NotComputable = s.reason()
		si.Suppressed = true
	}
}

func (s suppressor) indicator9(in *Indicator9) {
	wf := s.proportion(&in.WorkforceBME)
	for _, bs := range []*BoardShare{&in.Voting, &in.Executive} {
		wf := wf
		if bs.WorkforceBME != nil {
			wf = s.proportion(bs.WorkforceBME)
		}
		if s.proportion(&bs.BME) || wf {
			bs.DifferencePoints = nil
			if bs.BME.Count != nil || bs.BME.Base != nil || wf {
				bs.NotComputable = s.reason()
				bs.Suppressed = true
			}
		}
	}
}

// cells returns pointers to a line's counts and percents by group.
func cells(c *Composition) ([NumEthnicities]**int64, [NumEthnicities]**float64) {
	return [NumEthnicities]**int64{&c.Count.White, &c.Count.BME, &c.Count.Unknown},
		[NumEthnicities]**float64{&c.Percent.White, &c.Percent.BME, &c.Percent.Unknown}
}

// line applies primary and complementary suppression to one line; it
// reports whether it hid anything new.
func (s suppressor) line(c *Composition) bool {
	cnt, pct := cells(c)
	changed := false
	if s.small(c.Total) {
		c.Total = nil
		changed = true
	}
	for e := range cnt {
		if s.small(*cnt[e]) {
			*cnt[e], *pct[e] = nil, nil
			changed = true
		}
		if c.Total == nil && *pct[e] != nil {
			*pct[e] = nil
			changed = true
		}
	}
	if c.Total == nil {
		return changed
	}
	refs := make([]cellRef, NumEthnicities)
	for e := range cnt {
		refs[e] = cellRef{cnt[e], pct[e]}
	}
	return s.complement(c.Total, refs) || changed
}

// cellRef is a count and its percent, to hide together.
type cellRef struct {
	cnt **int64
	pct **float64
}

// complement applies complementary suppression to cells that add up to
// total (nil when total is hidden). With the total shown, one hidden cell
// is the total minus the others, and several hidden cells add up to the
// total minus the shown ones: another cell is hidden, the smallest shown,
// until the hidden cells sum to at least the threshold. With the total
// hidden, cells that are all shown would give it back, so the smallest is
// hidden. It reports whether it hid anything.
func (s suppressor) complement(total *int64, cells []cellRef) bool {
	changed := false
	for {
		hidden, smallest := 0, -1
		var shown int64
		for i, c := range cells {
			switch {
			case *c.cnt == nil:
				hidden++
			default:
				shown += **c.cnt
				if smallest < 0 || **c.cnt < **cells[smallest].cnt {
					smallest = i
				}
			}
		}
		need := false
		switch {
		case smallest < 0:
		case total == nil:
			need = hidden == 0
		default:
			need = hidden == 1 || (hidden > 1 && *total-shown < s.t)
		}
		if !need {
			return changed
		}
		*cells[smallest].cnt, *cells[smallest].pct = nil, nil
		changed = true
	}
}

func (s suppressor) indicator1(in *Indicator1) {
	s.line(&in.Workforce)
	for changed := true; changed; {
		changed = false
		for i := range in.Posts {
			if s.line(&in.Posts[i]) {
				changed = true
			}
		}
		// Down each group's column: the posts add up to the workforce (an
		// organisation's exactly; a pooled report's at most), so the same
		// rule holds, with the workforce count as the total.
		wcnt, _ := cells(&in.Workforce)
		for e := 0; e < NumEthnicities && len(in.Posts) > 0; e++ {
			col := make([]cellRef, len(in.Posts))
			for i := range in.Posts {
				cnt, pct := cells(&in.Posts[i])
				col[i] = cellRef{cnt[e], pct[e]}
			}
			if s.complement(*wcnt[e], col) {
				changed = true
			}
		}
	}
}
