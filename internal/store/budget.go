package store

// A network's budget lines; internal/budget checks and adds them up.

import (
	"context"
	"time"

	"staffnet/internal/budget"
)

// AddBudgetLine stores a new line of l.NetworkID's budget.
func (db *DB) AddBudgetLine(ctx context.Context, l *budget.Line) error {
	return db.sql.QueryRowContext(ctx, db.q(`INSERT INTO network_budget_lines (network_id, kind, line_date, category, amount_pence, what)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), l.NetworkID, string(l.Kind), date(l.Date), l.Category, l.Amount, l.What).Scan(&l.ID)
}

// DeleteBudgetLine removes a line of a network's budget; ErrNotFound when
// the network has no such line.
func (db *DB) DeleteBudgetLine(ctx context.Context, networkID, id int64) error {
	return changedOne(db.sql.ExecContext(ctx, db.q(`DELETE FROM network_budget_lines WHERE network_id = ? AND id = ?`), networkID, id))
}

// BudgetLines lists a network's lines of financial year y (the year it
// starts), by date.
func (db *DB) BudgetLines(ctx context.Context, networkID int64, y int) ([]budget.Line, error) {
	from, to := time.Date(y, time.April, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, time.March, 31, 0, 0, 0, 0, time.UTC)
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT id, network_id, kind, line_date, category, amount_pence, what FROM network_budget_lines
		WHERE network_id = ? AND line_date >= ? AND line_date <= ? ORDER BY line_date, id`), networkID, date(from), date(to))
	return scanAll(rows, err, func(r rowScanner) (budget.Line, error) {
		var l budget.Line
		var kind, d string
		err := r.Scan(&l.ID, &l.NetworkID, &kind, &d, &l.Category, &l.Amount, &l.What)
		l.Kind = budget.Kind(kind)
		if err == nil {
			l.Date, err = parseDate(d)
		}
		return l, err
	})
}
