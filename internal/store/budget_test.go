package store_test

import (
	"context"
	"errors"
	"testing"

	"staffnet/internal/budget"
	"staffnet/internal/store"
)

func TestBudgetLines(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, b := twoNets(t, db)
		lines := []budget.Line{
			{NetworkID: a.ID, Kind: budget.Allocation, Date: isoDay("2025-04-01"), Category: "organisation", Amount: 200000},
			{NetworkID: a.ID, Kind: budget.Spend, Date: isoDay("2026-03-31"), Category: "events", Amount: 12999, What: "BHM"},
			{NetworkID: a.ID, Kind: budget.Spend, Date: isoDay("2026-04-01"), Category: "travel", Amount: 500, What: "next year"},
			{NetworkID: b.ID, Kind: budget.Spend, Date: isoDay("2025-05-01"), Category: "travel", Amount: 700, What: "b's"},
		}
		for i := range lines {
			if err := db.AddBudgetLine(ctx, &lines[i]); err != nil || lines[i].ID == 0 {
				t.Fatal(err)
			}
		}
		got, err := db.BudgetLines(ctx, a.ID, 2025)
		if err != nil || len(got) != 2 || got[1].What != "BHM" || got[1].Amount != 12999 || !got[1].Date.Equal(isoDay("2026-03-31")) {
			t.Fatalf("2025/26 lines %+v %v", got, err)
		}
		if s := budget.Summarise(2025, got); s.Balance != 187001 {
			t.Errorf("balance %d", s.Balance)
		}
		if err := db.DeleteBudgetLine(ctx, a.ID, lines[3].ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("delete another network's line: %v", err)
		}
		if err := db.DeleteBudgetLine(ctx, a.ID, lines[1].ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.BudgetLines(ctx, a.ID, 2025); len(got) != 1 {
			t.Errorf("after delete %+v", got)
		}
	})
}
