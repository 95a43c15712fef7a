package network

import (
	"time"
)

// TopRecommendations is how many recommendations a board summary lists.
const TopRecommendations = 5

// SummaryInput is everything a "state of the network" report draws on.
type SummaryInput struct {
	Network    *Network
	Records    *Records
	History    []Assessment // the network's assessments, any order; the latest is summarised
	Peers      []Peer       // other networks' latest results, for the comparison; optional
	Region     string       // the network's region; compared within it when SameRegion is set
	SameRegion bool
}

// BoardSummary is the data of a one-page "state of the network" report
// for the board. Rendering it is the web layer's job.
type BoardSummary struct {
	Network          Network           `json:"network"`
	Today            time.Time         `json:"today"`
	AssessedOn       time.Time         `json:"assessed_on,omitzero"` // zero when never assessed
	Areas            []AreaScore       `json:"areas"`
	Overall          AreaScore         `json:"overall"`
	Trend            []AreaTrend       `json:"trend"`
	Differences      ViewDifferences   `json:"differences"`
	Flags            []Flag            `json:"flags"`
	Recommendations  []Recommendation  `json:"recommendations"`  // the most urgent TopRecommendations
	MoreRecommended  int               `json:"more_recommended"` // how many more there are
	WorkPlan         WorkPlanProgress  `json:"work_plan"`
	Sponsor          *Sponsor          `json:"sponsor,omitempty"`
	SponsorRecord    *SponsorRecord    `json:"sponsor_record,omitempty"`
	TermsOfReference *TermsOfReference `json:"terms_of_reference,omitempty"`
	Comparison       *Comparison       `json:"comparison,omitempty"`
	ComparisonNote   string            `json:"comparison_note,omitempty"` // why there is no comparison
}

// Summarise builds the board summary on a given day.
func Summarise(q *Questionnaire, rs *RuleSet, in SummaryInput, today time.Time) BoardSummary {
	n := in.Network
	r := in.Records
	if r == nil {
		r = &Records{}
	}
	s := BoardSummary{Network: *n, Today: Day(today), Flags: Flags(n, r, today), Sponsor: n.Sponsor, SponsorRecord: r.Sponsor, TermsOfReference: r.TermsOfReference}
	if r.WorkPlan != nil {
		s.WorkPlan = r.WorkPlan.Progress(today)
	}
	var latest *Assessment
	for i := range in.History {
		if latest == nil || in.History[i].Date.After(latest.Date) {
			latest = &in.History[i]
		}
	}
	if latest != nil {
		res := q.Score(latest)
		s.AssessedOn = latest.Date
		s.Areas, s.Overall = res.Areas, res.Overall
		s.Trend = q.Trend(in.History)
		s.Differences = q.Differences(latest)
		f := PeerFilter{NetworkID: n.ID, Type: n.Type}
		if in.SameRegion {
			f.Region = in.Region
		}
		s.Comparison, s.ComparisonNote = q.Compare(res, in.Peers, f)
	} else {
		s.ComparisonNote = "The network has not completed a self-assessment yet."
	}
	recs := rs.Recommend(n, latest, r, today)
	if r != nil {
		recs = r.WorkPlan.WithoutDismissed(recs) // the network said why they do not fit
	}
	if len(recs) > TopRecommendations {
		s.MoreRecommended = len(recs) - TopRecommendations
		recs = recs[:TopRecommendations]
	}
	s.Recommendations = recs
	return s
}
