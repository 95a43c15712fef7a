package network

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
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

// decodeStrict reads one JSON value into v, rejecting unknown fields and
// trailing data; every embedded file of this package is read with it.
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
