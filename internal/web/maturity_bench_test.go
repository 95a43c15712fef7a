package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/web"
)

// BenchmarkMaturityPage fetches the national maturity picture as a
// national viewer, over the demo networks of 700 organisations (100 in
// each region): about a thousand networks, each with its records and
// self-assessments, which is England's scale. Each iteration is one whole
// request: reading every network, scoring it, the report engine and the
// charts.
func BenchmarkMaturityPage(b *testing.B) {
	for _, dbName := range []string{"sqlite", "postgres"} {
		b.Run(dbName, func(b *testing.B) {
			var db *store.DB
			if dbName == "sqlite" {
				db = storetest.SQLite(b)
			} else {
				db = storetest.Postgres(b)
			}
			_, srv := startApp(b, db, web.Config{}, io.Discard)
			ctx := context.Background()
			var list []orgs.Organisation
			var refs []network.OrgRef
			for i, r := range orgs.RegionCodes {
				for j := range 100 {
					o := orgs.Organisation{Code: fmt.Sprintf("R%d%02d", i, j), Name: fmt.Sprintf("Bench Place %d-%d NHS Trust", i, j), Region: r, Type: "NHS trust"}
					list = append(list, o)
					refs = append(refs, network.OrgRef{Code: o.Code, Name: o.Name, Region: o.Region})
				}
			}
			if _, _, err := db.UpsertOrganisations(ctx, list); err != nil {
				b.Fatal(err)
			}
			demo := network.Demo(5, refs)
			for i := range demo {
				if err := db.AddDemoNetwork(ctx, &demo[i]); err != nil {
					b.Fatal(err)
				}
			}
			c, _ := signInCSRF(b, srv.URL, db, store.User{Email: "national@example.nhs.uk", Role: auth.NationalViewer}, "/networks", 0)
			fetch := func() string {
				res, err := c.Get(srv.URL + "/maturity")
				if err != nil {
					b.Fatal(err)
				}
				page, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					b.Fatalf("%d", res.StatusCode)
				}
				return string(page)
			}
			if page := fetch(); !strings.Contains(page, "<svg") {
				b.Fatalf("no chart in the national picture of %d networks", len(demo))
			}
			for b.Loop() {
				fetch()
			}
			b.ReportMetric(float64(len(demo)), "networks")
		})
	}
}
