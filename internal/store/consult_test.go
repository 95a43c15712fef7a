package store_test

import (
	"context"
	"errors"
	"testing"

	"staffnet/internal/consult"
	"staffnet/internal/store"
)

func TestConsultationsAndPanels(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a, b := twoNets(t, db)
		c := &consult.Consultation{NetworkID: a.ID, Title: "Flexible working", Owner: "Director of People", Kind: "policy", Received: isoDay("2025-05-02"), Stage: "before", Outcome: "pending"}
		if err := db.SaveConsultation(ctx, c); err != nil || c.ID == 0 {
			t.Fatal(err)
		}
		c.Outcome, c.OutcomeLearnt = "partly", isoDay("2025-06-01")
		if err := db.SaveConsultation(ctx, c); err != nil {
			t.Fatal(err)
		}
		moved := *c
		moved.NetworkID = b.ID
		if err := db.SaveConsultation(ctx, &moved); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("change through another network: %v", err)
		}
		if err := db.DeleteConsultation(ctx, b.ID, c.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("delete through another network: %v", err)
		}
		got, err := db.Consultations(ctx, a.ID)
		if err != nil || len(got) != 1 || got[0].Outcome != "partly" || !got[0].OutcomeLearnt.Equal(isoDay("2025-06-01")) {
			t.Fatalf("%+v %v", got, err)
		}
		for _, p := range []consult.Panel{{NetworkID: a.ID, Month: isoDay("2025-05-01"), Type: "interview", Count: 4}, {NetworkID: a.ID, Month: isoDay("2025-05-01"), Type: "interview", Count: 6},
			{NetworkID: a.ID, Month: isoDay("2025-06-01"), Type: "grievance", Count: 1}, {NetworkID: a.ID, Month: isoDay("2025-06-01"), Type: "grievance", Count: 0}} {
			if err := db.SetPanels(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if ps, err := db.Panels(ctx, a.ID); err != nil || len(ps) != 1 || ps[0].Count != 6 {
			t.Errorf("panels %+v %v", ps, err)
		}
		if ps, _ := db.Panels(ctx, b.ID); len(ps) != 0 {
			t.Error("another network's panels")
		}
	})
}
