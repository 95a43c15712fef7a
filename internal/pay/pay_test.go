package pay

import (
	"errors"
	"strings"
	"testing"
	"time"

	"staffnet/internal/rows"
)

func TestShippedTable(t *testing.T) {
	tb := Shipped()
	if len(tb.Annual) != 29 || tb.Year != 2025 {
		t.Fatalf("%d entries, year %d", len(tb.Annual), tb.Year)
	}
	// Band 8a point 2 is £58,487 a year; by hand 58487 ÷ (37.5 × 52.143)
	// = 58487 ÷ 1955.3625 = 29.9111…, so £29.91 an hour.
	a, ok := tb.Lookup("8a", 2)
	if !ok || a != 5_848_700 || Hourly(a) != 2991 {
		t.Errorf("8a/2: annual %d, hourly %d", a, Hourly(a))
	}
	// Band 2: 24465 ÷ 1955.3625 = 12.5117… → £12.51.
	if a, _ := tb.Lookup("2", 1); Hourly(a) != 1251 {
		t.Errorf("band 2 hourly %d", Hourly(a))
	}
	if _, ok := tb.Lookup("8a", 4); ok {
		t.Error("8a has no point 4")
	}
	if got := tb.Points("9"); len(got) != 3 || got[2] != 3 {
		t.Errorf("points of band 9: %v", got)
	}
	if rows := tb.Rows(); rows[0] != (Key{"2", 1}) || rows[len(rows)-1] != (Key{"9", 3}) {
		t.Errorf("rows order: %v … %v", rows[0], rows[len(rows)-1])
	}
}

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

func TestParse(t *testing.T) {
	// A byte-order mark, a spreadsheet's spelling of the header and a
	// "Band " prefix are all read.
	good := "\ufeffBand, Point ,Annual GBP\nBand 5,1,\"31,049\"\n5,2,33487.50\n"
	tb, err := Parse(strings.NewReader(good), 2026)
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := tb.Lookup("5", 2); a != 3_348_750 {
		t.Errorf("5/2 = %d", a)
	}
	for name, tc := range map[string]struct{ in, want string }{
		"unknown band":  {"band,point,annual_gbp\n1,1,100\n", "row 2, column band: \"1\" is not an Agenda for Change band"},
		"bad point":     {"band,point,annual_gbp\n5,0,100\n", "row 2, column point:"},
		"bad money":     {"band,point,annual_gbp\n5,1,12.345\n", "row 2, column annual_gbp:"},
		"duplicate":     {"band,point,annual_gbp\n5,1,100\n5,1,200\n", "row 3, column point: band 5 point 1 already appears on row 2"},
		"gap":           {"band,point,annual_gbp\n5,1,100\n5,3,200\n", "row 3, column point: band 5 has point 3 but no point 2"},
		"missing":       {"band,annual_gbp\n", "row 1, column point: required column is missing"},
		"extra column":  {"band,point,annual_gbp,note\n", "row 1, column 4: unexpected column \"note\""},
		"empty":         {"", "row 1: the file is empty"},
		"no rows":       {"band,point,annual_gbp\n\n", "row 1, column band: the file has no pay rows"},
		"broken quotes": {"band,point,annual_gbp\n5,\"1,100\n", "malformed CSV"},
	} {
		_, err := Parse(strings.NewReader(tc.in), 2026)
		var ie *rows.ImportError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
	huge := "band,point,annual_gbp\n" + strings.Repeat("5,1,100\n", MaxRows+1)
	if _, err := Parse(strings.NewReader(huge), 2026); err == nil || !strings.Contains(err.Error(), "more than 1000 rows") {
		t.Errorf("huge file: %v", err)
	}
	long := "band,point,annual_gbp\n" + strings.Repeat("x", 20<<10) + "\n"
	if _, err := Parse(strings.NewReader(long), 2026); err == nil || !strings.Contains(err.Error(), "longer than") {
		t.Errorf("long row: %v", err)
	}
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
