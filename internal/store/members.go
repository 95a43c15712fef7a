package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"staffnet/internal/members"
)

// Network members: special category data (see internal/members). Rows
// hold what the join form asks and nothing more; DeleteMember removes a
// row and the mail to it, keeping only the anonymous monthly counts of
// network_member_months. Tokens arrive hashed (auth.HashToken).

// MemberSettings returns how network id takes members (zero if never set).
func (db *DB) MemberSettings(ctx context.Context, networkID int64) (members.Settings, error) {
	var s members.Settings
	var accepts int
	err := db.sql.QueryRowContext(ctx, db.q(`SELECT accepts, consent_text FROM network_member_settings WHERE network_id = ?`), networkID).Scan(&accepts, &s.ConsentText)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	s.Accepts = accepts != 0
	return s, err
}

// SaveMemberSettings stores how network id takes members.
func (db *DB) SaveMemberSettings(ctx context.Context, networkID int64, s members.Settings) error {
	_, err := db.sql.ExecContext(ctx, db.q(`INSERT INTO network_member_settings (network_id, accepts, consent_text) VALUES (?, ?, ?)
		ON CONFLICT (network_id) DO UPDATE SET accepts = excluded.accepts, consent_text = excluded.consent_text`), networkID, boolInt(s.Accepts), s.ConsentText)
	return err
}

const memberCols = `id, network_id, name, email, staff_group, site, ally, consent_text, consented_on, status, joined_on, messages_off`

func scanMember(r rowScanner) (members.Member, error) {
	var m members.Member
	var ally, off int
	var consented, status, joined string
	err := r.Scan(&m.ID, &m.NetworkID, &m.Name, &m.Email, &m.StaffGroup, &m.Site, &ally, &m.ConsentText, &consented, &status, &joined, &off)
	if err != nil {
		return m, err
	}
	m.Ally, m.MessagesOff, m.Confirmed = ally != 0, off != 0, status == "confirmed"
	if m.ConsentedOn, err = parseDate(consented); err != nil {
		return m, err
	}
	m.JoinedOn, err = parseDate(joined)
	return m, err
}

// JoinState is what a sign-up found.
type JoinState int

const (
	JoinNew       JoinState = iota // a new pending row
	JoinPending                    // a pending sign-up for this email: its details and confirm link are replaced
	JoinConfirmed                  // already a member: nothing changes but the manage link
)

// JoinNetwork records a sign-up: a new pending member, or, for an email
// already signed up, no second row. mail builds the email to queue in the
// same transaction (a confirm link, or for an existing member their
// manage link), given what was found. Expired pending sign-ups for the
// network are deleted first.
func (db *DB) JoinNetwork(ctx context.Context, m *members.Member, confirmHash, manageHash string, expires, now time.Time,
	mail func(JoinState) *Mail) (JoinState, error) {
	var state JoinState
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM network_members WHERE network_id = ? AND status = 'pending' AND confirm_expires < ?`),
			m.NetworkID, now.Unix()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_members (network_id, name, email, staff_group, site, ally, consent_text, consented_on,
			status, confirm_hash, confirm_expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (network_id, email) DO NOTHING`),
			m.NetworkID, m.Name, m.Email, m.StaffGroup, m.Site, boolInt(m.Ally), m.ConsentText, date(m.ConsentedOn), confirmHash, expires.Unix())
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 1 {
			state = JoinNew
		} else {
			var status string
			if err := tx.QueryRowContext(ctx, db.q(`SELECT status FROM network_members WHERE network_id = ? AND email = ?`), m.NetworkID, m.Email).Scan(&status); err != nil {
				return err
			}
			if status == "confirmed" {
				state = JoinConfirmed
				_, err = tx.ExecContext(ctx, db.q(`UPDATE network_members SET manage_hash = ? WHERE network_id = ? AND email = ?`), manageHash, m.NetworkID, m.Email)
			} else {
				state = JoinPending
				_, err = tx.ExecContext(ctx, db.q(`UPDATE network_members SET name = ?, staff_group = ?, site = ?, ally = ?, consent_text = ?, consented_on = ?,
					confirm_hash = ?, confirm_expires = ? WHERE network_id = ? AND email = ?`),
					m.Name, m.StaffGroup, m.Site, boolInt(m.Ally), m.ConsentText, date(m.ConsentedOn), confirmHash, expires.Unix(), m.NetworkID, m.Email)
			}
			if err != nil {
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, db.q(`SELECT id FROM network_members WHERE network_id = ? AND email = ?`), m.NetworkID, m.Email).Scan(&m.ID); err != nil {
			return err
		}
		return db.queueMemberMail(ctx, tx, mail(state), m.ID, now)
	})
	return state, err
}

// ConfirmMember confirms the sign-up whose confirm token hashes to
// confirmHash, if it has not expired: the member joins today, the
// membership figures count them, and mail (given the member) is queued
// with their manage link, whose hash is manageHash. ErrNotFound for an
// unknown, used or expired link.
func (db *DB) ConfirmMember(ctx context.Context, confirmHash, manageHash string, now time.Time, mail func(*members.Member) *Mail) (*members.Member, error) {
	var m *members.Member
	err := db.tx(ctx, func(tx *sql.Tx) error {
		today := date(now)
		if err := changedOne(tx.ExecContext(ctx, db.q(`UPDATE network_members SET status = 'confirmed', confirm_hash = NULL, confirm_expires = 0,
			manage_hash = ?, joined_on = ? WHERE confirm_hash = ? AND status = 'pending' AND confirm_expires >= ?`),
			manageHash, today, confirmHash, now.Unix())); err != nil {
			return err
		}
		var err error
		if m, err = scanOne(tx.QueryRowContext(ctx, db.q(`SELECT `+memberCols+` FROM network_members WHERE manage_hash = ?`), manageHash), scanMember); err != nil {
			return err
		}
		if err := db.countMonth(ctx, tx, m, now, "joined", 1); err != nil {
			return err
		}
		return db.queueMemberMail(ctx, tx, mail(m), m.ID, now)
	})
	return m, err
}

// countMonth adds delta (1, or -1 to take a count off) to the month's
// joined or left count, and to the allies' for an ally.
func (db *DB) countMonth(ctx context.Context, tx *sql.Tx, m *members.Member, now time.Time, what string, delta int) error {
	col, allies := "joined", "allies_joined"
	if what == "left" {
		col, allies = "left_count", "allies_left"
	}
	_, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_member_months (network_id, month, `+col+`, `+allies+`) VALUES (?, ?, ?, ?)
		ON CONFLICT (network_id, month) DO UPDATE SET `+col+` = network_member_months.`+col+` + excluded.`+col+`, `+allies+` = network_member_months.`+allies+` + excluded.`+allies),
		m.NetworkID, members.MonthOf(now), delta, delta*boolInt(m.Ally))
	return err
}

// MemberByManage finds the confirmed member whose manage token hashes to
// manageHash.
func (db *DB) MemberByManage(ctx context.Context, manageHash string) (*members.Member, error) {
	return scanOne(db.sql.QueryRowContext(ctx, db.q(`SELECT `+memberCols+` FROM network_members WHERE manage_hash = ? AND status = 'confirmed'`), manageHash), scanMember)
}

// UpdateMember saves the details a member may change. A confirmed member
// who changes whether they are an ally counts, in now's month, as leaving
// with the old status and joining again with the new: every published
// figure assumes that allies now are the allies who joined less the allies
// who left (members.Now), and a change counted nowhere would show up as a
// difference of one member. A change back within the same month takes the
// counted one off again (ally_changed holds the month), so that a member
// saving the form over and over cannot push a month's counts past the
// suppression threshold and then subtract themselves.
func (db *DB) UpdateMember(ctx context.Context, m *members.Member, now time.Time) error {
	month := members.MonthOf(now)
	return db.tx(ctx, func(tx *sql.Tx) error {
		// The change of status is its own conditional update, so that of
		// two saves at once only one counts it: on PostgreSQL the second
		// waits for the first's row lock and then finds nothing to change.
		var changedIn string
		err := tx.QueryRowContext(ctx, db.q(`UPDATE network_members SET ally = ?,
			ally_changed = CASE WHEN ally_changed = ? THEN '' ELSE ? END
			WHERE id = ? AND status = 'confirmed' AND ally <> ? RETURNING ally_changed`),
			boolInt(m.Ally), month, month, m.ID, boolInt(m.Ally)).Scan(&changedIn)
		changed := err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		// A confirmed member's ally status is the conditional update's
		// alone: written here too, a save that changed nothing could
		// overwrite, after its lock wait, a change counted by another.
		if err := changedOne(tx.ExecContext(ctx, db.q(`UPDATE network_members SET name = ?, staff_group = ?, site = ?,
			ally = CASE WHEN status = 'confirmed' THEN ally ELSE ? END, messages_off = ? WHERE id = ?`),
			m.Name, m.StaffGroup, m.Site, boolInt(m.Ally), boolInt(m.MessagesOff), m.ID)); err != nil || !changed {
			return err
		}
		other := *m
		other.Ally = !m.Ally
		if changedIn == "" {
			// Back to the status the month's counted change left: it
			// counted leaving with this status and joining with the other.
			if err := db.countMonth(ctx, tx, m, now, "left", -1); err != nil {
				return err
			}
			return db.countMonth(ctx, tx, &other, now, "joined", -1)
		}
		if err := db.countMonth(ctx, tx, &other, now, "left", 1); err != nil {
			return err
		}
		return db.countMonth(ctx, tx, m, now, "joined", 1)
	})
}

// DeleteMember deletes a membership and everything personal about it:
// the row, its unsubscribe tokens and every mail to it, queued or sent.
// A confirmed member is counted as having left this month, with the ally
// status the deleted row had: RETURNING reads it as deleted, after any
// change saved at the same moment, which a read before the delete could
// miss on PostgreSQL.
func (db *DB) DeleteMember(ctx context.Context, id int64, now time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM outbox WHERE member_id = ?`, `DELETE FROM network_member_unsubscribe WHERE member_id = ?`} {
			if _, err := tx.ExecContext(ctx, db.q(q), id); err != nil {
				return err
			}
		}
		var m members.Member
		var ally int
		var status string
		err := tx.QueryRowContext(ctx, db.q(`DELETE FROM network_members WHERE id = ? RETURNING network_id, ally, status`), id).Scan(&m.NetworkID, &ally, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil || status != "confirmed" {
			return err
		}
		m.Ally = ally == 1
		return db.countMonth(ctx, tx, &m, now, "left", 1)
	})
}

// RequestManageLink replaces the manage link of the confirmed member of
// network networkID with this email, if there is one, and queues mail
// with the new link. It reports whether there was such a member; callers
// must not tell the person asking.
func (db *DB) RequestManageLink(ctx context.Context, networkID int64, email, manageHash string, now time.Time, mail func(*members.Member) *Mail) (bool, error) {
	found := false
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE network_members SET manage_hash = ? WHERE network_id = ? AND email = ? AND status = 'confirmed'`), manageHash, networkID, email)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return nil
		}
		found = true
		m, err := scanOne(tx.QueryRowContext(ctx, db.q(`SELECT `+memberCols+` FROM network_members WHERE manage_hash = ?`), manageHash), scanMember)
		if err != nil {
			return err
		}
		return db.queueMemberMail(ctx, tx, mail(m), m.ID, now)
	})
	return found, err
}

// Unsubscribe turns messages off for the member a one-click unsubscribe
// token (hashed) was made for. ErrNotFound for an unknown token.
func (db *DB) Unsubscribe(ctx context.Context, tokenHash string) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`UPDATE network_members SET messages_off = 1
		WHERE id = (SELECT member_id FROM network_member_unsubscribe WHERE token_hash = ?)`), tokenHash))
}

// MemberFigures returns network id's totals and its figures by month,
// oldest first, read by one statement so that they agree: on PostgreSQL
// two statements could each see a different moment, and a member who
// joined in between would be in one and not the other
// (members.Settled takes the month's changes from the totals).
func (db *DB) MemberFigures(ctx context.Context, networkID int64) (members.Totals, []members.Month, error) {
	var t members.Totals
	var ms []members.Month
	first := true
	err := selectEach(ctx, db, db.sql, `SELECT '' AS month,
		COALESCE(SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'confirmed' AND ally = 1 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0), 0
		FROM network_members WHERE network_id = ?
		UNION ALL
		SELECT month, joined, left_count, allies_joined, allies_left FROM network_member_months WHERE network_id = ?
		ORDER BY 1`, func(r rowScanner) error {
		var m members.Month
		if err := r.Scan(&m.Month, &m.Joined, &m.Left, &m.AlliesJoined, &m.AlliesLeft); err != nil {
			return err
		}
		if first { // the totals sort first, under month ''
			t, first = members.Totals{Members: m.Joined, Allies: m.Left, Pending: m.AlliesJoined}, false
			return nil
		}
		ms = append(ms, m)
		return nil
	}, networkID, networkID)
	return t, ms, err
}

// Members returns up to limit of network id's confirmed members by name,
// skipping offset. Only the network's leads may see this.
func (db *DB) Members(ctx context.Context, networkID int64, offset, limit int) ([]members.Member, error) {
	return selectAll(ctx, db, db.sql, `SELECT `+memberCols+` FROM network_members WHERE network_id = ? AND status = 'confirmed'
		ORDER BY name, id LIMIT ? OFFSET ?`, scanMember, networkID, limit, offset)
}

// EachMember calls fn with every confirmed member of network id by name,
// for the export.
func (db *DB) EachMember(ctx context.Context, networkID int64, fn func(*members.Member) error) error {
	return selectEach(ctx, db, db.sql, `SELECT `+memberCols+` FROM network_members WHERE network_id = ? AND status = 'confirmed'
		ORDER BY name, id`, func(r rowScanner) error {
		m, err := scanMember(r)
		if err != nil {
			return err
		}
		return fn(&m)
	}, networkID)
}

// MemberGroups returns the sites and staff groups network id's confirmed
// members have given, for the message form's audience choices.
func (db *DB) MemberGroups(ctx context.Context, networkID int64) (sites, groups []string, err error) {
	col := func(c string) ([]string, error) {
		return selectAll(ctx, db, db.sql, `SELECT DISTINCT `+c+` FROM network_members WHERE network_id = ? AND status = 'confirmed' AND `+c+` <> '' ORDER BY `+c, func(r rowScanner) (string, error) {
			var s string
			return s, r.Scan(&s)
		},
			networkID)
	}
	if sites, err = col("site"); err != nil {
		return nil, nil, err
	}
	groups, err = col("staff_group")
	return sites, groups, err
}

// querier is a *sql.DB or *sql.Tx.
type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}

// selectAll runs query (with ? placeholders) on q and scans every row.
func selectAll[T any](ctx context.Context, db *DB, q querier, query string, scan func(rowScanner) (T, error), args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, db.q(query), args...)
	return scanAll(rows, err, scan)
}

// selectEach runs query on q and calls fn for every row.
func selectEach(ctx context.Context, db *DB, q querier, query string, fn func(rowScanner) error, args ...any) error {
	rows, err := q.QueryContext(ctx, db.q(query), args...)
	return eachRow(rows, err, fn)
}

// PurgeSignups deletes sign-ups whose confirm link expired before now,
// with their mail: people who never confirmed leave nothing behind.
func (db *DB) PurgeSignups(ctx context.Context, now time.Time) (int, error) {
	const expired = `SELECT id FROM network_members WHERE status = 'pending' AND confirm_expires < ?`
	return db.execCounting(ctx, []any{now.Unix()},
		`DELETE FROM outbox WHERE member_id IN (`+expired+`)`,
		`DELETE FROM network_members WHERE status = 'pending' AND confirm_expires < ?`)
}

// MemberIDByEmail finds the membership of network networkID with this
// email, confirmed or not; ErrNotFound if there is none.
func (db *DB) MemberIDByEmail(ctx context.Context, networkID int64, email string) (int64, error) {
	var id int64
	err := db.sql.QueryRowContext(ctx, db.q(`SELECT id FROM network_members WHERE network_id = ? AND email = ?`), networkID, email).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	return id, err
}

// queueMemberMail queues ml, if there is any, to member memberID.
func (db *DB) queueMemberMail(ctx context.Context, tx *sql.Tx, ml *Mail, memberID int64, now time.Time) error {
	if ml == nil {
		return nil
	}
	ml.MemberID = memberID
	return db.queueMail(ctx, tx, ml, now)
}
