package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/facility"
)

// TestCostBenefitMatchesExports checks that the cost–benefit report's
// figures are the facility-time report's (what staffnet time report
// writes: both are store.FacilityReport) and the budget export's, and
// that member counts are suppressed for all but the network's lead.
func TestCostBenefitMatchesExports(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		ctx := context.Background()
		l := addTimeLeader(t, f.db, f.a, "ada@nhs.net", "Ada Leader")
		var weeks []facility.Week
		for i := range 10 {
			weeks = append(weeks, facility.Week{LeaderID: l.ID, Start: time.Date(2025, 10, 6+7*i, 0, 0, 0, 0, time.UTC), Band: "8a", PayPoint: 2, Hourly: 2991, Agreed: 375, Used: 425})
		}
		if err := f.db.SaveFacilityWeeks(ctx, f.a.ID, weeks); err != nil {
			t.Fatal(err)
		}
		f.db.SetFacilityOnCost(ctx, f.a.ID, 2000)
		addBudgetLine(t, f.db, f.a, 12999)
		addBudgetLine(t, f.db, f.a, 5001)
		addConsultation(t, f.db, f.a)
		lead, _, sponsor, _ := f.leadAndSponsor(t, "")
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		var timeRep facility.Report
		_, js := body(t, lead, base+"/time/download/json?year=2025")
		if err := json.Unmarshal([]byte(js), &timeRep); err != nil {
			t.Fatal(err)
		}
		var budgetRep struct {
			Spent json.Number `json:"spent_gbp"`
		}
		_, js = body(t, lead, base+"/budget/download/json?year=2025")
		if err := json.Unmarshal([]byte(js), &budgetRep); err != nil {
			t.Fatal(err)
		}
		// By hand: 42.50 hours × £29.91 = £1,271.18 (1271.175 → .18), on-cost
		// 20% £254.24; budget spent £129.99 + £50.01 = £180.00.
		if got := timeRep.Networks[0].Cost; got != 127118 || budgetRep.Spent != "180.00" {
			t.Fatalf("exports: time %v, budget %s", got, budgetRep.Spent)
		}
		code, xl := body(t, lead, base+"/cost-benefit/download/xlsx?year=2025")
		if code != 200 {
			t.Fatalf("xlsx: %d", code)
		}
		wb, err := excelize.OpenReader(strings.NewReader(xl))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := wb.GetRows("Cost-benefit")
		got := map[string]string{}
		for _, r := range rows[1:] {
			if len(r) == 4 {
				got[r[2]] = r[3]
			}
		}
		for name, want := range map[string]string{
			"Facility time: cost of leaders' hours":    facility.Money(timeRep.Networks[0].Cost).String()[2:], // "1,271.18" without "£"
			"Facility time: employer on-cost":          "254.24",
			"Budget: spent":                            string(budgetRep.Spent),
			"Papers the organisation sent for comment": "1",
		} {
			if g := strings.ReplaceAll(got[name], ",", ""); g != strings.ReplaceAll(want, ",", "") {
				t.Errorf("%s: XLSX %q, exports %q", name, got[name], want)
			}
		}
		for who, c := range map[string]*http.Client{"lead": lead, "sponsor": sponsor} {
			code, page := body(t, c, base+"/cost-benefit?year=2025")
			if code != 200 || !strings.Contains(page, "£1,271.18") || !strings.Contains(page, "£180.00") || !strings.Contains(page, `class="chart"`) {
				t.Errorf("%s: page %d", who, code)
			}
			// The network has no members: 0 is shown to both; names never.
			if strings.Contains(page, "Ada Leader") {
				t.Errorf("%s sees a leader's name in the cost–benefit report", who)
			}
		}
		if _, page := body(t, lead, base+"/board"); !strings.Contains(page, "/cost-benefit") {
			t.Error("the board summary does not link the cost–benefit report")
		}
	})
}
