package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"staffnet/internal/network"
	"staffnet/internal/orgs"
)

// Staff networks (issue 5). The store maps internal/network values to rows
// and decides nothing: validation, flags, scoring and publication rules
// all live in the domain package.

// NetworkEntry is a stored network with the organisation it belongs to.
type NetworkEntry struct {
	network.Network
	OrgName string
	Region  string // NHS England region code of the organisation
}

// NetworkFilter picks networks for the directory; an empty field matches
// everything.
type NetworkFilter struct {
	Region string
	Org    string
	Type   network.Type
	Status network.Status
}

// date writes a calendar date as YYYY-MM-DD, "" for the zero time.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

// parseDate reads what date wrote.
func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("store: bad date %q: %w", s, err)
	}
	return t, nil
}

// jsonText marshals v; a nil pointer becomes "".
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if string(b) == "null" {
		return "", nil
	}
	return string(b), nil
}

// fromJSON unmarshals s into v; "" leaves v alone.
func fromJSON(s string, v any) error {
	if s == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("store: unreadable JSON column: %w", err)
	}
	return nil
}

type networkCols struct {
	leaders, sponsor, published, updated string
}

func networkValues(n *network.Network) (networkCols, error) {
	var c networkCols
	var err error
	leaders := n.Leaders
	if leaders == nil {
		leaders = []network.Leader{}
	}
	if c.leaders, err = jsonText(leaders); err != nil {
		return c, err
	}
	if c.sponsor, err = jsonText(n.Sponsor); err != nil {
		return c, err
	}
	published := n.Published
	if published == nil {
		published = []network.Field{}
	}
	if c.published, err = jsonText(published); err != nil {
		return c, err
	}
	c.updated = date(n.UpdatedOn)
	return c, nil
}

const networkSelect = `SELECT n.id, n.org_code, n.type, n.name, n.year_started, n.purpose, n.contact, n.meeting_pattern,
	n.web_page, n.status, n.leaders, n.sponsor, n.published, n.updated_on, o.name, o.region
	FROM networks n JOIN organisations o ON o.code = n.org_code`

func scanNetwork(row interface{ Scan(...any) error }) (NetworkEntry, error) {
	var e NetworkEntry
	n := &e.Network
	var typ, status, leaders, sponsor, published, updated string
	err := row.Scan(&n.ID, &n.OrgCode, &typ, &n.Name, &n.YearStarted, &n.Purpose, &n.Contact, &n.MeetingPattern,
		&n.WebPage, &status, &leaders, &sponsor, &published, &updated, &e.OrgName, &e.Region)
	if err != nil {
		return e, err
	}
	n.Type, n.Status = network.Type(typ), network.Status(status)
	if err := fromJSON(leaders, &n.Leaders); err != nil {
		return e, err
	}
	if err := fromJSON(sponsor, &n.Sponsor); err != nil {
		return e, err
	}
	if err := fromJSON(published, &n.Published); err != nil {
		return e, err
	}
	n.UpdatedOn, err = parseDate(updated)
	return e, err
}

// CreateNetwork stores a new network and sets n.ID. The organisation must
// exist (ErrNotFound otherwise).
func (db *DB) CreateNetwork(ctx context.Context, n *network.Network) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		id, err := db.createNetwork(ctx, tx, n)
		if err != nil {
			return err
		}
		n.ID = id
		return nil
	})
}

func (db *DB) createNetwork(ctx context.Context, tx *sql.Tx, n *network.Network) (int64, error) {
	var exists int
	if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM organisations WHERE code = ?`), n.OrgCode).Scan(&exists); err != nil {
		return 0, err
	}
	if exists == 0 {
		return 0, fmt.Errorf("store: organisation %q: %w", n.OrgCode, ErrNotFound)
	}
	c, err := networkValues(n)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRowContext(ctx, db.q(`INSERT INTO networks (org_code, type, name, year_started, purpose, contact, meeting_pattern,
		web_page, status, leaders, sponsor, published, updated_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		n.OrgCode, string(n.Type), n.Name, n.YearStarted, n.Purpose, n.Contact, n.MeetingPattern,
		n.WebPage, string(n.Status), c.leaders, c.sponsor, c.published, c.updated).Scan(&id)
	return id, err
}

// UpdateNetwork replaces every field of the stored network n.ID, including
// its organisation. ErrNotFound if there is no such network or
// organisation.
func (db *DB) UpdateNetwork(ctx context.Context, n *network.Network) error {
	c, err := networkValues(n)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM organisations WHERE code = ?`), n.OrgCode).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return fmt.Errorf("store: organisation %q: %w", n.OrgCode, ErrNotFound)
		}
		res, err := tx.ExecContext(ctx, db.q(`UPDATE networks SET org_code = ?, type = ?, name = ?, year_started = ?, purpose = ?,
			contact = ?, meeting_pattern = ?, web_page = ?, status = ?, leaders = ?, sponsor = ?, published = ?, updated_on = ?
			WHERE id = ?`),
			n.OrgCode, string(n.Type), n.Name, n.YearStarted, n.Purpose, n.Contact, n.MeetingPattern,
			n.WebPage, string(n.Status), c.leaders, c.sponsor, c.published, c.updated, n.ID)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// Network returns one network with its organisation.
func (db *DB) Network(ctx context.Context, id int64) (*NetworkEntry, error) {
	e, err := scanNetwork(db.sql.QueryRowContext(ctx, db.q(networkSelect+` WHERE n.id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// Networks lists the networks f picks, by organisation name, then type,
// name and id.
func (db *DB) Networks(ctx context.Context, f NetworkFilter) ([]NetworkEntry, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(networkSelect+`
		WHERE (o.region = ? OR ? = '') AND (n.org_code = ? OR ? = '') AND (n.type = ? OR ? = '') AND (n.status = ? OR ? = '')
		ORDER BY o.name, n.org_code, n.type, n.name, n.id`),
		f.Region, f.Region, f.Org, f.Org, string(f.Type), string(f.Type), string(f.Status), string(f.Status))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []NetworkEntry
	for rows.Next() {
		e, err := scanNetwork(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// CountNetworks counts every stored network.
func (db *DB) CountNetworks(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM networks`).Scan(&n)
	return n, err
}

// DeleteAllNetworks removes every network with its records and assessments
// (for replacing demo data), and detaches accounts from them. Guide
// progress belongs to organisations and stays.
func (db *DB) DeleteAllNetworks(ctx context.Context) (int, error) {
	var n int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`DELETE FROM network_assessment_responses`, `DELETE FROM network_assessments`,
			`DELETE FROM network_terms`, `DELETE FROM network_work_plans`, `DELETE FROM network_records`,
			`UPDATE users SET network_id = 0 WHERE network_id <> 0`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM networks`)
		if err != nil {
			return err
		}
		k, _ := res.RowsAffected()
		n = int(k)
		return nil
	})
	return n, err
}

// ---- Governance records

// networkExists returns ErrNotFound when there is no network id.
func (db *DB) networkExists(ctx context.Context, tx *sql.Tx, id int64) error {
	var k int
	if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM networks WHERE id = ?`), id).Scan(&k); err != nil {
		return err
	}
	if k == 0 {
		return fmt.Errorf("store: network %d: %w", id, ErrNotFound)
	}
	return nil
}

// AddTermsOfReference stores t as the network's next version of its terms
// of reference (earlier versions are kept) and sets t.Version.
func (db *DB) AddTermsOfReference(ctx context.Context, networkID int64, t *network.TermsOfReference) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		v, err := db.addTerms(ctx, tx, networkID, t)
		if err == nil {
			t.Version = v
		}
		return err
	})
}

func (db *DB) addTerms(ctx context.Context, tx *sql.Tx, networkID int64, t *network.TermsOfReference) (int, error) {
	if err := db.networkExists(ctx, tx, networkID); err != nil {
		return 0, err
	}
	var v int
	if err := tx.QueryRowContext(ctx, db.q(`SELECT coalesce(max(version), 0) + 1 FROM network_terms WHERE network_id = ?`), networkID).Scan(&v); err != nil {
		return 0, err
	}
	_, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_terms (network_id, version, text, approved_on, review_due) VALUES (?, ?, ?, ?, ?)`),
		networkID, v, t.Text, date(t.ApprovedOn), date(t.ReviewDue))
	return v, err
}

// TermsOfReference lists every version of a network's terms of reference,
// oldest first; the last is current.
func (db *DB) TermsOfReference(ctx context.Context, networkID int64) ([]network.TermsOfReference, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT version, text, approved_on, review_due FROM network_terms
		WHERE network_id = ? ORDER BY version`), networkID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []network.TermsOfReference
	for rows.Next() {
		var t network.TermsOfReference
		var approved, due string
		if err := rows.Scan(&t.Version, &t.Text, &approved, &due); err != nil {
			return nil, err
		}
		if t.ApprovedOn, err = parseDate(approved); err != nil {
			return nil, err
		}
		if t.ReviewDue, err = parseDate(due); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// SaveWorkPlan stores w as the network's next work-plan version (earlier
// versions are kept) and sets w.Version.
func (db *DB) SaveWorkPlan(ctx context.Context, networkID int64, w *network.WorkPlan) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		v, err := db.saveWorkPlan(ctx, tx, networkID, w)
		if err == nil {
			w.Version = v
		}
		return err
	})
}

func (db *DB) saveWorkPlan(ctx context.Context, tx *sql.Tx, networkID int64, w *network.WorkPlan) (int, error) {
	if err := db.networkExists(ctx, tx, networkID); err != nil {
		return 0, err
	}
	objectives := w.Objectives
	if objectives == nil {
		objectives = []network.Objective{}
	}
	js, err := jsonText(objectives)
	if err != nil {
		return 0, err
	}
	var v int
	if err := tx.QueryRowContext(ctx, db.q(`SELECT coalesce(max(version), 0) + 1 FROM network_work_plans WHERE network_id = ?`), networkID).Scan(&v); err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, db.q(`INSERT INTO network_work_plans (network_id, version, updated_on, objectives) VALUES (?, ?, ?, ?)`),
		networkID, v, date(w.UpdatedOn), js)
	return v, err
}

// WorkPlans lists every version of a network's work plan, oldest first.
func (db *DB) WorkPlans(ctx context.Context, networkID int64) ([]network.WorkPlan, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT version, updated_on, objectives FROM network_work_plans
		WHERE network_id = ? ORDER BY version`), networkID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []network.WorkPlan
	for rows.Next() {
		var w network.WorkPlan
		var updated, js string
		if err := rows.Scan(&w.Version, &updated, &js); err != nil {
			return nil, err
		}
		if w.UpdatedOn, err = parseDate(updated); err != nil {
			return nil, err
		}
		if err := fromJSON(js, &w.Objectives); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// setRecord writes one column of network_records, creating the row if
// needed. col is one of this file's constants, never user input.
func (db *DB) setRecord(ctx context.Context, tx *sql.Tx, networkID int64, col, value string) error {
	if err := db.networkExists(ctx, tx, networkID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_records (network_id, `+col+`) VALUES (?, ?)
		ON CONFLICT (network_id) DO UPDATE SET `+col+` = excluded.`+col), networkID, value)
	return err
}

// SaveSponsorRecord replaces the network's sponsor-relationship record;
// nil clears it.
func (db *DB) SaveSponsorRecord(ctx context.Context, networkID int64, r *network.SponsorRecord) error {
	js, err := jsonText(r)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error { return db.setRecord(ctx, tx, networkID, "sponsor_record", js) })
}

// SaveSkillsAudit replaces the network's leaders' skills audit; nil clears
// it.
func (db *DB) SaveSkillsAudit(ctx context.Context, networkID int64, a *network.SkillsAudit) error {
	js, err := jsonText(a)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error { return db.setRecord(ctx, tx, networkID, "skills_audit", js) })
}

// SaveMeetings records the date of the latest minutes shared with members
// and of the next meeting announced (zero for none).
func (db *DB) SaveMeetings(ctx context.Context, networkID int64, lastMinutes, nextMeeting time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.setRecord(ctx, tx, networkID, "last_minutes", date(lastMinutes)); err != nil {
			return err
		}
		return db.setRecord(ctx, tx, networkID, "next_meeting", date(nextMeeting))
	})
}

// Records returns the latest of each of a network's governance records:
// the newest terms of reference and work plan, the sponsor record, the
// skills audit and the meeting dates. A network with none has empty
// Records; ErrNotFound if there is no such network.
func (db *DB) Records(ctx context.Context, networkID int64) (*network.Records, error) {
	var r network.Records
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.networkExists(ctx, tx, networkID); err != nil {
			return err
		}
		var t network.TermsOfReference
		var approved, due string
		err := tx.QueryRowContext(ctx, db.q(`SELECT version, text, approved_on, review_due FROM network_terms
			WHERE network_id = ? ORDER BY version DESC LIMIT 1`), networkID).Scan(&t.Version, &t.Text, &approved, &due)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			if t.ApprovedOn, err = parseDate(approved); err != nil {
				return err
			}
			if t.ReviewDue, err = parseDate(due); err != nil {
				return err
			}
			r.TermsOfReference = &t
		}
		var w network.WorkPlan
		var updated, objectives string
		err = tx.QueryRowContext(ctx, db.q(`SELECT version, updated_on, objectives FROM network_work_plans
			WHERE network_id = ? ORDER BY version DESC LIMIT 1`), networkID).Scan(&w.Version, &updated, &objectives)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			if w.UpdatedOn, err = parseDate(updated); err != nil {
				return err
			}
			if err := fromJSON(objectives, &w.Objectives); err != nil {
				return err
			}
			r.WorkPlan = &w
		}
		var sponsor, skills, minutes, next string
		err = tx.QueryRowContext(ctx, db.q(`SELECT sponsor_record, skills_audit, last_minutes, next_meeting FROM network_records
			WHERE network_id = ?`), networkID).Scan(&sponsor, &skills, &minutes, &next)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
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
		r.NextMeeting, err = parseDate(next)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &r, nil
}

// ---- Self-assessments

// AddAssessment stores a round of the self-assessment for a.NetworkID with
// the responses it holds so far, and sets a.ID.
func (db *DB) AddAssessment(ctx context.Context, a *network.Assessment) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		id, err := db.addAssessment(ctx, tx, a)
		if err == nil {
			a.ID = id
		}
		return err
	})
}

func (db *DB) addAssessment(ctx context.Context, tx *sql.Tx, a *network.Assessment) (int64, error) {
	if err := db.networkExists(ctx, tx, a.NetworkID); err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO network_assessments (network_id, taken_on, version) VALUES (?, ?, ?) RETURNING id`),
		a.NetworkID, date(a.Date), a.Version).Scan(&id); err != nil {
		return 0, err
	}
	for _, r := range a.Responses {
		if err := db.saveResponse(ctx, tx, id, r); err != nil {
			return 0, err
		}
	}
	return id, nil
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
		var k int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM network_assessments WHERE id = ?`), assessmentID).Scan(&k); err != nil {
			return err
		}
		if k == 0 {
			return fmt.Errorf("store: assessment %d: %w", assessmentID, ErrNotFound)
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
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []network.Assessment
	for rows.Next() {
		var id, nid int64
		var taken string
		var version int
		var respondent, role, answers sql.NullString
		if err := rows.Scan(&id, &nid, &taken, &version, &respondent, &role, &answers); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			d, err := parseDate(taken)
			if err != nil {
				return nil, err
			}
			out = append(out, network.Assessment{ID: id, NetworkID: nid, Version: version, Date: d, Responses: []network.Response{}})
		}
		if !respondent.Valid {
			continue
		}
		resp := network.Response{Respondent: respondent.String, Role: network.RespondentRole(role.String)}
		if err := fromJSON(answers.String, &resp.Answers); err != nil {
			return nil, err
		}
		a := &out[len(out)-1]
		a.Responses = append(a.Responses, resp)
	}
	return out, rows.Err()
}

// DeleteAssessment removes one assessment and its responses.
func (db *DB) DeleteAssessment(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM network_assessment_responses WHERE assessment_id = ?`), id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, db.q(`DELETE FROM network_assessments WHERE id = ?`), id)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return ErrNotFound
		}
		return nil
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

// LatestAssessments returns each network's latest assessment, for networks
// of type t ("" for every type) that are not closed. The caller scores
// them and compares (network.Questionnaire.Compare); the store names no
// network beyond its id.
func (db *DB) LatestAssessments(ctx context.Context, t network.Type) ([]PeerAssessment, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT n.id, n.type, o.region FROM networks n JOIN organisations o ON o.code = n.org_code
		WHERE (n.type = ? OR ? = '') AND n.status <> 'closed' ORDER BY n.id`), string(t), string(t))
	if err != nil {
		return nil, err
	}
	var nets []PeerAssessment
	for rows.Next() {
		var p PeerAssessment
		var typ string
		if err := rows.Scan(&p.NetworkID, &typ, &p.Region); err != nil {
			rows.Close()
			return nil, err
		}
		p.Type = network.Type(typ)
		nets = append(nets, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
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

// ---- Guide progress for new networks

// GuideProgress is one organisation's way through the six-step guide to
// starting a network, with the account that started it.
type GuideProgress struct {
	ID       int64
	Owner    int64 // user id
	Progress network.Progress
}

// SaveGuideProgress stores g: a new row when g.ID is 0 (setting g.ID),
// otherwise it replaces the stored progress (ErrNotFound if there is none).
// The organisation is g.Progress.OrgCode and must exist.
func (db *DB) SaveGuideProgress(ctx context.Context, g *GuideProgress) error {
	js, err := jsonText(g.Progress)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var exists int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM organisations WHERE code = ?`), g.Progress.OrgCode).Scan(&exists); err != nil {
			return err
		}
		if exists == 0 {
			return fmt.Errorf("store: organisation %q: %w", g.Progress.OrgCode, ErrNotFound)
		}
		if g.ID == 0 {
			return tx.QueryRowContext(ctx, db.q(`INSERT INTO network_guides (org_code, owner_id, progress, updated_on) VALUES (?, ?, ?, ?) RETURNING id`),
				g.Progress.OrgCode, g.Owner, js, date(g.Progress.UpdatedOn)).Scan(&g.ID)
		}
		res, err := tx.ExecContext(ctx, db.q(`UPDATE network_guides SET org_code = ?, owner_id = ?, progress = ?, updated_on = ? WHERE id = ?`),
			g.Progress.OrgCode, g.Owner, js, date(g.Progress.UpdatedOn), g.ID)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return ErrNotFound
		}
		return nil
	})
}

func scanGuide(row interface{ Scan(...any) error }) (GuideProgress, error) {
	var g GuideProgress
	var js string
	if err := row.Scan(&g.ID, &g.Owner, &js); err != nil {
		return g, err
	}
	err := fromJSON(js, &g.Progress)
	return g, err
}

// Guide returns one guide's progress.
func (db *DB) Guide(ctx context.Context, id int64) (*GuideProgress, error) {
	g, err := scanGuide(db.sql.QueryRowContext(ctx, db.q(`SELECT id, owner_id, progress FROM network_guides WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &g, nil
}

// Guides lists guide progress of one organisation (org "" for every one)
// and one owner (0 for any), most recently updated first.
func (db *DB) Guides(ctx context.Context, org string, owner int64) ([]GuideProgress, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT id, owner_id, progress FROM network_guides
		WHERE (org_code = ? OR ? = '') AND (owner_id = ? OR ? = 0) ORDER BY updated_on DESC, id DESC`), org, org, owner, owner)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GuideProgress
	for rows.Next() {
		g, err := scanGuide(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// DeleteGuide removes one guide's progress.
func (db *DB) DeleteGuide(ctx context.Context, id int64) error {
	res, err := db.sql.ExecContext(ctx, db.q(`DELETE FROM network_guides WHERE id = ?`), id)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return ErrNotFound
	}
	return nil
}

// ---- Users and networks

// SetUserNetwork attaches an account to a network (0 to detach).
func (db *DB) SetUserNetwork(ctx context.Context, userID, networkID int64) error {
	res, err := db.sql.ExecContext(ctx, db.q(`UPDATE users SET network_id = ? WHERE id = ?`), networkID, userID)
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return ErrNotFound
	}
	return nil
}

// ---- Demo data

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
			v, err := db.addTerms(ctx, tx, id, r.TermsOfReference)
			if err != nil {
				return err
			}
			r.TermsOfReference.Version = v
		}
		if r.WorkPlan != nil {
			v, err := db.saveWorkPlan(ctx, tx, id, r.WorkPlan)
			if err != nil {
				return err
			}
			r.WorkPlan.Version = v
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
			aid, err := db.addAssessment(ctx, tx, a)
			if err != nil {
				return err
			}
			a.ID = aid
		}
		return nil
	})
}

// ---- The national and regional picture

// TypeCount counts networks of one type and the organisations that have
// one.
type TypeCount struct {
	Type          network.Type `json:"type"`
	Networks      int          `json:"networks"`
	Organisations int          `json:"organisations"`
}

// AlsoHad is, among the organisations with a BME network, how many also
// have a network of another type, and their share of them (0 to 1).
type AlsoHad struct {
	Type          network.Type `json:"type"`
	Organisations int          `json:"organisations"`
	Share         float64      `json:"share"`
}

// AreaPicture is the networks of one region, or of the whole country.
type AreaPicture struct {
	Region        string      `json:"region"` // region code; "" for the whole country
	Name          string      `json:"name"`
	Organisations int         `json:"organisations"` // open organisations
	WithBME       int         `json:"with_bme"`      // organisations with a BME network
	WithAny       int         `json:"with_any"`      // organisations with any network
	WithNone      int         `json:"with_none"`     // organisations with no network at all
	Networks      int         `json:"networks"`      // networks of every type
	ByType        []TypeCount `json:"by_type"`       // every type, in network.Types order
	AlsoHad       []AlsoHad   `json:"also_had"`      // every type but BME, in network.Types order
}

// NetworkMap is the national and regional picture of networks.
type NetworkMap struct {
	National AreaPicture   `json:"national"`
	Regions  []AreaPicture `json:"regions"` // NHS England's regions in orgs.RegionCodes order, then any other region code present
}

// NetworkMap counts networks by region and type. Only open organisations
// count, and only networks that are not closed (a dormant network still
// exists; a closed one does not).
func (db *DB) NetworkMap(ctx context.Context) (*NetworkMap, error) {
	type areaCounts struct {
		orgs     int
		bme, any map[string]bool
		nets     map[network.Type]int
		typeOrgs map[network.Type]map[string]bool
	}
	areas := map[string]*areaCounts{}
	get := func(region string) *areaCounts {
		a := areas[region]
		if a == nil {
			a = &areaCounts{bme: map[string]bool{}, any: map[string]bool{}, nets: map[network.Type]int{}, typeOrgs: map[network.Type]map[string]bool{}}
			areas[region] = a
		}
		return a
	}
	for _, r := range orgs.RegionCodes {
		get(r)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT region, count(*) FROM organisations WHERE closed_on = '' GROUP BY region`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var region string
		var n int
		if err := rows.Scan(&region, &n); err != nil {
			rows.Close()
			return nil, err
		}
		get(region).orgs = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// One row per network: small enough (a few thousand at most) to count
	// here, which keeps the SQL portable and the rules in one place.
	rows, err = db.sql.QueryContext(ctx, `SELECT o.region, n.org_code, n.type FROM networks n JOIN organisations o ON o.code = n.org_code
		WHERE o.closed_on = '' AND n.status <> 'closed'`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var region, org, typ string
		if err := rows.Scan(&region, &org, &typ); err != nil {
			return nil, err
		}
		a, t := get(region), network.Type(typ)
		a.nets[t]++
		a.any[org] = true
		if t == network.TypeBME {
			a.bme[org] = true
		}
		if a.typeOrgs[t] == nil {
			a.typeOrgs[t] = map[string]bool{}
		}
		a.typeOrgs[t][org] = true
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	picture := func(region, name string, list []*areaCounts) AreaPicture {
		p := AreaPicture{Region: region, Name: name}
		also := map[network.Type]int{}
		for _, a := range list {
			p.Organisations += a.orgs
			p.WithBME += len(a.bme)
			p.WithAny += len(a.any)
			for org := range a.bme {
				for t, m := range a.typeOrgs {
					if t != network.TypeBME && m[org] {
						also[t]++
					}
				}
			}
		}
		p.WithNone = max(p.Organisations-p.WithAny, 0)
		for _, t := range network.Types {
			c := TypeCount{Type: t}
			for _, a := range list {
				c.Networks += a.nets[t]
				c.Organisations += len(a.typeOrgs[t])
			}
			p.Networks += c.Networks
			p.ByType = append(p.ByType, c)
			if t == network.TypeBME {
				continue
			}
			h := AlsoHad{Type: t, Organisations: also[t]}
			if p.WithBME > 0 {
				h.Share = float64(also[t]) / float64(p.WithBME)
			}
			p.AlsoHad = append(p.AlsoHad, h)
		}
		return p
	}
	codes := slices.Clone(orgs.RegionCodes)
	var others []string
	for r := range areas {
		if !slices.Contains(codes, r) {
			others = append(others, r)
		}
	}
	sort.Strings(others)
	codes = append(codes, others...)
	m := &NetworkMap{}
	var all []*areaCounts
	for _, r := range codes {
		o := orgs.Organisation{Region: r}
		name := o.RegionName()
		if strings.TrimSpace(r) == "" {
			name = "No region"
		}
		m.Regions = append(m.Regions, picture(r, name, []*areaCounts{areas[r]}))
		if slices.Contains(orgs.RegionCodes, r) {
			all = append(all, areas[r]) // England: NHS England's seven regions, not Wales (W00)
		}
	}
	m.National = picture("", "England", all)
	return m, nil
}
