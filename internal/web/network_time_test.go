package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/auth"
	"staffnet/internal/budget"
	"staffnet/internal/consult"
	"staffnet/internal/facility"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// addTimeLeader puts a leader on network n's facility-time register.
func addTimeLeader(t *testing.T, db *store.DB, n *network.Network, email, name string) *facility.Leader {
	t.Helper()
	l := &facility.Leader{NetworkID: n.ID, Email: email, Name: name, Role: network.RoleChair, Band: "8a", PayPoint: 2, Agreed: 375}
	if err := db.SaveFacilityLeader(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	return l
}

// addBudgetLine records money spent by network n.
func addBudgetLine(t *testing.T, db *store.DB, n *network.Network, pence int64) *budget.Line {
	t.Helper()
	l := &budget.Line{NetworkID: n.ID, Kind: budget.Spend, Date: time.Date(2025, 10, 20, 0, 0, 0, 0, time.UTC), Category: "events", Amount: pence, What: "Event"}
	if err := db.AddBudgetLine(context.Background(), l); err != nil {
		t.Fatal(err)
	}
	return l
}

// addConsultation logs a paper sent to network n.
func addConsultation(t *testing.T, db *store.DB, n *network.Network) *consult.Consultation {
	t.Helper()
	c := &consult.Consultation{NetworkID: n.ID, Title: "Flexible working policy", Owner: "Director of People", Kind: "policy",
		Received: time.Date(2025, 5, 2, 0, 0, 0, 0, time.UTC), Stage: "before", Outcome: "pending"}
	if err := db.SaveConsultation(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestConsultationsFlow(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		lead, csrf, _, _ := f.leadAndSponsor(t, "")
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		code, _, page := postForm(t, lead, base+"/consultations", url.Values{"_csrf": {csrf}, "title": {"Recruitment strategy"}, "kind": {"memo"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "nhsuk-error-summary") || !strings.Contains(page, "Recruitment strategy") {
			t.Fatalf("bad consultation: %d", code)
		}
		recent := time.Now().UTC().AddDate(0, -2, 0).Format(time.DateOnly)
		v := url.Values{"_csrf": {csrf}, "title": {"Recruitment strategy"}, "owner": {"Director of People"}, "kind": {"strategy"}, "received": {recent}, "stage": {"before"}, "outcome": {"pending"}}
		if code, _, _ := postForm(t, lead, base+"/consultations", v); code != http.StatusSeeOther {
			t.Fatalf("add: %d", code)
		}
		log, _ := f.db.Consultations(context.Background(), f.a.ID)
		v.Set("outcome", "partly")
		v.Set("outcome_learnt", time.Now().UTC().Format(time.DateOnly))
		if code, _, _ := postForm(t, lead, fmt.Sprintf("%s/consultations/%d", base, log[0].ID), v); code != http.StatusSeeOther {
			t.Fatalf("change: %d", code)
		}
		month := time.Now().UTC().AddDate(0, -1, 0).Format("2006-01")
		for _, p := range []url.Values{{"type": {"interview"}, "count": {"3"}}, {"type": {"grievance"}, "count": {"1"}}} {
			p.Set("_csrf", csrf)
			p.Set("month", month)
			if code, _, _ := postForm(t, lead, base+"/panels", p); code != http.StatusSeeOther {
				t.Fatalf("panels: %d", code)
			}
		}
		_, page = body(t, lead, base+"/panels")
		if !strings.Contains(page, "Interview </span>3</td>") {
			t.Error("panel counts not shown")
		}
		// The self-assessment shows them as evidence.
		_, page = body(t, lead, base+"/assessment")
		hasAll(t, "assessment page", page, []string{"sent the network 1 papers for comment, 1 of them before they were ratified", "sat on 4 panels (interview 3, disciplinary 0, grievance 1)",
			"adopted in full or in part for 1 of the 1 papers, and the network was told the outcome of 1"}, nil)
	})
}

func TestBudgetFlow(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		lead, csrf, _, _ := f.leadAndSponsor(t, "")
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		code, _, page := postForm(t, lead, base+"/budget", url.Values{"_csrf": {csrf}, "kind": {"spend"}, "category": {"events"}, "amount": {"-3"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "nhsuk-error-summary") {
			t.Fatalf("bad line: %d", code)
		}
		for _, v := range []url.Values{
			{"kind": {"allocation"}, "date": {"2025-04-01"}, "category": {"organisation"}, "amount": {"2,000"}},
			{"kind": {"allocation"}, "date": {"2025-09-12"}, "category": {"sponsorship"}, "amount": {"500.50"}},
			{"kind": {"spend"}, "date": {"2025-10-20"}, "category": {"events"}, "amount": {"129.99"}, "what": {"Black History Month"}},
			{"kind": {"spend"}, "date": {"2026-04-02"}, "category": {"travel"}, "amount": {"20"}, "what": {"Travel in April"}},
		} {
			v.Set("_csrf", csrf)
			if code, _, _ := postForm(t, lead, base+"/budget", v); code != http.StatusSeeOther {
				t.Fatalf("add %v: %d", v, code)
			}
		}
		// By hand, 2025/26: £2,000.00 + £500.50 = £2,500.50 allocated,
		// £129.99 spent, £2,370.51 left; next year's £20 is not in it.
		_, page = body(t, lead, base+"/budget?year=2025")
		hasAll(t, "budget page", page, []string{"£2,500.50", "£129.99", "£2,370.51", "Sponsorship: £500.50", "20 October 2025"}, nil)
		if strings.Contains(page, "Travel in April") {
			t.Error("a line of 2026/27 in 2025/26")
		}
		_, csv := body(t, lead, base+"/budget/download/csv?year=2025")
		for _, want := range []string{"2025/26,spend,2025-10-20,events,129.99,Black History Month", "2025/26,balance,,,2370.51,", "2025/26,allocated by source,,sponsorship,500.50,"} {
			if !strings.Contains(csv, want) {
				t.Errorf("CSV lacks %q:\n%s", want, csv)
			}
		}
	})
}

func TestFacilityTimeFlow(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		lead, csrf, _, _ := f.leadAndSponsor(t, "")
		base := f.srv.URL + "/my/networks/" + nid(f.a)
		// A wrong form comes back with the error summary and nothing saved.
		code, _, page := postForm(t, lead, base+"/time/leaders/new", url.Values{"_csrf": {csrf}, "name": {"Ada Leader"}, "email": {"ada"}, "role": {"chair"}, "band": {"8a"}, "pay_point": {"7"}})
		if code != http.StatusUnprocessableEntity || !strings.Contains(page, "nhsuk-error-summary") || !strings.Contains(page, "has no Band 8a pay point 7") {
			t.Fatalf("bad leader form: %d", code)
		}
		code, loc, _ := postForm(t, lead, base+"/time/leaders/new", url.Values{"_csrf": {csrf}, "name": {"Ada Leader"}, "email": {"ada@nhs.net"}, "role": {"chair"}, "band": {"8a"}, "pay_point": {"2"}, "agreed": {"3.75"}})
		if code != http.StatusSeeOther || !strings.Contains(loc, "saved=time-leader") {
			t.Fatalf("add leader: %d %s", code, loc)
		}
		postForm(t, lead, base+"/time/leaders/new", url.Values{"_csrf": {csrf}, "name": {"Cy Medic"}, "email": {"cy@nhs.net"}, "role": {"vice_chair"}, "band": {"medical"}, "hourly": {"52.40"}})
		reg, _ := f.db.FacilityLeaders(context.Background(), f.a.ID)
		if len(reg) != 2 {
			t.Fatalf("register %+v", reg)
		}
		ada, cy := fmt.Sprint(reg[0].ID), fmt.Sprint(reg[1].ID)
		// October 2025 a month at a time (4 weeks, 16 hours), and a week
		// of the medical vice-chair; the on-cost 10%.
		for _, v := range []url.Values{
			{"leader": {ada}, "period": {"month"}, "month": {"2025-10"}, "hours_agreed": {"3.75"}, "hours_used": {"16"}},
			{"leader": {cy}, "period": {"week"}, "week": {"2025-10-08"}, "hours_agreed": {"3.75"}, "hours_used": {"1.5"}},
		} {
			v.Set("_csrf", csrf)
			if code, loc, _ := postForm(t, lead, base+"/time", v); code != http.StatusSeeOther || !strings.Contains(loc, "year=2025") {
				t.Fatalf("record %v: %d %s", v, code, loc)
			}
		}
		if code, _, _ := postForm(t, lead, base+"/time/on-cost", url.Values{"_csrf": {csrf}, "on_cost": {"10"}}); code != http.StatusSeeOther {
			t.Fatalf("on-cost: %d", code)
		}
		code, page = body(t, lead, base+"/time?year=2025")
		// By hand: 16.00 × £29.91 = £478.56, on-cost £47.856 → £47.86, so
		// £526.42; 1.50 × £52.40 = £78.60, on-cost £7.86, so £86.46;
		// together £557.16, with on-costs £612.88.
		hasAll(t, "time page", page, []string{"Ada Leader", "£478.56", "£526.42", "£86.46", "£557.16", "£612.88", "Band 8a point 2, £29.91 an hour"}, nil)
		code, csv := body(t, lead, base+"/time/download/csv?year=2025")
		if code != 200 || !strings.Contains(csv, ",summary,,,,18.75,17.50,390.00,0.0449,,557.16,55.72,2,0") || strings.Contains(csv, "Ada") {
			t.Errorf("CSV %d:\n%s", code, csv)
		}
		if code, _ := body(t, lead, base+"/time/download/pdf"); code != http.StatusBadRequest {
			t.Errorf("report.pdf: %d", code)
		}
		// Removing a leader removes their hours.
		if code, _, _ := postForm(t, lead, base+"/time/leaders/"+cy+"/delete", url.Values{"_csrf": {csrf}}); code != http.StatusSeeOther {
			t.Errorf("delete: %d", code)
		}
		if _, page := body(t, lead, base+"/time?year=2025"); strings.Contains(page, "Cy Medic") {
			t.Error("deleted leader still shown")
		}
	})
}

func TestFacilityTimeAuthorisation(t *testing.T) {
	eachNet(t, func(t *testing.T, f *netFixture) {
		mk := f.signer(t)
		public := who{"public", &http.Client{}, ""}
		all := []who{public, mk("admin", auth.Admin, "", 0), mk("national", auth.NationalViewer, "", 0), mk("orgadmin", auth.OrgAdmin, "RJ1", 0),
			mk("otheradmin", auth.OrgAdmin, "RQM", 0), mk("lead", auth.NetworkLead, "RJ1", f.a.ID), mk("otherlead", auth.NetworkLead, "RJ1", f.b.ID),
			mk("sponsor", auth.Sponsor, "RJ1", f.a.ID), mk("analyst", auth.Analyst, "", 0)}
		readers := []string{"admin", "national", "orgadmin", "lead", "sponsor"}
		editors := []string{"admin", "orgadmin", "lead"}
		leadA := addTimeLeader(t, f.db, f.a, "ada@nhs.net", "Ada Hidden-Name")
		leadB := addTimeLeader(t, f.db, f.b, "bo@nhs.net", "Bo Hidden-Name")
		base := "/my/networks/" + nid(f.a)
		consA, consB := addConsultation(t, f.db, f.a), addConsultation(t, f.db, f.b)
		consultValues := url.Values{"title": {"Policy"}, "owner": {"Director"}, "kind": {"policy"}, "received": {"2025-05-02"}, "stage": {"before"}, "outcome": {"pending"}}
		want := func(u who, ok []string, okCode, seeCode int) int {
			switch {
			case u.name == "public":
				return http.StatusSeeOther
			case slices.Contains(ok, u.name):
				return okCode
			case slices.Contains(readers, u.name):
				return seeCode
			}
			return http.StatusNotFound
		}
		for _, u := range all {
			for _, p := range []string{base + "/time", base + "/time/download/csv", base + "/time/download/xlsx", base + "/time/download/json",
				base + "/budget", base + "/budget/download/csv", base + "/budget/download/xlsx", base + "/budget/download/json",
				base + "/consultations", base + "/panels", base + "/cost-benefit", base + "/cost-benefit/download/xlsx"} {
				if got, w := status(t, u.c, "GET", f.srv.URL+p, nil), want(u, readers, 200, 200); got != w {
					t.Errorf("%s GET %s: %d, want %d", u.name, p, got, w)
				}
			}
			for _, p := range []string{base + "/time/leaders/new", fmt.Sprintf("%s/time/leaders/%d", base, leadA.ID), fmt.Sprintf("%s/consultations/%d", base, consA.ID)} {
				if got, w := status(t, u.c, "GET", f.srv.URL+p, nil), want(u, editors, 200, 403); got != w {
					t.Errorf("%s GET %s: %d, want %d", u.name, p, got, w)
				}
			}
			for _, ch := range []struct {
				path string
				form url.Values
			}{
				{base + "/time", url.Values{"leader": {fmt.Sprint(leadA.ID)}, "period": {"week"}, "week": {"2025-10-06"}, "hours_used": {"1"}}},
				{base + "/time/on-cost", url.Values{"on_cost": {"20"}}},
				{base + "/time/leaders/new", url.Values{"name": {"N " + u.name}, "email": {u.name + "@nhs.net"}, "role": {"committee"}, "band": {"5"}, "pay_point": {"1"}}},
				{fmt.Sprintf("%s/time/leaders/%d", base, leadA.ID), url.Values{"name": {"Ada Hidden-Name"}, "email": {"ada@nhs.net"}, "role": {"chair"}, "band": {"8a"}, "pay_point": {"2"}}},
				{base + "/budget", url.Values{"kind": {"spend"}, "date": {"2025-10-20"}, "category": {"events"}, "amount": {"10"}, "what": {"x"}}},
				{fmt.Sprintf("%s/budget/%d/delete", base, addBudgetLine(t, f.db, f.a, 100).ID), nil},
				{base + "/consultations", consultValues},
				{fmt.Sprintf("%s/consultations/%d", base, consA.ID), consultValues},
				{fmt.Sprintf("%s/consultations/%d/delete", base, addConsultation(t, f.db, f.a).ID), nil},
				{base + "/panels", url.Values{"month": {"2025-10"}, "type": {"interview"}, "count": {"2"}}},
			} {
				v := url.Values{"_csrf": {u.csrf}}
				for k, vs := range ch.form {
					v[k] = vs
				}
				if got, w := status(t, u.c, "POST", f.srv.URL+ch.path, v), want(u, editors, 303, 403); got != w {
					t.Errorf("%s POST %s: %d, want %d", u.name, ch.path, got, w)
				}
			}
		}
		lead := all[5]
		// Another network's leader or budget line, through this network's
		// URL or form.
		for _, p := range []string{fmt.Sprintf("%s/time/leaders/%d", base, leadB.ID), fmt.Sprintf("%s/time/leaders/%d/delete", base, leadB.ID),
			fmt.Sprintf("%s/budget/%d/delete", base, addBudgetLine(t, f.db, f.b, 100).ID), fmt.Sprintf("%s/consultations/%d", base, consB.ID),
			fmt.Sprintf("%s/consultations/%d/delete", base, consB.ID)} {
			if got := status(t, lead.c, "POST", f.srv.URL+p, url.Values{"_csrf": {lead.csrf}, "name": {"X"}, "email": {"x@nhs.net"}, "role": {"chair"}, "band": {"5"}, "pay_point": {"1"}}); got != 404 {
				t.Errorf("lead POST %s: %d, want 404", p, got)
			}
		}
		if got := status(t, lead.c, "POST", f.srv.URL+base+"/time", url.Values{"_csrf": {lead.csrf}, "leader": {fmt.Sprint(leadB.ID)}, "period": {"week"}, "week": {"2025-10-06"}, "hours_used": {"9"}}); got != 422 {
			t.Errorf("hours for another network's leader: %d, want 422", got)
		}
		// network_id in a form changes nothing: the path's network is used.
		status(t, lead.c, "POST", f.srv.URL+base+"/time/leaders/new", url.Values{"_csrf": {lead.csrf}, "network_id": {nid(f.c)}, "name": {"Z"}, "email": {"z@nhs.net"}, "role": {"chair"}, "band": {"5"}, "pay_point": {"1"}})
		if reg, _ := f.db.FacilityLeaders(context.Background(), f.c.ID); len(reg) != 0 {
			t.Error("a leader was added to another organisation's network")
		}
		if got := status(t, lead.c, "GET", f.srv.URL+"/my/networks/"+nid(f.c)+"/time", nil); got != 404 {
			t.Errorf("lead GET another organisation's network's time: %d", got)
		}
		if reg, _ := f.db.FacilityLeaders(context.Background(), f.b.ID); len(reg) != 1 || reg[0].Name != "Bo Hidden-Name" {
			t.Errorf("network b's register changed: %+v", reg)
		}
		// The roll-ups: who opens which, names never, small counts hidden
		// from all but an administrator.
		rollups := map[string][]string{
			"/time/org/RJ1":    {"admin", "national", "orgadmin", "lead", "otherlead", "sponsor"},
			"/time/org/RQM":    {"admin", "national", "otheradmin"},
			"/time/region/Y56": {"admin", "national", "orgadmin", "otheradmin"},
			"/time/national":   {"admin", "national", "orgadmin", "otheradmin"},
		}
		for p, ok := range rollups {
			for _, u := range all {
				w := http.StatusNotFound
				if u.name == "public" {
					w = http.StatusSeeOther
				} else if slices.Contains(ok, u.name) {
					w = 200
				}
				got, page := body(t, u.c, f.srv.URL+p+"?year=2025")
				if u.name == "public" {
					got = status(t, u.c, "GET", f.srv.URL+p, nil)
				}
				if got != w {
					t.Errorf("%s GET %s: %d, want %d", u.name, p, got, w)
				}
				if strings.Contains(page, "Hidden-Name") {
					t.Errorf("%s sees a leader's name on %s", u.name, p)
				}
				if got == 200 && (u.name == "admin") == strings.Contains(page, "fewer than 11, or hidden") {
					t.Errorf("%s on %s: suppression wrong", u.name, p)
				}
			}
		}
		for _, p := range []string{"/time/org/NOPE", "/time/region/Y99"} {
			if got := status(t, all[1].c, "GET", f.srv.URL+p, nil); got != 404 {
				t.Errorf("admin GET %s: %d", p, got)
			}
		}
	})
}

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
			if code != 200 || !strings.Contains(page, "£1,271.18") || !strings.Contains(page, "£180.00") || !strings.Contains(page, `class="chart"`) ||
				!strings.Contains(page, `id="chart-costs"`) || !strings.Contains(page, `id="chart-hours"`) {
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
