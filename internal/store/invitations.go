package store

import (
	"context"
	"database/sql"
	"time"

	"staffnet/internal/auth"
)

// Invitation is an administrator's invitation to one email address.
type Invitation struct {
	Email     string
	Role      auth.Role
	Org       string
	NetworkID int64
	InvitedBy string
	Expires   time.Time
}

// CreateInvitation stores an invitation for token (stored hashed), valid
// until inv.Expires. An earlier invitation to the same address stops
// working. mail, if not nil, is queued in the same transaction.
// ErrExists if the address already has an account.
func (db *DB) CreateInvitation(ctx context.Context, token string, inv Invitation, now time.Time, mail *Mail) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM users WHERE email = ?`), inv.Email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrExists
		}
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM invitations WHERE email = ?`), inv.Email); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(`INSERT INTO invitations (token_hash, email, role, org_code, network_id, invited_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), auth.HashToken(token), inv.Email, string(inv.Role), inv.Org, inv.NetworkID, inv.InvitedBy, now.Unix(), inv.Expires.Unix())
		return db.queueIf(ctx, tx, err, mail, now)
	})
}

const invitationColumns = `email, role, org_code, network_id, invited_by, expires_at`

func scanInvitation(r rowScanner) (Invitation, error) {
	var inv Invitation
	var exp int64
	err := r.Scan(&inv.Email, &inv.Role, &inv.Org, &inv.NetworkID, &inv.InvitedBy, &exp)
	inv.Expires = time.Unix(exp, 0)
	return inv, err
}

// InvitationByToken returns the live invitation for token, or ErrNotFound.
func (db *DB) InvitationByToken(ctx context.Context, token string, now time.Time) (*Invitation, error) {
	return scanOne(db.sql.QueryRowContext(ctx, db.q(`SELECT `+invitationColumns+` FROM invitations WHERE token_hash = ? AND expires_at > ?`),
		auth.HashToken(token), now.Unix()), scanInvitation)
}

// AcceptInvitation creates the account a live invitation is for, with
// passwordHash, and deletes the invitation: it works once. ErrNotFound if
// it is unknown, used or expired; ErrExists if the address has an
// account by now.
func (db *DB) AcceptInvitation(ctx context.Context, token, passwordHash string, now time.Time) (*User, error) {
	return db.accept(ctx, `token_hash = ?`, auth.HashToken(token), passwordHash, "", "", now)
}

// AcceptInvitationFor creates the account a live invitation to email is
// for, linked to subject at issuer, as the OpenID provider's first
// sign-in with that verified address does, and deletes the invitation.
// ErrNotFound if the address has no live invitation.
func (db *DB) AcceptInvitationFor(ctx context.Context, email, issuer, subject string, now time.Time) (*User, error) {
	return db.accept(ctx, `email = ?`, email, auth.NoPassword, issuer, subject, now)
}

func (db *DB) accept(ctx context.Context, where string, key any, passwordHash, issuer, subject string, now time.Time) (*User, error) {
	var u User
	err := db.tx(ctx, func(tx *sql.Tx) error {
		inv, err := scanOne(tx.QueryRowContext(ctx, db.q(`DELETE FROM invitations WHERE `+where+` AND expires_at > ? RETURNING `+invitationColumns),
			key, now.Unix()), scanInvitation)
		if err != nil {
			return err
		}
		u = User{Email: inv.Email, Role: inv.Role, Org: inv.Org, NetworkID: inv.NetworkID, PasswordHash: passwordHash}
		return db.addUserTx(ctx, tx, &u, issuer, subject, now)
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// CreateEmailReset stores a reset link for an account, valid for ttl, as
// CreateReset does, and queues mail with it in one transaction, unless the
// account was sent one less than gap ago (then it does nothing and
// returns false).
func (db *DB) CreateEmailReset(ctx context.Context, token string, userID int64, now time.Time, ttl, gap time.Duration, mail *Mail) (bool, error) {
	made := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var recent int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM password_resets WHERE user_id = ? AND expires_at > ?`),
			userID, now.Add(ttl-gap).Unix()).Scan(&recent); err != nil || recent > 0 {
			return err
		}
		made = true
		return db.queueIf(ctx, tx, db.createReset(ctx, tx, token, userID, now.Add(ttl)), mail, now)
	})
	return made && err == nil, err
}

// queueIf queues m in tx if m is not nil and err is nil, and returns the
// first error.
func (db *DB) queueIf(ctx context.Context, tx *sql.Tx, err error, m *Mail, now time.Time) error {
	if err != nil || m == nil {
		return err
	}
	return db.queueMail(ctx, tx, m, now)
}
