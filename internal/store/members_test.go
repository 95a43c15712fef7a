package store_test

import (
	"context"
	"errors"
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

// TestAllyChangeCounted: a confirmed member who changes whether they are an
// ally counts as leaving and joining again that month, so that the months
// still add up to the members and allies now; a save that changes nothing
// else counts nothing, and of ten saves at once only one counts.
func TestAllyChangeCounted(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		id := memberNetwork(t, db)
		now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
		confirm, manage := auth.NewToken(), auth.NewToken()
		m := members.Member{NetworkID: id, Name: "Zara (demo)", Email: "zara@example.nhs.uk", ConsentText: "c", ConsentedOn: now}
		noMail := func(*members.Member) *store.Mail { return nil }
		if _, err := db.JoinNetwork(ctx, &m, auth.HashToken(confirm), auth.HashToken(manage), now.Add(time.Hour), now, func(store.JoinState) *store.Mail { return nil }); err != nil {
			t.Fatal(err)
		}
		got, err := db.ConfirmMember(ctx, auth.HashToken(confirm), auth.HashToken(manage), now, noMail)
		if err != nil {
			t.Fatal(err)
		}
		check := func(what string, want members.Month, wantAllies int) {
			t.Helper()
			ms, err := db.MemberMonths(ctx, id)
			if err != nil || len(ms) != 1 {
				t.Fatalf("%s: months %+v, %v", what, ms, err)
			}
			want.Month = "2026-05"
			if ms[0] != want {
				t.Errorf("%s: month %+v, want %+v", what, ms[0], want)
			}
			tot, err := db.MemberTotals(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			m := ms[0]
			if tot.Members != 1 || tot.Allies != wantAllies || m.Joined-m.Left != tot.Members || m.AlliesJoined-m.AlliesLeft != tot.Allies {
				t.Errorf("%s: totals %+v do not match the month %+v", what, tot, m)
			}
		}
		check("joined", members.Month{Joined: 1}, 0)

		got.Site = "Main site"
		if err := db.UpdateMember(ctx, got, now); err != nil {
			t.Fatal(err)
		}
		check("site changed", members.Month{Joined: 1}, 0)

		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {
				c := *got
				c.Ally = true
				if err := db.UpdateMember(ctx, &c, now); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		check("became an ally", members.Month{Joined: 2, Left: 1, AlliesJoined: 1}, 1)

		got.Ally = false
		if err := db.UpdateMember(ctx, got, now); err != nil {
			t.Fatal(err)
		}
		check("an ally no more", members.Month{Joined: 3, Left: 2, AlliesJoined: 1, AlliesLeft: 1}, 0)

		if err := db.UpdateMember(ctx, &members.Member{ID: got.ID + 1000, Ally: true}, now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown member: %v, want ErrNotFound", err)
		}
	})
}
