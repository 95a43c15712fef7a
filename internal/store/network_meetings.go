package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"staffnet/internal/network"
)

// A network's meetings. Every query names the network as well as the
// meeting, so a meeting id from another network is ErrNotFound, never
// its data.

// instant writes a moment as UTC text that sorts in time order.
func instant(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func parseInstant(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02T15:04:05Z", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: bad instant %q: %w", s, err)
	}
	return t, nil
}

// newUID is an iCalendar UID: random, so that it reveals nothing and
// stays the same however the meeting or event changes.
func newUID(kind string) string {
	b := make([]byte, 12)
	rand.Read(b)
	return kind + "-" + hex.EncodeToString(b) + "@staffnet"
}

// stampNew gives a new meeting or event what it has not been given yet:
// a UID of its kind, and now as the time of its last change.
func stampNew(uid *string, kind string, updated *time.Time) {
	if *uid == "" {
		*uid = newUID(kind)
	}
	if updated.IsZero() {
		*updated = time.Now().UTC().Truncate(time.Second)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const meetingCols = `id, network_id, uid, sequence, starts_at, ends_at, place, online_url, agenda, papers, attendance,
	attendees_consent, attendees, minutes, minutes_status, approved_on, decisions, actions, publish, updated_at`

func scanMeeting(row rowScanner) (network.Meeting, error) {
	var m network.Meeting
	var start, end, papers, attendees, status, approved, decisions, actions, updated string
	var consent, publish int
	err := row.Scan(&m.ID, &m.NetworkID, &m.UID, &m.Sequence, &start, &end, &m.Place, &m.OnlineURL, &m.Agenda, &papers, &m.Attendance,
		&consent, &attendees, &m.Minutes, &status, &approved, &decisions, &actions, &publish, &updated)
	if err != nil {
		return m, err
	}
	m.AttendeesConsent, m.Publish, m.MinutesStatus = consent == 1, publish == 1, network.MinutesStatus(status)
	for _, f := range []func() error{
		func() (err error) { m.Start, err = parseInstant(start); return },
		func() (err error) { m.End, err = parseInstant(end); return },
		func() (err error) { m.Updated, err = parseInstant(updated); return },
		func() (err error) { m.ApprovedOn, err = parseDate(approved); return },
		func() error { return fromJSON(papers, &m.Papers) },
		func() error { return fromJSON(attendees, &m.Attendees) },
		func() error { return fromJSON(decisions, &m.Decisions) },
		func() error { return fromJSON(actions, &m.Actions) },
	} {
		if err := f(); err != nil {
			return m, err
		}
	}
	return m, nil
}

// meetingArgs are the columns a save writes, from place to publish.
func meetingArgs(m *network.Meeting) ([]any, error) {
	var js [4]string
	for i, v := range []any{m.Papers, m.Attendees, m.Decisions, m.Actions} {
		s, err := jsonText(v)
		if err != nil {
			return nil, err
		}
		if s == "" {
			s = "[]"
		}
		js[i] = s
	}
	if !m.AttendeesConsent {
		js[1] = "[]" // names are kept only with the consent recorded
	}
	return []any{instant(m.Start), instant(m.End), m.Place, m.OnlineURL, m.Agenda, js[0], m.Attendance, boolInt(m.AttendeesConsent), js[1],
		m.Minutes, string(m.MinutesStatus), date(m.ApprovedOn), js[2], js[3], boolInt(m.Publish)}, nil
}

// CreateMeeting stores a new meeting of network m.NetworkID and sets its
// id, UID and Updated.
func (db *DB) CreateMeeting(ctx context.Context, m *network.Meeting) error {
	args, err := meetingArgs(m)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error { return db.createMeeting(ctx, tx, m, args) })
}

func (db *DB) createMeeting(ctx context.Context, tx *sql.Tx, m *network.Meeting, args []any) error {
	if err := db.networkExists(ctx, tx, m.NetworkID); err != nil {
		return err
	}
	stampNew(&m.UID, "meeting", &m.Updated)
	all := append([]any{m.NetworkID, m.UID, m.Sequence}, args...)
	all = append(all, instant(m.Updated))
	return tx.QueryRowContext(ctx, db.q(`INSERT INTO network_meetings (network_id, uid, sequence, starts_at, ends_at, place, online_url,
		agenda, papers, attendance, attendees_consent, attendees, minutes, minutes_status, approved_on, decisions, actions, publish, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), all...).Scan(&m.ID)
}

// UpdateMeeting saves meeting m.ID of network m.NetworkID, counting one
// more change (SEQUENCE) so subscribed calendars take the new version.
// ErrNotFound if the network has no such meeting.
func (db *DB) UpdateMeeting(ctx context.Context, m *network.Meeting) error {
	args, err := meetingArgs(m)
	if err != nil {
		return err
	}
	now := time.Now().UTC().Truncate(time.Second)
	args = append(args, instant(now), m.ID, m.NetworkID)
	err = changedOne(db.sql.ExecContext(ctx, db.q(`UPDATE network_meetings SET sequence = sequence + 1, starts_at = ?, ends_at = ?,
		place = ?, online_url = ?, agenda = ?, papers = ?, attendance = ?, attendees_consent = ?, attendees = ?, minutes = ?,
		minutes_status = ?, approved_on = ?, decisions = ?, actions = ?, publish = ?, updated_at = ? WHERE id = ? AND network_id = ?`), args...))
	if err == nil {
		m.Updated = now
		m.Sequence++
	}
	return err
}

// Meeting returns meeting id of network networkID.
func (db *DB) Meeting(ctx context.Context, networkID, id int64) (*network.Meeting, error) {
	return scanOne(db.sql.QueryRowContext(ctx, db.q(`SELECT `+meetingCols+` FROM network_meetings WHERE id = ? AND network_id = ?`), id, networkID), scanMeeting)
}

// Meetings lists a network's meetings, latest first.
func (db *DB) Meetings(ctx context.Context, networkID int64) ([]network.Meeting, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT `+meetingCols+` FROM network_meetings WHERE network_id = ? ORDER BY starts_at DESC, id DESC`), networkID)
	return scanAll(rows, err, scanMeeting)
}

// NextMeeting is the network's first meeting starting at or after now;
// with published, only one the network publishes. ErrNotFound if none.
func (db *DB) NextMeeting(ctx context.Context, networkID int64, now time.Time, published bool) (*network.Meeting, error) {
	return scanOne(db.sql.QueryRowContext(ctx, db.q(`SELECT `+meetingCols+` FROM network_meetings
		WHERE network_id = ? AND starts_at >= ? AND (publish = 1 OR ? = 0) ORDER BY starts_at, id LIMIT 1`),
		networkID, instant(now), boolInt(published)), scanMeeting)
}

// ActionToObjective adds action i of a meeting to the network's work
// plan as a new objective (a new work-plan version, as any change to the
// plan is) and marks the action as added, both or neither. It refuses an
// action already added, so a double click adds one objective.
func (db *DB) ActionToObjective(ctx context.Context, networkID, meetingID int64, i int, today time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		m, err := scanOne(tx.QueryRowContext(ctx, db.q(`SELECT `+meetingCols+` FROM network_meetings WHERE id = ? AND network_id = ?`), meetingID, networkID), scanMeeting)
		if err != nil {
			return err
		}
		if i < 0 || i >= len(m.Actions) {
			return fmt.Errorf("store: meeting %d has no action %d: %w", meetingID, i, ErrNotFound)
		}
		if m.Actions[i].ObjectiveAdded {
			return ErrAlreadyAdded
		}
		var plan network.WorkPlan
		if err := scanOptionalTx(tx.QueryRowContext(ctx, db.q(workPlanSelect+` ORDER BY version DESC LIMIT 1`), networkID), &plan); err != nil {
			return err
		}
		plan.Objectives = append(plan.Objectives, m.Actions[i].Objective(m))
		plan.UpdatedOn = today
		if err := db.saveWorkPlan(ctx, tx, networkID, &plan); err != nil {
			return err
		}
		m.Actions[i].ObjectiveAdded = true
		js, err := jsonText(m.Actions)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, db.q(`UPDATE network_meetings SET actions = ? WHERE id = ?`), js, m.ID)
		return err
	})
}

// ErrAlreadyAdded is an action that is already a work-plan objective.
var ErrAlreadyAdded = fmt.Errorf("store: this action is already in the work plan")

// scanOptionalTx reads the latest work plan into plan, leaving it empty
// when there is none.
func scanOptionalTx(row *sql.Row, plan *network.WorkPlan) error {
	var p *network.WorkPlan
	if err := scanOptional(row, scanWorkPlan, &p); err != nil {
		return err
	}
	if p != nil {
		*plan = *p
	}
	return nil
}

// meetingDates brings r's meeting dates up to date from the meetings: the
// next meeting is the first one from today on, and the latest minutes
// are those of the latest meeting whose minutes were approved. Each falls
// back to the date recorded by hand (the meetings record before meetings
// were kept), whichever is later.
func (db *DB) meetingDates(ctx context.Context, tx *sql.Tx, networkID int64, r *network.Records) error {
	today := network.Day(time.Now().In(network.London))
	var next, minutes sql.NullString
	err := tx.QueryRowContext(ctx, db.q(`SELECT
		(SELECT min(starts_at) FROM network_meetings WHERE network_id = ? AND starts_at >= ?),
		(SELECT max(starts_at) FROM network_meetings WHERE network_id = ? AND minutes_status = 'approved')`),
		networkID, instant(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, network.London)), networkID).Scan(&next, &minutes)
	if err != nil {
		return err
	}
	later := func(have *time.Time, s sql.NullString) error {
		if !s.Valid {
			return nil
		}
		t, err := parseInstant(s.String)
		if err != nil {
			return err
		}
		d := network.Day(t.In(network.London))
		if d.After(*have) {
			*have = d
		}
		return nil
	}
	if err := later(&r.LastMinutes, minutes); err != nil {
		return err
	}
	// The next meeting: the nearest one from today on. A hand-recorded
	// date only wins when it is also still to come and sooner.
	if next.Valid {
		t, err := parseInstant(next.String)
		if err != nil {
			return err
		}
		d := network.Day(t.In(network.London))
		if r.NextMeeting.Before(today) || d.Before(r.NextMeeting) {
			r.NextMeeting = d
		}
	}
	return nil
}

// DeleteMeeting deletes meeting id of network networkID. Objectives made
// from its actions stay in the work plan, keeping the meeting's id.
func (db *DB) DeleteMeeting(ctx context.Context, networkID, id int64) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`DELETE FROM network_meetings WHERE id = ? AND network_id = ?`), id, networkID))
}

// HandKeptMeetingDates returns the meeting dates as recorded by hand (the
// form on the meetings page), without those worked out from the
// meetings, so that saving that form never turns a meeting's date into a
// hand-kept one that outlives the meeting.
func (db *DB) HandKeptMeetingDates(ctx context.Context, networkID int64) (lastMinutes, nextMeeting time.Time, err error) {
	var last, next string
	err = db.sql.QueryRowContext(ctx, db.q(`SELECT last_minutes, next_meeting FROM network_records WHERE network_id = ?`), networkID).Scan(&last, &next)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	if lastMinutes, err = parseDate(last); err != nil {
		return
	}
	nextMeeting, err = parseDate(next)
	return
}
