package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"staffnet/internal/auth"
)

// User is an account.
type User struct {
	ID           int64
	Email        string
	Role         auth.Role
	Org          string // ODS code for organisation-level roles, else ""
	NetworkID    int64  // the network of a network lead or sponsor, else 0
	PasswordHash string
	Disabled     bool // cannot sign in
}

// userColumns are the columns scanUser reads, in order.
const userColumns = `u.id, u.email, u.role, u.org_code, u.network_id, u.password_hash, u.disabled`

func scanUser(row rowScanner, u *User, more ...any) error {
	var disabled int
	err := row.Scan(append([]any{&u.ID, &u.Email, &u.Role, &u.Org, &u.NetworkID, &u.PasswordHash, &disabled}, more...)...)
	u.Disabled = disabled != 0
	return err
}

// ErrExists is returned when a unique value is already taken.
var ErrExists = errors.New("already exists")

func isUnique(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint") || strings.Contains(s, "SQLSTATE 23505")
}

// AddUser creates an account from u's email (normalised already), role,
// organisation, network and password hash, and returns it with its id.
func (db *DB) AddUser(ctx context.Context, u User) (*User, error) {
	err := db.sql.QueryRowContext(ctx, db.q(`INSERT INTO users (email, role, org_code, network_id, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		u.Email, string(u.Role), u.Org, u.NetworkID, u.PasswordHash, time.Now().Unix()).Scan(&u.ID)
	if isUnique(err) {
		return nil, ErrExists
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// readUser reads an account's userColumns, for scanOne and scanAll.
func readUser(row rowScanner) (User, error) {
	var u User
	err := scanUser(row, &u)
	return u, err
}

// UserByEmail finds an account, disabled or not.
func (db *DB) UserByEmail(ctx context.Context, email string) (*User, error) {
	return scanOne(db.sql.QueryRowContext(ctx, db.q(`SELECT `+userColumns+` FROM users u WHERE u.email = ?`), email), readUser)
}

// UserByID finds an account, disabled or not.
func (db *DB) UserByID(ctx context.Context, id int64) (*User, error) {
	return scanOne(db.sql.QueryRowContext(ctx, db.q(`SELECT `+userColumns+` FROM users u WHERE u.id = ?`), id), readUser)
}

// CountUsers counts accounts.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// Users lists accounts by email.
func (db *DB) Users(ctx context.Context) ([]User, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+userColumns+` FROM users u ORDER BY u.email`)
	return scanAll(rows, err, readUser)
}

// SetPassword replaces an account's password hash and ends its sessions.
func (db *DB) SetPassword(ctx context.Context, userID int64, passwordHash string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE users SET password_hash = ? WHERE id = ?`), passwordHash, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE user_id = ?`), userID)
		return err
	})
}

// Session is a signed-in browser.
type Session struct {
	User User
	CSRF string
}

// CreateSession stores a session for the token (stored hashed) that ends
// auth.SessionMax from now, or auth.SessionIdle after its last use, and
// returns its CSRF token.
func (db *DB) CreateSession(ctx context.Context, token string, userID int64, now time.Time) (string, error) {
	csrf := auth.NewToken()
	_, err := db.sql.ExecContext(ctx, db.q(`INSERT INTO sessions (token_hash, user_id, csrf, expires_at, seen_at) VALUES (?, ?, ?, ?, ?)`),
		auth.HashToken(token), userID, csrf, now.Add(auth.SessionMax).Unix(), now.Unix())
	return csrf, err
}

// SessionByToken returns the live session for a token at time now: its
// account is enabled, it was used within auth.SessionIdle and began within
// auth.SessionMax. Using it keeps it alive; the time of last use is written
// at most once a minute, so a page view is not always a write.
func (db *DB) SessionByToken(ctx context.Context, token string, now time.Time) (*Session, error) {
	var s Session
	var seen int64
	hash := auth.HashToken(token)
	err := scanUser(db.sql.QueryRowContext(ctx, db.q(`SELECT `+userColumns+`, s.csrf, s.seen_at FROM sessions s
		JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ? AND s.seen_at > ? AND u.disabled = 0`),
		hash, now.Unix(), now.Add(-auth.SessionIdle).Unix()), &s.User, &s.CSRF, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if now.Unix()-seen >= 60 {
		if _, err := db.sql.ExecContext(ctx, db.q(`UPDATE sessions SET seen_at = ? WHERE token_hash = ?`), now.Unix(), hash); err != nil {
			return nil, err
		}
	}
	return &s, nil
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, token string) error {
	_, err := db.sql.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE token_hash = ?`), auth.HashToken(token))
	return err
}

// CreateSetupToken stores a one-time link for creating the first admin.
func (db *DB) CreateSetupToken(ctx context.Context, token string, ttl time.Duration) error {
	_, err := db.sql.ExecContext(ctx, db.q(`INSERT INTO setup_tokens (token_hash, expires_at) VALUES (?, ?)`),
		auth.HashToken(token), time.Now().Add(ttl).Unix())
	return err
}

// UseSetupToken creates the first admin with a setup token. It fails with
// ErrNotFound if the token is unknown, used or expired, or if any account
// exists already; token use and account creation are one transaction.
func (db *DB) UseSetupToken(ctx context.Context, token, email, passwordHash string) (*User, error) {
	var u *User
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`DELETE FROM setup_tokens WHERE token_hash = ? AND expires_at > ?`), auth.HashToken(token), time.Now().Unix())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		var count int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&count); err != nil {
			return err
		}
		if count > 0 {
			return ErrNotFound
		}
		var id int64
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO users (email, role, password_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`),
			email, string(auth.Admin), passwordHash, time.Now().Unix()).Scan(&id); err != nil {
			return err
		}
		u = &User{ID: id, Email: email, Role: auth.Admin, PasswordHash: passwordHash}
		_, err = tx.ExecContext(ctx, `DELETE FROM setup_tokens`)
		return err
	})
	return u, err
}
