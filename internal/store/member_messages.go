package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/members"
)

// ErrNoRecipients is returned when a message's audience has no members;
// nothing is stored.
var ErrNoRecipients = errors.New("store: no recipients")

// SentMessage is a message a lead queued, with how its copies stand.
type SentMessage struct {
	ID         int64
	Subject    string
	Format     members.Format
	Audience   members.Audience
	Author     string
	QueuedAt   time.Time
	Recipients int // copies queued
	Queued     int // still waiting (or retrying)
	Sent       int
	Failed     int
}

// QueueMessage stores a lead's message and queues one copy for each
// member in its audience, in one transaction. build makes a member's copy
// given the one-click unsubscribe token made for it (stored hashed). With
// no one in the audience it stores nothing and returns ErrNoRecipients.
func (db *DB) QueueMessage(ctx context.Context, networkID int64, msg *members.Message, author string, now time.Time,
	build func(m *members.Member, unsubscribeToken string) *Mail) (*SentMessage, error) {
	sm := &SentMessage{Subject: msg.Subject, Format: msg.Format, Audience: msg.Audience, Author: author, QueuedAt: now}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var to []members.Member
		err := selectEach(ctx, db, tx, `SELECT `+memberCols+` FROM network_members WHERE network_id = ? AND status = 'confirmed' AND messages_off = 0 ORDER BY id`, func(r rowScanner) error {
			m, err := scanMember(r)
			if err == nil && msg.Audience.Includes(&m) {
				to = append(to, m)
			}
			return err
		},
			networkID)
		if err != nil {
			return err
		}
		if len(to) == 0 {
			return ErrNoRecipients
		}
		sm.Recipients = len(to)
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO network_messages (network_id, subject, body, format, audience, audience_value, author, queued_at, recipients)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), networkID, msg.Subject, msg.Body, string(msg.Format), string(msg.Audience.Kind), msg.Audience.Value,
			author, now.Unix(), len(to)).Scan(&sm.ID); err != nil {
			return err
		}
		for i := range to {
			token := auth.NewToken()
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_member_unsubscribe (token_hash, member_id) VALUES (?, ?)`), auth.HashToken(token), to[i].ID); err != nil {
				return err
			}
			ml := build(&to[i], token)
			ml.Kind, ml.NetworkID, ml.MessageID, ml.MemberID = "message", networkID, sm.ID, to[i].ID
			if err := db.queueMail(ctx, tx, ml, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sm.Queued = sm.Recipients
	return sm, nil
}

// NetworkMessages lists network id's messages, newest first, with how
// many copies are queued, sent and failed.
func (db *DB) NetworkMessages(ctx context.Context, networkID int64) ([]SentMessage, error) {
	return selectAll(ctx, db, db.sql, `SELECT m.id, m.subject, m.format, m.audience, m.audience_value, m.author, m.queued_at, m.recipients,
		COALESCE(SUM(CASE WHEN o.status = 'queued' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN o.status = 'sent' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN o.status = 'failed' THEN 1 ELSE 0 END), 0)
		FROM network_messages m LEFT JOIN outbox o ON o.message_id = m.id
		WHERE m.network_id = ? GROUP BY m.id, m.subject, m.format, m.audience, m.audience_value, m.author, m.queued_at, m.recipients
		ORDER BY m.id DESC`, func(r rowScanner) (SentMessage, error) {
		var s SentMessage
		var format, kind string
		var at int64
		err := r.Scan(&s.ID, &s.Subject, &format, &kind, &s.Audience.Value, &s.Author, &at, &s.Recipients, &s.Queued, &s.Sent, &s.Failed)
		s.Format, s.Audience.Kind, s.QueuedAt = members.Format(format), members.AudienceKind(kind), time.Unix(at, 0)
		return s, err
	}, networkID)
}

// MessageProblems lists the copies of message id (of network networkID)
// that failed or are waiting to be retried, with the SMTP server's
// reason: refusals and bounces at SMTP time, which the lead should see.
func (db *DB) MessageProblems(ctx context.Context, networkID, messageID int64) ([]Mail, error) {
	return selectAll(ctx, db, db.sql, `SELECT `+mailCols+` FROM outbox WHERE network_id = ? AND message_id = ? AND last_error <> ''
		ORDER BY to_addr`, scanMail, networkID, messageID)
}

// Lead is an account that leads a network, for the weekly digest.
type Lead struct {
	UserID    int64
	Email     string
	DigestOff bool
}

// NetworkLeads lists the enabled accounts that lead network id.
func (db *DB) NetworkLeads(ctx context.Context, networkID int64) ([]Lead, error) {
	return selectAll(ctx, db, db.sql, `SELECT u.id, u.email, CASE WHEN d.user_id IS NULL THEN 0 ELSE 1 END
		FROM users u LEFT JOIN digest_optout d ON d.user_id = u.id
		WHERE u.role = ? AND u.network_id = ? AND u.disabled = 0 ORDER BY u.email`, func(r rowScanner) (Lead, error) {
		var l Lead
		var off int
		err := r.Scan(&l.UserID, &l.Email, &off)
		l.DigestOff = off != 0
		return l, err
	}, string(auth.NetworkLead), networkID)
}

// DigestOff reports whether account userID turned the weekly digest off.
func (db *DB) DigestOff(ctx context.Context, userID int64) (bool, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, db.q(`SELECT count(*) FROM digest_optout WHERE user_id = ?`), userID).Scan(&n)
	return n > 0, err
}

// SetDigestOff turns account userID's weekly digest off or on.
func (db *DB) SetDigestOff(ctx context.Context, userID int64, off bool) error {
	q := `DELETE FROM digest_optout WHERE user_id = ?`
	if off {
		q = `INSERT INTO digest_optout (user_id) VALUES (?) ON CONFLICT (user_id) DO NOTHING`
	}
	_, err := db.sql.ExecContext(ctx, db.q(q), userID)
	return err
}

// ClaimDigest records that network id's digest for week is being queued,
// and queues mails with it, in one transaction. It returns false, and
// queues nothing, if the week was claimed already (by this server or
// another).
func (db *DB) ClaimDigest(ctx context.Context, networkID int64, week string, now time.Time, mails []*Mail) (bool, error) {
	claimed := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_digests (network_id, week) VALUES (?, ?) ON CONFLICT (network_id, week) DO NOTHING`), networkID, week)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return nil
		}
		claimed = true
		for _, m := range mails {
			m.Kind, m.NetworkID = "digest", networkID
			if err := db.queueMail(ctx, tx, m, now); err != nil {
				return err
			}
		}
		return nil
	})
	return claimed, err
}
