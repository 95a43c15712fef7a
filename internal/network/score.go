package network

import (
	"math"
	"slices"
	"time"
)

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
