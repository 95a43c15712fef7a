package odsfile

import (
	"errors"
	"strings"
	"testing"

	"staffnet/internal/rows"
)

func TestParseSnapshot(t *testing.T) {
	list, err := Parse(Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 218 {
		t.Fatalf("%d organisations, want 218", len(list))
	}
	closed, wales, byRegion := 0, 0, map[string]int{}
	for _, o := range list {
		if o.Closed() {
			closed++
		}
		if o.Region == "W00" {
			wales++
		}
		byRegion[o.Region]++
	}
	if closed != 6 || wales != 3 || byRegion["Y60"] != 40 || byRegion["Y56"] != 35 {
		t.Fatalf("closed %d, wales %d, regions %v", closed, wales, byRegion)
	}
	for _, o := range list {
		if o.Code == "RCX" && (o.Name != "The Queen Elizabeth Hospital, King's Lynn, NHS Foundation Trust" || o.Type != "NHS foundation trust" || o.RegionName() != "East of England") {
			t.Fatalf("RCX parsed as %+v", o)
		}
	}
}

func TestParseErrors(t *testing.T) {
	in := "ods_code,ods_name,region_code,stp_code,postcode,open_date,close_date\n" +
		"R0A,Good Trust,Y62,QOP,M13 9WL,2017-10-01,NA\n" +
		"r0a,Same code,Y62,QOP,NA,NA,NA\n" +
		"X!,,Y99,NA,NA,01/01/2020,NA\n"
	_, err := Parse(strings.NewReader(in))
	var ie *rows.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v", err)
	}
	want := []string{
		"row 3, column ods_code: R0A already appears on row 2",
		`row 4, column ods_code: "X!" is not an ODS code`,
		"row 4, column ods_name: the organisation has no name",
		`row 4, column region_code: "Y99" is not an NHS England region code`,
		`row 4, column open_date: "01/01/2020" is not a date`,
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("missing %q in:\n%s", w, msg)
		}
	}
	if _, err := Parse(strings.NewReader("ods_code,ods_name\n")); err == nil || !strings.Contains(err.Error(), "column region_code: required column is missing") {
		t.Fatalf("missing columns: %v", err)
	}
}

// TestParseFile checks what belongs to the file: "NA" and padding are
// empty cells, other columns are ignored, a spreadsheet's byte-order mark
// is not part of the first column's name, and malformed CSV is reported
// first, then the problems found before it.
func TestParseFile(t *testing.T) {
	in := "\ufeffgor_code, ods_code ,ods_name,region_code,stp_code,postcode,open_date,close_date\n" +
		"B,R0A,Good Trust,Y62,NA, M13 9WL ,2017-10-01,NA\n" +
		"B,R0B,Short Trust,Y62\n"
	list, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ICB != "" || list[0].Postcode != "M13 9WL" || list[0].Closed() || list[1].OpenedOn != "" {
		t.Fatalf("parsed %+v", list)
	}
	bad := "ods_code,ods_name,region_code,stp_code,postcode,open_date,close_date\n" +
		"X!,A Trust,Y62,NA,NA,NA,NA\n" +
		"R0C,\"unclosed,Y62,NA,NA,NA,NA\n"
	_, err = Parse(strings.NewReader(bad))
	var ie *rows.ImportError
	if !errors.As(err, &ie) || len(ie.Problems) != 2 || ie.Problems[0].Row != 3 || ie.Problems[1].Row != 2 ||
		!strings.HasPrefix(ie.Problems[0].Reason, "malformed CSV: ") {
		t.Fatalf("malformed: %v", err)
	}
	if !strings.Contains(err.Error(), "2 problems\n") {
		t.Errorf("wording: %v", err)
	}
	if _, err := Parse(strings.NewReader("ods_code,\"ods_name\n")); !errors.As(err, &ie) || !strings.Contains(err.Error(), "row 1: malformed CSV: ") {
		t.Errorf("malformed header: %v", err)
	}
	if _, err := Parse(strings.NewReader("ods_code,ods_name,region_code,stp_code,postcode,open_date,close_date\n")); !errors.As(err, &ie) || !strings.Contains(err.Error(), "row 2: the file has a header but no organisations") {
		t.Errorf("header only: %v", err)
	}
	// Header spellings a spreadsheet may give, and a row too long to be one.
	list, err = Parse(strings.NewReader("ODS Code,ods-name,Region_Code , STP code,postcode,Open Date,CLOSE_DATE\r\nR0D,A Trust,Y62,NA,NA,NA,NA\r\n"))
	if err != nil || len(list) != 1 || list[0].Code != "R0D" || list[0].Region != "Y62" {
		t.Errorf("header spellings: %+v, %v", list, err)
	}
	// Rows are named by the line they start on, past blank lines and
	// quoted newlines; a needed column given twice is a problem.
	lines := "ods_code,ods_name,region_code,stp_code,postcode,open_date,close_date\n\nR0G,\"A\nTrust\",Y62,NA,NA,NA,NA\nR0H,B Trust,Y62,NA,NA,someday,NA\n"
	if _, err := Parse(strings.NewReader(lines)); !errors.As(err, &ie) || len(ie.Problems) != 1 || ie.Problems[0].Row != 5 || ie.Problems[0].Column != "open_date" {
		t.Errorf("line numbers: %v", err)
	}
	if _, err := Parse(strings.NewReader("ods_code,ODS Code,ods_name,region_code,stp_code,postcode,open_date,close_date,x,x\n")); !errors.As(err, &ie) || len(ie.Problems) != 1 || ie.Problems[0].Error() != "row 1, column ods_code: column appears twice" {
		t.Errorf("a column twice: %v", err)
	}
	long := "ods_code,ods_name,region_code,stp_code,postcode,open_date,close_date\nR0E,A Trust,Y62,NA,NA,NA,NA\nR0F," + strings.Repeat("x", 20<<10) + ",Y62,NA,NA,NA,NA\n"
	if _, err := Parse(strings.NewReader(long)); !errors.As(err, &ie) || !strings.Contains(err.Error(), "row 3: the row is longer than 16 KiB") {
		t.Errorf("long row: %v", err)
	}
	if _, err := Parse(strings.NewReader("")); !errors.As(err, &ie) || !strings.Contains(err.Error(), "row 1: the file is empty") {
		t.Errorf("empty file: %v", err)
	}
}
