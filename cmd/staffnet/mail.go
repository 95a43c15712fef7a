package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"

	"staffnet/internal/metrics"
	"staffnet/internal/outbox"
	"staffnet/internal/store"
	"staffnet/internal/web"
)

// startMail reads the email settings (STAFFNET_SMTP_URL,
// STAFFNET_MAIL_FROM, STAFFNET_BASE_URL, or STAFFNET_URL as the reset
// links use) and starts the outbox sender and
// the weekly digests for serve. Without STAFFNET_SMTP_URL email is off:
// mail still queues in the outbox, pages say email is off, and it is sent
// once a server starts with email set up. The returned stop cancels both
// and waits until the sender has finished and marked the mail in hand.
func startMail(ctx context.Context, e *env, db *store.DB, log *slog.Logger, addr string, m *metrics.Metrics) (web.MailConfig, func(), error) {
	base := e.getenv("STAFFNET_BASE_URL")
	if base == "" {
		base = e.getenv("STAFFNET_URL") // the reset links' setting
	}
	if base == "" {
		base = "http://" + addr
	} else if u, err := url.Parse(base); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return web.MailConfig{}, nil, fmt.Errorf("STAFFNET_BASE_URL %q: want the site's address, like https://staffnet.trust.nhs.uk", base)
	}
	cfg := web.MailConfig{BaseURL: base}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	stop := func() { cancel(); wg.Wait() }
	wg.Go(func() { outbox.RunDigests(ctx, db, base, log) })
	raw := e.getenv("STAFFNET_SMTP_URL")
	if raw == "" {
		fmt.Fprintln(e.stdout, "Email is off (STAFFNET_SMTP_URL is not set): mail waits in the outbox until it is.")
		return cfg, stop, nil
	}
	smtp, err := outbox.ParseURL(raw, e.getenv("STAFFNET_MAIL_FROM"))
	if err == nil && e.getenv("STAFFNET_BASE_URL") == "" && e.getenv("STAFFNET_URL") == "" {
		err = fmt.Errorf("STAFFNET_BASE_URL is needed with STAFFNET_SMTP_URL: links in email must lead to the site's public address")
	}
	if err != nil {
		stop()
		return cfg, nil, err
	}
	cfg.On = true
	if !strings.HasPrefix(base, "https://") {
		// RFC 8058 asks for an https one-click unsubscribe link; mail
		// providers may ignore an http one.
		fmt.Fprintf(e.stderr, "warning: STAFFNET_BASE_URL %s is not https: mail providers may ignore its one-click unsubscribe links\n", base)
	}
	s := &outbox.Sender{DB: db, SMTP: smtp, Log: log, Metrics: m}
	wg.Go(func() { s.Run(ctx) })
	fmt.Fprintf(e.stdout, "Email goes through %s:%d as %s.\n", smtp.Host, smtp.Port, smtp.From.Address)
	return cfg, stop, nil
}
