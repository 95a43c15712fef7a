package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/auth"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/wres"
	"staffnet/internal/wresio"
)

func wresApp(t *testing.T, db *store.DB) *app {
	t.Helper()
	a := newApp(t, db)
	ctx := context.Background()
	_, _, err := db.UpsertOrganisations(ctx, []orgs.Organisation{
		{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "Y56", Type: "NHS foundation trust"},
		{Code: "RQM", Name: "Chelsea and Westminster Hospital NHS Foundation Trust", Region: "Y56", Type: "NHS foundation trust"},
		{Code: "R0A", Name: "Manchester University NHS Foundation Trust", Region: "Y62", Type: "NHS foundation trust"},
	})
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("../wres/testdata/example-return.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []string{"RJ1", "RQM", "R0A"} {
		data := bytes.ReplaceAll(example, []byte("RX9"), []byte(code))
		if _, err := wresio.Import(ctx, db, bytes.NewReader(data), int64(len(data)), ""); err != nil {
			t.Fatal(err)
		}
	}
	return a
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
	storetest.Each(t, func(t *testing.T, db *store.DB) {
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
	a := wresApp(t, storetest.SQLite(t))
	orgAdmin, csrf := signIn(t, a, auth.OrgAdmin) // of RJ1
	u := a.srv.URL + "/wres/upload"
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
func xlsxFile(t *testing.T, rows [][]any) []byte {
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

// storedWRES lists every stored figure, to show that a refused upload
// changed nothing.
func storedWRES(t *testing.T, db *store.DB) string {
	t.Helper()
	ret, err := db.WRES(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := ret.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// An organisation's admin cannot store another organisation's figures,
// however the file spells its header, quotes its cells or pads itself
// with blank rows and byte-order marks: the check runs on what the parser
// would store.
func TestWRESUploadOtherOrganisation(t *testing.T) {
	a := wresApp(t, storetest.SQLite(t))
	orgAdmin, csrf := signIn(t, a, auth.OrgAdmin) // of RJ1
	u := a.srv.URL + "/wres/upload"
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
