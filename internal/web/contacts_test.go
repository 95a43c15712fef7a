package web_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/web"
)

// sharedKey is a contact key as STAFFNET_CONTACT_KEY gives one: a server
// with a key of its own never releases the details of the day it started.
func sharedKey(t testing.TB) *store.ContactKey {
	t.Helper()
	key, err := store.ParseContactKey(store.GenerateContactKey())
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// releaseContacts releases every contact the server holds, as its timer
// would eight days on, when even a batch of one goes.
func releaseContacts(t *testing.T, s *web.Server) {
	t.Helper()
	if err := s.FlushContacts(context.Background(), time.Now().AddDate(0, 0, 8)); err != nil {
		t.Fatal(err)
	}
}

// walFrame is one frame of a SQLite WAL file.
type walFrame struct {
	page   uint32
	commit bool // the last frame of a transaction
	data   []byte
}

// readWAL parses a WAL file as an administrator with a copy of it could:
// a 32-byte header (page size at byte 8, salts at 16 and 20), then frames
// of a 24-byte header (page number, database size for a commit frame or
// 0, the two salts) and a page. Frames whose salts differ from the
// header's are left over from before the last reset and are skipped.
func readWAL(t *testing.T, path string) []walFrame {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if len(b) < 32 {
		return nil
	}
	be := binary.BigEndian
	pageSize := int(be.Uint32(b[8:]))
	salt := b[16:24]
	var frames []walFrame
	for off := 32; off+24+pageSize <= len(b); off += 24 + pageSize {
		h := b[off : off+24]
		if !bytes.Equal(h[8:16], salt) {
			break
		}
		frames = append(frames, walFrame{page: be.Uint32(h), commit: be.Uint32(h[4:]) != 0, data: b[off+24 : off+24+pageSize]})
	}
	return frames
}

func framesWith(frames []walFrame, needle []byte) []int {
	var at []int
	for i, f := range frames {
		if bytes.Contains(f.data, needle) {
			at = append(at, i)
		}
	}
	return at
}

// submit answers the survey through HTTP with a free-text answer.
func submit(t *testing.T, a *app, answer string) {
	t.Helper()
	answers := map[string]url.Values{
		"about_you": {"region": {"london"}},
		"networks":  {"has_bme_network": {"dont_know"}, "other_networks": {"none"}},
		"comments":  {"benefits_comment": {answer}},
	}
	f, _ := a.walk(answers, []string{"about_you", "networks", "without_network", "working_together", "comments"})
	f.Set("_action", "submit")
	if res, _ := a.post("/s/"+slug, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", res.StatusCode)
	}
}

// leaveContact sends the contact form that follows the answers.
func leaveContact(t *testing.T, a *app, name, email string) {
	t.Helper()
	if res, _ := a.post("/s/"+slug+"/contact", url.Values{"name": {name}, "email": {email}, "organisation": {"Trust"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("contact: %d", res.StatusCode)
	}
}

// respond answers the survey, then leaves contact details, as one person
// would.
func respond(t *testing.T, a *app, answer, name, email string) {
	t.Helper()
	submit(t, a, answer)
	leaveContact(t, a, name, email)
}

// TestContactsUnlinkableInFiles mounts the attack on SQLite: several
// people each answer and then leave contact details; an administrator
// copies the WAL after every request, reads the log, and tries to pair
// each contact with the answers written just before it. It must fail:
// nothing at all is written when details arrive, they reach the WAL only
// sealed, in a spill of padded rows after all the answers, and in the
// clear only in one batch after the day, with the sealed rows wiped.
func TestContactsUnlinkableInFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "staffnet.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := newApp(t, db)
	ctx := context.Background()
	const people = 6
	answer := func(i int) string { return fmt.Sprintf("answer-from-person-%d", i) }
	email := func(i int) string { return fmt.Sprintf("person-%d@example.nhs.uk", i) }
	name := func(i int) string { return fmt.Sprintf("Person Number %d", i) }

	noContactsIn := func(when string) {
		t.Helper()
		files, _ := os.ReadDir(dir)
		for _, fi := range files {
			b, _ := os.ReadFile(filepath.Join(dir, fi.Name()))
			for i := range people {
				if bytes.Contains(b, []byte(email(i))) || bytes.Contains(b, []byte(name(i))) {
					t.Fatalf("%s: %s holds person %d's contact details", when, fi.Name(), i)
				}
			}
		}
	}
	files := func() []byte {
		db, _ := os.ReadFile(path)
		wal, _ := os.ReadFile(path + "-wal")
		return append(db, wal...)
	}
	for i := range people {
		submit(t, a, answer(i))
		// The answers are in the WAL, in order, for the attacker to see...
		frames := readWAL(t, path+"-wal")
		if len(framesWith(frames, []byte(answer(i)))) == 0 {
			t.Fatalf("person %d's answers are not in the WAL: the test reads the wrong thing", i)
		}
		// ...but whatever the contact form wrote would follow them. It
		// writes nothing: not a byte of the files changes.
		was := files()
		leaveContact(t, a, name(i), email(i))
		if !bytes.Equal(files(), was) {
			t.Fatalf("person %d's contact details changed the database files on arrival", i)
		}
		noContactsIn(fmt.Sprintf("after person %d", i))
	}
	before := len(readWAL(t, path+"-wal"))

	// The timer's spill: one transaction, after every answer, of sealed
	// rows of one size, padded to a multiple of 8.
	if err := a.web.FlushContacts(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	frames := readWAL(t, path+"-wal")
	spill := frames[before:]
	if len(spill) == 0 || !spill[len(spill)-1].commit {
		t.Fatalf("spill wrote %d frames", len(spill))
	}
	for _, f := range spill[:len(spill)-1] {
		if f.commit {
			t.Fatal("the spill was more than one transaction")
		}
	}
	sq, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	var sealed [][]byte
	rows, err := sq.Query(`SELECT sealed FROM held_contacts`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var b []byte
		rows.Scan(&b)
		sealed = append(sealed, b)
	}
	rows.Close()
	if len(sealed) != 8 {
		t.Fatalf("%d sealed rows, want 8 (6 contacts and 2 dummies)", len(sealed))
	}
	for _, s := range sealed {
		if len(s) != len(sealed[0]) {
			t.Fatalf("sealed rows differ in size: %d and %d", len(s), len(sealed[0]))
		}
		at := framesWith(frames, s[:64])
		if len(at) == 0 || at[0] < before {
			t.Fatalf("a sealed row appears in frame %v, before the spill (frame %d)", at, before)
		}
	}
	noContactsIn("after the spill")

	// A day later the batch is released: every contact in one page of the
	// database file, and no trace of the sealed rows anywhere.
	if err := a.web.FlushContacts(ctx, time.Now().AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	if wal, _ := os.ReadFile(path + "-wal"); len(wal) != 0 {
		t.Fatalf("the WAL keeps %d bytes after the release", len(wal))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.BigEndian.Uint16(b[16:]))
	page := -1
	for i := range people {
		at := bytes.Index(b, []byte(email(i)))
		if at < 0 {
			t.Fatalf("person %d's contact details were not released", i)
		}
		if p := at / pageSize; page == -1 {
			page = p
		} else if p != page {
			t.Fatalf("contacts written to pages %d and %d: not one batch", page, p)
		}
	}
	for _, s := range sealed {
		if at := bytes.Index(b, s[:64]); at >= 0 {
			t.Fatalf("a sealed row is left in page %d of the database file after its release", at/pageSize+1)
		}
	}

	// Fewer than five details after a day wait for more.
	respond(t, a, "late-answer", "Late Person", "late@example.nhs.uk")
	if err := a.web.FlushContacts(ctx, time.Now().AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	if cs, _ := db.Contacts(ctx, slug); len(cs) != people {
		t.Fatalf("a batch of one was released: %d contacts", len(cs))
	}

	// The log has no line per survey request, only the day's counts.
	logs := a.log.String()
	if strings.Contains(logs, "route=") && strings.Contains(logs, "/s/{slug}") && !strings.Contains(logs, "msg=\"survey requests\"") {
		t.Fatalf("log:\n%s", logs)
	}
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, "/s/") && !strings.Contains(line, "msg=\"survey requests\"") {
			t.Errorf("the log times a survey request: %s", line)
		}
		if strings.Contains(line, "person-") || strings.Contains(line, "Person Number") {
			t.Errorf("the log holds contact details: %s", line)
		}
	}
	if !strings.Contains(logs, `"POST /s/{slug}/contact 303"=6`) || !strings.Contains(logs, `"POST /s/{slug} 303"=6`) {
		t.Errorf("the day's counts are missing:\n%s", logs)
	}
}

// TestContactsHeldOnPostgres runs the same flow on PostgreSQL: nothing is
// written when details arrive, the spill writes sealed rows of one size,
// and the release writes every contact in one batch.
func TestContactsHeldOnPostgres(t *testing.T) {
	t.Parallel()
	db, sq := storetest.PostgresSQL(t)
	count := func(table string) int {
		var n int
		if err := sq.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	a := newApp(t, db)
	ctx := context.Background()
	for i := range 5 {
		respond(t, a, fmt.Sprintf("answer-%d", i), fmt.Sprintf("Person %d", i), fmt.Sprintf("p%d@example.nhs.uk", i))
		if count("held_contacts") != 0 || count("contacts") != 0 {
			t.Fatalf("contact details written on arrival")
		}
	}
	if err := a.web.FlushContacts(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	var n, sizes int
	if err := sq.QueryRow(`SELECT count(*), count(DISTINCT length(sealed)) FROM held_contacts
		WHERE position('example.nhs.uk'::bytea in sealed) = 0`).Scan(&n, &sizes); err != nil {
		t.Fatal(err)
	}
	if n != 8 || sizes != 1 || count("contacts") != 0 {
		t.Fatalf("spill: %d sealed rows (want 8) of %d sizes", n, sizes)
	}
	if err := a.web.FlushContacts(ctx, time.Now().AddDate(0, 0, 1)); err != nil {
		t.Fatal(err)
	}
	if count("held_contacts") != 0 || count("contacts") != 5 {
		t.Fatalf("release: %d held, %d contacts", count("held_contacts"), count("contacts"))
	}
	// One transaction wrote them all.
	var xmins int
	if err := sq.QueryRow(`SELECT count(DISTINCT xmin::text) FROM contacts`).Scan(&xmins); err != nil || xmins != 1 {
		t.Fatalf("contacts written by %d transactions (%v)", xmins, err)
	}
}

// BenchmarkContactForm sends the contact form over HTTP: validation and
// holding in memory, with no database write. The redirect that follows
// is not fetched.
func BenchmarkContactForm(b *testing.B) {
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	base := newBenchApp(b, storetest.SQLite(b))
	form := url.Values{"name": {"Ada Lovelace"}, "email": {"ada@example.nhs.uk"}, "organisation": {"Trust"}}.Encode()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			res, err := noRedirect.Post(base+"/s/"+slug+"/contact", "application/x-www-form-urlencoded", strings.NewReader(form))
			if err != nil {
				b.Error(err)
				return
			}
			res.Body.Close()
			if res.StatusCode != http.StatusSeeOther {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
}

// TestStopReleasesNoSmallBatch mounts the restart attack: one person
// answers and leaves contact details, and the operator stops the server
// at once. A server with a key of its own must not release that batch of
// one (its contact would be the answer just before it), nor log how many
// it held; the details are lost instead. With a shared key they stay
// sealed for the day's release by whichever server runs then.
func TestStopReleasesNoSmallBatch(t *testing.T) {
	t.Parallel()
	for _, shared := range []bool{false, true} {
		t.Run(fmt.Sprint("shared key ", shared), func(t *testing.T) {
			t.Parallel()
			db := storetest.SQLite(t)
			if err := db.LoadBuiltins(context.Background()); err != nil {
				t.Fatal(err)
			}
			logs := &syncBuffer{}
			cfg := web.Config{DB: db, Log: slog.New(slog.NewJSONHandler(logs, nil))}
			if shared {
				cfg.ContactKey = sharedKey(t)
			}
			s, err := web.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { s.Run(ctx); close(done) }()
			a := &app{t: t, db: db, srv: httptest.NewServer(s.Handler()), web: s}
			defer a.srv.Close()
			// Five of them, a whole minimum batch: still today's, so none
			// may go.
			for i := range 5 {
				respond(t, a, fmt.Sprintf("answer-%d", i), fmt.Sprintf("Person %d", i), fmt.Sprintf("p%d@example.nhs.uk", i))
			}
			if !shared {
				// A spill before the stop, as the timer makes.
				if err := s.FlushContacts(context.Background(), time.Now()); err != nil {
					t.Fatal(err)
				}
				respond(t, a, "answer-late", "Late", "late@example.nhs.uk")
			}
			cancel()
			<-done
			cs, _ := db.Contacts(context.Background(), slug)
			held, _ := db.HeldContacts(context.Background())
			if shared && (len(cs) != 0 || held != 8) {
				t.Fatalf("shared key: %d released, %d rows held; want 0 and 8", len(cs), held)
			}
			if !shared && (len(cs) != 0 || held != 0) {
				t.Fatalf("own key: %d released, %d rows held; want 0 and 0", len(cs), held)
			}
			log := logs.String()
			if !shared && (!strings.Contains(log, "STAFFNET_CONTACT_KEY") || !strings.Contains(log, "lost")) {
				t.Errorf("no warning that details are lost without a key:\n%s", log)
			}
			for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
				if strings.Contains(line, "contact") && strings.Contains(line, `"count"`) {
					t.Errorf("a log line counts contact details at the stop: %s", line)
				}
			}
		})
	}
}

// TestOwnKeySkipsItsFirstDay: a server with a key of its own holds only
// what was left since it started, so its first day's batch would cover
// only those respondents; it is never released, however large, and even
// days later.
func TestOwnKeySkipsItsFirstDay(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	s := newServer(t, db, web.Config{}, io.Discard)
	a := &app{t: t, db: db, srv: httptest.NewServer(s.Handler()), web: s}
	defer a.srv.Close()
	for i := range 6 {
		respond(t, a, fmt.Sprintf("answer-%d", i), fmt.Sprintf("Person %d", i), fmt.Sprintf("p%d@example.nhs.uk", i))
	}
	releaseContacts(t, s)
	cs, _ := db.Contacts(context.Background(), slug)
	held, _ := db.HeldContacts(context.Background())
	if len(cs) != 0 || held != 0 {
		t.Fatalf("%d released from the server's first day, %d rows left; want 0 and 0", len(cs), held)
	}
}
