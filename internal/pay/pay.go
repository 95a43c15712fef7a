// Package pay holds Agenda for Change pay scales: annual basic pay by band
// and pay point, one table per financial year (April to March), and the
// hourly rate NHS Employers publish, annual pay ÷ (37.5 × 52.143).
//
// Money is whole pence (int64) throughout, so sums add up to the penny.
// FromRows checks a table's rows whatever file they came from; reading
// the CSV file, and the 2025/26 table shipped with staffnet, are
// internal/pay/payfile's. An administrator loads later years with
// "staffnet pay import", and the store keeps them.
package pay

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/rows"
)

// Bands lists the Agenda for Change bands a table may hold, in order.
// Band 1 is closed (paid at Band 2's rate), so it is not one of them.
var Bands = []string{"2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"}

// Kinds of pay that are not a band of the table: the hourly cost is
// entered for the person instead.
const (
	Medical = "medical"
	Other   = "other"
)

// Entered reports whether band is one whose hourly cost is entered
// (medical or other), not looked up.
func Entered(band string) bool { return band == Medical || band == Other }

// NormBand writes a band as tables key it: lower case, no "Band " prefix.
func NormBand(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.TrimSpace(strings.TrimPrefix(s, "band"))
}

// BandLabel is a band for people: "Band 8a", "Medical", "Other".
func BandLabel(band string) string {
	switch band {
	case Medical:
		return "Medical"
	case Other:
		return "Other"
	case "":
		return ""
	}
	return "Band " + band
}

// Key is a band and pay point.
type Key struct {
	Band  string
	Point int
}

// Table is one financial year's annual pay. Year is the year the
// financial year starts: 2025 for 2025/26.
type Table struct {
	Year   int
	Annual map[Key]int64 // pence
}

// YearLabel writes a financial year as "2025/26".
func YearLabel(y int) string { return fmt.Sprintf("%d/%02d", y, (y+1)%100) }

// FinancialYear is the year the financial year holding day d starts.
func FinancialYear(d time.Time) int {
	if d.Month() >= time.April {
		return d.Year()
	}
	return d.Year() - 1
}

// HoursPerYear is the divisor of the hourly rate, 37.5 × 52.143, times
// 10,000 so that the arithmetic stays in integers.
const hoursPerYear10k = 19_553_625

// Hourly is the hourly rate in pence of annual pay in pence, rounded to
// the penny as NHS Employers publish it.
func Hourly(annualPence int64) int64 {
	return (annualPence*10_000*2 + hoursPerYear10k) / (2 * hoursPerYear10k)
}

// Lookup is the annual pay in pence at band and point.
func (t *Table) Lookup(band string, point int) (int64, bool) {
	v, ok := t.Annual[Key{band, point}]
	return v, ok
}

// Points lists the pay points band has in the table, in order.
func (t *Table) Points(band string) []int {
	var out []int
	for k := range t.Annual {
		if k.Band == band {
			out = append(out, k.Point)
		}
	}
	sort.Ints(out)
	return out
}

// Rows lists the table's entries ordered by band and point.
func (t *Table) Rows() []Key {
	keys := make([]Key, 0, len(t.Annual))
	for k := range t.Annual {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b Key) int {
		if c := slices.Index(Bands, a.Band) - slices.Index(Bands, b.Band); c != 0 {
			return c
		}
		return a.Point - b.Point
	})
	return keys
}

// Tables holds a table per financial year.
type Tables map[int]*Table

// For is the table for financial year y: that year's, else the latest
// earlier one (a new year's table is often agreed late), else the
// earliest there is. nil when there are none.
func (ts Tables) For(y int) *Table {
	var best *Table
	for yr, t := range ts {
		switch {
		case best == nil:
			best = t
		case yr <= y && (best.Year > y || yr > best.Year):
			best = t
		case yr > y && best.Year > y && yr < best.Year:
			best = t
		}
	}
	return best
}

// MaxRows bounds a pay table file: a real one has about thirty rows.
const MaxRows = 1000

// Columns are a pay table's columns, in the order FromRows reads cells.
var Columns = []string{"band", "point", "annual_gbp"}

// FromRows reads a pay table from its rows, cells in the order of
// Columns: band ("Band " prefix allowed), point, annual pay in pounds
// (whole or with pence). Every band of Bands must have its points
// numbered from 1 without gaps. Every problem is reported in a
// *rows.ImportError, a problem of the file itself first (rows.End).
func FromRows(src rows.Source, year int) (*Table, error) {
	t := &Table{Year: year, Annual: map[Key]int64{}}
	ie := &rows.ImportError{}
	first := map[Key]int{}
	err := src.Each(func(row int, rec []string) {
		band := NormBand(rec[0])
		if !slices.Contains(Bands, band) {
			ie.Add(row, "band", "%q is not an Agenda for Change band (2 to 9, 8a to 8d)", rec[0])
		}
		point, err := strconv.Atoi(rec[1])
		if err != nil || point < 1 || point > 20 {
			ie.Add(row, "point", "%q is not a pay point (a whole number from 1)", rec[1])
		}
		annual, err := ParsePounds(rec[2])
		if err != nil || annual <= 0 {
			ie.Add(row, "annual_gbp", "%q is not an annual pay in pounds", rec[2])
		}
		k := Key{band, point}
		if r, dup := first[k]; dup {
			ie.Add(row, "point", "band %s point %d already appears on row %d", band, point, r)
		}
		first[k] = row
		t.Annual[k] = annual
	})
	if err := ie.End(err, len(t.Annual), "pay rows"); err != nil {
		return nil, err
	}
	for _, b := range Bands {
		for i, p := range t.Points(b) {
			if p != i+1 {
				ie.Add(first[Key{b, p}], "point", "band %s has point %d but no point %d", b, p, i+1)
				break
			}
		}
	}
	if err := ie.Err(); err != nil {
		return nil, err
	}
	return t, nil
}

// ParsePounds reads an amount of money written in pounds ("58487",
// "29.91", "£1,200.50") as pence. More than two decimals is an error.
func ParsePounds(s string) (int64, error) {
	s = strings.ReplaceAll(strings.TrimPrefix(strings.TrimSpace(s), "£"), ",", "")
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || (dot && frac == "") || len(whole) > 12 {
		return 0, errors.New("not an amount in pounds")
	}
	for len(frac) < 2 {
		frac += "0"
	}
	w, err1 := strconv.ParseUint(whole, 10, 64)
	f, err2 := strconv.ParseUint(frac, 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New("not an amount in pounds")
	}
	v := int64(w*100 + f)
	if neg {
		v = -v
	}
	return v, nil
}

// Pounds writes pence as pounds to the penny: "1234.50", "-0.05".
func Pounds(p int64) string {
	sign := ""
	if p < 0 {
		sign, p = "-", -p
	}
	return fmt.Sprintf("%s%d.%02d", sign, p/100, p%100)
}

// Money writes pence for people: "£1,234.50".
func Money(p int64) string {
	s := Pounds(p)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return sign + "£" + whole + "." + frac
}
