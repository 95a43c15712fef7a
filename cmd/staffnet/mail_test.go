package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"staffnet/internal/outbox/smtptest"
	"staffnet/internal/store"
)

// mailServe starts `staffnet serve` as a process of its own, sending
// through srv, and returns it once it is running.
func mailServe(t *testing.T, dbPath string, srv *smtptest.Server) *os.Process {
	t.Helper()
	cmd := staffnetCommand("serve", "--addr", "127.0.0.1:0", "--db", dbPath)
	cmd.Env = append(cmd.Env, "STAFFNET_SMTP_URL=smtp://"+srv.Addr+"?tls=none", "STAFFNET_MAIL_FROM=staffnet@example.nhs.uk",
		"STAFFNET_BASE_URL=https://staffnet.example")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && !strings.Contains(sc.Text(), "is running at") {
	}
	go func() {
		for sc.Scan() {
		}
	}()
	return cmd.Process
}

// waitFor polls until cond holds; the deadline only stops a broken test
// from hanging, it measures nothing.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
	}
}

func queueMail(t *testing.T, dbPath string, n int) {
	t.Helper()
	db := openStore(t, dbPath)
	defer db.Close()
	mails := make([]*store.Mail, n)
	for i := range mails {
		mails[i] = &store.Mail{Kind: "message", To: fmt.Sprintf("member%04d@example.nhs.uk", i), Subject: "News", Text: "Hello"}
	}
	if err := db.QueueMail(context.Background(), mails...); err != nil {
		t.Fatal(err)
	}
}

// drained waits until the outbox has nothing left queued, so that every
// send, a duplicate included, has happened before the counting.
func drained(t *testing.T, dbPath string) {
	t.Helper()
	db := openStore(t, dbPath)
	defer db.Close()
	waitFor(t, "an empty outbox", func() bool {
		c, err := db.OutboxCounts(context.Background())
		return err == nil && c[store.MailQueued] == 0
	})
}

// received counts the copies each recipient got, and the Message-IDs.
func received(srv *smtptest.Server) (byTo map[string]int, ids map[string]map[string]bool) {
	byTo, ids = map[string]int{}, map[string]map[string]bool{}
	for _, m := range srv.Messages() {
		for _, to := range m.To {
			byTo[to]++
			if ids[to] == nil {
				ids[to] = map[string]bool{}
			}
			ids[to][m.Head.Get("Message-Id")] = true
		}
	}
	return byTo, ids
}

// sendInterrupted queues n messages, serves them until a third are sent
// and then sends the serve process sig (what names it: "stopped") and
// waits for it to end. It returns the database, the SMTP server and how
// many it had been sent, which must be fewer than n.
func sendInterrupted(t *testing.T, n int, sig os.Signal, what string) (dbPath string, srv *smtptest.Server, sent int) {
	t.Helper()
	dbPath = filepath.Join(t.TempDir(), "staffnet.db")
	queueMail(t, dbPath, n)
	srv = smtptest.Start(t)
	p := mailServe(t, dbPath, srv)
	waitFor(t, "a third sent", func() bool { return srv.Count() >= n/3 })
	p.Signal(sig)
	p.Wait()
	if sent = srv.Count(); sent >= n {
		t.Fatalf("the server sent all %d before it was %s; the test proves nothing", n, what)
	}
	return dbPath, srv, sent
}

// TestServeStoppedMidSend: 1,000 messages queued, the serve process
// stopped with SIGTERM part-way through sending, started again: the SMTP
// server counts every message exactly once.
func TestServeStoppedMidSend(t *testing.T) {
	t.Parallel()
	const n = 1000
	dbPath, srv, stopped := sendInterrupted(t, n, syscall.SIGTERM, "stopped")
	mailServe(t, dbPath, srv)
	waitFor(t, "every message", func() bool { return srv.Count() >= n })
	drained(t, dbPath)
	byTo, _ := received(srv)
	if len(byTo) != n || srv.Count() != n {
		t.Fatalf("stopped at %d; %d messages to %d recipients, want %d each", stopped, srv.Count(), len(byTo), n)
	}
	for to, k := range byTo {
		if k != 1 {
			t.Errorf("%s got %d copies", to, k)
		}
	}
	t.Logf("stopped after %d of %d; after the restart every message arrived once", stopped, n)
}

// TestServeKilledMidSend: the same with SIGKILL, which gives the process
// no chance to mark the mail in hand. Delivery is at least once: every
// message arrives, and at most the one mail in hand at the kill arrives
// twice, with the same Message-ID. Its lease would run out after 5
// minutes; the test ends leases at once instead of waiting.
func TestServeKilledMidSend(t *testing.T) {
	t.Parallel()
	const n = 1000
	dbPath, srv, _ := sendInterrupted(t, n, os.Kill, "killed")
	db := openStore(t, dbPath)
	if err := db.EndLeases(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	mailServe(t, dbPath, srv)
	byTo := map[string]int{}
	waitFor(t, "every message", func() bool { byTo, _ = received(srv); return len(byTo) >= n })
	drained(t, dbPath)
	byTo, ids := received(srv)
	dups := 0
	for to, k := range byTo {
		if k > 1 {
			dups += k - 1
			if len(ids[to]) != 1 {
				t.Errorf("%s got copies with different Message-IDs: %v", to, ids[to])
			}
		}
	}
	if len(byTo) != n || dups > 1 {
		t.Fatalf("%d recipients of %d, %d duplicates; want every one, at most one duplicate", len(byTo), n, dups)
	}
	t.Logf("killed mid-send: every message arrived, %d duplicate(s)", dups)
}
