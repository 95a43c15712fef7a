package metrics_test

import (
	"context"
	"database/sql"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"staffnet/internal/metrics"
)

type fakeDB struct{ outboxErr error }

func (fakeDB) Stats() sql.DBStats {
	return sql.DBStats{MaxOpenConnections: 20, OpenConnections: 3, InUse: 2, Idle: 1, WaitCount: 7, WaitDuration: 1500 * time.Millisecond}
}

func (f fakeDB) OutboxCounts(context.Context) (map[string]int, error) {
	return map[string]int{"queued": 4, "failed": 1}, f.outboxErr
}

func scrape(t *testing.T, m *metrics.Metrics) (string, error) {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	p := expfmt.NewTextParser(model.UTF8Validation)
	_, err := p.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
	return rec.Body.String(), err
}

// Every recorder reaches the exposition, which parses; the pool and the
// outbox are read at each scrape; a nil *Metrics records nothing and does
// not panic.
func TestRecordersAndDatabase(t *testing.T) {
	var none *metrics.Metrics
	none.Request("GET /x", 200, time.Second)
	none.Submission("s")
	none.ImportRows("wres", 3)
	none.SignInFailed()
	none.SignInThrottled()
	none.MailFailed(true)

	m := metrics.New()
	m.WatchDatabase(fakeDB{})
	m.Request("GET /admin", 200, 30*time.Millisecond)
	m.Submission("bme-network-mapping-2016")
	m.ImportRows("wres", 120)
	m.ImportRows("wres", 5)
	m.SignInThrottled()
	m.MailFailed(false)
	m.MailFailed(false)
	m.MailFailed(true)
	text, err := scrape(t, m)
	if err != nil {
		t.Fatalf("not valid text exposition: %v\n%s", err, text)
	}
	for _, want := range []string{
		`staffnet_http_requests_total{route="GET /admin",status="200"} 1`,
		`staffnet_http_request_duration_seconds_bucket{route="GET /admin",le="0.05"} 1`,
		`staffnet_survey_submissions_total{survey="bme-network-mapping-2016"} 1`,
		`staffnet_import_rows_total{kind="wres"} 125`,
		`staffnet_sign_in_refusals_total{reason="failed"} 0`,
		`staffnet_sign_in_refusals_total{reason="throttled"} 1`,
		`staffnet_outbox_send_failures_total{kind="temporary"} 2`,
		`staffnet_outbox_send_failures_total{kind="permanent"} 1`,
		`staffnet_outbox_messages{status="queued"} 4`,
		`staffnet_outbox_messages{status="sent"} 0`,
		`staffnet_outbox_messages{status="failed"} 1`,
		`staffnet_db_max_open_connections 20`,
		`staffnet_db_in_use_connections 2`,
		`staffnet_db_wait_count_total 7`,
		`staffnet_db_wait_duration_seconds_total 1.5`,
		`go_goroutines `,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("exposition lacks %q", want)
		}
	}

	// A database that cannot answer leaves the outbox's gauge out (never
	// a made-up zero) and the rest is still served.
	bad := metrics.New()
	bad.WatchDatabase(fakeDB{outboxErr: errors.New("database down")})
	text, err = scrape(t, bad)
	if err != nil || strings.Contains(text, "staffnet_outbox_messages{") || !strings.Contains(text, "staffnet_db_in_use_connections 2") {
		t.Errorf("scrape with the database down (%v):\n%s", err, text)
	}
}
