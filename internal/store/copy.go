package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// copyRows writes n rows into table through PostgreSQL's COPY protocol
// (binary format), on conn, inside whatever transaction is open on it.
// fill sets row i's values, in cols' order, into row (reused between
// rows). It is the bulk paths' fast way in: an INSERT, even of thousands
// of rows, costs PostgreSQL parsing and planning that COPY does not.
func copyRows(ctx context.Context, conn *sql.Conn, table string, cols []string, n int, fill func(i int, row []any)) (int64, error) {
	var copied int64
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: COPY needs a pgx connection, not %T", dc)
		}
		row := make([]any, len(cols)) // pgx encodes each row before asking for the next
		i := 0
		var err error
		copied, err = c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
			if i == n {
				return nil, nil
			}
			fill(i, row)
			i++
			return row, nil
		}))
		return err
	})
	return copied, err
}

// isUniqueViolation reports whether err is PostgreSQL's unique_violation.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
