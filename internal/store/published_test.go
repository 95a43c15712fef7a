package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"staffnet/internal/store"
)

// TestPublishAudited: the check sees every earlier publication of the
// survey, withdrawn ones included; a refusal stores nothing; and two
// publications at once are serialised, so the second check sees the
// first.
func TestPublishAudited(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := store.Published{SurveySlug: "s", Title: "one", Report: []byte(`{}`)}
		first, err := db.PublishAudited(ctx, p, func(earlier []store.Published) error {
			if len(earlier) != 0 {
				t.Errorf("first publication sees %d earlier", len(earlier))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Publish(ctx, store.Published{SurveySlug: "other", Title: "x", Report: []byte(`{}`)}); err != nil {
			t.Fatal(err)
		}
		if err := db.Unpublish(ctx, first); err != nil {
			t.Fatal(err)
		}
		if err := db.Unpublish(ctx, first); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("withdrawn twice: %v", err)
		}
		if _, err := db.PublishedReport(ctx, first); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("withdrawn view readable: %v", err)
		}
		if list, _ := db.PublishedReports(ctx); len(list) != 1 {
			t.Errorf("%d live views, want 1", len(list))
		}
		no := errors.New("no")
		_, err = db.PublishAudited(ctx, store.Published{SurveySlug: "s", Title: "two", Report: []byte(`{}`)}, func(earlier []store.Published) error {
			if len(earlier) != 1 || earlier[0].ID != first || earlier[0].WithdrawnOn == "" || string(earlier[0].Report) != `{}` {
				t.Errorf("earlier: %+v", earlier)
			}
			return no
		})
		if err != no {
			t.Fatalf("refusal: %v", err)
		}
		if list, _ := db.PublishedReports(ctx); len(list) != 1 {
			t.Errorf("a refused view was stored")
		}

		// Two at once: the first holds its check open until the second
		// has started.
		inCheck, release := make(chan struct{}), make(chan struct{})
		var wg sync.WaitGroup
		var seen int
		wg.Go(func() {
			_, err := db.PublishAudited(ctx, store.Published{SurveySlug: "s", Title: "a", Report: []byte(`{}`)}, func([]store.Published) error {
				close(inCheck)
				<-release
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
		<-inCheck
		wg.Go(func() {
			_, err := db.PublishAudited(ctx, store.Published{SurveySlug: "s", Title: "b", Report: []byte(`{}`)}, func(earlier []store.Published) error {
				seen = len(earlier)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		})
		time.Sleep(50 * time.Millisecond) // let the second reach its lock; the assertion holds whatever the timing
		close(release)
		wg.Wait()
		if seen != 2 {
			t.Errorf("the second of two simultaneous publications saw %d earlier, want 2 (the withdrawn one and the first)", seen)
		}
	})
}

// TestPublishedCommentary: the publisher's commentary is kept with the
// view, exactly as typed, and read back with it.
func TestPublishedCommentary(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const words = "More than half say *yes*.\n\n- Small groups are hidden.\n<script>kept as typed</script>"
		id, err := db.Publish(ctx, store.Published{SurveySlug: "s", Title: "t", Commentary: words, Report: []byte(`{}`)})
		if err != nil {
			t.Fatal(err)
		}
		p, err := db.PublishedReport(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if p.Commentary != words {
			t.Errorf("commentary %q, want %q", p.Commentary, words)
		}
		all, err := db.Publications(ctx, "s")
		if err != nil || len(all) != 1 || all[0].Commentary != words {
			t.Errorf("publications: %v %+v", err, all)
		}
	})
}
