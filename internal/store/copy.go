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

// keyShare[db.pg] locks the rows a query reads against deletion and key
// changes until the transaction ends, as a foreign key check does.
var keyShare = map[bool]string{false: "", true: " FOR KEY SHARE"}

// skipRowTriggers stops PostgreSQL firing row triggers for the rest of
// tx, if staffnet's database role may (session_replication_role is a
// superuser setting, or granted with GRANT SET ON PARAMETER); otherwise
// it does nothing and they fire as usual.
func skipRowTriggers(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT skip_row_triggers`); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
		_, err = tx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT skip_row_triggers`)
		return err
	}
	_, err := tx.ExecContext(ctx, `RELEASE SAVEPOINT skip_row_triggers`)
	return err
}
