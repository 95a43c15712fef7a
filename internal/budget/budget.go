// Package budget is a staff network's money per financial year (April to
// March): allocations by source (the organisation, a charity,
// sponsorship) and spend lines by category, with the balance. Money is
// whole pence. The store keeps the lines; this package checks them and
// adds them up. See docs/networks.md ("Budget").
package budget

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"staffnet/internal/network"
	"staffnet/internal/pay"
)

// Kind is whether a line brings money in or spends it.
type Kind string

// Kinds of line.
const (
	Allocation Kind = "allocation"
	Spend      Kind = "spend"
)

// Sources of an allocation.
var Sources = []string{"organisation", "charity", "sponsorship"}

// Categories of spending.
var Categories = []string{"events", "speakers", "training", "publicity", "refreshments", "travel", "equipment", "other"}

var labels = map[string]string{
	"organisation": "The organisation", "charity": "Charitable funds", "sponsorship": "Sponsorship",
	"events": "Events", "speakers": "Speakers", "training": "Training and development", "publicity": "Publicity",
	"refreshments": "Refreshments", "travel": "Travel", "equipment": "Equipment", "other": "Other",
}

// Label names a source or category for people.
func Label(s string) string {
	if l, ok := labels[s]; ok {
		return l
	}
	return s
}

// MaxAmount bounds one line: £10 million.
const MaxAmount = 1_000_000_000

// Line is one allocation or spend line.
type Line struct {
	ID        int64
	NetworkID int64
	Kind      Kind
	Date      time.Time
	Category  string // a source for an allocation, a category for spend
	Amount    int64  // pence, more than 0
	What      string // what it is for
}

// Year is the financial year the line falls in.
func (l *Line) Year() int { return pay.FinancialYear(l.Date) }

// ReadLineForm reads the form adding a line (kind, date, category,
// amount, what) and checks it.
func ReadLineForm(f network.Form) (Line, network.FieldErrors) {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	l := Line{Kind: Kind(get("kind")), Category: get("category"), What: get("what")}
	var es network.FieldErrors
	add := func(field, msg string) { es = append(es, network.FieldError{Field: field, Message: msg}) }
	switch l.Kind {
	case Allocation:
		if !slices.Contains(Sources, l.Category) {
			add("category", "Select where the money comes from")
		}
	case Spend:
		if !slices.Contains(Categories, l.Category) {
			add("category", "Select what kind of spending it is")
		}
	default:
		add("kind", "Select whether this is money allocated or money spent")
	}
	d, ok := network.ParseDate(get("date"))
	if !ok || d.IsZero() {
		add("date", "Enter the date as a real date")
	}
	l.Date = d
	a, err := pay.ParsePounds(get("amount"))
	if err != nil || a <= 0 || a > MaxAmount {
		add("amount", "Enter the amount in pounds, more than 0, like 250 or 49.99")
	}
	l.Amount = a
	if l.What == "" && l.Kind == Spend {
		add("what", "Say what the money was spent on")
	} else if len(l.What) > 300 {
		add("what", "Keep the description to 300 characters or fewer")
	}
	return l, es
}

// Total is a source's or category's sum.
type Total struct {
	Key, Label string
	Amount     int64
}

// Summary is a network's year: allocations by source, spend by category,
// the totals and the balance (allocated − spent; negative is overspent).
type Summary struct {
	Year       int
	Allocated  int64
	Spent      int64
	Balance    int64
	BySource   []Total
	ByCategory []Total
}

// Summarise adds up the lines of financial year y.
func Summarise(y int, lines []Line) Summary {
	s := Summary{Year: y}
	src, cat := map[string]int64{}, map[string]int64{}
	for _, l := range lines {
		if l.Year() != y {
			continue
		}
		switch l.Kind {
		case Allocation:
			s.Allocated += l.Amount
			src[l.Category] += l.Amount
		case Spend:
			s.Spent += l.Amount
			cat[l.Category] += l.Amount
		}
	}
	s.Balance = s.Allocated - s.Spent
	for _, k := range Sources {
		s.BySource = append(s.BySource, Total{k, Label(k), src[k]})
	}
	for _, k := range Categories {
		if cat[k] != 0 {
			s.ByCategory = append(s.ByCategory, Total{k, Label(k), cat[k]})
		}
	}
	return s
}

// Header is the columns of a budget export's lines.
var Header = []string{"financial_year", "kind", "date", "source_or_category", "amount_gbp", "what"}

// money is pence as sheet.Decimal, without this package importing it.
type money int64

func (m money) Hundredths() int64 { return int64(m) }

// Rows is the lines of the export, then the totals: one per source, one
// per category, the allocated and spent totals and the balance.
func Rows(s Summary, lines []Line) [][]any {
	year := pay.YearLabel(s.Year)
	var out [][]any
	for _, l := range lines {
		if l.Year() == s.Year {
			out = append(out, []any{year, string(l.Kind), l.Date.Format(time.DateOnly), l.Category, money(l.Amount), l.What})
		}
	}
	for _, t := range s.BySource {
		out = append(out, []any{year, "allocated by source", "", t.Key, money(t.Amount), ""})
	}
	for _, t := range s.ByCategory {
		out = append(out, []any{year, "spent by category", "", t.Key, money(t.Amount), ""})
	}
	return append(out, []any{year, "total allocated", "", "", money(s.Allocated), ""},
		[]any{year, "total spent", "", "", money(s.Spent), ""},
		[]any{year, "balance", "", "", money(s.Balance), ""})
}

// String describes a line for people: "£250.00 from Sponsorship".
func (l *Line) String() string {
	if l.Kind == Allocation {
		return fmt.Sprintf("%s from %s", pay.Money(l.Amount), Label(l.Category))
	}
	return fmt.Sprintf("%s on %s", pay.Money(l.Amount), Label(l.Category))
}

// MarshalJSON writes pounds to the penny, as a number.
func (m money) MarshalJSON() ([]byte, error) { return []byte(pay.Pounds(int64(m))), nil }

// Report is a network's year as the JSON export writes it.
type Report struct {
	NetworkID     int64        `json:"network_id"`
	FinancialYear string       `json:"financial_year"`
	Allocated     money        `json:"allocated_gbp"`
	Spent         money        `json:"spent_gbp"`
	Balance       money        `json:"balance_gbp"`
	BySource      []reportSum  `json:"allocated_by_source"`
	ByCategory    []reportSum  `json:"spent_by_category"`
	Lines         []reportLine `json:"lines"`
}

type reportSum struct {
	Key    string `json:"key"`
	Amount money  `json:"amount_gbp"`
}

type reportLine struct {
	Kind     Kind   `json:"kind"`
	Date     string `json:"date"`
	Category string `json:"source_or_category"`
	Amount   money  `json:"amount_gbp"`
	What     string `json:"what"`
}

// ReportOf is the JSON export of network id's year.
func ReportOf(id int64, s Summary, lines []Line) Report {
	r := Report{NetworkID: id, FinancialYear: pay.YearLabel(s.Year), Allocated: money(s.Allocated), Spent: money(s.Spent), Balance: money(s.Balance),
		BySource: []reportSum{}, ByCategory: []reportSum{}, Lines: []reportLine{}}
	for _, t := range s.BySource {
		r.BySource = append(r.BySource, reportSum{t.Key, money(t.Amount)})
	}
	for _, t := range s.ByCategory {
		r.ByCategory = append(r.ByCategory, reportSum{t.Key, money(t.Amount)})
	}
	for _, l := range lines {
		if l.Year() == s.Year {
			r.Lines = append(r.Lines, reportLine{l.Kind, l.Date.Format(time.DateOnly), l.Category, money(l.Amount), l.What})
		}
	}
	return r
}
