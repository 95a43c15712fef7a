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

	"staffnet/internal/auth"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
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
		if _, err := wresio.Import(ctx, db, bytes.ReplaceAll(example, []byte("RX9"), []byte(code))); err != nil {
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

	code, page := upload(t, orgAdmin, u, csrf, "r.csv", []byte(header+"R0A,2025,headcount,white,,,100\n"))
	if code != http.StatusUnprocessableEntity || !strings.Contains(page, "you can upload only RJ1") {
		t.Fatalf("other organisation's return: %d", code)
	}
	code, page = upload(t, orgAdmin, u, csrf, "r.csv", []byte(header+"RJ1,2025,headcount,white,,,100\nRJ1,2025,headcount,purple,,,5\n"))
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
