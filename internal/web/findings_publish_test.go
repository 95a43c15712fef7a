package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/store"
)

// TestPublishAsksFirst: publishing is two steps. The first shows what
// will be public (title, commentary rendered safely, the view in words)
// and stores nothing; a missing commentary is an error on its field; the
// audit's refusal shows at the first step, before anyone confirms; the
// second step publishes, and the published page carries the commentary
// and a date in words.
func TestPublishAsksFirst(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		seed(t, db, 400, 3)
		ad, csrf := signIn(t, a, auth.Admin)
		base := a.srv.URL + "/admin/surveys/" + slug
		post := func(v url.Values) (int, string, string) {
			t.Helper()
			v.Set("_csrf", csrf)
			return postFollow(t, ad, base+"/publish", v)
		}
		live := func() int {
			t.Helper()
			list, err := db.PublishedReports(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return len(list)
		}
		const words = "Most **clinical** staff say yes.\n\n<script>alert(1)</script>"
		view := url.Values{"query": {"f.occupation=clinical"}, "title": {"Clinical staff"}, "commentary": {words}}

		code, page, _ := post(url.Values{"query": view["query"], "title": view["title"]})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#commentary"`) || !strings.Contains(page, "Enter a short commentary") ||
			!strings.Contains(page, `value="Clinical staff"`) {
			t.Errorf("no commentary: %d, error shown %v", code, strings.Contains(page, "Enter a short commentary"))
		}

		code, page, _ = post(view)
		for _, want := range []string{"<h1>Check before you publish</h1>", "<strong>clinical</strong>", "Which staff group best describes your role? — Clinical",
			`name="confirm" value="yes"`, `value="Most **clinical** staff say yes.`} {
			if !strings.Contains(page, want) {
				t.Errorf("check page lacks %q", want)
			}
		}
		if code != http.StatusOK || strings.Contains(page, "<script>alert") || live() != 0 {
			t.Fatalf("check page: %d, %d published", code, live())
		}

		// Change goes back to the form with what was typed.
		change := url.Values{"_action": {"change"}}
		for k, v := range view {
			change[k] = v
		}
		if code, page, _ := post(change); code != http.StatusOK || !strings.Contains(page, "Most **clinical** staff say yes.") || !strings.Contains(page, `id="commentary"`) {
			t.Errorf("change: %d", code)
		}

		confirm := url.Values{"confirm": {"yes"}}
		for k, v := range view {
			confirm[k] = v
		}
		code, _, loc := post(confirm)
		if code != http.StatusOK || !strings.HasPrefix(loc, "/findings/") || live() != 1 {
			t.Fatalf("confirm: %d at %s, %d published", code, loc, live())
		}
		longDate := regexp.MustCompile(`Published on [1-9][0-9]? (January|February|March|April|May|June|July|August|September|October|November|December) 20[0-9]{2}\.`)
		_, pub := body(t, &http.Client{}, a.srv.URL+loc)
		if !strings.Contains(pub, "<strong>clinical</strong>") || strings.Contains(pub, "<script>alert") || !longDate.MatchString(pub) {
			t.Errorf("published page: commentary or date missing")
		}
		if _, list := body(t, &http.Client{}, a.srv.URL+"/findings"); !regexp.MustCompile(`\(published [1-9][0-9]? [A-Z][a-z]+ 20[0-9]{2}\)`).MatchString(list) {
			t.Errorf("published list does not give the date in words")
		}

		// The audit's refusal comes at the check step: after five more
		// responses, everyone set beside the live view would give the
		// newcomers' answers.
		seed(t, db, 5, 77)
		code, page, _ = post(url.Values{"query": {""}, "title": {"Everyone again"}, "commentary": {"All of it."}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "nhsuk-error-summary") || strings.Contains(page, "Check before you publish") {
			t.Errorf("check step over five newcomers: %d", code)
		}
		if live() != 1 {
			t.Errorf("%d published, want 1", live())
		}
	})
}
