package orgs

import (
	"errors"
	"strings"
	"testing"

	"staffnet/internal/rows"
)

// table is a rows.Source of rows given in Columns' order, numbered from
// 2 as under a header, ending with end (nil, or a problem of the file).
type table struct {
	cells [][]string
	end   error
}

func (t table) Each(fn func(int, []string)) error {
	for i, c := range t.cells {
		fn(i+2, c)
	}
	return t.end
}

func TestFromRows(t *testing.T) {
	list, err := FromRows(table{cells: [][]string{
		{"rcx", "The Queen Elizabeth Hospital, King's Lynn, NHS Foundation Trust", "Y61", "QHM", "PE30 4ET", "2004-02-01", ""},
		{"7A1", "Betsi Cadwaladr University Local Health Board", "W00", "", "", "", "2021-09-30"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Code != "RCX" || list[0].Type != "NHS foundation trust" || list[0].RegionName() != "East of England" ||
		list[1].RegionName() != "Wales" || list[1].Type != "other" || !list[1].Closed() {
		t.Fatalf("built %+v", list)
	}
}

func TestFromRowsProblems(t *testing.T) {
	_, err := FromRows(table{cells: [][]string{
		{"R0A", "Good Trust", "Y62", "QOP", "M13 9WL", "2017-10-01", ""},
		{"r0a", "Same code", "Y62", "QOP", "", "", ""},
		{"X!", "", "Y99", "", "", "01/01/2020", ""},
		{"R0B", "Good Trust", "Y62", "QOP", "", "", "2021"},
	}, end: rows.Problem(6, "", "malformed CSV: bare quote")})
	var ie *rows.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v", err)
	}
	want := []string{
		"7 problems",
		"row 3, column ods_code: R0A already appears on row 2",
		`row 4, column ods_code: "X!" is not an ODS code`,
		"row 4, column ods_name: the organisation has no name",
		`row 4, column region_code: "Y99" is not an NHS England region code`,
		`row 4, column open_date: "01/01/2020" is not a date`,
		`row 5, column close_date: "2021" is not a date`,
		"row 6: malformed CSV: bare quote",
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("missing %q in:\n%s", w, msg)
		}
	}
	other := errors.New("disk on fire")
	if _, err := FromRows(table{end: other}); err != other {
		t.Errorf("a failure to read: %v", err)
	}
}
