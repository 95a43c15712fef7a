package store

import (
	"context"
	"database/sql"
	"fmt"

	"staffnet/internal/network"
)

// Self-assessment rounds and the answers of each respondent. Scoring and
// comparison are the network package's; the store only keeps answers.

// AddAssessment stores a round of the self-assessment for a.NetworkID with
// the responses it holds so far, and sets a.ID.
func (db *DB) AddAssessment(ctx context.Context, a *network.Assessment) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.addAssessment(ctx, tx, a) })
}

// addAssessment stores a with its responses and, once stored, sets a.ID.
func (db *DB) addAssessment(ctx context.Context, tx *sql.Tx, a *network.Assessment) error {
	if err := db.networkExists(ctx, tx, a.NetworkID); err != nil {
		return err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO network_assessments (network_id, taken_on, version) VALUES (?, ?, ?) RETURNING id`),
		a.NetworkID, date(a.Date), a.Version).Scan(&id); err != nil {
		return err
	}
	for _, r := range a.Responses {
		if err := db.saveResponse(ctx, tx, id, r); err != nil {
			return err
		}
	}
	a.ID = id
	return nil
}

func (db *DB) saveResponse(ctx context.Context, tx *sql.Tx, assessmentID int64, r network.Response) error {
	answers := r.Answers
	if answers == nil {
		answers = map[string]network.Answer{}
	}
	js, err := jsonText(answers)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, db.q(`INSERT INTO network_assessment_responses (assessment_id, respondent, role, answers) VALUES (?, ?, ?, ?)
		ON CONFLICT (assessment_id, respondent) DO UPDATE SET role = excluded.role, answers = excluded.answers`),
		assessmentID, r.Respondent, string(r.Role), js)
	return err
}

// SaveAssessmentResponse adds a respondent's answers to an assessment, or
// replaces that respondent's earlier answers (respondents are told apart by
// their label). ErrNotFound if there is no such assessment.
func (db *DB) SaveAssessmentResponse(ctx context.Context, assessmentID int64, r network.Response) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		err := db.exists(ctx, tx, `SELECT count(*) FROM network_assessments WHERE id = ?`, assessmentID, fmt.Sprintf("assessment %d", assessmentID))
		if err != nil {
			return err
		}
		return db.saveResponse(ctx, tx, assessmentID, r)
	})
}

// Assessment returns one assessment with its responses (leads first, then
// the sponsor, each by label).
func (db *DB) Assessment(ctx context.Context, id int64) (*network.Assessment, error) {
	list, err := db.assessments(ctx, `a.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotFound
	}
	return &list[0], nil
}

// Assessments lists a network's assessments, oldest first.
func (db *DB) Assessments(ctx context.Context, networkID int64) ([]network.Assessment, error) {
	return db.assessments(ctx, `a.network_id = ?`, networkID)
}

// assessments reads assessments matching where (a condition on alias a
// with placeholders for args) with their responses, by date then id.
func (db *DB) assessments(ctx context.Context, where string, args ...any) ([]network.Assessment, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT a.id, a.network_id, a.taken_on, a.version, r.respondent, r.role, r.answers
		FROM network_assessments a LEFT JOIN network_assessment_responses r ON r.assessment_id = a.id
		WHERE `+where+` ORDER BY a.taken_on, a.id, r.role, r.respondent`), args...)
	// One row per response (or one for an assessment with none), so an
	// assessment's rows come together.
	var out []network.Assessment
	err = eachRow(rows, err, func(row rowScanner) error {
		var id, nid int64
		var taken string
		var version int
		var respondent, role, answers sql.NullString
		if err := row.Scan(&id, &nid, &taken, &version, &respondent, &role, &answers); err != nil {
			return err
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			d, err := parseDate(taken)
			if err != nil {
				return err
			}
			out = append(out, network.Assessment{ID: id, NetworkID: nid, Version: version, Date: d, Responses: []network.Response{}})
		}
		if !respondent.Valid {
			return nil
		}
		resp := network.Response{Respondent: respondent.String, Role: network.RespondentRole(role.String)}
		if err := fromJSON(answers.String, &resp.Answers); err != nil {
			return err
		}
		a := &out[len(out)-1]
		a.Responses = append(a.Responses, resp)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteAssessment removes one assessment and its responses.
func (db *DB) DeleteAssessment(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM network_assessment_responses WHERE assessment_id = ?`), id); err != nil {
			return err
		}
		return changedOne(tx.ExecContext(ctx, db.q(`DELETE FROM network_assessments WHERE id = ?`), id))
	})
}

// PeerAssessment is one network's latest assessment, with what a
// comparison needs to know about the network.
type PeerAssessment struct {
	NetworkID  int64
	Type       network.Type
	Region     string
	Assessment network.Assessment
}

func scanPeer(row rowScanner) (PeerAssessment, error) {
	var p PeerAssessment
	var typ string
	err := row.Scan(&p.NetworkID, &typ, &p.Region)
	p.Type = network.Type(typ)
	return p, err
}

// LatestAssessments returns each network's latest assessment, for networks
// of type t ("" for every type) that are not closed. The caller scores
// them and compares (network.Questionnaire.Compare); the store names no
// network beyond its id.
func (db *DB) LatestAssessments(ctx context.Context, t network.Type) ([]PeerAssessment, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT n.id, n.type, o.region FROM networks n JOIN organisations o ON o.code = n.org_code
		WHERE (n.type = ? OR ? = '') AND n.status <> 'closed' ORDER BY n.id`), string(t), string(t))
	nets, err := scanAll(rows, err, scanPeer)
	if err != nil {
		return nil, err
	}
	// All assessments of those networks in one query; keep the last per
	// network (assessments come oldest first).
	list, err := db.assessments(ctx, `a.network_id IN (SELECT id FROM networks WHERE type = ? OR ? = '')`, string(t), string(t))
	if err != nil {
		return nil, err
	}
	latest := map[int64]network.Assessment{}
	for _, a := range list {
		latest[a.NetworkID] = a
	}
	var out []PeerAssessment
	for _, p := range nets {
		if a, ok := latest[p.NetworkID]; ok {
			p.Assessment = a
			out = append(out, p)
		}
	}
	return out, nil
}
