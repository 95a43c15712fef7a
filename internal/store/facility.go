package store

// Facility time: pay tables, each network's register of leaders, their
// recorded weeks and the on-cost, and the aggregate a report is built
// from. Rules (validation, costing, pro rata) are internal/facility's.

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"staffnet/internal/facility"
	"staffnet/internal/network"
	"staffnet/internal/pay"
	"staffnet/internal/pay/payfile"
)

// PayTables is the shipped 2025/26 table and every table loaded since; a
// loaded table replaces the shipped one for its year.
func (db *DB) PayTables(ctx context.Context) (pay.Tables, error) {
	ts := pay.Tables{2025: payfile.Shipped()}
	rows, err := db.sql.QueryContext(ctx, `SELECT year, band, point, annual_pence FROM pay_scales`)
	loaded := map[int]*pay.Table{}
	err = eachRow(rows, err, func(r rowScanner) error {
		var y, p int
		var b string
		var a int64
		if err := r.Scan(&y, &b, &p, &a); err != nil {
			return err
		}
		if loaded[y] == nil {
			loaded[y] = &pay.Table{Year: y, Annual: map[pay.Key]int64{}}
		}
		loaded[y].Annual[pay.Key{Band: b, Point: p}] = a
		return nil
	})
	for y, t := range loaded {
		ts[y] = t
	}
	return ts, err
}

// SavePayTable stores t as its year's table, replacing any loaded before,
// and re-costs the weeks of that financial year recorded at a band and
// point of the table. It returns how many weeks it re-costed.
func (db *DB) SavePayTable(ctx context.Context, t *pay.Table) (int64, error) {
	from := date(time.Date(t.Year, time.April, 1, 0, 0, 0, 0, time.UTC))
	to := date(time.Date(t.Year+1, time.April, 1, 0, 0, 0, 0, time.UTC))
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM pay_scales WHERE year = ?`), t.Year); err != nil {
			return err
		}
		for _, k := range t.Rows() {
			a := t.Annual[k]
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO pay_scales (year, band, point, annual_pence) VALUES (?, ?, ?, ?)`), t.Year, k.Band, k.Point, a); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, db.q(`UPDATE facility_weeks SET hourly_pence = ? WHERE band = ? AND pay_point = ? AND week_start >= ? AND week_start < ?`),
				pay.Hourly(a), k.Band, k.Point, from, to)
			if err != nil {
				return err
			}
			c, _ := res.RowsAffected()
			n += c
		}
		return db.refreshFacilityMonths(ctx, tx, 0, from, to)
	})
	return n, err
}

// refreshFacilityMonths rewrites facility_months from facility_weeks for
// the months starting from from (a month's first day) up to to, for one
// leader or (leaderID 0) every one.
func (db *DB) refreshFacilityMonths(ctx context.Context, tx *sql.Tx, leaderID int64, from, to string) error {
	where, args := ` WHERE `, []any{}
	if leaderID != 0 {
		where, args = ` WHERE leader_id = ? AND `, []any{leaderID}
	}
	args = append(args, from, to)
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM facility_months`+where+`month >= ? AND month < ?`), args...); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, db.q(`INSERT INTO facility_months (leader_id, month, agreed, used, cost)
		SELECT leader_id, substr(week_start, 1, 8) || '01', `+facilitySums+`
		FROM facility_weeks`+where+`week_start >= ? AND week_start < ? GROUP BY leader_id, substr(week_start, 1, 8) || '01'`), args...)
	return err
}

// facilitySums sums weeks of facility_weeks: hours agreed, used, and
// their cost in hundredths of an hour × pence.
const facilitySums = `CAST(sum(agreed) AS BIGINT) AS agreed, CAST(sum(used) AS BIGINT) AS used, CAST(sum(used * hourly_pence) AS BIGINT) AS cost`

// monthStart is the first day of t's month in UTC, as date writes it.
func monthStart(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

const facilityLeaderCols = `id, network_id, email, name, role, band, pay_point, hourly_pence, agreed, from_date, to_date`

// scanFacilityLeader reads facilityLeaderCols, then any more columns
// into extra.
func scanFacilityLeader(r rowScanner, extra ...any) (facility.Leader, error) {
	var l facility.Leader
	var role, from, to string
	err := r.Scan(append([]any{&l.ID, &l.NetworkID, &l.Email, &l.Name, &role, &l.Band, &l.PayPoint, &l.Hourly, &l.Agreed, &from, &to}, extra...)...)
	if err != nil {
		return l, err
	}
	l.Role = network.Role(role)
	if l.From, err = parseDate(from); err == nil {
		l.To, err = parseDate(to)
	}
	return l, err
}

// FacilityLeaders lists a network's facility-time register by role, then
// name.
func (db *DB) FacilityLeaders(ctx context.Context, networkID int64) ([]facility.Leader, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT `+facilityLeaderCols+` FROM facility_leaders WHERE network_id = ? ORDER BY role, name, id`), networkID)
	return scanAll(rows, err, func(r rowScanner) (facility.Leader, error) { return scanFacilityLeader(r) })
}

// SaveFacilityLeader adds l to its network's register (ID 0) or changes
// it; ErrNotFound when l.ID is not a leader of l.NetworkID, ErrExists
// when the network has another leader with that email.
func (db *DB) SaveFacilityLeader(ctx context.Context, l *facility.Leader) error {
	l.Email = strings.ToLower(strings.TrimSpace(l.Email))
	args := []any{l.Email, l.Name, string(l.Role), l.Band, l.PayPoint, int64(l.Hourly), int64(l.Agreed), date(l.From), date(l.To)}
	var err error
	if l.ID == 0 {
		err = db.sql.QueryRowContext(ctx, db.q(`INSERT INTO facility_leaders (email, name, role, band, pay_point, hourly_pence, agreed, from_date, to_date, network_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), append(args, l.NetworkID)...).Scan(&l.ID)
	} else {
		err = changedOne(db.sql.ExecContext(ctx, db.q(`UPDATE facility_leaders SET email = ?, name = ?, role = ?, band = ?, pay_point = ?, hourly_pence = ?,
			agreed = ?, from_date = ?, to_date = ? WHERE network_id = ? AND id = ?`), append(args, l.NetworkID, l.ID)...))
	}
	if isUnique(err) {
		return ErrExists
	}
	return err
}

// DeleteFacilityLeader removes a leader, with their weeks, from a
// network's register.
func (db *DB) DeleteFacilityLeader(ctx context.Context, networkID, id int64) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`DELETE FROM facility_leaders WHERE network_id = ? AND id = ?`), networkID, id))
}

// SaveFacilityWeeks records weeks of a network's leaders, replacing what
// those leaders had for those weeks, all or nothing: ErrNotFound if one
// names a leader that is not on the network's register.
func (db *DB) SaveFacilityWeeks(ctx context.Context, networkID int64, weeks []facility.Week) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		own := map[int64]bool{}
		rows, err := tx.QueryContext(ctx, db.q(`SELECT id FROM facility_leaders WHERE network_id = ?`), networkID)
		if err := eachRow(rows, err, func(r rowScanner) error {
			var id int64
			err := r.Scan(&id)
			own[id] = true
			return err
		}); err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, db.q(`INSERT INTO facility_weeks (leader_id, network_id, week_start, band, pay_point, hourly_pence, agreed, used)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (leader_id, week_start) DO UPDATE SET band = excluded.band, pay_point = excluded.pay_point,
			hourly_pence = excluded.hourly_pence, agreed = excluded.agreed, used = excluded.used`))
		if err != nil {
			return err
		}
		defer st.Close()
		span := map[int64][2]time.Time{} // each leader's first and last month written
		for _, w := range weeks {
			if !own[w.LeaderID] {
				return ErrNotFound
			}
			if _, err := st.ExecContext(ctx, w.LeaderID, networkID, date(w.Start), w.Band, w.PayPoint, int64(w.Hourly), int64(w.Agreed), int64(w.Used)); err != nil {
				return err
			}
			m, sp := monthStart(w.Start), span[w.LeaderID]
			if sp[0].IsZero() || m.Before(sp[0]) {
				sp[0] = m
			}
			if m.After(sp[1]) {
				sp[1] = m
			}
			span[w.LeaderID] = sp
		}
		for id, sp := range span {
			if err := db.refreshFacilityMonths(ctx, tx, id, date(sp[0]), date(sp[1].AddDate(0, 1, 0))); err != nil {
				return err
			}
		}
		return nil
	})
}

// FacilityWeeks lists a network's recorded weeks from from to to, latest
// first.
func (db *DB) FacilityWeeks(ctx context.Context, networkID int64, from, to time.Time) ([]facility.Week, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT leader_id, week_start, band, pay_point, hourly_pence, agreed, used FROM facility_weeks
		WHERE network_id = ? AND week_start >= ? AND week_start <= ? ORDER BY week_start DESC, leader_id`), networkID, date(from), date(to))
	return scanAll(rows, err, func(r rowScanner) (facility.Week, error) {
		var w facility.Week
		var start string
		err := r.Scan(&w.LeaderID, &start, &w.Band, &w.PayPoint, &w.Hourly, &w.Agreed, &w.Used)
		if err == nil {
			w.Start, err = parseDate(start)
		}
		return w, err
	})
}

// FacilityOnCost is a network's employer on-cost in hundredths of a
// percent; 0 when none is set.
func (db *DB) FacilityOnCost(ctx context.Context, networkID int64) (int64, error) {
	var bp int64
	err := db.sql.QueryRowContext(ctx, db.q(`SELECT on_cost_bp FROM facility_settings WHERE network_id = ?`), networkID).Scan(&bp)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return bp, err
}

// SetFacilityOnCost sets a network's employer on-cost.
func (db *DB) SetFacilityOnCost(ctx context.Context, networkID, bp int64) error {
	_, err := db.sql.ExecContext(ctx, db.q(`INSERT INTO facility_settings (network_id, on_cost_bp) VALUES (?, ?)
		ON CONFLICT (network_id) DO UPDATE SET on_cost_bp = excluded.on_cost_bp`), networkID, bp)
	return err
}

// FacilityScope picks the networks of a report: one network, an
// organisation's, a region's or (all empty) every one. Closed networks
// are left out.
type FacilityScope struct {
	Network int64
	Org     string
	Region  string
}

// FacilityTime reads what facility.Build needs for the networks of scope
// and the weeks starting from from to to: each network, its register and
// each leader's weeks summed by the database, so a national report moves
// a few thousand rows, not every week. The sums read facility_months for
// the whole months of the period and facility_weeks only for the weeks
// of a part month at either end.
func (db *DB) FacilityTime(ctx context.Context, sc FacilityScope, from, to time.Time) ([]facility.NetworkTime, error) {
	var where string
	var args []any
	switch {
	case sc.Network != 0:
		where, args = ` AND n.id = ?`, []any{sc.Network}
	case sc.Org != "":
		where, args = ` AND n.org_code = ?`, []any{sc.Org}
	case sc.Region != "":
		where, args = ` AND o.region = ?`, []any{sc.Region}
	}
	from, to = network.Day(from), network.Day(to)
	where = ` WHERE n.status <> 'closed'` + where
	var nets []facility.NetworkTime
	at := map[int64]int{}
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT n.id, n.name, n.org_code, o.region, n.type, COALESCE(s.on_cost_bp, 0)
		FROM networks n JOIN organisations o ON o.code = n.org_code LEFT JOIN facility_settings s ON s.network_id = n.id`+where+`
		ORDER BY n.org_code, n.type, n.name, n.id`), args...)
	err = eachRow(rows, err, func(r rowScanner) error {
		var nt facility.NetworkTime
		var typ string
		err := r.Scan(&nt.ID, &nt.Name, &nt.OrgCode, &nt.Region, &typ, &nt.OnCostBP)
		nt.Type = network.Type(typ)
		at[nt.ID] = len(nets)
		nets = append(nets, nt)
		return err
	})
	if err != nil {
		return nil, err
	}
	// Whole months [fm, lm) come summed; weeks from from to fm and from
	// lm to to are summed here. A period inside one month is all weeks.
	fm := monthStart(from)
	if fm.Before(from) {
		fm = fm.AddDate(0, 1, 0)
	}
	lm := monthStart(to.AddDate(0, 0, 1))
	if !fm.Before(lm) {
		fm, lm = from, from
	}
	// A scoped report sums its own leaders' rows (found by key), the
	// national one every row.
	var scoped string
	var scopeArgs []any
	if args != nil {
		scoped = ` AND leader_id IN (SELECT l.id FROM facility_leaders l JOIN networks n ON n.id = l.network_id JOIN organisations o ON o.code = n.org_code` + where + `)`
		scopeArgs = args
	}
	qargs := append(append([]any{date(fm), date(lm)}, scopeArgs...), date(from), date(fm), date(lm), date(to))
	rows, err = db.sql.QueryContext(ctx, db.q(`SELECT `+prefixCols("l.", facilityLeaderCols)+`, m.agreed, m.used, m.cost, w.agreed, w.used, w.cost
		FROM facility_leaders l JOIN networks n ON n.id = l.network_id JOIN organisations o ON o.code = n.org_code
		LEFT JOIN (SELECT leader_id, CAST(sum(agreed) AS BIGINT) AS agreed, CAST(sum(used) AS BIGINT) AS used, CAST(sum(cost) AS BIGINT) AS cost
			FROM facility_months WHERE month >= ? AND month < ?`+scoped+` GROUP BY leader_id) m ON m.leader_id = l.id
		LEFT JOIN (SELECT leader_id, `+facilitySums+` FROM facility_weeks
			WHERE ((week_start >= ? AND week_start < ?) OR (week_start >= ? AND week_start <= ?))`+scoped+` GROUP BY leader_id) w ON w.leader_id = l.id`+
		where+` ORDER BY l.network_id, l.role, l.name, l.id`), append(append(qargs, scopeArgs...), args...)...)
	err = eachRow(rows, err, func(r rowScanner) error {
		var sums [6]sql.NullInt64
		l, err := scanFacilityLeader(r, &sums[0], &sums[1], &sums[2], &sums[3], &sums[4], &sums[5])
		i, ok := at[l.NetworkID]
		if !ok || err != nil {
			return err
		}
		lt := facility.LeaderTime{Leader: l}
		for _, s := range [][]sql.NullInt64{sums[:3], sums[3:]} {
			if s[0].Valid {
				lt.Parts = append(lt.Parts, facility.Part{Agreed: facility.Hours(s[0].Int64), Used: facility.Hours(s[1].Int64), Cost: s[2].Int64})
			}
		}
		nets[i].Leaders = append(nets[i].Leaders, lt)
		return nil
	})
	return nets, err
}

// prefixCols puts prefix before each of a list of columns.
func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = prefix + parts[i]
	}
	return strings.Join(parts, ", ")
}

// FacilityReport is facility.Build over FacilityTime, with each band
// leader shown at the rate of the financial year the period ends in.
func (db *DB) FacilityReport(ctx context.Context, sc FacilityScope, from, to time.Time) (*facility.Report, error) {
	tables, err := db.PayTables(ctx)
	if err != nil {
		return nil, err
	}
	nets, err := db.FacilityTime(ctx, sc, from, to)
	if err != nil {
		return nil, err
	}
	facility.FillRates(nets, tables, pay.FinancialYear(to))
	return facility.Build(from, to, nets), nil
}

// AnalyzeFacility refreshes the query planner's statistics of the
// facility-time tables after a large load (an import, demo data), so
// that PostgreSQL sums a report's weeks by hashing instead of sorting
// them on disk before autovacuum gets round to it.
func (db *DB) AnalyzeFacility(ctx context.Context) error {
	for _, t := range []string{"facility_weeks", "facility_months"} {
		if _, err := db.sql.ExecContext(ctx, `ANALYZE `+t); err != nil {
			return err
		}
	}
	return nil
}
