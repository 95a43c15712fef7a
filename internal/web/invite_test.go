package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/outbox"
	"staffnet/internal/outbox/smtptest"
	"staffnet/internal/store"
	"staffnet/internal/web"
)

// mailApp is staffnet with email on, sending through a real SMTP server.
type mailApp struct {
	*app
	smtp *smtptest.Server
}

func newMailApp(t *testing.T, db *store.DB) *mailApp {
	t.Helper()
	a := newAppAt(t, db, func(base string) web.Config { return web.Config{Mail: web.MailConfig{On: true, BaseURL: base}} })
	return &mailApp{app: a, smtp: smtptest.Start(t)}
}

// deliver sends the outbox through the SMTP server and returns the link
// under path in the last message to to, or "".
func (m *mailApp) deliver(to, path string) string {
	m.t.Helper()
	s := &outbox.Sender{DB: m.db, SMTP: m.smtp.Config()}
	if _, err := s.SendDue(context.Background()); err != nil {
		m.t.Fatal(err)
	}
	link := ""
	re := regexp.MustCompile(regexp.QuoteMeta(m.srv.URL+path) + `[A-Za-z0-9_-]+`)
	for _, msg := range m.smtp.Messages() {
		if len(msg.To) == 1 && msg.To[0] == to {
			link = re.FindString(msg.Body)
		}
	}
	return link
}

// TestInvitationByEmail: an administrator invites a person with a role;
// the invitation comes by email; following its link and choosing a
// password makes the account with that role and signs in; the link then
// works no more.
func TestInvitationByEmail(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newMailApp(t, db)
		newAccount(t, db, "admin@example.nhs.uk", auth.Admin)
		ad := login(t, a.app, "admin@example.nhs.uk", goodPassword)
		res, body := ad.do("POST", "/admin/users/invite", url.Values{"email": {"nope"}, "role": {"org_admin"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(summary(body), "email address in the correct format") ||
			!strings.Contains(body, "Enter the ODS code") {
			t.Errorf("bad invitation: %d %q", res.StatusCode, summary(body))
		}
		res, _ = ad.do("POST", "/admin/users/invite", url.Values{"email": {"New.Person@Example.NHS.uk"}, "role": {"national_viewer"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("invite: %d", res.StatusCode)
		}
		if _, body := ad.do("GET", res.Header.Get("Location"), nil); !strings.Contains(body, "An invitation has been sent to new.person@example.nhs.uk") {
			t.Error("no confirmation of the invitation")
		}
		link := a.deliver("new.person@example.nhs.uk", "/invite/")
		if link == "" {
			t.Fatalf("no invitation email with a link: %+v", a.smtp.Messages())
		}
		if msg := a.smtp.Messages()[0]; !strings.Contains(msg.Body, "National viewer") || !strings.Contains(msg.Body, "admin@example.nhs.uk") {
			t.Errorf("invitation text: %s", msg.Body)
		}
		path := strings.TrimPrefix(link, a.srv.URL)
		if res, body := a.get(path); res.StatusCode != 200 || !strings.Contains(body, "National viewer") {
			t.Fatalf("invitation page: %d %s", res.StatusCode, h1(body))
		}
		if res, body := a.post(path, url.Values{"password": {"password1234"}, "password_again": {"password1234"}}); res.StatusCode != http.StatusUnprocessableEntity ||
			!strings.Contains(summary(body), "Password") {
			t.Errorf("common password accepted: %d %q", res.StatusCode, summary(body))
		}
		// A role, organisation or network slipped into the form changes
		// nothing: the invitation says what the account gets.
		res, _ = a.post(path, url.Values{"password": {goodPassword}, "password_again": {goodPassword}, "role": {"admin"}, "org": {"RX1"}, "network": {"1"}, "email": {"x@example.nhs.uk"}})
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/wres/national" || len(res.Cookies()) == 0 {
			t.Fatalf("accept: %d to %s", res.StatusCode, res.Header.Get("Location"))
		}
		u, err := db.UserByEmail(context.Background(), "new.person@example.nhs.uk")
		if err != nil || u.Role != auth.NationalViewer || u.Org != "" || u.NetworkID != 0 || !auth.VerifyPassword(u.PasswordHash, goodPassword) {
			t.Fatalf("invited account: %+v %v", u, err)
		}
		login(t, a.app, "new.person@example.nhs.uk", goodPassword)
		for _, m := range []string{"GET", "POST"} {
			var res *http.Response
			if m == "GET" {
				res, _ = a.get(path)
			} else {
				// A role, organisation or network slipped into the form changes
				// nothing: the invitation says what the account gets.
				res, _ = a.post(path, url.Values{"password": {goodPassword}, "password_again": {goodPassword}, "role": {"admin"}, "org": {"RX1"}, "network": {"1"}, "email": {"x@example.nhs.uk"}})
			}
			if res.StatusCode != http.StatusGone {
				t.Errorf("used invitation, %s: %d", m, res.StatusCode)
			}
		}
		// Inviting an address that has an account is refused.
		if res, body := ad.do("POST", "/admin/users/invite", url.Values{"email": {"new.person@example.nhs.uk"}, "role": {"analyst"}}); res.StatusCode != http.StatusUnprocessableEntity ||
			summary(body) != "An account with this email address already exists" {
			t.Errorf("invite an existing account: %d %q", res.StatusCode, summary(body))
		}
	})
}

// TestResetByEmail: the reset page sends a link to an account's address
// and says the same for an address with no account (and sends nothing);
// the link sets a new password once; a second request within minutes
// sends no second email. An administrator's reset goes by email too and
// is not shown.
func TestResetByEmail(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newMailApp(t, db)
		u := newAccount(t, db, "ada@example.nhs.uk", auth.Analyst)
		newAccount(t, db, "admin@example.nhs.uk", auth.Admin)
		if _, body := a.get("/login"); !strings.Contains(body, `href="/reset"`) {
			t.Error("the sign-in page does not offer a reset by email")
		}
		res, known := a.post("/reset", url.Values{"email": {"ADA@example.nhs.uk"}})
		res2, unknown := a.post("/reset", url.Values{"email": {"bob@example.nhs.uk"}})
		if res.StatusCode != 200 || res2.StatusCode != 200 || strings.ReplaceAll(known, "ada@", "X@") != strings.ReplaceAll(unknown, "bob@", "X@") {
			t.Errorf("the answers for an account and for no account differ: %d %d", res.StatusCode, res2.StatusCode)
		}
		if res, body := a.post("/reset", url.Values{"email": {"not an address"}}); res.StatusCode != http.StatusUnprocessableEntity || summary(body) == "" {
			t.Errorf("bad address: %d", res.StatusCode)
		}
		a.post("/reset", url.Values{"email": {"ada@example.nhs.uk"}}) // again at once: no second email
		link := a.deliver("ada@example.nhs.uk", "/reset/")
		if link == "" || a.smtp.Count() != 1 {
			t.Fatalf("%d emails, link %q, want one to ada", a.smtp.Count(), link)
		}
		path := strings.TrimPrefix(link, a.srv.URL)
		res, _ = a.post(path, url.Values{"password": {"a new passphrase here"}, "password_again": {"a new passphrase here"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("reset: %d", res.StatusCode)
		}
		if res, _ := a.post(path, url.Values{"password": {goodPassword}, "password_again": {goodPassword}}); res.StatusCode != http.StatusGone {
			t.Errorf("used reset link: %d", res.StatusCode)
		}
		login(t, a.app, "ada@example.nhs.uk", "a new passphrase here")

		ad := login(t, a.app, "admin@example.nhs.uk", goodPassword)
		res, body := ad.do("POST", "/admin/users/"+strconv.FormatInt(u.ID, 10)+"/reset", url.Values{})
		if res.StatusCode != 200 || !strings.Contains(body, "A password reset link has been sent to ada@example.nhs.uk") || strings.Contains(body, "/reset/") {
			t.Errorf("administrator's reset: %d, shown or not sent", res.StatusCode)
		}
		if link := a.deliver("ada@example.nhs.uk", "/reset/"); link == "" || a.smtp.Count() != 2 || link == a.srv.URL+path {
			t.Errorf("administrator's reset email: %d emails, link %q", a.smtp.Count(), link)
		}
	})
}

// TestInviteWithoutMail: with email off the invitation link is shown to
// the administrator, once, and nothing is queued; the reset page says to
// ask an administrator.
func TestInviteWithoutMail(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		newAccount(t, db, "admin@example.nhs.uk", auth.Admin)
		ad := login(t, a, "admin@example.nhs.uk", goodPassword)
		res, body := ad.do("POST", "/admin/users/invite", url.Values{"email": {"x@example.nhs.uk"}, "role": {"none"}})
		link := regexp.MustCompile(`<code id="invite-link">[^<]*(/invite/[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(body)
		if res.StatusCode != 200 || link == nil {
			t.Fatalf("invite with email off: %d, no link shown", res.StatusCode)
		}
		if res, body := a.get(link[1]); res.StatusCode != 200 || !strings.Contains(body, "No role yet") {
			t.Errorf("shown link: %d", res.StatusCode)
		}
		if ids, err := db.DueMail(context.Background(), timeFar(), 10); err != nil || len(ids) != 0 {
			t.Errorf("queued %d mails with email off: %v", len(ids), err)
		}
		if _, body := a.get("/reset"); !strings.Contains(body, "ask an administrator") || strings.Contains(body, `action="/reset"`) {
			t.Error("the reset page offers email with email off")
		}
		if res, _ := a.post("/reset", url.Values{"email": {"admin@example.nhs.uk"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST /reset with email off: %d", res.StatusCode)
		}
	})
}

// timeFar is a time by which any queued mail is due.
func timeFar() time.Time { return time.Now().Add(24 * time.Hour) }
