package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/pay"
)

// TestMeetingAttendanceCounts: who comes to a BME network's meeting tells
// their ethnicity, so a sponsor reads a meeting's attendance as a count
// of members, "fewer than 11" below 11, on the meetings list and the
// meeting's page, and the cost–benefit report's sum only where every
// meeting in it shows its own; the lead sees every count.
func TestMeetingAttendanceCounts(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		lead, _, sponsor, _ := f.leadAndSponsor(t, "-attend")
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		ago := time.Now().Add(-3 * time.Hour)
		mk := func(n int) *network.Meeting {
			t.Helper()
			m := &network.Meeting{NetworkID: f.a.ID, Start: ago, End: ago.Add(time.Hour), Place: "Room 1", Attendance: n}
			if err := f.db.CreateMeeting(ctx, m); err != nil {
				t.Fatal(err)
			}
			return m
		}
		small, big := mk(6), mk(14)
		for _, c := range []struct {
			m           *network.Meeting
			lead, other string
		}{{small, "6", "fewer than 11"}, {big, "14", "14"}} {
			u := fmt.Sprintf("%s/meetings/%d", base, c.m.ID)
			row := regexp.MustCompile(`Attendance</dt><dd class="nhsuk-summary-list__value">([^<:]*)`)
			if _, page := body(t, lead, u); row.FindStringSubmatch(page) == nil || row.FindStringSubmatch(page)[1] != c.lead {
				t.Errorf("the lead reads attendance %q, want %q", row.FindStringSubmatch(page), c.lead)
			}
			if _, page := body(t, sponsor, u); row.FindStringSubmatch(page) == nil || row.FindStringSubmatch(page)[1] != c.other {
				t.Errorf("the sponsor reads attendance %q, want %q", row.FindStringSubmatch(page), c.other)
			}
		}
		_, list := body(t, sponsor, base+"/meetings")
		if !strings.Contains(list, "Attendance </span>fewer than 11</td>") || strings.Contains(list, "Attendance </span>6</td>") {
			t.Error("the sponsor's meetings list shows the small attendance")
		}
		sum := regexp.MustCompile(`Attendance at those meetings</dt><dd class="nhsuk-summary-list__value">([^<]*)<`)
		year := fmt.Sprintf("/cost-benefit?year=%d", pay.FinancialYear(ago))
		if _, page := body(t, lead, base+year); sum.FindStringSubmatch(page) == nil || sum.FindStringSubmatch(page)[1] != "20" {
			t.Errorf("the lead's attendance sum: %q", sum.FindStringSubmatch(page))
		}
		if _, page := body(t, sponsor, base+year); sum.FindStringSubmatch(page) == nil || sum.FindStringSubmatch(page)[1] != "not shown" {
			t.Errorf("the sponsor's attendance sum: %q", sum.FindStringSubmatch(page))
		}
	})
}

// TestCountsForEditorsAndMembers: an organisation's admin, who may edit
// the network's meetings but not see who came, gets no attendance field
// and cannot change the stored one; a member sees whether a members'
// event has places left, not how many, which would count the members
// signed up.
func TestCountsForEditorsAndMembers(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		lead, leadCSRF := netAccount(t, f.app, "lead-edit", auth.NetworkLead, "RJ1", f.a.ID)
		orgAdmin, csrf := netAccount(t, f.app, "orgadmin-edit", auth.OrgAdmin, "RJ1", 0)
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		ago := time.Now().In(network.London).Add(-3 * time.Hour).Truncate(time.Minute)
		m := &network.Meeting{NetworkID: f.a.ID, Start: ago, End: ago.Add(time.Hour), Place: "Room 1", Attendance: 6}
		if err := f.db.CreateMeeting(ctx, m); err != nil {
			t.Fatal(err)
		}
		edit := fmt.Sprintf("%s/meetings/%d/edit", base, m.ID)
		if _, page := body(t, orgAdmin, edit); strings.Contains(page, `name="attendance"`) || !strings.Contains(page, "leads record who came and how many") {
			t.Error("the organisation's admin is shown the attendance field")
		}
		form := url.Values{"_csrf": {csrf}, "date": {network.DateValue(ago)}, "start_time": {network.ClockValue(ago)},
			"end_time": {network.ClockValue(ago.Add(time.Hour))}, "place": {"Room 2"}, "attendance": {"99"}}
		if code, _, page := postForm(t, orgAdmin, edit, form); code != http.StatusSeeOther {
			t.Fatalf("the organisation's admin saving the meeting: %d\n%s", code, page)
		}
		if got, err := f.db.Meeting(ctx, f.a.ID, m.ID); err != nil || got.Attendance != 6 || got.Place != "Room 2" {
			t.Errorf("after the organisation's admin saved: %+v, %v", got, err)
		}
		if _, page := body(t, lead, edit); !strings.Contains(page, `name="attendance"`) {
			t.Error("the lead has no attendance field")
		}

		acceptMembers(t, lead, leadCSRF, base)
		e := &network.Event{NetworkID: f.a.ID, Title: "Members' lunch", Start: time.Now().Add(72 * time.Hour), Place: "Atrium",
			Capacity: 20, Visibility: network.VisibleMembers}
		e.End = e.Start.Add(time.Hour)
		if err := f.db.CreateEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
		for i := range 3 {
			if err := f.db.AddRSVP(ctx, e.ID, network.RSVP{Name: "Someone", Email: fmt.Sprintf("r%d@example.nhs.uk", i)}, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		manage := f.srv.URL + joinAndConfirm(t, f, nid(f.a), "counts.member@example.nhs.uk", nil)
		if _, page := body(t, &http.Client{}, manage); !strings.Contains(page, "Places left") || strings.Contains(page, "17 of 20") {
			t.Error("a member's page counts the places taken at a members' event")
		}
	})
}
