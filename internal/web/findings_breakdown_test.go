package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/store"
)

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
