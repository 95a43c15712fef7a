package network

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// QuestionDifference is a question on which respondents' scores are far
// apart.
type QuestionDifference struct {
	Question string         `json:"question"`
	Text     string         `json:"text"`
	Scores   map[string]int `json:"scores"` // by respondent label
	Spread   int            `json:"spread"` // highest minus lowest
}

// AreaDifference is an area in which respondents reach different maturity
// levels.
type AreaDifference struct {
	Area   string         `json:"area"`
	Title  string         `json:"title"`
	Levels map[string]int `json:"levels"` // by respondent label
	Spread int            `json:"spread"`
}

// ViewDifferences is where the respondents of one assessment disagree.
type ViewDifferences struct {
	Questions []QuestionDifference `json:"questions"`
	Areas     []AreaDifference     `json:"areas"`
}

// Any reports whether any difference was found.
func (d ViewDifferences) Any() bool { return len(d.Questions)+len(d.Areas) > 0 }

// Differences compares every respondent of an assessment (leads and
// sponsor alike) and reports the questions and areas where their views
// differ by at least the thresholds in the questionnaire. With fewer than
// two respondents there is nothing to compare.
func (q *Questionnaire) Differences(a *Assessment) ViewDifferences {
	var d ViewDifferences
	if len(a.Responses) < 2 {
		return d
	}
	labels := respondentLabels(a.Responses)
	for _, qu := range q.Questions {
		scores := map[string]int{}
		lo, hi := math.MaxInt, math.MinInt
		for i, r := range a.Responses {
			if o, ok := qu.Option(r.Answers[qu.ID].Value); ok {
				scores[labels[i]] = o.Score
				lo, hi = min(lo, o.Score), max(hi, o.Score)
			}
		}
		if len(scores) >= 2 && hi-lo >= q.Thresholds.QuestionPoints {
			d.Questions = append(d.Questions, QuestionDifference{qu.ID, qu.Text, scores, hi - lo})
		}
	}
	results := make([]Result, len(a.Responses))
	for i := range a.Responses {
		results[i] = q.ScoreResponse(&a.Responses[i])
	}
	for ai, ar := range q.Areas {
		levels := map[string]int{}
		lo, hi := math.MaxInt, math.MinInt
		for i, res := range results {
			if s := res.Areas[ai]; s.Scored() {
				levels[labels[i]] = s.Level
				lo, hi = min(lo, s.Level), max(hi, s.Level)
			}
		}
		if len(levels) >= 2 && hi-lo >= q.Thresholds.AreaLevels {
			d.Areas = append(d.Areas, AreaDifference{ar.ID, ar.Title, levels, hi - lo})
		}
	}
	return d
}

// respondentLabels names respondents for reports: their label, or their
// role and position when the label is empty or repeated.
func respondentLabels(rs []Response) []string {
	out := make([]string, len(rs))
	seen := map[string]bool{}
	for i, r := range rs {
		l := strings.TrimSpace(r.Respondent)
		if l == "" || seen[l] {
			l = fmt.Sprintf("%s %d", r.Role, i+1)
		}
		seen[l] = true
		out[i] = l
	}
	return out
}

// MinPeers is the fewest other networks a comparison may draw on. Below
// it a median could point at a single network, so it is suppressed.
const MinPeers = 5

// Peer is another network's latest result, for anonymous comparison. The
// store supplies one per network; if it supplies several, the latest is
// used.
type Peer struct {
	NetworkID int64
	Type      Type
	Region    string
	Result    Result
}

// PeerFilter picks similar networks: same type, and the same region when
// Region is set.
type PeerFilter struct {
	NetworkID int64 // the network being compared, left out of its own peers
	Type      Type
	Region    string // optional
}

// AreaComparison sets a network's area score beside its peers' median.
type AreaComparison struct {
	Area       string  `json:"area"`
	Title      string  `json:"title"`
	Own        float64 `json:"own"`
	OwnScored  bool    `json:"own_scored"`
	Median     float64 `json:"median"`
	Peers      int     `json:"peers"`      // peers scored in this area
	Suppressed bool    `json:"suppressed"` // fewer than MinPeers scored in this area
	Difference float64 `json:"difference"` // own minus median, when both exist
}

// Comparison is a network's scores beside the median of similar networks.
// It names no other network.
type Comparison struct {
	Type    Type             `json:"type"`
	Region  string           `json:"region,omitempty"`
	Peers   int              `json:"peers"`
	Areas   []AreaComparison `json:"areas"`
	Overall AreaComparison   `json:"overall"`
}

// Compare sets own beside the median of similar networks' latest results.
// With fewer than MinPeers similar networks it returns nil and the reason,
// in words fit to show.
func (q *Questionnaire) Compare(own Result, peers []Peer, f PeerFilter) (*Comparison, string) {
	latest := map[int64]Peer{}
	for _, p := range peers {
		if p.NetworkID == f.NetworkID || p.Type != f.Type || (f.Region != "" && p.Region != f.Region) {
			continue
		}
		if cur, ok := latest[p.NetworkID]; !ok || p.Result.Date.After(cur.Result.Date) {
			latest[p.NetworkID] = p
		}
	}
	if len(latest) < MinPeers {
		where := ""
		if f.Region != "" {
			where = " in the same region"
		}
		return nil, fmt.Sprintf("Fewer than %d other %s networks%s have completed a self-assessment, so no comparison is shown.", MinPeers, f.Type.Label(), where)
	}
	ids := make([]int64, 0, len(latest))
	for id := range latest {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	c := &Comparison{Type: f.Type, Region: f.Region, Peers: len(ids)}
	compare := func(area string, title string, pick func(Result) AreaScore) AreaComparison {
		mine := pick(own)
		ac := AreaComparison{Area: area, Title: title, Own: mine.Mean, OwnScored: mine.Scored()}
		var vals []float64
		for _, id := range ids {
			if s := pick(latest[id].Result); s.Scored() {
				vals = append(vals, s.Mean)
			}
		}
		ac.Peers = len(vals)
		if len(vals) < MinPeers {
			ac.Suppressed = true
			return ac
		}
		ac.Median = round2(median(vals))
		if ac.OwnScored {
			ac.Difference = round2(ac.Own - ac.Median)
		}
		return ac
	}
	for i, ar := range q.Areas {
		c.Areas = append(c.Areas, compare(ar.ID, ar.Title, func(r Result) AreaScore {
			if i < len(r.Areas) && r.Areas[i].Area == ar.ID {
				return r.Areas[i]
			}
			s, _ := r.AreaByID(ar.ID)
			return s
		}))
	}
	c.Overall = compare("overall", "Overall", func(r Result) AreaScore { return r.Overall })
	return c, ""
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
