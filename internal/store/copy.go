package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"staffnet/internal/survey"
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

// On PostgreSQL an import stages its rows, unchecked and unsorted, in a
// temporary table without a key, through COPY, and moves them into
// responses in one INSERT … SELECT ordered by id when it commits.
// PostgreSQL then walks the responses key in order instead of inserting
// each batch's ids at random places in it: on 1,000,000 responses the
// backend spent 6.5 s of CPU on COPY straight into responses, and 2.3 s
// sorting and inserting them in order (docs/performance.md).

const stagingTable = "import_rows"

func (im *Importer) createStaging(ctx context.Context) error {
	_, err := im.tx.ExecContext(ctx, `CREATE TEMPORARY TABLE `+stagingTable+` (
		file_row INTEGER NOT NULL, id TEXT NOT NULL, submitted_on TEXT NOT NULL, answers BYTEA NOT NULL, texts TEXT
	) ON COMMIT DROP`)
	return err
}

// stage copies a batch into the staging table.
func (im *Importer) stage(ctx context.Context, rows []pending) error {
	_, err := copyRows(ctx, im.conn, stagingTable, []string{"file_row", "id", "submitted_on", "answers", "texts"}, len(rows), func(i int, row []any) {
		p := rows[i]
		row[0], row[1], row[2], row[3], row[4] = p.row, p.id, p.date, p.answers, nil
		if p.texts.Valid {
			row[4] = p.texts.String
		}
	})
	return err
}

// stagedDuplicates finds the staged rows whose id came earlier in the
// file or is already stored. It asks only when one can be: when an id's
// hash repeated (Add), or when the survey had responses already.
func (im *Importer) stagedDuplicates(ctx context.Context) ([]survey.CellError, error) {
	var parts []string
	var args []any
	if im.suspects {
		parts = append(parts, `SELECT file_row, id FROM (SELECT file_row, id, row_number() OVER (PARTITION BY id ORDER BY file_row) AS k FROM `+stagingTable+`) t WHERE k > 1`)
	}
	if im.existing {
		parts = append(parts, `SELECT i.file_row, i.id FROM `+stagingTable+` i JOIN responses r ON r.survey_id = $1 AND r.id = i.id`)
		args = append(args, im.s.ID)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	rows, err := im.tx.QueryContext(ctx, strings.Join(parts, " UNION ")+` ORDER BY 1`, args...)
	return scanAll(rows, err, func(r rowScanner) (survey.CellError, error) {
		var row int
		var id string
		err := r.Scan(&row, &id)
		return dupError(row, id), err
	})
}

// unstage moves the staged rows into responses, in id order.
func (im *Importer) unstage(ctx context.Context) (int, error) {
	res, err := im.tx.ExecContext(ctx, `INSERT INTO responses (survey_id, id, submitted_on, answers, texts)
		SELECT $1, id, submitted_on, answers, texts FROM `+stagingTable+` ORDER BY id`, im.s.ID)
	if isUniqueViolation(err) {
		return 0, fmt.Errorf("store: another import stored some of these response ids meanwhile; nothing was imported: %w", err)
	}
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// dupError reports a row whose response id is taken.
func dupError(row int, id string) survey.CellError {
	return survey.CellError{Row: row, Column: survey.ColID,
		Reason: fmt.Sprintf("response id %q is already stored or appears earlier in the file", id)}
}
