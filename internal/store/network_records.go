package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"staffnet/internal/network"
)

// A network's governance records: versioned terms of reference and work
// plans, and one network_records row for the sponsor record, the skills
// audit and the meeting dates.

// AddTermsOfReference stores t as the network's next version of its terms
// of reference (earlier versions are kept) and sets t.Version.
func (db *DB) AddTermsOfReference(ctx context.Context, networkID int64, t *network.TermsOfReference) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.addTerms(ctx, tx, networkID, t) })
}

// addTerms stores t as the next version and, once stored, sets t.Version.
func (db *DB) addTerms(ctx context.Context, tx *sql.Tx, networkID int64, t *network.TermsOfReference) error {
	v, err := db.nextVersion(ctx, tx, "network_terms", networkID)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_terms (network_id, version, text, approved_on, review_due) VALUES (?, ?, ?, ?, ?)`),
		networkID, v, t.Text, date(t.ApprovedOn), date(t.ReviewDue)); err != nil {
		return err
	}
	t.Version = v
	return nil
}

// nextVersion is the version number a network's next row in table (one
// of the versioned record tables, never user input) takes. ErrNotFound if
// there is no such network.
func (db *DB) nextVersion(ctx context.Context, tx *sql.Tx, table string, networkID int64) (int, error) {
	if err := db.networkExists(ctx, tx, networkID); err != nil {
		return 0, err
	}
	var v int
	err := tx.QueryRowContext(ctx, db.q(`SELECT coalesce(max(version), 0) + 1 FROM `+table+` WHERE network_id = ?`), networkID).Scan(&v)
	return v, err
}

const termsSelect = `SELECT version, text, approved_on, review_due FROM network_terms WHERE network_id = ?`

func scanTerms(row rowScanner) (network.TermsOfReference, error) {
	var t network.TermsOfReference
	var approved, due string
	err := row.Scan(&t.Version, &t.Text, &approved, &due)
	if err != nil {
		return t, err
	}
	if t.ApprovedOn, err = parseDate(approved); err != nil {
		return t, err
	}
	t.ReviewDue, err = parseDate(due)
	return t, err
}

// TermsOfReference lists every version of a network's terms of reference,
// oldest first; the last is current.
func (db *DB) TermsOfReference(ctx context.Context, networkID int64) ([]network.TermsOfReference, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(termsSelect+` ORDER BY version`), networkID)
	return scanAll(rows, err, scanTerms)
}

// SaveWorkPlan stores w as the network's next work-plan version (earlier
// versions are kept) and sets w.Version.
func (db *DB) SaveWorkPlan(ctx context.Context, networkID int64, w *network.WorkPlan) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.saveWorkPlan(ctx, tx, networkID, w) })
}

// saveWorkPlan stores w as the next version and, once stored, sets
// w.Version.
func (db *DB) saveWorkPlan(ctx context.Context, tx *sql.Tx, networkID int64, w *network.WorkPlan) error {
	objectives := nonNil(w.Objectives)
	// The objectives column holds the objectives as a JSON array or, once
	// the network has set recommendations aside, an object with the
	// objectives and the dismissals: plans saved before dismissals
	// existed read unchanged, and no migration is needed.
	var body any = objectives
	if len(w.Dismissed) > 0 {
		body = planJSON{Objectives: objectives, Dismissed: w.Dismissed}
	}
	js, err := jsonText(body)
	if err != nil {
		return err
	}
	v, err := db.nextVersion(ctx, tx, "network_work_plans", networkID)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_work_plans (network_id, version, updated_on, objectives) VALUES (?, ?, ?, ?)`),
		networkID, v, date(w.UpdatedOn), js); err != nil {
		return err
	}
	w.Version = v
	return nil
}

const workPlanSelect = `SELECT version, updated_on, objectives FROM network_work_plans WHERE network_id = ?`

func scanWorkPlan(row rowScanner) (network.WorkPlan, error) {
	var w network.WorkPlan
	var updated, objectives string
	err := row.Scan(&w.Version, &updated, &objectives)
	if err != nil {
		return w, err
	}
	if w.UpdatedOn, err = parseDate(updated); err != nil {
		return w, err
	}
	if strings.HasPrefix(strings.TrimSpace(objectives), "{") {
		var p planJSON
		err = fromJSON(objectives, &p)
		w.Objectives, w.Dismissed = p.Objectives, p.Dismissed
		return w, err
	}
	err = fromJSON(objectives, &w.Objectives)
	return w, err
}

// planJSON is the objectives column of a work plan with dismissals.
type planJSON struct {
	Objectives []network.Objective `json:"objectives"`
	Dismissed  []network.Dismissal `json:"dismissed"`
}

// WorkPlans lists every version of a network's work plan, oldest first.
func (db *DB) WorkPlans(ctx context.Context, networkID int64) ([]network.WorkPlan, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(workPlanSelect+` ORDER BY version`), networkID)
	return scanAll(rows, err, scanWorkPlan)
}

// Record columns: setRecord writes only these, so no caller's string ever
// becomes part of a query.
const (
	recordSponsor     = "sponsor_record"
	recordSkills      = "skills_audit"
	recordLastMinutes = "last_minutes"
	recordNextMeeting = "next_meeting"
)

// setRecord writes one column of network_records, creating the row if
// needed. col is one of the record column constants, never user input.
func (db *DB) setRecord(ctx context.Context, tx *sql.Tx, networkID int64, col, value string) error {
	if err := db.networkExists(ctx, tx, networkID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_records (network_id, `+col+`) VALUES (?, ?)
		ON CONFLICT (network_id) DO UPDATE SET `+col+` = excluded.`+col), networkID, value)
	return err
}

// setJSONRecord writes v as JSON in one column of network_records; nil
// clears it.
func (db *DB) setJSONRecord(ctx context.Context, networkID int64, col string, v any) error {
	js, err := jsonText(v)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error { return db.setRecord(ctx, tx, networkID, col, js) })
}

// SaveSponsorRecord replaces the network's sponsor-relationship record;
// nil clears it.
func (db *DB) SaveSponsorRecord(ctx context.Context, networkID int64, r *network.SponsorRecord) error {
	return db.setJSONRecord(ctx, networkID, recordSponsor, r)
}

// SaveSkillsAudit replaces the network's leaders' skills audit; nil clears
// it.
func (db *DB) SaveSkillsAudit(ctx context.Context, networkID int64, a *network.SkillsAudit) error {
	return db.setJSONRecord(ctx, networkID, recordSkills, a)
}

// SaveMeetings records the date of the latest minutes shared with members
// and of the next meeting announced (zero for none).
func (db *DB) SaveMeetings(ctx context.Context, networkID int64, lastMinutes, nextMeeting time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.setRecord(ctx, tx, networkID, recordLastMinutes, date(lastMinutes)); err != nil {
			return err
		}
		return db.setRecord(ctx, tx, networkID, recordNextMeeting, date(nextMeeting))
	})
}

// Records returns the latest of each of a network's governance records:
// the newest terms of reference and work plan, the sponsor record, the
// skills audit and the meeting dates. A network with none has empty
// Records; ErrNotFound if there is no such network.
func (db *DB) Records(ctx context.Context, networkID int64) (*network.Records, error) {
	var r network.Records
	err := db.readTx(ctx, func(tx *sql.Tx) error {
		if err := db.networkExists(ctx, tx, networkID); err != nil {
			return err
		}
		const latest = ` ORDER BY version DESC LIMIT 1`
		if err := scanOptional(tx.QueryRowContext(ctx, db.q(termsSelect+latest), networkID), scanTerms, &r.TermsOfReference); err != nil {
			return err
		}
		if err := scanOptional(tx.QueryRowContext(ctx, db.q(workPlanSelect+latest), networkID), scanWorkPlan, &r.WorkPlan); err != nil {
			return err
		}
		var sponsor, skills, minutes, next string
		err := tx.QueryRowContext(ctx, db.q(`SELECT sponsor_record, skills_audit, last_minutes, next_meeting FROM network_records
			WHERE network_id = ?`), networkID).Scan(&sponsor, &skills, &minutes, &next)
		if errors.Is(err, sql.ErrNoRows) {
			return db.meetingDates(ctx, tx, networkID, &r)
		}
		if err != nil {
			return err
		}
		if err := fromJSON(sponsor, &r.Sponsor); err != nil {
			return err
		}
		if err := fromJSON(skills, &r.SkillsAudit); err != nil {
			return err
		}
		if r.LastMinutes, err = parseDate(minutes); err != nil {
			return err
		}
		if r.NextMeeting, err = parseDate(next); err != nil {
			return err
		}
		return db.meetingDates(ctx, tx, networkID, &r)
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}
