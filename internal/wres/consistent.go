package wres

// Secondary suppression across indicators and years.
//
// A report publishes the same underlying numbers in several places: a
// group's headcount is indicator 1's count, indicator 4's base, indicator
// 9's workforce figure and half of indicator 3's two-year base; indicator
// 3's rolling count is this year's disciplinary entries plus last year's.
// Hiding a number in one place is worthless if another place shows it, or
// shows a sum it can be subtracted from. consistent hides, after the
// per-indicator pass, every figure that would give a hidden one back.

// consistent applies secondary suppression to every year of r.
func (s suppressor) consistent(r *Report) {
	for i := range r.Years {
		y := &r.Years[i]
		hid := hiddenHeadcount(&y.Indicator1)
		s.headcountBases(y, hid)
		// Indicator 3's base adds the year before's headcount: if a group's
		// headcount is hidden in either year, the sum minus the visible one
		// would give it back.
		if prev := s.previous(r, i); prev != nil {
			ph := hiddenHeadcount(&prev.Indicator1)
			for e := range ph {
				if ph[e] {
					hid[e] = true
				}
			}
		} else if includesPrevious(&y.Indicator3) {
			// The year before is in the sum but not in the report: it
			// cannot be checked here, so its bases are not shown.
			hid = [NumEthnicities]bool{true, true, true}
		}
		rl := &y.Indicator3.RelativeLikelihood
		if s.hideBases(rl, hid) {
			y.Indicator3.NonAdverse, y.Indicator3.SingleYear = nil, nil
		}
	}
	if r.Scope.Kind == ScopeOrganisation {
		s.rolling(r)
	}
	for i := 1; i < len(r.Years); i++ {
		if r.Years[i].Change != nil {
			r.Years[i].Change = change(&r.Years[i-1], &r.Years[i])
		}
	}
}

// hiddenHeadcount says which groups' whole-workforce headcount indicator 1
// hides.
func hiddenHeadcount(in *Indicator1) [NumEthnicities]bool {
	cnt, _ := cells(&in.Workforce)
	var hid [NumEthnicities]bool
	for e := range cnt {
		hid[e] = *cnt[e] == nil || in.Workforce.Total == nil
	}
	return hid
}

// headcountBases hides, in indicators 4 and 9, the figures that are a
// hidden headcount or that give it back with a percent.
func (s suppressor) headcountBases(y *Indicators, hid [NumEthnicities]bool) {
	s.hideBases(&y.Indicator4, hid)
	in := &y.Indicator9
	wf := &in.WorkforceBME
	if hid[BME] {
		// The count is the BME headcount; the percent times the base (the
		// total, shown in indicator 1) is too.
		wf.Count, wf.Percent = nil, nil
	}
	if y.Indicator1.Workforce.Total == nil {
		wf.Base, wf.Percent = nil, nil
	}
	if wf.Percent != nil {
		return
	}
	for _, bs := range []*BoardShare{&in.Voting, &in.Executive} {
		// The board's percent minus the difference would give the
		// workforce's percent back.
		if bs.WorkforceBME == nil && bs.DifferencePoints != nil {
			bs.DifferencePoints = nil
			bs.NotComputable, bs.Suppressed = s.reason(), true
		}
	}
}

// hideBases hides the base of each group whose headcount is hidden, with
// its percent (percent and count give the base), and then the relative
// likelihood. It reports whether it hid anything.
func (s suppressor) hideBases(rl *RelativeLikelihood, hid [NumEthnicities]bool) bool {
	hidAny := false
	for e, p := range [2]*Proportion{&rl.White, &rl.BME} {
		if hid[e] && (p.Base != nil || p.Percent != nil) {
			p.Base, p.Percent, hidAny = nil, nil, true
		}
	}
	if hidAny {
		s.hideLikelihood(rl)
	}
	return hidAny
}

// hideLikelihood hides a relative likelihood whose figures are partly
// hidden: with three of them, the ratio gives the fourth.
func (s suppressor) hideLikelihood(rl *RelativeLikelihood) {
	rl.Value, rl.CI95, rl.Significant = nil, nil, nil
	rl.NotComputable, rl.CINotComputable = s.reason(), ""
	rl.Suppressed = true
}

func includesPrevious(in *Indicator3) bool {
	return len(in.Years) == 2
}

// previous returns the report's entry for the year before Years[i], or
// nil.
func (s suppressor) previous(r *Report, i int) *Indicators {
	if i > 0 && r.Years[i-1].Year == r.Years[i].Year-1 {
		return &r.Years[i-1]
	}
	return nil
}

// rolling hides indicator 3's two-year counts that give back a small
// single year. A single-year figure (the first year, or after a gap) is a
// year's own count; the next year's rolling count minus it is that next
// year's own count, and so on down the years. When a rolling count would
// give back a year of fewer than the threshold, it is hidden, and the
// chain stops there: nothing later can be pinned without it.
//
// Pooled reports sum organisations whose years differ, so a chain through
// them is not a single count of anyone; they are not checked here.
func (s suppressor) rolling(r *Report) {
	for _, e := range []Ethnicity{White, BME} {
		var known *int64 // the year before's own count, when it can be derived
		for i := range r.Years {
			in := &r.Years[i].Indicator3
			p := &in.BME
			if e == White {
				p = &in.White
			}
			var own *int64
			switch {
			case p.Count == nil:
			case len(in.Years) == 1 && in.Years[0] == r.Years[i].Year:
				own = p.Count
			case len(in.Years) == 2 && known != nil && s.previous(r, i) != nil:
				v := *p.Count - *known
				own = &v
			}
			if own != nil && *own < s.t && len(in.Years) == 2 {
				p.Count, p.Percent, own = nil, nil, nil
				s.hideLikelihood(&in.RelativeLikelihood)
				in.NonAdverse, in.SingleYear = nil, nil
			}
			known = own
		}
	}
}
