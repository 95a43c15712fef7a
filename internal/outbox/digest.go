package outbox

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"staffnet/internal/members"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// QueueDigests queues this week's digest for every open network that has
// something needing attention (members.Digest) and a lead who has not
// turned the digest off: one mail per such lead, through the outbox. A
// network's week is claimed in the database (store.ClaimDigest), so
// however often this runs, and on however many servers, each lead gets one
// digest a week. baseURL starts the links. It returns how many mails it
// queued.
func QueueDigests(ctx context.Context, db *store.DB, baseURL string, now time.Time) (int, error) {
	nets, err := db.Networks(ctx, store.NetworkFilter{})
	if err != nil {
		return 0, err
	}
	base := strings.TrimRight(baseURL, "/")
	week, today := members.Week(now), network.Day(now)
	queued := 0
	for i := range nets {
		n := &nets[i]
		if n.Status == network.StatusClosed {
			continue
		}
		leads, err := db.NetworkLeads(ctx, n.ID)
		if err != nil {
			return queued, err
		}
		var to []string
		for _, l := range leads {
			if !l.DigestOff {
				to = append(to, l.Email)
			}
		}
		if len(to) == 0 {
			continue
		}
		rec, err := db.Records(ctx, n.ID)
		if err != nil {
			return queued, err
		}
		overview := fmt.Sprintf("%s/my/networks/%d", base, n.ID)
		subject, body, ok := members.Digest(&n.Network, network.Flags(&n.Network, rec, today), overview, overview+"/members/settings")
		if !ok {
			continue
		}
		mails := make([]*store.Mail, len(to))
		for j, addr := range to {
			mails[j] = &store.Mail{To: addr, Subject: subject, Text: body}
		}
		claimed, err := db.ClaimDigest(ctx, n.ID, week, now, mails)
		if err != nil {
			return queued, err
		}
		if claimed {
			queued += len(mails)
		}
	}
	return queued, nil
}

// RunDigests queues digests every hour until ctx is cancelled; the first
// run in each ISO week sends that week's. Each run also deletes sign-ups
// whose confirm link has expired (store.PurgeSignups).
func RunDigests(ctx context.Context, db *store.DB, baseURL string, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if _, err := db.PurgeSignups(ctx, time.Now()); err != nil && ctx.Err() == nil {
			log.Error("purge sign-ups", "err", err)
		}
		if n, err := QueueDigests(ctx, db, baseURL, time.Now()); err != nil && ctx.Err() == nil {
			log.Error("digests", "err", err)
		} else if n > 0 {
			log.Info("digests queued", "mails", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
