package payfile

import (
	"errors"
	"strings"
	"testing"

	"staffnet/internal/pay"
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
	if !ok || a != 5_848_700 || pay.Hourly(a) != 2991 {
		t.Errorf("8a/2: annual %d, hourly %d", a, pay.Hourly(a))
	}
	// Band 2: 24465 ÷ 1955.3625 = 12.5117… → £12.51.
	if a, _ := tb.Lookup("2", 1); pay.Hourly(a) != 1251 {
		t.Errorf("band 2 hourly %d", pay.Hourly(a))
	}
	if _, ok := tb.Lookup("8a", 4); ok {
		t.Error("8a has no point 4")
	}
	if got := tb.Points("9"); len(got) != 3 || got[2] != 3 {
		t.Errorf("points of band 9: %v", got)
	}
	if rows := tb.Rows(); rows[0] != (pay.Key{Band: "2", Point: 1}) || rows[len(rows)-1] != (pay.Key{Band: "9", Point: 3}) {
		t.Errorf("rows order: %v … %v", rows[0], rows[len(rows)-1])
	}
}

// TestRead covers what is the CSV file's: its header, quoting and size.
// What the cells must say is pay.FromRows's, tested in internal/pay.
func TestRead(t *testing.T) {
	// A byte-order mark, a spreadsheet's spelling of the header and a
	// "Band " prefix are all read.
	good := "\ufeffBand, Point ,Annual GBP\nBand 5,1,\"31,049\"\n5,2,33487.50\n"
	tb, err := Read(strings.NewReader(good), 2026)
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := tb.Lookup("5", 2); a != 3_348_750 {
		t.Errorf("5/2 = %d", a)
	}
	for name, tc := range map[string]struct{ in, want string }{
		"unknown band":  {"band,point,annual_gbp\n1,1,100\n", "row 2, column band: \"1\" is not an Agenda for Change band"},
		"missing":       {"band,annual_gbp\n", "row 1, column point: required column is missing"},
		"extra column":  {"band,point,annual_gbp,note\n", "row 1, column 4: unexpected column \"note\""},
		"empty":         {"", "row 1: the file is empty"},
		"no rows":       {"band,point,annual_gbp\n\n", "row 2: the file has a header but no pay rows"},
		"broken quotes": {"band,point,annual_gbp\n5,\"1,100\n", "malformed CSV"},
	} {
		_, err := Read(strings.NewReader(tc.in), 2026)
		var ie *rows.ImportError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
	}
	// A row of the wrong shape does not stop the rows after it being checked.
	if _, err := Read(strings.NewReader("band,point,annual_gbp\n5,1,100,extra\nX,1,1\n"), 2026); err == nil ||
		!strings.Contains(err.Error(), "2 problems\nrow 2: the row has 4 cells but the header names 3 columns\nrow 3, column band: ") {
		t.Errorf("wrong shape, then a bad band: %v", err)
	}
	huge := "band,point,annual_gbp\n" + strings.Repeat("5,1,100\n", pay.MaxRows+1)
	if _, err := Read(strings.NewReader(huge), 2026); err == nil || !strings.Contains(err.Error(), "more than 1000 rows") {
		t.Errorf("huge file: %v", err)
	}
	long := "band,point,annual_gbp\n5,1,100\n\"5\n\",2," + strings.Repeat("x", 20<<10) + "\n"
	if _, err := Read(strings.NewReader(long), 2026); err == nil || !strings.Contains(err.Error(), "row 3: the row is longer than 16 KiB") {
		t.Errorf("long row: %v", err)
	}
}
