package network

import (
	"math/rand/v2"
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
// some months from then: about one in five is overdue on day today.
func DemoExpectations(seed, networkID int64, r *SponsorRecord, today time.Time) {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(networkID)))
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
