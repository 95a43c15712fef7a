package store

import (
	"context"
	"database/sql"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/markdown"
	"staffnet/internal/members"
)

// AddDemoMembers stores invented members of network id as confirmed
// members (with their joins in the monthly figures), the membership
// settings, and, if msg is not nil, that message as sent to all of them
// (its outbox rows marked sent, so nothing goes to the invented
// addresses). One transaction; the demo and benchmarks use it.
func (db *DB) AddDemoMembers(ctx context.Context, networkID int64, list []members.Member, set members.Settings, msg *members.Message, now time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_member_settings (network_id, accepts, consent_text) VALUES (?, ?, ?)
			ON CONFLICT (network_id) DO UPDATE SET accepts = excluded.accepts, consent_text = excluded.consent_text`), networkID, boolInt(set.Accepts), set.ConsentText); err != nil {
			return err
		}
		ins, err := tx.PrepareContext(ctx, db.q(`INSERT INTO network_members (network_id, name, email, staff_group, site, ally, consent_text, consented_on,
			status, joined_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', ?) RETURNING id`))
		if err != nil {
			return err
		}
		defer ins.Close()
		for i := range list {
			m := &list[i]
			m.NetworkID = networkID
			if err := ins.QueryRowContext(ctx, networkID, m.Name, m.Email, m.StaffGroup, m.Site, boolInt(m.Ally), m.ConsentText, date(m.ConsentedOn),
				date(m.JoinedOn)).Scan(&m.ID); err != nil {
				return err
			}
			if err := db.countMonth(ctx, tx, m, m.JoinedOn, "joined", 1); err != nil {
				return err
			}
		}
		if msg == nil || len(list) == 0 {
			return nil
		}
		text, html, err := markdown.Message(msg.Body, msg.Format == members.Markdown)
		if err != nil {
			return err
		}
		var id int64
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO network_messages (network_id, subject, body, format, audience, audience_value, author, queued_at, recipients)
			VALUES (?, ?, ?, ?, ?, '', 'demo', ?, ?) RETURNING id`), networkID, msg.Subject, msg.Body, string(msg.Format), string(msg.Audience.Kind), now.Unix(), len(list)).Scan(&id); err != nil {
			return err
		}
		for i := range list {
			ml := &Mail{Kind: "message", NetworkID: networkID, MessageID: id, MemberID: list[i].ID, To: list[i].Email, Subject: msg.Subject, Text: text, HTML: html, HeaderID: auth.NewToken()}
			if err := db.queueMail(ctx, tx, ml, now); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, db.q(`UPDATE outbox SET status = 'sent', sent_at = ?, attempts = 1, `+mailDone+` WHERE id = ?`), now.Unix(), ml.ID); err != nil {
				return err
			}
		}
		return nil
	})
}
