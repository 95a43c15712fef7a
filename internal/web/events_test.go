package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/pay"
	"staffnet/internal/store"
)

// inDays is a London date n days from now, as a form's date value.
func inDays(n int) string {
	return time.Now().In(network.London).AddDate(0, 0, n).Format(time.DateOnly)
}

// get fetches u and returns status, content type and body.
func get(t *testing.T, c *http.Client, u string) (int, string, string) {
	t.Helper()
	res, b := dirGet(t, c, u)
	return res.StatusCode, res.Header.Get("Content-Type"), b
}

// parseICS reads a calendar with an independent parser.
func parseICS(t *testing.T, s string) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(s))
	if err != nil {
		t.Fatalf("calendar does not parse: %v\n%s", err, s)
	}
	return cal
}

func summaries(cal *ics.Calendar) []string {
	var out []string
	for _, e := range cal.Events() {
		out = append(out, e.GetProperty(ics.ComponentPropertySummary).Value)
	}
	return out
}

func TestMeetingFlow(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		lead, csrf, sponsor, sponsorCSRF := f.leadAndSponsor(t, "-a")
		orgAdmin, _ := netAccount(t, f.app, "orgadmin", auth.OrgAdmin, "RJ1", 0)
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		_, page := body(t, lead, base)
		if !strings.Contains(page, "next meeting") {
			t.Fatal("overview without a meeting should flag the next meeting")
		}
		form := url.Values{"_csrf": {csrf}, "date": {inDays(14)}, "start_time": {"12:30"}, "end_time": {"13:30"}, "place": {"Room 4, Education Centre"},
			"agenda": {"1. Welcome\n2. WRES data"}, "papers": {"WRES report https://example.org/wres"}, "attendance": {"9"},
			"attendees": {"Ada Example (demo)"}, "attendees_consent": {"true"}, "publish": {"true"},
			"action_rows": {"1"}, "actions-0-text": {"Ask the board for protected time"}, "actions-0-owner": {"Chair"}}
		// Bad input: each rule gives an error and nothing is stored.
		bad := formWith(form, "end_time", "11:00", "papers", "just a title", "minutes_status", "approved")
		bad.Del("attendees_consent")
		code, _, page := postForm(t, lead, base+"/meetings/new", bad)
		hasAll(t, "errors", page, []string{`href="#end_time"`, `href="#papers"`, `href="#attendees_consent"`, `href="#minutes"`, `href="#approved_on"`, "<title>Error: "}, nil)
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "Room 4, Education Centre") {
			t.Errorf("bad meeting: %d, or typed values lost", code)
		}
		if ms, _ := f.db.Meetings(ctx, f.a.ID); len(ms) != 0 {
			t.Fatalf("bad meeting stored: %d", len(ms))
		}
		code, loc, _ := postForm(t, lead, base+"/meetings/new", form)
		if code != http.StatusSeeOther {
			t.Fatalf("save: %d", code)
		}
		loc, _, _ = strings.Cut(loc, "?")
		_, page = body(t, lead, f.srv.URL+loc)
		if !strings.Contains(page, "Ada Example (demo)") || !strings.Contains(page, "WRES report") {
			t.Error("the lead does not see the meeting's names and papers")
		}
		// The sponsor and the organisation's admin read the meeting, not the names.
		for _, c := range []*http.Client{sponsor, orgAdmin} {
			code, page := body(t, c, f.srv.URL+loc)
			if code != 200 || strings.Contains(page, "Ada Example (demo)") || !strings.Contains(page, "WRES report") {
				t.Errorf("reader: %d, names shown %v", code, strings.Contains(page, "Ada Example (demo)"))
			}
		}
		// The hand-kept dates' form stays empty: the meeting's date is not
		// copied into it, so it cannot outlive the meeting.
		_, page = body(t, lead, base+"/meetings")
		if !strings.Contains(page, `id="next_meeting" name="next_meeting" type="date" value=""`) || !strings.Contains(page, "Next meeting members have been told about: "+network.FormatDate(network.Day(time.Now().In(network.London).AddDate(0, 0, 14)))) {
			t.Error("meetings page: the hand-kept form holds the meeting's date, or the merged date is missing")
		}
		_, page = body(t, lead, base)
		if strings.Contains(page, "Members have not been told the date of the next meeting") {
			t.Error("overview still flags the next meeting")
		}
		// The calendar file parses and keeps its UID across an edit.
		res, err := lead.Get(f.srv.URL + loc + "/meeting.ics")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("a network's own calendar file is cached: %q", cc)
		}
		code, ctype, cal := get(t, lead, f.srv.URL+loc+"/meeting.ics")
		if code != 200 || !strings.HasPrefix(ctype, "text/calendar") {
			t.Fatalf("meeting.ics: %d %s", code, ctype)
		}
		uid := parseICS(t, cal).Events()[0].Id()
		form.Set("place", "Room 5")
		if code, _, _ := postForm(t, lead, f.srv.URL+loc+"/edit", form); code != http.StatusSeeOther {
			t.Fatalf("edit: %d", code)
		}
		_, _, cal = get(t, lead, f.srv.URL+loc+"/meeting.ics")
		ev := parseICS(t, cal).Events()[0]
		if ev.Id() != uid || ev.GetProperty(ics.ComponentPropertySequence).Value != "1" || ev.GetProperty(ics.ComponentPropertyLocation).Value != "Room 5" {
			t.Errorf("after edit: uid %s (was %s)", ev.Id(), uid)
		}
		// The action becomes a work-plan objective, once.
		_, page = body(t, lead, f.srv.URL+loc)
		m := regexp.MustCompile(`action="(/my/networks/\d+/meetings/\d+/actions/0/objective)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no add-to-work-plan button")
		}
		if code, _, _ := postForm(t, lead, f.srv.URL+m[1], url.Values{"_csrf": {csrf}}); code != http.StatusSeeOther {
			t.Fatalf("to objective: %d", code)
		}
		if code, _, _ := postForm(t, lead, f.srv.URL+m[1], url.Values{"_csrf": {csrf}}); code != http.StatusConflict {
			t.Errorf("second add: %d", code)
		}
		plans, _ := f.db.WorkPlans(ctx, f.a.ID)
		if len(plans) != 1 || plans[0].Objectives[0].Title != "Ask the board for protected time" || plans[0].Objectives[0].FromMeeting == 0 {
			t.Errorf("work plan %+v", plans)
		}
		// The work-plan form carries the objective's source through a save.
		_, page = body(t, lead, base+"/work-plan")
		hidden := fmt.Sprintf(`name="objectives-0-from_meeting" value="%d"`, plans[0].Objectives[0].FromMeeting)
		if !strings.Contains(page, hidden) || !strings.Contains(page, "An action agreed at") {
			t.Error("work-plan form drops the meeting the objective came from")
		}
		wp := url.Values{"_csrf": {csrf}, "rows": {"1"}, "objectives-0-title": {"Ask the board for protected time"}, "objectives-0-owner": {"Chair"},
			"objectives-0-status": {"in_progress"}, "objectives-0-percent_done": {"10"}, "objectives-0-from_meeting": {fmt.Sprint(plans[0].Objectives[0].FromMeeting)}}
		if code, _, _ := postForm(t, lead, base+"/work-plan", wp); code != http.StatusSeeOther {
			t.Fatalf("work plan save: %d", code)
		}
		if plans, _ := f.db.WorkPlans(ctx, f.a.ID); len(plans) != 2 || plans[1].Objectives[0].FromMeeting == 0 {
			t.Errorf("source lost on save: %+v", plans)
		}
		// The public page shows the published next meeting and its calendar file.
		_, page = body(t, &http.Client{}, f.srv.URL+"/networks/"+nid(f.a))
		if !strings.Contains(page, "Next meeting:") || !strings.Contains(page, "Room 5") || strings.Contains(page, "WRES data") {
			t.Error("public page: next meeting missing, or the agenda shown")
		}
		// Deleting: not by the sponsor; by the lead, and then it is gone.
		if got := status(t, sponsor, "POST", f.srv.URL+loc+"/delete", url.Values{"_csrf": {sponsorCSRF}}); got != http.StatusForbidden {
			t.Errorf("sponsor deletes a meeting: %d", got)
		}
		if code, _, _ := postForm(t, lead, f.srv.URL+loc+"/delete", url.Values{"_csrf": {csrf}}); code != http.StatusSeeOther {
			t.Fatalf("delete: %d", code)
		}
		if ms, _ := f.db.Meetings(ctx, f.a.ID); len(ms) != 0 {
			t.Errorf("%d meetings left", len(ms))
		}
		if plans, _ := f.db.WorkPlans(ctx, f.a.ID); len(plans[len(plans)-1].Objectives) != 1 {
			t.Error("deleting the meeting took its objective out of the work plan")
		}
	})
}

// signUp fetches the sign-up form (for its cookie and token) and sends
// it. A full event shows no form; then the token of the client's earlier
// visit is sent, as a form left open in another tab would.
func signUp(t *testing.T, c *http.Client, u, name, email string) (int, string) {
	t.Helper()
	_, page := body(t, c, u)
	token := ""
	if m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page); m != nil {
		token = m[1]
	} else {
		cu, _ := url.Parse(u)
		for _, ck := range c.Jar.Cookies(cu) {
			if ck.Name == "staffnet_form" {
				token = ck.Value
			}
		}
	}
	code, _, page := postForm(t, c, u, url.Values{"_csrf": {token}, "name": {name}, "email": {email}})
	return code, page
}

func publicClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

func TestEventFlow(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		lead, csrf, sponsor, _ := f.leadAndSponsor(t, "-a")
		orgAdmin, _ := netAccount(t, f.app, "orgadmin", auth.OrgAdmin, "RJ1", 0)
		leadC, _ := netAccount(t, f.app, "lead-c", auth.NetworkLead, "RQM", f.c.ID)
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		form := url.Values{"_csrf": {csrf}, "title": {"Windrush Day lunch"}, "description": {"Food, stories; music, and a talk"},
			"date": {inDays(20)}, "start_time": {"12:30"}, "end_time": {"13:30"}, "place": {"Atrium"}, "accessibility": {"Step-free; hearing loop"},
			"capacity": {"2"}, "visibility": {"public"}, "co_hosts_other": {nid(f.c)}}
		// The suggested dates, and adopting one.
		_, page := body(t, lead, base+"/events")
		if !strings.Contains(page, "National Day for Staff Networks") || !strings.Contains(page, base[len(f.srv.URL):]+"/events/new?suggestion=black_history_month") {
			t.Error("events page: no suggestions to adopt")
		}
		_, page = body(t, lead, base+"/events/new?suggestion=black_history_month")
		if !strings.Contains(page, `value="Black History Month"`) || !regexp.MustCompile(`id="date" name="date" type="date" value="\d{4}-10-0[1-5]"`).MatchString(page) {
			t.Error("adopting Black History Month does not fill in the form")
		}
		if _, page := body(t, sponsor, base+"/events"); strings.Contains(page, "suggestion=") {
			t.Error("the sponsor is offered to adopt a suggestion")
		}
		// Bad input: a past date, a missing co-host, a negative capacity.
		for field, value := range map[string]string{"date": inDays(-1), "co_hosts_other": "999999", "capacity": "-1", "visibility": "all"} {
			code, _, page := postForm(t, lead, base+"/events/new", formWith(form, field, value))
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, `href="#`+field+`"`) {
				t.Errorf("%s %q: %d, no error for the field", field, value, code)
			}
		}
		if es, _ := f.db.Events(ctx, store.EventFilter{NetworkID: f.a.ID}); len(es) != 0 {
			t.Fatalf("bad events stored: %d", len(es))
		}
		code, loc, _ := postForm(t, lead, base+"/events/new", form)
		if code != http.StatusSeeOther {
			t.Fatalf("save: %d", code)
		}
		loc, _, _ = strings.Cut(loc, "?")
		private := formWith(form, "title", "Members-only planning session", "visibility", "members")
		private.Del("co_hosts_other")
		if code, _, _ := postForm(t, lead, base+"/events/new", private); code != http.StatusSeeOther {
			t.Fatal("members' event not saved")
		}
		es, _ := f.db.Events(ctx, store.EventFilter{NetworkID: f.a.ID})
		var pub, priv int64
		for _, e := range es {
			if e.Public() {
				pub = e.ID
			} else {
				priv = e.ID
			}
		}
		// The public page lists the public event only, with its sign-up link.
		anyone := publicClient()
		_, page = body(t, anyone, f.srv.URL+"/networks/"+nid(f.a))
		if !strings.Contains(page, "Windrush Day lunch") || strings.Contains(page, "Members-only") {
			t.Error("public page: public event missing or members' event shown")
		}
		_, page = body(t, anyone, f.srv.URL+"/networks/"+nid(f.c))
		if !strings.Contains(page, "Windrush Day lunch") {
			t.Error("the co-host's public page does not list the joint event")
		}
		eventURL := fmt.Sprintf("%s/networks/%s/events/%d", f.srv.URL, nid(f.a), pub)
		if code, _ := body(t, anyone, fmt.Sprintf("%s/networks/%s/events/%d", f.srv.URL, nid(f.a), priv)); code != 404 {
			t.Errorf("members' event public page: %d", code)
		}
		if code, _ := body(t, anyone, fmt.Sprintf("%s/networks/%s/events/%d", f.srv.URL, nid(f.b), pub)); code != 404 {
			t.Errorf("event through an unrelated network: %d", code)
		}
		// Sign-ups: bad email, success, duplicate (any case), full.
		if code, page := signUp(t, anyone, eventURL+"/rsvp", "Ada", "not-an-email"); code != 422 || !strings.Contains(page, `href="#email"`) {
			t.Errorf("bad email: %d", code)
		}
		if code, _ := signUp(t, anyone, eventURL+"/rsvp", "Ada Example", "ada@example.nhs.uk"); code != 303 {
			t.Fatalf("sign-up: %d", code)
		}
		if code, page := signUp(t, anyone, eventURL+"/rsvp", "Ada Again", "ADA@example.nhs.uk"); code != 422 || !strings.Contains(page, "already signed up") {
			t.Errorf("duplicate: %d", code)
		}
		if code, _ := signUp(t, anyone, eventURL+"/rsvp", "Bo Example", "bo@example.nhs.uk"); code != 303 {
			t.Fatalf("second sign-up: %d", code)
		}
		if code, page := signUp(t, anyone, eventURL+"/rsvp", "Cy Example", "cy@example.nhs.uk"); code != 422 || !strings.Contains(page, "full") {
			t.Errorf("over capacity: %d", code)
		}
		if rs, _ := f.db.RSVPs(ctx, pub); len(rs) != 2 {
			t.Errorf("%d sign-ups stored", len(rs))
		}
		// Without the form's token nothing is stored.
		if code, _, _ := postForm(t, publicClient(), eventURL+"/rsvp", url.Values{"name": {"Di"}, "email": {"di@example.nhs.uk"}}); code != 403 {
			t.Errorf("sign-up without token: %d", code)
		}
		// Names: the lead sees them; sponsor, org admin and the co-host's lead see the count only.
		_, page = body(t, lead, f.srv.URL+loc)
		if !strings.Contains(page, "bo@example.nhs.uk") || !strings.Contains(page, "2 signed up of 2 places") {
			t.Error("lead does not see the sign-ups")
		}
		for name, c := range map[string]*http.Client{"sponsor": sponsor, "org admin": orgAdmin} {
			code, page := body(t, c, f.srv.URL+loc)
			if code != 200 || strings.Contains(page, "bo@example.nhs.uk") || strings.Contains(page, "Bo Example") || !strings.Contains(page, "2 signed up") {
				t.Errorf("%s: %d, or names shown", name, code)
			}
		}
		code, page = body(t, leadC, fmt.Sprintf("%s/my/networks/%s/events/%d", f.srv.URL, nid(f.c), pub))
		if code != 200 || strings.Contains(page, "Bo Example") || strings.Contains(page, "/edit") {
			t.Errorf("co-host lead: %d, or names or edit shown", code)
		}
		// Removing a sign-up: the lead only.
		for name, c := range map[string]*http.Client{"sponsor": sponsor, "org admin": orgAdmin, "co-host lead": leadC} {
			_, page := body(t, c, f.srv.URL+"/my/networks")
			m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page)
			if m == nil {
				t.Fatalf("%s: no token", name)
			}
			path := loc
			if name == "co-host lead" {
				path = fmt.Sprintf("/my/networks/%s/events/%d", nid(f.c), pub)
			}
			if code, _, _ := postForm(t, c, f.srv.URL+path+"/rsvps/remove", url.Values{"_csrf": {m[1]}, "email": {"bo@example.nhs.uk"}}); code != 403 {
				t.Errorf("%s removes a sign-up: %d", name, code)
			}
			if name == "org admin" {
				continue // may delete the event: an editor of the network
			}
			if code, _, _ := postForm(t, c, f.srv.URL+path+"/delete", url.Values{"_csrf": {m[1]}}); code != 403 && code != 404 {
				t.Errorf("%s deletes the event: %d", name, code)
			}
		}
		if code, _, _ := postForm(t, lead, f.srv.URL+loc+"/rsvps/remove", url.Values{"_csrf": {csrf}, "email": {"BO@example.nhs.uk"}}); code != 303 {
			t.Errorf("lead removes a sign-up: %d", code)
		}
		if rs, _ := f.db.RSVPs(ctx, pub); len(rs) != 1 || rs[0].Email != "ada@example.nhs.uk" {
			t.Errorf("after removal: %+v", rs)
		}
		if code, _ := signUp(t, anyone, eventURL+"/rsvp", "Cy Example", "cy@example.nhs.uk"); code != 303 {
			t.Errorf("a freed place is not taken: %d", code)
		}
		// Feeds: public events only, parsed by a real parser.
		for _, feed := range []string{"/networks/" + nid(f.a) + "/events.ics", "/networks/" + nid(f.c) + "/events.ics", "/organisations/RJ1/events.ics", "/organisations/rqm/events.ics"} {
			code, ctype, s := get(t, anyone, f.srv.URL+feed)
			if code != 200 || !strings.HasPrefix(ctype, "text/calendar") {
				t.Fatalf("%s: %d %s", feed, code, ctype)
			}
			got := summaries(parseICS(t, s))
			if !slices.Equal(got, []string{"Windrush Day lunch"}) {
				t.Errorf("%s: events %q", feed, got)
			}
			if strings.Contains(s, "Members-only") {
				t.Errorf("%s shows a members' event", feed)
			}
		}
		if res, err := anyone.Get(f.srv.URL + "/networks/" + nid(f.a) + "/events.ics"); err != nil || res.Header.Get("Cache-Control") != "public, max-age=900" {
			t.Errorf("feed cache: %v %v", err, res.Header.Get("Cache-Control"))
		} else {
			res.Body.Close()
		}
		if code, _, _ := get(t, anyone, f.srv.URL+"/organisations/NOPE/events.ics"); code != 404 {
			t.Errorf("unknown organisation feed: %d", code)
		}
		// Editing keeps the UID; the description's commas survive.
		_, _, s := get(t, anyone, eventURL+"/event.ics")
		ev := parseICS(t, s).Events()[0]
		uid := ev.Id()
		if d := ev.GetProperty(ics.ComponentPropertyDescription).Value; !strings.Contains(d, "Food, stories; music") || !strings.Contains(d, "Accessibility: Step-free; hearing loop") {
			t.Errorf("description %q", d)
		}
		form.Set("title", "Windrush Day lunch and talk")
		if code, _, _ := postForm(t, lead, f.srv.URL+loc+"/edit", form); code != 303 {
			t.Fatalf("edit: %d", code)
		}
		_, _, s = get(t, anyone, eventURL+"/event.ics")
		if ev := parseICS(t, s).Events()[0]; ev.Id() != uid || ev.GetProperty(ics.ComponentPropertySummary).Value != "Windrush Day lunch and talk" {
			t.Errorf("after edit: %s", ev.Id())
		}
		// Deleting the members' event deletes it; the public one stays.
		if code, _, _ := postForm(t, lead, fmt.Sprintf("%s/events/%d/delete", base, priv), url.Values{"_csrf": {csrf}}); code != 303 {
			t.Errorf("delete: %d", code)
		}
		if es, _ := f.db.Events(ctx, store.EventFilter{NetworkID: f.a.ID}); len(es) != 1 || es[0].ID != pub {
			t.Errorf("after delete: %d events", len(es))
		}
		// Both are in the audit log, without the removed address.
		entries, _ := f.db.AuditPage(ctx, 0, 50)
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
			if strings.Contains(e.Detail+e.Target, "bo@example.nhs.uk") {
				t.Error("audit log holds a sign-up's address")
			}
		}
		if !slices.Contains(actions, "event deleted") || !slices.Contains(actions, "event sign-up removed") {
			t.Errorf("audit log %q", actions)
		}
	})
}

// TestEventAuthorisation tries every role on every meeting and event
// route of network a, and a lead of network b on a's ids through b's
// address.
func TestEventAuthorisation(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		start := time.Now().AddDate(0, 0, 10)
		m := &network.Meeting{NetworkID: f.a.ID, Start: start, End: start.Add(time.Hour), Place: "Room 1",
			Actions: []network.MeetingAction{{Text: "A1"}, {Text: "A2"}, {Text: "A3"}, {Text: "A4"}}}
		if err := f.db.CreateMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
		ev := &network.Event{NetworkID: f.a.ID, Title: "Talk", Start: start, End: start.Add(time.Hour), Place: "Hall", Visibility: network.VisibleMembers}
		if err := f.db.CreateEvent(ctx, ev); err != nil {
			t.Fatal(err)
		}
		type who struct {
			name string
			c    *http.Client
			csrf string
		}
		mk := func(name string, role auth.Role, org string, id int64) who {
			c, csrf := netAccount(t, f.app, name, role, org, id)
			return who{name, c, csrf}
		}
		everyone := []who{{"public", &http.Client{}, ""}, mk("admin", auth.Admin, "", 0), mk("national", auth.NationalViewer, "", 0),
			mk("orgadmin", auth.OrgAdmin, "RJ1", 0), mk("otheradmin", auth.OrgAdmin, "RQM", 0), mk("lead", auth.NetworkLead, "RJ1", f.a.ID),
			mk("otherlead", auth.NetworkLead, "RJ1", f.b.ID), mk("sponsor", auth.Sponsor, "RJ1", f.a.ID), mk("analyst", auth.Analyst, "", 0)}
		base := "/my/networks/" + nid(f.a)
		mt, et := fmt.Sprintf("%s/meetings/%d", base, m.ID), fmt.Sprintf("%s/events/%d", base, ev.ID)
		readWant := map[string]int{"admin": 200, "national": 200, "orgadmin": 200, "lead": 200, "sponsor": 200,
			"otheradmin": 404, "otherlead": 404, "analyst": 404, "public": http.StatusSeeOther}
		editors := []string{"admin", "orgadmin", "lead"}
		for _, u := range everyone {
			for _, path := range []string{base + "/meetings", mt, mt + "/meeting.ics", base + "/events", et, et + "/event.ics",
				base + "/meetings/new", mt + "/edit", base + "/events/new", et + "/edit"} {
				want := readWant[u.name]
				if strings.HasSuffix(path, "/new") || strings.HasSuffix(path, "/edit") {
					if want == 200 && !slices.Contains(editors, u.name) {
						want = http.StatusForbidden
					}
				}
				if got := status(t, u.c, "GET", f.srv.URL+path, nil); got != want {
					t.Errorf("%s GET %s: %d, want %d", u.name, path, got, want)
				}
			}
		}
		// A lead of network b, through b's own address, with a's ids.
		otherLead := everyone[6]
		bBase := "/my/networks/" + nid(f.b)
		for _, path := range []string{fmt.Sprintf("%s/meetings/%d", bBase, m.ID), fmt.Sprintf("%s/meetings/%d/meeting.ics", bBase, m.ID),
			fmt.Sprintf("%s/meetings/%d/edit", bBase, m.ID), fmt.Sprintf("%s/events/%d", bBase, ev.ID), fmt.Sprintf("%s/events/%d/edit", bBase, ev.ID),
			fmt.Sprintf("%s/events/%d/event.ics", bBase, ev.ID)} {
			if got := status(t, otherLead.c, "GET", f.srv.URL+path, nil); got != 404 {
				t.Errorf("other lead GET %s: %d, want 404", path, got)
			}
		}
		// Actions to the work plan: those who may change the plan, each once.
		action := 0
		for _, u := range everyone {
			path := fmt.Sprintf("%s/actions/%d/objective", mt, action)
			got := status(t, u.c, "POST", f.srv.URL+path, url.Values{"_csrf": {u.csrf}})
			allowed := slices.Contains(editors, u.name)
			switch {
			case u.name == "public":
				if got != http.StatusSeeOther {
					t.Errorf("public POST %s: %d", path, got)
				}
			case allowed:
				if got != http.StatusSeeOther {
					t.Errorf("%s POST %s: %d", u.name, path, got)
				}
				action++
			case got != http.StatusForbidden && got != http.StatusNotFound:
				t.Errorf("%s POST %s: %d, want 403 or 404", u.name, path, got)
			}
		}
		if got := status(t, otherLead.c, "POST", f.srv.URL+fmt.Sprintf("%s/meetings/%d/actions/3/objective", bBase, m.ID), url.Values{"_csrf": {otherLead.csrf}}); got != 404 {
			t.Errorf("other lead adds a's action through b: %d", got)
		}
		if got, _ := f.db.Meeting(ctx, f.a.ID, m.ID); got.Actions[3].ObjectiveAdded {
			t.Error("other lead's request changed a's meeting")
		}
		meetingForm := url.Values{"date": {inDays(5)}, "start_time": {"10:00"}, "end_time": {"11:00"}, "place": {"Room 9"}}
		eventForm := url.Values{"title": {"Changed"}, "date": {inDays(5)}, "start_time": {"10:00"}, "end_time": {"11:00"}, "place": {"Hall"}, "visibility": {"members"}}
		changes := []struct {
			path string
			form url.Values
			ok   []string
		}{
			{base + "/meetings/new", meetingForm, editors},
			{mt + "/edit", meetingForm, editors},
			{base + "/events/new", eventForm, editors},
			{et + "/edit", eventForm, editors},
			{base + "/meetings", url.Values{"last_minutes": {"2025-01-01"}, "next_meeting": {"2030-01-01"}}, editors},
			{fmt.Sprintf("%s/meetings/%d/edit", bBase, m.ID), meetingForm, []string{}},
			{fmt.Sprintf("%s/events/%d/edit", bBase, ev.ID), eventForm, []string{}},
		}
		for _, ch := range changes {
			for _, u := range everyone {
				v := url.Values{"_csrf": {u.csrf}}
				for k, x := range ch.form {
					v[k] = x
				}
				got := status(t, u.c, "POST", f.srv.URL+ch.path, v)
				allowed := slices.Contains(ch.ok, u.name)
				switch {
				case u.name == "public":
					if got != http.StatusSeeOther {
						t.Errorf("public POST %s: %d", ch.path, got)
					}
				case allowed && got != http.StatusSeeOther:
					t.Errorf("%s POST %s: %d, want 303", u.name, ch.path, got)
				case !allowed && got != http.StatusForbidden && got != http.StatusNotFound:
					t.Errorf("%s POST %s: %d, want 403 or 404", u.name, ch.path, got)
				}
			}
			if got := status(t, everyone[1].c, "POST", f.srv.URL+ch.path, ch.form); got != http.StatusForbidden {
				t.Errorf("admin POST %s without CSRF: %d", ch.path, got)
			}
		}
		// Deleting the event or the meeting, or removing a sign-up: refused to everyone
		// who may not edit the network or see its names.
		for _, u := range everyone {
			if slices.Contains(editors, u.name) {
				continue
			}
			for _, p := range []string{et + "/delete", et + "/rsvps/remove", mt + "/delete"} {
				got := status(t, u.c, "POST", f.srv.URL+p, url.Values{"_csrf": {u.csrf}, "email": {"x@example.nhs.uk"}})
				if want := map[bool]string{true: "redirect", false: "403/404"}[u.name == "public"]; (want == "redirect") != (got == http.StatusSeeOther) || (want == "403/404" && got != 403 && got != 404) {
					t.Errorf("%s POST %s: %d, want %s", u.name, p, got, want)
				}
			}
		}
		if e, _ := f.db.Event(ctx, f.a.ID, ev.ID); e.Sequence != 3 {
			t.Errorf("event changed %d times, want 3 (one per editor)", e.Sequence)
		}
	})
}

// TestMemberEventSignUp: a confirmed member signs up for a members-only
// event from their own membership page, with the name and email of their
// membership; a second sign-up, a full event and a past one are refused
// with the reason in the error summary and nothing changes; a member of
// another network gets 404; the lead sees the member's name.
func TestMemberEventSignUp(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := netApp(t, db)
		leadA, csrfA := netAccount(t, f.app, "lead-a", auth.NetworkLead, "RJ1", f.a.ID)
		leadB, csrfB := netAccount(t, f.app, "lead-b", auth.NetworkLead, "RJ1", f.b.ID)
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		acceptMembers(t, leadA, csrfA, base)
		acceptMembers(t, leadB, csrfB, f.srv.URL+"/my/networks/"+nid(f.b))

		day := time.Now().In(network.London).AddDate(0, 0, 10)
		start := time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, network.London)
		mk := func(net int64, title string, start time.Time, capacity int, coHosts ...int64) *network.Event {
			e := &network.Event{NetworkID: net, Title: title, Start: start, End: start.Add(time.Hour), Place: "Atrium",
				Capacity: capacity, Visibility: network.VisibleMembers, CoHosts: coHosts}
			if err := db.CreateEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
			return e
		}
		small := mk(f.a.ID, "Members' lunch", start, 1)
		past := mk(f.a.ID, "Last month's lunch", start.AddDate(0, 0, -40), 0)
		pride := mk(f.b.ID, "Pride members' picnic", start, 0)
		joint := mk(f.c.ID, "Joint members' forum", start.Add(24*time.Hour), 0, f.a.ID)

		zara := f.srv.URL + joinAndConfirm(t, f, nid(f.a), "zara.member@example.nhs.uk", nil)
		yusuf := f.srv.URL + joinAndConfirm(t, f, nid(f.a), "yusuf.member@example.nhs.uk", nil)
		xena := f.srv.URL + joinAndConfirm(t, f, nid(f.b), "xena.member@example.nhs.uk", nil)
		c := &http.Client{}
		at := func(manage string, e *network.Event) string { return fmt.Sprintf("%s/events/%d", manage, e.ID) }
		taken := func(e *network.Event) int {
			t.Helper()
			rs, err := db.RSVPs(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(rs)
		}

		// The page lists the network's own and co-hosted upcoming events,
		// not another network's or past ones.
		code, page := body(t, c, zara)
		if code != 200 || !strings.Contains(page, "Members&#39; lunch") || !strings.Contains(page, "Joint members&#39; forum") ||
			!strings.Contains(page, "Sign up") || strings.Contains(page, "Pride members") || strings.Contains(page, "Last month") {
			t.Fatalf("membership page %d:\n%s", code, page)
		}

		// Signing up.
		code, loc, _ := postForm(t, c, at(zara, small), nil)
		if code != http.StatusSeeOther || taken(small) != 1 {
			t.Fatalf("sign up: %d, %d taken", code, taken(small))
		}
		if _, page := body(t, c, f.srv.URL+loc); !strings.Contains(page, "You are signed up") || !strings.Contains(page, "Cancel my place") {
			t.Error("after signing up, no confirmation or no cancel button")
		}
		if rs, _ := db.RSVPs(ctx, small.ID); rs[0].Email != "zara.member@example.nhs.uk" || rs[0].Name != memberName {
			t.Errorf("sign-up %+v", rs[0])
		}

		// Refusals: the reason in the error summary, nothing changed.
		refused := func(name, u string, e *network.Event, want string) {
			t.Helper()
			before := taken(e)
			code, _, page := postForm(t, c, u, nil)
			if code != http.StatusUnprocessableEntity || !strings.Contains(page, "nhsuk-error-summary") ||
				!strings.Contains(page, fmt.Sprintf(`href="#event-%d"`, e.ID)) || !strings.Contains(page, want) {
				t.Errorf("%s: %d, want %q in the error summary", name, code, want)
			}
			if taken(e) != before {
				t.Errorf("%s changed the sign-ups", name)
			}
		}
		refused("duplicate", at(zara, small), small, "You have already signed up for this event")
		refused("capacity", at(yusuf, small), small, "This event is full")
		refused("past", at(zara, past), past, "This event has already happened")
		refused("cancel without a place", at(zara, joint)+"/cancel", joint, "You have no place at this event to cancel")

		// Another network's member: not found, nothing changed.
		if code, _, _ := postForm(t, c, at(xena, small), nil); code != http.StatusNotFound || taken(small) != 1 {
			t.Errorf("another network's member: %d, %d taken", code, taken(small))
		}
		if code, _, _ := postForm(t, c, at(zara, pride), nil); code != http.StatusNotFound || taken(pride) != 0 {
			t.Errorf("another network's event: %d", code)
		}
		if code, _, _ := postForm(t, c, f.srv.URL+"/membership/not-a-token/events/"+fmt.Sprint(small.ID), nil); code != http.StatusNotFound {
			t.Errorf("dead link: %d", code)
		}

		// A co-hosted members-only event takes the co-host's members.
		if code, _, _ := postForm(t, c, at(yusuf, joint), nil); code != http.StatusSeeOther || taken(joint) != 1 {
			t.Errorf("co-hosted event: %d", code)
		}

		// The lead sees the member's name in the sign-up list.
		if _, page := body(t, leadA, fmt.Sprintf("%s/events/%d", base, small.ID)); !strings.Contains(page, memberName) ||
			!strings.Contains(page, "zara.member@example.nhs.uk") {
			t.Error("the lead's sign-up list has no member")
		}

		// Cancelling frees the place for the next member.
		if code, loc, _ := postForm(t, c, at(zara, small)+"/cancel", nil); code != http.StatusSeeOther || !strings.Contains(loc, "signed=off") || taken(small) != 0 {
			t.Errorf("cancel: %d %s", code, loc)
		}
		if code, _, _ := postForm(t, c, at(yusuf, small), nil); code != http.StatusSeeOther || taken(small) != 1 {
			t.Errorf("sign up after a cancel: %d", code)
		}
	})
}

// TestMemberEventCounts: everyone who signs up to a members' event is a
// member, so a sponsor sees its count as a count of members is shown:
// not before the event is over (it would move as members signed up), and
// then "fewer than 11" below 11. The lead sees the names and the count
// throughout, and a public event's count is shown to both. The
// cost–benefit report's sum of sign-ups shows for the sponsor only where
// every members' event in it does.
func TestMemberEventCounts(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		lead, _, sponsor, _ := f.leadAndSponsor(t, "-counts")
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		mk := func(title string, start time.Time, v network.Visibility, n int) *network.Event {
			t.Helper()
			e := &network.Event{NetworkID: f.a.ID, Title: title, Start: start, End: start.Add(time.Hour), Place: "Atrium", Visibility: v}
			if err := f.db.CreateEvent(ctx, e); err != nil {
				t.Fatal(err)
			}
			for i := range n {
				r := network.RSVP{Name: "Someone", Email: fmt.Sprintf("p%d-%d@example.nhs.uk", e.ID, i)}
				if err := f.db.AddRSVP(ctx, e.ID, r, start.Add(-time.Hour)); err != nil {
					t.Fatal(err)
				}
			}
			return e
		}
		// The three held events end an hour ago, all in one financial
		// year whatever the day.
		now, ago := time.Now(), time.Now().Add(-2*time.Hour)
		soon := mk("Members' lunch", now.Add(48*time.Hour), network.VisibleMembers, 3)
		held := mk("Members' breakfast", ago, network.VisibleMembers, 4)
		big := mk("Members' forum", ago, network.VisibleMembers, 12)
		open := mk("Open talk", ago, network.VisiblePublic, 5)
		for _, c := range []struct {
			e           *network.Event
			lead, other string
		}{
			{soon, "3 signed up", "shown once the event is over"},
			{held, "4 signed up", "fewer than 11 signed up"},
			{big, "12 signed up", "12 signed up"},
			{open, "5 signed up", "5 signed up"},
		} {
			u := fmt.Sprintf("%s/events/%d", base, c.e.ID)
			if _, page := body(t, lead, u); !strings.Contains(page, c.lead) {
				t.Errorf("%s: the lead's page lacks %q", c.e.Title, c.lead)
			}
			if _, page := body(t, sponsor, u); !strings.Contains(page, c.other) || (c.other != c.lead && strings.Contains(page, c.lead)) {
				t.Errorf("%s: the sponsor's page lacks %q or shows %q", c.e.Title, c.other, c.lead)
			}
		}
		_, list := body(t, sponsor, base+"/events")
		if !strings.Contains(list, "fewer than 11 signed up") || strings.Contains(list, "4 signed up") || strings.Contains(list, "3 signed up") {
			t.Error("the sponsor's event list shows a members' event's small count")
		}
		// The year's sign-ups: 3 (not yet held: not counted), 4, 12 and 5
		// make 21; the breakfast's 4 withheld, the sponsor sees no sum.
		sum := regexp.MustCompile(`Sign-ups to those events</dt><dd class="nhsuk-summary-list__value">([^<]*)<`)
		year := fmt.Sprintf("/cost-benefit?year=%d", pay.FinancialYear(ago))
		_, page := body(t, lead, base+year)
		if m := sum.FindStringSubmatch(page); m == nil || m[1] != "21" {
			t.Errorf("the lead's sum of sign-ups: %q", m)
		}
		_, page = body(t, sponsor, base+year)
		if m := sum.FindStringSubmatch(page); m == nil || m[1] != "not shown" {
			t.Errorf("the sponsor's sum of sign-ups: %q", m)
		}
	})
}
