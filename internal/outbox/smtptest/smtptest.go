// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp)
// inside a test, with STARTTLS on a certificate made for the test, and
// records every message it accepts. Tests of the outbox count deliveries
// here rather than trusting the sender's word.
package smtptest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"staffnet/internal/outbox"
)

// Message is one accepted message.
type Message struct {
	From string
	To   []string
	Raw  string
	Head mail.Header
	Body string
}

// Server is a running SMTP server.
type Server struct {
	Addr string
	pool *x509.CertPool
	srv  *smtp.Server

	mu   sync.Mutex
	msgs []Message
	// Refuse, if set, is asked about each recipient: a non-nil
	// *smtp.SMTPError is the reply (550 for a refusal, 451 to try later).
	Refuse func(to string) *smtp.SMTPError
	// Delay holds each DATA this long before replying, so a test can stop
	// a sender mid-send.
	Delay time.Duration
}

// Start runs a server on a free port of 127.0.0.1 until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	cert, pool := selfSigned(t)
	s := &Server{pool: pool}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	s.srv.ReadTimeout, s.srv.WriteTimeout = 30*time.Second, 30*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	go s.srv.Serve(ln)
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// Config is an outbox.Config for this server: STARTTLS, trusting the
// test's certificate.
func (s *Server) Config() *outbox.Config {
	host, port, _ := net.SplitHostPort(s.Addr)
	c, err := outbox.ParseURL("smtp://"+host+":"+port, "Staff networks <staffnet@example.nhs.uk>")
	if err != nil {
		panic(err)
	}
	c.TLS = &tls.Config{RootCAs: s.pool, ServerName: "127.0.0.1"}
	return c
}

// Messages returns a copy of what the server accepted, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Count returns how many messages were accepted.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.msgs)
}

type session struct {
	s    *Server
	from string
	to   []string
}

func (se *session) Reset()        { se.from, se.to = "", nil }
func (se *session) Logout() error { return nil }
func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if f := se.s.Refuse; f != nil {
		if err := f(to); err != nil {
			return err
		}
	}
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if se.s.Delay > 0 {
		time.Sleep(se.s.Delay)
	}
	m := Message{From: se.from, To: se.to, Raw: string(b)}
	if pm, err := mail.ReadMessage(strings.NewReader(m.Raw)); err == nil {
		m.Head = pm.Header
		body, _ := io.ReadAll(pm.Body)
		m.Body = string(body)
	}
	se.s.mu.Lock()
	se.s.msgs = append(se.s.msgs, m)
	se.s.mu.Unlock()
	return nil
}

func selfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}
