package network

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

//go:embed steps.json
var stepsJSON []byte

// Guide is the six-step guide to starting a network, read from
// steps.json.
type Guide struct {
	Version     int    `json:"version"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Steps       []Step `json:"steps"`

	fields map[string]*StepField
	stepOf map[string]string
}

// Step is one step of the guide.
type Step struct {
	ID       string      `json:"id"`
	Number   int         `json:"number"`
	Title    string      `json:"title"`
	Guidance string      `json:"guidance"`
	Fields   []StepField `json:"fields"`
}

// StepField is one prompt to answer. Kind is text (one line), textarea
// or list (one item a line).
type StepField struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Hint     string `json:"hint,omitempty"`
	Kind     string `json:"kind"`
	Required bool   `json:"required"`
	Error    string `json:"error,omitempty"` // what to say when a required field is empty: "Enter who the network is for"
}

// DefaultGuide parses the embedded steps.json.
func DefaultGuide() (*Guide, error) { return LoadGuide(bytes.NewReader(stepsJSON)) }

// LoadGuide reads and checks a guide; unknown fields are rejected and
// field ids must be unique across all steps, since answers are saved by
// field id.
func LoadGuide(r io.Reader) (*Guide, error) {
	var g Guide
	if err := decodeStrict(r, &g); err != nil {
		return nil, fmt.Errorf("steps file: %w", err)
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	g.fields, g.stepOf = map[string]*StepField{}, map[string]string{}
	steps := map[string]bool{}
	for i := range g.Steps {
		s := &g.Steps[i]
		if s.ID == "" || steps[s.ID] {
			bad("steps[%d]: missing or repeated id %q", i, s.ID)
		}
		steps[s.ID] = true
		if s.Number != i+1 {
			bad("step %q: number %d, want %d", s.ID, s.Number, i+1)
		}
		if s.Title == "" || s.Guidance == "" {
			bad("step %q: needs a title and guidance", s.ID)
		}
		if len(s.Fields) == 0 {
			bad("step %q: no fields", s.ID)
		}
		for j := range s.Fields {
			f := &s.Fields[j]
			if f.ID == "" || g.fields[f.ID] != nil {
				bad("step %q: missing or repeated field id %q", s.ID, f.ID)
			}
			if f.Label == "" {
				bad("field %q: no label", f.ID)
			}
			if f.Required && !strings.HasPrefix(f.Error, "Enter ") {
				bad("field %q: a required field needs an error that starts \"Enter \"", f.ID)
			}
			if !slices.Contains([]string{"text", "textarea", "list"}, f.Kind) {
				bad("field %q: kind %q is not text, textarea or list", f.ID, f.Kind)
			}
			g.fields[f.ID] = f
			g.stepOf[f.ID] = s.ID
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("steps file: %w", err)
	}
	return &g, nil
}

// Step returns the step with the given id.
func (g *Guide) Step(id string) (*Step, bool) {
	for i := range g.Steps {
		if g.Steps[i].ID == id {
			return &g.Steps[i], true
		}
	}
	return nil, false
}

// Field returns the field with the given id.
func (g *Guide) Field(id string) (*StepField, bool) {
	f, ok := g.fields[id]
	return f, ok
}

// Progress is a new network's way through the guide: saved answers by
// field id and the steps marked done. The store keeps it as it is (it
// marshals to JSON); the zero value is a fresh start.
type Progress struct {
	OrgCode   string            `json:"org_code"`
	Type      Type              `json:"type"`
	Answers   map[string]string `json:"answers"`
	Done      []string          `json:"done"` // step ids, in the order completed
	UpdatedOn time.Time         `json:"updated_on,omitzero"`
	NetworkID int64             `json:"network_id,omitempty"` // the network created from the drafts; 0 until then
}

// Save stores answers for one step, replacing earlier ones for the same
// fields; an empty answer clears the field. It rejects fields that are not
// in the step and over-long answers. Saving never requires the step to be
// complete, so people can stop half way.
func (g *Guide) Save(p *Progress, stepID string, answers map[string]string, today time.Time) FieldErrors {
	s, ok := g.Step(stepID)
	if !ok {
		return FieldErrors{{"step", "Choose a step from the list"}}
	}
	var es FieldErrors
	keys := make([]string, 0, len(answers))
	for k := range answers {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if g.stepOf[k] != s.ID {
			es = append(es, FieldError{k, "This question is not part of step " + fmt.Sprint(s.Number)})
		} else if len(answers[k]) > maxLong {
			es = append(es, FieldError{k, fmt.Sprintf("Answer must be %d characters or fewer", maxLong)})
		}
	}
	if len(es) > 0 {
		return es
	}
	if p.Answers == nil {
		p.Answers = map[string]string{}
	}
	for _, k := range keys {
		if v := strings.TrimSpace(answers[k]); v == "" {
			delete(p.Answers, k)
		} else {
			p.Answers[k] = v
		}
	}
	p.UpdatedOn = Day(today)
	return nil
}

// Complete marks a step done if its required fields are answered, and
// otherwise returns an error for each missing one, in form order.
func (g *Guide) Complete(p *Progress, stepID string, today time.Time) FieldErrors {
	s, ok := g.Step(stepID)
	if !ok {
		return FieldErrors{{"step", "Choose a step from the list"}}
	}
	var es FieldErrors
	for _, f := range s.Fields {
		if f.Required && strings.TrimSpace(p.Answers[f.ID]) == "" {
			es = append(es, FieldError{f.ID, f.Error})
		}
	}
	if len(es) > 0 {
		return es
	}
	if !slices.Contains(p.Done, s.ID) {
		p.Done = append(p.Done, s.ID)
	}
	p.UpdatedOn = Day(today)
	return nil
}

// IsDone reports whether a step is marked done.
func (p *Progress) IsDone(stepID string) bool { return slices.Contains(p.Done, stepID) }

// Next returns the first step not yet done, or nil when all are.
func (g *Guide) Next(p *Progress) *Step {
	for i := range g.Steps {
		if !p.IsDone(g.Steps[i].ID) {
			return &g.Steps[i]
		}
	}
	return nil
}

// PercentDone is the share of steps done, 0 to 100.
func (g *Guide) PercentDone(p *Progress) int {
	n := 0
	for _, s := range g.Steps {
		if p.IsDone(s.ID) {
			n++
		}
	}
	return n * 100 / len(g.Steps)
}
