package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"staffnet/internal/members"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// demoMembers gives every open demo network invented members (from 4 to
// 60, so that some counts show as "fewer than 11") and one newsletter
// already sent to them, so the members and messages pages are not empty.
// It returns how many members it added.
func demoMembers(ctx context.Context, db *store.DB, seed int64, demo []network.DemoNetwork) (int, error) {
	now := time.Now()
	rng := rand.New(rand.NewPCG(uint64(seed), 11))
	total := 0
	for i := range demo {
		n := &demo[i].Network
		if n.Status == network.StatusClosed {
			continue
		}
		list := members.Demo(seed, n.ID, 4+rng.IntN(57), now)
		msg := members.DemoNewsletter(n.Name)
		if err := db.AddDemoMembers(ctx, n.ID, list, members.Settings{Accepts: true, ConsentText: members.DefaultConsent}, &msg, now); err != nil {
			return total, fmt.Errorf("members of network %d: %w", n.ID, err)
		}
		total += len(list)
	}
	return total, nil
}
