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
	"staffnet/internal/store/storetest"
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
		if tot, _, _ := db.MemberFigures(ctx, id); tot.Pending != 1 {
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
// else counts nothing, of ten saves at once only one counts, and changing
// back within the month takes the count off again.
func TestAllyChangeCounted(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		id := memberNetwork(t, db)
		now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
		got := confirmedMember(t, db, id, "zara@example.nhs.uk", false, now)
		check := func(what string, want members.Month, wantAllies int) {
			t.Helper()
			m, tot := onlyMonth(t, db, id)
			if want.Month = "2026-05"; m != want {
				t.Errorf("%s: month %+v, want %+v", what, m, want)
			}
			if tot.Members != 1 || tot.Allies != wantAllies {
				t.Errorf("%s: totals %+v, want 1 member, %d allies", what, tot, wantAllies)
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

		// Changing back within the month takes the change off again, so
		// saving over and over moves the month by one member at most.
		for i := range 21 {
			got.Ally = i%2 == 0
			if err := db.UpdateMember(ctx, got, now); err != nil {
				t.Fatal(err)
			}
		}
		check("after 21 more changes", members.Month{Joined: 2, Left: 1, AlliesJoined: 1}, 1)
		got.Ally = false
		if err := db.UpdateMember(ctx, got, now); err != nil {
			t.Fatal(err)
		}
		check("back as joined", members.Month{Joined: 1}, 0)

		// A change in a new month counts there, once.
		june := now.AddDate(0, 1, 0)
		for _, ally := range []bool{true, false, true} {
			got.Ally = ally
			if err := db.UpdateMember(ctx, got, june); err != nil {
				t.Fatal(err)
			}
		}
		if _, ms, _ := db.MemberFigures(ctx, id); len(ms) != 2 || ms[1] != (members.Month{Month: "2026-06", Joined: 1, Left: 1, AlliesJoined: 1}) {
			t.Errorf("June: %+v", ms)
		}
		// Leaving counts with the status the member had when deleted.
		if err := db.DeleteMember(ctx, got.ID, june); err != nil {
			t.Fatal(err)
		}
		if _, ms, _ := db.MemberFigures(ctx, id); ms[1] != (members.Month{Month: "2026-06", Joined: 1, Left: 2, AlliesJoined: 1, AlliesLeft: 1}) {
			t.Errorf("June after leaving: %+v", ms[1])
		}
		if err := db.DeleteMember(ctx, got.ID, june); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting twice: %v, want ErrNotFound", err)
		}

		if err := db.UpdateMember(ctx, &members.Member{ID: got.ID, Ally: true}, now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown member: %v, want ErrNotFound", err)
		}
	})
}

// confirmedMember signs up email to network id and confirms it.
func confirmedMember(t *testing.T, db *store.DB, id int64, email string, ally bool, now time.Time) *members.Member {
	t.Helper()
	ctx := context.Background()
	confirm, manage := auth.NewToken(), auth.NewToken()
	m := members.Member{NetworkID: id, Name: "Zara (demo)", Email: email, Ally: ally, ConsentText: "c", ConsentedOn: now}
	if _, err := db.JoinNetwork(ctx, &m, auth.HashToken(confirm), auth.HashToken(manage), now.Add(time.Hour), now, func(store.JoinState) *store.Mail { return nil }); err != nil {
		t.Fatal(err)
	}
	got, err := db.ConfirmMember(ctx, auth.HashToken(confirm), auth.HashToken(manage), now, func(*members.Member) *store.Mail { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestDeleteMemberWhileAllyChanges: on PostgreSQL a deletion that waits
// on a member's row while a change of ally status commits counts the
// leaver with the status the row had when it was deleted, so the months
// still add up to allies now. (SQLite runs one writer at a time.)
func TestDeleteMemberWhileAllyChanges(t *testing.T) {
	db, raw := storetest.PostgresSQL(t)
	ctx := context.Background()
	id := memberNetwork(t, db)
	now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
	m := confirmedMember(t, db, id, "zara@example.nhs.uk", false, now)
	// What UpdateMember writes for a change to ally, held uncommitted.
	tx, err := raw.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, q := range []string{`UPDATE network_members SET ally = 1, ally_changed = '2026-05' WHERE id = $1`,
		`UPDATE network_member_months SET left_count = left_count + 1, joined = joined + 1, allies_joined = allies_joined + 1 WHERE network_id = (SELECT network_id FROM network_members WHERE id = $1)`} {
		if _, err := tx.Exec(q, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan error, 1)
	go func() { done <- db.DeleteMember(ctx, m.ID, now) }()
	// Wait until the deletion is queued behind the change's row lock.
	for waiting := 0; waiting == 0; {
		select {
		case err := <-done:
			t.Fatalf("the deletion did not wait for the change: %v", err)
		default:
		}
		time.Sleep(10 * time.Millisecond)
		if err := raw.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM network_members%'`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if mo, _ := onlyMonth(t, db, id); mo != (members.Month{Month: "2026-05", Joined: 2, Left: 2, AlliesJoined: 1, AlliesLeft: 1}) {
		t.Errorf("month %+v after the change and the deletion", mo)
	}
}

// TestAllySavesAtOnce: members saving opposite ally statuses at the same
// moment leave the months adding up to the members and allies now, on
// both databases.
func TestAllySavesAtOnce(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		id := memberNetwork(t, db)
		now := time.Date(2026, 5, 10, 12, 0, 0, 0, time.UTC)
		m := confirmedMember(t, db, id, "zara@example.nhs.uk", false, now)
		var wg sync.WaitGroup
		for i := range 200 {
			wg.Go(func() {
				c := *m
				c.Ally = i%2 == 0
				if err := db.UpdateMember(ctx, &c, now); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if mo, _ := onlyMonth(t, db, id); mo.AlliesLeft < 0 || mo.Left < 0 || mo.Joined > 2 {
			t.Errorf("month %+v: more than one change counted, or below zero", mo)
		}
	})
}

// onlyMonth is network id's one month of membership figures and its
// totals, failing the test unless the month adds up to the totals:
// joined less left is the members now, and likewise the allies.
func onlyMonth(t *testing.T, db *store.DB, id int64) (members.Month, members.Totals) {
	t.Helper()
	ctx := context.Background()
	tot, ms, err := db.MemberFigures(ctx, id)
	if err != nil || len(ms) != 1 {
		t.Fatalf("months %+v, %v", ms, err)
	}
	m := ms[0]
	if m.Joined-m.Left != tot.Members || m.AlliesJoined-m.AlliesLeft != tot.Allies {
		t.Errorf("month %+v does not add up to the totals %+v", m, tot)
	}
	return m, tot
}
