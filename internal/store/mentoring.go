package store

import (
	"context"
	"database/sql"
	"time"

	"staffnet/internal/network"
)

// A network's mentoring profiles and pairs, and its development
// opportunities. Every read and change is scoped by the network, so an id
// from another network reads as not found.

func nowText() string { return time.Now().UTC().Format(time.RFC3339) }

const profileSelect = `SELECT id, network_id, coalesce(member_id, 0), name, kind, offers, board, ally, profession, band, skills, goals, site, mode, open
	FROM mentoring_profiles`

func scanProfile(row rowScanner) (network.MentorProfile, error) {
	var p network.MentorProfile
	var kind, mode, skills, goals string
	var offers, board, ally, open int
	err := row.Scan(&p.ID, &p.NetworkID, &p.MemberID, &p.Name, &kind, &offers, &board, &ally, &p.Profession, &p.Band, &skills, &goals, &p.Site, &mode, &open)
	if err != nil {
		return p, err
	}
	p.Kind, p.Mode = network.MentorKind(kind), network.MeetMode(mode)
	p.Offers, p.Board, p.Ally, p.Open = offers != 0, board != 0, ally != 0, open != 0
	if err := fromJSON(skills, &p.Skills); err != nil {
		return p, err
	}
	return p, fromJSON(goals, &p.Goals)
}

// AddMentorProfile stores p and sets p.ID.
func (db *DB) AddMentorProfile(ctx context.Context, p *network.MentorProfile) error {
	skills, err := jsonText(nonNil(p.Skills))
	if err != nil {
		return err
	}
	goals, err := jsonText(nonNil(p.Goals))
	if err != nil {
		return err
	}
	return db.sql.QueryRowContext(ctx, db.q(`INSERT INTO mentoring_profiles (network_id, member_id, name, kind, offers, board, ally, profession, band,
		skills, goals, site, mode, open, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) RETURNING id`),
		p.NetworkID, nullID(p.MemberID), p.Name, string(p.Kind), boolInt(p.Offers), boolInt(p.Board), boolInt(p.Ally), p.Profession, p.Band,
		skills, goals, p.Site, string(p.Mode), nowText()).Scan(&p.ID)
}

// MentorProfiles lists a network's profiles, open and closed, oldest
// first.
func (db *DB) MentorProfiles(ctx context.Context, networkID int64) ([]network.MentorProfile, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(profileSelect+` WHERE network_id = ? ORDER BY id`), networkID)
	return scanAll(rows, err, scanProfile)
}

// CloseMentorProfile marks a network's profile as no longer looking for
// a match; memberID, when not 0, must be its member's.
func (db *DB) CloseMentorProfile(ctx context.Context, networkID, id, memberID int64) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`UPDATE mentoring_profiles SET open = 0 WHERE id = ? AND network_id = ? AND (? = 0 OR member_id = ?)`),
		id, networkID, memberID, memberID))
}

const pairSelect = `SELECT id, network_id, offer_id, seek_id, proposed_by, offer_ok, seek_ok, status, meetings, rating, themes, closed_on FROM mentoring_pairs`

func scanPair(row rowScanner) (network.MentorPair, error) {
	var p network.MentorPair
	var offerOK, seekOK int
	var status, meetings, themes, closed string
	err := row.Scan(&p.ID, &p.NetworkID, &p.OfferID, &p.SeekID, &p.ProposedBy, &offerOK, &seekOK, &status, &meetings, &p.Rating, &themes, &closed)
	if err != nil {
		return p, err
	}
	p.OfferOK, p.SeekOK, p.Status = offerOK != 0, seekOK != 0, network.PairStatus(status)
	var days []string
	if err := fromJSON(meetings, &days); err != nil {
		return p, err
	}
	for _, d := range days {
		t, err := parseDate(d)
		if err != nil {
			return p, err
		}
		p.Meetings = append(p.Meetings, t)
	}
	if err := fromJSON(themes, &p.Themes); err != nil {
		return p, err
	}
	p.ClosedOn, err = parseDate(closed)
	return p, err
}

// AddMentorPair stores a proposed pair of two of the network's open
// profiles and sets p.ID; ErrNotFound when either is not an open profile
// of the network. A pair declined before is proposed afresh.
func (db *DB) AddMentorPair(ctx context.Context, p *network.MentorPair) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var k int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM mentoring_profiles WHERE network_id = ? AND open = 1 AND id IN (?, ?)`),
			p.NetworkID, p.OfferID, p.SeekID).Scan(&k); err != nil {
			return err
		}
		if k != 2 {
			return ErrNotFound
		}
		return tx.QueryRowContext(ctx, db.q(`INSERT INTO mentoring_pairs (network_id, offer_id, seek_id, proposed_by, offer_ok, seek_ok, status, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (offer_id, seek_id) DO UPDATE SET proposed_by = excluded.proposed_by,
			offer_ok = excluded.offer_ok, seek_ok = excluded.seek_ok, status = excluded.status RETURNING id`),
			p.NetworkID, p.OfferID, p.SeekID, p.ProposedBy, boolInt(p.OfferOK), boolInt(p.SeekOK), string(p.Status), nowText()).Scan(&p.ID)
	})
}

// MentorPairs lists a network's pairs, oldest first.
func (db *DB) MentorPairs(ctx context.Context, networkID int64) ([]network.MentorPair, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(pairSelect+` WHERE network_id = ? ORDER BY id`), networkID)
	return scanAll(rows, err, scanPair)
}

// SaveMentorPair stores a pair's acceptances, status, meetings and
// feedback; ErrNotFound if the network has no such pair.
func (db *DB) SaveMentorPair(ctx context.Context, p *network.MentorPair) error {
	var days []string
	for _, m := range p.Meetings {
		days = append(days, date(m))
	}
	meetings, err := jsonText(nonNil(days))
	if err != nil {
		return err
	}
	themes, err := jsonText(nonNil(p.Themes))
	if err != nil {
		return err
	}
	return changedOne(db.sql.ExecContext(ctx, db.q(`UPDATE mentoring_pairs SET offer_ok = ?, seek_ok = ?, status = ?, meetings = ?, rating = ?, themes = ?, closed_on = ?
		WHERE id = ? AND network_id = ?`), boolInt(p.OfferOK), boolInt(p.SeekOK), string(p.Status), meetings, p.Rating, themes, date(p.ClosedOn), p.ID, p.NetworkID))
}

// AddOpportunity stores o and sets o.ID.
func (db *DB) AddOpportunity(ctx context.Context, o *network.Opportunity) error {
	return db.sql.QueryRowContext(ctx, db.q(`INSERT INTO development_opportunities (network_id, kind, title, description, closes_on, posted_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), o.NetworkID, string(o.Kind), o.Title, o.Description, date(o.ClosesOn), o.PostedBy, nowText()).Scan(&o.ID)
}

// Opportunities lists a network's development opportunities, newest
// first, each with its count of applications.
func (db *DB) Opportunities(ctx context.Context, networkID int64) ([]network.Opportunity, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT o.id, o.network_id, o.kind, o.title, o.description, o.closes_on, o.posted_by,
		(SELECT count(*) FROM development_applications a WHERE a.opportunity_id = o.id)
		FROM development_opportunities o WHERE o.network_id = ? ORDER BY o.id DESC`), networkID)
	return scanAll(rows, err, func(row rowScanner) (network.Opportunity, error) {
		var o network.Opportunity
		var kind, closes string
		err := row.Scan(&o.ID, &o.NetworkID, &kind, &o.Title, &o.Description, &closes, &o.PostedBy, &o.Applications)
		if err != nil {
			return o, err
		}
		o.Kind = network.OpportunityKind(kind)
		o.ClosesOn, err = parseDate(closes)
		return o, err
	})
}

// Apply counts member memberID's application to the network's
// opportunity, once however often it is sent; ErrNotFound if the network
// has no such opportunity.
func (db *DB) Apply(ctx context.Context, networkID, opportunityID, memberID int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var k int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM development_opportunities WHERE id = ? AND network_id = ?`), opportunityID, networkID).Scan(&k); err != nil {
			return err
		}
		if k == 0 {
			return ErrNotFound
		}
		_, err := tx.ExecContext(ctx, db.q(`INSERT INTO development_applications (opportunity_id, member_id) VALUES (?, ?) ON CONFLICT DO NOTHING`), opportunityID, memberID)
		return err
	})
}

// Applied lists the opportunities member memberID has applied to.
func (db *DB) Applied(ctx context.Context, memberID int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT opportunity_id FROM development_applications WHERE member_id = ?`), memberID)
	return out, eachRow(rows, err, func(row rowScanner) error {
		var id int64
		err := row.Scan(&id)
		out[id] = true
		return err
	})
}
