package store

import (
	"context"
	"database/sql"

	"staffnet/internal/network"
)

// AddDemoNetwork stores one synthetic network with its records and
// assessments in one transaction, setting the ids it is given.
func (db *DB) AddDemoNetwork(ctx context.Context, d *network.DemoNetwork) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		id, err := db.createNetwork(ctx, tx, &d.Network)
		if err != nil {
			return err
		}
		d.Network.ID = id
		r := &d.Records
		if r.TermsOfReference != nil {
			if err := db.addTerms(ctx, tx, id, r.TermsOfReference); err != nil {
				return err
			}
		}
		if r.WorkPlan != nil {
			if err := db.saveWorkPlan(ctx, tx, id, r.WorkPlan); err != nil {
				return err
			}
		}
		sponsor, err := jsonText(r.Sponsor)
		if err != nil {
			return err
		}
		skills, err := jsonText(r.SkillsAudit)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_records (network_id, sponsor_record, skills_audit, last_minutes, next_meeting)
			VALUES (?, ?, ?, ?, ?)`), id, sponsor, skills, date(r.LastMinutes), date(r.NextMeeting)); err != nil {
			return err
		}
		if err := db.addDemoLife(ctx, tx, d); err != nil {
			return err
		}
		for i := range d.Assessments {
			a := &d.Assessments[i]
			a.NetworkID = id
			if err := db.addAssessment(ctx, tx, a); err != nil {
				return err
			}
		}
		return nil
	})
}

// addDemoLife stores a demo network's meetings and events with their
// sign-ups, setting their ids.
func (db *DB) addDemoLife(ctx context.Context, tx *sql.Tx, d *network.DemoNetwork) error {
	for i := range d.Meetings {
		m := &d.Meetings[i]
		m.NetworkID = d.Network.ID
		args, err := meetingArgs(m)
		if err != nil {
			return err
		}
		if err := db.createMeeting(ctx, tx, m, args); err != nil {
			return err
		}
	}
	for i := range d.Events {
		e := &d.Events[i].Event
		e.NetworkID = d.Network.ID
		for _, n := range d.Events[i].CoHostOf {
			if n.ID != 0 {
				e.CoHosts = append(e.CoHosts, n.ID)
			}
		}
		if err := db.createEvent(ctx, tx, e); err != nil {
			return err
		}
		for _, r := range d.Events[i].RSVPs {
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_event_rsvps (event_id, email, name, created_at) VALUES (?, ?, ?, ?)`),
				e.ID, r.Email, r.Name, instant(e.Updated)); err != nil {
				return err
			}
		}
	}
	return nil
}
