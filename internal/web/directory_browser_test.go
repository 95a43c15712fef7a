package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store/storetest"
)

// TestDirectoryBrowser opens the public network pages in Chromium, with
// demo networks, and runs axe-core on each (WCAG 2.2 AA).
func TestDirectoryBrowser(t *testing.T) {
	t.Parallel() // each starts its own Chromium and database; they mostly wait
	browser := startBrowser(t)
	db := storetest.SQLite(t)
	ctx := context.Background()
	var list []orgs.Organisation
	var refs []network.OrgRef
	for i, r := range orgs.RegionCodes {
		for j := range 3 {
			o := orgs.Organisation{Code: fmt.Sprintf("R%d%d", i, j), Name: fmt.Sprintf("Demo Place %d-%d NHS Trust", i, j), Region: r, Type: "NHS trust"}
			list = append(list, o)
			refs = append(refs, network.OrgRef{Code: o.Code, Name: o.Name, Region: o.Region})
		}
	}
	if _, _, err := db.UpsertOrganisations(ctx, list); err != nil {
		t.Fatal(err)
	}
	demo := network.Demo(5, refs)
	for i := range demo {
		if err := db.AddDemoNetwork(ctx, &demo[i]); err != nil {
			t.Fatal(err)
		}
	}
	ts, _ := browserServer(t, db)
	b := newTab(t, browser, ts.URL)
	for _, p := range []struct{ path, h1 string }{
		{"/networks", "Staff network directory"},
		{"/networks?region=Y56&type=bme&status=active", "Staff network directory"},
		{"/networks?type=other&status=closed", "Staff network directory"},
		{"/networks/map", "Staff networks in England"},
	} {
		b.expect(b.open(p.path), http.StatusOK, p.h1)
		b.axeCheck(p.path)
	}
	n := demo[0].Network
	want := n.Name
	if !n.IsPublished(network.FieldName) {
		want = n.Type.Label() + " network"
	}
	b.expect(b.open(fmt.Sprintf("/networks/%d", n.ID)), http.StatusOK, want)
	b.axeCheck("a network's public page")
}
