package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/store"
)

func TestSessionLifetimes(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u, err := db.AddUser(ctx, store.User{Email: "a@nhs.net", Role: auth.Analyst, PasswordHash: "h"})
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Unix(1_800_000_000, 0)
		if _, err := db.CreateSession(ctx, "s", u.ID, t0); err != nil {
			t.Fatal(err)
		}
		live := func(at time.Time) bool {
			t.Helper()
			_, err := db.SessionByToken(ctx, "s", at)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				t.Fatal(err)
			}
			return err == nil
		}
		// Used every 29 minutes, the session lives until 12 hours after sign-in.
		at := t0
		for at.Before(t0.Add(auth.SessionMax - auth.SessionIdle)) {
			at = at.Add(auth.SessionIdle - time.Minute)
			if !live(at) {
				t.Fatalf("session ended %v after sign-in although used every 29 minutes", at.Sub(t0))
			}
		}
		if live(t0.Add(auth.SessionMax)) {
			t.Error("session outlived 12 hours")
		}

		// Idle for 30 minutes, a session ends.
		if _, err := db.CreateSession(ctx, "s", u.ID, t0); err == nil {
			t.Fatal("a token was stored twice")
		}
		if _, err := db.CreateSession(ctx, "idle", u.ID, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, "idle", t0.Add(auth.SessionIdle)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("idle session: %v", err)
		}

		// Purge deletes both, and nothing live.
		if _, err := db.CreateSession(ctx, "fresh", u.ID, t0.Add(11*time.Hour)); err != nil {
			t.Fatal(err)
		}
		p, err := db.Purge(ctx, t0.Add(11*time.Hour+time.Minute), auth.DefaultThrottle)
		if err != nil {
			t.Fatal(err)
		}
		// "s" was last used at about 11h36 of its 12 hours, so only "idle"
		// has ended.
		if p.Sessions != 1 {
			t.Errorf("purged %d sessions, want 1", p.Sessions)
		}
		if !live(t0.Add(11*time.Hour + 2*time.Minute)) {
			t.Error("purge deleted a live session")
		}
	})
}

func TestAccountLifecycle(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now()
		boss, _ := db.AddUser(ctx, store.User{Email: "boss@nhs.net", Role: auth.Admin, PasswordHash: "h"})
		u, _ := db.AddUser(ctx, store.User{Email: "lead@nhs.net", Role: auth.Analyst, PasswordHash: "h"})
		if _, err := db.CreateSession(ctx, "lead", u.ID, now); err != nil {
			t.Fatal(err)
		}
		// The only admin cannot be disabled, demoted or removed.
		if err := db.SetDisabled(ctx, boss.ID, true); !errors.Is(err, store.ErrLastAdmin) {
			t.Errorf("disable last admin: %v", err)
		}
		if err := db.UpdateUser(ctx, store.User{ID: boss.ID, Role: auth.Analyst}); !errors.Is(err, store.ErrLastAdmin) {
			t.Errorf("demote last admin: %v", err)
		}
		if err := db.RemoveUser(ctx, boss.ID); !errors.Is(err, store.ErrLastAdmin) {
			t.Errorf("remove last admin: %v", err)
		}
		// Disabling ends sessions at once; enabling does not bring them back.
		if err := db.SetDisabled(ctx, u.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, "lead", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session of a disabled account: %v", err)
		}
		got, _ := db.UserByID(ctx, u.ID)
		if !got.Disabled {
			t.Error("account not disabled")
		}
		if err := db.SetDisabled(ctx, u.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, "lead", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session came back: %v", err)
		}
		if err := db.UpdateUser(ctx, store.User{ID: u.ID, Role: auth.Admin}); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateUser(ctx, store.User{ID: boss.ID, Role: auth.Analyst}); err != nil {
			t.Errorf("demote one of two admins: %v", err)
		}

		// A reset link works once, and not after it expires.
		if err := db.CreateReset(ctx, "r1", u.ID, now); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateReset(ctx, "r2", u.ID, now); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ResetUser(ctx, "r1", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an older reset link still works: %v", err)
		}
		if _, err := db.ResetUser(ctx, "r2", now.Add(auth.ResetTTL)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired reset link: %v", err)
		}
		if _, err := db.CreateSession(ctx, "lead2", u.ID, now); err != nil {
			t.Fatal(err)
		}
		if got, err := db.UseReset(ctx, "r2", "new", now); err != nil || got.PasswordHash != "new" {
			t.Fatalf("reset: %v", err)
		}
		if _, err := db.UseReset(ctx, "r2", "again", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("reset link used twice: %v", err)
		}
		if _, err := db.SessionByToken(ctx, "lead2", now); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session survived a reset: %v", err)
		}

		checkDeleted(t, "account", func() error { return db.RemoveUser(ctx, boss.ID) },
			func() error { _, err := db.UserByID(ctx, boss.ID); return err })
	})
}

func TestPurgeTokens(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now()
		u, _ := db.AddUser(ctx, store.User{Email: "a@nhs.net", Role: auth.Admin, PasswordHash: "h"})
		db.CreateReset(ctx, "r", u.ID, now)
		db.CreateSetupToken(ctx, "setup", time.Hour)
		if err := db.LoadBuiltins(ctx); err != nil {
			t.Fatal(err)
		}
		s, err := db.Survey(ctx, "bme-network-mapping-2016")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.SubmitResponse(ctx, s, "form-1", s.Def.NewResponse()); err != nil {
			t.Fatal(err)
		}
		p, err := db.Purge(ctx, now.Add(time.Minute), auth.DefaultThrottle)
		if err != nil || p.Resets != 0 || p.SetupTokens != 0 || p.SubmissionTokens != 0 {
			t.Fatalf("first purge %+v %v", p, err)
		}
		// Marked by the first purge, the used token still refuses a second submission.
		if err := db.SubmitResponse(ctx, s, "form-1", s.Def.NewResponse()); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("resubmission after one purge: %v", err)
		}
		if err := db.SubmitResponse(ctx, s, "form-2", s.Def.NewResponse()); err != nil {
			t.Fatal(err)
		}
		// A purge soon after (another server's) leaves the tokens alone.
		if p, err = db.Purge(ctx, now.Add(2*time.Minute), auth.DefaultThrottle); err != nil || p.SubmissionTokens != 0 {
			t.Fatalf("purge too soon %+v %v", p, err)
		}
		if err := db.SubmitResponse(ctx, s, "form-1", s.Def.NewResponse()); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("resubmission after a second purge within the hour: %v", err)
		}
		p, err = db.Purge(ctx, now.Add(auth.ResetTTL), auth.DefaultThrottle)
		if err != nil || p.Resets != 1 || p.SetupTokens != 1 || p.SubmissionTokens != 1 {
			t.Fatalf("second purge %+v %v", p, err)
		}
		if p, err = db.Purge(ctx, now.Add(auth.ResetTTL+store.TokenPurgeEvery), auth.DefaultThrottle); err != nil || p.SubmissionTokens != 1 || p.Resets != 0 {
			t.Fatalf("third purge %+v %v", p, err)
		}
	})
}

func TestThrottle(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pol := auth.Throttle{AccountLimit: 3, AddressLimit: 10, Lock: time.Minute, MaxLock: time.Hour, Forget: 24 * time.Hour}
		hash, err := db.ThrottleHasher(ctx)
		if err != nil {
			t.Fatal(err)
		}
		hash2, _ := db.ThrottleHasher(ctx)
		if hash("account", "a@nhs.net") != hash2("account", "a@nhs.net") || hash("account", "a@nhs.net") == hash("address", "a@nhs.net") {
			t.Fatal("throttle keys are not stable, or kinds collide")
		}
		acct := store.ThrottleKey{Hash: hash("account", "a@nhs.net"), Limit: pol.AccountLimit}
		addr := store.ThrottleKey{Hash: hash("address", "192.0.2.1"), Limit: pol.AddressLimit}
		now := time.Unix(1_800_000_000, 0)

		// 20 attempts at once: no more are let through to be checked than
		// the account has guesses before its lock.
		var wg sync.WaitGroup
		var mu sync.Mutex
		var begun []store.SignIn
		busy := 0
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := db.BeginSignIn(ctx, pol, now, acct, addr)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if r.Allowed {
					begun = append(begun, r)
				} else if r.Busy {
					busy++
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		if len(begun) != pol.AccountLimit || busy != 20-pol.AccountLimit {
			t.Fatalf("%d concurrent attempts allowed and %d busy, want %d and the rest", len(begun), busy, pol.AccountLimit)
		}
		// They all fail: the last one settled locks the account.
		var r store.SignIn
		for _, b := range begun {
			if r, err = db.SettleSignIn(ctx, pol, now, b, false, acct, addr); err != nil {
				t.Fatal(err)
			}
		}
		if !r.Locks[0] || r.Locks[1] || !r.LockedUntil.Equal(now.Add(time.Minute)) {
			t.Fatalf("third failure: %+v", r)
		}
		r, _ = db.BeginSignIn(ctx, pol, now.Add(59*time.Second), acct, addr)
		if r.Allowed || !r.LockedUntil.Equal(now.Add(time.Minute)) {
			t.Fatalf("during the lock: %+v", r)
		}
		if until, err := db.SignInLocked(ctx, now.Add(59*time.Second), acct, addr); err != nil || !until.Equal(now.Add(time.Minute)) {
			t.Fatalf("SignInLocked: %v, %v", until, err)
		}
		// After the lock one attempt at a time passes, and a failure locks
		// for twice as long.
		r, _ = db.BeginSignIn(ctx, pol, now.Add(time.Minute), acct, addr)
		if r2, _ := db.BeginSignIn(ctx, pol, now.Add(time.Minute), acct, addr); !r.Allowed || r2.Allowed || !r2.Busy {
			t.Fatalf("after the lock: %+v, then %+v", r, r2)
		}
		if r, _ = db.SettleSignIn(ctx, pol, now.Add(time.Minute), r, false, acct, addr); !r.Locks[0] || !r.LockedUntil.Equal(now.Add(3*time.Minute)) {
			t.Fatalf("after the lock: %+v", r)
		}
		// Success clears the account.
		r, _ = db.BeginSignIn(ctx, pol, now.Add(3*time.Minute), acct, addr)
		if _, err := db.SettleSignIn(ctx, pol, now.Add(3*time.Minute), r, true, acct, addr); err != nil {
			t.Fatal(err)
		}
		for range pol.AccountLimit - 1 {
			r, _ = db.BeginSignIn(ctx, pol, now.Add(3*time.Minute), acct, addr)
			if r, _ = db.SettleSignIn(ctx, pol, now.Add(3*time.Minute), r, false, acct, addr); r.Locks[0] {
				t.Fatalf("after success: %+v", r)
			}
		}
		// Right passwords never count against the address; wrong ones for
		// other accounts from it add up to its limit (6 so far).
		for i := range 50 {
			k := store.ThrottleKey{Hash: hash("account", fmt.Sprintf("ok%d@nhs.net", i)), Limit: pol.AccountLimit}
			r, _ = db.BeginSignIn(ctx, pol, now.Add(3*time.Minute), k, addr)
			if !r.Allowed {
				t.Fatalf("right password %d refused: %+v", i, r)
			}
			db.SettleSignIn(ctx, pol, now.Add(3*time.Minute), r, true, k, addr)
		}
		locked := false
		for i := range 10 {
			k := store.ThrottleKey{Hash: hash("account", string(rune('b'+i))+"@nhs.net"), Limit: pol.AccountLimit}
			r, _ = db.BeginSignIn(ctx, pol, now.Add(3*time.Minute), k, addr)
			if !r.Allowed {
				locked = i == pol.AddressLimit-6
				break
			}
			db.SettleSignIn(ctx, pol, now.Add(3*time.Minute), r, false, k, addr)
		}
		if !locked {
			t.Fatal("the address was not locked at its tenth failure")
		}
		// An attempt refused unchecked is not counted.
		k := store.ThrottleKey{Hash: hash("account", "z@nhs.net"), Limit: 1}
		r, _ = db.BeginSignIn(ctx, pol, now.Add(3*time.Minute), k)
		if err := db.SignInNotTried(ctx, r); err != nil {
			t.Fatal(err)
		}
		if r, _ = db.BeginSignIn(ctx, pol, now.Add(3*time.Minute), k); !r.Allowed {
			t.Fatalf("not tried, yet counted: %+v", r)
		}
		// A day later everything is forgotten, and purged.
		p, err := db.Purge(ctx, now.Add(2*time.Minute+pol.Forget+pol.MaxLock), pol)
		if err != nil || p.Throttles < 2 {
			t.Fatalf("purge %+v %v", p, err)
		}
	})
}

func TestAuditAppendOnly(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i, a := range []string{"survey closed", "account disabled", "findings published"} {
			if err := db.Audit(ctx, store.AuditEntry{At: time.Unix(int64(1_800_000_000+i), 0), Actor: "boss@nhs.net", Action: a, Target: "t"}); err != nil {
				t.Fatal(err)
			}
		}
		page, err := db.AuditPage(ctx, 1, 1)
		if err != nil || len(page) != 1 || page[0].Action != "account disabled" {
			t.Fatalf("page %+v %v", page, err)
		}
		var all []string
		db.EachAudit(ctx, func(e store.AuditEntry) error { all = append(all, e.Action); return nil })
		if n, _ := db.CountAudit(ctx); n != 3 || len(all) != 3 || all[0] != "survey closed" {
			t.Fatalf("all %v", all)
		}
	})
}

// TestLastAdminRace: two administrators, the only enabled ones, disable
// each other at the same moment. One may succeed; at least one must stay
// enabled. Without the lock, PostgreSQL let both through in most rounds.
func TestLastAdminRace(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var prev []int64
		for i := range 10 {
			var ids [2]int64
			for k := range ids {
				u, err := db.AddUser(ctx, store.User{Email: string(rune('a'+k)) + string(rune('a'+i)) + "@nhs.net", Role: auth.Admin, PasswordHash: "h"})
				if err != nil {
					t.Fatal(err)
				}
				ids[k] = u.ID
			}
			for _, id := range prev { // only this round's two are enabled
				if err := db.SetDisabled(ctx, id, true); err != nil {
					t.Fatal(err)
				}
			}
			prev = ids[:]
			var wg sync.WaitGroup
			for k := range ids {
				wg.Go(func() { db.SetDisabled(ctx, ids[k], true) })
			}
			wg.Wait()
			users, err := db.Users(ctx)
			if err != nil {
				t.Fatal(err)
			}
			enabled := 0
			for _, u := range users {
				if u.Role == auth.Admin && !u.Disabled {
					enabled++
				}
			}
			if enabled == 0 {
				t.Fatalf("round %d: both administrators disabled each other; none is left", i)
			}
			for _, id := range ids {
				db.SetDisabled(ctx, id, false)
			}
		}
	})
}
