package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"staffnet/internal/auth"
)

// ErrLinked is returned when an account is already linked to another
// subject at the OpenID provider.
var ErrLinked = errors.New("the account is linked to another sign-in")

// OIDCLogin is a sign-in on its way through the OpenID provider.
type OIDCLogin struct {
	State, Nonce, Verifier, Next string
}

// SaveOIDCLogin stores l (its state hashed) until expires.
func (db *DB) SaveOIDCLogin(ctx context.Context, l OIDCLogin, expires time.Time) error {
	_, err := db.sql.ExecContext(ctx, db.q(`INSERT INTO oidc_logins (state_hash, nonce, verifier, next, expires_at) VALUES (?, ?, ?, ?, ?)`),
		auth.HashToken(l.State), l.Nonce, l.Verifier, l.Next, expires.Unix())
	return err
}

// TakeOIDCLogin returns and deletes the live sign-in named by state, so
// that a state works once; ErrNotFound if there is none.
func (db *DB) TakeOIDCLogin(ctx context.Context, state string, now time.Time) (*OIDCLogin, error) {
	return scanOne(db.sql.QueryRowContext(ctx, db.q(`DELETE FROM oidc_logins WHERE state_hash = ? AND expires_at > ? RETURNING nonce, verifier, next`),
		auth.HashToken(state), now.Unix()), func(r rowScanner) (OIDCLogin, error) {
		l := OIDCLogin{State: state}
		return l, r.Scan(&l.Nonce, &l.Verifier, &l.Next)
	})
}

// UserBySubject finds the account linked to subject at issuer.
func (db *DB) UserBySubject(ctx context.Context, issuer, subject string) (*User, error) {
	if subject == "" {
		return nil, ErrNotFound
	}
	return scanOne(db.sql.QueryRowContext(ctx, db.q(`SELECT `+userColumns+` FROM users u WHERE u.oidc_issuer = ? AND u.oidc_subject = ?`), issuer, subject), readUser)
}

// LinkSubject links an account to subject at issuer, once: an account
// already linked to another subject gives ErrLinked.
func (db *DB) LinkSubject(ctx context.Context, userID int64, issuer, subject string) error {
	res, err := db.sql.ExecContext(ctx, db.q(`UPDATE users SET oidc_issuer = ?, oidc_subject = ? WHERE id = ? AND (oidc_subject = '' OR (oidc_issuer = ? AND oidc_subject = ?))`),
		issuer, subject, userID, issuer, subject)
	if isUnique(err) {
		return ErrLinked
	}
	if err := changedOne(res, err); errors.Is(err, ErrNotFound) {
		return ErrLinked
	} else if err != nil {
		return err
	}
	return nil
}

// Linked reports whether an account signs in through the OpenID provider.
func (db *DB) Linked(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, db.q(`SELECT count(*) FROM users WHERE id = ? AND oidc_subject <> ''`), userID).Scan(&n)
	return n > 0, err
}

// addUserTx creates an account in tx, linked to subject at issuer when
// subject is not "".
func (db *DB) addUserTx(ctx context.Context, tx *sql.Tx, u *User, issuer, subject string, now time.Time) error {
	err := tx.QueryRowContext(ctx, db.q(`INSERT INTO users (email, role, org_code, network_id, password_hash, created_at, oidc_issuer, oidc_subject)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		u.Email, string(u.Role), u.Org, u.NetworkID, u.PasswordHash, now.Unix(), issuer, subject).Scan(&u.ID)
	if isUnique(err) {
		return ErrExists
	}
	return err
}

// AddLinkedUser creates an account linked to subject at issuer.
func (db *DB) AddLinkedUser(ctx context.Context, u User, issuer, subject string, now time.Time) (*User, error) {
	err := db.tx(ctx, func(tx *sql.Tx) error { return db.addUserTx(ctx, tx, &u, issuer, subject, now) })
	if err != nil {
		return nil, err
	}
	return &u, nil
}
