package report

import "math"

// z95 is the 97.5th percentile of the standard normal distribution.
const z95 = 1.959963984540054

// Wilson returns the 95% Wilson score interval for x successes out of n,
// as percentages (0–100). Unlike the textbook p ± z·SE interval it stays
// inside 0–100 and behaves sensibly for small bases and for percents near
// 0 or 100, which survey tables are full of. n must be positive.
func Wilson(x, n int) (lo, hi float64) {
	if n <= 0 {
		return math.NaN(), math.NaN()
	}
	p := float64(x) / float64(n)
	nn := float64(n)
	z2 := z95 * z95
	den := 1 + z2/nn
	centre := (p + z2/(2*nn)) / den
	half := z95 / den * math.Sqrt(p*(1-p)/nn+z2/(4*nn*nn))
	lo, hi = math.Max(0, centre-half), math.Min(1, centre+half)
	// The bounds are exact at the ends; say so rather than leave rounding
	// noise such as 2e-17.
	if x == 0 {
		lo = 0
	}
	if x == n {
		hi = 1
	}
	return 100 * lo, 100 * hi
}

// TwoProportion is the pooled two-proportion z-test of x1/n1 against
// x2/n2: it returns z (positive when the first proportion is larger) and
// the two-sided p-value. Both n must be positive. When both proportions
// are 0 or both are 1 there is no variance: z is 0 and p is 1.
func TwoProportion(x1, n1, x2, n2 int) (z, p float64) {
	p1, p2 := float64(x1)/float64(n1), float64(x2)/float64(n2)
	pooled := float64(x1+x2) / float64(n1+n2)
	se := math.Sqrt(pooled * (1 - pooled) * (1/float64(n1) + 1/float64(n2)))
	if se == 0 {
		return 0, 1
	}
	z = (p1 - p2) / se
	return z, math.Erfc(math.Abs(z) / math.Sqrt2)
}
