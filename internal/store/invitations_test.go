package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/store"
)

// fixedNow is the fixed clock's time in these tests.
var fixedNow = time.Unix(1_800_000_000, 0)

// anAccount adds an analyst's account with this address.
func anAccount(t *testing.T, db *store.DB, email string) *store.User {
	t.Helper()
	u, err := db.AddUser(context.Background(), store.User{Email: email, Role: auth.Analyst, PasswordHash: "h"})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestInvitationLifetime, with a fixed clock: an invitation works until
// it expires, once; a new one to the same address voids the old; an
// address with an account cannot be invited; the mail goes with it.
func TestInvitationLifetime(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx, t0 := context.Background(), fixedNow
		inv := store.Invitation{Email: "new@trust.nhs.uk", Role: auth.Analyst, InvitedBy: "admin@trust.nhs.uk", Expires: t0.Add(auth.InviteTTL)}
		m := &store.Mail{Kind: "invitation", To: inv.Email, Subject: "s", Text: "t"}
		if err := db.CreateInvitation(ctx, "old", inv, t0, m); err != nil || m.ID == 0 {
			t.Fatalf("invite: %v (mail %d)", err, m.ID)
		}
		if err := db.CreateInvitation(ctx, "tok", inv, t0, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := db.InvitationByToken(ctx, "old", t0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the replaced invitation still works: %v", err)
		}
		end := t0.Add(auth.InviteTTL)
		if got, err := db.InvitationByToken(ctx, "tok", end.Add(-time.Second)); err != nil || got.Role != auth.Analyst || !got.Expires.Equal(end) {
			t.Errorf("a second before expiry: %+v %v", got, err)
		}
		if _, err := db.InvitationByToken(ctx, "tok", end); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("at expiry: %v", err)
		}
		if _, err := db.AcceptInvitation(ctx, "tok", "h", end); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("accepted at expiry: %v", err)
		}
		u, err := db.AcceptInvitation(ctx, "tok", "h", end.Add(-time.Second))
		if err != nil || u.Email != inv.Email || u.Role != auth.Analyst {
			t.Fatalf("accept: %+v %v", u, err)
		}
		if _, err := db.AcceptInvitation(ctx, "tok", "h", t0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("accepted twice: %v", err)
		}
		if err := db.CreateInvitation(ctx, "again", inv, t0, nil); !errors.Is(err, store.ErrExists) {
			t.Errorf("invited an address with an account: %v", err)
		}
	})
}

// TestEmailResetLifetime, with a fixed clock: a reset link sent by email
// works for an hour, once; a second one asked for within the gap is not
// made (nor its mail queued); after the gap it is, and voids the first.
func TestEmailResetLifetime(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx, t0, u := context.Background(), fixedNow, anAccount(t, db, "a@nhs.net")
		reset := func(token string, at time.Time) (bool, *store.Mail) {
			t.Helper()
			m := &store.Mail{Kind: "reset", To: u.Email, Subject: "s", Text: "t"}
			made, err := db.CreateEmailReset(ctx, token, u.ID, at, auth.EmailResetTTL, auth.ResetMailGap, m)
			if err != nil {
				t.Fatal(err)
			}
			return made, m
		}
		if made, m := reset("one", t0); !made || m.ID == 0 {
			t.Fatal("first reset not made or not queued")
		}
		if made, m := reset("two", t0.Add(auth.ResetMailGap-time.Second)); made || m.ID != 0 {
			t.Error("a second reset within the gap was made or queued")
		}
		if _, err := db.ResetUser(ctx, "one", t0.Add(auth.EmailResetTTL-time.Second)); err != nil {
			t.Errorf("a second before expiry: %v", err)
		}
		if _, err := db.ResetUser(ctx, "one", t0.Add(auth.EmailResetTTL)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("at expiry: %v", err)
		}
		t1 := t0.Add(auth.ResetMailGap)
		if made, _ := reset("three", t1); !made {
			t.Fatal("a reset after the gap was not made")
		}
		if _, err := db.ResetUser(ctx, "one", t1); !errors.Is(err, store.ErrNotFound) {
			t.Error("the first link survived a new one")
		}
		if _, err := db.UseReset(ctx, "three", "new", t1); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UseReset(ctx, "three", "newer", t1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("used twice: %v", err)
		}
	})
}

// TestOIDCLoginAndLink: a sign-in's state works once and not after it
// expires (fixed clock); an account links to one subject only, and one
// subject to one account.
func TestOIDCLoginAndLink(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx, t0 := context.Background(), fixedNow
		for _, s := range []string{"a", "b"} {
			if err := db.SaveOIDCLogin(ctx, store.OIDCLogin{State: s, Nonce: "n" + s, Verifier: "v" + s, Next: "/x"}, t0.Add(auth.OIDCLoginTTL)); err != nil {
				t.Fatal(err)
			}
		}
		if l, err := db.TakeOIDCLogin(ctx, "a", t0.Add(auth.OIDCLoginTTL-time.Second)); err != nil || l.Nonce != "na" || l.Verifier != "va" || l.Next != "/x" {
			t.Fatalf("take: %+v %v", l, err)
		}
		if _, err := db.TakeOIDCLogin(ctx, "a", t0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("taken twice: %v", err)
		}
		if _, err := db.TakeOIDCLogin(ctx, "b", t0.Add(auth.OIDCLoginTTL)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("taken at expiry: %v", err)
		}
		u1, u2 := anAccount(t, db, "a@nhs.net"), anAccount(t, db, "b@nhs.net")
		if err := db.LinkSubject(ctx, u1.ID, "iss", "s1"); err != nil {
			t.Fatal(err)
		}
		if err := db.LinkSubject(ctx, u1.ID, "iss", "s1"); err != nil {
			t.Errorf("linking again to the same subject: %v", err)
		}
		if err := db.LinkSubject(ctx, u1.ID, "iss", "s2"); !errors.Is(err, store.ErrLinked) {
			t.Errorf("relinked to another subject: %v", err)
		}
		if err := db.LinkSubject(ctx, u2.ID, "iss", "s1"); !errors.Is(err, store.ErrLinked) {
			t.Errorf("one subject linked to two accounts: %v", err)
		}
		if u, err := db.UserBySubject(ctx, "iss", "s1"); err != nil || u.ID != u1.ID {
			t.Errorf("by subject: %+v %v", u, err)
		}
		if _, err := db.UserBySubject(ctx, "other-issuer", "s1"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a subject at another issuer found the account: %v", err)
		}
		if linked, _ := db.Linked(ctx, u2.ID); linked {
			t.Error("u2 linked")
		}
	})
}
