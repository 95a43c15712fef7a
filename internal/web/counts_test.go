package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

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
