package network

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

//go:embed assessment.json
var assessmentJSON []byte

// Questionnaire is the self-assessment, read from assessment.json. Treat
// it as read-only once loaded.
type Questionnaire struct {
	Version       int           `json:"version"`
	Title         string        `json:"title"`
	Description   string        `json:"description"`
	MaxScore      int           `json:"max_score"`
	Maturity      []Maturity    `json:"maturity"`
	Thresholds    Differences   `json:"differences"`
	Requirements  []Requirement `json:"requirements"`
	EvidenceKinds []Evidence    `json:"evidence_kinds"`
	Areas         []Area        `json:"areas"`
	Questions     []Question    `json:"questions"`

	questions map[string]*Question
	areas     map[string]*Area
}

// Maturity is one level of the maturity scale. A score reaches a level
// when it is at least MinMean.
type Maturity struct {
	Level       int     `json:"level"`
	Name        string  `json:"name"`
	MinMean     float64 `json:"min_mean"`
	Description string  `json:"description"`
}

// Differences sets when respondents' views are said to differ: on a
// question when their scores are QuestionPoints or more apart; in an area
// when their maturity levels are AreaLevels or more apart.
type Differences struct {
	QuestionPoints int `json:"question_points"`
	AreaLevels     int `json:"area_levels"`
}

// Requirement is one of the report's five effectiveness requirements.
type Requirement struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Evidence is a kind of record an answer can rest on.
type Evidence struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Area is one of the five CRAFT areas.
type Area struct {
	ID          string `json:"id"`
	Letter      string `json:"letter"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// Question is one self-assessment question.
type Question struct {
	ID           string   `json:"id"`
	Area         string   `json:"area"`
	Requirements []string `json:"requirements"`
	Text         string   `json:"text"`
	Hint         string   `json:"hint,omitempty"`
	Evidence     []string `json:"evidence"`
	Options      []Option `json:"options"`
}

// Option is one answer to a question.
type Option struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Score int    `json:"score"`
}

// Option returns the option with the given value.
func (q *Question) Option(value string) (*Option, bool) {
	for i := range q.Options {
		if q.Options[i].Value == value {
			return &q.Options[i], true
		}
	}
	return nil, false
}

// DefaultQuestionnaire parses the embedded assessment.json. It is parsed
// afresh on each call (it is small), so callers may keep or change their
// copy; the embedded file is checked by the tests.
func DefaultQuestionnaire() (*Questionnaire, error) {
	return LoadQuestionnaire(bytes.NewReader(assessmentJSON))
}

// LoadQuestionnaire reads and checks a questionnaire. Unknown fields are
// rejected so that a typo in the file is an error rather than a silently
// ignored setting.
func LoadQuestionnaire(r io.Reader) (*Questionnaire, error) {
	var q Questionnaire
	if err := decodeStrict(r, &q); err != nil {
		return nil, fmt.Errorf("assessment file: %w", err)
	}
	if err := q.check(); err != nil {
		return nil, fmt.Errorf("assessment file: %w", err)
	}
	return &q, nil
}

func decodeStrict(r io.Reader, v any) error {
	d := json.NewDecoder(r)
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

func (q *Questionnaire) check() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if q.MaxScore < 1 {
		bad("max_score must be 1 or more")
	}
	if len(q.Maturity) == 0 {
		bad("maturity: no levels")
	}
	for i, m := range q.Maturity {
		if m.Level != i+1 {
			bad("maturity[%d]: level is %d, want %d (levels count up from 1)", i, m.Level, i+1)
		}
		if m.Name == "" {
			bad("maturity[%d]: no name", i)
		}
		if i == 0 && m.MinMean != 0 {
			bad("maturity[0]: min_mean must be 0 so every score has a level")
		}
		if i > 0 && m.MinMean <= q.Maturity[i-1].MinMean {
			bad("maturity[%d]: min_mean %g must be above the previous level's %g", i, m.MinMean, q.Maturity[i-1].MinMean)
		}
		if m.MinMean > float64(q.MaxScore) {
			bad("maturity[%d]: min_mean %g is above max_score %d", i, m.MinMean, q.MaxScore)
		}
	}
	if q.Thresholds.QuestionPoints < 1 || q.Thresholds.AreaLevels < 1 {
		bad("differences: question_points and area_levels must be 1 or more")
	}

	reqs := map[string]bool{}
	for _, r := range q.Requirements {
		if r.ID == "" || reqs[r.ID] {
			bad("requirements: missing or repeated id %q", r.ID)
		}
		reqs[r.ID] = true
	}
	evidence := map[string]bool{}
	for _, e := range q.EvidenceKinds {
		if e.ID == "" || evidence[e.ID] {
			bad("evidence_kinds: missing or repeated id %q", e.ID)
		}
		evidence[e.ID] = true
	}
	q.areas = map[string]*Area{}
	for i := range q.Areas {
		a := &q.Areas[i]
		if a.ID == "" || q.areas[a.ID] != nil {
			bad("areas: missing or repeated id %q", a.ID)
		}
		if a.Title == "" {
			bad("area %q: no title", a.ID)
		}
		q.areas[a.ID] = a
	}

	q.questions = map[string]*Question{}
	perArea := map[string]int{}
	covered := map[string]bool{}
	for i := range q.Questions {
		qu := &q.Questions[i]
		where := fmt.Sprintf("question %q", qu.ID)
		if qu.ID == "" {
			where = fmt.Sprintf("questions[%d]", i)
			bad("%s: no id", where)
		} else if q.questions[qu.ID] != nil {
			bad("%s: id used twice", where)
		}
		q.questions[qu.ID] = qu
		if q.areas[qu.Area] == nil {
			bad("%s: unknown area %q", where, qu.Area)
		}
		perArea[qu.Area]++
		if strings.TrimSpace(qu.Text) == "" {
			bad("%s: no text", where)
		}
		if len(qu.Requirements) == 0 {
			bad("%s: names no requirement", where)
		}
		for _, r := range qu.Requirements {
			if !reqs[r] {
				bad("%s: unknown requirement %q", where, r)
			}
			covered[r] = true
		}
		for _, e := range qu.Evidence {
			if !evidence[e] {
				bad("%s: unknown evidence kind %q", where, e)
			}
		}
		if len(qu.Options) < 2 {
			bad("%s: needs at least two options", where)
		}
		values := map[string]bool{}
		for _, o := range qu.Options {
			if o.Value == "" || values[o.Value] {
				bad("%s: missing or repeated option value %q", where, o.Value)
			}
			values[o.Value] = true
			if o.Label == "" {
				bad("%s: option %q has no label", where, o.Value)
			}
			if o.Score < 0 || o.Score > q.MaxScore {
				bad("%s: option %q scores %d, outside 0 to %d", where, o.Value, o.Score, q.MaxScore)
			}
		}
	}
	for _, a := range q.Areas {
		if perArea[a.ID] == 0 {
			bad("area %q has no questions", a.ID)
		}
	}
	for _, r := range q.Requirements {
		if !covered[r.ID] {
			bad("requirement %q has no questions", r.ID)
		}
	}
	return errors.Join(errs...)
}

// Question returns the question with the given id.
func (q *Questionnaire) Question(id string) (*Question, bool) {
	qu, ok := q.questions[id]
	return qu, ok
}

// Area returns the area with the given id.
func (q *Questionnaire) Area(id string) (*Area, bool) {
	a, ok := q.areas[id]
	return a, ok
}

// Level returns the maturity level a mean score reaches.
func (q *Questionnaire) Level(mean float64) Maturity {
	lv := q.Maturity[0]
	for _, m := range q.Maturity {
		// Means are rounded to two places before comparing, so that
		// 1.75 reached by summing thirds is not 1.7499999.
		if math.Round(mean*100) >= math.Round(m.MinMean*100) {
			lv = m
		}
	}
	return lv
}

// RespondentRole is who answered.
type RespondentRole string

// Respondent roles. Leads' answers make the network's score; a sponsor's
// answers are shown beside them to reveal where views differ.
const (
	RespondentLead    RespondentRole = "lead"
	RespondentSponsor RespondentRole = "sponsor"
)

// Answer is one respondent's answer to one question, with the evidence it
// rests on: a link or a reference to a record.
type Answer struct {
	Value    string `json:"value"`
	Evidence string `json:"evidence,omitempty"`
	Note     string `json:"note,omitempty"`
}

// Response is one respondent's answers.
type Response struct {
	Respondent string            `json:"respondent"` // a label such as "Chair" or a user id; not shown to peers
	Role       RespondentRole    `json:"role"`
	Answers    map[string]Answer `json:"answers"` // by question id
}

// Assessment is one round of the self-assessment for a network.
type Assessment struct {
	ID        int64      `json:"id,omitempty"`
	NetworkID int64      `json:"network_id,omitempty"`
	Version   int        `json:"version"` // questionnaire version answered
	Date      time.Time  `json:"date"`
	Responses []Response `json:"responses"`
}

// ValidateResponse checks one respondent's answers against the
// questionnaire. Field names are question ids. With complete set, every
// question must be answered (for submitting; saving a draft need not be).
func (q *Questionnaire) ValidateResponse(r *Response, complete bool) FieldErrors {
	var es FieldErrors
	if r.Role != RespondentLead && r.Role != RespondentSponsor {
		es = append(es, FieldError{"role", "Select whether you are answering as a network lead or as the sponsor"})
	}
	for _, qu := range q.Questions {
		a, ok := r.Answers[qu.ID]
		switch {
		case !ok || a.Value == "":
			if complete {
				es = append(es, FieldError{qu.ID, "Select an answer to: " + qu.Text})
			}
		default:
			if _, ok := qu.Option(a.Value); !ok {
				es = append(es, FieldError{qu.ID, "Select one of the answers listed for: " + qu.Text})
			}
		}
		if len(a.Evidence) > maxShort || len(a.Note) > maxLong {
			es = append(es, FieldError{qu.ID, "Evidence or note is too long for: " + qu.Text})
		}
	}
	// Answers to questions not in this version are rejected rather than
	// dropped: they usually mean a stale form.
	var extra []string
	for id := range r.Answers {
		if _, ok := q.questions[id]; !ok {
			extra = append(extra, id)
		}
	}
	sort.Strings(extra)
	for _, id := range extra {
		es = append(es, FieldError{id, "This question is not in the current self-assessment"})
	}
	return es
}

// AreaScore is the score of one CRAFT area.
type AreaScore struct {
	Area      string  `json:"area"`
	Title     string  `json:"title"`
	Questions int     `json:"questions"` // questions in the area
	Answered  int     `json:"answered"`  // questions answered by at least one counted respondent
	Mean      float64 `json:"mean"`      // 0 to max_score, two decimal places; 0 when nothing is answered
	Level     int     `json:"level"`     // 0 when nothing is answered
	LevelName string  `json:"level_name"`
}

// Scored reports whether any question in the area was answered.
func (s AreaScore) Scored() bool { return s.Answered > 0 }

// Result is a scored assessment.
type Result struct {
	Date      time.Time          `json:"date"`
	Areas     []AreaScore        `json:"areas"`     // in questionnaire order
	Overall   AreaScore          `json:"overall"`   // Area is "overall"; the mean of the scored areas' means
	Questions map[string]float64 `json:"questions"` // mean score per answered question
}

// AreaByID returns the area's score.
func (r *Result) AreaByID(id string) (AreaScore, bool) {
	for _, a := range r.Areas {
		if a.Area == id {
			return a, true
		}
	}
	return AreaScore{}, false
}

// Score scores an assessment from its leads' answers: each question's
// score is the mean over the leads who answered it, an area's score the
// mean over its answered questions, and the overall score the mean of the
// scored areas, so that each CRAFT area weighs the same. The sponsor's
// answers do not count here; see Differences.
func (q *Questionnaire) Score(a *Assessment) Result {
	var leads []*Response
	for i := range a.Responses {
		if a.Responses[i].Role == RespondentLead {
			leads = append(leads, &a.Responses[i])
		}
	}
	r := q.scoreResponses(leads)
	r.Date = a.Date
	return r
}

// ScoreResponse scores one respondent's answers alone.
func (q *Questionnaire) ScoreResponse(resp *Response) Result {
	return q.scoreResponses([]*Response{resp})
}

func (q *Questionnaire) scoreResponses(rs []*Response) Result {
	res := Result{Questions: map[string]float64{}}
	for _, qu := range q.Questions {
		sum, n := 0, 0
		for _, r := range rs {
			if o, ok := qu.Option(r.Answers[qu.ID].Value); ok {
				sum += o.Score
				n++
			}
		}
		if n > 0 {
			res.Questions[qu.ID] = float64(sum) / float64(n)
		}
	}
	var areaMeans []float64
	for _, ar := range q.Areas {
		s := AreaScore{Area: ar.ID, Title: ar.Title}
		sum := 0.0
		for _, qu := range q.Questions {
			if qu.Area != ar.ID {
				continue
			}
			s.Questions++
			if v, ok := res.Questions[qu.ID]; ok {
				s.Answered++
				sum += v
			}
		}
		if s.Answered > 0 {
			s.Mean = round2(sum / float64(s.Answered))
			q.setLevel(&s)
			areaMeans = append(areaMeans, s.Mean)
		}
		res.Areas = append(res.Areas, s)
	}
	res.Overall = AreaScore{Area: "overall", Title: "Overall", Questions: len(q.Questions), Answered: len(res.Questions)}
	if len(areaMeans) > 0 {
		sum := 0.0
		for _, m := range areaMeans {
			sum += m
		}
		res.Overall.Mean = round2(sum / float64(len(areaMeans)))
		q.setLevel(&res.Overall)
	}
	return res
}

func (q *Questionnaire) setLevel(s *AreaScore) {
	m := q.Level(s.Mean)
	s.Level, s.LevelName = m.Level, m.Name
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
func round1(f float64) float64 { return math.Round(f*10) / 10 }

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

// TrendPoint is one assessment's score in one area.
type TrendPoint struct {
	Date  time.Time `json:"date"`
	Mean  float64   `json:"mean"`
	Level int       `json:"level"`
}

// AreaTrend is how one area (or "overall") has moved over repeated
// assessments.
type AreaTrend struct {
	Area        string       `json:"area"`
	Title       string       `json:"title"`
	Points      []TrendPoint `json:"points"`       // oldest first, scored assessments only
	Change      float64      `json:"change"`       // latest minus previous mean; 0 with fewer than two points
	LevelChange int          `json:"level_change"` // latest minus previous level
	SinceFirst  float64      `json:"since_first"`  // latest minus first mean
}

// Trend scores a network's assessments, oldest first, and reports the
// change per area and overall. The input need not be sorted.
func (q *Questionnaire) Trend(history []Assessment) []AreaTrend {
	sorted := slices.Clone(history)
	slices.SortStableFunc(sorted, func(a, b Assessment) int { return a.Date.Compare(b.Date) })
	results := make([]Result, len(sorted))
	for i := range sorted {
		results[i] = q.Score(&sorted[i])
	}
	var out []AreaTrend
	for ai := 0; ai <= len(q.Areas); ai++ {
		var t AreaTrend
		if ai < len(q.Areas) {
			t.Area, t.Title = q.Areas[ai].ID, q.Areas[ai].Title
		} else {
			t.Area, t.Title = "overall", "Overall"
		}
		for _, r := range results {
			s := r.Overall
			if ai < len(q.Areas) {
				s = r.Areas[ai]
			}
			if s.Scored() {
				t.Points = append(t.Points, TrendPoint{r.Date, s.Mean, s.Level})
			}
		}
		if n := len(t.Points); n >= 2 {
			t.Change = round2(t.Points[n-1].Mean - t.Points[n-2].Mean)
			t.LevelChange = t.Points[n-1].Level - t.Points[n-2].Level
			t.SinceFirst = round2(t.Points[n-1].Mean - t.Points[0].Mean)
		}
		out = append(out, t)
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
