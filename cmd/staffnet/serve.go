package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/metrics"
	"staffnet/internal/store"
	"staffnet/internal/web"
)

// defaultAddr is where serve listens without --addr or STAFFNET_ADDR.
const defaultAddr = "127.0.0.1:8080"

func serve(ctx context.Context, e *env, args []string) error {
	cfg, err := allSettings("serve", e, args)
	if err != nil {
		return err
	}
	e = cfg.env(e) // startMail, contactKey and openDB read the settings as variables
	addr := cfg.get("addr")
	policy, err := retentionPolicy(cfg)
	if err != nil {
		return err
	}
	oidcCfg, noPasswords, err := oidcSettings(cfg)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	key, err := contactKey(e)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, e, "")
	if err != nil {
		return err
	}
	defer db.Close()
	var m *metrics.Metrics
	if cfg.get("metrics-addr") != "" {
		m = metrics.New()
		m.WatchDatabase(db)
	}
	mail, stopMail, err := startMail(ctx, e, db, log, addr, m)
	if err != nil {
		return err
	}
	defer stopMail()
	srv, err := web.New(web.Config{DB: db, Log: log, ContactKey: key, Accounts: web.AccountOptions{TrustProxy: cfg.get("behind-proxy") == "1", NoPasswords: noPasswords},
		Mail: mail, Metrics: m, OIDC: oidcCfg})
	if err != nil {
		return err
	}
	// The timed work stops after the last request: it spills the contact
	// details that requests left in memory.
	runCtx, stopRun := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { srv.Run(runCtx); close(ran) }()
	defer func() { stopRun(); <-ran }()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	if n, err := db.CountUsers(ctx); err != nil {
		return err
	} else if n == 0 {
		token := auth.NewToken()
		if err := db.CreateSetupToken(ctx, token, 24*time.Hour); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "No accounts yet. Create the first administrator within 24 hours at:\n\n  %s/setup/%s\n\n", base, token)
	}
	errc := make(chan error, 2)
	if m != nil {
		ms, err := serveMetrics(cfg.get("metrics-addr"), m, e, log, errc)
		if err != nil {
			return err
		}
		defer ms.Close()
	}
	fmt.Fprintf(e.stdout, "staffnet is running at %s/ (press Ctrl-C to stop)\n", base)
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      5 * time.Minute, // exports of large surveys stream for a while
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() { errc <- hs.Serve(ln) }()
	go purge(ctx, db, log)
	go retainDaily(ctx, db, log, policy, time.Now)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// serveMetrics starts the metrics listener: /metrics only, on an address
// of its own, so that a firewall (not the site's proxy) decides who may
// read it. A failure to serve goes to errc, ending serve.
func serveMetrics(addr string, m *metrics.Metrics, e *env, log *slog.Logger, errc chan<- error) (*http.Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("metrics listener: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() {
		if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
	}()
	fmt.Fprintf(e.stdout, "Metrics are at http://%s/metrics\n", ln.Addr())
	return hs, nil
}

// purge deletes ended sessions, used links and tokens, and old sign-in
// failure counts, at start and every hour (store.Purge). Several servers
// may purge at once: each delete is idempotent.
func purge(ctx context.Context, db *store.DB, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if p, err := db.Purge(ctx, time.Now(), auth.DefaultThrottle); err != nil {
			if ctx.Err() == nil {
				log.Error("purge", "err", err)
			}
		} else {
			log.Info("purge", "sessions", p.Sessions, "reset_links", p.Resets, "setup_links", p.SetupTokens,
				"sign_in_counts", p.Throttles, "submission_tokens", p.SubmissionTokens)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
