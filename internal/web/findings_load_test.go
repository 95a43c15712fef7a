package web

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	"staffnet/internal/demo"
	"staffnet/internal/report"
	"staffnet/internal/responses"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/survey"
)

// The person whose request starts loading a dataset closes the tab while
// it loads: their request ends, the load does not, and the next request
// gets the data from that same load.
func TestDatasetLoadOutlivesFirstRequest(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.SQLite(t)
	if err := db.LoadBuiltins(ctx); err != nil {
		t.Fatal(err)
	}
	sv := SeedResponses(t, db, survey.MappingSlug, 30, 1)
	s, err := New(Config{DB: db})
	if err != nil {
		t.Fatal(err)
	}

	started, release := make(chan struct{}), make(chan struct{})
	loads := 0
	s.cache.load = func(ctx context.Context, db *store.DB, sv *store.Survey, texts bool, keep func(*survey.Response) bool) (*report.Dataset, error) {
		loads++
		close(started)
		<-release
		return responses.Dataset(ctx, db, sv, texts, keep) // fails if ctx was the first request's
	}

	first, cancel := context.WithCancel(ctx)
	firstErr := make(chan error, 1)
	go func() {
		_, err := s.dataset(httptest.NewRequestWithContext(first, "GET", "/", nil), sv, false)
		firstErr <- err
	}()
	<-started
	cancel()
	if err := <-firstErr; !errors.Is(err, context.Canceled) {
		t.Fatalf("first request: err = %v, want it to stop waiting when cancelled", err)
	}

	second := make(chan error, 1)
	var ds *report.Dataset
	go func() {
		var err error
		ds, err = s.dataset(httptest.NewRequest("GET", "/", nil), sv, false)
		second <- err
	}()
	close(release)
	if err := <-second; err != nil {
		t.Fatalf("second request: %v", err)
	}
	if ds == nil || ds.Len() != 30 || loads != 1 {
		t.Fatalf("second request: dataset %v, %d loads; want the first request's load of 30 responses", ds, loads)
	}
}

// SeedResponses imports n made-up responses (demo.Generate with seed) to
// the survey slug and returns the survey. The handler tests outside the
// package seed through it too.
func SeedResponses(t testing.TB, db *store.DB, slug string, n int, seed int64) *store.Survey {
	t.Helper()
	return SeedResponsesWith(t, db, slug, n, seed, nil)
}

// SeedResponsesWith is SeedResponses with edit, when not nil, changing
// each generated response (row 2 is the first) before it is stored.
func SeedResponsesWith(t testing.TB, db *store.DB, slug string, n int, seed int64, edit func(sv *store.Survey, row int, r *survey.Response)) *store.Survey {
	t.Helper()
	ctx := context.Background()
	sv, err := db.Survey(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	im, err := db.BeginImport(ctx, sv)
	if err != nil {
		t.Fatal(err)
	}
	row := 1
	if err := demo.Generate(sv.Def, n, seed, func(r *survey.Response) error {
		row++
		if edit != nil {
			edit(sv, row, r)
		}
		return im.Add(ctx, row, r)
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return sv
}
