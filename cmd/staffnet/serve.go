package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/store"
	"staffnet/internal/web"
)

func init() {
	register("serve", command{usage: "[--addr HOST:PORT] [--behind-proxy] [--db DSN]\n       STAFFNET_ADDR is the default for --addr; STAFFNET_BEHIND_PROXY=1 for --behind-proxy (sign-ins counted by X-Forwarded-For)\n       STAFFNET_CONTACT_KEY (from \"staffnet contacts key\") seals contact details until their release; give every server the same\n       STAFFNET_SMTP_URL, STAFFNET_MAIL_FROM, STAFFNET_BASE_URL turn email on (docs/networks.md, \"The outbox\")\n       STAFFNET_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET (and _REDIRECT_URL, _NAME, _DOMAINS, _TRUST_EMAIL=1; STAFFNET_PASSWORDS=off) turn on sign-in through an OpenID Connect provider, each also a flag (--oidc-issuer, …, --no-passwords; docs/accounts.md)",
		help: "run the web application", run: serve})
}

// defaultAddr is where serve listens without --addr or STAFFNET_ADDR.
const defaultAddr = "127.0.0.1:8080"

func serve(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("serve", e)
	addr := fs.String("addr", "", "address to listen on (default $STAFFNET_ADDR, else "+defaultAddr+")")
	proxy := fs.Bool("behind-proxy", e.getenv("STAFFNET_BEHIND_PROXY") == "1",
		"count sign-ins by the client address a proxy appends to X-Forwarded-For (default $STAFFNET_BEHIND_PROXY=1)")
	signIn := signInFlags(fs, e)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	oidcCfg, noPasswords, err := signIn()
	if err != nil {
		return err
	}
	if *addr == "" {
		*addr = cmp.Or(e.getenv("STAFFNET_ADDR"), defaultAddr)
	}
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	key, err := contactKey(e)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, e, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	mail, stopMail, err := startMail(ctx, e, db, log, *addr)
	if err != nil {
		return err
	}
	defer stopMail()
	srv, err := web.New(web.Config{DB: db, Log: log, ContactKey: key, Accounts: web.AccountOptions{TrustProxy: *proxy, NoPasswords: noPasswords},
		Mail: mail, OIDC: oidcCfg})
	if err != nil {
		return err
	}
	// The timed work stops after the last request: it spills the contact
	// details that requests left in memory.
	runCtx, stopRun := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { srv.Run(runCtx); close(ran) }()
	defer func() { stopRun(); <-ran }()
	ln, err := net.Listen("tcp", *addr)
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
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go purge(ctx, db, log)
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
