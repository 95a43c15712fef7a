// Package facility is the pure domain of facility time: the hours a staff
// network's leaders (chair, vice-chair, committee members) are agreed and
// use for network work, what those hours cost at their pay, and how they
// compare with the recommended minimum of half a day a week.
//
// Hours are hundredths of an hour and money whole pence, both int64, so
// that a network's figures are the sums of its leaders' and an
// organisation's, region's or the nation's are the sums of its networks'
// exactly. FromRows checks an imported file's rows (reading the file is
// its caller's: facility sees no file format). The store aggregates
// recorded weeks; Build turns them into a Report. See docs/networks.md
// ("Facility time").
package facility

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/network"
	"staffnet/internal/pay"
)

// Hours is a number of hours in hundredths: 375 is 3.75 hours.
type Hours int64

// Recommended is the recommended facility time per leader per week: half
// a day of a 37.5-hour week.
const Recommended Hours = 375

// MaxWeekHours bounds the hours one week can record.
const MaxWeekHours Hours = 168_00

func (h Hours) String() string { return pay.Pounds(int64(h)) }

// MarshalJSON writes hours to two decimals, as a number.
func (h Hours) MarshalJSON() ([]byte, error) { return []byte(h.String()), nil }

// ParseHours reads hours written with up to two decimals ("3.75", "4").
func ParseHours(s string) (Hours, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "£") || strings.Contains(s, ",") {
		return 0, errors.New("not a number of hours")
	}
	v, err := pay.ParsePounds(s)
	if err != nil {
		return 0, errors.New("not a number of hours with at most two decimals")
	}
	return Hours(v), nil
}

// Money is an amount in pence.
type Money int64

// MarshalJSON writes pounds to the penny, as a number.
func (m Money) MarshalJSON() ([]byte, error) { return []byte(pay.Pounds(int64(m))), nil }

func (m Money) String() string { return pay.Money(int64(m)) }

// Fraction is a share, written to four decimals; nil when there is
// nothing to divide by.
type Fraction float64

// MarshalJSON writes the fraction to four decimals.
func (f Fraction) MarshalJSON() ([]byte, error) {
	return []byte(strconv.FormatFloat(float64(f), 'f', 4, 64)), nil
}

// Percent writes the share for people: "87%".
func (f *Fraction) Percent() string {
	if f == nil {
		return "no recommendation in the period"
	}
	return fmt.Sprintf("%.0f%%", float64(*f)*100)
}

func share(used, rec Hours) *Fraction {
	if rec <= 0 {
		return nil
	}
	f := Fraction(float64(used) / float64(rec))
	return &f
}

// Leader is a network leader on the facility-time register, with their
// pay: an Agenda for Change band and pay point, or "medical" or "other"
// with an hourly cost entered.
type Leader struct {
	ID        int64
	NetworkID int64
	Email     string // lower case; how the CSV import names the leader
	Name      string // shown only on the network's own pages
	Role      network.Role
	Band      string // pay.Bands, pay.Medical or pay.Other
	PayPoint  int    // 0 for medical and other
	Hourly    Money  // entered hourly cost, for medical and other
	Agreed    Hours  // hours a week the organisation has agreed
	From, To  time.Time
}

// InRole reports whether the leader was in role in the week starting
// Monday m: any day of it between From and To (zero for open).
func (l *Leader) InRole(m time.Time) bool {
	return (l.From.IsZero() || !l.From.After(m.AddDate(0, 0, 6))) && (l.To.IsZero() || !l.To.Before(m))
}

// RateFor is the leader's hourly rate in the financial year y: the
// entered one, or the pay table's at their band and point. false when
// the table lacks the band and point.
func RateFor(band string, point int, entered Money, tables pay.Tables, y int) (Money, bool) {
	if pay.Entered(band) {
		return entered, entered > 0
	}
	t := tables.For(y)
	if t == nil {
		return 0, false
	}
	a, ok := t.Lookup(band, point)
	return Money(pay.Hourly(a)), ok
}

// Validate checks a register entry against the pay tables.
func (l *Leader) Validate(tables pay.Tables, today time.Time) network.FieldErrors {
	var es network.FieldErrors
	add := func(f, m string) { es = append(es, network.FieldError{Field: f, Message: m}) }
	if strings.TrimSpace(l.Name) == "" {
		add("name", "Enter the leader's name")
	}
	if !strings.Contains(l.Email, "@") || strings.ContainsAny(l.Email, " ,;<>") {
		add("email", "Enter the leader's work email address, like name@nhs.net")
	}
	if !l.Role.Valid() {
		add("role", "Select the leader's role")
	}
	if es2 := CheckPay(l.Band, l.PayPoint, l.Hourly, tables, pay.FinancialYear(today)); es2 != nil {
		add(es2.Field, es2.Message)
	}
	if l.Agreed < 0 || l.Agreed > MaxWeekHours {
		add("agreed", "Agreed hours must be from 0 to 168 a week")
	}
	if !l.From.IsZero() && !l.To.IsZero() && l.To.Before(l.From) {
		add("to", "The end of the role must be after its start")
	}
	return es
}

// CheckPay checks a band, pay point and entered rate; nil when they are
// good.
func CheckPay(band string, point int, entered Money, tables pay.Tables, y int) *network.FieldError {
	switch {
	case pay.Entered(band):
		if entered <= 0 || entered > 100_000 {
			return &network.FieldError{Field: "hourly", Message: "Enter the hourly cost in pounds, like 52.40, for a medical or other leader"}
		}
	case band == "":
		return &network.FieldError{Field: "band", Message: "Select the leader's pay band"}
	default:
		if _, ok := RateFor(band, point, 0, tables, y); !ok {
			return &network.FieldError{Field: "pay_point", Message: fmt.Sprintf("The %s pay table has no %s pay point %d", pay.YearLabel(y), pay.BandLabel(band), point)}
		}
	}
	return nil
}

// Week is the time one leader recorded for the week starting Monday
// Start, with the rate it is costed at (fixed when it is recorded, and
// refreshed when a pay table for its year is loaded).
type Week struct {
	LeaderID int64
	Start    time.Time
	Band     string
	PayPoint int
	Hourly   Money
	Agreed   Hours
	Used     Hours
}

// Monday is the Monday of the week holding d.
func Monday(d time.Time) time.Time {
	d = network.Day(d)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// WeeksOfMonth lists the Mondays of the weeks that start in month m
// (any day of it): a month's hours are spread over them.
func WeeksOfMonth(m time.Time) []time.Time {
	first := time.Date(m.Year(), m.Month(), 1, 0, 0, 0, 0, time.UTC)
	var out []time.Time
	for d := Monday(first); d.Month() == first.Month() || d.Before(first); d = d.AddDate(0, 0, 7) {
		if !d.Before(first) {
			out = append(out, d)
		}
	}
	return out
}

// Spread divides total hours over n weeks, to the hundredth, the
// remainder going to the first weeks, so the weeks add up to total.
func Spread(total Hours, n int) []Hours {
	out := make([]Hours, n)
	for i := range out {
		out[i] = total / Hours(n)
		if Hours(i) < total%Hours(n) {
			out[i]++
		}
	}
	return out
}

// Mondays counts the Mondays from from to to, inclusive.
func Mondays(from, to time.Time) int {
	first := firstMonday(from)
	if first.After(to) {
		return 0
	}
	// Whole days between two UTC midnights, so no daylight saving.
	return int(network.Day(to).Sub(first).Hours())/24/7 + 1
}

func firstMonday(d time.Time) time.Time {
	m := Monday(d)
	if m.Before(network.Day(d)) {
		m = m.AddDate(0, 0, 7)
	}
	return m
}
