// Package report is staffnet's analysis engine: it turns the responses to
// one survey into figures (bases, counts, percents, confidence intervals,
// crosstabs and comparisons) and applies statistical disclosure control
// before anything leaves it. It knows nothing of HTTP or SQL: the store
// streams responses into a Dataset, and callers render a Report as JSON,
// CSV, XLSX or HTML.
//
// The JSON contract is documented in docs/report-json.md.
package report

import (
	"fmt"
	"math/bits"

	"staffnet/internal/survey"
)

// Dataset holds the answers to one survey in columns: one compact column
// per slot of the definition (a byte per response for single-choice
// questions and Likert items, the narrowest integer that holds the bit set
// for multiple choice), plus one derived byte column per Likert question
// and per free-text question saying whether it was answered, and two
// bytes per response for the day it arrived. A million responses to the
// 2016 mapping survey take about 19 MB, and a report is one pass over a
// few of those columns.
//
// A Dataset is not safe for concurrent Append, but once filled any number
// of goroutines may run reports on it.
type Dataset struct {
	def   *survey.Definition
	n     int
	cols  []column   // per survey slot, in Definition.Slots order
	any   [][]uint8  // per question index: Likert "answered any item" / text "answered", else nil
	texts [][]string // per text question, only when KeepTexts was called
	keep  bool
	// day is each response's submission day, as an index into days; it
	// feeds only Burst, a warning for the publisher.
	day    []uint16
	days   []string
	dayIdx map[string]uint16
}

// column is one slot's answers. Exactly one of the slices is in use.
type column struct {
	q     *survey.Question
	item  int // Likert item index, or -1
	width int // bytes per value: 1, 2, 4 or 8
	u8    []uint8
	u16   []uint16
	u32   []uint32
	u64   []uint64
}

// NewDataset returns an empty dataset for def.
func NewDataset(def *survey.Definition) *Dataset {
	ds := &Dataset{def: def}
	for _, s := range def.Slots() {
		c := column{q: s.Q, item: s.Item, width: 1}
		if s.Q.Type == survey.Multiple {
			switch n := len(s.Q.Options); {
			case n <= 8:
				c.width = 1
			case n <= 16:
				c.width = 2
			case n <= 32:
				c.width = 4
			default:
				c.width = 8
			}
		}
		ds.cols = append(ds.cols, c)
	}
	ds.any = make([][]uint8, len(def.Questions()))
	for _, q := range def.Questions() {
		if q.Type == survey.Likert || q.Type == survey.Text {
			ds.any[q.Index()] = []uint8{}
		}
	}
	return ds
}

// KeepTexts makes the dataset keep free-text answers, for analysts'
// comment views (see Comments). Call it before the first Append. Without
// it, only whether each text question was answered is kept.
func (ds *Dataset) KeepTexts() {
	ds.keep = true
	ds.texts = make([][]string, len(ds.def.TextQuestions()))
}

// Definition returns the survey the dataset holds answers to.
func (ds *Dataset) Definition() *survey.Definition { return ds.def }

// Len returns the number of responses.
func (ds *Dataset) Len() int { return ds.n }

// Grow reserves room for n more responses, so that a caller that knows
// the count avoids repeated copying.
func (ds *Dataset) Grow(n int) {
	for i := range ds.cols {
		c := &ds.cols[i]
		switch c.width {
		case 1:
			c.u8 = grow(c.u8, n)
		case 2:
			c.u16 = grow(c.u16, n)
		case 4:
			c.u32 = grow(c.u32, n)
		default:
			c.u64 = grow(c.u64, n)
		}
	}
	for i, a := range ds.any {
		if a != nil {
			ds.any[i] = grow(a, n)
		}
	}
	ds.day = grow(ds.day, n)
}

// dayOf is the index of day d in ds.days, added if new. Past 65,535
// distinct days (about 180 years) they share the last index.
func (ds *Dataset) dayOf(d string) uint16 {
	if k, ok := ds.dayIdx[d]; ok {
		return k
	}
	if len(ds.days) > 0xffff {
		return 0xffff
	}
	if ds.dayIdx == nil {
		ds.dayIdx = map[string]uint16{}
	}
	k := uint16(len(ds.days))
	ds.dayIdx[d] = k
	ds.days = append(ds.days, d)
	return k
}

func grow[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	t := make([]T, len(s), len(s)+n)
	copy(t, s)
	return t
}

// Append adds one response. It checks only what the columns need (the
// shape and that every value is an option of its question); the caller
// is expected to have applied Definition.Check when the response was
// stored. The response is not retained.
func (ds *Dataset) Append(r *survey.Response) error {
	slots := ds.def.Slots()
	if len(r.Slots) != len(slots) || len(r.Texts) != len(ds.def.TextQuestions()) {
		return fmt.Errorf("report: response %q has %d slots and %d texts, survey %s has %d and %d",
			r.ID, len(r.Slots), len(r.Texts), ds.def.Slug, len(slots), len(ds.def.TextQuestions()))
	}
	for i, v := range r.Slots {
		q := slots[i].Q
		if q.Type == survey.Multiple {
			if bits.Len64(v) > len(q.Options) {
				return fmt.Errorf("report: response %q: %s has an unknown option", r.ID, q.ID)
			}
		} else if v > uint64(len(q.Options)) {
			return fmt.Errorf("report: response %q: %s has an unknown option", r.ID, q.ID)
		}
	}
	for i, v := range r.Slots {
		c := &ds.cols[i]
		switch c.width {
		case 1:
			c.u8 = append(c.u8, uint8(v))
		case 2:
			c.u16 = append(c.u16, uint16(v))
		case 4:
			c.u32 = append(c.u32, uint32(v))
		default:
			c.u64 = append(c.u64, v)
		}
	}
	for _, q := range ds.def.Questions() {
		a := ds.any[q.Index()]
		if a == nil {
			continue
		}
		var b uint8
		if ds.def.Answered(r, q) {
			b = 1
		}
		ds.any[q.Index()] = append(a, b)
	}
	ds.day = append(ds.day, ds.dayOf(r.SubmittedOn))
	if ds.keep {
		for i, t := range r.Texts {
			ds.texts[i] = append(ds.texts[i], t)
		}
	}
	ds.n++
	return nil
}

// value returns slot column c's value for row i; used off the hot path.
func (c *column) value(i int) uint64 {
	switch c.width {
	case 1:
		return uint64(c.u8[i])
	case 2:
		return uint64(c.u16[i])
	case 4:
		return uint64(c.u32[i])
	default:
		return c.u64[i]
	}
}
