package web_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"mime/multipart"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/auth"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/wres"
	"staffnet/internal/wres/render"
	"staffnet/internal/wresio"
)

func wresApp(t *testing.T, db *store.DB) *app {
	t.Helper()
	a := newApp(t, db)
	ctx := context.Background()
	_, _, err := db.UpsertOrganisations(ctx, append(slices.Clone(testTrusts),
		orgs.Organisation{Code: "R0A", Name: "Manchester University NHS Foundation Trust", Region: "Y62", Type: "NHS foundation trust"}))
	if err != nil {
		t.Fatal(err)
	}
	loadExampleWRES(t, db, "RJ1", "RQM", "R0A")
	return a
}

// loadExampleWRES loads the example WRES return as the return of each
// organisation named.
func loadExampleWRES(t *testing.T, db *store.DB, codes ...string) {
	t.Helper()
	example, err := os.ReadFile("../wres/testdata/example-return.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range codes {
		data := bytes.ReplaceAll(example, []byte("RX9"), []byte(code))
		if _, err := wresio.Import(context.Background(), db, bytes.NewReader(data), int64(len(data)), ""); err != nil {
			t.Fatal(err)
		}
	}
}

func upload(t *testing.T, c *http.Client, u, csrf, name string, content []byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("_csrf", csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	res, err := c.Post(u, mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestWRESAccessAndSuppression(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := wresApp(t, db)
		u := a.srv.URL
		lead, _ := signIn(t, a, auth.NetworkLead)  // of RJ1
		orgAdmin, _ := signIn(t, a, auth.OrgAdmin) // of RJ1
		nat, _ := signIn(t, a, auth.NationalViewer)
		an, _ := signIn(t, a, auth.Analyst)

		cases := []struct {
			who  string
			c    *http.Client
			path string
			want int
		}{
			{"lead", lead, "/wres/org/RJ1", 200},
			{"lead", lead, "/wres/org/RQM", http.StatusForbidden},
			{"lead", lead, "/wres/national", http.StatusForbidden},
			{"lead", lead, "/wres/upload", http.StatusForbidden},
			{"org admin", orgAdmin, "/wres/org/RJ1", 200},
			{"org admin", orgAdmin, "/wres/org/R0A", http.StatusForbidden},
			{"org admin", orgAdmin, "/wres/upload", 200},
			{"national", nat, "/wres", 200},
			{"national", nat, "/wres/org/R0A", 200},
			{"national", nat, "/wres/region/Y56", 200},
			{"national", nat, "/wres/national", 200},
			{"national", nat, "/wres/region/Y99", http.StatusNotFound},
			{"lead", lead, "/wres/template.csv", http.StatusForbidden},
			{"lead", lead, "/wres/template.xlsx", http.StatusForbidden},
			{"lead", lead, "/wres/codes.csv", http.StatusForbidden},
			{"org admin", orgAdmin, "/wres/template.csv", 200},
			{"org admin", orgAdmin, "/wres/template.xlsx", 200},
			{"org admin", orgAdmin, "/wres/codes.csv", 200},
			{"national", nat, "/wres/upload", http.StatusForbidden},
			{"national", nat, "/wres/template.csv", http.StatusForbidden},
			{"analyst", an, "/wres/template.xlsx", http.StatusForbidden},
			{"public", &http.Client{}, "/wres/template.csv", http.StatusSeeOther},
			{"analyst", an, "/wres", http.StatusForbidden},
			{"analyst", an, "/wres/org/RJ1", http.StatusForbidden},
			{"public", &http.Client{}, "/wres/org/RJ1", http.StatusSeeOther},
		}
		for _, c := range cases {
			if got := status(t, c.c, "GET", u+c.path, nil); got != c.want {
				t.Errorf("%s GET %s: %d, want %d", c.who, c.path, got, c.want)
			}
		}
		// The network lead's view hides the one BME voting board member of
		// 2023; the organisation admin sees the official figure.
		type boardCount struct {
			Years []struct {
				Year       int `json:"year"`
				Indicator9 struct {
					Voting struct {
						BME struct {
							Count *int `json:"count"`
						} `json:"bme"`
					} `json:"voting"`
				} `json:"indicator9"`
			} `json:"years"`
		}
		read := func(c *http.Client) (boardCount, string) {
			_, js := body(t, c, u+"/wres/org/RJ1?format=json")
			var bc boardCount
			if err := json.Unmarshal([]byte(js), &bc); err != nil {
				t.Fatalf("%v: %s", err, js[:min(len(js), 300)])
			}
			return bc, js
		}
		official, js := read(orgAdmin)
		if len(official.Years) == 0 || official.Years[0].Indicator9.Voting.BME.Count == nil || *official.Years[0].Indicator9.Voting.BME.Count != 1 {
			t.Fatalf("official board count: %s", js[:min(len(js), 2000)])
		}
		network, js := read(lead)
		if c := network.Years[0].Indicator9.Voting.BME.Count; c != nil {
			t.Fatalf("network view shows a board count of %d", *c)
		}
		if !strings.Contains(js, `"suppression"`) {
			t.Fatal("network view does not say it is suppressed")
		}
		if _, page := body(t, lead, u+"/wres/org/RJ1"); !strings.Contains(page, "fewer than 11 people") || !strings.Contains(page, "<svg") || !strings.Contains(page, "beside the region and England") {
			t.Error("network dashboard lacks the suppression note, charts or comparison")
		}
	})
}

func TestWRESUpload(t *testing.T) {
	t.Parallel()
	a, orgAdmin, csrf, u := wresUploadApp(t)
	header := "organisation_code,year,measure,ethnicity,staff_group,band,value\n"

	code, page := upload(t, orgAdmin, u, csrf, "r.csv", []byte(header+"RJ1,2025,headcount,white,,,100\nRJ1,2025,headcount,purple,,,5\n"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "row 3, column ethnicity") || !strings.Contains(page, "nhsuk-error-summary") {
		t.Fatalf("bad row: %d %s", code, page)
	}
	ret, _ := a.db.WRES(context.Background(), "RJ1")
	for _, y := range ret.Years() {
		if y == 2025 {
			t.Fatal("a rejected upload stored something")
		}
	}
	code, page = upload(t, orgAdmin, u, csrf, "r.csv", []byte(header+"RJ1,2025,headcount,white,,,100\nRJ1,2025,headcount,bme,,,40\n"))
	if code != 200 || !strings.Contains(page, "Return stored") {
		t.Fatalf("good upload: %d", code)
	}
	ret, _ = a.db.WRES(context.Background(), "RJ1")
	if ys := ret.Years(); ys[len(ys)-1] != 2025 {
		t.Fatalf("years after upload: %v", ys)
	}
	if code, _ := upload(t, orgAdmin, u, "wrong", "r.csv", []byte(header)); code != http.StatusForbidden {
		t.Fatalf("upload without the CSRF token: %d", code)
	}
}

// xlsxFile builds a one-sheet workbook of rows.
func xlsxFile(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wresUploadApp is the set-up of the upload tests: wresApp on SQLite, its
// organisation admin (of RJ1) signed in, and the upload form's address.
func wresUploadApp(t *testing.T) (a *app, orgAdmin *http.Client, csrf, upload string) {
	t.Helper()
	a = wresApp(t, storetest.SQLite(t))
	orgAdmin, csrf = signIn(t, a, auth.OrgAdmin)
	return a, orgAdmin, csrf, a.srv.URL + "/wres/upload"
}

// storedWRES lists every stored figure, to show that a refused upload
// changed nothing.
func storedWRES(t *testing.T, db *store.DB) string {
	t.Helper()
	ret, err := db.WRES(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := render.ReturnCSV(&b, ret); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// An organisation's admin cannot store another organisation's figures,
// however the file spells its header, quotes its cells or pads itself
// with blank rows and byte-order marks: the check runs on what the parser
// would store.
func TestWRESUploadOtherOrganisation(t *testing.T) {
	t.Parallel()
	a, orgAdmin, csrf, u := wresUploadApp(t)
	before := storedWRES(t, a.db)
	row := func(org string) string { return org + ",2025,headcount,white,,,100\n" }
	cases := []struct {
		name, file string
		content    []byte
		wantRow    string
	}{
		{"lower case", "r.csv", []byte("organisation_code,year,measure,ethnicity,staff_group,band,value\n" + row("R0A")), "row 2"},
		{"mixed case", "r.csv", []byte("Organisation_Code,Year,Measure,Ethnicity,Staff_Group,Band,Value\n" + row("R0A")), "row 2"},
		{"capitals", "r.csv", []byte("ORGANISATION_CODE,YEAR,MEASURE,ETHNICITY,STAFF_GROUP,BAND,VALUE\n" + row("R0A")), "row 2"},
		{"BOM and quotes", "r.csv", []byte("\ufeff\"Organisation_Code\",\"year\",\"measure\",\"ethnicity\",\"staff_group\",\"band\",\"value\"\n\"r0a\",\"2025\",\"headcount\",\"white\",\"\",\"\",\"100\"\n"), "row 2"},
		{"spaces", "r.csv", []byte(" organisation_code ,year,measure,ethnicity,staff_group,band,value\n R0A ,2025,headcount,white,,,100\n"), "row 2"},
		{"blank rows first", "r.csv", []byte("\n,,,,,,\n\nOrganisation_Code,year,measure,ethnicity,staff_group,band,value\n" + row("R0A")), "row 5"},
		{"own rows, then another's", "r.csv", []byte("Organisation_Code,year,measure,ethnicity,staff_group,band,value\n" + row("RJ1") + row("RJ1") + "\n" + row("RQM")), "row 5"},
		{"XLSX mixed case", "r.xlsx", xlsxFile(t, [][]any{
			{"Organisation_Code", "Year", "Measure", "Ethnicity", "Staff_Group", "Band", "Value"},
			{"R0A", 2025, "headcount", "white", nil, nil, 100}}), "row 2"},
		{"XLSX blank rows and BOM", "r.xlsx", xlsxFile(t, [][]any{
			{},
			{nil, ""},
			{"\ufeffORGANISATION_CODE", "YEAR", "MEASURE", "ETHNICITY", "STAFF_GROUP", "BAND", "VALUE"},
			{"RJ1", 2025, "headcount", "white", nil, nil, 100},
			{"r0a", "2025", "headcount", "bme", nil, nil, "7"}}), "row 5"},
	}
	for _, c := range cases {
		code, page := upload(t, orgAdmin, u, csrf, c.file, c.content)
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "nhsuk-error-summary") ||
			!strings.Contains(page, c.wantRow+", column organisation_code:") || !strings.Contains(page, "you can upload only RJ1&#39;s figures") {
			t.Errorf("%s: %d\n%s", c.name, code, page)
		}
		if after := storedWRES(t, a.db); after != before {
			t.Fatalf("%s: a refused upload changed the stored figures", c.name)
		}
	}

	// The admin's own figures, with the same odd spellings, are stored.
	own := []struct {
		name, file string
		content    []byte
	}{
		{"CSV", "r.csv", []byte("\ufeff\n\"ORGANISATION_CODE\",Year, Measure ,ethnicity,staff_group,band,value\nrj1,2025,headcount,white,,,100\nRJ1,2025,headcount,bme,,,40\n")},
		{"XLSX", "r.xlsx", xlsxFile(t, [][]any{{}, {"Organisation_Code", "YEAR", "measure", "Ethnicity", "staff_group", "band", "value"},
			{"rj1", 2026, "headcount", "white", nil, nil, 90}, {"RJ1", 2026, "headcount", "bme", nil, nil, 30}})},
	}
	for _, c := range own {
		code, page := upload(t, orgAdmin, u, csrf, c.file, c.content)
		if code != 200 || !strings.Contains(page, "Return stored") {
			t.Fatalf("own %s upload: %d\n%s", c.name, code, page)
		}
	}
	ret, err := a.db.WRES(context.Background(), "RJ1")
	if err != nil {
		t.Fatal(err)
	}
	if c := ret.Counts("RJ1", 2025); c == nil || c.Value(wres.Headcount, wres.BME) != 40 {
		t.Errorf("RJ1 2025 not stored from CSV")
	}
	if c := ret.Counts("RJ1", 2026); c == nil || c.Value(wres.Headcount, wres.White) != 90 {
		t.Errorf("RJ1 2026 not stored from XLSX")
	}
	for _, org := range []string{"R0A", "RQM"} {
		other, _ := a.db.WRES(context.Background(), org)
		for _, y := range other.Years() {
			if y >= 2025 {
				t.Errorf("%s has figures for %d", org, y)
			}
		}
	}
}

// xlsxBomb builds a workbook whose first sheet holds rows identical rows
// of row, deflated once and repeated: a few hundred kilobytes that unpack
// to rows×len(row) bytes. With lie, the zip directory declares the sheet
// to be 1 KiB.
func xlsxBomb(t testing.TB, row string, rows int, lie bool) []byte {
	t.Helper()
	base := xlsxFile(t, [][]any{{"organisation_code", "year", "measure", "ethnicity", "staff_group", "band", "value"}})
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	// A deflate stream flushed (not closed) ends on a byte boundary and
	// refers to nothing before it, so copies of it concatenate into one
	// stream; an empty final block ends it.
	const perChunk = 1 << 14
	chunk := []byte(strings.Repeat(row, perChunk))
	var once bytes.Buffer
	fw, _ := flate.NewWriter(&once, flate.BestCompression)
	fw.Write(chunk)
	fw.Flush()
	head := []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>organisation_code</t></is></c><c t="inlineStr"><is><t>year</t></is></c><c t="inlineStr"><is><t>measure</t></is></c><c t="inlineStr"><is><t>ethnicity</t></is></c><c t="inlineStr"><is><t>staff_group</t></is></c><c t="inlineStr"><is><t>band</t></is></c><c t="inlineStr"><is><t>value</t></is></c></row>`)
	tail := []byte(`</sheetData></worksheet>`)
	var sheet bytes.Buffer
	for _, part := range [][]byte{head} {
		fw.Reset(&sheet)
		fw.Write(part)
		fw.Flush()
	}
	crc := crc32.Update(0, crc32.IEEETable, head)
	size := uint64(len(head))
	for n := 0; n < rows; n += perChunk {
		sheet.Write(once.Bytes())
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
		size += uint64(len(chunk))
	}
	fw.Reset(&sheet)
	fw.Write(tail)
	fw.Close()
	crc = crc32.Update(crc, crc32.IEEETable, tail)
	size += uint64(len(tail))

	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc, CompressedSize64: uint64(sheet.Len()), UncompressedSize64: size}
		if lie {
			h.UncompressedSize64 = 1 << 10
		}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(sheet.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// A small workbook that unpacks to hundreds of megabytes, and one whose
// zip directory hides that, are refused before (or while) they unpack,
// with a message that names the limit; nothing is stored.
func TestWRESUploadBombs(t *testing.T) {
	t.Parallel()
	a, orgAdmin, csrf, u := wresUploadApp(t)
	before := storedWRES(t, a.db)
	row := `<row><c t="inlineStr"><is><t>RJ1</t></is></c><c><v>2025</v></c><c t="inlineStr"><is><t>training</t></is></c><c t="inlineStr"><is><t>bme</t></is></c><c/><c/><c><v>1</v></c></row>`
	const rows = 1_000_000 // about 170 MiB unpacked
	bomb := xlsxBomb(t, row, rows, false)
	if len(bomb) > 1<<20 {
		t.Fatalf("the bomb is %d bytes", len(bomb))
	}
	code, page := upload(t, orgAdmin, u, csrf, "bomb.xlsx", bomb)
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "The file is too large to import: it has a workbook that unpacks to") ||
		!strings.Contains(page, fmt.Sprintf("more than the %d MiB a workbook may unpack to", wresio.MaxUnzipped>>20)) {
		t.Errorf("bomb: %d\n%s", code, page)
	}
	code, page = upload(t, orgAdmin, u, csrf, "liar.xlsx", xlsxBomb(t, row, rows, true))
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "The file could not be read: reading XLSX part xl/worksheets/sheet1.xml: it is damaged, or unpacks to more than its zip directory declares") {
		t.Errorf("bomb with a lying directory: %d\n%s", code, page)
	}
	// A CSV file of one endless record.
	commas := append([]byte("organisation_code,year,measure,ethnicity,staff_group,band,value\n"), bytes.Repeat([]byte{','}, 1<<20)...)
	code, page = upload(t, orgAdmin, u, csrf, "commas.csv", commas)
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "The file is too large to import: it has a row longer than 64 KiB") {
		t.Errorf("commas: %d\n%s", code, page)
	}
	if storedWRES(t, a.db) != before {
		t.Fatal("a refused upload changed the stored figures")
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// The upload route sets its own body limit, larger than the server's 1 MiB
// (the 1 MiB file of commas above reaches the parser), and a body
// declared larger than it is refused, unread, with a message naming it.
func TestWRESUploadBodyLimit(t *testing.T) {
	t.Parallel()
	a := wresApp(t, storetest.SQLite(t))
	orgAdmin, _ := signIn(t, a, auth.OrgAdmin)
	n := int64(wresio.MaxFileSize + 2<<20)
	req, _ := http.NewRequest("POST", a.srv.URL+"/wres/upload", io.LimitReader(zeros{}, n))
	req.ContentLength = n
	req.Header.Set("Content-Type", "multipart/form-data; boundary=x")
	res, err := orgAdmin.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "The file is larger than 64 MiB, the most a return may be") {
		t.Fatalf("%d %s", res.StatusCode, b)
	}
}

// The return template comes filled with the organisation's code, and the
// upload page links to it; an admin's template leaves the code to fill.
func TestWRESTemplate(t *testing.T) {
	t.Parallel()
	a := wresApp(t, storetest.SQLite(t))
	orgAdmin, _ := signIn(t, a, auth.OrgAdmin) // of RJ1
	admin, _ := signIn(t, a, auth.Admin)
	res, err := orgAdmin.Get(a.srv.URL + "/wres/template.csv")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if ct, cd := res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(cd, "attachment") {
		t.Errorf("template.csv: %s, %s", ct, cd)
	}
	if lines := strings.Split(string(b), "\n"); len(lines) < 100 || !strings.HasPrefix(lines[1], "RJ1,") {
		t.Errorf("template.csv: %.200s", b)
	}
	if _, page := body(t, admin, a.srv.URL+"/wres/template.csv"); !strings.Contains(page, "\n,20") {
		t.Errorf("admin's template names an organisation: %.200s", page)
	}
	if _, page := body(t, orgAdmin, a.srv.URL+"/wres/codes.csv"); !strings.Contains(page, "ethnicity,N,Black or Black British: African (counted as BME)") {
		t.Errorf("codes.csv: %.300s", page)
	}
	_, x := body(t, orgAdmin, a.srv.URL+"/wres/template.xlsx")
	if !strings.HasPrefix(x, "PK") {
		t.Errorf("template.xlsx is not a workbook: %q", x[:min(len(x), 20)])
	}
	_, page := body(t, orgAdmin, a.srv.URL+"/wres/upload")
	for _, href := range []string{`href="/wres/template.xlsx"`, `href="/wres/template.csv"`, `href="/wres/codes.csv"`} {
		if !strings.Contains(page, href) {
			t.Errorf("upload page lacks %s", href)
		}
	}
}

// The index names each organisation's region in words.
func TestWRESIndexNamesRegions(t *testing.T) {
	t.Parallel()
	a := wresApp(t, storetest.SQLite(t))
	nat, _ := signIn(t, a, auth.NationalViewer)
	_, page := body(t, nat, a.srv.URL+"/wres")
	if !strings.Contains(page, `<td class="nhsuk-table__cell">North West</td>`) || strings.Contains(page, `<td class="nhsuk-table__cell">Y62</td>`) {
		t.Errorf("index regions: %s", page)
	}
}

// A network lead sees their organisation's WRES figures with small numbers
// hidden. Here the organisation (RJ1, the only one in its region) has a
// headcount of 3,000 White, 300 BME and 5 of unknown ethnicity, and 12, 3
// and 9 BME staff entering the disciplinary process over three years.
// Indicator 1 hides the 5 and, with it, the 300; indicator 3 hides
// nothing below 11 on its own (12, then two-year sums of 15 and 12). The
// lead downloads the JSON and tries every subtraction that used to give
// the hidden figures back.
func TestWRESLeadCannotDeriveHiddenFigures(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) { leadCannotDerive(t, db) })
}

func leadCannotDerive(t *testing.T, db *store.DB) {
	a := newApp(t, db)
	ctx := context.Background()
	if _, _, err := a.db.UpsertOrganisations(ctx, []orgs.Organisation{
		{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "Y56", Type: "NHS foundation trust"},
	}); err != nil {
		t.Fatal(err)
	}
	orgAdmin, csrf := signIn(t, a, auth.OrgAdmin) // of RJ1
	lead, _ := signIn(t, a, auth.NetworkLead)     // of RJ1
	var csv strings.Builder
	csv.WriteString("organisation_code,year,measure,ethnicity,staff_group,band,value\n")
	bmeDisc := map[int]int64{2022: 12, 2023: 3, 2024: 9}
	for i, y := range []int{2022, 2023, 2024} {
		for _, row := range []string{
			"headcount,white,,,3000", "headcount,bme,,,300", "headcount,unknown,,,5",
			fmt.Sprintf("disciplinary,white,,,%d", 40+5*i), fmt.Sprintf("disciplinary,bme,,,%d", bmeDisc[y]),
			"training,white,,,1500", "training,bme,,,120",
		} {
			fmt.Fprintf(&csv, "RJ1,%d,%s\n", y, row)
		}
	}
	if code, page := upload(t, orgAdmin, a.srv.URL+"/wres/upload", csrf, "rcf.csv", []byte(csv.String())); code != 200 {
		t.Fatalf("upload: %d\n%s", code, page)
	}
	_, js := body(t, lead, a.srv.URL+"/wres/org/RJ1?format=json")
	var rep wres.Report
	if err := json.Unmarshal([]byte(js), &rep); err != nil || len(rep.Years) != 3 || rep.Suppression == nil {
		t.Fatalf("%v: %s", err, js[:min(len(js), 500)])
	}
	// The attack must have something to work on: what stays shown.
	if y := rep.Years[2]; y.Indicator1.Workforce.Total == nil || *y.Indicator1.Workforce.Total != 3305 || y.Indicator1.Workforce.Count.White == nil {
		t.Fatalf("indicator 1 total and White count should stay: %+v", y.Indicator1.Workforce)
	}

	var found []string
	derived := func(what string, got, truth int64) {
		if got == truth {
			found = append(found, fmt.Sprintf("%s = %d", what, got))
		}
	}
	// Every number in the download, wherever it is.
	var all []float64
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case float64:
			all = append(all, v)
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var generic any
	json.Unmarshal([]byte(js), &generic)
	walk(generic)
	for _, v := range all {
		if v == 300 {
			found = append(found, "the BME headcount 300 appears in the download")
		}
	}

	single := map[int]int64{} // BME disciplinary entries of one year, as derived
	for i, y := range rep.Years {
		total, white := y.Indicator1.Workforce.Total, y.Indicator1.Workforce.Count.White
		// Candidates for the BME headcount, from every figure that is one.
		var bme []int64
		for _, p := range []*int64{y.Indicator1.Workforce.Count.BME, y.Indicator4.BME.Base, y.Indicator9.WorkforceBME.Count} {
			if p != nil {
				bme = append(bme, *p)
			}
		}
		// Percent times base, and count over percent.
		pb := func(p wres.Proportion) {
			if p.Percent != nil && p.Base != nil {
				bme = append(bme, int64(math.Round(*p.Percent*float64(*p.Base)/100)))
			}
		}
		pb(y.Indicator9.WorkforceBME)
		if p := y.Indicator1.Workforce.Percent.BME; p != nil && total != nil {
			bme = append(bme, int64(math.Round(*p*float64(*total)/100)))
		}
		if p := y.Indicator4.BME; p.Percent != nil && p.Count != nil && *p.Percent != 0 {
			bme = append(bme, int64(math.Round(float64(*p.Count)*100 / *p.Percent)))
		}
		// Board minus difference gives the workforce percent.
		if v := y.Indicator9.Voting; v.DifferencePoints != nil && v.BME.Percent != nil && total != nil {
			bme = append(bme, int64(math.Round((*v.BME.Percent-*v.DifferencePoints)*float64(*total)/100)))
		}
		// Indicator 3's two-year base minus the year before's headcount.
		if b := y.Indicator3.BME.Base; b != nil && len(y.Indicator3.Years) == 2 && i > 0 {
			for _, prev := range []*int64{rep.Years[i-1].Indicator1.Workforce.Count.BME, rep.Years[i-1].Indicator4.BME.Base, rep.Years[i-1].Indicator9.WorkforceBME.Count} {
				if prev != nil {
					bme = append(bme, *b-*prev)
				}
			}
		}
		for _, b := range bme {
			derived(fmt.Sprint(y.Year, " BME headcount"), b, 300)
			if total != nil && white != nil {
				derived(fmt.Sprint(y.Year, " unknown headcount (total − White − BME)"), *total-*white-b, 5)
			}
		}
		// Rolling minus the earlier year.
		c := y.Indicator3.BME.Count
		switch {
		case c == nil:
		case len(y.Indicator3.Years) == 1:
			single[y.Year] = *c
		default:
			if prev, ok := single[y.Year-1]; ok {
				single[y.Year] = *c - prev
				derived(fmt.Sprint(y.Year, " BME disciplinary entries (rolling − year before)"), *c-prev, bmeDisc[y.Year])
			}
		}
	}
	if len(found) > 0 {
		t.Errorf("a network lead derives hidden figures from /wres/org/RJ1?format=json:\n%s", strings.Join(found, "\n"))
	}

}

// The dashboard sets the organisation's latest year beside its region and
// England. Here both are this one organisation, and the latest year's
// two-year BME disciplinary count (15) minus the year before's single-year
// one (12) would give 3: the organisation's column hides indicator 3, and
// the region's and England's must too, though a one-year pooled report
// has no year before to subtract.
func TestWRESLeadRegionColumnHidesWhatTheOrganisationHides(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	if _, _, err := a.db.UpsertOrganisations(context.Background(), []orgs.Organisation{
		{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "Y56", Type: "NHS foundation trust"},
	}); err != nil {
		t.Fatal(err)
	}
	orgAdmin, csrf := signIn(t, a, auth.OrgAdmin)
	lead, _ := signIn(t, a, auth.NetworkLead)
	csv := "organisation_code,year,measure,ethnicity,staff_group,band,value\n"
	for y, disc := range map[int]string{2023: "12", 2024: "3"} {
		for _, row := range []string{"headcount,white,,,3000", "headcount,bme,,,400", "headcount,unknown,,,50",
			"disciplinary,white,,,40", "disciplinary,bme,,," + disc} {
			csv += fmt.Sprintf("RJ1,%d,%s\n", y, row)
		}
	}
	if code, page := upload(t, orgAdmin, a.srv.URL+"/wres/upload", csrf, "r.csv", []byte(csv)); code != 200 {
		t.Fatalf("upload: %d\n%s", code, page)
	}
	_, page := body(t, lead, a.srv.URL+"/wres/org/RJ1")
	cell := `<td class="nhsuk-table__cell nhsuk-table__cell--numeric">([^<]*)</td>`
	rows := regexp.MustCompile(`scope="row">([^<]*)</th>`+cell+cell+cell).FindAllStringSubmatch(page, -1)
	if len(rows) < 3 {
		t.Fatalf("comparison rows: %v", rows)
	}
	for _, r := range rows {
		if r[2] != r[3] || r[2] != r[4] {
			t.Errorf("%s: organisation %q, region %q, England %q; all three are the same organisation", r[1], r[2], r[3], r[4])
		}
	}
	if !strings.HasPrefix(rows[2][1], "3.") || strings.ContainsAny(rows[2][2], "0123456789") {
		t.Errorf("indicator 3 shown: %v", rows[2])
	}
}
