package survey

import (
	"strconv"
	"strings"
)

// Advice words e for the person answering q, in the style of the NHS.UK
// and GOV.UK error messages: it says what to do, and names the question,
// since a page can hold several.
func (e FieldError) Advice(q *Question) string {
	switch e.Kind {
	case ErrRequired:
		if q.Type == Text {
			return "Enter an answer to: " + q.Title
		}
		return "Select an answer to: " + q.Title
	case ErrExclusive:
		return "Select ‘" + e.Option + "’ on its own, or choose other answers"
	case ErrTooLong:
		return "Your answer to ‘" + q.Title + "’ must be " + Thousands(q.MaxLen()) + " characters or fewer"
	case ErrUnknownOption:
		return "Select one of the answers shown for: " + q.Title
	case ErrOneAnswer:
		return "Select one answer to: " + q.Title
	}
	if q.Type == Text {
		return "Your answer to ‘" + q.Title + "’ could not be read. Type it again"
	}
	return "Check your answer to: " + q.Title
}

// Thousands writes a length with commas, as the NHS style guide asks
// (2,000). Lengths are never negative.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
