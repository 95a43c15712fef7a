// Package metrics counts what an operator watches (requests, survey
// submissions, imported rows, email, the database pool, sign-ins) and
// serves it in Prometheus's text format. Labels are route patterns,
// statuses, survey slugs and kinds: never a person, an email address, a
// path as typed or an answer.
//
// A nil *Metrics counts nothing, so code that records metrics needs no
// check, and tests and the command-line verbs need none.
package metrics

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the counters of one serve process in a registry of its
// own (no global state).
type Metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec
	durations   *prometheus.HistogramVec
	submissions *prometheus.CounterVec
	importRows  *prometheus.CounterVec
	signIns     *prometheus.CounterVec
	mailFailed  *prometheus.CounterVec
}

// New makes the counters, with Go's runtime and process metrics beside
// them.
func New() *Metrics {
	m := &Metrics{
		reg:      prometheus.NewRegistry(),
		requests: counter("staffnet_http_requests_total", "HTTP requests answered, by route pattern (never the path as typed) and status.", "route", "status"),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "staffnet_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		submissions: counter("staffnet_survey_submissions_total", "Survey responses stored, by survey.", "survey"),
		importRows:  counter("staffnet_import_rows_total", "Rows stored by imports through the web application, by kind of file.", "kind"),
		signIns:     counter("staffnet_sign_in_refusals_total", "Sign-ins refused: failed (a wrong email or password) or throttled (too many failures).", "reason"),
		mailFailed:  counter("staffnet_outbox_send_failures_total", "Attempts to send an email that failed: temporary (retried later) or permanent (given up).", "kind"),
	}
	m.reg.MustRegister(m.requests, m.durations, m.submissions, m.importRows, m.signIns, m.mailFailed,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Both reasons appear from the start, so an alert on their rate has
	// a series to read before the first refusal.
	m.signIns.WithLabelValues("failed")
	m.signIns.WithLabelValues("throttled")
	return m
}

func counter(name, help string, labels ...string) *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
}

// Handler serves the metrics at any path (serve mounts it at /metrics on
// its own listener). When the database cannot answer, the outbox's gauge
// is left out and the rest still served: an outage is when the other
// figures matter.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg, ErrorHandling: promhttp.ContinueOnError})
}

// Request counts one answered request. route is the ServeMux pattern
// that matched ("GET /admin/surveys/{slug}/findings").
func (m *Metrics) Request(route string, status int, took time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.durations.WithLabelValues(route).Observe(took.Seconds())
}

// Submission counts a stored survey response.
func (m *Metrics) Submission(survey string) {
	if m != nil {
		m.submissions.WithLabelValues(survey).Inc()
	}
}

// ImportRows counts n rows stored by an import of a kind of file.
func (m *Metrics) ImportRows(kind string, n int) {
	if m != nil {
		m.importRows.WithLabelValues(kind).Add(float64(n))
	}
}

// SignInFailed counts a sign-in refused for a wrong email or password.
func (m *Metrics) SignInFailed() {
	if m != nil {
		m.signIns.WithLabelValues("failed").Inc()
	}
}

// SignInThrottled counts a sign-in refused because its account or
// address had too many failures.
func (m *Metrics) SignInThrottled() {
	if m != nil {
		m.signIns.WithLabelValues("throttled").Inc()
	}
}

// MailFailed counts a failed attempt to send an email.
func (m *Metrics) MailFailed(permanent bool) {
	if m == nil {
		return
	}
	kind := "temporary"
	if permanent {
		kind = "permanent"
	}
	m.mailFailed.WithLabelValues(kind).Inc()
}

// Database is what the metrics read from the database at each scrape.
type Database interface {
	Stats() sql.DBStats
	OutboxCounts(ctx context.Context) (map[string]int, error)
}

// WatchDatabase adds the connection pool's use and the outbox's length by
// status, read when scraped. The outbox is shared by every server of one
// database, so each reports the same numbers: aggregate with max, not sum.
func (m *Metrics) WatchDatabase(db Database) {
	m.reg.MustRegister(&dbCollector{db: db})
}

// The pool's figures, named as Prometheus's own database/sql collector
// names them (it needs the *sql.DB, which the store keeps to itself).
var (
	poolMax   = prometheus.NewDesc("staffnet_db_max_open_connections", "Most connections the pool may open.", nil, nil)
	poolOpen  = prometheus.NewDesc("staffnet_db_open_connections", "Connections open, in use or idle.", nil, nil)
	poolInUse = prometheus.NewDesc("staffnet_db_in_use_connections", "Connections in use.", nil, nil)
	poolIdle  = prometheus.NewDesc("staffnet_db_idle_connections", "Connections idle.", nil, nil)
	poolWaits = prometheus.NewDesc("staffnet_db_wait_count_total", "Times a query waited for a free connection.", nil, nil)
	poolWait  = prometheus.NewDesc("staffnet_db_wait_duration_seconds_total", "Time spent waiting for a free connection.", nil, nil)
)

var outboxDesc = prometheus.NewDesc("staffnet_outbox_messages",
	"Email in the outbox, by status: queued (to send, or being retried), sent, failed (given up).", []string{"status"}, nil)

type dbCollector struct{ db Database }

func (c *dbCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolMax, poolOpen, poolInUse, poolIdle, poolWaits, poolWait, outboxDesc} {
		ch <- d
	}
}

func (c *dbCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.db.Stats()
	gauge := func(d *prometheus.Desc, v float64) { ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v) }
	gauge(poolMax, float64(st.MaxOpenConnections))
	gauge(poolOpen, float64(st.OpenConnections))
	gauge(poolInUse, float64(st.InUse))
	gauge(poolIdle, float64(st.Idle))
	ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(st.WaitCount))
	ch <- prometheus.MustNewConstMetric(poolWait, prometheus.CounterValue, st.WaitDuration.Seconds())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.db.OutboxCounts(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(outboxDesc, err)
		return
	}
	for _, status := range []string{"queued", "sent", "failed"} {
		ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(counts[status]), status)
	}
}
