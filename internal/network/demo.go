package network

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// OrgRef is the little Demo needs to know about an organisation.
type OrgRef struct {
	Code   string // ODS code
	Name   string
	Region string // NHS England region code, e.g. Y56
}

// DemoNetwork is one synthetic network with its records and assessments
// (oldest first). IDs are left zero for the store to assign; set
// Assessment.NetworkID once the network has one.
type DemoNetwork struct {
	Network     Network
	Records     Records
	Assessments []Assessment
	Meetings    []Meeting   // see demoLife
	Events      []DemoEvent // see demoLife
}

// Chances that an organisation has each kind of network, from the 2016
// mapping survey: 59% had a BME network; of those, 82.8% also had an
// LGBTI network, 67.9% disability and so on. Of organisations without a
// BME network, 24% had others, in the second set of proportions.
var (
	demoWithBME = []struct {
		t Type
		p float64
	}{{TypeLGBTI, 0.828}, {TypeDisability, 0.679}, {TypeFaith, 0.272}, {TypeParentsCarers, 0.215}, {TypeGender, 0.18}, {TypeFlexibleWorkers, 0.123}}
	demoWithoutBME = []struct {
		t Type
		p float64
	}{{TypeLGBTI, 0.65}, {TypeDisability, 0.49}, {TypeParentsCarers, 0.17}, {TypeFaith, 0.17}, {TypeFlexibleWorkers, 0.12}, {TypeGender, 0.10}}
)

// Obviously invented names, each marked "(demo)": no real person's name
// or contact details appear in demo data.
var (
	demoPeople = []string{
		"Ada Example", "Sam Sample", "Alex Placeholder", "Jordan Testcase",
		"Morgan Mockup", "Riley Fixture", "Casey Dummy", "Taylor Specimen",
		"Jamie Prototype", "Robin Template", "Charlie Sandbox", "Avery Stub",
		"Quinn Draft", "Harper Pilot", "Rowan Trial", "Sasha Walkthrough",
	}
	demoBoardRoles = []string{"Chief Executive", "Chief Nurse", "Director of Workforce", "Medical Director", "Chief Operating Officer", "Non-executive Director", "Director of Finance"}
	demoTypeNames  = map[Type]string{
		TypeBME: "BME", TypeLGBTI: "LGBTQ+", TypeDisability: "Disability and Wellbeing",
		TypeFaith: "Faith and Belief", TypeParentsCarers: "Parents and Carers",
		TypeGender: "Gender Equality", TypeFlexibleWorkers: "Flexible Workers", TypeOther: "Armed Forces",
	}
	demoObjectives = []struct {
		title string
		wres  int
		org   string
	}{
		{"Reverse mentoring for the executive team", 0, "Inclusive leadership"},
		{"Diverse interview panels for band 7 and above", 2, ""},
		{"Review disciplinary cases with HR", 3, ""},
		{"Fair access to non-mandatory training", 4, ""},
		{"Campaign against abuse from patients and the public", 5, "Staff health and wellbeing"},
		{"Respond to staff survey results on bullying", 6, ""},
		{"Career conversations and a talent pipeline", 7, "Grow our own workforce"},
		{"Board development session on race equality", 9, ""},
		{"Monthly newsletter for members", 0, "Staff engagement"},
		{"Masterclass series for members", 0, "Staff development"},
		{"Joint event for National Day for Staff Networks", 0, "Staff engagement"},
	}
)

// Demo creates synthetic networks for the given organisations, reproducible
// from the seed on any one day: dates are set relative to today so that
// the flags and recommendations a newcomer sees stay realistic. Types
// follow the 2016 survey's proportions; people's names are invented and
// marked "(demo)", as are network names, and web pages use example.org.
func Demo(seed int64, orgs []OrgRef) []DemoNetwork {
	return DemoAt(seed, time.Now(), orgs)
}

// DemoAt is Demo on a given day.
func DemoAt(seed int64, today time.Time, orgs []OrgRef) []DemoNetwork {
	q, err := DefaultQuestionnaire()
	if err != nil {
		// The embedded file is checked by the tests; failing here is a
		// build that skipped them.
		panic(err)
	}
	today = Day(today)
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6e6574776f726b)) // "network"
	var out []DemoNetwork
	for _, o := range orgs {
		var types []Type
		if rng.Float64() < 0.59 {
			types = append(types, TypeBME)
			for _, c := range demoWithBME {
				if rng.Float64() < c.p {
					types = append(types, c.t)
				}
			}
		} else if rng.Float64() < 0.24 {
			for _, c := range demoWithoutBME {
				if rng.Float64() < c.p {
					types = append(types, c.t)
				}
			}
			if len(types) == 0 {
				types = append(types, TypeLGBTI)
			}
		}
		for _, t := range types {
			out = append(out, demoNetwork(rng, q, o, t, today))
		}
	}
	demoLife(seed, today, out)
	return out
}

func demoName(rng *rand.Rand) string {
	return demoPeople[rng.IntN(len(demoPeople))] + " (demo)"
}

// shortOrgName turns "NORTHSHIRE HOSPITALS NHS FOUNDATION TRUST" into
// "Northshire Hospitals".
func shortOrgName(name string) string {
	n := strings.ToUpper(strings.TrimSpace(name))
	for _, suf := range []string{" NHS FOUNDATION TRUST", " NHS TRUST", " FOUNDATION TRUST", " TRUST"} {
		if strings.HasSuffix(n, suf) {
			n = strings.TrimSuffix(n, suf)
			break
		}
	}
	words := strings.Fields(n)
	for i, w := range words {
		switch {
		case w == "NHS" || w == "UK":
		case i > 0 && (w == "AND" || w == "OF" || w == "THE"):
			words[i] = strings.ToLower(w)
		default:
			words[i] = w[:1] + strings.ToLower(w[1:])
		}
	}
	if len(words) == 0 {
		return "Demo"
	}
	return strings.Join(words, " ")
}

func demoNetwork(rng *rand.Rand, q *Questionnaire, o OrgRef, t Type, today time.Time) DemoNetwork {
	// m is the network's hidden maturity, 0 to 1; BME networks are on
	// average a little older and better established.
	m := (rng.Float64() + rng.Float64() + rng.Float64()) / 3
	if t == TypeBME {
		m = min(1, m+0.05)
	}
	status := StatusActive
	switch x := rng.Float64(); {
	case x < 0.03:
		status = StatusClosed
	case x < 0.15:
		status = StatusDormant
		m *= 0.6
	}
	first := 2010
	switch t {
	case TypeBME:
		first = 2000
	case TypeLGBTI:
		first = 2005
	}
	year := first + rng.IntN(max(1, today.Year()-first))

	n := Network{
		OrgCode:        o.Code,
		Type:           t,
		Name:           fmt.Sprintf("%s %s Staff Network (demo)", shortOrgName(o.Name), demoTypeNames[t]),
		YearStarted:    year,
		Purpose:        demoPurpose(t),
		Contact:        "Use the contact form on the staff intranet (demo)",
		MeetingPattern: []string{"Monthly, first Tuesday, 12:30 to 13:30", "Every six weeks, online and in person", "Quarterly, with monthly drop-ins", "Second Thursday of each month, 17:00"}[rng.IntN(4)],
		Status:         status,
		Published:      append([]Field(nil), DefaultPublished...),
	}
	if rng.Float64() < 0.4+0.5*m {
		n.WebPage = fmt.Sprintf("https://example.org/demo/%s/%s", strings.ToLower(o.Code), t)
	}
	if status != StatusDormant || rng.Float64() < 0.5 {
		n.Leaders = append(n.Leaders, Leader{RoleChair, demoName(rng)})
		if rng.Float64() < 0.15 {
			n.Leaders = append(n.Leaders, Leader{RoleChair, demoName(rng)})
		}
	}
	if rng.Float64() < 0.5+0.4*m {
		n.Leaders = append(n.Leaders, Leader{RoleViceChair, demoName(rng)})
	}
	for range rng.IntN(1 + int(4*m)) {
		n.Leaders = append(n.Leaders, Leader{RoleCommittee, demoName(rng)})
	}
	if rng.Float64() < 0.25+0.65*m {
		n.Sponsor = &Sponsor{Name: demoName(rng), BoardRole: demoBoardRoles[rng.IntN(len(demoBoardRoles))]}
		if rng.Float64() < m {
			n.Sponsor.Expectations = "The sponsor meets the chair every quarter, raises the network's issues at the board and reports back; the network shares its work plan and progress with the sponsor. (demo)"
		}
		if rng.Float64() < 0.5 {
			n.Published = append(n.Published, FieldSponsor)
		}
	}
	if rng.Float64() < 0.5 {
		n.Published = append(n.Published, FieldContact)
	}
	if rng.Float64() < 0.3 {
		n.Published = append(n.Published, FieldLeaders)
	}
	n.UpdatedOn = today.AddDate(0, 0, -rng.IntN(120))

	d := DemoNetwork{Network: n}
	d.Records = demoRecords(rng, &n, m, today)
	if status == StatusClosed {
		return d
	}
	// Most networks have assessed themselves at least once; half of those
	// twice, a year apart, a little less mature the first time.
	if rng.Float64() < 0.8 {
		if rng.Float64() < 0.5 {
			d.Assessments = append(d.Assessments, demoAssessment(rng, q, &n, max(0, m-0.15), today.AddDate(-1, 0, -rng.IntN(30))))
		}
		d.Assessments = append(d.Assessments, demoAssessment(rng, q, &n, m, today.AddDate(0, 0, -rng.IntN(90))))
	}
	return d
}

func demoPurpose(t Type) string {
	switch t {
	case TypeBME:
		return "To give black and minority ethnic staff a voice, support their development and work with the organisation to close the gaps the WRES shows. (demo)"
	case TypeLGBTI:
		return "To make the organisation a place where LGBTQ+ staff can be themselves at work, and to improve care for LGBTQ+ patients. (demo)"
	case TypeDisability:
		return "To support disabled staff and those with long-term conditions, and to help the organisation remove barriers. (demo)"
	}
	return "To bring staff together for mutual support and to help the organisation become more inclusive. (demo)"
}

func daysAgo(rng *rand.Rand, today time.Time, maxDays int) time.Time {
	return today.AddDate(0, 0, -rng.IntN(maxDays+1))
}

func demoRecords(rng *rand.Rand, n *Network, m float64, today time.Time) Records {
	var r Records
	if rng.Float64() < 0.35+0.6*m {
		approved := today.AddDate(0, -1-rng.IntN(20), 0)
		r.TermsOfReference = &TermsOfReference{
			Version: 1 + rng.IntN(3), ApprovedOn: approved, ReviewDue: approved.AddDate(1, 0, 0),
			Text: "Purpose, membership, leadership roles, meetings, communications and how the network reports to its sponsor. (demo)",
		}
	}
	if rng.Float64() < 0.3+0.65*m {
		w := &WorkPlan{Version: 1, UpdatedOn: daysAgo(rng, today, 200)}
		k := 2 + rng.IntN(4)
		for _, i := range rng.Perm(len(demoObjectives))[:k] {
			o := demoObjectives[i]
			ob := Objective{Title: o.title, WRESIndicator: o.wres, OrgObjective: o.org, Owner: []string{"Chair", "Vice-chair", "Committee", "Sponsor"}[rng.IntN(4)]}
			if rng.Float64() > m && ob.WRESIndicator == 0 {
				ob.OrgObjective = ""
			}
			ob.Due = today.AddDate(0, rng.IntN(12)-3, 0)
			switch x := rng.Float64(); {
			case x < 0.25:
				ob.Status, ob.PercentDone = Done, 100
			case x < 0.25+0.5*m:
				ob.Status, ob.PercentDone = InProgress, 10*(1+rng.IntN(9))
			case x < 0.9:
				ob.Status = NotStarted
			default:
				ob.Status, ob.PercentDone = Blocked, 10*rng.IntN(5)
			}
			w.Objectives = append(w.Objectives, ob)
		}
		r.WorkPlan = w
	}
	if n.HasSponsor() {
		r.Sponsor = &SponsorRecord{
			LastMet:            daysAgo(rng, today, int(60+300*(1-m))),
			ExpectationsAgreed: n.Sponsor.Expectations != "" && rng.Float64() < 0.8,
		}
	}
	if rng.Float64() < 0.2+0.7*m {
		r.SkillsAudit = &SkillsAudit{DoneOn: daysAgo(rng, today, 540)}
		for _, l := range n.Leaders {
			r.SkillsAudit.Entries = append(r.SkillsAudit.Entries, SkillsEntry{
				Leader:            l.Name,
				Skills:            []string{[]string{"Chairing meetings", "Project management", "Data analysis", "Coaching"}[rng.IntN(4)]},
				Gaps:              []string{[]string{"Board papers", "Budgeting", "Social media", "Negotiation"}[rng.IntN(4)]},
				DevelopmentWanted: []string{[]string{"Staff network leaders programme", "Mentoring", "Presentation skills"}[rng.IntN(3)]},
			})
		}
	}
	r.LastMinutes = daysAgo(rng, today, int(40+200*(1-m)))
	if rng.Float64() < 0.3+0.6*m {
		r.NextMeeting = today.AddDate(0, 0, 1+rng.IntN(45))
	}
	return r
}

// demoAssessment answers every question from the hidden maturity m, with
// noise; some networks also have a more optimistic sponsor, so that
// differences show.
func demoAssessment(rng *rand.Rand, q *Questionnaire, n *Network, m float64, date time.Time) Assessment {
	a := Assessment{Version: q.Version, Date: date}
	answer := func(bias float64) map[string]Answer {
		ans := map[string]Answer{}
		for _, qu := range q.Questions {
			if rng.Float64() < 0.03 {
				continue // the odd question skipped
			}
			want := m*float64(q.MaxScore) + bias + rng.NormFloat64()*0.7
			best, bestD := qu.Options[0], math.Inf(1)
			for _, o := range qu.Options {
				if d := math.Abs(float64(o.Score) - want); d < bestD {
					best, bestD = o, d
				}
			}
			ans[qu.ID] = Answer{Value: best.Value}
		}
		// Keep the answers honest about the records where they overlap.
		if !n.HasSponsor() {
			ans["sponsor_in_place"] = Answer{Value: "none"}
			ans["sponsor_meetings"] = Answer{Value: "never"}
		}
		return ans
	}
	a.Responses = append(a.Responses, Response{Respondent: "Chair", Role: RespondentLead, Answers: answer(0)})
	if rng.Float64() < 0.6 {
		a.Responses = append(a.Responses, Response{Respondent: "Vice-chair", Role: RespondentLead, Answers: answer(0)})
	}
	if n.HasSponsor() && rng.Float64() < 0.4 {
		a.Responses = append(a.Responses, Response{Respondent: "Sponsor", Role: RespondentSponsor, Answers: answer(0.8)})
	}
	return a
}
