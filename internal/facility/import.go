package facility

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/network"
	"staffnet/internal/pay"
	"staffnet/internal/rows"
)

// ImportColumns are the columns of a facility-time file, in the order
// FromRows reads cells.
var ImportColumns = []string{"leader_email", "role", "band", "pay_point", "week_start", "hours_agreed", "hours_used"}

// MaxImportRows bounds one file: fifty leaders for ten years of weeks.
const MaxImportRows = 26_000

// FromRows reads a network's facility-time file from its rows, cells in
// the order of ImportColumns: one row per leader and week, the leader
// named by the email on the network's register. Every problem is
// reported as "row N, column C: reason" in a *rows.ImportError, and then
// no week is returned: an import is all or nothing. A problem of the
// file itself comes first (rows.End). The caller
// builds src from the file's format (csvsafe.NewStrictReader with
// ImportColumns and MaxImportRows for CSV).
func FromRows(src rows.Source, register []Leader, tables pay.Tables) ([]Week, error) {
	byEmail := map[string]*Leader{}
	for i := range register {
		byEmail[strings.ToLower(register[i].Email)] = &register[i]
	}
	ie := &rows.ImportError{}
	type key struct {
		id   int64
		week string
	}
	seen := map[key]int{}
	var out []Week
	err := src.Each(func(row int, rec []string) {
		bad := func(col, format string, a ...any) { ie.Add(row, col, format, a...) }
		w := Week{}
		l := byEmail[strings.ToLower(rec[0])]
		if l == nil {
			bad("leader_email", "%q is not one of the network's leaders: add them to its facility-time register first", rec[0])
		} else {
			w.LeaderID = l.ID
			if r := network.Role(strings.ToLower(rec[1])); !r.Valid() {
				bad("role", "%q is not a role: chair, vice_chair or committee", rec[1])
			} else if r != l.Role {
				bad("role", "%s is on the register as %s, not %s", rec[0], l.Role, r)
			}
		}
		start, err := time.Parse(time.DateOnly, rec[4])
		switch {
		case err != nil:
			bad("week_start", "%q is not a date written YYYY-MM-DD", rec[4])
		case start.Weekday() != time.Monday:
			bad("week_start", "%s is a %s: a week starts on a Monday", rec[4], start.Weekday())
		}
		w.Start = start
		w.Band = pay.NormBand(rec[2])
		switch {
		case pay.Entered(w.Band):
			if rec[3] != "" {
				bad("pay_point", "a %s leader has no pay point: leave it blank", w.Band)
			}
			if l != nil {
				if w.Hourly = l.Hourly; w.Hourly <= 0 {
					bad("band", "enter %s's hourly cost on the register first", rec[0])
				}
			}
		case !slices.Contains(pay.Bands, w.Band):
			bad("band", "%q is not an Agenda for Change band (2 to 9, 8a to 8d), medical or other", rec[2])
		default:
			p, err := strconv.Atoi(rec[3])
			if err != nil {
				bad("pay_point", "%q is not a pay point (a whole number from 1)", rec[3])
				break
			}
			w.PayPoint = p
			if !start.IsZero() {
				rate, ok := RateFor(w.Band, p, 0, tables, pay.FinancialYear(start))
				if !ok {
					bad("pay_point", "band %s has no pay point %d in the %s pay table", w.Band, p, pay.YearLabel(pay.FinancialYear(start)))
				}
				w.Hourly = rate
			}
		}
		w.Agreed = hoursCell(rec[5], "hours_agreed", bad)
		w.Used = hoursCell(rec[6], "hours_used", bad)
		if l != nil && !start.IsZero() {
			k := key{l.ID, rec[4]}
			if first, dup := seen[k]; dup {
				bad("week_start", "%s's week of %s already appears on row %d", rec[0], rec[4], first)
			} else {
				seen[k] = row
			}
		}
		out = append(out, w)
	})
	if err := ie.End(err, len(out), "rows"); err != nil {
		return nil, err
	}
	return out, nil
}

func hoursCell(s, col string, bad func(col, format string, a ...any)) Hours {
	h, err := ParseHours(s)
	switch {
	case err != nil:
		bad(col, "%q is not a number of hours with at most two decimals", s)
	case h < 0:
		bad(col, "%s is negative: hours cannot be below 0", s)
	case h > MaxWeekHours:
		bad(col, "%s is more hours than a week has", s)
	}
	return h
}
