package web_test

// Real-browser tests of the survey's keys and layout: Enter always goes
// forward, and every page fits a phone (390 CSS px) and a laptop
// (1280 px) with no sideways scrolling and no serious axe violation.
// STAFFNET_SCREENSHOTS=DIR saves each page at each width.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"staffnet/internal/store/storetest"
	"staffnet/internal/survey"
)

func TestBrowserSurveyKeys(t *testing.T) {
	browser := parallelBrowser(t)
	for _, width := range []int64{1280, 390} {
		t.Run(fmt.Sprint(width), func(t *testing.T) { testSurveyKeys(t, browser, width) })
	}
	t.Run("WithoutJavaScript", func(t *testing.T) {
		ts, _ := browserServer(t, storetest.SQLite(t))
		b := newTab(t, browser, ts.URL)
		if _, err := chromedp.Call(b.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
		b.expect(b.open(surveyPath), http.StatusOK, surveyName)
		b.expect(b.follow("main form button"), http.StatusOK, "About your work")
		b.choose("region", "london")
		b.expect(b.pressEnter(`input[name="region"][value="london"]`), http.StatusOK, "Staff networks where you work")
		if !js[bool](b, `document.querySelector('#other_networks') !== null`) {
			t.Fatal("not on the networks page")
		}
		b.choose("other_networks", "lgbti")
		b.expect(b.pressEnter(`input[name="other_networks"][value="lgbti"]`), http.StatusOK, "Working together and support")
		b.expect(b.follow(continueB), http.StatusOK, "In your own words")
		// Without the script, maxlength holds the text to the limit.
		if ml := js[string](b, `document.querySelector('#other_comments').getAttribute('maxlength')`); ml != "5000" {
			t.Errorf("maxlength %q without JavaScript", ml)
		}
	})
}

// press sends Enter to what sel selects and returns the status of the
// page that loads as a result.
func (b *tab) pressEnter(sel string) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.SendKeys(chromedp.CSS(sel), kb.Enter))
	if err != nil {
		b.t.Fatalf("Enter in %s: %v", sel, err)
	}
	return int(res.Status)
}

// waitFor waits until a JavaScript condition holds, across a navigation
// (which destroys the context an evaluation runs in).
func (b *tab) waitFor(cond string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		if ctx.Err() != nil {
			b.t.Fatalf("waiting for %s: %v", cond, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// fits fails the test if the page is wider than the window.
func (b *tab) fits(what string) {
	b.t.Helper()
	if w := js[[]int](b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
		b.t.Errorf("%s is %d px wide in a %d px window", what, w[0], w[1])
	}
}

func testSurveyKeys(t *testing.T, browser context.Context, width int64) {
	db := storetest.SQLite(t)
	ts, rec := browserServer(t, db)
	b := newTab(t, browser, ts.URL)
	b.do(chromedp.EmulateViewport(width, 900))
	shot := func(name string) { b.screenshot(fmt.Sprintf("survey-%d-%s", width, name)) }
	look := func(what string) {
		t.Helper()
		b.fits(what)
		b.axeCheck(what)
		shot(what)
	}

	b.expect(b.open(surveyPath), http.StatusOK, surveyName)
	look("start")
	b.expect(b.follow("main form button"), http.StatusOK, "About your work")
	look("about_you")
	if c := b.text("main p.nhsuk-body-s"); !strings.HasPrefix(c, "Page 1 of about 5.") {
		t.Errorf("page count %q", c)
	}
	// Enter on a radio goes forward.
	b.choose("region", "london")
	b.expect(b.pressEnter(`input[name="region"][value="london"]`), http.StatusOK, "Staff networks where you work")
	b.choose("has_bme_network", "yes")
	// "None of these" with another answer (behind the script's back) is
	// an error; Enter on the error page still goes forward once fixed.
	b.choose("other_networks", "lgbti")
	js[bool](b, `document.querySelector('input[name="other_networks"][value="none"]').checked = true`)
	b.expect(b.pressEnter(`input[name="has_bme_network"][value="yes"]`), http.StatusUnprocessableEntity, "Staff networks where you work")
	look("networks-error")
	if msg := b.text("#other_networks-error"); !strings.HasSuffix(msg, "Select ‘None of these’ on its own, or choose other answers") {
		t.Errorf("error message %q", msg)
	}
	b.choose("other_networks", "none") // untick
	b.expect(b.pressEnter(`input[name="other_networks"][value="lgbti"]`), http.StatusOK, "Your organisation's BME network")
	if c := b.text("main p.nhsuk-body-s"); !strings.HasPrefix(c, "Page 3 of 5.") {
		t.Errorf("page count on the yes route %q", c)
	}
	look("your_network")
	// Enter on a checkbox, too.
	b.choose("relationships", "hr")
	b.expect(b.pressEnter(`input[name="relationships"][value="hr"]`), http.StatusOK, "Working together and support")
	look("working_together")
	b.choose("support_needed.budget", "agree")
	b.expect(b.pressEnter(`input[name="support_needed.budget"][value="agree"]`), http.StatusOK, "In your own words")
	look("comments")
	// Over the limit (the count's script lifts maxlength): the error
	// names the question.
	js[bool](b, `(document.querySelector('#benefits_comment').value = 'x'.repeat(5001)) !== ''`)
	b.expect(b.follow(continueB), http.StatusUnprocessableEntity, "In your own words")
	look("comments-error")
	if msg := b.text("#benefits_comment-error"); !strings.HasSuffix(msg, "What benefits could a BME staff network bring to staff and to your organisation?’ must be 5,000 characters or fewer") {
		t.Errorf("length error %q", msg)
	}
	js[bool](b, `(document.querySelector('#benefits_comment').value = '') === ''`)

	// In a text box, Enter starts a new line and sends nothing.
	b.typeInto("#other_comments", "First line")
	b.do(chromedp.SendKeys(chromedp.CSS("#other_comments"), kb.Enter+"Second line"))
	b.expect(http.StatusOK, http.StatusOK, "In your own words")
	if v := js[string](b, `document.querySelector('#other_comments').value`); v != "First line\nSecond line" {
		t.Errorf("text box holds %q", v)
	}
	// The character count counts (its script has taken over).
	if msg := b.text("#other_comments ~ .nhsuk-character-count__status"); msg != "You have 4,978 characters remaining" {
		t.Errorf("character count says %q", msg)
	}
	b.expect(b.follow(continueB), http.StatusOK, checkH1)
	look("check")
	list := b.text(".nhsuk-summary-list")
	if !strings.Contains(list, "How far do you agree that each of these would help BME networks?") || !strings.Contains(list, "A budget for the network: Agree") {
		t.Errorf("check page's Likert row:\n%s", list)
	}
	// The back link returns to the last page with the answer kept.
	b.expect(b.follow(".nhsuk-back-link"), http.StatusOK, "In your own words")
	if v := js[string](b, `document.querySelector('#other_comments').value`); v != "First line\nSecond line" {
		t.Errorf("after Back the text box holds %q", v)
	}
	b.expect(b.follow(continueB), http.StatusOK, checkH1)
	b.expect(b.follow("#submit"), http.StatusOK, "Answers sent")
	look("done")

	// Enter in a text box of the contact form saves it, and the page
	// after is reached by a redirect: reloading it, or going back and
	// forward, sends nothing again.
	b.typeInto("#email", "keys@example.nhs.uk")
	b.expect(b.pressEnter("#email"), http.StatusOK, "Contact details saved")
	if loc := b.location(); loc != surveyPath+"/contact/saved" {
		t.Errorf("after saving contact details: at %s", loc)
	}
	look("contact-saved")
	b.do(chromedp.Reload())
	b.expect(http.StatusOK, http.StatusOK, "Contact details saved")
	// Back may come from the back-forward cache, which fires no load
	// event: wait for the address and the heading instead, reading them
	// again if the page is still changing under the evaluation (an
	// evaluation right after the restore was once cut off by it). Either
	// way nothing is posted. Going back starts after the evaluation has
	// answered: an evaluation that navigates the page itself can be cut
	// off by its own navigation ("Inspected target navigated or closed").
	b.do(chromedp.Evaluate[chromedp.Void](`setTimeout(() => history.back(), 0)`))
	b.waitFor(`location.pathname.endsWith('/done') && document.readyState === 'complete' &&
		document.querySelector('h1')?.textContent.trim() === 'Answers sent'`)
	releaseContacts(t, rec.srv)
	if cs, err := db.Contacts(context.Background(), survey.MappingSlug); err != nil || len(cs) != 1 {
		t.Errorf("contacts after reload and back: %d, %v", len(cs), err)
	}
	rows := storedAnswers(t, db)
	if len(rows) != 1 || rows[0]["other_comments"] != "First line\nSecond line" || rows[0]["relationships"] != "hr" {
		t.Errorf("stored %v", rows)
	}
}
