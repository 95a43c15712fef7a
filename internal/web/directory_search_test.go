package web_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store/storetest"
)

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
