package network

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func mustGuide(t *testing.T) *Guide {
	t.Helper()
	g, err := DefaultGuide()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestGuideLoads(t *testing.T) {
	g := mustGuide(t)
	var titles []string
	for _, s := range g.Steps {
		titles = append(titles, s.Title)
	}
	want := []string{"Establish the need", "Gather evidence", "Test the waters", "Learn from others", "Make the business case", "Build on the foundation"}
	if !slices.Equal(titles, want) {
		t.Fatalf("steps = %v", titles)
	}
	bad := strings.Replace(string(stepsJSON), `"id": "purpose"`, `"id": "aims"`, 1)
	if _, err := LoadGuide(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), `repeated field id "aims"`) {
		t.Errorf("duplicate field id: %v", err)
	}
	bad = strings.Replace(string(stepsJSON), `"kind": "list"`, `"kind": "list", "max": 3`, 1)
	if _, err := LoadGuide(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), `unknown field "max"`) {
		t.Errorf("unknown field: %v", err)
	}
}

func TestProgress(t *testing.T) {
	g := mustGuide(t)
	var p Progress
	if es := g.Save(&p, "need", map[string]string{"who_for": "BME staff", "purpose": "wrong step"}, today); !slices.Equal(fieldNames(es), []string{"purpose"}) {
		t.Fatalf("save to wrong step: %v", es)
	}
	if len(p.Answers) != 0 {
		t.Fatal("a rejected save must not store anything")
	}
	if es := g.Save(&p, "need", map[string]string{"who_for": " BME staff and allies ", "aims": "A voice."}, today); es != nil {
		t.Fatal(es)
	}
	es := g.Complete(&p, "need", today)
	if got := fieldNames(es); !slices.Equal(got, []string{"goals", "benefits_members", "benefits_org"}) {
		t.Fatalf("missing = %v", got)
	}
	if es[0].Message != "Enter the network's first goals, one a line" {
		t.Errorf("message = %q", es[0].Message)
	}
	g.Save(&p, "need", map[string]string{"goals": "a\nb", "benefits_members": "x", "benefits_org": "y"}, today)
	if es := g.Complete(&p, "need", today); es != nil {
		t.Fatal(es)
	}
	if !p.IsDone("need") || g.Next(&p).ID != "evidence" || g.PercentDone(&p) != 16 || p.Answers["who_for"] != "BME staff and allies" {
		t.Fatalf("progress = %+v", p)
	}
	g.Save(&p, "need", map[string]string{"aims": ""}, today)
	if _, ok := p.Answers["aims"]; ok {
		t.Error("an empty answer should clear the field")
	}
	// Progress survives a JSON round trip, as the store will keep it.
	b, _ := json.Marshal(p)
	var back Progress
	if err := json.Unmarshal(b, &back); err != nil || !back.IsDone("need") || back.Answers["goals"] != "a\nb" {
		t.Fatalf("round trip: %v %+v", err, back)
	}
}

func TestDrafts(t *testing.T) {
	g := mustGuide(t)
	p := &Progress{Type: TypeBME, Answers: map[string]string{
		"who_for":             "Black and minority ethnic staff at every grade",
		"aims":                "Equal chances of promotion.",
		"goals":               "Mentoring for band 5 and 6 staff\n- Fair shortlisting",
		"business_strategy":   "The people plan commits to a representative leadership by 2028.",
		"staffing_figures":    "BME staff are 31% of nurses but 9% at band 8a and above.",
		"resources_requested": "Half a day a week for the chair and committee; a £2,000 budget.",
		"benefits_members":    "Less isolation.",
		"network_name":        "Northshire Race Equality Network",
		"purpose":             "To give BME staff a collective voice.",
		"membership":          "Any member of staff",
		"first_objectives":    "Launch event\nReverse mentoring",
	}}
	in := DraftInput{OrgName: "Northshire NHS Trust (demo)", Type: TypeBME, Today: Date(2024, 3, 1), Evidence: &WRESEvidence{
		Year: "2023", WorkforceBMEPercent: ptr(24.5), BoardBMEPercent: ptr(7.1), Indicator2: ptr(1.62), Indicator3: nil,
	}}
	bc := g.DraftBusinessCase(p, in)
	containsAll(t, "business case", bc,
		"# Business case: Northshire Race Equality Network",
		"Black and minority ethnic staff at every grade",
		"The people plan commits to a representative leadership by 2028.",
		"BME staff are 31% of nurses but 9% at band 8a and above.",
		"- Mentoring for band 5 and 6 staff\n- Fair shortlisting\n",
		"Half a day a week for the chair and committee; a £2,000 budget.",
		"Standard return (2023)",
		"24.5% of the workforce",
		"7.1% of the board are from BME backgrounds, 17.4 percentage points below the workforce (WRES indicator 9).",
		"1.62 times as likely",
		"[To complete: How will the organisation and its patients benefit?]",
		"Organisation: Northshire NHS Trust (demo)",
	)
	if strings.Contains(bc, "indicator 3") {
		t.Error("a nil indicator 3 should be left out")
	}
	tor := g.DraftTermsOfReference(p, in)
	containsAll(t, "terms of reference", tor,
		"# Terms of reference: Northshire Race Equality Network",
		"To give BME staff a collective voice.",
		"Any member of staff",
		"- Launch event\n- Reverse mentoring",
		"Review due: 1 March 2025",
		"[To complete: How often will the network meet?]",
	)
	// No evidence at all, and no answers: still a whole draft.
	empty := g.DraftBusinessCase(&Progress{}, DraftInput{Today: today})
	if !strings.Contains(empty, "# Business case: the staff network") || strings.Contains(empty, "Workforce Race Equality Standard") {
		t.Errorf("empty draft:\n%s", empty)
	}
	if n := len(regexp.MustCompile(`\[To complete: `).FindAllString(empty, -1)); n < 8 {
		t.Errorf("empty draft marks only %d gaps", n)
	}
}

func TestEvidenceLines(t *testing.T) {
	e := &WRESEvidence{Indicator3: ptr(1.1), BoardBMEPercent: ptr(12)}
	got := e.EvidenceLines()
	want := []string{
		"12.0% of the board are from BME backgrounds (WRES indicator 9).",
		"BME staff were 1.10 times as likely as White staff to enter the formal disciplinary process (WRES indicator 3), within the 0.80 to 1.25 range treated as non-adverse.",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q", got)
	}
	if (*WRESEvidence)(nil).EvidenceLines() != nil {
		t.Error("nil evidence")
	}
}

func ptr(f float64) *float64 { return &f }

func TestSummarise(t *testing.T) {
	q := mustQuestionnaire(t)
	rs := mustRules(t, q)
	old := *riversideAssessment()
	old.Date = Date(2023, 2, 1)
	s := Summarise(q, rs, SummaryInput{Network: riverside(), Records: riversideRecords(), History: []Assessment{*riversideAssessment(), old}}, today)
	if !s.AssessedOn.Equal(Date(2024, 2, 20)) || s.Overall.Mean != 1.69 || len(s.Areas) != 5 {
		t.Errorf("scores: %v %+v", s.AssessedOn, s.Overall)
	}
	if got := flagCodes(s.Flags); !slices.Equal(got, []string{FlagTermsOverdue, FlagNoSponsor}) {
		t.Errorf("flags %v", got)
	}
	if got := ids(s.Recommendations); !slices.Equal(got, []string{"recruit_sponsor", "facility_time", "review_terms_of_reference", "meet_sponsor", "corporate_duty_letter"}) || s.MoreRecommended != 5 {
		t.Errorf("recommendations %v, %d more", got, s.MoreRecommended)
	}
	if s.WorkPlan.Total != 2 || s.Comparison != nil || !strings.Contains(s.ComparisonNote, "Fewer than 5") {
		t.Errorf("work plan %+v, comparison %v %q", s.WorkPlan, s.Comparison, s.ComparisonNote)
	}
	if len(s.Trend) != 6 || len(s.Trend[0].Points) != 2 {
		t.Errorf("trend %+v", s.Trend)
	}
	none := Summarise(q, rs, SummaryInput{Network: riverside()}, today)
	if !none.AssessedOn.IsZero() || none.Recommendations[0].RuleID != "complete_assessment" {
		t.Errorf("unassessed summary: %+v", none)
	}
}

func TestDemo(t *testing.T) {
	regions := []string{"Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"}
	var orgs []OrgRef
	for i := range 210 {
		orgs = append(orgs, OrgRef{Code: "D" + string(rune('A'+i/26%26)) + string(rune('A'+i%26)), Name: "NORTHSHIRE AND DEMO VALLEY NHS FOUNDATION TRUST", Region: regions[i%7]})
	}
	day := Date(2024, 3, 1)
	a, b := DemoAt(42, day, orgs), DemoAt(42, day, orgs)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatal("demo is not reproducible from its seed")
	}
	q := mustQuestionnaire(t)
	rs := mustRules(t, q)
	withBME := map[string]bool{}
	types := map[Type]int{}
	flags, recs, assessed, differ := map[string]bool{}, map[string]bool{}, 0, 0
	nameRE := regexp.MustCompile(`^[A-Z][a-z]+ [A-Z][a-z]+ \(demo\)$`)
	for _, d := range a {
		n := d.Network
		types[n.Type]++
		if n.Type == TypeBME {
			withBME[n.OrgCode] = true
		}
		if es := n.Validate(day); len(es) != 0 {
			t.Fatalf("invalid demo network %s: %v", n.Name, es)
		}
		for _, l := range n.Leaders {
			if !nameRE.MatchString(l.Name) {
				t.Errorf("leader name %q is not an obviously invented demo name", l.Name)
			}
		}
		if n.Sponsor != nil && !nameRE.MatchString(n.Sponsor.Name) {
			t.Errorf("sponsor name %q", n.Sponsor.Name)
		}
		if strings.Contains(n.Contact, "@") || (n.WebPage != "" && !strings.HasPrefix(n.WebPage, "https://example.org/")) {
			t.Errorf("demo contact details look real: %q %q", n.Contact, n.WebPage)
		}
		if d.Records.WorkPlan != nil {
			if es := d.Records.WorkPlan.Validate(); len(es) != 0 {
				t.Fatalf("invalid work plan: %v", es)
			}
		}
		for _, f := range Flags(&n, &d.Records, day) {
			flags[f.Code] = true
		}
		var latest *Assessment
		if len(d.Assessments) > 0 {
			assessed++
			latest = &d.Assessments[len(d.Assessments)-1]
			for i := range latest.Responses {
				if es := q.ValidateResponse(&latest.Responses[i], false); len(es) != 0 {
					t.Fatalf("invalid demo answers: %v", es)
				}
			}
			if q.Differences(latest).Any() {
				differ++
			}
		}
		for _, r := range rs.Recommend(&n, latest, &d.Records, day) {
			recs[r.RuleID] = true
		}
	}
	// 59% of 210 organisations ≈ 124 with a BME network; allow sampling noise.
	if k := len(withBME); k < 105 || k > 145 {
		t.Errorf("%d of 210 organisations have a BME network", k)
	}
	if types[TypeLGBTI] < types[TypeFaith] || types[TypeDisability] < types[TypeGender] {
		t.Errorf("implausible proportions: %v", types)
	}
	if assessed < len(a)/2 || differ == 0 {
		t.Errorf("%d of %d networks assessed, %d with differing views", assessed, len(a), differ)
	}
	for _, code := range []string{FlagTermsOverdue, FlagNoSponsor, FlagSponsorNotMet, FlagNothingInProgress, FlagMinutesStale, FlagDormant} {
		if !flags[code] {
			t.Errorf("no demo network raises %s", code)
		}
	}
	if len(recs) < 15 {
		t.Errorf("demo triggers only %d distinct rules", len(recs))
	}
	if got := shortOrgName("BARTS AND THE LONDON NHS TRUST"); got != "Barts and the London" {
		t.Errorf("shortOrgName = %q", got)
	}
}

// containsAll checks that the draft named what holds every one of wants.
func containsAll(t *testing.T, what, draft string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(draft, want) {
			t.Errorf("%s lacks %q:\n%s", what, want, draft)
		}
	}
}
