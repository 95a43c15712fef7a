package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/web"
)

func seed(t *testing.T, db *store.DB, n int, seed int64) {
	t.Helper()
	web.SeedResponses(t, db, slug, n, seed)
}

func body(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	res, b := dirGet(t, c, u)
	return res.StatusCode, b
}

// postFollow posts the form, following any redirect, and returns the
// status, the page and the path it ended on.
func postFollow(t *testing.T, c *http.Client, u string, v url.Values) (int, string, string) {
	t.Helper()
	res, err := c.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Request.URL.Path
}

func TestFindingsDashboardAndPublishing(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		seed(t, db, 400, 3)
		an, _ := signIn(t, a, auth.Analyst)
		ad, adCSRF := signIn(t, a, auth.Admin)
		base := a.srv.URL + "/admin/surveys/" + slug

		code, page := body(t, an, base+"/findings?f.has_bme_network=yes&by=occupation")
		if code != 200 || strings.Count(page, "<svg") < 5 || !strings.Contains(page, "Does your organisation have a BME staff network?") {
			t.Fatalf("dashboard: %d, %d charts", code, strings.Count(page, "<svg"))
		}
		if !regexp.MustCompile(`value="yes" checked`).MatchString(page) {
			t.Error("the chosen filter is not shown as ticked")
		}
		code, js := body(t, an, base+"/findings?f.has_bme_network=yes&format=json")
		var rep struct {
			Respondents *int `json:"respondents"`
			Filters     []struct {
				Question string   `json:"question"`
				Codes    []string `json:"codes"`
			} `json:"filters"`
			Questions []struct {
				ID   string `json:"id"`
				Base *int   `json:"base"`
			} `json:"questions"`
		}
		if err := json.Unmarshal([]byte(js), &rep); err != nil || code != 200 {
			t.Fatalf("json download: %d %v", code, err)
		}
		if rep.Respondents == nil || *rep.Respondents < 150 || len(rep.Filters) != 1 || rep.Filters[0].Codes[0] != "yes" {
			t.Fatalf("json: %+v", rep)
		}
		for _, q := range rep.Questions {
			if q.ID == "would_benefit" && q.Base != nil && *q.Base != 0 {
				t.Errorf("would_benefit has base %d among those with a network; routing hides it", *q.Base)
			}
		}
		if code, _ := body(t, an, base+"/findings?f.nonsense=yes"); code != http.StatusBadRequest {
			t.Errorf("bad filter: %d", code)
		}
		if code, csv := body(t, an, base+"/findings?format=csv"); code != 200 || !strings.Contains(csv, "region") {
			t.Errorf("csv download: %d", code)
		}
		if code, c := body(t, an, base+"/comments/benefits_comment?f.region=london"); code != 200 || !strings.Contains(c, "<h1>What benefits") {
			t.Errorf("comments: %d", code)
		}
		// Analysts cannot publish; admins can, and the public can read it.
		if got := status(t, an, "POST", base+"/publish", url.Values{"query": {""}}); got != http.StatusForbidden {
			t.Errorf("analyst publish: %d", got)
		}
		res, err := ad.PostForm(base+"/publish", url.Values{"_csrf": {adCSRF}, "query": {"f.occupation=clinical"}, "title": {"Clinical staff, 2016"}, "commentary": {"Most clinical staff answered."}, "confirm": {"yes"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc := res.Request.URL.Path
		if !strings.HasPrefix(loc, "/findings/") {
			t.Fatalf("publish went to %s", loc)
		}
		anon := &http.Client{}
		code, pub := body(t, anon, a.srv.URL+loc+"?format=json")
		if code != 200 {
			t.Fatalf("public view: %d", code)
		}
		seed(t, db, 200, 99) // more responses do not change a published view
		if _, again := body(t, anon, a.srv.URL+loc+"?format=json"); again != pub {
			t.Error("published view changed after new responses")
		}
		if code, html := body(t, anon, a.srv.URL+loc); code != 200 || !strings.Contains(html, "Clinical staff, 2016") || !strings.Contains(html, "<svg") {
			t.Errorf("public page: %d", code)
		}
		if code, list := body(t, anon, a.srv.URL+"/findings"); code != 200 || !strings.Contains(list, loc) {
			t.Errorf("public list: %d", code)
		}
		// The public cannot reach the dashboard.
		if got := status(t, anon, "GET", base+"/findings", nil); got != http.StatusSeeOther {
			t.Errorf("public dashboard: %d", got)
		}
	})
}

func TestPublishedViewIsSuppressed(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	seed(t, a.db, 30, 5)
	ad, csrf := signIn(t, a, auth.Admin)
	res, err := ad.PostForm(a.srv.URL+"/admin/surveys/"+slug+"/publish", url.Values{"_csrf": {csrf}, "query": {"f.region=london"}, "commentary": {"A small group."}, "confirm": {"yes"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	_, js := body(t, &http.Client{}, a.srv.URL+res.Request.URL.Path+"?format=json")
	var rep struct {
		Respondents *int `json:"respondents"`
		Suppressed  bool `json:"suppressed"`
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Respondents != nil || !rep.Suppressed {
		t.Fatalf("a group of under 11 was published: %s", js)
	}
	if regexp.MustCompile(`"count": [1-9]\b`).MatchString(js) {
		t.Fatalf("a count under 11 was published: %s", js)
	}
}

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
		hasAll(t, "check page", page, []string{"<h1>Check before you publish</h1>", "<strong>clinical</strong>", "Which staff group best describes your role? — Clinical",
			`name="confirm" value="yes"`, `value="Most **clinical** staff say yes.`}, nil)
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

// everyone is the figures for everyone of a findings download.
type everyone struct {
	Questions []struct {
		ID      string          `json:"id"`
		Base    *int            `json:"base"`
		Options json.RawMessage `json:"options"`
		Items   json.RawMessage `json:"items"`
	} `json:"questions"`
}

// TestBreakdownKeepsEveryone: on the dashboard and on a published page,
// a breakdown that hides cells says in words that the breakdown hid
// them, and its figures for everyone are those of the same view without
// the breakdown.
func TestBreakdownKeepsEveryone(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		seed(t, db, 400, 3)
		ad, csrf := signIn(t, a, auth.Admin)
		base := a.srv.URL + "/admin/surveys/" + slug
		figures := func(u string) everyone {
			t.Helper()
			code, js := body(t, ad, u)
			var e everyone
			if err := json.Unmarshal([]byte(js), &e); err != nil || code != http.StatusOK {
				t.Fatalf("%s: %d %v", u, code, err)
			}
			return e
		}
		const note = "hid some of them, so that a small group could not be worked out by subtraction. The figures for everyone are not affected"
		published := ""
		for _, q := range []string{"f.region=london&by=occupation", "by=occupation", "by=region"} {
			v, _ := url.ParseQuery(q)
			by := figures(base + "/findings?format=json&" + q)
			v.Del("by")
			all := figures(base + "/findings?format=json&" + v.Encode())
			if !reflect.DeepEqual(by, all) {
				t.Errorf("%s: the breakdown changed the figures for everyone", q)
			}
			code, page := body(t, ad, base+"/findings?"+q)
			if code != http.StatusOK || !strings.Contains(page, note) {
				t.Errorf("%s: dashboard %d without the note on the breakdown's hiding", q, code)
			}
			if published != "" {
				continue
			}
			code, _, loc := postFollow(t, ad, base+"/publish", url.Values{"_csrf": {csrf}, "query": {q}, "title": {"By group"},
				"commentary": {"Broken down."}, "confirm": {"yes"}})
			if code == http.StatusOK && strings.HasPrefix(loc, "/findings/") {
				published = loc
			}
		}
		if published == "" {
			t.Fatal("no breakdown could be published")
		}
		if code, page := body(t, &http.Client{}, a.srv.URL+published); code != http.StatusOK || !strings.Contains(page, note) {
			t.Errorf("published breakdown %s: %d without the note", published, code)
		}
	})
}
