package store

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"strings"
	"sync"
	"time"

	"staffnet/internal/survey"
)

// Contact details must not be linkable to the response they follow, even
// by someone holding every file the server writes (the database, its WAL,
// backups, the log). Written when they arrive, they would sit in the WAL
// right after that person's answers. So they travel in three steps:
//
//  1. ContactPool.Add keeps them in the server's memory. Nothing is written.
//  2. ContactPool.Spill, every few minutes on a timer, writes everything
//     held to held_contacts, each set sealed under a ContactKey and padded
//     to one size, with dummy rows so that every spill has a multiple of
//     spillSlots rows: the files show that a spill happened, never whether
//     or how many contacts it carries.
//  3. ReleaseContacts, after the day ends, opens the sealed rows and writes
//     the contacts in a random order in one transaction, deleting the
//     sealed rows with SQLite's secure_delete.
//
// Without the key, a released contact could belong to any respondent of
// the days it was released for; with the key, to any respondent of its
// spill's window of a few minutes.

// sealedPlain is the size every sealed set of contact details is padded
// to before sealing. The web form allows 200 characters of name and
// organisation (up to 800 bytes each) and 254 of email: 2,048 bytes hold
// the largest possible set with its slug.
const sealedPlain = 2048

// spillSlots: a spill writes a multiple of this many rows, dummies making
// up the difference, so the number of rows says nothing about how many
// people left details in the window unless more than this many did (and
// then the window had at least that many respondents).
const spillSlots = 8

const (
	kindDummy   = 0
	kindContact = 1
)

var sealedAAD = []byte("staffnet held contact v1")

// ContactKey seals contact details while they are held. All servers of
// one database must share it (STAFFNET_CONTACT_KEY); a key made by
// NewContactKey lives only in this process's memory.
type ContactKey struct {
	aead      cipher.AEAD
	ephemeral bool
}

// NewContactKey makes a random key that exists only in memory: what it
// seals can be opened only by this process.
func NewContactKey() *ContactKey {
	var b [32]byte
	rand.Read(b[:])
	k, _ := contactKey(b[:])
	k.ephemeral = true
	return k
}

// GenerateContactKey returns a new random key in the form
// ParseContactKey reads.
func GenerateContactKey() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

// ParseContactKey reads a key: 32 bytes in standard base64.
func ParseContactKey(s string) (*ContactKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != 32 {
		return nil, errors.New("store: a contact key is 32 bytes in base64 (make one with \"staffnet contacts key\")")
	}
	return contactKey(b)
}

func contactKey(b []byte) (*ContactKey, error) {
	block, err := aes.NewCipher(b)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &ContactKey{aead: aead}, nil
}

// Ephemeral reports whether the key exists only in this process.
func (k *ContactKey) Ephemeral() bool { return k.ephemeral }

// seal encodes c (or a dummy, for nil), pads it to sealedPlain and seals it.
func (k *ContactKey) seal(c *Contact) ([]byte, error) {
	plain := make([]byte, 1, sealedPlain)
	if c != nil {
		plain[0] = kindContact
		for _, f := range []string{c.SurveySlug, c.Name, c.Email, c.Organisation} {
			plain = binary.AppendUvarint(plain, uint64(len(f)))
			plain = append(plain, f...)
		}
		if len(plain) > sealedPlain {
			return nil, fmt.Errorf("store: contact details of %d bytes are too long to hold", len(plain))
		}
	}
	plain = plain[:sealedPlain]
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+sealedPlain+k.aead.Overhead())
	rand.Read(nonce)
	return k.aead.Seal(nonce, nonce, plain, sealedAAD), nil
}

// open reverses seal. It returns nil for a dummy.
func (k *ContactKey) open(sealed []byte) (*Contact, error) {
	n := k.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("store: sealed contact too short")
	}
	plain, err := k.aead.Open(nil, sealed[:n], sealed[n:], sealedAAD)
	if err != nil {
		return nil, err
	}
	if plain[0] == kindDummy {
		return nil, nil
	}
	var f [4]string
	rest := plain[1:]
	for i := range f {
		l, w := binary.Uvarint(rest)
		if w <= 0 || l > uint64(len(rest)-w) {
			return nil, errors.New("store: sealed contact is malformed")
		}
		f[i] = string(rest[w : w+int(l)])
		rest = rest[w+int(l):]
	}
	return &Contact{SurveySlug: f[0], Name: f[1], Email: f[2], Organisation: f[3]}, nil
}

// Contact is an optional set of contact details.
type Contact struct {
	ID, SurveySlug, Name, Email, Organisation string
}

// ContactPool holds contact details in memory until the next Spill.
type ContactPool struct {
	db  *DB
	key *ContactKey
	mu  sync.Mutex
	in  []Contact
}

// NewContactPool returns a pool that seals with key.
func (db *DB) NewContactPool(key *ContactKey) *ContactPool {
	return &ContactPool{db: db, key: key}
}

// Key returns the key the pool seals with.
func (p *ContactPool) Key() *ContactKey { return p.key }

// Add holds c until the next Spill. It writes nothing; it fails only if
// the details are too long to seal.
func (p *ContactPool) Add(c Contact) error {
	c.ID, c.Email = "", strings.TrimSpace(c.Email)
	if _, err := p.key.seal(&c); err != nil {
		return err
	}
	p.mu.Lock()
	p.in = append(p.in, c)
	p.mu.Unlock()
	return nil
}

// Discard forgets the contacts held in memory, unwritten.
func (p *ContactPool) Discard() {
	p.mu.Lock()
	p.in = nil
	p.mu.Unlock()
}

// Held says how many contacts wait in memory for the next Spill.
func (p *ContactPool) Held() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.in)
}

// Spill writes the contacts held in memory to held_contacts, sealed, in
// one transaction, with dummy rows up to a multiple of spillSlots (at
// least spillSlots: a spill with nothing to carry looks like any other).
// If the write fails the contacts stay in memory for the next try.
func (p *ContactPool) Spill(ctx context.Context) error {
	p.mu.Lock()
	batch := p.in
	p.in = nil
	p.mu.Unlock()
	rows := max(spillSlots, (len(batch)+spillSlots-1)/spillSlots*spillSlots)
	// In a random order, dummies among them: the order of cells in a page
	// follows the order of insertion.
	slots := make([]*Contact, rows)
	for i := range batch {
		slots[i] = &batch[i]
	}
	shuffle(slots)
	args := make([]any, 0, 3*rows)
	today := Today()
	for _, c := range slots {
		sealed, err := p.key.seal(c)
		if err != nil {
			p.putBack(batch)
			return err
		}
		args = append(args, survey.NewID(), today, sealed)
	}
	err := p.db.tx(ctx, func(tx *sql.Tx) error {
		for len(args) > 0 {
			n := min(len(args)/3, 500) // well within both databases' parameter limits
			q := `INSERT INTO held_contacts (id, held_on, sealed) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", n), ", ")
			if _, err := tx.ExecContext(ctx, p.db.q(q), args[:3*n]...); err != nil {
				return err
			}
			args = args[3*n:]
		}
		return nil
	})
	if err != nil {
		p.putBack(batch)
		return fmt.Errorf("store: spill contacts: %w", err)
	}
	return nil
}

func (p *ContactPool) putBack(batch []Contact) {
	p.mu.Lock()
	p.in = append(batch, p.in...)
	p.mu.Unlock()
}

// Release says which held contacts ReleaseContacts moves.
type Release struct {
	// Before is a day, YYYY-MM-DD: rows held on earlier days are released.
	Before string
	// Since is a day: rows the key opens that were held before it are
	// deleted, never released. A server with a key of its own sets it to
	// the day after it started: it holds only the details left since then,
	// so a batch of its first day would cover only the respondents since
	// it started, perhaps one.
	Since string
	// MinBatch: fewer contacts than this wait for a later day, unless the
	// oldest has waited MaxHoldDays. Zero releases any number.
	MinBatch, MaxHoldDays int
	// Final says the key dies after this release: the rows it opens that
	// are not released, of any day, are deleted, since nobody could open
	// them later.
	Final bool
	// Shuffle orders the batch before it is written; nil means a random
	// order from crypto/rand. Tests use it to see the order reach the file.
	Shuffle func([]Contact)
}

// ReleaseContacts opens the sealed rows held before r.Before that key can
// open and writes their contacts, with new random ids, in one transaction
// in the order r.Shuffle gives. It returns the contacts in that order, or
// none when the batch is smaller than r.MinBatch and may still wait.
//
// Rows another key sealed (a server with a key of its own) are left for
// that server, unless they are older than MaxHoldDays plus one, when no
// running server can still be holding them and they are deleted.
//
// On SQLite the sealed rows are deleted with secure_delete on and the WAL
// is then checkpointed and truncated, so no copy of them is left in the
// files.
func (db *DB) ReleaseContacts(ctx context.Context, key *ContactKey, r Release) ([]Contact, error) {
	before, err := time.Parse(time.DateOnly, r.Before)
	if err != nil {
		return nil, fmt.Errorf("store: release contacts: %w", err)
	}
	holdLimit := before.AddDate(0, 0, -r.MaxHoldDays).Format(time.DateOnly)
	orphanLimit := before.AddDate(0, 0, -r.MaxHoldDays-1).Format(time.DateOnly)
	var out []Contact
	err = db.secureTx(ctx, func(tx *sql.Tx) error {
		if db.pg {
			// One release at a time across servers.
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7463022)`); err != nil {
				return err
			}
		}
		until := r.Before
		if r.Final {
			until = "9999-12-31" // and drop those of later days below
		}
		rows, err := tx.QueryContext(ctx, db.q(`SELECT id, held_on, sealed FROM held_contacts WHERE held_on < ? ORDER BY id`), until)
		if err != nil {
			return err
		}
		// mine: the rows of this batch (contacts and dummies); drop: rows
		// deleted whatever happens to the batch.
		var mine, drop []any
		oldest := r.Before
		for rows.Next() {
			var id, on string
			var sealed []byte
			if err := rows.Scan(&id, &on, &sealed); err != nil {
				rows.Close()
				return err
			}
			c, err := key.open(sealed)
			switch {
			case err != nil:
				if on < orphanLimit {
					drop = append(drop, id)
				}
			case on < r.Since || on >= r.Before:
				drop = append(drop, id)
			default:
				mine = append(mine, id)
				if c != nil {
					out = append(out, *c)
					oldest = min(oldest, on)
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// A batch of only dummies goes ahead: it writes nothing but
		// clears them.
		if len(out) > 0 && len(out) < r.MinBatch && oldest > holdLimit {
			out = nil
			if !r.Final {
				mine = nil
			}
		}
		if len(mine) == 0 && len(drop) == 0 {
			out = nil
			return errWait
		}
		if r.Shuffle != nil {
			r.Shuffle(out)
		} else {
			shuffle(out)
		}
		// One statement per row, in the shuffled order: PostgreSQL's heap
		// and WAL then follow that order and nothing else.
		for i := range out {
			out[i].ID = survey.NewID()
			c := out[i]
			if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO contacts (id, survey_slug, name, email, organisation) VALUES (?, ?, ?, ?, ?)`),
				c.ID, c.SurveySlug, c.Name, c.Email, c.Organisation); err != nil {
				return err
			}
		}
		done := append(mine, drop...)
		for len(done) > 0 {
			chunk := done[:min(len(done), 500)]
			done = done[len(chunk):]
			q := `DELETE FROM held_contacts WHERE id IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ") + `)`
			if _, err := tx.ExecContext(ctx, db.q(q), chunk...); err != nil {
				return err
			}
		}
		if !db.pg {
			return rebuildHeld(ctx, tx)
		}
		return nil
	})
	if errors.Is(err, errWait) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: release contacts: %w", err)
	}
	return out, nil
}

var errWait = errors.New("batch too small")

// shuffle puts s in a random order that nobody can reproduce: the
// generator is seeded from crypto/rand each time.
func shuffle[T any](s []T) {
	var seed [32]byte
	rand.Read(seed[:])
	mrand.New(mrand.NewChaCha8(seed)).Shuffle(len(s), func(i, j int) { s[i], s[j] = s[j], s[i] })
}

// rebuildHeld copies the rows left in held_contacts to a new table and
// drops the old one (SQLite only). secure_delete zeroes what a DELETE
// frees, but not the stale copies of cells that a page split leaves in
// the unused middle of a page, notably the table's root page, which is
// never freed; dropping the table frees, and so zeroes, every page. The
// definition is migration 0008's.
func rebuildHeld(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `
		CREATE TABLE held_contacts_new (
			id      TEXT NOT NULL PRIMARY KEY,
			held_on TEXT NOT NULL,
			sealed  BLOB NOT NULL
		) WITHOUT ROWID;
		INSERT INTO held_contacts_new SELECT id, held_on, sealed FROM held_contacts;
		DROP TABLE held_contacts;
		ALTER TABLE held_contacts_new RENAME TO held_contacts`)
	return err
}

// secureTx runs fn in a transaction on a connection of its own. On SQLite
// that connection has secure_delete on, so deleted rows are overwritten
// with zeros rather than left in free space, and after the commit the WAL
// is checkpointed and truncated, so old copies of the pages go too.
func (db *DB) secureTx(ctx context.Context, fn func(*sql.Tx) error) error {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if !db.pg {
		if _, err := conn.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
			return err
		}
		defer func() {
			if _, err := conn.ExecContext(context.Background(), `PRAGMA secure_delete = OFF`); err != nil {
				conn.Raw(func(any) error { return driver.ErrBadConn })
			}
		}()
	}
	if err := runTx(ctx, conn, nil, fn); err != nil {
		return err
	}
	if !db.pg {
		// Best effort: a reader in the middle of a long export can keep
		// the WAL from being truncated now; the next checkpoint will.
		conn.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return nil
}

// HeldContacts counts the sealed rows waiting for release, dummies
// included (they cannot be told apart without the key).
func (db *DB) HeldContacts(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM held_contacts`).Scan(&n)
	return n, err
}

// Contacts lists contact details left for a survey (all surveys if slug is
// empty), by email. Details not yet released are not included.
func (db *DB) Contacts(ctx context.Context, slug string) ([]Contact, error) {
	rows, err := db.sql.QueryContext(ctx, db.q(`SELECT id, survey_slug, name, email, organisation FROM contacts
		WHERE survey_slug = ? OR ? = '' ORDER BY lower(email), id`), slug, slug)
	return scanAll(rows, err, func(row rowScanner) (c Contact, err error) {
		err = row.Scan(&c.ID, &c.SurveySlug, &c.Name, &c.Email, &c.Organisation)
		return c, err
	})
}

// DeleteContacts deletes every set of contact details with this email
// address (compared without regard to case) and says how many went. With
// a key it also deletes the held rows that key opens to that address;
// without one, held rows are left for after their release.
func (db *DB) DeleteContacts(ctx context.Context, email string, key *ContactKey) (int64, error) {
	email = strings.TrimSpace(email)
	var n int64
	err := db.secureTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`DELETE FROM contacts WHERE lower(email) = lower(?)`), email)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if key == nil {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, sealed FROM held_contacts`)
		if err != nil {
			return err
		}
		var ids []string
		for rows.Next() {
			var id string
			var sealed []byte
			if err := rows.Scan(&id, &sealed); err != nil {
				rows.Close()
				return err
			}
			if c, err := key.open(sealed); err == nil && c != nil && strings.EqualFold(c.Email, email) {
				ids = append(ids, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM held_contacts WHERE id = ?`), id); err != nil {
				return err
			}
		}
		n += int64(len(ids))
		if len(ids) > 0 && !db.pg {
			return rebuildHeld(ctx, tx)
		}
		return nil
	})
	return n, err
}
