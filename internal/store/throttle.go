package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
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

// SignIn is the outcome of beginning, or settling, a sign-in attempt.
type SignIn struct {
	Allowed bool // check the password; otherwise refuse unchecked
	// Busy: refused only because as many attempts for the account are
	// being checked as it has guesses left before its lock. Nothing is
	// counted; the caller may try again in a moment.
	Busy        bool
	LockedUntil time.Time // the latest lock on any key
	Locks       []bool    // per key, from SettleSignIn: this failure started a lock on it
	// attempt is the row that marks this attempt in progress.
	attempt string
}

// pendingFor is how long an attempt in progress counts against its
// account: longer than any wait for a hashing slot and the hash, so only
// an attempt whose server died is forgotten early.
const pendingFor = 2 * time.Minute

// BeginSignIn starts an attempt to sign in, at time now, before its
// password is checked, in one transaction, so that attempts racing on
// several servers cannot pass a limit together. If any key is locked the
// attempt is refused. Otherwise, for the account (the first key), it is
// marked in progress, unless as many are in progress as the account has
// failures left before its lock (at least one), when it is Busy: so no
// more guesses can be checked at once than the limit allows, however many
// are sent in parallel. Only settled failures count (SettleSignIn): a
// burst of right passwords, from one address or for one account, never
// locks anything.
func (db *DB) BeginSignIn(ctx context.Context, policy auth.Throttle, now time.Time, keys ...ThrottleKey) (SignIn, error) {
	out := SignIn{Locks: make([]bool, len(keys))}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		failures, locked, err := db.readThrottle(ctx, tx, policy, now, keys)
		if err != nil {
			return err
		}
		if out.LockedUntil = locked; !locked.IsZero() {
			return nil
		}
		acct := keys[0]
		var pending int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM sign_in_throttle WHERE key_hash LIKE ? AND updated_at > ?`),
			acct.Hash+"/%", now.Add(-pendingFor).Unix()).Scan(&pending); err != nil {
			return err
		}
		if pending >= max(1, acct.Limit-failures[0]) {
			out.Busy = true
			return nil
		}
		out.attempt = acct.Hash + "/" + auth.NewToken()
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO sign_in_throttle (key_hash, failures, locked_until, updated_at) VALUES (?, 0, 0, ?)`),
			out.attempt, now.Unix()); err != nil {
			return err
		}
		out.Allowed = true
		return nil
	})
	return out, err
}

// readThrottle reads each key's failures (0 once forgotten), taking the
// row's write lock on PostgreSQL, and the latest lock in force at now.
func (db *DB) readThrottle(ctx context.Context, tx *sql.Tx, policy auth.Throttle, now time.Time, keys []ThrottleKey) ([]int, time.Time, error) {
	failures := make([]int, len(keys))
	var lockedUntil time.Time
	for i, k := range keys {
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO sign_in_throttle (key_hash, failures, locked_until, updated_at) VALUES (?, 0, 0, ?) ON CONFLICT DO NOTHING`),
			k.Hash, now.Unix()); err != nil {
			return nil, lockedUntil, err
		}
		var locked, updated int64
		if err := tx.QueryRowContext(ctx, db.q(`SELECT failures, locked_until, updated_at FROM sign_in_throttle WHERE key_hash = ?`+db.forUpdate()), k.Hash).
			Scan(&failures[i], &locked, &updated); err != nil {
			return nil, lockedUntil, err
		}
		if locked > now.Unix() {
			lockedUntil = later(lockedUntil, time.Unix(locked, 0))
		} else if updated <= now.Add(-policy.Forget).Unix() {
			failures[i] = 0
		}
	}
	return failures, lockedUntil, nil
}

// SettleSignIn ends an attempt BeginSignIn allowed, once its password was
// checked. A right password clears the account's failures and leaves the
// other keys alone; a wrong one adds a failure to every key, and a key
// that reaches its limit is locked for policy.LockFor.
func (db *DB) SettleSignIn(ctx context.Context, policy auth.Throttle, now time.Time, a SignIn, ok bool, keys ...ThrottleKey) (SignIn, error) {
	out := SignIn{Locks: make([]bool, len(keys))}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM sign_in_throttle WHERE key_hash = ?`), a.attempt); err != nil {
			return err
		}
		if ok {
			_, err := tx.ExecContext(ctx, db.q(`DELETE FROM sign_in_throttle WHERE key_hash = ?`), keys[0].Hash)
			return err
		}
		failures, _, err := db.readThrottle(ctx, tx, policy, now, keys)
		if err != nil {
			return err
		}
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

// SignInNotTried ends an attempt whose password was never checked (the
// server was too busy, or a key was locked meanwhile): nothing is counted.
func (db *DB) SignInNotTried(ctx context.Context, a SignIn) error {
	_, err := db.sql.ExecContext(ctx, db.q(`DELETE FROM sign_in_throttle WHERE key_hash = ?`), a.attempt)
	return err
}

// SignInLocked returns the latest lock in force at now on any key, or the
// zero time. It is asked again just before a password is checked: while
// an attempt waited for a hashing slot, others' failures may have locked
// its address.
func (db *DB) SignInLocked(ctx context.Context, now time.Time, keys ...ThrottleKey) (time.Time, error) {
	var until time.Time
	for _, k := range keys {
		var locked int64
		err := db.sql.QueryRowContext(ctx, db.q(`SELECT locked_until FROM sign_in_throttle WHERE key_hash = ?`), k.Hash).Scan(&locked)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return until, err
		}
		if locked > now.Unix() {
			until = later(until, time.Unix(locked, 0))
		}
	}
	return until, nil
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// ClearThrottle forgets an account's failed sign-ins, for an
// administrator who has checked who is asking.
func (db *DB) ClearThrottle(ctx context.Context, key string) error {
	_, err := db.sql.ExecContext(ctx, db.q(`DELETE FROM sign_in_throttle WHERE key_hash = ?`), key)
	return err
}
