// Package outbox sends the email staffnet queues in its database (the
// outbox table of internal/store) through an SMTP server.
//
// A Sender claims one queued mail at a time with a lease, sends it and
// marks it sent, so several servers sharing one PostgreSQL database send
// each mail once between them, and a server that stops mid-send loses
// nothing: an unsent mail stays queued, and a lease left by a server that
// died runs out and another sender takes the mail.
//
// Delivery is at least once. The one window for a duplicate is a process
// killed after the SMTP server accepted a mail and before the row was
// marked sent (one database write, a millisecond or so): after the lease
// runs out that mail is sent again, with the same Message-ID, which lets
// mail systems that deduplicate by it drop the copy. A sender told to stop
// (its context cancelled, as `staffnet serve` does on SIGINT or SIGTERM)
// finishes and marks the mail in hand before it returns, so an orderly
// stop never duplicates.
package outbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"staffnet/internal/auth"
	"staffnet/internal/metrics"
	"staffnet/internal/store"
)

// Config is how to reach the SMTP server.
type Config struct {
	Host     string
	Port     int
	Implicit bool // smtps://: TLS from the first byte; otherwise STARTTLS
	NoTLS    bool // ?tls=none: plain SMTP, only for a relay on the same host or in tests
	Username string
	Password string
	From     *mail.Address
	// TLS overrides the TLS settings (tests trust their own certificate).
	TLS *tls.Config
}

// ParseURL reads STAFFNET_SMTP_URL (smtp://user:pass@host:587 for
// STARTTLS, smtps://user:pass@host:465 for implicit TLS; add ?tls=none
// for plain SMTP to a local relay) and STAFFNET_MAIL_FROM.
func ParseURL(raw, from string) (*Config, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("STAFFNET_SMTP_URL: %w", err)
	}
	c := &Config{Host: u.Hostname()}
	switch u.Scheme {
	case "smtp":
		c.Port = 587
	case "smtps":
		c.Port, c.Implicit = 465, true
	default:
		return nil, fmt.Errorf("STAFFNET_SMTP_URL: scheme %q: use smtp:// (STARTTLS) or smtps:// (implicit TLS)", u.Scheme)
	}
	if c.Host == "" {
		return nil, errors.New("STAFFNET_SMTP_URL: no host")
	}
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil || c.Port < 1 || c.Port > 65535 {
			return nil, fmt.Errorf("STAFFNET_SMTP_URL: bad port %q", p)
		}
	}
	switch t := u.Query().Get("tls"); t {
	case "":
	case "none":
		if c.Implicit {
			return nil, errors.New("STAFFNET_SMTP_URL: smtps:// with tls=none")
		}
		c.NoTLS = true
	default:
		return nil, fmt.Errorf("STAFFNET_SMTP_URL: tls=%q: the only choice is tls=none", t)
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if from == "" {
		return nil, errors.New("STAFFNET_MAIL_FROM is needed with STAFFNET_SMTP_URL, like \"Staff networks <staffnet@trust.nhs.uk>\"")
	}
	if c.From, err = mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("STAFFNET_MAIL_FROM: %w", err)
	}
	return c, nil
}

// Sender sends the outbox.
type Sender struct {
	DB      *store.DB
	SMTP    *Config
	Log     *slog.Logger
	Metrics *metrics.Metrics // counts failed attempts; nil counts nothing
	Now     func() time.Time // time.Now if nil
	Lease   time.Duration    // how long a claim lasts; 5 minutes if 0
	Poll    time.Duration    // how often Run looks for due mail; 10 seconds if 0
	Batch   int              // ids fetched at once; 50 if 0
	Tries   int              // attempts before a mail fails for good; 10 if 0
	Backoff time.Duration    // the first retry's delay, doubling each time; 1 minute if 0
}

// maxBackoff caps the delay between retries.
const maxBackoff = 6 * time.Hour

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func orDefault[T comparable](v, d T) T {
	var zero T
	if v == zero {
		return d
	}
	return v
}

// Run sends due mail until ctx is cancelled, looking every Poll.
func (s *Sender) Run(ctx context.Context) error {
	t := time.NewTicker(orDefault(s.Poll, 10*time.Second))
	defer t.Stop()
	for {
		if _, err := s.SendDue(ctx); err != nil && ctx.Err() == nil {
			s.log().Error("outbox", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

func (s *Sender) log() *slog.Logger {
	if s.Log == nil {
		return slog.Default()
	}
	return s.Log
}

// SendDue sends the mail that is due now, one claim at a time, over one
// SMTP connection, and returns how many it sent. It stops early when ctx
// is cancelled, after marking the mail in hand.
func (s *Sender) SendDue(ctx context.Context) (int, error) {
	sent := 0
	var conn *gomail.Client
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	for ctx.Err() == nil {
		ids, err := s.DB.DueMail(ctx, s.now(), orDefault(s.Batch, 50))
		if ctx.Err() != nil {
			return sent, nil
		}
		if err != nil || len(ids) == 0 {
			return sent, err
		}
		// A claim, once asked for, is seen through: were its query
		// cancelled half-way, the row might be leased with no one to send
		// it until the lease ran out.
		keep := context.WithoutCancel(ctx)
		for _, id := range ids {
			if ctx.Err() != nil {
				return sent, nil
			}
			claim := auth.NewToken()
			now := s.now()
			m, err := s.DB.ClaimMail(keep, id, claim, now, now.Add(orDefault(s.Lease, 5*time.Minute)))
			if errors.Is(err, store.ErrNotFound) {
				continue // another sender has it, or it is gone
			}
			if err != nil {
				return sent, err
			}
			// From here the mail is ours: send it and record the outcome
			// even if ctx is cancelled meanwhile.
			if conn == nil {
				if conn, err = s.dial(keep); err != nil {
					conn = nil
					return sent, s.outcome(keep, m, claim, err)
				}
			}
			err = s.send(conn, m)
			if err != nil {
				conn.Close()
				conn = nil
			}
			if err := s.outcome(keep, m, claim, err); err != nil {
				return sent, err
			}
			if err == nil {
				sent++
			}
		}
	}
	return sent, nil
}

// outcome records what happened to mail m: sent (sendErr nil), to be
// retried with back-off, or failed for good.
func (s *Sender) outcome(ctx context.Context, m *store.Mail, claim string, sendErr error) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if sendErr == nil {
		err := s.DB.MarkMailSent(ctx, m.ID, claim, s.now())
		if errors.Is(err, store.ErrNotFound) {
			return nil // the member left while it was being sent
		}
		return err
	}
	reason := sendErr.Error()
	temporary := true
	var se *gomail.SendError
	var bad badMail
	switch {
	case errors.As(sendErr, &bad):
		temporary = false
	case errors.As(sendErr, &se):
		temporary = se.IsTemp()
	}
	var err error
	giveUp := !temporary || m.Attempts >= orDefault(s.Tries, 10)
	s.Metrics.MailFailed(giveUp)
	if giveUp {
		if temporary {
			reason = fmt.Sprintf("gave up after %d attempts: %s", m.Attempts, reason)
		}
		s.log().Warn("outbox: mail failed", "id", m.ID, "kind", m.Kind, "reason", reason)
		err = s.DB.MarkMailFailed(ctx, m.ID, claim, reason)
	} else {
		delay := min(orDefault(s.Backoff, time.Minute)<<min(m.Attempts-1, 20), maxBackoff)
		err = s.DB.MarkMailRetry(ctx, m.ID, claim, reason, s.now().Add(delay))
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	return err
}

func (s *Sender) dial(ctx context.Context) (*gomail.Client, error) {
	c := s.SMTP
	opts := []gomail.Option{gomail.WithPort(c.Port), gomail.WithTimeout(30 * time.Second)}
	switch {
	case c.Implicit:
		opts = append(opts, gomail.WithSSL())
	case c.NoTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if c.TLS != nil {
		opts = append(opts, gomail.WithTLSConfig(c.TLS))
	}
	if c.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover), gomail.WithUsername(c.Username), gomail.WithPassword(c.Password))
	}
	client, err := gomail.NewClient(c.Host, opts...)
	if err != nil {
		return nil, err
	}
	if err := client.DialWithContext(ctx); err != nil {
		return nil, err
	}
	return client, nil
}

// Build makes the message for mail m: From, To, Subject, a Message-ID
// fixed by the row (so a resend is recognisably the same mail), plain
// text with an HTML alternative when there is one, and for mail to
// members the RFC 8058 one-click unsubscribe headers.
func Build(c *Config, m *store.Mail) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	msg.FromMailAddress(c.From)
	if err := msg.To(m.To); err != nil {
		return nil, err
	}
	msg.Subject(m.Subject)
	domain := c.From.Address[strings.LastIndexByte(c.From.Address, '@')+1:]
	msg.SetMessageIDWithValue(m.HeaderID + "@" + domain)
	msg.SetDateWithValue(m.CreatedAt)
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	if m.Unsubscribe != "" {
		msg.SetGenHeaderPreformatted("List-Unsubscribe", "<"+m.Unsubscribe+">")
		msg.SetGenHeaderPreformatted("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	if m.Kind == "message" || m.Kind == "digest" {
		msg.SetBulk()
	}
	return msg, nil
}

func (s *Sender) send(conn *gomail.Client, m *store.Mail) error {
	msg, err := Build(s.SMTP, m)
	if err != nil {
		return badMail{err}
	}
	return conn.Send(msg)
}

// badMail is a mail that can never be sent as stored, such as an address
// the SMTP library cannot parse: it fails at once, without retries.
type badMail struct{ error }
