package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"staffnet/internal/network"
	"staffnet/internal/store"
)

// BenchmarkOrgFeed fetches an organisation's calendar feed over HTTP,
// with 1,000 public events from 20 networks (a tenth co-hosted by a
// network of another organisation) and 200 members' events that the
// feed must leave out. Each iteration is one whole request: the query,
// the co-host names and writing the iCalendar text.
func BenchmarkOrgFeed(b *testing.B) {
	benchEachDB(b, func(b *testing.B, db *store.DB) {
		base := newBenchApp(b, db)
		ctx := context.Background()
		if _, _, err := db.UpsertOrganisations(ctx, testTrusts); err != nil {
			b.Fatal(err)
		}
		var nets []int64
		for i := range 21 {
			org := "RJ1"
			if i == 20 {
				org = "RQM"
			}
			n := &network.Network{OrgCode: org, Type: network.Types[i%len(network.Types)], Name: fmt.Sprintf("Network %d (demo)", i),
				Status: network.StatusActive, Published: []network.Field{network.FieldName}}
			if err := db.CreateNetwork(ctx, n); err != nil {
				b.Fatal(err)
			}
			nets = append(nets, n.ID)
		}
		start := time.Now().Add(24 * time.Hour).Truncate(time.Hour)
		for i := range 1200 {
			e := &network.Event{NetworkID: nets[i%20], Title: fmt.Sprintf("Event %d: talk, lunch; questions", i),
				Description: "A longer description of the event, long enough that the line folds at least once in the feed. " + strings.Repeat("More. ", 10),
				Start:       start.Add(time.Duration(i) * 3 * time.Hour), Place: "Education Centre, Room 2", Visibility: network.VisiblePublic,
				Accessibility: "Step-free access; hearing loop"}
			e.End = e.Start.Add(time.Hour)
			if i%10 == 0 {
				e.CoHosts = []int64{nets[20]}
			}
			if i >= 1000 {
				e.Visibility = network.VisibleMembers
			}
			if err := db.CreateEvent(ctx, e); err != nil {
				b.Fatal(err)
			}
		}
		fetch := func() string {
			res, err := http.Get(base + "/organisations/RJ1/events.ics")
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 {
				b.Fatalf("%d", res.StatusCode)
			}
			return string(body)
		}
		if k := strings.Count(fetch(), "BEGIN:VEVENT"); k != 1000 {
			b.Fatalf("%d events in the feed, want 1000", k)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			fetch()
		}
	})
}
