package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"staffnet/internal/auth"
)

// Retention says how long personal data is kept; a zero period keeps it.
// Expired links and ended sessions always go.
type Retention struct {
	Contacts time.Duration // a survey's contact details, after the survey closed
	Leavers  time.Duration // an account, after it was disabled
	Audit    time.Duration // an audit log entry, after it was written
}

// Retained is how many rows of one kind a retention run deleted, or
// would delete.
type Retained struct {
	Kind  string
	Count int64
}

// retentionRule is one kind of data retention deletes: the rows of table
// matching where, whose placeholders args fills from the run's time and
// the policy. args returns nil when the policy keeps that kind.
type retentionRule struct {
	kind  string
	table string
	where string
	args  func(now time.Time, p Retention) []any
}

// olderThan deletes what is older than the period pick chooses.
func olderThan(pick func(Retention) time.Duration) func(time.Time, Retention) []any {
	return func(now time.Time, p Retention) []any {
		if d := pick(p); d > 0 {
			return []any{now.Add(-d).Unix()}
		}
		return nil
	}
}

// expired deletes what expired by now.
func expired(now time.Time, _ Retention) []any { return []any{now.Unix()} }

// retentionRules is every kind, in the order a run deletes them (the
// audit log before the entry the run itself writes). A new kind of
// expiring link is one row like "reset_links".
var retentionRules = []retentionRule{
	// A survey's contact details go together, counted from when its
	// newest version (the one SetSurveyOpen opens and closes) closed.
	{"contacts", "contacts", `survey_slug IN (SELECT slug FROM surveys s WHERE is_open = 0 AND closed_at > 0 AND closed_at <= ?
		AND id = (SELECT max(id) FROM surveys WHERE slug = s.slug))`, olderThan(func(p Retention) time.Duration { return p.Contacts })},
	// Sessions, reset links and digest opt-outs go with the account.
	{"accounts", "users", `disabled = 1 AND disabled_at > 0 AND disabled_at <= ?`, olderThan(func(p Retention) time.Duration { return p.Leavers })},
	{"audit_log", "audit_log", `at <= ?`, olderThan(func(p Retention) time.Duration { return p.Audit })},
	{"sessions", "sessions", `expires_at <= ? OR seen_at <= ?`, func(now time.Time, _ Retention) []any {
		return []any{now.Unix(), now.Add(-auth.SessionIdle).Unix()}
	}},
	{"reset_links", "password_resets", `expires_at <= ?`, expired},
	{"setup_links", "setup_tokens", `expires_at <= ?`, expired},
	{"invitations", "invitations", `expires_at <= ?`, expired},
	{"oidc_logins", "oidc_logins", `expires_at <= ?`, expired},
}

// RetentionKinds lists the kinds a run reports, in order.
func RetentionKinds() []string {
	out := make([]string, len(retentionRules))
	for i, r := range retentionRules {
		out[i] = r.kind
	}
	return out
}

// ApplyRetention deletes, as of now, what the policy p no longer keeps,
// in one transaction, and reports how many rows of each kind went; with
// dryRun it deletes nothing and reports what would go. A run that deletes
// anything says so in the audit log, with the counts.
//
// Surveys closed and accounts disabled before closed_at and disabled_at
// were recorded have their clock started by the first run that is not a
// dry run, so they are kept for the whole period from then.
func (db *DB) ApplyRetention(ctx context.Context, now time.Time, p Retention, dryRun bool) ([]Retained, error) {
	var out []Retained
	run := func(tx *sql.Tx) error {
		out = out[:0]
		if !dryRun {
			for _, q := range []string{
				`UPDATE surveys SET closed_at = ? WHERE is_open = 0 AND closed_at = 0`,
				`UPDATE users SET disabled_at = ? WHERE disabled = 1 AND disabled_at = 0`,
			} {
				if _, err := tx.ExecContext(ctx, db.q(q), now.Unix()); err != nil {
					return err
				}
			}
		}
		var total int64
		var detail []string
		for _, r := range retentionRules {
			args := r.args(now, p)
			if args == nil {
				out = append(out, Retained{Kind: r.kind})
				continue
			}
			n, err := db.retain(ctx, tx, r, args, dryRun)
			if err != nil {
				return fmt.Errorf("store: retention of %s: %w", r.kind, err)
			}
			out = append(out, Retained{Kind: r.kind, Count: n})
			total += n
			detail = append(detail, fmt.Sprintf("%s %d", r.kind, n))
		}
		if dryRun || total == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, db.q(`INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)`),
			now.Unix(), "retention", "data deleted after its retention period", "", strings.Join(detail, ", "))
		return err
	}
	if dryRun {
		return out, db.tx(ctx, run)
	}
	// Contact details and accounts are personal data: on SQLite they are
	// overwritten, not left in free pages or the WAL.
	return out, db.secureTx(ctx, run)
}

func (db *DB) retain(ctx context.Context, tx *sql.Tx, r retentionRule, args []any, dryRun bool) (int64, error) {
	if dryRun {
		var n int64
		err := tx.QueryRowContext(ctx, db.q(`SELECT count(*) FROM `+r.table+` WHERE `+r.where), args...).Scan(&n)
		return n, err
	}
	res, err := tx.ExecContext(ctx, db.q(`DELETE FROM `+r.table+` WHERE `+r.where), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// RetentionEvery is how often the retention job runs.
const RetentionEvery = 24 * time.Hour

// ClaimRetention reports whether this caller should run the retention job
// now: it moves the job's time in purge_runs if the last run is at least
// RetentionEvery ago. The UPDATE takes the row's lock, so of several
// servers calling at once exactly one gets true.
func (db *DB) ClaimRetention(ctx context.Context, now time.Time) (bool, error) {
	res, err := db.sql.ExecContext(ctx, db.q(`UPDATE purge_runs SET at = ? WHERE name = 'retention' AND at <= ?`),
		now.Unix(), now.Add(-RetentionEvery).Unix())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
