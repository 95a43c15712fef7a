package store

import (
	"context"
	"database/sql"
	"time"

	"staffnet/internal/auth"
)

// The outbox: every email staffnet sends is first a row of the outbox
// table, written in the same transaction as whatever it tells someone
// about. internal/outbox sends the rows. A sender claims one row at a time
// with a lease (claimed_until, and a random claim so that only the holder
// may mark it), which several servers on one PostgreSQL database can do
// at once without sending a row twice.

// Mail statuses.
const (
	MailQueued = "queued"
	MailSent   = "sent"
	MailFailed = "failed"
)

// Mail is one email in the outbox.
type Mail struct {
	ID          int64
	Kind        string // confirm, manage, message, digest
	NetworkID   int64  // 0 when it belongs to no network
	MessageID   int64  // the network_messages row it is one copy of, or 0
	MemberID    int64  // the member it goes to, or 0; deleting the member deletes it
	To          string
	Subject     string
	Text        string
	HTML        string // "" for plain text only
	Unsubscribe string // the one-click unsubscribe URL (RFC 8058), or ""
	// HeaderID is the unique left part of the Message-ID, fixed when the
	// mail is queued so a resend after a crash carries the same one.
	HeaderID  string
	Status    string
	Attempts  int
	LastError string
	CreatedAt time.Time
	SentAt    time.Time
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// queueMail inserts m in tx, due at once.
func (db *DB) queueMail(ctx context.Context, tx *sql.Tx, m *Mail, now time.Time) error {
	if m.HeaderID == "" {
		m.HeaderID = auth.NewToken()
	}
	return tx.QueryRowContext(ctx, db.q(`INSERT INTO outbox (kind, network_id, message_id, member_id, to_addr, subject, text_body, html_body,
		unsubscribe, header_id, status, next_attempt, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING id`),
		m.Kind, nullID(m.NetworkID), nullID(m.MessageID), nullID(m.MemberID), m.To, m.Subject, m.Text, m.HTML,
		m.Unsubscribe, m.HeaderID, now.Unix(), now.Unix()).Scan(&m.ID)
}

// QueueMail adds mails to the outbox in one transaction.
func (db *DB) QueueMail(ctx context.Context, mails ...*Mail) error {
	now := time.Now()
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, m := range mails {
			if err := db.queueMail(ctx, tx, m, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// DueMail returns up to limit ids of queued mail due by now and not
// leased to a sender, oldest first.
func (db *DB) DueMail(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	return selectAll(ctx, db, db.sql, `SELECT id FROM outbox WHERE status = 'queued' AND next_attempt <= ? AND claimed_until < ?
		ORDER BY id LIMIT ?`, func(r rowScanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, now.Unix(), now.Unix(), limit)
}

// ClaimMail leases queued mail id to the holder of claim until until, and
// returns it; ErrNotFound if it is sent, failed or leased to another
// sender whose lease has not run out. The UPDATE's WHERE clause is the
// whole of the mutual exclusion: of two senders, one changes the row.
func (db *DB) ClaimMail(ctx context.Context, id int64, claim string, now, until time.Time) (*Mail, error) {
	err := changedOne(db.sql.ExecContext(ctx, db.q(`UPDATE outbox SET claimed_until = ?, claim = ?, attempts = attempts + 1
		WHERE id = ? AND status = 'queued' AND claimed_until < ?`), until.Unix(), claim, id, now.Unix()))
	if err != nil {
		return nil, err
	}
	return scanOne(db.sql.QueryRowContext(ctx, db.q(`SELECT `+mailCols+` FROM outbox WHERE id = ?`), id), scanMail)
}

const mailCols = `id, kind, COALESCE(network_id, 0), COALESCE(message_id, 0), COALESCE(member_id, 0), to_addr, subject, text_body, html_body,
	unsubscribe, header_id, status, attempts, last_error, created_at, sent_at`

func scanMail(r rowScanner) (Mail, error) {
	var m Mail
	var created, sent int64
	err := r.Scan(&m.ID, &m.Kind, &m.NetworkID, &m.MessageID, &m.MemberID, &m.To, &m.Subject, &m.Text, &m.HTML,
		&m.Unsubscribe, &m.HeaderID, &m.Status, &m.Attempts, &m.LastError, &created, &sent)
	m.CreatedAt = time.Unix(created, 0)
	if sent != 0 {
		m.SentAt = time.Unix(sent, 0)
	}
	return m, err
}

// MarkMailSent records that mail id was accepted by the SMTP server. Only
// the holder of the claim may; ErrNotFound otherwise (the mail was
// deleted, with its member, while it was being sent). The body and the
// unsubscribe link are blanked (mailDone): once sent, the row is kept
// only for its status.
func (db *DB) MarkMailSent(ctx context.Context, id int64, claim string, now time.Time) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`UPDATE outbox SET status = 'sent', sent_at = ?, claimed_until = 0, claim = '', last_error = '', `+mailDone+`
		WHERE id = ? AND claim = ?`), now.Unix(), id, claim))
}

// mailDone blanks what a mail no longer needs once it is sent or has
// failed for good: its bodies hold links with raw tokens (to confirm a
// membership, a member's personal link, one-click unsubscribe), which the
// database otherwise keeps only as hashes.
const mailDone = `text_body = '', html_body = '', unsubscribe = ''`

// MarkMailRetry records a failure that may pass (a refused connection, a
// 4xx reply) and when to try again.
func (db *DB) MarkMailRetry(ctx context.Context, id int64, claim, reason string, next time.Time) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`UPDATE outbox SET next_attempt = ?, claimed_until = 0, claim = '', last_error = ?
		WHERE id = ? AND claim = ?`), next.Unix(), reason, id, claim))
}

// MarkMailFailed records a failure that will not pass (a 5xx reply, too
// many attempts): the mail is not tried again, and the reason shows to the
// network's leads.
func (db *DB) MarkMailFailed(ctx context.Context, id int64, claim, reason string) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`UPDATE outbox SET status = 'failed', claimed_until = 0, claim = '', last_error = ?, `+mailDone+`
		WHERE id = ? AND claim = ?`), reason, id, claim))
}

// OutboxCounts counts mail by status.
func (db *DB) OutboxCounts(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	err := selectEach(ctx, db, db.sql, `SELECT status, count(*) FROM outbox GROUP BY status`, func(r rowScanner) error {
		var s string
		var n int
		err := r.Scan(&s, &n)
		out[s] = n
		return err
	})
	return out, err
}

// MailTo lists the mail to an address, newest first, for tests and the
// demo.
func (db *DB) MailTo(ctx context.Context, to string) ([]Mail, error) {
	return selectAll(ctx, db, db.sql, `SELECT `+mailCols+` FROM outbox WHERE to_addr = ? ORDER BY id DESC`, scanMail, to)
}

// EndLeases ends every lease on queued mail at once, as if they had all
// run out: for tests, and for an administrator who knows the sender that
// held them is gone.
func (db *DB) EndLeases(ctx context.Context) error {
	_, err := db.sql.ExecContext(ctx, `UPDATE outbox SET claimed_until = 0, claim = '' WHERE status = 'queued'`)
	return err
}
