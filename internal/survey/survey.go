// Package survey defines surveys as data: questions, options, routing and
// the rules a set of answers must follow. It knows nothing of HTTP or SQL.
//
// A definition is JSON (see docs/survey-format.md). Once loaded it is
// compiled into slots: every single-choice question, multiple-choice
// question and Likert item occupies one slot holding a small integer, and
// every free-text question occupies one text field. A Response is those
// slots and texts; its meaning always comes from the Definition it was
// answered against.
package survey

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// FormatVersion is the version of the definition format this code reads.
const FormatVersion = 1

// Type is a question type.
type Type string

const (
	Single   Type = "single"   // choose one option
	Multiple Type = "multiple" // choose any options; some may be exclusive
	Likert   Type = "likert"   // a matrix: one scale shared by several items
	Text     Type = "text"     // free text
)

// Option is one answer a respondent can choose.
type Option struct {
	Code      string `json:"code"`
	Label     string `json:"label"`
	Exclusive bool   `json:"exclusive,omitempty"` // multiple choice only: cannot be combined
}

// Item is one row of a Likert matrix.
type Item struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Condition shows a question only when an earlier question (which must
// itself be shown) was answered with any of the listed codes.
type Condition struct {
	Question string   `json:"question"`
	AnyOf    []string `json:"any_of"`
}

// Question is one question.
type Question struct {
	ID        string     `json:"id"`
	Type      Type       `json:"type"`
	Title     string     `json:"title"`
	Hint      string     `json:"hint,omitempty"`
	Required  bool       `json:"required,omitempty"`
	Options   []Option   `json:"options,omitempty"`
	Items     []Item     `json:"items,omitempty"`
	ShowIf    *Condition `json:"show_if,omitempty"`
	MaxLength int        `json:"max_length,omitempty"` // text only; 0 means DefaultMaxLength

	slot  int // first slot (choice questions and Likert) or text index
	index int // position in Definition.questions
}

// DefaultMaxLength bounds a free-text answer when a definition sets none.
const DefaultMaxLength = 5000

// Page groups questions shown together.
type Page struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	Questions []Question `json:"questions"`
}

// Definition is a whole survey.
type Definition struct {
	Format  int    `json:"format"`
	Slug    string `json:"slug"`
	Title   string `json:"title"`
	Intro   string `json:"intro,omitempty"`
	Contact bool   `json:"contact,omitempty"` // offer the separate contact-details form
	Pages   []Page `json:"pages"`

	questions []*Question
	byID      map[string]*Question
	slots     []Slot
	texts     []*Question
	columns   []Column
	hash      string
}

// Slot is one integer in a Response: a single or multiple choice
// question, or one item of a Likert matrix.
type Slot struct {
	Q    *Question
	Item int // index into Q.Items, or -1
}

// Column is one column of the CSV contract.
type Column struct {
	Name string
	Q    *Question
	Slot int // index into Response.Slots, or -1 for text
	Text int // index into Response.Texts, or -1 for choices
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)
var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,79}$`)

// Parse reads and checks a JSON definition. Unknown fields are errors, so a
// typo cannot silently drop routing or an option.
func Parse(data []byte) (*Definition, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d Definition
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("survey definition: %w", err)
	}
	if dec.More() {
		return nil, errors.New("survey definition: trailing data after the JSON object")
	}
	if err := d.compile(); err != nil {
		return nil, err
	}
	return &d, nil
}

// DefinitionError lists every problem found in a definition.
type DefinitionError struct{ Problems []string }

func (e *DefinitionError) Error() string {
	return "survey definition: " + strings.Join(e.Problems, "; ")
}

func (d *Definition) compile() error {
	var p []string
	bad := func(format string, a ...any) { p = append(p, fmt.Sprintf(format, a...)) }
	if d.Format != FormatVersion {
		bad("format must be %d, got %d", FormatVersion, d.Format)
	}
	if !slugPattern.MatchString(d.Slug) {
		bad("slug %q must be lower-case letters, digits and hyphens", d.Slug)
	}
	if strings.TrimSpace(d.Title) == "" {
		bad("title is empty")
	}
	if len(d.Pages) == 0 {
		bad("no pages")
	}
	d.byID = map[string]*Question{}
	d.questions, d.slots, d.texts, d.columns = nil, nil, nil, nil
	pageIDs := map[string]bool{}
	for pi := range d.Pages {
		pg := &d.Pages[pi]
		if !idPattern.MatchString(pg.ID) || pageIDs[pg.ID] {
			bad("page %d: id %q is missing, malformed or repeated", pi+1, pg.ID)
		}
		pageIDs[pg.ID] = true
		if len(pg.Questions) == 0 {
			bad("page %q has no questions", pg.ID)
		}
		for qi := range pg.Questions {
			q := &pg.Questions[qi]
			where := fmt.Sprintf("question %q", q.ID)
			if !idPattern.MatchString(q.ID) {
				bad("%s: id must match %s", where, idPattern)
			} else if d.byID[q.ID] != nil {
				bad("%s: id repeated", where)
			}
			if strings.TrimSpace(q.Title) == "" {
				bad("%s: title is empty", where)
			}
			q.index = len(d.questions)
			d.questions = append(d.questions, q)
			d.byID[q.ID] = q
			switch q.Type {
			case Single, Multiple, Likert:
				checkOptions(q, bad)
			case Text:
				if len(q.Options) > 0 || len(q.Items) > 0 {
					bad("%s: a text question has no options or items", where)
				}
				if q.MaxLength < 0 {
					bad("%s: max_length is negative", where)
				}
			default:
				bad("%s: unknown type %q (want single, multiple, likert or text)", where, q.Type)
			}
			if q.Type != Likert && len(q.Items) > 0 {
				bad("%s: only a likert question has items", where)
			}
			if q.Type != Text && q.MaxLength != 0 {
				bad("%s: only a text question has max_length", where)
			}
			if c := q.ShowIf; c != nil {
				dep := d.byID[c.Question]
				switch {
				case dep == nil || dep == q:
					bad("%s: show_if refers to %q, which is not an earlier question", where, c.Question)
				case dep.Type != Single && dep.Type != Multiple:
					bad("%s: show_if must refer to a single or multiple choice question", where)
				case len(c.AnyOf) == 0:
					bad("%s: show_if.any_of is empty", where)
				default:
					for _, code := range c.AnyOf {
						if dep.optionIndex(code) < 0 {
							bad("%s: show_if code %q is not an option of %q", where, code, dep.ID)
						}
					}
				}
			}
			switch q.Type {
			case Single, Multiple:
				q.slot = len(d.slots)
				d.slots = append(d.slots, Slot{Q: q, Item: -1})
				d.columns = append(d.columns, Column{Name: q.ID, Q: q, Slot: q.slot, Text: -1})
			case Likert:
				q.slot = len(d.slots)
				for i, it := range q.Items {
					d.columns = append(d.columns, Column{Name: q.ID + "." + it.ID, Q: q, Slot: len(d.slots), Text: -1})
					d.slots = append(d.slots, Slot{Q: q, Item: i})
				}
			case Text:
				q.slot = len(d.texts)
				d.columns = append(d.columns, Column{Name: q.ID, Q: q, Slot: -1, Text: len(d.texts)})
				d.texts = append(d.texts, q)
			}
		}
	}
	if len(p) > 0 {
		return &DefinitionError{Problems: p}
	}
	canon, _ := json.Marshal(d)
	sum := sha256.Sum256(canon)
	d.hash = hex.EncodeToString(sum[:])
	return nil
}

func checkOptions(q *Question, bad func(string, ...any)) {
	where := fmt.Sprintf("question %q", q.ID)
	if len(q.Options) < 2 {
		bad("%s: needs at least two options", where)
	}
	if len(q.Options) > 63 {
		bad("%s: at most 63 options", where)
	}
	checkEntries(q.Options, "option code", where, bad, func(o Option) (string, string) { return o.Code, o.Label }, func(o Option) {
		if o.Exclusive && q.Type != Multiple {
			bad("%s: only multiple choice options can be exclusive", where)
		}
	})
	if q.Type == Likert {
		if len(q.Items) == 0 {
			bad("%s: a likert question needs items", where)
		}
		checkEntries(q.Items, "item id", where, bad, func(it Item) (string, string) { return it.ID, it.Label }, nil)
	}
}

// checkEntries checks the options or items of a question: each one's id
// (its code, for an option) is well formed and unique, and its label is
// not blank; then more, if given, checks the entry further. key returns
// an entry's id and label; what names the id: "option code".
func checkEntries[T any](entries []T, what, where string, bad func(string, ...any), key func(T) (id, label string), more func(T)) {
	kind, _, _ := strings.Cut(what, " ")
	seen := map[string]bool{}
	for _, e := range entries {
		id, label := key(e)
		if !idPattern.MatchString(id) || seen[id] {
			bad("%s: %s %q is missing, malformed or repeated", where, what, id)
		}
		seen[id] = true
		if strings.TrimSpace(label) == "" {
			bad("%s: %s %q has no label", where, kind, id)
		}
		if more != nil {
			more(e)
		}
	}
}

func (q *Question) optionIndex(code string) int {
	for i, o := range q.Options {
		if o.Code == code {
			return i
		}
	}
	return -1
}

// OptionIndex returns the position of an option code, or -1.
func (q *Question) OptionIndex(code string) int { return q.optionIndex(code) }

// Slot returns the question's first slot (or its text index for text).
func (q *Question) Slot() int { return q.slot }

// Index returns the question's position in the definition.
func (q *Question) Index() int { return q.index }

// MaxLen is the longest text answer accepted.
func (q *Question) MaxLen() int {
	if q.MaxLength > 0 {
		return q.MaxLength
	}
	return DefaultMaxLength
}

// Questions lists every question in definition order.
func (d *Definition) Questions() []*Question { return d.questions }

// Question finds a question by id.
func (d *Definition) Question(id string) *Question { return d.byID[id] }

// Slots lists the integer slots of a Response.
func (d *Definition) Slots() []Slot { return d.slots }

// TextQuestions lists the free-text questions, in Response.Texts order.
func (d *Definition) TextQuestions() []*Question { return d.texts }

// Columns lists the CSV columns after response_id and submitted_on.
func (d *Definition) Columns() []Column { return d.columns }

// Hash identifies the definition's content; equal hashes mean equal surveys.
func (d *Definition) Hash() string { return d.hash }

// JSON returns the definition as stored.
func (d *Definition) JSON() []byte {
	b, _ := json.MarshalIndent(d, "", "  ")
	return b
}
