package orgs

import (
	"errors"
	"strings"
	"testing"
)

func TestParseODSSnapshot(t *testing.T) {
	list, err := ParseODS(Snapshot())
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

func TestParseODSErrors(t *testing.T) {
	in := "ods_code,ods_name,region_code,stp_code,postcode,open_date,close_date\n" +
		"R0A,Good Trust,Y62,QOP,M13 9WL,2017-10-01,NA\n" +
		"r0a,Same code,Y62,QOP,NA,NA,NA\n" +
		"X!,,Y99,NA,NA,01/01/2020,NA\n"
	_, err := ParseODS(strings.NewReader(in))
	var ie *ImportError
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
	if _, err := ParseODS(strings.NewReader("ods_code,ods_name\n")); err == nil || !strings.Contains(err.Error(), "column region_code: required column is missing") {
		t.Fatalf("missing columns: %v", err)
	}
}
