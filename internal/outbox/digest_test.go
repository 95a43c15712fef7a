package outbox_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/outbox"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

// TestDigestsWeekly drives the weekly digest with a clock: one per lead
// per week however often it runs, none to a lead who turned it off or for
// a closed network, and the flags named in it.
func TestDigestsWeekly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, _, err := db.UpsertOrganisations(ctx, []orgs.Organisation{{Code: "RJ1", Name: "Trust", Region: "Y56", Type: "NHS trust"}}); err != nil {
			t.Fatal(err)
		}
		mk := func(name string, st network.Status) *network.Network {
			n := &network.Network{OrgCode: "RJ1", Type: network.TypeBME, Name: name, YearStarted: 2016, Purpose: "p", Contact: "c", Status: st}
			if err := db.CreateNetwork(ctx, n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		open, closed := mk("Open network", network.StatusActive), mk("Closed network", network.StatusClosed)
		lead := func(email string, n *network.Network) *store.User {
			u, err := db.AddUser(ctx, store.User{Email: email, Role: auth.NetworkLead, Org: "RJ1", NetworkID: n.ID, PasswordHash: "x"})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		lead("one@example.nhs.uk", open)
		off := lead("two@example.nhs.uk", open)
		lead("closed@example.nhs.uk", closed)
		if err := db.SetDigestOff(ctx, off.ID, true); err != nil {
			t.Fatal(err)
		}
		monday := time.Date(2026, 11, 30, 7, 0, 0, 0, time.UTC)
		for i, c := range []struct {
			at   time.Time
			want int
		}{
			{monday, 1},
			{monday.Add(time.Hour), 0},
			{monday.Add(6 * 24 * time.Hour), 0}, // Sunday, same ISO week
			{monday.Add(7 * 24 * time.Hour), 1}, // next Monday
		} {
			n, err := outbox.QueueDigests(ctx, db, "https://staffnet.example/", c.at)
			if err != nil || n != c.want {
				t.Errorf("run %d at %s: queued %d, %v; want %d", i, c.at, n, err, c.want)
			}
		}
		ms, _ := db.MailTo(ctx, "one@example.nhs.uk")
		if len(ms) != 2 || ms[0].Kind != "digest" || !strings.Contains(ms[0].Text, "No terms of reference") && !strings.Contains(ms[0].Text, "terms of reference") ||
			!strings.Contains(ms[0].Text, "https://staffnet.example/my/networks/") {
			t.Errorf("digests: %+v", ms)
		}
		for _, addr := range []string{"two@example.nhs.uk", "closed@example.nhs.uk"} {
			if ms, _ := db.MailTo(ctx, addr); len(ms) != 0 {
				t.Errorf("%s got %d digests", addr, len(ms))
			}
		}
		// Turning it back on: the next week's comes.
		db.SetDigestOff(ctx, off.ID, false)
		if n, _ := outbox.QueueDigests(ctx, db, "https://staffnet.example", monday.Add(14*24*time.Hour)); n != 2 {
			t.Errorf("with both leads on: %d", n)
		}
	})
}
