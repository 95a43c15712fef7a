package wresio

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/wres"
)

func xlsx(t *testing.T, rows [][]any) *excelize.File {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func parseBytes(b []byte) (*wres.Return, error) { return Parse(bytes.NewReader(b), int64(len(b))) }

func TestParseXLSX(t *testing.T) {
	f := xlsx(t, [][]any{
		{"organisation_code", "year", "measure", "ethnicity", "staff_group", "band", "value"},
		{"RX9", 2024, "headcount", "A", "clinical", "band_5", 12},
		{},
		{"RX9", 2024, "headcount", "H", "clinical", "band_5", 7},
		{"RX9", "2024", "training", "bme", nil, nil, "x"},
	})
	defer f.Close()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	_, err := parseBytes(buf.Bytes())
	var ie *wres.ImportError
	if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Error() != `row 5, column value: "x" is not a whole number of 0 or more` {
		t.Fatalf("got %v", err)
	}
	// Fix the bad cell and read again.
	f.SetCellValue("Sheet1", "G5", 3)
	buf.Reset()
	f.Write(&buf)
	ret, err := parseBytes(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	c := ret.Counts("RX9", 2024)
	p, _ := wres.PostOf(wres.Clinical, wres.Band5)
	if got := c.Post(p); got != [3]int64{12, 7, 0} {
		t.Errorf("clinical band 5 = %v", got)
	}
	if c.Value(wres.Training, wres.BME) != 3 {
		t.Errorf("training bme = %d", c.Value(wres.Training, wres.BME))
	}
	if ret.FirstRow("RX9") != 2 {
		t.Errorf("RX9 first on row %d", ret.FirstRow("RX9"))
	}
}

// A zip whose directory is not where its end record says, and one that
// is not a workbook, are refused with a reason; so is a file over
// MaxFileSize, before it is read.
func TestParseBadZips(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("hello.txt")
	w.Write([]byte("hello"))
	zw.Close()
	good := buf.Bytes()
	if _, err := parseBytes(good); err == nil || !strings.Contains(err.Error(), "reading XLSX") {
		t.Errorf("zip without a workbook: %v", err)
	}
	// Move the directory: a byte of junk between it and its end record.
	end := bytes.LastIndex(good, []byte("PK\x05\x06"))
	shifted := append(append(append([]byte{}, good[:end]...), 0), good[end:]...)
	if _, err := parseBytes(shifted); err == nil || !strings.Contains(err.Error(), "the zip directory is not where its end record says") {
		t.Errorf("shifted directory: %v", err)
	}
	var le *wres.LimitError
	if _, err := Parse(bytes.NewReader(good), MaxUnzipped+3<<20); !errors.As(err, &le) || !strings.Contains(err.Error(), "an XLSX workbook of 35.0 MiB, more than the 34 MiB a workbook may be") {
		t.Errorf("padded workbook: %v", err)
	}
	if _, err := Parse(bytes.NewReader(good), MaxFileSize+1); !errors.As(err, &le) || !strings.Contains(err.Error(), "more than the 64 MiB a file may have") {
		t.Errorf("large file: %v", err)
	}
}
