package wresio

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/wres"
)

// The template, once its values are filled in, is a valid return; left
// blank, it is refused row by row, so a half-filled one stores nothing.
func TestTemplateCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplateCSV(&buf, "RJ1", 2025); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	// 30 posts and 14 other measures, three ethnic groups each.
	if len(lines) != 1+30*3+14*3 || lines[0] != "organisation_code,year,measure,ethnicity,staff_group,band,value" {
		t.Fatalf("%d lines, header %q", len(lines), lines[0])
	}
	if lines[1] != "RJ1,2025,headcount,white,clinical,band_1," {
		t.Errorf("first row %q", lines[1])
	}
	_, err := Parse(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	var ie *wres.ImportError
	if !errors.As(err, &ie) || ie.Errors[0].Row != 2 || ie.Errors[0].Column != "value" {
		t.Fatalf("blank template: %v", err)
	}
	filled := strings.ReplaceAll(buf.String(), ",\n", ",7\n")
	ret, err := Parse(strings.NewReader(filled), int64(len(filled)))
	if err != nil {
		t.Fatalf("filled template: %v", err)
	}
	c := ret.Counts("RJ1", 2025)
	// Workforce: 30 posts of 7 each per group.
	if c == nil || c.Value(wres.Headcount, wres.BME) != 210 || c.Value(wres.Survey8Count, wres.White) != 7 {
		t.Errorf("filled template read back as %+v", c)
	}
}

func TestTemplateXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTemplateXLSX(&buf, "RJ1", 2025); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Return" || got[1] != "Codes" {
		t.Errorf("sheets %q", got)
	}
	// Fill every value and upload it: the first sheet is the return.
	for i := 2; i <= 1+30*3+14*3; i++ {
		cell, _ := excelize.CoordinatesToCellName(7, i)
		f.SetCellInt("Return", cell, 3)
	}
	var filled bytes.Buffer
	if err := f.Write(&filled); err != nil {
		t.Fatal(err)
	}
	f.Close()
	ret, err := Parse(bytes.NewReader(filled.Bytes()), int64(filled.Len()))
	if err != nil {
		t.Fatalf("filled XLSX template: %v", err)
	}
	if c := ret.Counts("RJ1", 2025); c == nil || c.Value(wres.Headcount, wres.White) != 90 {
		t.Errorf("filled XLSX read back as %+v", c)
	}
}

// Every code the return accepts is explained, and every code explained is
// accepted.
func TestCodesCoverTheReturn(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCodesCSV(&buf); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range wres.Codes() {
		seen[c.Column+"="+c.Code] = true
		ok := true
		switch c.Column {
		case "measure":
			_, ok = wres.ParseMeasure(c.Code)
		case "ethnicity":
			_, ok = wres.ParseEthnicity(c.Code)
		case "staff_group":
			_, ok = wres.ParseStaffGroup(c.Code)
		case "band":
			_, ok = wres.ParseBand(c.Code)
		}
		if !ok || c.Meaning == "" {
			t.Errorf("%s %q: accepted %v, meaning %q", c.Column, c.Code, ok, c.Meaning)
		}
	}
	for m := wres.Measure(0); m < wres.NumMeasures; m++ {
		if !seen["measure="+m.String()] {
			t.Errorf("measure %s not explained", m)
		}
	}
	for _, code := range strings.Split("A B C D E F G H J K L M N P R S Z 99 vsm band_8a trainee", " ") {
		if !seen["ethnicity="+code] && !seen["band="+code] {
			t.Errorf("code %s not explained", code)
		}
	}
	if !strings.Contains(buf.String(), "column,code,meaning\n") || !strings.Contains(buf.String(), "band,band_8a,Band 8a") {
		t.Errorf("codes CSV:\n%s", buf.String()[:300])
	}
}
