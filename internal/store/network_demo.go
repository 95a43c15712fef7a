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
