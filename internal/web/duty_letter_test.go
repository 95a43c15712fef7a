package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

// TestDutyLetterAuthorisation tries every role on the corporate-duty
// letter's routes; another organisation's admin and leads get 404.
func TestDutyLetterAuthorisation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := netApp(t, db)
		people := orgPeople(t, f)
		read := map[string]int{"admin": 200, "orgadmin": 200, "lead": 200, "leadb": 200, "sponsor": 200}
		saved := map[string]int{"admin": 303, "orgadmin": 303, "lead": 303, "leadb": 303, "sponsor": 403}
		checkAccess(t, f.srv.URL, people, []access{
			{"GET", "/org/RJ1/corporate-duty", nil, read, 404},
			{"POST", "/org/RJ1/corporate-duty", url.Values{"body": {"Dear all"}}, saved, 404},
			{"POST", "/org/RJ1/corporate-duty/sent", url.Values{"sent_by": {"Chief Executive"}, "sent_on": {"2026-01-05"}}, saved, 404},
		})
		if _, err := db.DutyLetter(context.Background(), "RQM"); err != store.ErrNotFound {
			t.Errorf("RQM has a letter: %v", err)
		}
	})
}

// TestDutyLetterFlow: the draft names the organisation; the admin changes
// it (Markdown rendered safely), records it as sent with errors first,
// and a later change is flagged as not the text staff received.
func TestDutyLetterFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := netApp(t, db)
		people := orgPeople(t, f)
		admin := byName(people, "orgadmin")
		u := f.srv.URL + "/org/RJ1/corporate-duty"
		_, page := body(t, admin.c, u)
		for _, want := range []string{"Staff networks are part of everyone&#39;s job at Guy&#39;s and St Thomas&#39; NHS Foundation Trust", "<strong>Agree it as an objective.</strong>", "not saved yet"} {
			if !strings.Contains(page, want) {
				t.Errorf("draft lacks %q", want)
			}
		}
		code, _, page := postForm(t, admin.c, u, url.Values{"_csrf": {admin.csrf}, "body": {"  "}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#body"`) {
			t.Errorf("empty letter: %d", code)
		}
		code, _, _ = postForm(t, admin.c, u, url.Values{"_csrf": {admin.csrf}, "body": {"Dear all,\n\n**Network work is work.**\n\n<script>alert(1)</script>"}})
		if code != http.StatusSeeOther {
			t.Fatalf("save: %d", code)
		}
		_, page = body(t, admin.c, u)
		if !strings.Contains(page, "<strong>Network work is work.</strong>") || strings.Contains(page, "<script>alert") {
			t.Error("the letter is not rendered as safe Markdown")
		}
		code, _, page = postForm(t, admin.c, u+"/sent", url.Values{"_csrf": {admin.csrf}, "sent_by": {""}, "sent_on": {"2999-01-01"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#sent_by"`) || !strings.Contains(page, `href="#sent_on"`) {
			t.Errorf("record as sent with errors: %d", code)
		}
		if code, _, _ = postForm(t, admin.c, u+"/sent", url.Values{"_csrf": {admin.csrf}, "sent_by": {"Dr A Example, Chief Executive"}, "sent_on": {"2026-01-05"}}); code != http.StatusSeeOther {
			t.Fatalf("record as sent: %d", code)
		}
		_, page = body(t, admin.c, u)
		if !strings.Contains(page, "on 5 January 2026 by Dr A Example, Chief Executive (recorded by orgadmin@example.nhs.uk)") {
			t.Error("the page does not say who sent the letter and when")
		}
		if !strings.Contains(page, "The text has changed since") {
			t.Error("the letter saved after the day it was sent is not flagged as changed")
		}
		l, err := db.DutyLetter(context.Background(), "RJ1")
		if err != nil || !strings.Contains(l.Body, "Network work is work") || l.EditedBy != "orgadmin@example.nhs.uk" {
			t.Errorf("stored %+v %v", l, err)
		}
	})
}

// TestSponsorExpectations: the sponsor record takes the expectations both
// ways with review dates; a review date before the last review is an
// error, and one in the past is highlighted as overdue.
func TestSponsorExpectations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := netApp(t, db)
		lead, csrf, sponsor, _ := f.leadAndSponsor(t, "")
		u := f.srv.URL + "/my/networks/" + nid(f.a) + "/sponsor"
		v := url.Values{"_csrf": {csrf}, "last_met": {"2026-01-10"}, "expectations_agreed": {"yes"},
			"sponsor_will": {"Attend a network meeting each quarter\n\nSpeak for the network at board"}, "network_will": {"Brief the sponsor before each board meeting"},
			"accountability": {"We review these together twice a year."}, "reviewed_on": {"2025-06-01"}, "review_due": {"2025-05-01"}}
		code, _, page := postForm(t, lead, u, v)
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#review_due"`) {
			t.Errorf("review due before the last review: %d", code)
		}
		v.Set("review_due", "")
		if code, _, page = postForm(t, lead, u, v); code != http.StatusUnprocessableEntity || !strings.Contains(page, "next review these expectations") {
			t.Errorf("expectations without a review date: %d", code)
		}
		v.Set("review_due", "2025-12-01")
		if code, _, page = postForm(t, lead, u, v); code != http.StatusSeeOther {
			t.Fatalf("save: %d %s", code, page)
		}
		_, page = body(t, sponsor, u) // the sponsor reads what was agreed
		for _, want := range []string{"<li>Attend a network meeting each quarter</li>", "<li>Speak for the network at board</li>", "<li>Brief the sponsor before each board meeting</li>",
			"We review these together twice a year.", "Next review due: 1 December 2025", "Review overdue", "were due for review on 1 December 2025"} {
			if !strings.Contains(page, want) {
				t.Errorf("sponsor page lacks %q", want)
			}
		}
	})
}
