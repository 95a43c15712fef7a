package network

import (
	"testing"
)

func mustQuestionnaire(t testing.TB) *Questionnaire {
	t.Helper()
	q, err := DefaultQuestionnaire()
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func mustRules(t testing.TB, q *Questionnaire) *RuleSet {
	t.Helper()
	rs, err := DefaultRules(q)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// lead builds a lead's response from question id → option value.
func lead(name string, vals map[string]string) Response {
	return response(name, RespondentLead, vals)
}

func response(name string, role RespondentRole, vals map[string]string) Response {
	r := Response{Respondent: name, Role: role, Answers: map[string]Answer{}}
	for q, v := range vals {
		r.Answers[q] = Answer{Value: v}
	}
	return r
}

// allTop answers every question with its highest-scoring option.
func allAt(q *Questionnaire, score int) map[string]string {
	m := map[string]string{}
	for _, qu := range q.Questions {
		for _, o := range qu.Options {
			if o.Score == score {
				m[qu.ID] = o.Value
			}
		}
	}
	return m
}

func ids(rs []Recommendation) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.RuleID
	}
	return out
}

func flagCodes(fs []Flag) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Code
	}
	return out
}

func fieldNames(es FieldErrors) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Field
	}
	return out
}
