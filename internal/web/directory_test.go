package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

// Secrets are values of unpublished fields: none may reach the public.
const (
	dirSecretContact = "SECRET-CONTACT-box"
	dirSecretMeeting = "SECRET-MEETING-pattern"
	dirSecretLeader  = "Secret Leader (demo)"
	dirSecretExpect  = "SECRET-EXPECTATIONS"
	dirSecretWeb     = "https://example.org/secret-page"
)

var dirSecrets = []string{dirSecretContact, dirSecretMeeting, dirSecretLeader, dirSecretExpect, dirSecretWeb, "Secret Sponsor"}

type dirFixture struct {
	a                           *app
	bme, lgbti, dormant, closed *network.Network
}

// dirSetup: London has Alpha (BME, LGBTI) and Beta (a dormant BME
// network); the South West has Gamma, whose only network is closed.
func dirSetup(t *testing.T, db *store.DB) *dirFixture {
	t.Helper()
	ctx := context.Background()
	a := newApp(t, db)
	if _, _, err := db.UpsertOrganisations(ctx, []orgs.Organisation{
		{Code: "RAA", Name: "Alpha Trust", Region: "Y56", Type: "NHS trust"},
		{Code: "RBB", Name: "Beta Trust", Region: "Y56", Type: "NHS trust"},
		{Code: "RCC", Name: "Gamma Trust", Region: "Y58", Type: "NHS trust"},
	}); err != nil {
		t.Fatal(err)
	}
	mk := func(org string, typ network.Type, status network.Status, name string, published []network.Field) *network.Network {
		n := &network.Network{OrgCode: org, Type: typ, Status: status, Name: name, YearStarted: 2016,
			Purpose: "Purpose of " + name, Contact: dirSecretContact, MeetingPattern: dirSecretMeeting, WebPage: dirSecretWeb,
			Leaders:   []network.Leader{{Role: network.RoleChair, Name: dirSecretLeader}},
			Sponsor:   &network.Sponsor{Name: "Secret Sponsor", BoardRole: "Chief Nurse", Expectations: dirSecretExpect},
			Published: published}
		if err := db.CreateNetwork(ctx, n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	f := &dirFixture{a: a}
	f.bme = mk("RAA", network.TypeBME, network.StatusActive, "Alpha Race Equality Network", []network.Field{network.FieldName, network.FieldPurpose})
	f.lgbti = mk("RAA", network.TypeLGBTI, network.StatusActive, "Alpha Pride", []network.Field{network.FieldName})
	f.dormant = mk("RBB", network.TypeBME, network.StatusDormant, "Beta Unpublished Name", nil)
	f.closed = mk("RCC", network.TypeDisability, network.StatusClosed, "Gamma Ability", []network.Field{network.FieldName})
	if err := db.AddAssessment(ctx, &network.Assessment{NetworkID: f.bme.ID, Version: 1, Date: network.Date(2024, 1, 1),
		Responses: []network.Response{{Respondent: "Chair", Role: network.RespondentLead, Answers: map[string]network.Answer{"budget": {Value: "none"}}}}}); err != nil {
		t.Fatal(err)
	}
	return f
}

// dirAccount creates an account and signs it in.
func dirAccount(t *testing.T, a *app, email string, role auth.Role, org string, networkID int64) *http.Client {
	t.Helper()
	c, status, _ := addAndSignIn(t, a.srv.URL, a.db, store.User{Email: email, Role: role, Org: org, NetworkID: networkID}, "")
	if status != http.StatusOK {
		t.Fatalf("sign in %s: %d", email, status)
	}
	return c
}

// dirGet fetches u and returns the response, its body read and closed;
// get and body serve other tests from it.
func dirGet(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	return send(t, c, req)
}

func noSecrets(t *testing.T, what, body string) {
	t.Helper()
	for _, s := range dirSecrets {
		if strings.Contains(body, s) {
			t.Errorf("%s shows an unpublished value %q", what, s)
		}
	}
}

func TestDirectoryPublic(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := dirSetup(t, db)
		u, anon := f.a.srv.URL, &http.Client{}
		cases := []struct {
			query     string
			want, not []string
		}{
			{"", []string{"Alpha Race Equality Network", "Alpha Pride", "Gamma Ability", "4 networks"}, nil},
			{"?type=lgbti", []string{"Alpha Pride", "1 network<"}, []string{"Alpha Race Equality Network"}},
			{"?region=Y58", []string{"Gamma Ability"}, []string{"Alpha Pride"}},
			{"?status=dormant", []string{"Beta Trust", "Black and minority ethnic (BME) network"}, []string{"Alpha Pride", "Gamma Ability"}},
			{"?org=RAA&type=bme", []string{"Alpha Race Equality Network"}, []string{"Alpha Pride"}},
			{"?region=Y56&status=closed", []string{"No networks match"}, []string{"Gamma Ability"}},
		}
		for _, c := range cases {
			res, b := dirGet(t, anon, u+"/networks"+c.query)
			if res.StatusCode != 200 {
				t.Fatalf("%s: %d", c.query, res.StatusCode)
			}
			noSecrets(t, "directory"+c.query, b)
			if strings.Contains(b, "Beta Unpublished Name") {
				t.Errorf("%s: an unpublished name is shown", c.query)
			}
			// Only the tbody counts: the filter form lists organisations.
			tbody := b
			if i := strings.Index(b, "<tbody"); i >= 0 {
				tbody = b[i:]
			}
			hasAll(t, c.query, b, c.want, nil)
			hasAll(t, c.query, tbody, nil, c.not)
		}
		// The form remembers the filters.
		_, b := dirGet(t, anon, u+"/networks?region=Y56&type=bme")
		if !strings.Contains(b, `<option value="Y56" selected>`) || !strings.Contains(b, `<option value="bme" selected>`) {
			t.Error("filters not kept in the form")
		}

		// A network's public page shows its published fields only.
		res, b := dirGet(t, anon, fmt.Sprintf("%s/networks/%d", u, f.bme.ID))
		if res.StatusCode != 200 || !strings.Contains(b, "Alpha Race Equality Network") || !strings.Contains(b, "Purpose of Alpha") {
			t.Fatalf("public page %d", res.StatusCode)
		}
		noSecrets(t, "public page", b)
		if strings.Contains(b, "/my/networks/") {
			t.Error("the public is offered the management pages")
		}
		_, b = dirGet(t, anon, fmt.Sprintf("%s/networks/%d", u, f.dormant.ID))
		if strings.Contains(b, "Beta Unpublished Name") || strings.Contains(b, "Purpose of") || !strings.Contains(b, "has not published") {
			t.Error("unpublished network page shows too much")
		}
		for _, p := range []string{"/networks/999999", "/networks/abc", "/networks/-1"} {
			if res, _ := dirGet(t, anon, u+p); res.StatusCode != 404 {
				t.Errorf("%s: %d", p, res.StatusCode)
			}
		}
		// Home page and footer lead to the directory.
		if _, b := dirGet(t, anon, u+"/"); !strings.Contains(b, `href="/networks"`) || !strings.Contains(b, `href="/networks/map"`) {
			t.Error("home page has no link to the networks")
		}
	})
}

type apiNet struct {
	ID          int64                `json:"id"`
	Name        string               `json:"name"`
	Access      string               `json:"access"`
	Records     *network.Records     `json:"records"`
	Assessments []network.Assessment `json:"assessments"`
}

func apiList(t *testing.T, c *http.Client, u string) (int, map[int64]apiNet, string) {
	t.Helper()
	res, b := dirGet(t, c, u)
	if res.StatusCode != 200 {
		return res.StatusCode, nil, b
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q", ct)
	}
	var out struct {
		Count    int      `json:"count"`
		Networks []apiNet `json:"networks"`
	}
	if err := json.Unmarshal([]byte(b), &out); err != nil {
		t.Fatal(err)
	}
	if out.Count != len(out.Networks) {
		t.Fatalf("count %d of %d", out.Count, len(out.Networks))
	}
	m := map[int64]apiNet{}
	for _, n := range out.Networks {
		m[n.ID] = n
	}
	return 200, m, b
}

func TestNetworkAPIAccess(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := dirSetup(t, db)
		a, u := f.a, f.a.srv.URL
		clients := map[string]*http.Client{
			"public":          {},
			"analyst":         dirAccount(t, a, "an@example.nhs.uk", auth.Analyst, "", 0),
			"admin":           dirAccount(t, a, "ad@example.nhs.uk", auth.Admin, "", 0),
			"national_viewer": dirAccount(t, a, "nv@example.nhs.uk", auth.NationalViewer, "", 0),
			"org_admin RAA":   dirAccount(t, a, "oa@example.nhs.uk", auth.OrgAdmin, "RAA", 0),
			"org_admin RBB":   dirAccount(t, a, "ob@example.nhs.uk", auth.OrgAdmin, "RBB", 0),
			"lead of BME":     dirAccount(t, a, "lb@example.nhs.uk", auth.NetworkLead, "RAA", f.bme.ID),
			"lead of LGBTI":   dirAccount(t, a, "ll@example.nhs.uk", auth.NetworkLead, "RAA", f.lgbti.ID),
			"sponsor of BME":  dirAccount(t, a, "sb@example.nhs.uk", auth.Sponsor, "RAA", f.bme.ID),
		}
		all := []int64{f.bme.ID, f.lgbti.ID, f.dormant.ID, f.closed.ID}
		full := map[string][]int64{
			"admin":           all,
			"national_viewer": all,
			"org_admin RAA":   {f.bme.ID, f.lgbti.ID},
			"org_admin RBB":   {f.dormant.ID},
			"lead of BME":     {f.bme.ID},
			"lead of LGBTI":   {f.lgbti.ID},
			"sponsor of BME":  {f.bme.ID},
		}
		for who, c := range clients {
			code, list, raw := apiList(t, c, u+"/api/v1/networks")
			if code != 200 || len(list) != 4 {
				t.Fatalf("%s: %d, %d networks", who, code, len(list))
			}
			fullSet := map[int64]bool{}
			for _, id := range full[who] {
				fullSet[id] = true
			}
			for _, id := range all {
				want := "public"
				if fullSet[id] {
					want = "full"
				}
				if list[id].Access != want {
					t.Errorf("%s, list, network %d: access %q, want %q", who, id, list[id].Access, want)
				}
				res, b := dirGet(t, c, fmt.Sprintf("%s/api/v1/networks/%d", u, id))
				var one apiNet
				if res.StatusCode != 200 || json.Unmarshal([]byte(b), &one) != nil {
					t.Fatalf("%s, network %d: %d", who, id, res.StatusCode)
				}
				if one.Access != want {
					t.Errorf("%s, network %d: access %q, want %q", who, id, one.Access, want)
				}
				if want == "public" {
					noSecrets(t, fmt.Sprintf("%s: /api/v1/networks/%d", who, id), b)
					for _, key := range []string{`"contact"`, `"meeting_pattern"`, `"leaders"`, `"expectations"`, `"records"`, `"assessments"`, `"flags"`} {
						if strings.Contains(b, key) {
							t.Errorf("%s, network %d: unpublished field %s present", who, id, key)
						}
					}
				} else {
					if !strings.Contains(b, dirSecretExpect) || one.Records == nil {
						t.Errorf("%s, network %d: full view lacks drafts or records", who, id)
					}
					if id == f.bme.ID && len(one.Assessments) != 1 {
						t.Errorf("%s: assessments %d", who, len(one.Assessments))
					}
				}
			}
			if len(full[who]) == 0 {
				noSecrets(t, who+": /api/v1/networks", raw)
			}
			// The HTML pages show the published fields alone, to everyone.
			_, b := dirGet(t, c, u+"/networks")
			noSecrets(t, who+": /networks", b)
			_, b = dirGet(t, c, fmt.Sprintf("%s/networks/%d", u, f.bme.ID))
			noSecrets(t, who+": /networks/{id}", b)
			if manage := strings.Contains(b, fmt.Sprintf(`href="/my/networks/%d"`, f.bme.ID)); manage != (full[who] != nil && containsID(full[who], f.bme.ID)) {
				t.Errorf("%s: link to manage the network shown=%v", who, manage)
			}
		}
		// Filters work in the API too, and bad values are refused.
		if _, list, _ := apiList(t, clients["public"], u+"/api/v1/networks?region=Y56&type=bme"); len(list) != 2 {
			t.Errorf("filtered API: %d", len(list))
		}
		if _, list, _ := apiList(t, clients["public"], u+"/api/v1/networks?status=closed"); len(list) != 1 || list[f.closed.ID].Name != "Gamma Ability" {
			t.Errorf("status filter: %+v", list)
		}
		for _, q := range []string{"?type=chess", "?status=asleep", "?region=Y99"} {
			if res, b := dirGet(t, clients["public"], u+"/api/v1/networks"+q); res.StatusCode != 400 || !strings.Contains(b, `"error"`) {
				t.Errorf("%s: %d %s", q, res.StatusCode, b)
			}
		}
		if res, b := dirGet(t, clients["public"], u+"/api/v1/networks/999999"); res.StatusCode != 404 || !strings.Contains(b, `"error"`) {
			t.Errorf("missing network: %d", res.StatusCode)
		}
	})
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// TestNetworkMapPage checks the map's figures against the fixture, worked
// out by hand: three open organisations; London's two both have a BME
// network (Beta's is dormant, which counts) and Alpha also has an LGBTI
// one; Gamma's only network is closed, so it counts as having none.
func TestNetworkMapPage(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		f := dirSetup(t, db)
		u, anon := f.a.srv.URL, &http.Client{}
		res, b := dirGet(t, anon, u+"/networks/map")
		if res.StatusCode != 200 {
			t.Fatalf("map: %d", res.StatusCode)
		}
		for _, w := range []string{
			"<strong>2 of 3</strong> organisations have a BME staff network (67%)",
			"<strong>1</strong> organisations have no staff network recorded (33%)",
			`<figure class="chart" id="chart-regions" aria-labelledby="chart-regions-title">`, `<p class="chart__title" id="chart-also-title">`,
			`<span class="chart__label">London</span>`, `<rect class="chart__fill" x="0" y="0" width="100.00" height="10">`,
			"100% (2 of 2)", // London's bar
			"50% (1 of 2)",  // LGBTI beside BME
		} {
			if !strings.Contains(b, w) {
				t.Errorf("map lacks %q", w)
			}
		}
		noSecrets(t, "map", b)
		row := regexp.MustCompile(`(?s)>London</a></th>\s*<td[^>]*>2</td>\s*<td[^>]*>2 \(100%\)</td>\s*<td[^>]*>2</td>\s*<td[^>]*>0 \(0%\)</td>\s*<td[^>]*>3</td>`)
		if !row.MatchString(b) {
			t.Error("London's row is wrong")
		}
		sw := regexp.MustCompile(`(?s)>South West</a></th>\s*<td[^>]*>1</td>\s*<td[^>]*>0 \(0%\)</td>\s*<td[^>]*>0</td>\s*<td[^>]*>1 \(100%\)</td>\s*<td[^>]*>0</td>`)
		if !sw.MatchString(b) {
			t.Error("South West's row is wrong")
		}

		res, csvBody := dirGet(t, anon, u+"/networks/map?format=csv")
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("csv: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		lines := strings.Split(strings.TrimSpace(csvBody), "\n")
		wantHead := "area_code,area,organisations,with_bme_network,with_any_network,with_no_network,networks," +
			"networks_bme,networks_lgbti,networks_disability,networks_faith,networks_parents_carers,networks_gender,networks_flexible_workers,networks_other," +
			"bme_also_lgbti,bme_also_disability,bme_also_faith,bme_also_parents_carers,bme_also_gender,bme_also_flexible_workers,bme_also_other"
		if len(lines) != 1+1+len(orgs.RegionCodes) || strings.TrimSpace(lines[0]) != wantHead {
			t.Fatalf("csv head %q, %d lines", lines[0], len(lines))
		}
		for _, want := range []string{
			"ENG,England,3,2,2,1,3,2,1,0,0,0,0,0,0,1,0,0,0,0,0,0",
			"Y56,London,2,2,2,0,3,2,1,0,0,0,0,0,0,1,0,0,0,0,0,0",
			"Y58,South West,1,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0",
		} {
			if !strings.Contains(csvBody, want+"\n") && !strings.Contains(csvBody, want+"\r\n") {
				t.Errorf("csv lacks %q\n%s", want, csvBody)
			}
		}

		for _, p := range []string{"/networks/map?format=json", "/api/v1/map"} {
			res, b := dirGet(t, anon, u+p)
			var m store.NetworkMap
			if res.StatusCode != 200 || json.Unmarshal([]byte(b), &m) != nil {
				t.Fatalf("%s: %d", p, res.StatusCode)
			}
			n := m.National
			if n.Organisations != 3 || n.WithBME != 2 || n.WithNone != 1 || n.Networks != 3 || n.AlsoHad[0].Type != network.TypeLGBTI || n.AlsoHad[0].Share != 0.5 {
				t.Errorf("%s: national %+v", p, n)
			}
		}
		if res, _ := dirGet(t, anon, u+"/networks/map?format=xml"); res.StatusCode != 400 {
			t.Errorf("bad format: %d", res.StatusCode)
		}
	})
}

// TestDirectoryPaging lists more networks than fit on a page.
func TestDirectoryPaging(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	a := newApp(t, db)
	ctx := context.Background()
	if _, _, err := db.UpsertOrganisations(ctx, []orgs.Organisation{{Code: "RAA", Name: "Alpha Trust", Region: "Y56"}}); err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		n := &network.Network{OrgCode: "RAA", Type: network.TypeOther, Status: network.StatusActive, Name: fmt.Sprintf("Net %02d", i), Published: []network.Field{network.FieldName}}
		if err := db.CreateNetwork(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	_, b := dirGet(t, &http.Client{}, a.srv.URL+"/networks?type=other")
	if !strings.Contains(b, "60 networks, showing 1 to 50") || !strings.Contains(b, `href="/networks?page=2&amp;type=other"`) {
		t.Fatalf("first page:\n%s", b)
	}
	_, b = dirGet(t, &http.Client{}, a.srv.URL+"/networks?type=other&page=2")
	if !strings.Contains(b, "showing 51 to 60") || !strings.Contains(b, "Net 59") || strings.Contains(b, ">Net 00<") {
		t.Fatal("second page")
	}
}

// TestDirectorySearch: ?q= finds networks by their published name and by
// their organisation's name, never by a name a network does not publish;
// the region filter offers Wales and finds Welsh networks; the JSON link
// and the API follow the search.
func TestDirectorySearch(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	f := dirSetup(t, db)
	ctx := context.Background()
	if _, _, err := db.UpsertOrganisations(ctx, []orgs.Organisation{{Code: "7A1", Name: "Betsi Cadwaladr University Health Board", Region: "W00", Type: "Local health board"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateNetwork(ctx, &network.Network{OrgCode: "7A1", Type: network.TypeBME, Status: network.StatusActive, Name: "Rhwydwaith BAME",
		Published: []network.Field{network.FieldName}}); err != nil {
		t.Fatal(err)
	}
	rows := func(page string) int { return strings.Count(page, `<tr class="nhsuk-table__row">`) - 1 } // less the heading row
	for _, c := range []struct {
		query string
		want  int
		has   string
	}{
		{"q=pride", 1, "Alpha Pride"},               // a published network name, any case
		{"q=alpha+trust", 2, "Alpha Race Equality"}, // an organisation's name: both its networks
		{"q=beta+unpublished", 0, ""},               // a name Beta's network does not publish
		{"q=beta", 1, "Beta Trust"},                 // Beta's network, found by its organisation
		{"region=W00", 1, "Rhwydwaith BAME"},
		{"q=cadwaladr&region=W00", 1, "Wales"},
		{"q=cadwaladr&region=Y56", 0, ""},
	} {
		res, page := f.a.get("/networks?" + c.query)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d", c.query, res.StatusCode)
		}
		got := 0
		if !strings.Contains(page, "No networks match") {
			got = rows(page)
		}
		if got != c.want || !strings.Contains(page, c.has) {
			t.Errorf("%s: %d networks, want %d with %q", c.query, got, c.want, c.has)
		}
		if strings.Contains(page, "Beta Unpublished Name") {
			t.Errorf("%s: an unpublished name shown", c.query)
		}
	}
	_, page := f.a.get("/networks?q=pride")
	if !strings.Contains(page, `value="pride"`) || !strings.Contains(page, `<option value="W00">Wales</option>`) || !strings.Contains(page, `href="/api/v1/networks?q=pride"`) {
		t.Error("the search is not kept in the box, Wales is not offered or the JSON link drops the search")
	}
	_, js := f.a.get("/api/v1/networks?q=pride")
	var out struct{ Count int }
	if err := json.Unmarshal([]byte(js), &out); err != nil || out.Count != 1 {
		t.Errorf("API search: %d %v", out.Count, err)
	}
}
