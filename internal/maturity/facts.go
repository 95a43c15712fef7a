package maturity

import (
	"time"

	"staffnet/internal/budget"
	"staffnet/internal/facility"
	"staffnet/internal/network"
	"staffnet/internal/pay"
)

// Resources are a network's facility-time register and its budget lines
// of the financial year of the day the picture is for.
type Resources struct {
	Leaders []facility.Leader
	Budget  []budget.Line
}

// Facts gathers what the picture needs of one network of region: its
// records, its assessments (oldest first), scored by q, what rules
// recommend on day today, and its facility time and budget.
func Facts(q *network.Questionnaire, rules *network.RuleSet, n *network.Network, region string, rec *network.Records, history []network.Assessment, res Resources, today time.Time) Network {
	out := Network{Org: n.OrgCode, Region: region, Type: n.Type, HasSponsor: n.HasSponsor()}
	out.FacilityTime = FacilityTimeMet(res.Leaders, today)
	out.Budget = budget.Summarise(pay.FinancialYear(today), res.Budget).Allocated > 0
	if rec == nil {
		rec = &network.Records{}
	}
	if t := rec.TermsOfReference; t != nil && !t.ReviewDue.Before(today) {
		out.TermsCurrent = true
	}
	if wp := rec.WorkPlan; wp != nil {
		out.WorkPlan = len(wp.Objectives) > 0
		for _, o := range wp.Objectives {
			if o.FromRule == "" {
				continue
			}
			out.Accepted = append(out.Accepted, o.FromRule)
			if o.Status == network.Done {
				out.Done = append(out.Done, o.FromRule)
			}
		}
		for _, d := range wp.Dismissed {
			out.Dismissed = append(out.Dismissed, d.RuleID)
		}
	}
	var latest *network.Assessment
	for i := range history {
		out.Results = append(out.Results, q.Score(&history[i]))
		latest = &history[i]
	}
	for _, r := range rules.Recommend(n, latest, rec, today) {
		out.Fired = append(out.Fired, r.RuleID)
	}
	return out
}

// FacilityTimeMet reports whether a leader in role in the week of today
// is agreed at least facility.Recommended (half a day) a week: the
// report's minimum, met by the network if by any of its leaders.
func FacilityTimeMet(leaders []facility.Leader, today time.Time) bool {
	monday := facility.Monday(today)
	for i := range leaders {
		if leaders[i].InRole(monday) && leaders[i].Agreed >= facility.Recommended {
			return true
		}
	}
	return false
}
