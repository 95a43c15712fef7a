package web

import (
	"context"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"staffnet/internal/store"
)

const (
	// contactSpillEvery is how long contact details wait in memory before
	// they are written, sealed. A spill happens on every tick whether or
	// not anyone left details, so its time says nothing about a person.
	// A server that crashes loses the details of the last tick.
	contactSpillEvery = 10 * time.Minute
	// contactMinBatch: after a day ends, fewer contacts than this wait
	// for a later day (up to contactMaxHoldDays), so that a batch is
	// never a single person on a quiet day.
	contactMinBatch    = 5
	contactMaxHoldDays = 7
	// maxHeldContacts bounds the contacts held in memory between spills.
	maxHeldContacts = 1000
)

// Run does the server's timed work until ctx ends: it spills held contact
// details every contactSpillEvery, releases them once their day is over,
// and logs each day's count of survey requests. Call it once per server,
// and cancel ctx only after the HTTP server has stopped taking requests:
// it then spills what is still held.
//
// With a key of its own (no Config.ContactKey), which dies with the
// process, a server releases only whole days it ran through, in batches
// as on its timer; what it cannot release when it stops is lost. Releasing
// early, in whatever batch it held, would let an operator who restarts
// the server after each response pair contacts with answers.
func (s *Server) Run(ctx context.Context) {
	if s.contacts.Key().Ephemeral() {
		s.log.Warn("no contact key is set (STAFFNET_CONTACT_KEY): contact details left on the day this server starts, " +
			"and those not yet released when it stops or crashes, are lost; " +
			"give every server the same key, made by \"staffnet contacts key\"")
	}
	t := time.NewTicker(contactSpillEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			s.stopContacts()
			return
		case now := <-t.C:
			if err := s.FlushContacts(ctx, now); err != nil {
				s.log.Error("contact details", "err", err)
			}
		}
	}
}

// FlushContacts spills the contact details held in memory and releases
// those held before now's day, as Run does on its timer.
func (s *Server) FlushContacts(ctx context.Context, now time.Time) error {
	if err := s.contacts.Spill(ctx); err != nil {
		return err
	}
	day := now.UTC().Format(time.DateOnly)
	s.quiet.flush(s.log, day)
	out, err := s.db.ReleaseContacts(ctx, s.contacts.Key(), s.release(day, false))
	if err != nil {
		return err
	}
	if len(out) > 0 {
		s.log.Info("contact details released", "count", len(out))
	}
	return nil
}

// release says what a release before day moves: whole days only, in a
// batch of at least contactMinBatch, and with a key of this process's own
// only the days it ran through from their start.
func (s *Server) release(day string, final bool) store.Release {
	r := store.Release{Before: day, MinBatch: contactMinBatch, MaxHoldDays: contactMaxHoldDays}
	if s.contacts.Key().Ephemeral() {
		r.Since = s.started.UTC().AddDate(0, 0, 1).Format(time.DateOnly)
		r.Final = final
	}
	return r
}

// stopContacts runs when the server stops. With a shared key it spills
// what is held, for another server's release. With a key of its own it
// releases exactly what its timer would release now and deletes the rest:
// nobody could open it later. Its log lines carry no count: a count of one
// at a stop the operator chose is itself the link.
func (s *Server) stopContacts() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if !s.contacts.Key().Ephemeral() {
		if err := s.contacts.Spill(ctx); err != nil {
			s.log.Error("contact details held in memory were not saved", "err", err)
		}
		return
	}
	s.contacts.Discard()
	if _, err := s.db.ReleaseContacts(ctx, s.contacts.Key(), s.release(time.Now().UTC().Format(time.DateOnly), true)); err != nil {
		s.log.Error("contact details not released", "err", err)
		return
	}
	s.log.Warn("contact details this server held and could not release yet are lost: it has no STAFFNET_CONTACT_KEY")
}

// surveyRoute reports whether a route is one a respondent uses.
func surveyRoute(pattern string) bool { return strings.Contains(pattern, " /s/") }

// contactRoute reports whether pattern is a route of the contact form,
// which metrics leave out: a scraped counter would time each contact to
// within seconds, as a log line would, and pair it with the submission
// just before it.
func contactRoute(pattern string) bool {
	return surveyRoute(pattern) && strings.Contains(pattern, "/contact")
}

// quietLog counts requests to the survey's routes by route and status, a
// day at a time.
type quietLog struct {
	mu    sync.Mutex
	day   string
	end   time.Time // when day ends
	n     map[quietKey]int
	ready []quietDay // days over, not yet logged
}

type quietKey struct {
	route  string
	status int
}

type quietDay struct {
	day string
	n   map[quietKey]int
}

// count adds one request. It allocates nothing except on a day's first
// request: it runs on every survey page.
func (q *quietLog) count(route string, status int) {
	now := time.Now()
	q.mu.Lock()
	defer q.mu.Unlock()
	if !now.Before(q.end) {
		if q.n != nil {
			q.ready = append(q.ready, quietDay{q.day, q.n})
		}
		d := now.UTC()
		q.day = d.Format(time.DateOnly)
		q.end = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, time.UTC)
		q.n = map[quietKey]int{}
	}
	q.n[quietKey{route, status}]++
}

// flush logs the counts of the days before today.
func (q *quietLog) flush(log *slog.Logger, today string) {
	q.mu.Lock()
	ready := q.ready
	q.ready = nil
	if q.n != nil && q.day < today {
		ready = append(ready, quietDay{q.day, q.n})
		q.day, q.end, q.n = "", time.Time{}, nil
	}
	q.mu.Unlock()
	for _, d := range ready {
		keys := make([]string, 0, len(d.n))
		counts := map[string]int{}
		for k, n := range d.n {
			name := k.route + " " + strconv.Itoa(k.status)
			keys = append(keys, name)
			counts[name] = n
		}
		sort.Strings(keys)
		attrs := []slog.Attr{slog.String("day", d.day)}
		for _, k := range keys {
			attrs = append(attrs, slog.Int(k, counts[k]))
		}
		log.LogAttrs(context.Background(), slog.LevelInfo, "survey requests", attrs...)
	}
}
