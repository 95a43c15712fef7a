package render

import (
	"math"
	"strconv"
)

// Figures for people. The JSON, CSV and XLSX keep the report's 4 decimal
// places; pages round relative likelihoods to 2 decimals, and percents
// and differences in points to 1, as WRES publications do.

// Ratio formats a relative likelihood: "1.88"; null is "–".
func Ratio(v *float64) string {
	if v == nil {
		return "–"
	}
	return ratio(*v)
}

// Rounding is half away from zero, as people do by hand (31.25 → 31.3);
// strconv alone would round an exact half to even.
func ratio(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', 2, 64) }

// Percent formats a percent: "27.5%"; null is "–".
func Percent(v *float64) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatFloat(math.Round(*v*10)/10, 'f', 1, 64) + "%"
}

// Points formats a difference in percentage points with its sign and a
// true minus: "+11.3", "−10.8", "0.0"; null is "–".
func Points(v *float64) string {
	if v == nil {
		return "–"
	}
	r := math.Round(*v*10) / 10
	switch {
	case r > 0:
		return "+" + strconv.FormatFloat(r, 'f', 1, 64)
	case r < 0:
		return "−" + strconv.FormatFloat(-r, 'f', 1, 64)
	}
	return "0.0"
}

// Count formats a count with thousands separators: "1,250"; null is "–".
func Count(v *int64) string {
	if v == nil {
		return "–"
	}
	return commas(*v)
}

func commas(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Kind says how a headline figure is shown to people.
type Kind uint8

const (
	KindPercent Kind = iota
	KindRatio
	KindPoints
)

// Format shows a headline value (as Headlines gives it, full precision,
// "" for null) the way people read it.
func (k Kind) Format(s string) string {
	if s == "" {
		return "–"
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	switch k {
	case KindRatio:
		return Ratio(&v)
	case KindPoints:
		return Points(&v)
	}
	return Percent(&v)
}

// Shown returns the i-th value of h formatted for people.
func (h Headline) Shown(i int) string {
	if i < 0 || i >= len(h.Values) {
		return "–"
	}
	return h.Kind.Format(h.Values[i])
}

// Last returns the latest value of h formatted for people.
func (h Headline) Last() string { return h.Shown(len(h.Values) - 1) }
