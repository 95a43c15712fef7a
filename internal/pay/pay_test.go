package pay

import (
	"errors"
	"strings"
	"testing"
	"time"

	"staffnet/internal/rows"
)

func TestTablesFor(t *testing.T) {
	ts := Tables{2025: {Year: 2025}, 2027: {Year: 2027}}
	for y, want := range map[int]int{2024: 2025, 2025: 2025, 2026: 2025, 2027: 2027, 2030: 2027} {
		if got := ts.For(y); got.Year != want {
			t.Errorf("For(%d) = %d, want %d", y, got.Year, want)
		}
	}
	if (Tables{}).For(2025) != nil {
		t.Error("no tables, still a table")
	}
	if FinancialYear(time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)) != 2025 || FinancialYear(time.Date(2026, 4, 6, 0, 0, 0, 0, time.UTC)) != 2026 {
		t.Error("financial year boundary")
	}
	if YearLabel(2025) != "2025/26" || YearLabel(2099) != "2099/00" {
		t.Error(YearLabel(2025))
	}
}

// table is a rows.Source over cells written out in the test, row 2 first
// as in a file under its header.
type table [][]string

func (tb table) Each(fn func(row int, cells []string)) error {
	for i, c := range tb {
		fn(i+2, c)
	}
	return nil
}

func TestFromRows(t *testing.T) {
	// A "Band " prefix and pounds written with a comma or pence are read.
	tb, err := FromRows(table{{"Band 5", "1", "31,049"}, {"5", "2", "33487.50"}}, 2026)
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := tb.Lookup("5", 2); a != 3_348_750 || tb.Year != 2026 {
		t.Errorf("5/2 = %d, year %d", a, tb.Year)
	}
	if a, _ := tb.Lookup("5", 1); a != 3_104_900 {
		t.Errorf("5/1 = %d", a)
	}
	for name, tc := range map[string]struct {
		in   table
		want string
	}{
		"unknown band": {table{{"1", "1", "100"}}, "row 2, column band: \"1\" is not an Agenda for Change band"},
		"bad point":    {table{{"5", "0", "100"}}, "row 2, column point:"},
		"bad money":    {table{{"5", "1", "12.345"}}, "row 2, column annual_gbp:"},
		"duplicate":    {table{{"5", "1", "100"}, {"5", "1", "200"}}, "row 3, column point: band 5 point 1 already appears on row 2"},
		"gap":          {table{{"5", "1", "100"}, {"5", "3", "200"}}, "row 3, column point: band 5 has point 3 but no point 2"},
		"no rows":      {nil, "row 2: the file has a header but no pay rows"},
	} {
		_, err := FromRows(tc.in, 2026)
		var ie *rows.ImportError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
	// A problem of the file itself comes first, then those of its rows.
	broken := rows.Problem(4, "", "malformed")
	var ie *rows.ImportError
	if tb, err := FromRows(failing{broken}, 2026); !errors.As(err, &ie) || tb != nil || len(ie.Problems) == 0 || ie.Problems[0] != broken.Problems[0] {
		t.Errorf("source error: %v, %v", tb, err)
	}
}

// failing is a rows.Source whose file breaks after one good row.
type failing struct{ err error }

func (f failing) Each(fn func(row int, cells []string)) error {
	fn(2, []string{"5", "1", "100"})
	return f.err
}

func TestMoney(t *testing.T) {
	for in, want := range map[string]int64{"58487": 5_848_700, "29.91": 2991, "£1,200.5": 120_050, "-0.05": -5} {
		if got, err := ParsePounds(in); err != nil || got != want {
			t.Errorf("ParsePounds(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "1.234", "abc", "1.", "£"} {
		if _, err := ParsePounds(bad); err == nil {
			t.Errorf("ParsePounds(%q) accepted", bad)
		}
	}
	if Money(123_456_78) != "£123,456.78" || Money(-5) != "-£0.05" || Pounds(120_050) != "1200.50" {
		t.Error(Money(123_456_78), Money(-5), Pounds(120_050))
	}
}
