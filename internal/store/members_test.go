package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/members"
	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
)

func memberNetwork(t testing.TB, db *store.DB) int64 {
	t.Helper()
	ctx := context.Background()
	if _, _, err := db.UpsertOrganisations(ctx, []orgs.Organisation{{Code: "RJ1", Name: "Trust", Region: "Y56", Type: "NHS trust"}}); err != nil {
		t.Fatal(err)
	}
	n := &network.Network{OrgCode: "RJ1", Type: network.TypeBME, Name: "REN", YearStarted: 2016, Purpose: "p", Contact: "c", Status: network.StatusActive}
	if err := db.CreateNetwork(ctx, n); err != nil {
		t.Fatal(err)
	}
	return n.ID
}

// TestJoinAtOnce: ten sign-ups for one address at the same moment leave
// one row, on both databases.
func TestJoinAtOnce(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		id := memberNetwork(t, db)
		now := time.Now()
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				m := members.Member{NetworkID: id, Name: "Zara (demo)", Email: "zara@example.nhs.uk", ConsentText: "c", ConsentedOn: now}
				_, err := db.JoinNetwork(ctx, &m, auth.HashToken(auth.NewToken()), auth.HashToken(auth.NewToken()), now.Add(time.Hour), now,
					func(store.JoinState) *store.Mail {
						return &store.Mail{Kind: "confirm", To: m.Email, Subject: "s", Text: "t"}
					})
				if err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if tot, _ := db.MemberTotals(ctx, id); tot.Pending != 1 {
			t.Errorf("%+v", tot)
		}
		// Expired sign-ups go, with their mail.
		if n, err := db.PurgeSignups(ctx, now.Add(2*time.Hour)); n != 1 || err != nil {
			t.Errorf("purge: %d %v", n, err)
		}
		if ms, _ := db.MailTo(ctx, "zara@example.nhs.uk"); len(ms) != 0 {
			t.Errorf("%d mails left", len(ms))
		}
	})
}
