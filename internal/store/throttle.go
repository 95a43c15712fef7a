package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"time"

	"staffnet/internal/auth"
)

// ThrottleHasher returns a function that turns an account's email or a
// client address into the key its failed sign-ins are counted under: an
// HMAC-SHA256 under a random key kept in the database, made by the first
// server to need it, so that every server behind a load balancer counts
// under the same keys while the table holds neither email addresses nor
// client addresses.
func (db *DB) ThrottleHasher(ctx context.Context) (func(kind, value string) string, error) {
	if _, err := db.sql.ExecContext(ctx, db.q(`INSERT INTO throttle_keys (id, secret) VALUES (1, ?) ON CONFLICT DO NOTHING`), auth.NewToken()); err != nil {
		return nil, err
	}
	var key string
	if err := db.sql.QueryRowContext(ctx, `SELECT secret FROM throttle_keys WHERE id = 1`).Scan(&key); err != nil {
		return nil, err
	}
	return func(kind, value string) string {
		m := hmac.New(sha256.New, []byte(key))
		m.Write([]byte(kind + ":" + value))
		return hex.EncodeToString(m.Sum(nil))
	}, nil
}

// ThrottleKey is one key a sign-in is counted under, with its limit.
type ThrottleKey struct {
	Hash  string
	Limit int
}

// SignIn is the outcome of counting a sign-in attempt.
type SignIn struct {
	Allowed     bool      // check the password; otherwise refuse unchecked
	LockedUntil time.Time // the latest lock on any key, after this attempt
	Locks       []bool    // per key: this attempt started a lock on it
}

// CountSignIn counts an attempt to sign in against every key at time now,
// before its password is checked, in one transaction, so that attempts
// racing on several servers cannot pass a limit together. If any key is
// locked the attempt is refused and nothing is counted. Otherwise each
// key's failures go up by one, and a key that reaches its limit is locked
// for policy.LockFor; the attempt that reaches the limit is still checked,
// and SignInSucceeded takes it back if the password was right.
func (db *DB) CountSignIn(ctx context.Context, policy auth.Throttle, now time.Time, keys ...ThrottleKey) (SignIn, error) {
	out := SignIn{Locks: make([]bool, len(keys))}
	forUpdate := ""
	if db.pg {
		forUpdate = " FOR UPDATE"
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		failures := make([]int, len(keys))
		for i, k := range keys {
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO sign_in_throttle (key_hash, failures, locked_until, updated_at) VALUES (?, 0, 0, ?) ON CONFLICT DO NOTHING`),
				k.Hash, now.Unix()); err != nil {
				return err
			}
			var locked, updated int64
			if err := tx.QueryRowContext(ctx, db.q(`SELECT failures, locked_until, updated_at FROM sign_in_throttle WHERE key_hash = ?`+forUpdate), k.Hash).
				Scan(&failures[i], &locked, &updated); err != nil {
				return err
			}
			if locked > now.Unix() {
				out.LockedUntil = later(out.LockedUntil, time.Unix(locked, 0))
			} else if updated <= now.Add(-policy.Forget).Unix() {
				failures[i] = 0
			}
		}
		if !out.LockedUntil.IsZero() {
			return nil
		}
		out.Allowed = true
		for i, k := range keys {
			failures[i]++
			var until int64
			if d := policy.LockFor(failures[i], k.Limit); d > 0 {
				out.Locks[i] = true
				out.LockedUntil = later(out.LockedUntil, now.Add(d))
				until = now.Add(d).Unix()
			}
			if _, err := tx.ExecContext(ctx, db.q(`UPDATE sign_in_throttle SET failures = ?, locked_until = ?, updated_at = ? WHERE key_hash = ?`),
				failures[i], until, now.Unix(), k.Hash); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// SignInSucceeded takes back a counted attempt whose password was right:
// the account's count is cleared, and the address's goes down by one (and
// its lock, if the attempt started it, is lifted).
func (db *DB) SignInSucceeded(ctx context.Context, account, address ThrottleKey) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM sign_in_throttle WHERE key_hash = ?`), account.Hash); err != nil {
			return err
		}
		return db.uncount(ctx, tx, address)
	})
}

// ClearThrottle forgets an account's failed sign-ins, for an
// administrator who has checked who is asking.
func (db *DB) ClearThrottle(ctx context.Context, key string) error {
	_, err := db.sql.ExecContext(ctx, db.q(`DELETE FROM sign_in_throttle WHERE key_hash = ?`), key)
	return err
}

// SignInNotTried takes back a counted attempt whose password was never
// checked (the server was too busy): each key's count goes down by one,
// and a lock the attempt started is lifted.
func (db *DB) SignInNotTried(ctx context.Context, keys ...ThrottleKey) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if err := db.uncount(ctx, tx, k); err != nil {
				return err
			}
		}
		return nil
	})
}

func (db *DB) uncount(ctx context.Context, tx *sql.Tx, k ThrottleKey) error {
	_, err := tx.ExecContext(ctx, db.q(`UPDATE sign_in_throttle SET failures = failures - 1,
		locked_until = CASE WHEN failures - 1 < ? THEN 0 ELSE locked_until END WHERE key_hash = ? AND failures > 0`), k.Limit, k.Hash)
	return err
}
