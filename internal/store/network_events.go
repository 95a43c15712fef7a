package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"staffnet/internal/network"
)

// A network's events, their co-hosts and sign-ups. An event belongs to
// the network that made it (only that network changes it); co-hosts show
// it on their pages and in their feeds.

// EventEntry is an event with what lists and feeds show beside it: the
// host network (id, organisation, type, name and published fields only,
// for working out its public name), the host's organisation name and the
// number of sign-ups.
type EventEntry struct {
	network.Event
	Host        network.Network
	HostOrgName string
	Taken       int
}

const eventCols = `e.id, e.network_id, e.uid, e.sequence, e.title, e.description, e.starts_at, e.ends_at, e.place, e.online_url,
	e.accessibility, e.capacity, e.visibility, e.suggestion, e.updated_at,
	n.org_code, n.type, n.name, n.published, o.name,
	(SELECT count(*) FROM network_event_rsvps r WHERE r.event_id = e.id)`

const eventFrom = ` FROM network_events e JOIN networks n ON n.id = e.network_id JOIN organisations o ON o.code = n.org_code`

func scanEvent(row rowScanner) (EventEntry, error) {
	var e EventEntry
	var start, end, updated, vis, published string
	err := row.Scan(&e.ID, &e.NetworkID, &e.UID, &e.Sequence, &e.Title, &e.Description, &start, &end, &e.Place, &e.OnlineURL,
		&e.Accessibility, &e.Capacity, &vis, &e.Suggestion, &updated,
		&e.Host.OrgCode, &e.Host.Type, &e.Host.Name, &published, &e.HostOrgName, &e.Taken)
	if err != nil {
		return e, err
	}
	e.Visibility, e.Host.ID = network.Visibility(vis), e.NetworkID
	if e.Start, err = parseInstant(start); err != nil {
		return e, err
	}
	if e.End, err = parseInstant(end); err != nil {
		return e, err
	}
	if e.Updated, err = parseInstant(updated); err != nil {
		return e, err
	}
	err = fromJSON(published, &e.Host.Published)
	return e, err
}

// CreateEvent stores a new event of network e.NetworkID with its
// co-hosts, setting its id, UID and Updated. A co-host that does not
// exist is ErrNotFound and nothing is stored.
func (db *DB) CreateEvent(ctx context.Context, e *network.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.createEvent(ctx, tx, e) })
}

func (db *DB) createEvent(ctx context.Context, tx *sql.Tx, e *network.Event) error {
	if err := db.networkExists(ctx, tx, e.NetworkID); err != nil {
		return err
	}
	stampNew(&e.UID, "event", &e.Updated)
	if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO network_events (network_id, uid, sequence, title, description, starts_at, ends_at,
		place, online_url, accessibility, capacity, visibility, suggestion, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		e.NetworkID, e.UID, e.Sequence, e.Title, e.Description, instant(e.Start), instant(e.End), e.Place, e.OnlineURL, e.Accessibility,
		e.Capacity, string(e.Visibility), e.Suggestion, instant(e.Updated)).Scan(&e.ID); err != nil {
		return err
	}
	return db.setCoHosts(ctx, tx, e)
}

func (db *DB) setCoHosts(ctx context.Context, tx *sql.Tx, e *network.Event) error {
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM network_event_hosts WHERE event_id = ?`), e.ID); err != nil {
		return err
	}
	for _, id := range e.CoHosts {
		if err := db.networkExists(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_event_hosts (event_id, network_id) VALUES (?, ?)`), e.ID, id); err != nil {
			return err
		}
	}
	return nil
}

// UpdateEvent saves event e.ID of network e.NetworkID and its co-hosts,
// counting one more change. ErrNotFound if that network did not make such
// an event (a co-host cannot change it).
func (db *DB) UpdateEvent(ctx context.Context, e *network.Event) error {
	now := time.Now().UTC().Truncate(time.Second)
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := changedOne(tx.ExecContext(ctx, db.q(`UPDATE network_events SET sequence = sequence + 1, title = ?, description = ?,
			starts_at = ?, ends_at = ?, place = ?, online_url = ?, accessibility = ?, capacity = ?, visibility = ?, suggestion = ?, updated_at = ?
			WHERE id = ? AND network_id = ?`),
			e.Title, e.Description, instant(e.Start), instant(e.End), e.Place, e.OnlineURL, e.Accessibility, e.Capacity, string(e.Visibility),
			e.Suggestion, instant(now), e.ID, e.NetworkID)); err != nil {
			return err
		}
		return db.setCoHosts(ctx, tx, e)
	})
	if err == nil {
		e.Updated = now
		e.Sequence++
	}
	return err
}

// coHostsOf fills in the co-hosts of events.
func (db *DB) coHostsOf(ctx context.Context, es []EventEntry) error {
	if len(es) == 0 {
		return nil
	}
	at := map[int64]int{}
	ids := make([]any, len(es))
	for i := range es {
		at[es[i].ID], ids[i] = i, es[i].ID
	}
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT event_id, network_id FROM network_event_hosts WHERE event_id IN (?`+
		strings.Repeat(", ?", len(ids)-1)+`) ORDER BY event_id, network_id`), ids...)
	return eachRow(rows, err, func(row rowScanner) error {
		var ev, n int64
		if err := row.Scan(&ev, &n); err != nil {
			return err
		}
		es[at[ev]].CoHosts = append(es[at[ev]].CoHosts, n)
		return nil
	})
}

// hostedBy picks the events network ? made or co-hosts.
const hostedBy = ` (e.network_id = ? OR e.id IN (SELECT event_id FROM network_event_hosts WHERE network_id = ?))`

// Event returns event id if network networkID made it or co-hosts it,
// with its co-hosts.
func (db *DB) Event(ctx context.Context, networkID, id int64) (*EventEntry, error) {
	e, err := scanOne(db.sql.QueryRowContext(ctx, db.q(`SELECT `+eventCols+eventFrom+` WHERE e.id = ? AND`+hostedBy), id, networkID, networkID), scanEvent)
	if err != nil {
		return nil, err
	}
	es := []EventEntry{*e}
	if err := db.coHostsOf(ctx, es); err != nil {
		return nil, err
	}
	return &es[0], nil
}

// EventFilter picks events for a list or a feed: those a network made or
// co-hosts, or those of any network of an organisation (made or
// co-hosted); only public ones with Public; none ending before From.
type EventFilter struct {
	NetworkID int64
	Org       string
	Public    bool
	From      time.Time
	Limit     int // 0 for all
}

// Events lists the events f picks, soonest first.
func (db *DB) Events(ctx context.Context, f EventFilter) ([]EventEntry, error) {
	q := `SELECT ` + eventCols + eventFrom + ` WHERE e.ends_at >= ?`
	args := []any{instant(f.From)}
	if f.NetworkID != 0 {
		q += ` AND` + hostedBy
		args = append(args, f.NetworkID, f.NetworkID)
	}
	if f.Org != "" {
		q += ` AND (n.org_code = ? OR e.id IN (SELECT h.event_id FROM network_event_hosts h JOIN networks hn ON hn.id = h.network_id WHERE hn.org_code = ?))`
		args = append(args, f.Org, f.Org)
	}
	if f.Public {
		q += ` AND e.visibility = 'public'`
	}
	q += ` ORDER BY e.starts_at, e.id`
	if f.Limit > 0 {
		q += ` LIMIT ?`
		args = append(args, f.Limit)
	}
	rows, err := db.sql.QueryContext(ctx, db.q(q), args...)
	es, err := scanAll(rows, err, scanEvent)
	if err != nil {
		return nil, err
	}
	return es, db.coHostsOf(ctx, es)
}

// AddRSVP signs r up for event eventID, refusing (with a
// network.SignUpError) an address already signed up, an event with no
// places left and one that has ended by now. The check and the insert
// are one transaction, the event's row locked on PostgreSQL, so two
// people cannot take the last place at once.
func (db *DB) AddRSVP(ctx context.Context, eventID int64, r network.RSVP, now time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var capacity int
		var ends string
		if err := tx.QueryRowContext(ctx, db.q(`SELECT capacity, ends_at FROM network_events WHERE id = ?`+db.forUpdate()), eventID).Scan(&capacity, &ends); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			return err
		}
		if ends < instant(now) {
			return network.ErrEventOver
		}
		var same, taken int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT count(CASE WHEN email = ? THEN 1 END), count(*) FROM network_event_rsvps WHERE event_id = ?`),
			r.Email, eventID).Scan(&same, &taken); err != nil {
			return err
		}
		if same > 0 {
			return network.ErrAlreadySignedUp
		}
		if capacity > 0 && taken >= capacity {
			return network.ErrEventFull
		}
		_, err := tx.ExecContext(ctx, db.q(`INSERT INTO network_event_rsvps (event_id, email, name, created_at) VALUES (?, ?, ?, ?)`),
			eventID, r.Email, r.Name, instant(now))
		return err
	})
}

// RSVPs lists an event's sign-ups in the order they came. Names and
// addresses are personal data: the web layer shows them only to the
// network's leads.
func (db *DB) RSVPs(ctx context.Context, eventID int64) ([]network.RSVP, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT name, email, created_at FROM network_event_rsvps WHERE event_id = ? ORDER BY created_at, email`), eventID)
	return scanAll(rows, err, func(row rowScanner) (network.RSVP, error) {
		var r network.RSVP
		var at string
		if err := row.Scan(&r.Name, &r.Email, &at); err != nil {
			return r, err
		}
		var err error
		r.Created, err = parseInstant(at)
		return r, err
	})
}

// DeleteEvent deletes event id of network networkID with its co-hosts and
// sign-ups. ErrNotFound if that network did not make such an event.
func (db *DB) DeleteEvent(ctx context.Context, networkID, id int64) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`DELETE FROM network_events WHERE id = ? AND network_id = ?`), id, networkID))
}

// DeleteRSVP removes one sign-up, as a person may ask. ErrNotFound if the
// address had not signed up.
func (db *DB) DeleteRSVP(ctx context.Context, eventID int64, email string) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`DELETE FROM network_event_rsvps WHERE event_id = ? AND email = ?`), eventID, email))
}

// SignedUp reports which of events ids the address email has signed up
// for: a member's own page shows "Cancel my place" beside those.
func (db *DB) SignedUp(ctx context.Context, email string, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	args := []any{email}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT event_id FROM network_event_rsvps WHERE email = ? AND event_id IN (?`+
		strings.Repeat(", ?", len(ids)-1)+`)`), args...)
	return out, eachRow(rows, err, func(row rowScanner) error {
		var id int64
		if err := row.Scan(&id); err != nil {
			return err
		}
		out[id] = true
		return nil
	})
}
