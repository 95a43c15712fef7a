package web_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/store"
	"staffnet/internal/web"
)

// BenchmarkMaturityPage fetches the national maturity picture as a
// national viewer, over the demo networks of 700 organisations (100 in
// each region): about 1,500 networks, each with its records and
// self-assessments, which is England's scale. Each iteration is one
// whole request: reading every network, scoring it, the report engine
// and the charts.
func BenchmarkMaturityPage(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *store.DB) {
		_, srv := startApp(b, db, web.Config{}, io.Discard)
		demo := demoNetworks(b, db, 100)
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
