package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"staffnet/internal/store/storetest"
)

var pageCountRE = regexp.MustCompile(`Page \d+ of (about )?\d+\.`)

// TestSurveyPageCount walks both routes and a skipped routing question:
// the count follows the route, and says "about" only while an answer
// still to come can change it.
func TestSurveyPageCount(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	for _, tc := range []struct {
		name    string
		answers map[string]url.Values
		pages   []string
		counts  []string
	}{
		{"yes", yesRoute, []string{"about_you", "networks", "your_network", "working_together", "comments"},
			[]string{"Page 1 of about 5.", "Page 2 of about 5.", "Page 3 of 5.", "Page 4 of 5.", "Page 5 of 5."}},
		{"no", map[string]url.Values{"networks": {"has_bme_network": {"no"}}}, []string{"about_you", "networks", "without_network", "working_together", "comments"},
			[]string{"Page 1 of about 5.", "Page 2 of about 5.", "Page 3 of 5.", "Page 4 of 5.", "Page 5 of 5."}},
		// Leaving has_bme_network unanswered shows neither routed page.
		{"skipped", nil, []string{"about_you", "networks", "working_together", "comments"},
			[]string{"Page 1 of about 5.", "Page 2 of about 5.", "Page 3 of 4.", "Page 4 of 4."}},
	} {
		_, body := a.get("/s/" + slug)
		res, body := a.post("/s/"+slug, form(body))
		for i, pid := range tc.pages {
			f := form(body)
			if res.StatusCode != 200 || f.Get("_step") != pid {
				t.Fatalf("%s route: got %d %q, want page %s", tc.name, res.StatusCode, f.Get("_step"), pid)
			}
			if got := pageCountRE.FindString(body); got != tc.counts[i] {
				t.Errorf("%s route, page %s: %q, want %q", tc.name, pid, got, tc.counts[i])
			}
			for k, vs := range tc.answers[pid] {
				f[k] = vs
			}
			f.Set("_action", "continue")
			res, body = a.post("/s/"+slug, f)
		}
		if form(body).Get("_step") != "check" {
			t.Fatalf("%s route ends at %q", tc.name, h1(body))
		}
	}
}

// firstSubmitRE finds a form's first submit button, the one Enter
// presses.
var firstSubmitRE = regexp.MustCompile(`(?s)<form method="post".*?<button[^>]*type="submit"[^>]*>`)

func TestSurveyCheckPage(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	answers := map[string]url.Values{
		"working_together": {"support_needed.allocated_time": {"strongly_agree"}, "support_needed.budget": {"disagree"}},
		"comments":         {"other_comments": {"Keep this"}},
	}
	f, body := a.walk(answers, []string{"about_you", "networks", "working_together", "comments"})
	text := html.UnescapeString(body)
	// One row for the Likert question, naming it, with a line per item.
	hasAll(t, "check page", text, []string{
		`<dt class="nhsuk-summary-list__key">How far do you agree that each of these would help BME networks?</dt>`,
		"<li>Allocated time for network leaders and members: <strong>Strongly agree</strong></li>",
		"<li>A budget for the network: <strong>Disagree</strong></li>",
		"<li>An executive sponsor on the board: not answered</li>",
	}, nil)
	// Back goes to the last page of the route, answers kept.
	if !strings.Contains(body, `class="nhsuk-back-link" type="submit" name="_action" value="back"`) {
		t.Errorf("check page has no back link")
	}
	f.Set("_action", "back")
	res, body := a.post("/s/"+slug, f)
	if res.StatusCode != 200 || form(body).Get("_step") != "comments" || !strings.Contains(body, ">Keep this</textarea>") {
		t.Fatalf("Back from the check page: %d %q", res.StatusCode, h1(body))
	}
	// On a question page, Enter submits Continue: it is the first submit
	// button, before the back link.
	if b := firstSubmitRE.FindString(body); !strings.Contains(b, `value="continue"`) || !strings.Contains(b, `tabindex="-1"`) {
		t.Errorf("first submit button on a question page: %s", b)
	}
	if i, j := strings.Index(body, `value="continue"`), strings.Index(body, `class="nhsuk-back-link"`); i < 0 || j < i {
		t.Errorf("Continue at %d, Back at %d: Back would be the default button", i, j)
	}
	// The free-text question has the character count, which works
	// without JavaScript through maxlength and the message.
	hasAll(t, "comments page", body, []string{
		`data-module="nhsuk-character-count" data-maxlength="5000"`,
		`class="nhsuk-textarea nhsuk-js-character-count" id="other_comments" name="other_comments" rows="5" maxlength="5000" aria-describedby="other_comments-info other_comments-hint"`,
		`<div class="nhsuk-hint nhsuk-character-count__message" id="other_comments-info">You can enter up to 5,000 characters</div>`,
	}, nil)
}

func TestSurveyErrorWording(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	_, body := a.get("/s/" + slug)
	_, body = a.post("/s/"+slug, form(body))
	f := form(body)
	f.Set("_action", "continue")
	_, body = a.post("/s/"+slug, f) // to networks
	f = form(body)
	f["other_networks"] = []string{"lgbti", "none"}
	f.Set("_action", "continue")
	res, body := a.post("/s/"+slug, f)
	const exclusive = "Select ‘None of these’ on its own, or choose other answers"
	if res.StatusCode != http.StatusUnprocessableEntity || strings.Count(html.UnescapeString(body), exclusive) != 2 {
		t.Errorf("exclusive answer: %d, want the message in the summary and by the field: %q", res.StatusCode, exclusive)
	}

	f = form(body)
	f["other_networks"] = []string{"lgbti"}
	for _, want := range []string{"working_together", "comments"} {
		f.Set("_action", "continue")
		_, body = a.post("/s/"+slug, f)
		if f = form(body); f.Get("_step") != want {
			t.Fatalf("at %q, want %s", f.Get("_step"), want)
		}
	}
	f.Set("benefits_comment", strings.Repeat("é", 5001))
	f.Set("_action", "continue")
	res, body = a.post("/s/"+slug, f)
	text := html.UnescapeString(body)
	const long = "Your answer to ‘What benefits could a BME staff network bring to staff and to your organisation?’ must be 5,000 characters or fewer"
	if res.StatusCode != http.StatusUnprocessableEntity || strings.Count(text, long) != 2 {
		t.Errorf("long answer: %d, want %q twice", res.StatusCode, long)
	}
	if !strings.Contains(body, `aria-describedby="benefits_comment-info benefits_comment-hint benefits_comment-error"`) {
		t.Errorf("the long answer's field does not point to its count and its error")
	}
}
