package outbox_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"staffnet/internal/outbox"
	"staffnet/internal/outbox/smtptest"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

func queue(t *testing.T, db *store.DB, n int, to func(i int) string) {
	t.Helper()
	mails := make([]*store.Mail, n)
	for i := range mails {
		mails[i] = &store.Mail{Kind: "message", To: to(i), Subject: fmt.Sprintf("Message %d", i), Text: "Hello"}
	}
	if err := db.QueueMail(context.Background(), mails...); err != nil {
		t.Fatal(err)
	}
}

// once checks that the server got every one of n messages exactly once,
// by recipient and by Message-ID.
func once(t *testing.T, srv *smtptest.Server, n int) {
	t.Helper()
	byTo, byID := map[string]int{}, map[string]int{}
	for _, m := range srv.Messages() {
		for _, to := range m.To {
			byTo[to]++
		}
		byID[m.Head.Get("Message-Id")]++
	}
	if len(byTo) != n || len(byID) != n || srv.Count() != n {
		t.Fatalf("server got %d messages for %d recipients with %d Message-IDs, want %d of each", srv.Count(), len(byTo), len(byID), n)
	}
	for to, k := range byTo {
		if k != 1 {
			t.Errorf("%s got %d copies", to, k)
		}
	}
}

// TestStopMidSendAndRestart queues 1,000 messages, stops the sender
// part-way (as serve does on SIGTERM: its context is cancelled), starts a
// new one, and counts at a real SMTP server: every message exactly once.
func TestStopMidSendAndRestart(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 1000
		srv := smtptest.Start(t)
		queue(t, db, n, func(i int) string { return fmt.Sprintf("member%04d@example.nhs.uk", i) })
		ctx, stop := context.WithCancel(context.Background())
		go func() {
			for srv.Count() < n/3 {
				time.Sleep(time.Millisecond)
			}
			stop()
		}()
		first := &outbox.Sender{DB: db, SMTP: srv.Config()}
		sent, err := first.SendDue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		counts, _ := db.OutboxCounts(context.Background())
		if counts[store.MailQueued] == 0 || sent != counts[store.MailSent] || srv.Count() != sent {
			t.Fatalf("after the stop: sent %d, server has %d, outbox %v; want a stop part-way with the marks matching the server", sent, srv.Count(), counts)
		}
		t.Logf("stopped after %d of %d", sent, n)
		second := &outbox.Sender{DB: db, SMTP: srv.Config()}
		if _, err := second.SendDue(context.Background()); err != nil {
			t.Fatal(err)
		}
		once(t, srv, n)
		if counts, _ := db.OutboxCounts(context.Background()); counts[store.MailSent] != n {
			t.Errorf("outbox after restart: %v", counts)
		}
	})
}

// TestSendersShareTheOutbox runs three senders at once on one database,
// as three serve processes would: the leases give each message to one.
func TestSendersShareTheOutbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		const n = 150
		srv := smtptest.Start(t)
		queue(t, db, n, func(i int) string { return fmt.Sprintf("m%d@example.nhs.uk", i) })
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				s := &outbox.Sender{DB: db, SMTP: srv.Config(), Batch: 10}
				if _, err := s.SendDue(context.Background()); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		once(t, srv, n)
	})
}

// TestLeaseOfADeadSender: a mail claimed by a sender that died is left
// alone until the lease runs out, then sent.
func TestLeaseOfADeadSender(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	srv := smtptest.Start(t)
	queue(t, db, 1, func(int) string { return "a@example.nhs.uk" })
	now := time.Now()
	if _, err := db.ClaimMail(ctx, 1, "dead-sender", now, now.Add(5*time.Minute)); err != nil {
		t.Fatal(err)
	}
	clock := now
	s := &outbox.Sender{DB: db, SMTP: srv.Config(), Now: func() time.Time { return clock }}
	if sent, _ := s.SendDue(ctx); sent != 0 || srv.Count() != 0 {
		t.Fatalf("sent a mail another sender holds: %d", srv.Count())
	}
	clock = now.Add(5*time.Minute + time.Second)
	if sent, err := s.SendDue(ctx); sent != 1 || err != nil || srv.Count() != 1 {
		t.Fatalf("after the lease: sent %d, %v", sent, err)
	}
	// The late holder cannot mark it.
	if err := db.MarkMailRetry(ctx, 1, "dead-sender", "x", now); err != store.ErrNotFound {
		t.Errorf("stale claim marked the mail: %v", err)
	}
}

// TestRefusalsAndRetries: a 5xx refusal fails at once with the server's
// reason; a 4xx is retried with back-off and fails after the last try.
func TestRefusalsAndRetries(t *testing.T) {
	db := storetest.SQLite(t)
	ctx := context.Background()
	srv := smtptest.Start(t)
	srv.Refuse = func(to string) *smtp.SMTPError {
		switch {
		case strings.HasPrefix(to, "nobody"):
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
		case strings.HasPrefix(to, "later"):
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
		}
		return nil
	}
	queue(t, db, 3, func(i int) string {
		return []string{"nobody@example.nhs.uk", "later@example.nhs.uk", "ok@example.nhs.uk"}[i]
	})
	clock := time.Now()
	s := &outbox.Sender{DB: db, SMTP: srv.Config(), Now: func() time.Time { return clock }, Tries: 3, Backoff: time.Minute}
	if sent, err := s.SendDue(ctx); sent != 1 || err != nil {
		t.Fatalf("first run: %d %v", sent, err)
	}
	status := func(to string) store.Mail {
		ms, _ := db.MailTo(ctx, to)
		return ms[0]
	}
	if m := status("nobody@example.nhs.uk"); m.Status != store.MailFailed || !strings.Contains(m.LastError, "No such user here") {
		t.Errorf("refused: %+v", m)
	}
	if m := status("later@example.nhs.uk"); m.Status != store.MailQueued || m.Attempts != 1 || !strings.Contains(m.LastError, "Try again later") {
		t.Errorf("deferred: %+v", m)
	}
	// Not due again until the back-off has passed: 1 minute, then 2.
	clock = clock.Add(30 * time.Second)
	s.SendDue(ctx)
	if m := status("later@example.nhs.uk"); m.Attempts != 1 {
		t.Errorf("retried before the back-off: %+v", m)
	}
	clock = clock.Add(31 * time.Second)
	s.SendDue(ctx)
	clock = clock.Add(2*time.Minute + time.Second)
	s.SendDue(ctx)
	if m := status("later@example.nhs.uk"); m.Status != store.MailFailed || m.Attempts != 3 || !strings.Contains(m.LastError, "gave up after 3 attempts") {
		t.Errorf("after the last try: %+v", m)
	}
	if srv.Count() != 1 {
		t.Errorf("server accepted %d", srv.Count())
	}
}

func TestHeaders(t *testing.T) {
	db := storetest.SQLite(t)
	srv := smtptest.Start(t)
	m := &store.Mail{Kind: "message", To: "a@example.nhs.uk", Subject: "Newsletter – March", Text: "Plain", HTML: "<p>Rich</p>",
		Unsubscribe: "https://staffnet.example/unsubscribe/tok"}
	if err := db.QueueMail(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	s := &outbox.Sender{DB: db, SMTP: srv.Config()}
	if _, err := s.SendDue(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()[0]
	for h, want := range map[string]string{
		"List-Unsubscribe":      "<https://staffnet.example/unsubscribe/tok>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Message-Id":            "<" + m.HeaderID + "@example.nhs.uk>",
		"From":                  `"Staff networks" <staffnet@example.nhs.uk>`,
	} {
		if g := got.Head.Get(h); g != want {
			t.Errorf("%s: %q, want %q", h, g, want)
		}
	}
	if !strings.Contains(got.Raw, "multipart/alternative") || !strings.Contains(got.Raw, "<p>Rich</p>") {
		t.Error("no HTML alternative")
	}
	// Once sent, the row keeps its status but not the body or the link.
	if ms, _ := db.MailTo(context.Background(), "a@example.nhs.uk"); ms[0].Status != store.MailSent || ms[0].Text != "" || ms[0].HTML != "" || ms[0].Unsubscribe != "" {
		t.Errorf("sent mail kept %+v", ms[0])
	}
}

func TestParseURL(t *testing.T) {
	c, err := outbox.ParseURL("smtp://user:p%40ss@mail.example:2525", "staffnet@example.nhs.uk")
	if err != nil || c.Host != "mail.example" || c.Port != 2525 || c.Username != "user" || c.Password != "p@ss" || c.Implicit || c.NoTLS {
		t.Fatalf("%+v %v", c, err)
	}
	if c, _ := outbox.ParseURL("smtps://mail.example", "a@b.c"); c == nil || c.Port != 465 || !c.Implicit {
		t.Errorf("smtps: %+v", c)
	}
	for _, bad := range []string{"http://x", "smtp://", "smtp://x:99999", "smtp://x?tls=maybe", "smtps://x?tls=none"} {
		if _, err := outbox.ParseURL(bad, "a@b.c"); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if _, err := outbox.ParseURL("smtp://x", ""); err == nil {
		t.Error("no From accepted")
	}
}
