package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/members"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

const memberName = "Zara Member (demo)"

// lastLink returns the path of the last link matching re in mail to addr.
func lastLink(t *testing.T, db *store.DB, to string, re string) string {
	t.Helper()
	ms, err := db.MailTo(context.Background(), to)
	if err != nil || len(ms) == 0 {
		t.Fatalf("no mail to %s: %v", to, err)
	}
	m := regexp.MustCompile(re).FindString(ms[0].Text)
	if m == "" {
		t.Fatalf("no link %s in %q", re, ms[0].Text)
	}
	return m
}

// joinAndConfirm signs email up to network id and confirms it, returning
// the member's manage path.
func joinAndConfirm(t *testing.T, f *netFixture, id, email string, extra url.Values) string {
	t.Helper()
	c := &http.Client{}
	v := url.Values{"name": {memberName}, "email": {email}, "ally": {"no"}, "consent": {"yes"}}
	for k, vs := range extra {
		v[k] = vs
	}
	if code, _, page := postForm(t, c, f.srv.URL+"/networks/"+id+"/join", v); code != 200 || !strings.Contains(page, "Check your email") {
		t.Fatalf("join: %d\n%s", code, f.log.String())
	}
	confirm := lastLink(t, f.db, email, `/networks/\d+/join/[A-Za-z0-9_-]+`)
	if code, _, page := postForm(t, c, f.srv.URL+confirm, url.Values{}); code != 200 || !strings.Contains(page, "You have joined") {
		t.Fatalf("confirm: %d %s", code, page)
	}
	return lastLink(t, f.db, email, `/membership/[A-Za-z0-9_-]+`)
}

func acceptMembers(t *testing.T, lead *http.Client, csrf, base string) {
	t.Helper()
	code, _, page := postForm(t, lead, base+"/members/settings", url.Values{"_csrf": {csrf}, "accepts": {"yes"}, "consent_text": {"I agree to the REN keeping my details."}, "digest": {"on"}})
	if code != http.StatusSeeOther {
		t.Fatalf("settings: %d %s", code, page)
	}
}

func TestMemberJourney(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := netApp(t, db)
		lead, csrf, base := f.leadOfA(t, "lead-a")
		public := &http.Client{}
		if code, _ := body(t, public, f.srv.URL+"/networks/"+nid(f.a)+"/join"); code != 404 {
			t.Errorf("join form of a network that takes no members: %d", code)
		}
		acceptMembers(t, lead, csrf, base)
		_, page := body(t, public, f.srv.URL+"/networks/"+nid(f.a))
		if !strings.Contains(page, "Join this network") {
			t.Error("no join button on the public page")
		}
		if _, page := body(t, public, f.srv.URL+"/networks/"+nid(f.b)); strings.Contains(page, "Join this network") {
			t.Error("join button on a network that takes no members")
		}
		// Bad input: clear errors, nothing stored.
		join := f.srv.URL + "/networks/" + nid(f.a) + "/join"
		code, _, page := postForm(t, public, join, url.Values{"name": {memberName}, "email": {"zara at nhs"}, "ally": {"no"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#email"`) || !strings.Contains(page, `href="#consent"`) || !strings.Contains(page, "I agree to the REN") {
			t.Errorf("bad join: %d", code)
		}
		if tot, _, _ := db.MemberFigures(ctx, f.a.ID); tot.Pending+tot.Members != 0 {
			t.Errorf("bad sign-up stored: %+v", tot)
		}
		// Sign up twice before confirming: one row, the same page both times.
		email := "zara.member@example.nhs.uk"
		v := url.Values{"name": {memberName}, "email": {"Zara.Member@example.nhs.uk"}, "ally": {"no"}, "consent": {"yes"}, "site": {"St Thomas'"}}
		_, _, first := postForm(t, public, join, v)
		_, _, second := postForm(t, public, join, v)
		if !strings.Contains(first, "Check your email") || first != second {
			t.Error("a second sign-up reads differently from the first")
		}
		if tot, _, _ := db.MemberFigures(ctx, f.a.ID); tot.Pending != 1 {
			t.Errorf("two sign-ups: %+v", tot)
		}
		confirm := lastLink(t, db, email, `/networks/\d+/join/[A-Za-z0-9_-]+`)
		// Opening the link changes nothing; the button does.
		if code, page := body(t, public, f.srv.URL+confirm); code != 200 || !strings.Contains(page, "Confirm and join") {
			t.Errorf("confirm page %d", code)
		}
		if tot, _, _ := db.MemberFigures(ctx, f.a.ID); tot.Members != 0 {
			t.Error("a GET confirmed the membership")
		}
		if code, _, _ := postForm(t, public, f.srv.URL+confirm, url.Values{}); code != 200 {
			t.Fatalf("confirm: %d", code)
		}
		if code, _, _ := postForm(t, public, f.srv.URL+confirm, url.Values{}); code != http.StatusGone {
			t.Errorf("confirm link used twice: %d", code)
		}
		manage := lastLink(t, db, email, `/membership/[A-Za-z0-9_-]+`)
		// Joining again as a member: same page, no new row, a manage link by email.
		_, _, again := postForm(t, public, join, v)
		if again != first {
			t.Error("joining as an existing member reads differently")
		}
		if tot, _, _ := db.MemberFigures(ctx, f.a.ID); tot.Members != 1 || tot.Pending != 0 {
			t.Errorf("after joining again: %+v", tot)
		}
		if code, _ := body(t, public, f.srv.URL+manage); code != 404 {
			t.Errorf("the old manage link still works: %d", code)
		}
		manage = lastLink(t, db, email, `/membership/[A-Za-z0-9_-]+`)
		code, page = body(t, public, f.srv.URL+manage)
		if code != 200 || !strings.Contains(page, email) || !strings.Contains(page, "I agree to the REN") {
			t.Fatalf("manage page %d", code)
		}
		code, loc, _ := postForm(t, public, f.srv.URL+manage, url.Values{"name": {memberName}, "site": {"Guy's"}, "ally": {"yes"}, "messages": {"on"}})
		if code != http.StatusSeeOther {
			t.Fatalf("change: %d", code)
		}
		if _, page := body(t, public, f.srv.URL+loc); !strings.Contains(page, "Your changes are saved") || !strings.Contains(page, `value="Guy&#39;s"`) {
			t.Error("change not shown")
		}

		// The lead's list names the member.
		if _, page := body(t, lead, base+"/members"); !strings.Contains(page, memberName) || !strings.Contains(page, email) {
			t.Error("lead's list has no member")
		}
		// Messages: preview, an empty audience refused, then sent.
		msg := url.Values{"_csrf": {csrf}, "subject": {"March newsletter"}, "body": {"Hello **everyone**"}, "format": {"markdown"}, "audience": {"all"}, "_action": {"preview"}}
		if code, _, page := postForm(t, lead, base+"/messages", msg); code != 200 || !strings.Contains(page, "<strong>everyone</strong>") {
			t.Errorf("preview %d", code)
		}
		msg.Set("_action", "send")
		msg.Set("audience", "staff_group")
		msg.Set("staff_group", "Students")
		if code, _, page := postForm(t, lead, base+"/messages", msg); code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#staff_group"`) {
			t.Errorf("unknown staff group: %d", code)
		}
		msg.Set("audience", "all")
		code, loc, _ = postForm(t, lead, base+"/messages", msg)
		if code != http.StatusSeeOther {
			t.Fatalf("send: %d", code)
		}
		if _, page := body(t, lead, f.srv.URL+loc); !strings.Contains(page, "queued for 1 member") {
			t.Error("no confirmation of the queued message")
		}
		ms, _ := db.MailTo(ctx, email)
		if ms[0].Kind != "message" || !strings.HasPrefix(ms[0].Unsubscribe, "/unsubscribe/") || !strings.Contains(ms[0].Text, "Unsubscribe from messages: /unsubscribe/") ||
			!strings.Contains(ms[0].HTML, "<strong>everyone</strong>") {
			t.Fatalf("queued copy: %+v", ms[0])
		}
		// RFC 8058 one-click: a POST from the mail system, no session, no
		// CSRF token, from another site.
		unsub := ms[0].Unsubscribe
		if got := status(t, &http.Client{}, "POST", f.srv.URL+unsub, url.Values{"List-Unsubscribe": {"One-Click"}}, "Sec-Fetch-Site", "cross-site", "Origin", "https://mail.example"); got != 200 {
			t.Errorf("one-click unsubscribe: %d", got)
		}
		if got := status(t, &http.Client{}, "POST", f.srv.URL+"/unsubscribe/not-a-token", url.Values{}); got != 404 {
			t.Errorf("unknown unsubscribe token: %d", got)
		}
		// Now no one is left to write to: a clear error, nothing queued.
		before, _ := db.NetworkMessages(ctx, f.a.ID)
		if code, _, page := postForm(t, lead, base+"/messages", msg); code != http.StatusUnprocessableEntity || !strings.Contains(page, "No members are in this group") {
			t.Errorf("no recipients: %d", code)
		}
		if after, _ := db.NetworkMessages(ctx, f.a.ID); len(after) != len(before) {
			t.Error("a message with no recipients was stored")
		}
		// Export: a purpose is required and recorded.
		if code, _, page := postForm(t, lead, base+"/members/export", url.Values{"_csrf": {csrf}}); code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#purpose"`) {
			t.Errorf("export without a purpose: %d", code)
		}
		code, _, csv := postForm(t, lead, base+"/members/export", url.Values{"_csrf": {csrf}, "purpose": {"Invitations to the AGM"}})
		if code != 200 || !strings.Contains(csv, memberName) || !strings.HasPrefix(csv, "name,email,") {
			t.Errorf("export %d %q", code, csv)
		}
		logged := 0
		db.EachAudit(ctx, func(e store.AuditEntry) error {
			if e.Action == "member list exported" && e.Actor == "lead-a@example.nhs.uk" && strings.Contains(e.Detail, "Invitations to the AGM") {
				logged++
			}
			return nil
		})
		if logged != 1 {
			t.Errorf("%d audit entries for the export, want 1", logged)
		}
		// A lead removes a member on request: confirmation needed, an
		// unknown address is an error, the audit log says a member was
		// removed but not who.
		other := "other.member@example.nhs.uk"
		joinAndConfirm(t, f, nid(f.a), other, nil)
		rm := url.Values{"_csrf": {csrf}, "remove_email": {other}}
		if code, _, page := postForm(t, lead, base+"/members/remove", rm); code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#remove_confirm"`) || !strings.Contains(page, memberName) {
			t.Errorf("remove without confirming: %d", code)
		}
		rm.Set("remove_confirm", "yes")
		rm.Set("remove_email", "nobody@example.nhs.uk")
		if code, _, page := postForm(t, lead, base+"/members/remove", rm); code != http.StatusUnprocessableEntity || !strings.Contains(page, "No member of this network has that email") {
			t.Errorf("remove an unknown address: %d", code)
		}
		rm.Set("remove_email", other)
		if code, _, _ := postForm(t, lead, base+"/members/remove", rm); code != http.StatusSeeOther {
			t.Errorf("remove: %d", code)
		}
		if ms, _ := db.MailTo(ctx, other); len(ms) != 0 {
			t.Error("mail to a removed member remains")
		}
		removed := 0
		db.EachAudit(ctx, func(e store.AuditEntry) error {
			if e.Action == "member removed" {
				removed++
				if strings.Contains(e.Target+e.Detail, other) || !strings.Contains(e.Target, "Race Equality Network") {
					t.Errorf("audit entry %+v", e)
				}
			}
			return nil
		})
		if removed != 1 {
			t.Errorf("%d audit entries for the removal", removed)
		}
		// Leaving deletes everything personal; the figures remain.
		if code, _, page := postForm(t, public, f.srv.URL+manage+"/delete", url.Values{}); code != 200 || !strings.Contains(page, "Delete my membership") {
			t.Errorf("delete asks first: %d", code)
		}
		if tot, _, _ := db.MemberFigures(ctx, f.a.ID); tot.Members != 1 {
			t.Fatal("deleted without confirmation")
		}
		if code, _, _ := postForm(t, public, f.srv.URL+manage+"/delete?confirm=yes", url.Values{}); code != 200 {
			t.Errorf("delete: %d", code)
		}
		if tot, _, _ := db.MemberFigures(ctx, f.a.ID); tot.Members != 0 {
			t.Error("membership not deleted")
		}
		if ms, _ := db.MailTo(ctx, email); len(ms) != 0 {
			t.Errorf("%d mails to a deleted member remain", len(ms))
		}
		// Two joined; becoming an ally counted as leaving and joining
		// again; one removed and one who left, an ally by then.
		_, months, _ := db.MemberFigures(ctx, f.a.ID)
		if len(months) != 1 || months[0] != (members.Month{Month: months[0].Month, Joined: 3, Left: 3, AlliesJoined: 1, AlliesLeft: 1}) {
			t.Errorf("figures after leaving: %+v", months)
		}
	})
}

// TestMemberAuthorisation tries every role against every members route of
// network a: only a's lead sees names, exports or writes to members;
// readers see suppressed counts; another network's lead sees nothing of a.
func TestMemberAuthorisation(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		mk := f.signer(t)
		public := who{"public", &http.Client{}, ""}
		lead := mk("lead", auth.NetworkLead, "RJ1", f.a.ID)
		all := []who{public, mk("admin", auth.Admin, "", 0), mk("national", auth.NationalViewer, "", 0), mk("orgadmin", auth.OrgAdmin, "RJ1", 0),
			mk("otheradmin", auth.OrgAdmin, "RQM", 0), lead, mk("otherlead", auth.NetworkLead, "RJ1", f.b.ID), mk("sponsor", auth.Sponsor, "RJ1", f.a.ID),
			mk("analyst", auth.Analyst, "", 0)}
		base := "/my/networks/" + nid(f.a)
		acceptMembers(t, lead.c, lead.csrf, f.srv.URL+base)
		joinAndConfirm(t, f, nid(f.a), "zara@example.nhs.uk", nil)
		code, msgLoc, _ := postForm(t, lead.c, f.srv.URL+base+"/messages", url.Values{"_csrf": {lead.csrf}, "subject": {"S"}, "body": {"B"}, "format": {"text"}, "audience": {"all"}, "_action": {"send"}})
		if code != http.StatusSeeOther {
			t.Fatalf("send: %d", code)
		}
		msgPath := strings.SplitN(strings.TrimPrefix(msgLoc, f.srv.URL), "?", 2)[0]
		readers := []string{"admin", "national", "orgadmin", "lead", "sponsor"}
		for _, u := range all {
			// The members page: names for the lead, counts for readers.
			got, page := body(t, u.c, f.srv.URL+base+"/members")
			switch {
			case u.name == "public":
				if !strings.Contains(page, "Sign in") {
					t.Errorf("public sees the members page")
				}
			case slices.Contains(readers, u.name):
				if got != 200 {
					t.Errorf("%s GET members: %d", u.name, got)
				}
				if names := strings.Contains(page, memberName) || strings.Contains(page, "zara@example"); names != (u.name == "lead") {
					t.Errorf("%s sees member names: %v", u.name, names)
				}
				if u.name != "lead" && !strings.Contains(page, "fewer than 11") {
					t.Errorf("%s: the count of 1 is not suppressed", u.name)
				}
			default:
				if got != 404 {
					t.Errorf("%s GET members: %d, want 404", u.name, got)
				}
			}
			// Overview and board: counts only, suppressed for all but the lead.
			for _, p := range []string{base, base + "/board"} {
				if _, page := body(t, u.c, f.srv.URL+p); strings.Contains(page, memberName) {
					t.Errorf("%s sees a member's name on %s", u.name, p)
				}
			}
			// Lead-only pages and actions.
			for _, p := range []string{base + "/members/settings", base + "/messages", msgPath} {
				got := status(t, u.c, "GET", f.srv.URL+p, nil)
				want := map[bool]int{true: 200, false: 403}[u.name == "lead"]
				if !slices.Contains(readers, u.name) {
					want = 404
				}
				if u.name == "public" {
					want = http.StatusSeeOther
				}
				if got != want {
					t.Errorf("%s GET %s: %d, want %d", u.name, p, got, want)
				}
			}
			for _, ch := range []struct {
				path string
				form url.Values
			}{
				{base + "/members/export", url.Values{"purpose": {"p"}}},
				{base + "/members/remove", url.Values{"remove_email": {"nobody@example.nhs.uk"}, "remove_confirm": {"yes"}}},
				{base + "/members/settings", url.Values{"accepts": {"yes"}, "consent_text": {"c"}}},
				{base + "/messages", url.Values{"subject": {"S"}, "body": {"B"}, "format": {"text"}, "audience": {"all"}, "_action": {"preview"}}},
			} {
				v := url.Values{"_csrf": {u.csrf}}
				for k, vs := range ch.form {
					v[k] = vs
				}
				code, _, page := postForm(t, u.c, f.srv.URL+ch.path, v)
				switch {
				case u.name == "public":
					if code != http.StatusSeeOther {
						t.Errorf("public POST %s: %d", ch.path, code)
					}
				case u.name == "lead":
					if code != 200 && code != http.StatusSeeOther && !(code == 422 && strings.HasSuffix(ch.path, "/remove")) {
						t.Errorf("lead POST %s: %d", ch.path, code)
					}
				default:
					if code != 403 && code != 404 {
						t.Errorf("%s POST %s: %d", u.name, ch.path, code)
					}
					if strings.Contains(page, memberName) {
						t.Errorf("%s POST %s shows a member's name", u.name, ch.path)
					}
				}
				if u.name == "lead" {
					if got := status(t, u.c, "POST", f.srv.URL+ch.path, ch.form); got != 403 {
						t.Errorf("lead POST %s without CSRF: %d", ch.path, got)
					}
				}
			}
		}
		// Public forms carry no session and so no CSRF token; the
		// cross-origin check refuses them from another site. Only the
		// RFC 8058 one-click unsubscribe is exempt (TestMemberJourney).
		for _, p := range []string{"/networks/" + nid(f.a) + "/join", "/networks/" + nid(f.a) + "/membership"} {
			if got := status(t, &http.Client{}, "POST", f.srv.URL+p, url.Values{"email": {"x@example.nhs.uk"}}, "Sec-Fetch-Site", "cross-site"); got != http.StatusForbidden {
				t.Errorf("cross-site POST %s: %d, want 403", p, got)
			}
		}
		// A lead of another network, changing ids: their own network's id
		// with a's message id, and a's id with their own.
		other := all[6]
		if got := status(t, other.c, "GET", f.srv.URL+"/my/networks/"+nid(f.b)+"/messages/"+msgPath[strings.LastIndex(msgPath, "/")+1:], nil); got != 404 {
			t.Errorf("other lead reads a's message through b: %d", got)
		}
		if got := status(t, other.c, "GET", f.srv.URL+"/my/networks/"+nid(f.b)+"/members", nil); got != 200 {
			t.Errorf("other lead's own members page: %d", got)
		}
		if _, page := body(t, other.c, f.srv.URL+"/my/networks/"+nid(f.b)+"/members"); strings.Contains(page, memberName) {
			t.Error("other lead sees a's member on b's page")
		}
	})
}

// TestMemberListPages: a lead's member list of 250 shows 100 a page, with
// a link to the next page on the first, links both ways on the second
// and only back on the last.
func TestMemberListPages(t *testing.T) {
	t.Parallel()
	f := netApp(t, storetest.SQLite(t))
	now := time.Now()
	if err := f.db.AddDemoMembers(context.Background(), f.a.ID, members.Demo(1, f.a.ID, 250, now), members.Settings{Accepts: true, ConsentText: members.DefaultConsent}, nil, now); err != nil {
		t.Fatal(err)
	}
	lead, _ := netAccount(t, f.app, "lead", auth.NetworkLead, "RJ1", f.a.ID)
	list := f.srv.URL + "/my/networks/" + nid(f.a) + "/members"
	prev := func(n int) string {
		return `href="?page=` + strconv.Itoa(n) + `"><span class="nhsuk-pagination__title">Previous`
	}
	next := func(n int) string {
		return `href="?page=` + strconv.Itoa(n) + `"><span class="nhsuk-pagination__title">Next`
	}
	for _, c := range []struct {
		page      string
		want, not []string
	}{
		{"", []string{"page 1 of 3", next(2), "Page 2</span>"}, []string{"Previous"}},
		{"?page=2", []string{"page 2 of 3", prev(1), next(3), "Page 1</span>", "Page 3</span>"}, nil},
		{"?page=3", []string{"page 3 of 3", prev(2)}, []string{"pagination__title\">Next"}},
	} {
		code, page := body(t, lead, list+c.page)
		if code != http.StatusOK || !strings.Contains(page, `aria-label="Pages of the member list"`) {
			t.Fatalf("%s: %d, no pagination", c.page, code)
		}
		hasAll(t, c.page, page, c.want, c.not)
	}
}

// lastMonth is a moment in the month before this one: figures for
// anyone but a lead stop at the end of it (members.Settled).
func lastMonth() (at time.Time, end string) {
	now := time.Now().Add(-members.SettleAfter).UTC()
	at = now.AddDate(0, 0, -now.Day()) // the last day of last month
	return at, at.Format("2 January 2006")
}

// storeMembers stores n members of network id as joining at when; the
// first allies of them are allies.
func storeMembers(t *testing.T, f *netFixture, id int64, n, allies int, when time.Time, prefix string) []members.Member {
	t.Helper()
	list := make([]members.Member, n)
	for i := range list {
		list[i] = members.Member{Name: memberName, Email: fmt.Sprintf("%s%d@example.nhs.uk", prefix, i), Ally: i < allies,
			ConsentText: members.DefaultConsent, ConsentedOn: when, JoinedOn: when}
	}
	if err := f.db.AddDemoMembers(context.Background(), id, list, members.Settings{Accepts: true, ConsentText: members.DefaultConsent}, nil, when); err != nil {
		t.Fatal(err)
	}
	return list
}

// Twelve members who joined last month, eleven of them allies: a sponsor
// sees neither the twelve nor the eleven, on the members page, the
// overview and the board summary alike, nor the month's row; the lead
// sees both. Allies withheld beside a total are 11 or more with fewer
// than 11 others, and beside 12 members only 11 allies and 1 other fit,
// so the 12 would give the one member who is not an ally away.
func TestMemberFiguresHideTheRest(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		lead, _, sponsor, _ := f.leadAndSponsor(t, "-rest")
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		when, end := lastMonth()
		storeMembers(t, f, f.a.ID, 12, 11, when, "m")
		exact := "Members: <strong>12</strong>, of whom allies: <strong>11</strong>"
		hidden := "Members on " + end + ": <strong>not shown</strong>, of whom allies: <strong>not shown</strong>"
		for _, p := range []string{"/members", "", "/board"} {
			if _, page := body(t, lead, base+p); !strings.Contains(page, exact) {
				t.Errorf("the lead's %q page lacks %q", p, exact)
			}
			_, page := body(t, sponsor, base+p)
			if !strings.Contains(page, hidden) || strings.Contains(page, "<strong>11</strong>") {
				t.Errorf("the sponsor's %q page does not hide the allies' count", p)
			}
		}
		// The month's row cannot show its 12 joined either: allies
		// withheld beside a total are 11 or more with fewer than 11
		// others, and beside 12 only 11 allies and 1 other fit.
		_, page := body(t, sponsor, base+"/members")
		row := regexp.MustCompile(`Joined </span>([^<]*)</td>.*?Allies joined </span>([^<]*)</td>`).FindStringSubmatch(strings.ReplaceAll(page, "\n", ""))
		if row == nil || row[1] != "not shown" || row[2] != "not shown" {
			t.Errorf("the month's joined and allies joined read %q, want both \"not shown\"", row)
		}
	})
}

// TestMembersNowHidesLeavers: 15 joined last month and 2 of them were
// removed. Members on its last day, 13, beside the month's 15 joined would
// give the 2 away: a sponsor sees the 13, as members now is the figure
// wanted most, and the month's joined withheld, on the members page, the
// overview and the board summary; the lead sees both.
func TestMembersNowHidesLeavers(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		lead, _, sponsor, _ := f.leadAndSponsor(t, "-now")
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		when, end := lastMonth()
		list := storeMembers(t, f, f.a.ID, 15, 0, when, "n")
		for _, m := range list[:2] {
			if err := f.db.DeleteMember(context.Background(), m.ID, when); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range []string{"/members", "", "/board"} {
			if _, page := body(t, lead, base+p); !strings.Contains(page, "Members: <strong>13</strong>") {
				t.Errorf("the lead's %q page lacks the 13 members", p)
			}
			_, page := body(t, sponsor, base+p)
			page = strings.ReplaceAll(page, "\n", "")
			if !strings.Contains(page, "Members on "+end+": <strong>13</strong>") || !strings.Contains(page, "Joined </span>not shown</td>") || strings.Contains(page, "Joined </span>15</td>") {
				t.Errorf("the sponsor's %q page shows both members now and the month's joined", p)
			}
		}
	})
}

// TestFiguresSettleAtMonthEnd: 12 joined last month. This month 3 more
// join, one of them an ally, and one of last month's is removed. The lead
// sees 14 now; a sponsor, and the cost–benefit report for the sponsor,
// still see last month's 12 and no row for this month, so looking before
// and after someone joins shows nothing. Pending sign-ups are the lead's
// alone.
func TestFiguresSettleAtMonthEnd(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		lead, leadCSRF, sponsor, _ := f.leadAndSponsor(t, "-settle")
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		when, end := lastMonth()
		list := storeMembers(t, f, f.a.ID, 12, 0, when, "s")
		acceptMembers(t, lead, leadCSRF, base)
		_, before := body(t, sponsor, base+"/members")
		code, benefitBefore := body(t, sponsor, base+"/cost-benefit")
		if code != http.StatusOK {
			t.Fatalf("the sponsor's cost–benefit report: %d", code)
		}
		for i := range 3 {
			ally := "no"
			if i == 0 {
				ally = "yes"
			}
			joinAndConfirm(t, f, nid(f.a), fmt.Sprintf("new%d@example.nhs.uk", i), url.Values{"ally": {ally}})
		}
		if err := f.db.DeleteMember(context.Background(), list[0].ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, page := body(t, lead, base+"/members"); !strings.Contains(page, "Members: <strong>14</strong>, of whom allies: <strong>1</strong>") {
			t.Error("the lead does not see the 14 members now")
		}
		thisMonth := time.Now().UTC().Format("January 2006")
		for _, p := range []string{"/members", "", "/board"} {
			_, page := body(t, sponsor, base+p)
			if !strings.Contains(page, "Members on "+end+": <strong>12</strong>, of whom allies: <strong>0</strong>") {
				t.Errorf("the sponsor's %q page does not show the 12 members on %s", p, end)
			}
			if strings.Contains(page, ">"+thisMonth+"<") || strings.Contains(page, "Waiting to confirm") {
				t.Errorf("the sponsor's %q page shows this month's changes or the sign-ups waiting", p)
			}
		}
		if _, after := body(t, sponsor, base+"/members"); after != before {
			t.Error("the sponsor's members page changed when people joined this month")
		}
		_, benefitAfter := body(t, sponsor, base+"/cost-benefit")
		if benefitAfter != benefitBefore {
			t.Error("the sponsor's cost–benefit report changed when people joined this month")
		}
		if !strings.Contains(benefitAfter, "Members on "+end+" (allies included)") {
			t.Errorf("the sponsor's cost–benefit report does not say which day its members are of")
		}

		if _, page := body(t, lead, base+"/cost-benefit"); !strings.Contains(page, "Members now (allies included)") {
			t.Errorf("the lead's cost–benefit report does not show members now")
		}
	})
}
