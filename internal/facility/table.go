package facility

import (
	"strconv"

	"staffnet/internal/pay"
)

// Hundredths is the hours in hundredths (sheet.Decimal).
func (h Hours) Hundredths() int64 { return int64(h) }

// Hundredths is the amount in pence (sheet.Decimal).
func (m Money) Hundredths() int64 { return int64(m) }

// Header is the columns of the report as a table (Rows).
var Header = []string{"network_id", "network", "org_code", "region", "type", "line", "role", "band", "pay_point",
	"hours_agreed", "hours_used", "hours_recommended", "share_of_recommended", "hourly_rate_gbp", "cost_gbp", "on_cost_gbp",
	"leaders", "leaders_meeting_recommendation"}

func shareCell(f *Fraction) any {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(float64(*f), 'f', 4, 64)
}

func totalsCells(t *Totals) []any {
	return []any{t.HoursAgreed, t.HoursUsed, t.HoursRecommended, shareCell(t.Share), "", t.Cost, t.OnCost, t.LeaderCount, t.LeadersMeeting}
}

// Rows is the report as a table: with leaders, a line per leader (role
// and pay, never a name), then a line per network and one for all of
// them; without, the network and summary lines only (an organisation's,
// region's or the national report counts leaders and networks).
func (r *Report) Rows(leaders bool) [][]any {
	var out [][]any
	for i := range r.Networks {
		n := &r.Networks[i]
		head := []any{n.ID, n.Name, n.OrgCode, n.Region, string(n.Type)}
		if leaders {
			for _, l := range n.Leaders {
				point := any(l.PayPoint)
				if l.PayPoint == 0 {
					point = ""
				}
				out = append(out, append(append([]any{}, head...), "leader", string(l.Role), l.Band, point,
					l.HoursAgreed, l.HoursUsed, l.HoursRecommended, shareCell(l.Share), l.HourlyRate, l.Cost, l.OnCost, 1, btoi(l.Meets())))
			}
		}
		out = append(out, append(append(head, "network", "", "", ""), totalsCells(&n.Totals)...))
	}
	return append(out, append([]any{"", "all networks", "", "", "", "summary", "", "", ""}, totalsCells(&r.Summary.Totals)...))
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (h *Hours) UnmarshalJSON(b []byte) error {
	v, err := pay.ParsePounds(string(b))
	*h = Hours(v)
	return err
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (m *Money) UnmarshalJSON(b []byte) error {
	v, err := pay.ParsePounds(string(b))
	*m = Money(v)
	return err
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (f *Fraction) UnmarshalJSON(b []byte) error {
	v, err := strconv.ParseFloat(string(b), 64)
	*f = Fraction(v)
	return err
}
