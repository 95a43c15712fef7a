package network

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var today = Date(2024, time.March, 1)

// riverside is a hand-built BME network used across the tests: a chair,
// a published web page, no sponsor.
func riverside() *Network {
	return &Network{
		ID: 1, OrgCode: "RXX", Type: TypeBME, Name: "Riverside BME Staff Network",
		YearStarted: 2016, Purpose: "A voice for BME staff.", Contact: "Intranet contact form",
		MeetingPattern: "Second Tuesday of each month", WebPage: "https://example.org/riverside-bme",
		Status: StatusActive,
		Leaders: []Leader{
			{RoleChair, "Ada Example (demo)"},
			{RoleViceChair, "Sam Sample (demo)"},
		},
		Published: DefaultPublished,
	}
}

// riversideRecords: terms of reference a month overdue, a live work plan,
// fresh minutes, a next meeting and a recent skills audit.
func riversideRecords() *Records {
	return &Records{
		TermsOfReference: &TermsOfReference{Version: 2, Text: "…", ApprovedOn: Date(2023, 1, 31), ReviewDue: Date(2024, 1, 31)},
		WorkPlan: &WorkPlan{Version: 1, Objectives: []Objective{
			{Title: "Reverse mentoring", WRESIndicator: 2, Owner: "Chair", Status: InProgress, PercentDone: 40, Due: Date(2024, 9, 1)},
			{Title: "Launch event", OrgObjective: "Great place to work", Owner: "Vice-chair", Status: Done, PercentDone: 100, Due: Date(2023, 10, 1)},
		}},
		LastMinutes: Date(2024, 2, 1),
		NextMeeting: Date(2024, 3, 12),
		SkillsAudit: &SkillsAudit{DoneOn: Date(2023, 6, 1)},
	}
}

func TestValidateEmptyNetwork(t *testing.T) {
	es := (&Network{}).Validate(today)
	want := []string{"org_code", "type", "name", "year_started", "purpose", "contact", "status"}
	if got := fieldNames(es); !slices.Equal(got, want) {
		t.Fatalf("fields = %v, want %v", got, want)
	}
	if es[3].Message != "Enter the year the network started, like 2016" {
		t.Errorf("year message = %q", es[3].Message)
	}
	if es.Err() == nil || FieldErrors(nil).Err() != nil {
		t.Error("Err should be nil exactly when there are no errors")
	}
}

func TestValidateNetwork(t *testing.T) {
	n := riverside()
	if es := n.Validate(today); len(es) != 0 {
		t.Fatalf("valid network: %v", es)
	}
	n.YearStarted = 2025
	n.WebPage = "example.org"
	n.Type = "chess"
	n.Leaders = append(n.Leaders, Leader{Role: "boss"})
	n.Sponsor = &Sponsor{}
	n.Published = []Field{"sponsor.expectations"}
	got := fieldNames(n.Validate(today))
	want := []string{"type", "year_started", "web_page", "leaders[2].role", "leaders[2].name", "sponsor.name", "published"}
	if !slices.Equal(got, want) {
		t.Fatalf("fields = %v, want %v", got, want)
	}
	n.YearStarted = 1900
	if es := n.Validate(today); es[1].Message != "Year the network started must be 1948 or later" {
		t.Errorf("got %q", es[1].Message)
	}
}

func TestPublic(t *testing.T) {
	n := riverside()
	n.Sponsor = &Sponsor{Name: "Director (demo)", BoardRole: "Chief Nurse", Expectations: "private"}
	p := n.Public()
	if p.Name != n.Name || p.Contact != "" || p.Leaders != nil || p.Sponsor != nil {
		t.Fatalf("default publication leaked or hid the wrong fields: %+v", p)
	}
	n.Published = append(slices.Clone(n.Published), FieldSponsor, FieldLeaders)
	p = n.Public()
	if p.Sponsor == nil || p.Sponsor.Expectations != "" || len(p.Leaders) != 2 {
		t.Fatalf("published sponsor/leaders wrong: %+v", p)
	}
}

func TestFlagsRiverside(t *testing.T) {
	got := flagCodes(Flags(riverside(), riversideRecords(), today))
	want := []string{FlagTermsOverdue, FlagNoSponsor}
	if !slices.Equal(got, want) {
		t.Fatalf("flags = %v, want %v", got, want)
	}
}

func TestFlagsBare(t *testing.T) {
	n := &Network{Status: StatusDormant}
	got := flagCodes(Flags(n, nil, today))
	want := []string{FlagNoTermsOfReference, FlagNoSponsor, FlagNoChair, FlagNoWorkPlan, FlagMinutesStale, FlagNoNextMeeting, FlagNoWebPage, FlagNoSkillsAudit, FlagDormant}
	if !slices.Equal(got, want) {
		t.Fatalf("flags = %v, want %v", got, want)
	}
	n.Status = StatusClosed
	if fs := Flags(n, nil, today); fs != nil {
		t.Errorf("closed network flagged: %v", fs)
	}
}

func TestFlagBoundaries(t *testing.T) {
	n := riverside()
	n.Sponsor = &Sponsor{Name: "Director (demo)", Expectations: "Meet quarterly; report to board yearly."}
	r := riversideRecords()
	r.TermsOfReference.ReviewDue = Date(2024, 3, 31) // within 30 days
	r.Sponsor = &SponsorRecord{LastMet: Date(2023, 9, 1), ExpectationsAgreed: true}
	r.LastMinutes = Date(2023, 12, 1)
	r.SkillsAudit.DoneOn = Date(2023, 3, 1)

	// Exactly 6 months, 3 months and 12 months back: not yet stale.
	fs := Flags(n, r, today)
	if got := flagCodes(fs); !slices.Equal(got, []string{FlagTermsReviewSoon}) {
		t.Fatalf("on the boundary: %v", got)
	}
	if !strings.Contains(fs[0].Message, "31 March 2024") {
		t.Errorf("message = %q", fs[0].Message)
	}
	// One day later, everything tips over; time of day does not matter.
	later := today.Add(24*time.Hour + 23*time.Hour)
	r.TermsOfReference.ReviewDue = Date(2024, 5, 1)
	got := flagCodes(Flags(n, r, later))
	want := []string{FlagSponsorNotMet, FlagMinutesStale, FlagSkillsAuditStale}
	if !slices.Equal(got, want) {
		t.Fatalf("a day later: %v, want %v", got, want)
	}

	r.Sponsor.ExpectationsAgreed = false
	r.WorkPlan.Objectives[0].Status = Blocked
	r.WorkPlan.Objectives[0].Due = Date(2024, 2, 1)
	r.WorkPlan.Objectives[0].WRESIndicator = 0
	r.WorkPlan.Objectives[1].OrgObjective = ""
	r.NextMeeting = Date(2024, 2, 12)
	n.Published = []Field{FieldName}
	fs = Flags(n, r, today)
	got = flagCodes(fs)
	want = []string{FlagExpectationsNotAgreed, FlagNothingInProgress, FlagObjectivesOverdue, FlagWorkPlanNotLinked, FlagNoNextMeeting, FlagNoWebPage}
	if !slices.Equal(got, want) {
		t.Fatalf("flags = %v, want %v", got, want)
	}
	for _, f := range fs {
		if f.Code == FlagObjectivesOverdue && f.Message != "1 objective in the work plan is past its due date and not done." {
			t.Errorf("message = %q", f.Message)
		}
	}
}

func TestWorkPlanProgress(t *testing.T) {
	p := riversideRecords().WorkPlan.Progress(today)
	want := WorkPlanProgress{Total: 2, InProgress: 1, Done: 1, Linked: 2, MeanPercent: 70}
	if p != want {
		t.Fatalf("progress = %+v, want %+v", p, want)
	}
}

func TestRecordValidation(t *testing.T) {
	tor := &TermsOfReference{Version: 1, Text: "x", ApprovedOn: Date(2024, 1, 1), ReviewDue: Date(2023, 1, 1)}
	if got := fieldNames(tor.Validate()); !slices.Equal(got, []string{"review_due"}) {
		t.Errorf("tor: %v", got)
	}
	w := &WorkPlan{Objectives: []Objective{{Title: "", WRESIndicator: 10, Status: "maybe", PercentDone: 101}}}
	got := fieldNames(w.Validate())
	want := []string{"objectives[0].title", "objectives[0].wres_indicator", "objectives[0].owner", "objectives[0].status", "objectives[0].percent_done"}
	if !slices.Equal(got, want) {
		t.Errorf("work plan: %v", got)
	}
}

func TestNationalDay(t *testing.T) {
	for _, c := range []struct{ today, want time.Time }{
		{Date(2024, 3, 1), Date(2024, 5, 8)},
		{Date(2024, 5, 8), Date(2024, 5, 8)},
		{Date(2024, 5, 9), Date(2025, 5, 14)},
		{Date(2026, 1, 1), Date(2026, 5, 13)},
	} {
		if got := NationalDayForStaffNetworks(c.today); !got.Equal(c.want) {
			t.Errorf("after %s: %s, want %s", FormatDate(c.today), FormatDate(got), FormatDate(c.want))
		}
	}
}

// TestLabels: every value of every enumeration has a label of its own
// (not its code), and an unknown value falls back to its code.
func TestLabels(t *testing.T) {
	seen := map[string]bool{}
	check := func(code, label string) {
		t.Helper()
		if label == "" || label == code || seen[label] {
			t.Errorf("%s: label %q", code, label)
		}
		seen[label] = true
	}
	for _, v := range Statuses {
		check(string(v), v.Label())
	}
	for _, v := range ObjectiveStatuses {
		check(string(v), v.Label())
	}
	for _, v := range Levels {
		check(string(v), v.Label())
	}
	for _, v := range Publishable {
		check(v, PublishLabel(v))
	}
	if Status("x").Label() != "x" || ObjectiveStatus("y").Label() != "y" || Level("z").Label() != "z" || PublishLabel("w") != "w" {
		t.Error("unknown values should show their code")
	}
	for _, c := range []struct {
		o    Objective
		want string
	}{
		{Objective{}, "Not linked"},
		{Objective{OrgObjective: "Fair recruitment"}, "Fair recruitment"},
		{Objective{OrgObjective: "Fair recruitment", WRESIndicator: 2}, "Fair recruitment; WRES indicator 2. Appointment from shortlisting"},
		{Objective{WRESIndicator: 10}, "Not linked"},
	} {
		if got := c.o.LinkText(); got != c.want {
			t.Errorf("LinkText(%+v) = %q, want %q", c.o, got, c.want)
		}
	}
}
