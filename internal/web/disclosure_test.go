package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/store"
	"staffnet/internal/web"
)

// With 1,700 demo responses (seed 1), 6 people work in the East of
// England: the group the differencing attack goes after.
const (
	attackN    = 1700
	allRegions = "f.region=east_of_england&f.region=london&f.region=east_midlands&f.region=west_midlands&f.region=north_east&f.region=north_west&f.region=south_east&f.region=south_west&f.region=yorkshire_humber"
	allButEast = "f.region=london&f.region=east_midlands&f.region=west_midlands&f.region=north_east&f.region=north_west&f.region=south_east&f.region=south_west&f.region=yorkshire_humber"
)

type figures struct {
	Respondents *int `json:"respondents"`
	Questions   []struct {
		ID      string `json:"id"`
		Options []struct {
			Code  string `json:"code"`
			Count *int   `json:"count"`
		} `json:"options"`
	} `json:"questions"`
}

func decode(t *testing.T, js string) figures {
	t.Helper()
	var f figures
	if err := json.Unmarshal([]byte(js), &f); err != nil {
		t.Fatalf("%v: %.200s", err, js)
	}
	return f
}

func (f figures) counts(id string) map[string]int {
	out := map[string]int{}
	for _, q := range f.Questions {
		if q.ID == id {
			for _, o := range q.Options {
				if o.Count != nil {
					out[o.Code] = *o.Count
				}
			}
		}
	}
	return out
}

// publish posts the publish form and returns the status, the page and
// where it led.
func publish(t *testing.T, c *http.Client, csrf, base, query, title string) (int, string, string) {
	t.Helper()
	return postFollow(t, c, base+"/publish", url.Values{"_csrf": {csrf}, "query": {query}, "title": {title}, "commentary": {"Checked by the test."}, "confirm": {"yes"}})
}

// attackSetup is the set-up of the publishing attacks: the app with
// attackN seeded responses, an analyst and an admin signed in (with the
// admin's CSRF token), and the survey's address under /admin.
func attackSetup(t *testing.T, db *store.DB) (a *app, an, ad *http.Client, csrf, base string) {
	t.Helper()
	a = newApp(t, db)
	seed(t, db, attackN, 1)
	an, _ = signIn(t, a, auth.Analyst)
	ad, csrf = signIn(t, a, auth.Admin)
	return a, an, ad, csrf, a.srv.URL + "/admin/surveys/" + slug
}

// TestPublishedDifferencingAttack mounts the two-view attack on views
// published through the web and downloaded by the public as JSON.
func TestPublishedDifferencingAttack(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a, an, ad, csrf, base := attackSetup(t, db)
		anon := &http.Client{}

		// The analysts' dashboard is trusted: it shows either view, and
		// the group the attack is after.
		_, js := body(t, an, base+"/findings?f.region=east_of_england&raw=1&format=json")
		east := decode(t, js)
		if east.Respondents == nil || *east.Respondents != 6 {
			t.Fatalf("fixture: %v people in the East of England, want 6", east.Respondents)
		}
		// The dashboard warns an admin before they try to publish.
		if _, page := body(t, ad, base+"/findings?"+allRegions); !strings.Contains(page, "This view cannot be published as it is.") {
			t.Error("no warning on the dashboard for a view that cannot be published")
		}
		if _, page := body(t, ad, base+"/findings?"+allButEast); strings.Contains(page, "cannot be published") {
			t.Error("a warning on the dashboard for a view that can be published")
		}
		code, js := body(t, an, base+"/findings?"+allRegions+"&format=json")
		if code != 200 {
			t.Fatalf("dashboard, all regions: %d", code)
		}
		all := decode(t, js)

		// First view: published, and the public can download it.
		code, _, loc := publish(t, ad, csrf, base, allButEast, "Findings: all regions but the East of England")
		if code != 200 || !strings.HasPrefix(loc, "/findings/") {
			t.Fatalf("first publication: %d at %s", code, loc)
		}
		code, js = body(t, anon, a.srv.URL+loc+"?format=json")
		if code != 200 {
			t.Fatalf("public JSON: %d", code)
		}
		rest := decode(t, js)
		// Had the second view been published, subtraction would give the
		// six people's answers (this is what the refusal prevents).
		leak := 0
		for code, n := range all.counts("occupation") {
			if n-rest.counts("occupation")[code] == east.counts("occupation")[code] {
				leak++
			}
		}
		if leak != 3 {
			t.Fatalf("fixture: the attack would recover %d of 3 occupation counts", leak)
		}

		// Second view: refused, on the findings page, in the NHS error
		// summary, with the title kept and nothing published.
		code, page, _ := publish(t, ad, csrf, base, allRegions, "Findings: all regions")
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("second publication: %d", code)
		}
		hasAll(t, "refusal page", page, []string{"nhsuk-error-summary", "There is a problem", `href="#title"`, "East of England", "fewer than 11", `value="Findings: all regions"`, "nhsuk-error-message"}, nil)
		_, list := body(t, anon, a.srv.URL+"/findings")
		if strings.Count(list, `href="/findings/`) != 1 {
			t.Errorf("public list after the refusal: %d views", strings.Count(list, `href="/findings/`))
		}

		// Everyone differs from the first view by more than 10 people (the
		// East and those who gave no region), but subtraction would give
		// counts of 1 to 10 among them: each such count is a small group.
		code, page, _ = publish(t, ad, csrf, base, "", "Findings: everyone")
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "this view would show a group of fewer than 11 people") {
			t.Fatalf("everyone beside all but the East: %d", code)
		}

		// Five more responses: a view now could be set against the live
		// ones to give the newcomers' answers.
		seed(t, db, 5, 77)
		code, page, _ = publish(t, ad, csrf, base, "", "Findings: everyone, again")
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "Responses have arrived since") {
			t.Errorf("publication over five newcomers: %d", code)
		}

		// Withdrawing a view does not make room: copies may survive.
		id := strings.TrimPrefix(loc, "/findings/")
		if got := status(t, ad, "POST", a.srv.URL+"/findings/"+id+"/unpublish", url.Values{"_csrf": {csrf}}); got != http.StatusOK && got != http.StatusSeeOther {
			t.Fatalf("unpublish: %d", got)
		}
		if got := status(t, anon, "GET", a.srv.URL+loc, nil); got != http.StatusNotFound {
			t.Errorf("withdrawn view: %d", got)
		}
		if code, _, _ := publish(t, ad, csrf, base, "", "Findings: everyone, third"); code != http.StatusUnprocessableEntity {
			t.Errorf("publication after withdrawing: %d", code)
		}
	})
}

// TestCommentsDifferencing: comment lists follow the same rules, and a
// bad filter is the reader's mistake (400), not the server's.
func TestCommentsDifferencing(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a, logs := newAppLogs(t, db)
		seed(t, db, attackN, 1)
		an, _ := signIn(t, a, auth.Analyst)
		base := a.srv.URL + "/admin/surveys/" + slug + "/comments/benefits_comment?"
		code, page := body(t, an, base+allRegions)
		if code != 200 || !strings.Contains(page, "East of England") || strings.Contains(page, " comments.</p>") {
			t.Errorf("comments for all regions: %d, shown: %v", code, strings.Contains(page, " comments.</p>"))
		}
		if code, page := body(t, an, base+allButEast); code != 200 || !strings.Contains(page, " comments.</p>") {
			t.Errorf("comments for all but the East: %d", code)
		}
		before := len(logs.text())
		if code, _ := body(t, an, base+"f.region=atlantis"); code != http.StatusBadRequest {
			t.Errorf("unknown filter value: %d", code)
		}
		// The request log line is written after the response; a second
		// request on the same kept-alive connection is read only after it.
		body(t, an, a.srv.URL+"/healthz")
		if l := logs.text()[before:]; strings.Contains(l, "level=ERROR") {
			t.Errorf("unknown filter value logged as an error: %s", l)
		}
	})
}

// newAppLogs is newApp with its log readable while the server runs.
func newAppLogs(t *testing.T, db *store.DB) (*app, *syncBuffer) {
	t.Helper()
	return newAppConfig(t, db, web.Config{})
}

func (b *syncBuffer) text() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.String()
}

// TestMadeUpResponsesWarned mounts the first step of the made-up
// responses attack through the survey form: 33 answers from the "East
// of England" lift its 6 real people over the threshold. Anonymous
// answers cannot be told from real ones, so the audit would let a view
// of the East through; the dashboard warns the administrator instead.
func TestMadeUpResponsesWarned(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		seed(t, db, attackN, 1) // spread over 30 days of 2016
		ad, _ := signIn(t, a, auth.Admin)
		base := a.srv.URL + "/admin/surveys/" + slug + "/findings?"
		const warning = "Most of this group&#39;s answers arrived on one day"
		if _, page := body(t, ad, base+"f.region=london"); strings.Contains(page, "arrived on one day") {
			t.Fatal("a warning before the attack")
		}
		occupations := []string{"administrative", "clinical", "other_support"}
		for i := range 33 {
			answers := map[string]url.Values{
				"about_you": {"region": {"east_of_england"}, "occupation": {occupations[i%3]}},
				"networks":  {"has_bme_network": {"dont_know"}, "other_networks": {"none"}},
			}
			f, _ := a.walk(answers, []string{"about_you", "networks", "without_network", "working_together", "comments"})
			f.Set("_action", "submit")
			if res, _ := a.post("/s/"+slug, f); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("made-up response %d: %d", i, res.StatusCode)
			}
		}
		_, page := body(t, ad, base+"f.region=east_of_england")
		if !strings.Contains(page, warning) || !strings.Contains(page, "nhsuk-warning-callout") {
			t.Errorf("no warning for the East of England (39 people, 33 today)")
		}
		// By region, the East's column is named.
		if _, page := body(t, ad, base+"by=region"); !strings.Contains(page, "the group “East of England”&#39;s answers arrived on one day") {
			t.Errorf("no warning naming the East of England's column")
		}
		if _, page := body(t, ad, base+"f.region=london"); strings.Contains(page, "arrived on one day") {
			t.Error("a warning for London, which got no made-up answers")
		}
	})
}

// TestPublishedDerivedGroupAttack: everyone is published; the seven
// larger regions would differ from it by more than 10 people, but
// subtracting would give counts of 1 to 10 among those people, so the
// second view is refused.
func TestPublishedDerivedGroupAttack(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a, an, ad, csrf, base := attackSetup(t, db)
		const seven = "f.region=east_midlands&f.region=west_midlands&f.region=north_east&f.region=north_west&f.region=south_east&f.region=south_west&f.region=yorkshire_humber"

		code, _, loc := publish(t, ad, csrf, base, "", "Findings: everyone")
		if code != 200 || !strings.HasPrefix(loc, "/findings/") {
			t.Fatalf("everyone: %d at %s", code, loc)
		}
		// Had the seven regions been published, subtraction would give a
		// count of 1 to 10 among the people outside them.
		_, js := body(t, &http.Client{}, a.srv.URL+loc+"?format=json")
		all := decode(t, js)
		_, js = body(t, an, base+"/findings?"+seven+"&format=json")
		part := decode(t, js)
		small := 0
		for _, q := range all.Questions {
			for code, n := range all.counts(q.ID) {
				if m, ok := part.counts(q.ID)[code]; ok && n-m > 0 && n-m < 11 {
					small++
				}
			}
		}
		if small == 0 {
			t.Fatal("fixture: no small count outside the seven regions")
		}
		code, page, _ := publish(t, ad, csrf, base, seven, "Findings: seven regions")
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "Together with “Findings: everyone” (published ") || !strings.Contains(page, "this view would show a group of fewer than 11 people") {
			t.Fatalf("seven regions beside everyone: %d", code)
		}
		if _, list := body(t, &http.Client{}, a.srv.URL+"/findings"); strings.Count(list, `href="/findings/`) != 1 {
			t.Errorf("public list after the refusal: %d views", strings.Count(list, `href="/findings/`))
		}
	})
}
