package wresio

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"staffnet/internal/wres"
)

func sheetWith(t *testing.T, sheet string) []byte {
	return withPart(t, "xl/worksheets/sheet1.xml", sheet)
}

// withPart returns a workbook with one part replaced.
func withPart(t *testing.T, name, content string) []byte {
	return withParts(t, map[string]string{name: content})
}

// withParts returns a workbook with parts replaced or added.
func withParts(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	f := xlsx(t, [][]any{{"organisation_code"}})
	defer f.Close()
	var base bytes.Buffer
	f.Write(&base)
	zr, _ := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	put := func(name, content string) {
		w, _ := zw.Create(name)
		w.Write([]byte(content))
	}
	for _, f := range zr.File {
		if content, ok := parts[f.Name]; ok {
			put(f.Name, content)
			continue
		}
		zw.Copy(f)
	}
	for name, content := range parts {
		if _, err := zr.Open(name); err != nil {
			put(name, content)
		}
	}
	zw.Close()
	return out.Bytes()
}

// Sheets that cost excelize far more than their size are refused before
// it reads them (deep nesting) or at their first row (a cell in column
// XFD comes back as 16,384 cells; a sheet of 900,000 such rows took
// minutes).
func TestParseXLSXCostlySheets(t *testing.T) {
	head := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	header := `<row r="1"><c t="inlineStr"><is><t>organisation_code</t></is></c></row>`
	for _, c := range []struct{ name, sheet, want string }{
		{"deep", head + header + `<row r="2">` + strings.Repeat("<a>", 200), "reading XLSX part xl/worksheets/sheet1.xml: elements nested more than 100 deep"},
		{"wide", head + header + strings.Repeat(`<row><c r="XFD1"><v>1</v></c></row>`, 1000) + `</sheetData></worksheet>`, "it has a row with more than 100 columns (row 2); a return has seven columns"},
		{"doctype", `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "b">]>` + head[len(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`):] + `</sheetData></worksheet>`, "a DOCTYPE, which no workbook part has"},
	} {
		_, err := parseBytes(sheetWith(t, c.sheet))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// Parts that excelize unmarshals whole as it opens a workbook may not be
// large: 1 MiB of empty styles held 62 MiB.
func TestParseXLSXLargeParts(t *testing.T) {
	styles := `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>` +
		strings.Repeat("<xf/>", maxPart/5) + `</cellXfs></styleSheet>`
	_, err := parseBytes(withPart(t, "xl/styles.xml", styles))
	if err == nil || !strings.Contains(err.Error(), "it has a part xl/styles.xml that unpacks to 0.3 MiB, more than the 256 KiB a workbook part may have; save its first sheet as CSV") {
		t.Errorf("large styles: %v", err)
	}
	// Sheets up to 4 MiB are held in memory too, so together they are
	// bounded; larger ones go to temporary files.
	small := `<worksheet><sheetData>` + strings.Repeat("<row/>", 3<<20/6) + `</sheetData></worksheet>`
	_, err = parseBytes(withParts(t, map[string]string{"xl/worksheets/sheet2.xml": small, "xl/worksheets/sheet3.xml": small, "xl/worksheets/sheet4.xml": small}))
	if err == nil || !strings.Contains(err.Error(), "parts other than large sheets that unpack to 9.0 MiB together, more than the 8 MiB a workbook may have") {
		t.Errorf("small sheets: %v", err)
	}
}

func TestXMLDepthGuard(t *testing.T) {
	ok := `<?xml version="1.0"?><a x="1>2" y='</b>' z="/"><!-- <b><b> --->` +
		`<![CDATA[ <b><b> ]]]><b/><c></c><d k="v"/></a>`
	nested := strings.Repeat("<b>", maxXMLDepth)
	for _, c := range []struct {
		doc  string
		fail bool
	}{
		{ok, false},
		{"<a>" + ok[len(`<?xml version="1.0"?>`):] + "</a>", false},
		{nested[3:], false},
		{nested + "<b>", true},
		{nested + "<b/>", false},
		{`<a x="` + nested + `">`, false}, // inside a quoted value
		{"<!-- " + nested + nested + " -->", false},
	} {
		g := &xmlDepthGuard{}
		// Byte by byte, so that every state crosses a write.
		var err error
		for i := 0; i < len(c.doc) && err == nil; i++ {
			_, err = g.Write([]byte{c.doc[i]})
		}
		if (err != nil) != c.fail {
			t.Errorf("%.60q: %v", c.doc, err)
		}
	}
}

// A sheet that is small zipped but costs excelize far more than its size
// is refused before excelize reads it: 8 million empty cells in one row
// (a zip of 34 KiB) took 16 s, and one cell of 32 MiB of text 280 MiB.
func TestParseXLSXCheapToSendCostlyToRead(t *testing.T) {
	head := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	for _, c := range []struct{ name, sheet, want string }{
		{"empty cells in one row", head + `<row r="1">` + strings.Repeat("<c/>", maxXMLElements) + `</row></sheetData></worksheet>`,
			"the file is too large to import: it has a workbook part with more than 2 million elements (cells, rows and the rest); save its first sheet as CSV"},
		{"one long cell", head + `<row r="1"><c t="inlineStr"><is><t>` + strings.Repeat("a", maxXMLToken) + `</t></is></c></row></sheetData></worksheet>`,
			"the file is too large to import: it has a cell, tag or comment longer than 256 KiB"},
		{"one long comment", head + `<!--` + strings.Repeat("a", maxXMLToken) + `--></sheetData></worksheet>`,
			"the file is too large to import: it has a cell, tag or comment longer than 256 KiB"},
		{"one long attribute", head + `<row r="1" x="` + strings.Repeat("a", maxXMLToken) + `"/></sheetData></worksheet>`,
			"the file is too large to import: it has a cell, tag or comment longer than 256 KiB"},
	} {
		_, err := parseBytes(sheetWith(t, c.sheet))
		var le *wres.LimitError
		if !errors.As(err, &le) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// Just under the limits, a sheet is read as before.
	ok := head + `<row r="1"><c t="inlineStr"><is><t>organisation_code` + strings.Repeat(" ", maxXMLToken-100) + `</t></is></c></row></sheetData></worksheet>`
	if _, err := parseBytes(sheetWith(t, ok)); err == nil || !strings.Contains(err.Error(), "column year: column is missing from the header") {
		t.Errorf("a long cell under the limit: %v", err)
	}
}

// excelize reads a sheet from wherever the workbook's relationships point,
// so a sheet named like something else (here ".dat") is checked too: it
// took 12 s to read and was stored.
func TestParseXLSXSheetNotNamedXML(t *testing.T) {
	f := xlsx(t, [][]any{{"organisation_code"}})
	defer f.Close()
	var base bytes.Buffer
	f.Write(&base)
	zr, _ := zip.NewReader(bytes.NewReader(base.Bytes()), int64(base.Len()))
	rc, err := zr.Open("xl/_rels/workbook.xml.rels")
	if err != nil {
		t.Fatal(err)
	}
	var rels bytes.Buffer
	rels.ReadFrom(rc)
	moved := strings.Replace(rels.String(), "worksheets/sheet1.xml", "worksheets/sheet1.dat", 1)
	if moved == rels.String() {
		t.Fatal("the workbook's relationships do not name worksheets/sheet1.xml")
	}
	head := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	for _, c := range []struct{ name, sheet, want string }{
		{"deep", head + `<row r="1">` + strings.Repeat("<a>", 200), "elements nested more than 100 deep"},
		{"empty cells", head + `<row r="1">` + strings.Repeat("<c/>", maxXMLElements) + `</row></sheetData></worksheet>`, "more than 2 million elements"},
		{"doctype", "\ufeff \n<!DOCTYPE worksheet [<!ENTITY a \"b\">]>" + head[len(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`):] + `</sheetData></worksheet>`, "a DOCTYPE, which no workbook part has"},
	} {
		_, err := parseBytes(withParts(t, map[string]string{"xl/_rels/workbook.xml.rels": moved, "xl/worksheets/sheet1.dat": c.sheet}))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// Read from there, it is the sheet: the guard does not stop a good one.
	good := head + `<row r="1"><c t="inlineStr"><is><t>organisation_code</t></is></c></row></sheetData></worksheet>`
	if _, err := parseBytes(withParts(t, map[string]string{"xl/_rels/workbook.xml.rels": moved, "xl/worksheets/sheet1.dat": good})); err == nil || !strings.Contains(err.Error(), "column year: column is missing from the header") {
		t.Errorf("good sheet at sheet1.dat: %v", err)
	}
}
