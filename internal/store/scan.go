package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// rowScanner is what *sql.Row and *sql.Rows have in common, so one scan
// function reads a row from either.
type rowScanner interface{ Scan(...any) error }

// scanOne reads the single row of a QueryRow with scan; no row is
// ErrNotFound.
func scanOne[T any](row *sql.Row, scan func(rowScanner) (T, error)) (*T, error) {
	v, err := scan(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// scanOptional reads the single row of a QueryRow into *dst, for a
// record that may not exist yet: no row leaves *dst nil.
func scanOptional[T any](row *sql.Row, scan func(rowScanner) (T, error), dst **T) error {
	v, err := scanOne(row, scan)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err == nil {
		*dst = v
	}
	return err
}

// scanAll reads every row of a query with scan and closes the rows. It
// takes the query's error too, so the caller checks only one.
func scanAll[T any](rows *sql.Rows, err error, scan func(rowScanner) (T, error)) ([]T, error) {
	var out []T
	err = eachRow(rows, err, func(row rowScanner) error {
		v, err := scan(row)
		out = append(out, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachRow calls fn for every row of a query, stopping at its first error,
// and closes the rows. Like scanAll it takes the query's error too.
func eachRow(rows *sql.Rows, err error, fn func(rowScanner) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// changedOne turns an UPDATE or DELETE that touched no row into
// ErrNotFound.
func changedOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return ErrNotFound
	}
	return nil
}

// execCounting runs the statements in order in one transaction, each with
// the same arguments, and returns how many rows the last one changed: the
// deletes that first clear what refers to the rows they delete.
func (db *DB) execCounting(ctx context.Context, args []any, stmts ...string) (int, error) {
	var n int
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for _, s := range stmts {
			res, err := tx.ExecContext(ctx, db.q(s), args...)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n = int(k)
		}
		return nil
	})
	return n, err
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

// nonNil is s, or an empty slice for nil: jsonText writes nil as "", and
// list columns hold a JSON array, empty or not.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
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
