package store_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/survey"
	"staffnet/internal/wres"
	"staffnet/internal/wres/synth"
)

// Every test of this package runs in parallel with the others (each, or
// t.Parallel): each opens databases of its own (storetest), nothing else
// is shared, and a PostgreSQL test spends most of its time waiting on the
// server (migrating its fresh schema, committing), time in which another
// test can run.

// each runs fn on both engines (storetest.Each), in parallel with the
// package's other tests.
func each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Parallel()
	storetest.Each(t, fn)
}

func mapping(t *testing.T, db *store.DB) *store.Survey {
	t.Helper()
	ctx := context.Background()
	if err := db.LoadBuiltins(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := db.Survey(ctx, survey.MappingSlug)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSurveyVersions(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := mapping(t, db)
		if s.Version != 1 || !s.Open {
			t.Fatalf("got version %d open %v, want 1 open", s.Version, s.Open)
		}
		// Loading the same definition again changes nothing.
		if _, changed, err := db.LoadSurvey(ctx, s.Def); err != nil || changed {
			t.Fatalf("reload: changed=%v err=%v", changed, err)
		}
		// A changed definition with no responses replaces version 1.
		var edited = *s.Def
		edited.Title = "Edited title"
		def2, err := survey.Parse(edited.JSON())
		if err != nil {
			t.Fatal(err)
		}
		s2, changed, err := db.LoadSurvey(ctx, def2)
		if err != nil || !changed || s2.Version != 1 || s2.Title != "Edited title" {
			t.Fatalf("edit without responses: %+v changed=%v err=%v", s2, changed, err)
		}
		// Once it has a response, a change makes version 2.
		if err := db.SubmitResponse(ctx, s2, "tok", s2.Def.NewResponse()); err != nil {
			t.Fatal(err)
		}
		edited.Title = "Third title"
		def3, _ := survey.Parse(edited.JSON())
		s3, changed, err := db.LoadSurvey(ctx, def3)
		if err != nil || !changed || s3.Version != 2 {
			t.Fatalf("edit with responses: %+v changed=%v err=%v", s3, changed, err)
		}
		old, _ := db.CountResponses(ctx, s2.ID)
		if old != 1 {
			t.Fatalf("version 1 has %d responses, want 1", old)
		}
		if err := db.SetSurveyOpen(ctx, s3.Slug, false); err != nil {
			t.Fatal(err)
		}
		list, err := db.ListSurveys(ctx)
		if err != nil || len(list) != 1 || list[0].Open || list[0].Version != 2 || list[0].Responses != 0 {
			t.Fatalf("list: %+v err=%v", list, err)
		}
	})
}

func TestSubmitOnce(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := mapping(t, db)
		r := s.Def.NewResponse()
		r.Slots[0] = 2
		r.Texts[0] = "Café, \"quoted\"\nnew line"
		if err := db.SubmitResponse(ctx, s, "same", r); err != nil {
			t.Fatal(err)
		}
		if err := db.SubmitResponse(ctx, s, "same", r); !errors.Is(err, store.ErrDuplicate) {
			t.Fatalf("second submit: %v, want ErrDuplicate", err)
		}
		var got []*survey.Response
		err := db.EachResponse(ctx, s, func(r *survey.Response) error {
			c := *r
			c.Slots = append([]uint64(nil), r.Slots...)
			c.Texts = append([]string(nil), r.Texts...)
			got = append(got, &c)
			return nil
		})
		if err != nil || len(got) != 1 {
			t.Fatalf("got %d responses, err %v", len(got), err)
		}
		if got[0].Slots[0] != 2 || got[0].Texts[0] != r.Texts[0] || len(got[0].SubmittedOn) != 10 {
			t.Fatalf("round trip: %+v", got[0])
		}
	})
}

func TestImportDuplicatesRollBack(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := mapping(t, db)
		r := s.Def.NewResponse()
		r.SubmittedOn = "2016-05-01"
		im, err := db.BeginImport(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range []string{"a", "b", "a", "c"} {
			r.ID = id
			if err := im.Add(ctx, i+2, r); err != nil {
				t.Fatal(err)
			}
		}
		dups, err := im.Duplicates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(dups) != 1 || dups[0].Row != 4 {
			t.Fatalf("dups = %v, want row 4", dups)
		}
		im.Rollback()
		if n, _ := db.CountResponses(ctx, s.ID); n != 0 {
			t.Fatalf("%d responses after rollback", n)
		}
	})
}

func TestUsersSessionsSetup(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.CreateSetupToken(ctx, "setup", 3600e9); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UseSetupToken(ctx, "wrong", "a@nhs.net", "h"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("wrong token: %v", err)
		}
		u, err := db.UseSetupToken(ctx, "setup", "a@nhs.net", "h")
		if err != nil || u.Role != auth.Admin {
			t.Fatalf("setup: %+v %v", u, err)
		}
		if _, err := db.UseSetupToken(ctx, "setup", "b@nhs.net", "h"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("reused token: %v", err)
		}
		if _, err := db.AddUser(ctx, store.User{Email: "a@nhs.net", Role: auth.Analyst, PasswordHash: "h"}); !errors.Is(err, store.ErrExists) {
			t.Fatalf("duplicate user: %v", err)
		}
		csrf, err := db.CreateSession(ctx, "sess", u.ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.SessionByToken(ctx, "sess", time.Now())
		if err != nil || got.User.Email != "a@nhs.net" || got.CSRF != csrf {
			t.Fatalf("session: %+v %v", got, err)
		}
		if err := db.SetPassword(ctx, u.ID, "h2"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, "sess", time.Now()); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("session survived password change: %v", err)
		}
	})
}

// A response id repeated three batches later, while earlier batches are
// still with the writer, is caught and nothing is stored.
func TestImportDuplicateAcrossBatches(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := mapping(t, db)
		im, err := db.BeginImport(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		const batch = 64
		im.SetBatchLen(batch)
		r := s.Def.NewResponse()
		r.SubmittedOn = "2016-05-01"
		const n = 5*batch + 7 // more than three batches, the last one short
		for i := 0; i < n; i++ {
			r.ID = fmt.Sprintf("r%07d", i)
			if i == n-1 {
				r.ID = "r0000005" // the sixth row's id again, in the last batch
			}
			if err := im.Add(ctx, i+2, r); err != nil {
				t.Fatal(err)
			}
		}
		dups, err := im.Duplicates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(dups) != 1 || dups[0].Row != n+1 || !strings.Contains(dups[0].Reason, `"r0000005" is already stored`) {
			t.Fatalf("dups = %v, want r0000005 at row %d", dups, n+1)
		}
		im.Rollback()
		if got, _ := db.CountResponses(ctx, s.ID); got != 0 {
			t.Fatalf("%d responses stored after rollback", got)
		}
	})
}

// A new SQLite file gets 8 KiB pages even though it is opened in WAL mode.
func TestNewSQLitePageSize(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "new.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	head := make([]byte, 18)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := io.ReadFull(f, head); err != nil {
		t.Fatal(err)
	}
	if size := int(head[16])<<8 | int(head[17]); size != 8192 {
		t.Errorf("page size %d, want 8192", size)
	}
}

// ReplaceWRES replaces only the organisation-years a return holds, and a
// return that fails part way (here on an organisation that does not
// exist) changes nothing: on PostgreSQL through COPY, on SQLite through
// INSERTs, both inside one transaction.
func TestReplaceWRES(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadNetOrgs(t, db)
		first := synth.Return([]string{"RAA", "RBB"}, []int{2023, 2024}, 1)
		if err := db.ReplaceWRES(ctx, first); err != nil {
			t.Fatal(err)
		}
		second := synth.Return([]string{"RAA"}, []int{2024}, 2)
		if err := db.ReplaceWRES(ctx, second); err != nil {
			t.Fatal(err)
		}
		if err := db.ReplaceWRES(ctx, synth.Return([]string{"RAA", "ZZZ"}, []int{2023}, 3)); err == nil {
			t.Fatal("a return for an unknown organisation was stored")
		}
		got, err := db.WRES(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		if got.Len() != 4 {
			t.Errorf("%d organisation-years stored, want 4", got.Len())
		}
		for _, c := range []struct {
			org  string
			year int
			want *wres.Return
		}{{"RAA", 2023, first}, {"RAA", 2024, second}, {"RBB", 2023, first}, {"RBB", 2024, first}} {
			if g, w := got.Counts(c.org, c.year), c.want.Counts(c.org, c.year); g == nil || *g != *w {
				t.Errorf("%s %d: stored counts are not the return's", c.org, c.year)
			}
		}
	})
}
