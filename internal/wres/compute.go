package wres

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"staffnet/internal/orgs"
)

// Computing a Report (the contract in contract.go) from a Return.

// ErrNoData is returned when the scope has no return in the years asked for.
var ErrNoData = errors.New("wres: no return for that scope and years")

// Compute returns the indicators of scope for each year from..to that has
// data. regionOf gives each organisation's region code; it may be nil for
// an organisation's report, and must not be for a region's.
func Compute(ret *Return, scope Scope, from, to int, regionOf func(org string) string) (*Report, error) {
	var orgs []string
	switch scope.Kind {
	case ScopeOrganisation:
		orgs = []string{scope.Code}
	case ScopeRegion:
		if regionOf == nil {
			return nil, errors.New("wres: a region's report needs each organisation's region")
		}
		for _, o := range ret.Orgs() {
			if regionOf(o) == scope.Code {
				orgs = append(orgs, o)
			}
		}
	case ScopeNational:
		orgs = ret.Orgs()
	default:
		return nil, fmt.Errorf("wres: unknown scope kind %q", scope.Kind)
	}
	rep := &Report{Scope: scope}
	for y := from; y <= to; y++ {
		ind, ok := computeYear(ret, scope, orgs, y, regionOf)
		if !ok {
			continue
		}
		if n := len(rep.Years); n > 0 && rep.Years[n-1].Year == y-1 {
			ind.Change = change(&rep.Years[n-1], &ind)
		}
		rep.Years = append(rep.Years, ind)
	}
	if len(rep.Years) == 0 {
		return nil, ErrNoData
	}
	return rep, nil
}

func computeYear(ret *Return, scope Scope, orgs []string, year int, regionOf func(string) string) (Indicators, bool) {
	var pooled figures
	var per []orgFigures
	for _, o := range orgs {
		f, ok := figuresFor(ret, o, year)
		if !ok {
			continue
		}
		pooled.add(&f)
		per = append(per, orgFigures{o, f})
	}
	if pooled.orgs == 0 {
		return Indicators{}, false
	}
	ind := pooled.indicators(year, scope.Kind != ScopeOrganisation)
	if scope.Kind != ScopeOrganisation {
		ind.Distribution = distribution(per, year, scope, regionOf)
	}
	return ind, true
}

type orgFigures struct {
	org string
	f   figures
}

// figures are the sums behind the indicators; they add across
// organisations, which is how regions and the nation are pooled.
//
// An indicator built on two measures pools only the organisations that
// gave both (a pair): an organisation that gave its headcount but no
// training figures must not add its staff to indicator 4's base, or the
// pooled rate would fall as if none of them had been trained.
type figures struct {
	orgs, breakdownOrgs, headcountOrgs int
	has                                uint32 // measures given by any organisation
	posts                              uint32 // posts given by any organisation with a breakdown
	post                               [NumPosts][NumEthnicities]int64
	values                             [NumMeasures][NumEthnicities]int64 // Headcount holds the whole workforce
	appointed, training                pair                               // indicators 2 and 4
	survey                             [4]pair                            // indicators 5 to 8: positive answers of respondents
	board                              [2]pair                            // indicator 9, voting and executive: members, and the workforce
	// Indicator 3's rolling sums: disciplinary entries and headcount.
	rollEvents, rollBase [NumEthnicities]int64
	rollOrgs, singleOrgs int
	rollYears            uint8 // bit 0: this year, bit 1: the year before
}

// pair holds an event count and its base, summed over the organisations
// that gave both measures.
type pair struct {
	events, base [NumEthnicities]int64
	orgs         int
}

func (p *pair) add(o *pair) {
	for e := range p.events {
		p.events[e] += o.events[e]
		p.base[e] += o.base[e]
	}
	p.orgs += o.orgs
}

// pairOf is an organisation's pair for event and base, empty unless it
// gave both.
func pairOf(c *Counts, event, base Measure, baseValues [NumEthnicities]int64) pair {
	if !c.Has(event) || !c.Has(base) {
		return pair{}
	}
	return pair{events: c.values[event], base: baseValues, orgs: 1}
}

func figuresFor(ret *Return, org string, year int) (figures, bool) {
	var f figures
	c := ret.Counts(org, year)
	if c == nil {
		return f, false
	}
	f.orgs = 1
	f.has = c.has
	f.values = c.values
	f.values[Headcount] = c.Workforce()
	f.post[WholeWorkforce] = f.values[Headcount]
	if c.Has(Headcount) {
		f.headcountOrgs = 1
	}
	f.appointed = pairOf(c, Appointed, Shortlisted, c.values[Shortlisted])
	f.training = pairOf(c, Training, Headcount, f.values[Headcount])
	for i := range f.survey {
		cnt := Survey5Count + Measure(2*i)
		f.survey[i] = pairOf(c, cnt, cnt+1, c.values[cnt+1])
	}
	f.board[0] = pairOf(c, BoardVoting, Headcount, f.values[Headcount])
	f.board[1] = pairOf(c, BoardExecutive, Headcount, f.values[Headcount])
	if c.Breakdown() {
		f.breakdownOrgs = 1
		f.posts = c.posts &^ 1
		for p := 1; p < NumPosts; p++ {
			f.post[p] = c.headcount[p]
		}
	}
	if c.Has(Disciplinary) && c.Has(Headcount) {
		f.rollOrgs = 1
		f.rollYears = 1
		f.rollEvents = c.values[Disciplinary]
		f.rollBase = f.values[Headcount]
		if p := ret.Counts(org, year-1); p != nil && p.Has(Disciplinary) && p.Has(Headcount) {
			f.rollYears |= 2
			w := p.Workforce()
			for e := range f.rollEvents {
				f.rollEvents[e] += p.values[Disciplinary][e]
				f.rollBase[e] += w[e]
			}
		} else {
			f.singleOrgs = 1
		}
	}
	return f, true
}

func (f *figures) add(o *figures) {
	f.orgs += o.orgs
	f.breakdownOrgs += o.breakdownOrgs
	f.headcountOrgs += o.headcountOrgs
	f.appointed.add(&o.appointed)
	f.training.add(&o.training)
	for i := range f.survey {
		f.survey[i].add(&o.survey[i])
	}
	for i := range f.board {
		f.board[i].add(&o.board[i])
	}
	f.has |= o.has
	f.posts |= o.posts
	addTable(f.post[:], o.post[:])
	addTable(f.values[:], o.values[:])
	for e := range f.rollEvents {
		f.rollEvents[e] += o.rollEvents[e]
		f.rollBase[e] += o.rollBase[e]
	}
	f.rollOrgs += o.rollOrgs
	f.singleOrgs += o.singleOrgs
	f.rollYears |= o.rollYears
}

func (f *figures) hasM(m Measure) bool { return f.has&(1<<m) != 0 }

// Survey questions of indicators 5 to 8, in our words.
var surveyQuestions = [4]string{
	"experienced harassment, bullying or abuse from patients, relatives or the public in the last 12 months",
	"experienced harassment, bullying or abuse from staff in the last 12 months",
	"believe the organisation provides equal opportunities for career progression or promotion",
	"personally experienced discrimination at work from a manager, team leader or other colleague in the last 12 months",
}

// indicators computes the nine indicators; a pooled report also says,
// for each, how many of its organisations gave the figures it needs.
func (f *figures) indicators(year int, pooled bool) Indicators {
	ind := Indicators{Year: year, Organisations: f.orgs}
	ind.Indicator1 = f.indicator1(year)
	ind.Indicator2 = f.likelihood(year, &f.appointed, rlIndicator2)
	ind.Indicator3 = f.indicator3(year)
	ind.Indicator4 = f.likelihood(year, &f.training, rlIndicator4)
	surveys := []*SurveyIndicator{&ind.Indicator5, &ind.Indicator6, &ind.Indicator7, &ind.Indicator8}
	for i, dst := range surveys {
		*dst = f.surveyIndicator(year, i)
	}
	ind.Indicator9 = f.indicator9(year, pooled)
	if pooled {
		ind.Indicator1.OrganisationsPooled = intp(f.headcountOrgs)
		ind.Indicator2.OrganisationsPooled = intp(f.appointed.orgs)
		ind.Indicator3.OrganisationsPooled = intp(f.rollOrgs)
		ind.Indicator4.OrganisationsPooled = intp(f.training.orgs)
		for i, dst := range surveys {
			dst.OrganisationsPooled = intp(f.survey[i].orgs)
		}
		ind.Indicator9.Voting.OrganisationsPooled = intp(f.board[0].orgs)
		ind.Indicator9.Executive.OrganisationsPooled = intp(f.board[1].orgs)
	}
	return ind
}

func composition(g StaffGroup, b Band, c [NumEthnicities]int64) Composition {
	total := c[White] + c[BME] + c[Unknown]
	comp := Composition{StaffGroup: g.String(), Band: b.String(), Total: i64(total)}
	comp.Count = Groups[int64]{i64(c[White]), i64(c[BME]), i64(c[Unknown])}
	comp.Percent = Groups[float64]{percent(c[White], total), percent(c[BME], total), percent(c[Unknown], total)}
	return comp
}

func (f *figures) indicator1(year int) Indicator1 {
	in := Indicator1{OrganisationsWithBreakdown: f.breakdownOrgs, Posts: []Composition{}}
	in.Workforce = composition(NoStaffGroup, NoBand, f.post[WholeWorkforce])
	switch {
	case !f.hasM(Headcount):
		in.NotComputable = fmt.Sprintf("no headcount figures for %d", year)
	case *in.Workforce.Total == 0:
		in.NotComputable = "the headcount is zero"
	}
	for p := Post(1); p < NumPosts; p++ {
		if f.posts&(1<<p) != 0 {
			in.Posts = append(in.Posts, composition(p.StaffGroup(), p.Band(), f.post[p]))
		}
	}
	return in
}

// rlKind carries the wording and direction of one relative likelihood.
type rlKind struct {
	numer        Ethnicity // group whose rate is the numerator
	who          string    // "applicants", "staff"
	inBase       string    // "shortlisted", "in post"
	event        string    // "appointed from shortlisting", ...
	measures     [2]Measure
	measureWords [2]string // figures missing: event, base
}

var (
	rlIndicator2 = rlKind{White, "applicants", "shortlisted", "appointed from shortlisting", [2]Measure{Appointed, Shortlisted}, [2]string{"appointment", "shortlisting"}}
	rlIndicator3 = rlKind{BME, "staff", "in post", "entered the formal disciplinary process", [2]Measure{Disciplinary, Headcount}, [2]string{"disciplinary", "headcount"}}
	rlIndicator4 = rlKind{White, "staff", "in post", "accessed non-mandatory training or CPD", [2]Measure{Training, Headcount}, [2]string{"training", "headcount"}}
)

var groupWords = [NumEthnicities]string{"White", "BME", "unknown"}

func (f *figures) likelihood(year int, p *pair, k rlKind) RelativeLikelihood {
	return relativeLikelihood(p.events, p.base, k, f.missing(year, p, k.measures, k.measureWords))
}

// missing says why p pooled no organisation: which measure no one gave,
// or that no one gave both.
func (f *figures) missing(year int, p *pair, m [2]Measure, words [2]string) string {
	switch {
	case p.orgs > 0:
		return ""
	case !f.hasM(m[0]):
		return fmt.Sprintf("no %s figures for %d", words[0], year)
	case !f.hasM(m[1]):
		return fmt.Sprintf("no %s figures for %d", words[1], year)
	}
	return fmt.Sprintf("no organisation gave both %s and %s figures for %d", words[0], words[1], year)
}

func (f *figures) indicator3(year int) Indicator3 {
	in := Indicator3{Years: []int{}}
	missing := ""
	switch {
	case f.rollOrgs == 0 && !f.hasM(Disciplinary):
		missing = fmt.Sprintf("no disciplinary figures for %d", year)
	case f.rollOrgs == 0:
		missing = fmt.Sprintf("no headcount figures for %d", year)
	}
	in.RelativeLikelihood = relativeLikelihood(f.rollEvents, f.rollBase, rlIndicator3, missing)
	if f.rollYears&2 != 0 {
		in.Years = append(in.Years, year-1)
	}
	if f.rollYears&1 != 0 {
		in.Years = append(in.Years, year)
	}
	in.SingleYearOrganisations = f.singleOrgs
	// Whether a missing year weakens the figure says nothing when there is
	// no figure, so single_year is null then rather than false.
	if in.Value != nil {
		in.SingleYear = boolp(f.singleOrgs == f.rollOrgs)
		in.NonAdverse = boolp(nonAdverse(in.raw))
	}
	return in
}

// relativeLikelihood computes the numerator group's rate over the other
// group's, with its 95% confidence interval by the log method.
func relativeLikelihood(events, base [NumEthnicities]int64, k rlKind, missing string) RelativeLikelihood {
	rl := RelativeLikelihood{Compares: "white_vs_bme"}
	if k.numer == BME {
		rl.Compares = "bme_vs_white"
	}
	rl.White = proportion(events[White], base[White])
	rl.BME = proportion(events[BME], base[BME])
	if missing != "" {
		rl.White, rl.BME = Proportion{}, Proportion{}
		rl.NotComputable = missing
		return rl
	}
	other := White
	if k.numer == White {
		other = BME
	}
	a, n1, b, n2 := events[k.numer], base[k.numer], events[other], base[other]
	for _, e := range [2]Ethnicity{k.numer, other} {
		if base[e] == 0 {
			rl.NotComputable = fmt.Sprintf("no %s %s %s", groupWords[e], k.who, k.inBase)
			return rl
		}
	}
	for _, e := range [2]Ethnicity{k.numer, other} {
		if events[e] == 0 {
			rl.NotComputable = fmt.Sprintf("no %s %s %s, so the ratio would be zero or infinite", groupWords[e], k.who, k.event)
			return rl
		}
	}
	// a·n₂ / (n₁·b) in one division: exact ratios such as 0.8 stay exact, so
	// the non-adverse range's boundaries behave.
	v := float64(a) * float64(n2) / (float64(n1) * float64(b))
	rl.raw = v
	rl.Value = f64(v)
	variance := 1/float64(a) - 1/float64(n1) + 1/float64(b) - 1/float64(n2)
	if a > n1 || b > n2 || variance < 0 {
		rl.CINotComputable = fmt.Sprintf("more %s %s than %s, so the log method does not apply", k.who, k.event, k.inBase)
		return rl
	}
	se := math.Sqrt(variance)
	lo, hi := math.Exp(math.Log(v)-1.96*se), math.Exp(math.Log(v)+1.96*se)
	rl.CI95 = &Interval{round(lo), round(hi)}
	rl.Significant = boolp(lo > 1 || hi < 1)
	return rl
}

func (f *figures) surveyIndicator(year, i int) SurveyIndicator {
	s := SurveyIndicator{Question: surveyQuestions[i]}
	p := &f.survey[i]
	if p.orgs == 0 {
		s.NotComputable = fmt.Sprintf("no staff survey figures for indicator %d in %d", 5+i, year)
		return s
	}
	s.White = proportion(p.events[White], p.base[White])
	s.BME = proportion(p.events[BME], p.base[BME])
	for _, e := range [2]Ethnicity{White, BME} {
		if p.base[e] == 0 {
			s.NotComputable = fmt.Sprintf("no %s respondents", groupWords[e])
			return s
		}
	}
	s.DifferencePoints = sub(s.BME.Percent, s.White.Percent)
	return s
}

// indicator9 compares each board's BME share with the workforce of the
// organisations that gave that board's figures. When a pooled report's
// board figures come from fewer organisations than its headcount, that
// workforce is given beside the board (BoardShare.WorkforceBME).
func (f *figures) indicator9(year int, pooled bool) Indicator9 {
	wf := f.values[Headcount]
	in := Indicator9{WorkforceBME: proportion(wf[BME], wf[White]+wf[BME]+wf[Unknown])}
	for i, m := range [2]Measure{BoardVoting, BoardExecutive} {
		dst := &in.Voting
		if i == 1 {
			dst = &in.Executive
		}
		p := &f.board[i]
		v, workforce := p.events, in.WorkforceBME
		if p.orgs == 0 {
			// No organisation gave both: show the board, not the difference.
			v = f.values[m]
		} else if pooled && p.orgs < f.headcountOrgs {
			w := proportion(p.base[BME], p.base[White]+p.base[BME]+p.base[Unknown])
			dst.WorkforceBME, workforce = &w, w
		}
		dst.BME = proportion(v[BME], v[White]+v[BME]+v[Unknown])
		switch {
		case !f.hasM(m):
			dst.BME = Proportion{}
			dst.NotComputable = fmt.Sprintf("no %s board figures for %d", []string{"voting", "executive"}[i], year)
		case dst.BME.Percent == nil:
			dst.NotComputable = fmt.Sprintf("no %s board members", []string{"voting", "executive"}[i])
		case p.orgs == 0 || workforce.Percent == nil:
			dst.NotComputable = "no workforce headcount"
		default:
			dst.DifferencePoints = sub(dst.BME.Percent, workforce.Percent)
		}
	}
	if !f.hasM(Headcount) {
		in.WorkforceBME = Proportion{}
	}
	return in
}

func change(prev, cur *Indicators) *Change {
	return &Change{
		FromYear:                  prev.Year,
		Indicator1WorkforceBMEPts: sub(cur.Indicator1.Workforce.Percent.BME, prev.Indicator1.Workforce.Percent.BME),
		Indicator2:                sub(cur.Indicator2.Value, prev.Indicator2.Value),
		Indicator3:                sub(cur.Indicator3.Value, prev.Indicator3.Value),
		Indicator4:                sub(cur.Indicator4.Value, prev.Indicator4.Value),
		Indicator5:                sub(cur.Indicator5.DifferencePoints, prev.Indicator5.DifferencePoints),
		Indicator6:                sub(cur.Indicator6.DifferencePoints, prev.Indicator6.DifferencePoints),
		Indicator7:                sub(cur.Indicator7.DifferencePoints, prev.Indicator7.DifferencePoints),
		Indicator8:                sub(cur.Indicator8.DifferencePoints, prev.Indicator8.DifferencePoints),
		Indicator9Voting:          sub(cur.Indicator9.Voting.DifferencePoints, prev.Indicator9.Voting.DifferencePoints),
		Indicator9Executive:       sub(cur.Indicator9.Executive.DifferencePoints, prev.Indicator9.Executive.DifferencePoints),
	}
}

func distribution(per []orgFigures, year int, scope Scope, regionOf func(string) string) *Distribution {
	d := &Distribution{Organisations: len(per), ByOrganisation: make([]OrgSummary, 0, len(per))}
	var v2, v3, v4 []float64
	var regions map[string]*figures
	if scope.Kind == ScopeNational && regionOf != nil {
		regions = map[string]*figures{}
	}
	for i := range per {
		o := &per[i]
		rl2, rl3, rl4 := o.f.likelihoods(year)
		s := OrgSummary{Org: o.org, Likelihoods: summarise(&rl2, &rl3, &rl4)}
		if regionOf != nil {
			s.Region = regionOf(o.org)
		}
		d.ByOrganisation = append(d.ByOrganisation, s)
		v2 = d.Indicator2.count(&rl2, v2)
		v3 = d.Indicator3.count(&rl3.RelativeLikelihood, v3)
		v4 = d.Indicator4.count(&rl4, v4)
		if rl3.Value != nil {
			switch {
			case rl3.raw < NonAdverseLow:
				d.Indicator3.BelowRange++
			case rl3.raw > NonAdverseHigh:
				d.Indicator3.AboveRange++
			default:
				d.Indicator3.NonAdverse++
			}
		}
		if regions != nil {
			r := regions[s.Region]
			if r == nil {
				r = new(figures)
				regions[s.Region] = r
			}
			r.add(&o.f)
		}
	}
	d.Indicator2.Quartiles = quartiles(v2)
	d.Indicator3.Quartiles = quartiles(v3)
	d.Indicator4.Quartiles = quartiles(v4)
	codes := make([]string, 0, len(regions))
	for c := range regions {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		r := regions[c]
		rl2, rl3, rl4 := r.likelihoods(year)
		d.ByRegion = append(d.ByRegion, RegionSummary{Region: c, Name: orgs.Regions[c], Organisations: r.orgs,
			Likelihoods: summarise(&rl2, &rl3, &rl4)})
	}
	return d
}

// likelihoods computes the relative likelihoods of indicators 2, 3 and 4
// for one organisation or one pooled region alike.
func (f *figures) likelihoods(year int) (rl2 RelativeLikelihood, rl3 Indicator3, rl4 RelativeLikelihood) {
	return f.likelihood(year, &f.appointed, rlIndicator2), f.indicator3(year), f.likelihood(year, &f.training, rlIndicator4)
}

func summarise(rl2 *RelativeLikelihood, rl3 *Indicator3, rl4 *RelativeLikelihood) Likelihoods {
	return Likelihoods{
		Indicator2: rl2.Value, Indicator2Significant: rl2.Significant,
		Indicator3: rl3.Value, Indicator3NonAdverse: rl3.NonAdverse,
		Indicator4: rl4.Value, Indicator4Significant: rl4.Significant}
}

func (s *LikelihoodSpread) count(rl *RelativeLikelihood, vals []float64) []float64 {
	if rl.Value == nil {
		return vals
	}
	s.Computable++
	switch {
	case rl.Significant == nil:
	case *rl.Significant && rl.raw > 1:
		s.SignificantlyAbove1++
	case *rl.Significant:
		s.SignificantlyBelow1++
	default:
		s.NotSignificant++
	}
	return append(vals, rl.raw)
}

func quartiles(v []float64) *Quartiles {
	if len(v) == 0 {
		return nil
	}
	sort.Float64s(v)
	q := func(p float64) float64 {
		h := float64(len(v)-1) * p
		lo := int(math.Floor(h))
		if lo+1 >= len(v) {
			return v[lo]
		}
		return v[lo] + (h-float64(lo))*(v[lo+1]-v[lo])
	}
	return &Quartiles{Min: round(v[0]), Q1: round(q(0.25)), Median: round(q(0.5)), Q3: round(q(0.75)), Max: round(v[len(v)-1])}
}

// Numbers in reports are rounded to 4 decimal places; flags are decided
// on the unrounded values.
func round(v float64) float64 { return math.Round(v*1e4) / 1e4 }

func f64(v float64) *float64 { v = round(v); return &v }
func i64(v int64) *int64     { return &v }
func intp(v int) *int        { return &v }
func boolp(b bool) *bool     { return &b }

func percent(n, d int64) *float64 {
	if d == 0 {
		return nil
	}
	return f64(100 * float64(n) / float64(d))
}

func proportion(n, d int64) Proportion {
	return Proportion{Count: i64(n), Base: i64(d), Percent: percent(n, d)}
}

func sub(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	return f64(*a - *b)
}
