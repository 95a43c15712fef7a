package network

import (
	"sort"
	"time"
)

// A self-assessment round: each respondent's answers, and how they are
// checked against the questionnaire. Scoring is in score.go, and comparing
// views and networks in compare.go.

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
