package network

import (
	"math/rand/v2"
	"strings"
	"time"
)

// demoActions are the actions a demo WRES action plan draws from, each
// with the indicator it serves and who owns it in the organisation.
var demoActions = []struct {
	indicator int
	title     string
	orgRole   string
}{
	{1, "Publish the BME share of staff at each band to the network every quarter", "Head of Workforce Information"},
	{2, "Put a trained BME panel member on every interview panel at band 8a and above", "Director of People"},
	{2, "Review shortlisting decisions where BME applicants are less likely to be appointed", "Head of Recruitment"},
	{3, "Have a second senior manager check every decision to start a formal disciplinary process", "Director of People"},
	{4, "Offer the network's members first places on the leadership course", "Head of Learning and Development"},
	{5, "Give ward managers a simple way to log racist abuse from patients and to support staff after it", "Chief Nurse"},
	{6, "Run bystander training for managers with the network", "Director of People"},
	{7, "Set up reverse mentoring between board members and network members", "Chief Executive"},
	{8, "Publish what happens after a discrimination complaint, in counts", "Freedom to Speak Up Guardian"},
	{9, "Include a network member in the search for the next non-executive director", "Chair of the board"},
}

// DemoPlan is a demo WRES action plan of organisation org for year:
// three to five actions shared with its networks (ids, the first the BME
// network if it has one), their status as far on as the day is through
// the year. The same seed gives the same plan.
func DemoPlan(seed int64, org string, year int, networks []int64, today time.Time) []PlanAction {
	if len(networks) == 0 {
		return nil
	}
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(year)*7919+uint64(len(org))))
	k := 3 + rng.IntN(3)
	var out []PlanAction
	for _, i := range rng.Perm(len(demoActions))[:k] {
		d := demoActions[i]
		due := time.Date(year, time.Month(3+3*rng.IntN(4)), 28, 0, 0, 0, 0, time.UTC)
		st := ObjectiveStatuses[rng.IntN(len(ObjectiveStatuses))]
		a := PlanAction{OrgCode: org, Year: year, Indicator: d.indicator, Title: d.title, OrgOwnerRole: d.orgRole,
			NetworkID: networks[rng.IntN(len(networks))], NetworkOwner: []string{"Network chair", "Vice-chair", "Committee member for careers"}[rng.IntN(3)],
			Due: due, Status: st}
		if st == Done || (st == InProgress && due.Before(today)) {
			a.Evidence = "Reported to the people committee; figures in the board's WRES paper."
		}
		out = append(out, a)
	}
	return out
}

// DemoExpectations writes demo expectations both ways into a demo
// network's sponsor record, reviewed some months ago and due for review
// some months from then: some are overdue on day today. salt tells the
// networks of one demo apart (its index, not its id, so that the same
// seed gives the same records whatever ids the database hands out).
func DemoExpectations(seed, salt int64, r *SponsorRecord, today time.Time) {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(salt)))
	r.SponsorWill = []string{"Attend a network meeting each quarter", "Raise the network's concerns at board and report back what was decided",
		"Meet the chair every two months"}[:2+rng.IntN(2)]
	r.NetworkWill = []string{"Brief the sponsor before each board meeting", "Share the work plan and its progress every quarter",
		"Tell the sponsor early about anything members raise that needs the board"}[:2+rng.IntN(2)]
	r.Accountability = "The chair and the sponsor go through these commitments together at each review and note in the minutes what was and was not done."
	r.ReviewedOn = Day(today).AddDate(0, -(3 + rng.IntN(12)), 0)
	r.ReviewDue = r.ReviewedOn.AddDate(0, 12, 0)
}

// DemoDutyLetter is organisation org's demo corporate-duty letter: the
// draft, recorded as sent in about half of organisations.
func DemoDutyLetter(seed int64, org, orgName string, today time.Time) DutyLetter {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(len(orgName))*131+uint64(org[len(org)-1])))
	l := DutyLetter{OrgCode: org, Body: DutyLetterDraft(orgName), EditedBy: "demo", EditedAt: Day(today).AddDate(0, -4, 0)}
	if rng.IntN(2) == 0 {
		l.SentBy, l.SentOn, l.RecordedBy = "The Chief Executive (demo)", Day(today).AddDate(0, -3, 0), "demo"
	}
	return l
}

// DemoPerson is a demo member as mentoring needs them.
type DemoPerson struct {
	MemberID   int64
	Name, Site string
	Ally       bool
}

var (
	demoProfessions = []string{"Nursing", "Midwifery", "Pharmacy", "Medicine", "Estates", "Finance", "Human resources", "Physiotherapy"}
	demoSkills      = []string{"Leadership", "Interview practice", "Budgeting", "Project management", "Presenting to a board", "Coaching", "Data analysis", "Writing a business case"}
)

// DemoProfiles are demo mentoring profiles of a network: about one member
// in three offers or seeks (mostly mentoring, some career buddying, and
// members of the staff the network serves offering reverse mentoring),
// and one board member seeking a reverse mentor, entered by a lead. salt
// is as for DemoExpectations.
func DemoProfiles(seed, salt, networkID int64, people []DemoPerson) []MentorProfile {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(salt)*31+7))
	pick := func(list []string, k int) []string {
		var out []string
		for _, i := range rng.Perm(len(list))[:k] {
			out = append(out, list[i])
		}
		return out
	}
	var out []MentorProfile
	for _, p := range people {
		if rng.IntN(3) != 0 {
			continue
		}
		kind := []MentorKind{Mentoring, Mentoring, Buddying, Reverse}[rng.IntN(4)]
		offers := rng.IntN(2) == 0
		if kind == Reverse {
			if p.Ally {
				kind = Mentoring
			} else {
				offers = true // the board's side is entered by a lead
			}
		}
		band := rng.IntN(len(Bands))
		if offers && kind == Mentoring {
			band = min(len(Bands)-1, band+3)
		}
		out = append(out, MentorProfile{NetworkID: networkID, MemberID: p.MemberID, Name: p.Name, Kind: kind, Offers: offers, Ally: p.Ally,
			Profession: demoProfessions[rng.IntN(len(demoProfessions))], Band: Bands[band], Skills: pick(demoSkills, 2),
			Goals: []string{"Get better at " + strings.ToLower(demoSkills[rng.IntN(len(demoSkills))])}, Site: p.Site,
			Mode: MeetModes[rng.IntN(len(MeetModes))], Open: true})
	}
	return append(out, MentorProfile{NetworkID: networkID, Name: "A non-executive director (demo)", Kind: Reverse, Board: true,
		Goals: []string{"Understand what staff in the network experience"}, Mode: Either, Open: true})
}

// DemoOpportunities are a network's demo development opportunities, one
// posted by the network and one by its organisation.
func DemoOpportunities(networkID int64, today time.Time) []Opportunity {
	return []Opportunity{
		{NetworkID: networkID, Kind: Masterclass, Title: "Masterclass: preparing for an interview panel", PostedBy: "network", ClosesOn: Day(today).AddDate(0, 1, 0),
			Description: "Two hours with senior recruiters on what panels look for, with practice questions."},
		{NetworkID: networkID, Kind: Leadership, Title: "Stepping up: a leadership programme for bands 5 to 7", PostedBy: "organisation", ClosesOn: Day(today).AddDate(0, 2, 0),
			Description: "Six months of workshops, a project and a coach, in working time."},
	}
}
