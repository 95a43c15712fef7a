package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"staffnet/internal/network"
	"staffnet/internal/store/storetest"
)

// TestDirectoryBrowser opens the public network pages in Chromium, with
// demo networks, and runs axe-core on each (WCAG 2.2 AA).
func TestDirectoryBrowser(t *testing.T) {
	browser := parallelBrowser(t)
	db := storetest.SQLite(t)
	demo := demoDirectory(t, db)
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
