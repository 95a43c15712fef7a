package store_test

import (
	"context"
	"testing"
	"time"

	"staffnet/internal/members"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

// BenchmarkQueueMessage queues a newsletter to 10,000 members: 10,000
// outbox rows and unsubscribe tokens in one transaction.
//
//	go test ./internal/store/ -run '^$' -bench QueueMessage -benchtime 3x
func BenchmarkQueueMessage(b *testing.B) {
	storetest.EachBench(b, func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		id := memberNetwork(b, db)
		if err := db.AddDemoMembers(ctx, id, members.Demo(1, id, 10000, time.Now()), members.Settings{}, nil, time.Now()); err != nil {
			b.Fatal(err)
		}
		msg := members.DemoNewsletter("REN")
		for b.Loop() {
			if _, err := db.QueueMessage(ctx, id, &msg, "lead@example.nhs.uk", time.Now(), func(m *members.Member, tok string) *store.Mail {
				return &store.Mail{To: m.Email, Subject: msg.Subject, Text: msg.Body, Unsubscribe: "https://x/unsubscribe/" + tok}
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
