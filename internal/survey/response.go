package survey

import (
	"crypto/rand"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"unicode/utf8"
)

// Response is one set of answers. Slots hold 0 for "not answered"; for a
// single choice or a Likert item 1+index of the chosen option; for a
// multiple choice the bit set of chosen options (bit i = option i).
type Response struct {
	ID          string
	SubmittedOn string // YYYY-MM-DD: never finer than the day
	Slots       []uint64
	Texts       []string
}

// NewResponse returns an empty response shaped for d.
func (d *Definition) NewResponse() *Response {
	return &Response{Slots: make([]uint64, len(d.slots)), Texts: make([]string, len(d.texts))}
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewID returns a random response id: 128 bits, so ids say nothing about
// order or time.
func NewID() string {
	var b [16]byte
	rand.Read(b[:])
	return idEncoding.EncodeToString(b[:])
}

// ValidResponseID reports whether id is acceptable as a response id: 1 to
// 64 ASCII letters, digits, '-' or '_'. (A loop, not a regexp: imports
// check every row.)
func ValidResponseID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// Answered reports whether q has any answer in r.
func (d *Definition) Answered(r *Response, q *Question) bool {
	switch q.Type {
	case Text:
		return r.Texts[q.slot] != ""
	case Likert:
		for i := range q.Items {
			if r.Slots[q.slot+i] != 0 {
				return true
			}
		}
		return false
	default:
		return r.Slots[q.slot] != 0
	}
}

// Has reports whether choice question q's answer in r includes option i.
func Has(r *Response, q *Question, i int) bool {
	v := r.Slots[q.slot]
	if q.Type == Multiple {
		return v&(1<<uint(i)) != 0
	}
	return v == uint64(i+1)
}

// Visible reports whether routing shows q to the respondent who gave r.
func (d *Definition) Visible(r *Response, q *Question) bool {
	for q.ShowIf != nil {
		dep := d.byID[q.ShowIf.Question]
		ok := false
		for _, code := range q.ShowIf.AnyOf {
			if Has(r, dep, dep.optionIndex(code)) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
		q = dep
	}
	return true
}

// FieldError is a problem with the answer to one question (or item).
// Message is for people who handle files (import reports name the row and
// column); Advice words it for the person answering.
type FieldError struct {
	Field   string // question id, or question.item for a Likert item
	Message string
	Kind    ErrorKind
	Option  string // ErrExclusive: the label of the option that stands alone
}

// ErrorKind is the rule an answer broke.
type ErrorKind uint8

const (
	ErrOther         ErrorKind = iota // malformed text, or an answer routing hides
	ErrRequired                       // no answer to a required question
	ErrExclusive                      // an exclusive option with others
	ErrTooLong                        // text over the question's MaxLen
	ErrUnknownOption                  // a code that is not an option (a tampered form)
	ErrOneAnswer                      // several answers where one is allowed
)

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// Check applies the definition's rules to a whole response: routing,
// exclusive options, single answers, required questions and text length.
// It returns every problem, in definition order.
func (d *Definition) Check(r *Response) []FieldError {
	var errs []FieldError
	for _, q := range d.questions {
		errs = append(errs, d.checkQuestion(r, q)...)
	}
	return errs
}

// CheckPage is Check for the questions of one page.
func (d *Definition) CheckPage(r *Response, p *Page) []FieldError {
	var errs []FieldError
	for i := range p.Questions {
		errs = append(errs, d.checkQuestion(r, d.byID[p.Questions[i].ID])...)
	}
	return errs
}

func (d *Definition) checkQuestion(r *Response, q *Question) []FieldError {
	var errs []FieldError
	if !d.Visible(r, q) {
		if d.Answered(r, q) {
			errs = append(errs, FieldError{Field: q.ID, Message: "is answered but routing hides this question"})
		}
		return errs
	}
	switch q.Type {
	case Single:
		if v := r.Slots[q.slot]; v > uint64(len(q.Options)) {
			errs = append(errs, FieldError{Field: q.ID, Message: "has an unknown option", Kind: ErrUnknownOption})
		}
	case Likert:
		for i, it := range q.Items {
			if v := r.Slots[q.slot+i]; v > uint64(len(q.Options)) {
				errs = append(errs, FieldError{Field: q.ID + "." + it.ID, Message: "has an unknown option", Kind: ErrUnknownOption})
			}
		}
	case Multiple:
		v := r.Slots[q.slot]
		if v>>uint(len(q.Options)) != 0 {
			errs = append(errs, FieldError{Field: q.ID, Message: "has an unknown option", Kind: ErrUnknownOption})
		}
		for i, o := range q.Options {
			if o.Exclusive && v&(1<<uint(i)) != 0 && bits.OnesCount64(v) > 1 {
				errs = append(errs, FieldError{Field: q.ID, Message: fmt.Sprintf("%q cannot be combined with other answers", o.Label), Kind: ErrExclusive, Option: o.Label})
			}
		}
	case Text:
		t := r.Texts[q.slot]
		if !utf8.ValidString(t) {
			errs = append(errs, FieldError{Field: q.ID, Message: "is not valid UTF-8 text"})
		} else if n := utf8.RuneCountInString(t); n > q.MaxLen() {
			errs = append(errs, FieldError{Field: q.ID, Message: fmt.Sprintf("must be %d characters or fewer (it has %d)", q.MaxLen(), n), Kind: ErrTooLong})
		}
	}
	if q.Required && !d.Answered(r, q) {
		errs = append(errs, FieldError{Field: q.ID, Message: "needs an answer", Kind: ErrRequired})
	}
	return errs
}

// ClearHidden removes answers to questions that routing now hides. A
// respondent who goes back and changes an earlier answer keeps no stale
// answers to questions they can no longer see.
func (d *Definition) ClearHidden(r *Response) {
	for _, q := range d.questions {
		if d.Visible(r, q) {
			continue
		}
		switch q.Type {
		case Text:
			r.Texts[q.slot] = ""
		case Likert:
			for i := range q.Items {
				r.Slots[q.slot+i] = 0
			}
		default:
			r.Slots[q.slot] = 0
		}
	}
}

// PageVisible reports whether any question of p is shown.
func (d *Definition) PageVisible(r *Response, p *Page) bool {
	for i := range p.Questions {
		if d.Visible(r, d.byID[p.Questions[i].ID]) {
			return true
		}
	}
	return false
}

// Codes returns the option codes chosen for slot s of r.
func (d *Definition) Codes(r *Response, s int) []string {
	sl := d.slots[s]
	v := r.Slots[s]
	if v == 0 {
		return nil
	}
	if sl.Q.Type == Multiple {
		var out []string
		for i, o := range sl.Q.Options {
			if v&(1<<uint(i)) != 0 {
				out = append(out, o.Code)
			}
		}
		return out
	}
	if v > uint64(len(sl.Q.Options)) {
		return nil
	}
	return []string{sl.Q.Options[v-1].Code}
}

// EncodeSlots packs slots as unsigned varints: compact, and decoded
// without allocation by the analysis engine.
func EncodeSlots(dst []byte, slots []uint64) []byte {
	for _, v := range slots {
		dst = binary.AppendUvarint(dst, v)
	}
	return dst
}

// DecodeSlots unpacks n slots into dst.
func DecodeSlots(dst []uint64, b []byte) error {
	for i := range dst {
		v, k := binary.Uvarint(b)
		if k <= 0 {
			return errors.New("survey: truncated slot data")
		}
		dst[i] = v
		b = b[k:]
	}
	if len(b) != 0 {
		return errors.New("survey: extra slot data")
	}
	return nil
}

// JoinCodes joins multiple-choice codes as the CSV contract does.
func JoinCodes(codes []string) string { return strings.Join(codes, ";") }
