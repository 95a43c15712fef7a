package store_test

import (
	"context"
	"testing"

	"staffnet/internal/freetext"
	"staffnet/internal/store"
)

// TestTextCoding: a codebook is replaced whole; a coder's second coding
// of a comment replaces the first; an empty coding is kept as "read";
// quotes are replaced, not duplicated.
func TestTextCoding(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seed := freetext.Seed("bme-network-mapping-2016")
		if err := db.ReplaceCodebook(ctx, "s", seed); err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceCodebook(ctx, "s", seed[:3]); err != nil {
			t.Fatal(err)
		}
		got, err := db.Codebook(ctx, "s")
		if err != nil || len(got) != 3 || got[1] != seed[1] {
			t.Fatalf("codebook: %v %+v", err, got)
		}
		for _, c := range []freetext.Coding{
			{ResponseID: "b", Question: "q", Coder: 7, Themes: []string{"voice"}},
			{ResponseID: "b", Question: "q", Coder: 7, Themes: []string{"voice", "talent"}},
			{ResponseID: "a", Question: "q", Coder: 9},
			{ResponseID: "a", Question: "other", Coder: 9, Themes: []string{"x"}},
		} {
			if err := db.SaveCoding(ctx, "s", c); err != nil {
				t.Fatal(err)
			}
		}
		cs, err := db.Codings(ctx, "s", "q")
		if err != nil || len(cs) != 2 || cs[0].ResponseID != "a" || len(cs[0].Themes) != 0 || len(cs[1].Themes) != 2 {
			t.Fatalf("codings: %v %+v", err, cs)
		}
		if all, _ := db.Codings(ctx, "s", ""); len(all) != 3 {
			t.Errorf("every question: %+v", all)
		}
		for _, text := range []string{"first", "second"} {
			if err := db.ApproveQuote(ctx, "s", store.Quote{Question: "q", ResponseID: "a", Text: text, ApprovedBy: 9}); err != nil {
				t.Fatal(err)
			}
		}
		qs, err := db.Quotes(ctx, "s", "q")
		if err != nil || len(qs) != 1 || qs[0].Text != "second" || qs[0].ApprovedOn == "" {
			t.Errorf("quotes: %v %+v", err, qs)
		}
	})
}
