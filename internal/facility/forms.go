package facility

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/network"
	"staffnet/internal/pay"
)

// ReadLeaderForm reads the register form (name, email, role, band,
// pay_point, hourly, agreed, from, to) into l and checks it.
func ReadLeaderForm(f network.Form, l *Leader, tables pay.Tables, today time.Time) network.FieldErrors {
	var es network.FieldErrors
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	l.Name, l.Email, l.Role = get("name"), strings.ToLower(get("email")), network.Role(get("role"))
	l.Band = pay.NormBand(get("band"))
	if l.Band != "" && !pay.Entered(l.Band) && !slices.Contains(pay.Bands, l.Band) {
		es = append(es, network.FieldError{Field: "band", Message: "Select the leader's pay band"})
		l.Band = ""
	}
	l.PayPoint, l.Hourly = 0, 0
	if !pay.Entered(l.Band) {
		if p, err := strconv.Atoi(get("pay_point")); err == nil {
			l.PayPoint = p
		} else if l.Band != "" {
			es = append(es, network.FieldError{Field: "pay_point", Message: "Enter the pay point as a whole number, like 2"})
		}
	} else if h, err := pay.ParsePounds(get("hourly")); err == nil {
		l.Hourly = Money(h)
	}
	var err error
	if l.Agreed, err = ParseHours(orZero(get("agreed"))); err != nil {
		es = append(es, network.FieldError{Field: "agreed", Message: "Enter the agreed hours a week as a number, like 3.75"})
	}
	var ok bool
	if l.From, ok = network.ParseDate(get("from")); !ok {
		es = append(es, network.FieldError{Field: "from", Message: "Enter the date the role started as a real date"})
	}
	if l.To, ok = network.ParseDate(get("to")); !ok {
		es = append(es, network.FieldError{Field: "to", Message: "Enter the date the role ended as a real date"})
	}
	if len(es) > 0 {
		return firstPerField(append(es, l.Validate(tables, today)...))
	}
	return l.Validate(tables, today)
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// HoursForm is the form recording one leader's hours for a week or a
// month.
type HoursForm struct {
	Leader string // the leader's id as the form sent it
	Period string // "week" or "month"
	Week   string // YYYY-MM-DD, any day of the week
	Month  string // YYYY-MM
	Agreed string // hours a week
	Used   string // hours in the week, or in the whole month
}

// ReadHoursForm reads the hours form against the network's register: a
// week's hours go to its Monday; a month's used hours are spread over
// the weeks starting in it, each with the agreed hours a week.
func ReadHoursForm(f network.Form, register []Leader, tables pay.Tables) (HoursForm, []Week, network.FieldErrors) {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	hf := HoursForm{Leader: get("leader"), Period: get("period"), Week: get("week"), Month: get("month"), Agreed: get("hours_agreed"), Used: get("hours_used")}
	var es network.FieldErrors
	add := func(field, msg string) { es = append(es, network.FieldError{Field: field, Message: msg}) }
	var l *Leader
	for i := range register {
		if strconv.FormatInt(register[i].ID, 10) == hf.Leader {
			l = &register[i]
		}
	}
	if l == nil {
		add("leader", "Select the leader")
	}
	var mondays []time.Time
	switch hf.Period {
	case "week":
		d, ok := network.ParseDate(hf.Week)
		if !ok || d.IsZero() {
			add("week", "Enter a day of the week as a real date")
		} else {
			mondays = []time.Time{Monday(d)}
		}
	case "month":
		m, err := time.Parse("2006-01", hf.Month)
		if err != nil {
			add("month", "Enter the month as year and month, like 2025-10")
		} else {
			mondays = WeeksOfMonth(m)
		}
	default:
		add("period", "Select whether you are recording a week or a month")
	}
	agreed, err1 := ParseHours(orZero(hf.Agreed))
	if err1 != nil || agreed < 0 || agreed > MaxWeekHours {
		add("hours_agreed", "Enter the agreed hours a week as a number from 0 to 168, like 3.75")
	}
	used, err2 := ParseHours(hf.Used)
	if err2 != nil || used < 0 || used > MaxWeekHours*Hours(max(1, len(mondays))) {
		add("hours_used", "Enter the hours used as a number from 0, like 4 or 3.5")
	}
	if len(es) > 0 {
		return hf, nil, es
	}
	var weeks []Week
	for i, u := range Spread(used, len(mondays)) {
		w := Week{LeaderID: l.ID, Start: mondays[i], Band: l.Band, PayPoint: l.PayPoint, Hourly: l.Hourly, Agreed: agreed, Used: u}
		if !pay.Entered(l.Band) {
			rate, ok := RateFor(l.Band, l.PayPoint, 0, tables, pay.FinancialYear(w.Start))
			if !ok {
				add("leader", fmt.Sprintf("The %s pay table has no %s pay point %d: change the leader's pay first", pay.YearLabel(pay.FinancialYear(w.Start)), pay.BandLabel(l.Band), l.PayPoint))
				return hf, nil, es
			}
			w.Hourly = rate
		}
		weeks = append(weeks, w)
	}
	return hf, weeks, nil
}

// ReadOnCost reads an on-cost percentage ("22.5") as hundredths of a
// percent.
func ReadOnCost(s string) (int64, *network.FieldError) {
	v, err := pay.ParsePounds(orZero(strings.TrimSuffix(strings.TrimSpace(s), "%")))
	if err != nil || v < 0 || v > 100_00 {
		return 0, &network.FieldError{Field: "on_cost", Message: "Enter the on-cost as a percentage from 0 to 100, like 22.5"}
	}
	return v, nil
}

// firstPerField keeps the first error of each field.
func firstPerField(es network.FieldErrors) network.FieldErrors {
	seen := map[string]bool{}
	var out network.FieldErrors
	for _, e := range es {
		if !seen[e.Field] {
			seen[e.Field] = true
			out = append(out, e)
		}
	}
	return out
}
