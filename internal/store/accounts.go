package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"staffnet/internal/auth"
)

// ErrLastAdmin is returned when a change would leave no enabled
// administrator, and so nobody able to manage accounts from the web.
var ErrLastAdmin = errors.New("this is the only enabled administrator")

// lastAdmin reports whether id is the only enabled admin. It first takes
// the write lock on users, so that two administrators disabling or
// demoting each other at once cannot both see the other still enabled
// and leave none: PostgreSQL's READ COMMITTED lets both through (two of
// three such races did), SQLite's single writer does not.
func (db *DB) lastAdmin(ctx context.Context, tx *sql.Tx, id int64) (bool, error) {
	if err := db.lockTable(ctx, tx, "users"); err != nil {
		return false, err
	}
	var others int
	err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM users WHERE role = ? AND disabled = 0 AND id <> ?`), string(auth.Admin), id).Scan(&others)
	if err != nil {
		return false, err
	}
	var self int
	err = tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM users WHERE id = ? AND role = ? AND disabled = 0`), id, string(auth.Admin)).Scan(&self)
	return self == 1 && others == 0, err
}

// UpdateUser changes an account's role, organisation and network (u.ID
// names it). The account's sessions carry on with the new role: sessions
// read the account on every request.
func (db *DB) UpdateUser(ctx context.Context, u User) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if u.Role != auth.Admin {
			if last, err := db.lastAdmin(ctx, tx, u.ID); err != nil {
				return err
			} else if last {
				return ErrLastAdmin
			}
		}
		res, err := tx.ExecContext(ctx, db.q(`UPDATE users SET role = ?, org_code = ?, network_id = ? WHERE id = ?`), string(u.Role), u.Org, u.NetworkID, u.ID)
		return changedOne(res, err)
	})
}

// SetDisabled disables or enables an account. Disabling ends its sessions
// and voids its reset links at once.
func (db *DB) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if disabled {
			if last, err := db.lastAdmin(ctx, tx, id); err != nil {
				return err
			} else if last {
				return ErrLastAdmin
			}
		}
		// disabled_at: when the account was disabled, which retention
		// counts from; closing it again does not restart the count.
		v, at := 0, int64(0)
		if disabled {
			v, at = 1, time.Now().Unix()
		}
		res, err := tx.ExecContext(ctx, db.q(`UPDATE users SET disabled = ?, disabled_at = CASE WHEN ? = 1 AND disabled = 1 THEN disabled_at ELSE ? END WHERE id = ?`), v, v, at, id)
		if err := changedOne(res, err); err != nil {
			return err
		}
		if !disabled {
			return nil
		}
		return db.endSessions(ctx, tx, id)
	})
}

func (db *DB) endSessions(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE user_id = ?`), id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, db.q(`DELETE FROM password_resets WHERE user_id = ?`), id)
	return err
}

// RemoveUser deletes an account with its sessions and reset links.
func (db *DB) RemoveUser(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if last, err := db.lastAdmin(ctx, tx, id); err != nil {
			return err
		} else if last {
			return ErrLastAdmin
		}
		if err := db.endSessions(ctx, tx, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, db.q(`DELETE FROM users WHERE id = ?`), id)
		return changedOne(res, err)
	})
}

// CreateReset stores a one-time password reset link for an account (the
// token stored hashed), valid for auth.ResetTTL from now. Earlier links
// for the account stop working.
func (db *DB) CreateReset(ctx context.Context, token string, userID int64, now time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.createReset(ctx, tx, token, userID, now.Add(auth.ResetTTL)) })
}

func (db *DB) createReset(ctx context.Context, tx *sql.Tx, token string, userID int64, expires time.Time) error {
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM password_resets WHERE user_id = ?`), userID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, db.q(`INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES (?, ?, ?)`),
		auth.HashToken(token), userID, expires.Unix())
	return err
}

// ResetUser returns the enabled account a live reset link is for, or
// ErrNotFound.
func (db *DB) ResetUser(ctx context.Context, token string, now time.Time) (*User, error) {
	var u User
	err := scanUser(db.sql.QueryRowContext(ctx, db.q(`SELECT `+userColumns+` FROM password_resets r JOIN users u ON u.id = r.user_id
		WHERE r.token_hash = ? AND r.expires_at > ? AND u.disabled = 0`), auth.HashToken(token), now.Unix()), &u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// UseReset sets a new password with a reset link, which then stops
// working; the account's sessions end. It fails with ErrNotFound if the
// link is unknown, used or expired.
func (db *DB) UseReset(ctx context.Context, token, passwordHash string, now time.Time) (*User, error) {
	u, err := db.ResetUser(ctx, token, now)
	if err != nil {
		return nil, err
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`DELETE FROM password_resets WHERE token_hash = ? AND expires_at > ?`), auth.HashToken(token), now.Unix())
		if err := changedOne(res, err); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE users SET password_hash = ? WHERE id = ?`), passwordHash, u.ID); err != nil {
			return err
		}
		return db.endSessions(ctx, tx, u.ID)
	})
	if err != nil {
		return nil, err
	}
	u.PasswordHash = passwordHash
	return u, nil
}

// Purged counts what Purge deleted.
type Purged struct {
	Sessions, Resets, SetupTokens, Throttles, SubmissionTokens int64
}

// purgeStep is one DELETE of Purge and where its count goes.
type purgeStep struct {
	count *int64
	query string
	args  []any
}

// expiryStep is the purge step of a retention rule that needs no policy
// (expired links and ended sessions).
func expiryStep(count *int64, kind string, now time.Time) purgeStep {
	for _, r := range retentionRules {
		if r.kind == kind {
			return purgeStep{count, `DELETE FROM ` + r.table + ` WHERE ` + r.where, r.args(now, Retention{})}
		}
	}
	panic("store: no retention rule " + kind)
}

// Purge deletes what has expired at time now: sessions past their
// idle or absolute end, reset and setup links, sign-in failure counts not
// added to for throttle.Forget and no longer locking, and used
// submission tokens. Submission tokens carry no time (nothing may say
// when a response was sent), so they go in two steps, at most once per
// TokenPurgeEvery whichever server asks: the tokens the previous step
// marked are deleted and the rest marked. A used token is so refused
// again for at least TokenPurgeEvery (a form sent twice by a double click
// or Back stores once); a form kept open longer than that and sent twice
// could store twice.
func (db *DB) Purge(ctx context.Context, now time.Time, throttle auth.Throttle) (Purged, error) {
	var p Purged
	n := now.Unix()
	steps := []purgeStep{
		// The expiring links are deleted by the same rules as a retention
		// run's (retentionRules): one definition of when each has ended.
		expiryStep(&p.Sessions, "sessions", now),
		expiryStep(&p.Resets, "reset_links", now),
		expiryStep(&p.SetupTokens, "setup_links", now),
		{&p.Throttles, `DELETE FROM sign_in_throttle WHERE updated_at <= ? AND locked_until <= ?`, []any{now.Add(-throttle.Forget).Unix(), n}},
	}
	for _, st := range steps {
		res, err := db.sql.ExecContext(ctx, db.q(st.query), st.args...)
		if err != nil {
			return p, err
		}
		*st.count, _ = res.RowsAffected()
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE purge_runs SET at = ? WHERE name = 'submission_tokens' AND at <= ?`), n, now.Add(-TokenPurgeEvery).Unix())
		if err != nil {
			return err
		}
		if claimed, _ := res.RowsAffected(); claimed == 0 {
			return nil // another server, or an earlier call, purged them lately
		}
		if res, err = tx.ExecContext(ctx, `DELETE FROM submission_tokens WHERE purge_mark = 1`); err != nil {
			return err
		}
		p.SubmissionTokens, _ = res.RowsAffected()
		_, err = tx.ExecContext(ctx, `UPDATE submission_tokens SET purge_mark = 1`)
		return err
	})
	return p, err
}

// TokenPurgeEvery is the shortest time between two steps of the purge of
// used submission tokens.
const TokenPurgeEvery = time.Hour
