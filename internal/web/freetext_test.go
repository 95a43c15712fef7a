package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/rows"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/survey"
	"staffnet/internal/web"
)

// plantedComments go into the first responses' benefits_comment: each
// carries personal data the quote bank must never show.
var plantedComments = []string{
	"Ask priya.shah@nhs.net, she set up our network",
	"Call me on 07700 900123 about mentoring",
	"My NHS number is 943 476 5919, not that it matters",
	"Dr Adeyinka chaired the first meeting",
}

// seedComments imports n generated responses, each with a comment on
// benefits_comment ("Comment 7", or a planted one for the first few).
func seedComments(t *testing.T, db *store.DB, n int) {
	t.Helper()
	web.SeedResponsesWith(t, db, slug, n, 5, func(sv *store.Survey, row int, r *survey.Response) {
		k := sv.Def.Question("benefits_comment").Slot()
		r.Texts[k] = fmt.Sprintf("Comment %d", row)
		if row-2 < len(plantedComments) {
			r.Texts[k] = plantedComments[row-2]
		}
	})
}

var responseField = regexp.MustCompile(`name="response" value="([^"]+)"`)

// codeAll codes every comment of benefits_comment as one analyst: the
// themes for comment i (1-based) come from pick.
func codeAll(t *testing.T, c *http.Client, csrf, base string, n int, pick func(i int) []string) {
	t.Helper()
	for i := 1; i <= n; i++ {
		code, page := body(t, c, fmt.Sprintf("%s/text/benefits_comment/code?n=%d", base, i))
		m := responseField.FindStringSubmatch(page)
		if code != 200 || m == nil || !strings.Contains(page, fmt.Sprintf("%d of %d", i, n)) {
			t.Fatalf("coding page %d: %d", i, code)
		}
		v := url.Values{"_csrf": {csrf}, "response": {m[1]}, "n": {fmt.Sprint(i)}, "theme": pick(i)}
		if code, _, _ := postFollow(t, c, base+"/text/benefits_comment/code", v); code != 200 {
			t.Fatalf("saving comment %d: %d", i, code)
		}
	}
}

// TestFreeTextCoding walks the whole of it: seed the codebook, two
// analysts code the same 30 comments, agreement and disagreements, theme
// counts in the findings with suppression, the coded data as CSV, and
// the quote bank's redaction and threshold.
func TestFreeTextCoding(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a := newApp(t, db)
		const n = 30
		seedComments(t, db, n)
		one, csrf1 := signIn(t, a, auth.Analyst)
		two, csrf2 := signInCSRF(t, a.srv.URL, db, store.User{Email: "second@example.nhs.uk", Role: auth.Analyst}, "", http.StatusOK)
		base := a.srv.URL + "/admin/surveys/" + slug

		if _, page := body(t, one, base+"/text"); !strings.Contains(page, "Start from the national report") {
			t.Fatal("no offer of the report's themes")
		}
		if code, page, _ := postFollow(t, one, base+"/text", url.Values{"_csrf": {csrf1}, "seed": {"1"}}); code != 200 || !strings.Contains(page, "A safe place to speak") {
			t.Fatalf("seeded codebook: %d", code)
		}
		// A bad file is refused whole, with where and why.
		bad := "question,code,parent,name,definition\nbenefits_comment,voice,,Voice,\nbenefits_comment,x,voice,X,\nbenefits_comment,y,x,Y,\n"
		code, page, _ := postFollow(t, one, base+"/text", url.Values{"_csrf": {csrf1}, "csv": {bad}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "row 4, column parent") || !strings.Contains(page, "nhsuk-error-summary") {
			t.Errorf("bad codebook: %d", code)
		}
		// A file with more problems than are listed says how many more;
		// one with no themes is refused too.
		many := "question,code,parent,name,definition\n" + strings.Repeat("x\n", rows.MaxProblems+3)
		code, page, _ = postFollow(t, one, base+"/text", url.Values{"_csrf": {csrf1}, "csv": {many}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "… and 3 more") {
			t.Errorf("many problems: %d", code)
		}
		code, page, _ = postFollow(t, one, base+"/text", url.Values{"_csrf": {csrf1}, "csv": {"question,code,parent,name,definition\n"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "row 2, column question: the file has no themes") {
			t.Errorf("no themes: %d", code)
		}
		// A file over the request limit, or over the page's own, says so.
		big := []byte("question,code,parent,name,definition\n" + strings.Repeat("benefits_comment,voice,,Voice,"+strings.Repeat("x", 200)+"\n", 6000))
		if code, page := upload(t, one, base+"/text", csrf1, "big.csv", big); code != http.StatusRequestEntityTooLarge || !strings.Contains(page, "larger than the 1024 KiB this page takes, so nothing was saved") {
			t.Errorf("a file over the request limit: %d", code)
		}
		if code, page, _ := postFollow(t, one, base+"/text", url.Values{"_csrf": {csrf1}, "csv": {string(big)}}); code != http.StatusRequestEntityTooLarge || !strings.Contains(page, "so nothing was saved") {
			t.Errorf("a paste over the request limit: %d", code)
		}
		if themes, _ := db.Codebook(context.Background(), slug); len(themes) != 20 {
			t.Errorf("a refused import changed the codebook: %d themes", len(themes))
		}

		// Analyst one: voice on 1–15, talent on 1–3. Analyst two: voice
		// on 1–13 and 16–17. Hand-computed: n = 30, both 13, one only 4,
		// po = 26/30, pe = 0.5, kappa = 0.7333.
		codeAll(t, one, csrf1, base, n, func(i int) []string {
			var th []string
			if i <= 15 {
				th = append(th, "voice")
			}
			if i <= 3 {
				th = append(th, "talent")
			}
			return th
		})
		codeAll(t, two, csrf2, base, n, func(i int) []string {
			if i <= 13 || i == 16 || i == 17 {
				return []string{"voice"}
			}
			return nil
		})
		_, page = body(t, one, base+"/text/benefits_comment/agreement")
		if !strings.Contains(page, "0.73 (") || !strings.Contains(page, "Not defined") || strings.Count(page, `class="text-disagreement"`) != 7 {
			t.Errorf("agreement: kappa 0.73, undefined themes and 7 disagreements (4 on voice, 3 on talent) expected")
		}

		// Theme counts in the findings: the first coder's themes, voice 15
		// shown, talent 3 suppressed.
		_, js := body(t, one, base+"/findings?format=json")
		rep := decode(t, js)
		counts := map[string]*int{}
		for _, q := range rep.Questions {
			if q.ID == "benefits_comment_themes" {
				for _, o := range q.Options {
					counts[o.Code] = o.Count
				}
			}
		}
		if counts["voice"] == nil || *counts["voice"] != 15 || counts["talent"] != nil {
			t.Errorf("theme counts: voice %v, talent %v (want 15 and suppressed)", counts["voice"], counts["talent"])
		}

		// Coded data: response_id,question,theme, one row per theme.
		_, csv := body(t, one, base+"/text/coded.csv")
		if !strings.HasPrefix(csv, "response_id,question,theme\n") || strings.Count(csv, ",benefits_comment,voice") != 15 || strings.Count(csv, ",talent") != 3 {
			t.Errorf("coded csv:\n%s", csv)
		}

		// The quote bank: planted data is redacted before it is shown.
		_, page = body(t, one, base+"/text/benefits_comment/quotes")
		hasAll(t, "quote bank", page, nil, []string{"priya.shah", "07700 900123", "943 476 5919", "Adeyinka"})
		if !strings.Contains(page, "[email]") || !strings.Contains(page, "[NHS number]") {
			t.Error("no redaction placeholders on the quote bank")
		}
		id := responseField.FindStringSubmatch(page)[1]
		v := url.Values{"_csrf": {csrf1}, "response": {id}, "text": {"Ring Tolu on 020 7946 0018, a great help"}}
		if code, page, _ := postFollow(t, one, base+"/text/benefits_comment/quotes", v); code != 200 || !strings.Contains(page, "Ring Tolu on [phone], a great help") {
			t.Errorf("approving: %d, redaction not re-run on the approved text", code)
		}
		// A group under the threshold is offered no quotes.
		if _, page := body(t, one, base+"/text/benefits_comment/quotes?f.region=london"); !strings.Contains(page, "no quotes are offered") {
			t.Errorf("a small group was offered quotes: %s", h1(page))
		}
	})
}

// TestFreeTextAccess is the authorisation matrix of the free-text routes:
// every role, the public, and forms naming a comment or theme that is not
// the question's.
func TestFreeTextAccess(t *testing.T) {
	t.Parallel()
	db := storetest.SQLite(t)
	a := newApp(t, db)
	seedComments(t, db, 12)
	if err := db.ReplaceCodebook(context.Background(), slug, nil); err != nil {
		t.Fatal(err)
	}
	base := a.srv.URL + "/admin/surveys/" + slug
	gets := []string{"/text", "/text/codebook.csv", "/text/coded.csv", "/text/benefits_comment/code", "/text/benefits_comment/agreement", "/text/benefits_comment/quotes"}
	posts := []string{"/text", "/text/benefits_comment/code", "/text/benefits_comment/quotes"}
	var an *http.Client
	var csrf string
	for _, role := range []auth.Role{auth.Admin, auth.NationalViewer, auth.OrgAdmin, auth.NetworkLead, auth.Sponsor, auth.CaseReviewer, auth.Analyst} {
		c, token := signInCSRF(t, a.srv.URL, db, store.User{Email: string(role) + "@example.nhs.uk", Role: role, Org: orgOf[role]}, "/networks", 0)
		want := http.StatusForbidden
		if role.Text().Code {
			want = http.StatusOK
		}
		for _, p := range gets {
			if got := status(t, c, "GET", base+p, nil); got != want {
				t.Errorf("%s GET %s: %d, want %d", role, p, got, want)
			}
		}
		for _, p := range posts {
			got := status(t, c, "POST", base+p, url.Values{"_csrf": {token}, "response": {"nope"}, "text": {"x"}})
			if role.Text().Code && got != http.StatusBadRequest && got != http.StatusUnprocessableEntity {
				t.Errorf("%s POST %s with a made-up response: %d", role, p, got)
			}
			if !role.Text().Code && got != http.StatusForbidden {
				t.Errorf("%s POST %s: %d", role, p, got)
			}
		}
		an, csrf = c, token // the analyst, last
	}
	public := &http.Client{}
	for _, p := range gets {
		if got := status(t, public, "GET", base+p, nil); got != http.StatusSeeOther {
			t.Errorf("public GET %s: %d", p, got)
		}
	}
	if got := status(t, an, "GET", base+"/text/region/code", nil); got != http.StatusNotFound {
		t.Errorf("a question that is not free text: %d", got)
	}
	_, page := body(t, an, base+"/text/benefits_comment/code")
	id := responseField.FindStringSubmatch(page)
	if id == nil {
		t.Fatal("no comment on the coding page")
	}
	if got := status(t, an, "POST", base+"/text/benefits_comment/code", url.Values{"_csrf": {csrf}, "response": {id[1]}, "theme": {"made_up"}}); got != http.StatusBadRequest {
		t.Errorf("a theme not in the codebook: %d", got)
	}
}

// TestCodebookFileLimit: where the server takes bigger requests than a
// codebook page does, a codebook file over the page's own limit is
// refused whole with the reason, never read cut short.
func TestCodebookFileLimit(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		a, _ := newAppConfig(t, db, web.Config{MaxBody: 4 << 20})
		an, csrf := signIn(t, a, auth.Analyst)
		base := a.srv.URL + "/admin/surveys/" + slug
		row := "benefits_comment,voice,,Voice," + strings.Repeat("x", 200) + "\n"
		big := []byte("question,code,parent,name,definition\n" + strings.Repeat(row, 6000))
		if code, page := upload(t, an, base+"/text", csrf, "big.csv", big); code != http.StatusUnprocessableEntity || !strings.Contains(page, "the file is larger than the 1024 KiB this page takes") {
			t.Errorf("a file over the page's limit: %d", code)
		}
		if themes, _ := db.Codebook(context.Background(), slug); len(themes) != 0 {
			t.Errorf("a refused file changed the codebook: %d themes", len(themes))
		}
	})
}
