package synth

import (
	"hash/fnv"
	"math"
	"math/rand/v2"

	"staffnet/internal/wres"
)

// Return makes a synthetic aggregated return for each organisation in
// orgs, for each of years, so that a new install can show every WRES page
// with figures (staffnet demo wres). The figures are plausible, not real:
// BME staff are fewer in the higher bands, less often appointed from
// shortlisting and trained, more often disciplined, and report more
// harassment and discrimination, with each organisation's own size and
// BME share. The same seed, organisations and years always give the same
// return.
func Return(orgs []string, years []int, seed uint64) *wres.Return {
	ret := wres.NewReturn()
	for _, org := range orgs {
		h := fnv.New64a()
		h.Write([]byte(org))
		// The organisation's size and make-up stay the same from year to
		// year; only the year's events vary.
		orgRand := rand.New(rand.NewPCG(seed, h.Sum64()))
		staff := 1500 + orgRand.IntN(10000)
		bme := 0.08 + 0.4*orgRand.Float64()*orgRand.Float64()
		for _, year := range years {
			r := rand.New(rand.NewPCG(seed^uint64(year), h.Sum64()))
			orgYear(ret, r, org, year, staff, bme)
		}
	}
	return ret
}

// postShare is the part of the staff in each post, and bmeFactor how the
// post's BME share compares with the organisation's.
func postShare(p wres.Post) (share, bmeFactor float64) {
	b := p.Band()
	switch p.StaffGroup() {
	case wres.Medical:
		return [4]float64{0.045, 0.01, 0.05, 0.005}[b-wres.Consultant], [4]float64{1.3, 1.6, 1.4, 1.2}[b-wres.Consultant]
	case wres.NonClinical:
		share = 0.35
	default:
		share = 0.55
	}
	// Bands 1 to 9 and VSM: most staff in 2 to 6, fewer BME staff higher up.
	w := [13]float64{0.005, 0.12, 0.12, 0.1, 0.17, 0.18, 0.13, 0.08, 0.04, 0.02, 0.01, 0.005, 0.01}
	f := [13]float64{1.2, 1.2, 1.15, 1.1, 1.25, 1.0, 0.8, 0.6, 0.45, 0.4, 0.35, 0.3, 0.3}
	i := int(b - wres.Band1)
	return share * w[i] * 0.9, f[i]
}

// draw is a binomial-like count of n trials with probability p.
func draw(r *rand.Rand, n int64, p float64) int64 {
	if n <= 0 {
		return 0
	}
	p = min(max(p, 0), 1)
	v := math.Round(float64(n)*p + r.NormFloat64()*math.Sqrt(float64(n)*p*(1-p)))
	return int64(min(max(v, 0), float64(n)))
}

func orgYear(ret *wres.Return, r *rand.Rand, org string, year, staff int, bme float64) {
	add := func(m wres.Measure, e wres.Ethnicity, g wres.StaffGroup, b wres.Band, v int64) {
		ret.Add(wres.Row{Org: org, Year: year, Measure: m, Ethnicity: e, StaffGroup: g, Band: b, Value: v})
	}
	var workforce [wres.NumEthnicities]int64
	for p := wres.Post(1); p < wres.NumPosts; p++ {
		share, f := postShare(p)
		n := int64(math.Round(float64(staff) * share * (0.9 + 0.2*r.Float64())))
		if n == 0 {
			continue
		}
		unknown := draw(r, n, 0.04)
		b := draw(r, n-unknown, bme*f)
		for e, v := range [wres.NumEthnicities]int64{n - unknown - b, b, unknown} {
			add(wres.Headcount, wres.Ethnicity(e), p.StaffGroup(), p.Band(), v)
			workforce[e] += v
		}
	}
	// Rates by group: White, BME, unknown.
	type rates [wres.NumEthnicities]float64
	events := func(m wres.Measure, base [wres.NumEthnicities]int64, rt rates) [wres.NumEthnicities]int64 {
		var out [wres.NumEthnicities]int64
		for e := range out {
			out[e] = draw(r, base[e], rt[e])
			add(m, wres.Ethnicity(e), wres.NoStaffGroup, wres.NoBand, out[e])
		}
		return out
	}
	// Applicants: about as many as a third of the staff each year, BME
	// applicants shortlisted in greater proportion than they are on staff.
	var applicants [wres.NumEthnicities]int64
	for e, share := range (rates{1 - 1.5*bme - 0.04, 1.5 * bme, 0.04}) {
		applicants[e] = int64(float64(staff) / 3 * max(share, 0.05))
	}
	short := events(wres.Shortlisted, applicants, rates{0.45, 0.4, 0.4})
	events(wres.Appointed, short, rates{0.26, 0.17 + 0.06*r.Float64(), 0.2})
	events(wres.Disciplinary, workforce, rates{0.008, 0.012 + 0.01*r.Float64(), 0.01})
	events(wres.Training, workforce, rates{0.55, 0.45 + 0.1*r.Float64(), 0.5})
	// Staff Survey: about 45% answer; the positive answer of each question.
	resp := events(wres.Survey5Base, workforce, rates{0.45, 0.4, 0.3})
	events(wres.Survey5Count, resp, rates{0.26, 0.29, 0.27})
	resp = events(wres.Survey6Base, workforce, rates{0.45, 0.4, 0.3})
	events(wres.Survey6Count, resp, rates{0.22, 0.27, 0.25})
	resp = events(wres.Survey7Base, workforce, rates{0.45, 0.4, 0.3})
	events(wres.Survey7Count, resp, rates{0.58, 0.44, 0.5})
	resp = events(wres.Survey8Base, workforce, rates{0.45, 0.4, 0.3})
	events(wres.Survey8Count, resp, rates{0.06, 0.15, 0.1})
	// Boards: 12 voting and 8 executive members.
	for _, b := range []struct {
		m wres.Measure
		n int64
	}{{wres.BoardVoting, 12}, {wres.BoardExecutive, 8}} {
		k := draw(r, b.n, bme*0.6)
		add(b.m, wres.White, wres.NoStaffGroup, wres.NoBand, b.n-k)
		add(b.m, wres.BME, wres.NoStaffGroup, wres.NoBand, k)
	}
}
