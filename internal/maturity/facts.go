package maturity

import (
	"time"

	"staffnet/internal/network"
)

// Facts gathers what the picture needs of one network of region: its
// records, its assessments (oldest first), scored by q, and what rules
// recommend on day today.
func Facts(q *network.Questionnaire, rules *network.RuleSet, n *network.Network, region string, rec *network.Records, history []network.Assessment, today time.Time) Network {
	out := Network{Org: n.OrgCode, Region: region, Type: n.Type, HasSponsor: n.HasSponsor()}
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
