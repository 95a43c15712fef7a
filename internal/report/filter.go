package report

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"staffnet/internal/survey"
)

// Filter restricts a report to respondents whose answer to a question (or
// to one item of a Likert matrix) includes any of Codes. Several filters
// are ANDed.
type Filter struct {
	Question string   `json:"question"`
	Item     string   `json:"item,omitempty"` // Likert item id, for question.item=code filters
	Codes    []string `json:"codes"`
}

// String formats f as ParseFilter reads it.
func (f Filter) String() string {
	q := f.Question
	if f.Item != "" {
		q += "." + f.Item
	}
	return q + "=" + strings.Join(f.Codes, ",")
}

// ErrBadFilter is returned, wrapped, for a filter that does not parse or
// does not fit the survey.
var ErrBadFilter = errors.New("bad filter")

// ParseFilter reads "question=code[,code…]" or "question.item=code[,…]".
// It checks only the syntax; a report checks the ids and codes against
// its survey.
func ParseFilter(s string) (Filter, error) {
	lhs, rhs, ok := strings.Cut(s, "=")
	lhs, rhs = strings.TrimSpace(lhs), strings.TrimSpace(rhs)
	if !ok || lhs == "" || rhs == "" {
		return Filter{}, fmt.Errorf("%w %q: want question=code[,code…]", ErrBadFilter, s)
	}
	var f Filter
	f.Question, f.Item, _ = strings.Cut(lhs, ".")
	for _, c := range strings.Split(rhs, ",") {
		c = strings.TrimSpace(c)
		if c == "" {
			return Filter{}, fmt.Errorf("%w %q: empty code", ErrBadFilter, s)
		}
		if !slices.Contains(f.Codes, c) {
			f.Codes = append(f.Codes, c)
		}
	}
	return f, nil
}

// compiled is a filter resolved against a definition: the slot column to
// test and, per possible stored value, whether it matches.
type compiled struct {
	col  *column
	slot int    // the column's index in Definition.Slots
	mask uint64 // multiple choice: option bits; single/Likert: bit v set for matching value v
}

func (ds *Dataset) compile(fs []Filter) ([]compiled, error) {
	var out []compiled
	for _, f := range fs {
		q := ds.def.Question(f.Question)
		if q == nil {
			return nil, fmt.Errorf("%w %q: no question %q in survey %s", ErrBadFilter, f.String(), f.Question, ds.def.Slug)
		}
		slot := q.Slot()
		switch {
		case q.Type == survey.Text:
			return nil, fmt.Errorf("%w %q: cannot filter on a free-text question", ErrBadFilter, f.String())
		case q.Type == survey.Likert:
			k := slices.IndexFunc(q.Items, func(it survey.Item) bool { return it.ID == f.Item })
			if k < 0 {
				return nil, fmt.Errorf("%w %q: filter a Likert matrix by one item, as %s.ITEM=CODE", ErrBadFilter, f.String(), q.ID)
			}
			slot += k
		case f.Item != "":
			return nil, fmt.Errorf("%w %q: %s has no items", ErrBadFilter, f.String(), q.ID)
		}
		if len(f.Codes) == 0 {
			return nil, fmt.Errorf("%w %q: no codes", ErrBadFilter, f.String())
		}
		var m uint64
		for _, code := range f.Codes {
			k := q.OptionIndex(code)
			if k < 0 {
				return nil, fmt.Errorf("%w %q: %q is not an option of %s", ErrBadFilter, f.String(), code, q.ID)
			}
			if q.Type == survey.Multiple {
				m |= 1 << uint(k)
			} else {
				m |= 1 << uint(k+1)
			}
		}
		out = append(out, compiled{col: &ds.cols[slot], slot: slot, mask: m})
	}
	return out, nil
}

// selection is a population: nil means every response, otherwise the
// ascending row numbers of the responses in it.
type selection struct {
	all  bool
	rows []uint32
}

func (s selection) len(n int) int {
	if s.all {
		return n
	}
	return len(s.rows)
}

// selectRows evaluates the filters once into a selection vector, so every
// column scan after it touches only the chosen rows. Each filter is one
// tight pass over its column into a byte mask (a lookup table for single
// choice, a bit test for multiple choice); the rows are then gathered
// without branches.
func (ds *Dataset) selectRows(cf []compiled, within selection) selection {
	if len(cf) == 0 {
		return within
	}
	mask := make([]uint8, ds.n)
	for k := range cf {
		c := &cf[k]
		col := c.col
		first := k == 0
		switch {
		case col.width == 1 && col.q.Type != survey.Multiple:
			var lut [256]uint8
			for v := range 64 {
				lut[v] = uint8(c.mask >> uint(v) & 1)
			}
			if first {
				for i, v := range col.u8 {
					mask[i] = lut[v]
				}
			} else {
				for i, v := range col.u8 {
					mask[i] &= lut[v]
				}
			}
		case col.width == 1:
			m := uint8(c.mask)
			for i, v := range col.u8 {
				hit := uint8(0)
				if v&m != 0 {
					hit = 1
				}
				if first {
					mask[i] = hit
				} else {
					mask[i] &= hit
				}
			}
		default:
			for i := range ds.n {
				hit := uint8(0)
				if col.value(i)&c.mask != 0 {
					hit = 1
				}
				if first {
					mask[i] = hit
				} else {
					mask[i] &= hit
				}
			}
		}
	}
	var rows []uint32
	if within.all {
		rows = make([]uint32, ds.n+1)
		n := 0
		for i, m := range mask {
			rows[n] = uint32(i)
			n += int(m)
		}
		rows = rows[:n:n]
	} else {
		for _, i := range within.rows {
			if mask[i] != 0 {
				rows = append(rows, i)
			}
		}
	}
	return selection{rows: rows}
}

// Keep returns a test of whether a response belongs to the population fs
// describe (nil when fs is empty), so that a loader can leave the others
// out of a dataset. A report with the same filters on the smaller dataset
// has the same figures; loading fewer rows makes it cheaper.
func Keep(def *survey.Definition, fs []Filter) (func(*survey.Response) bool, error) {
	if len(fs) == 0 {
		return nil, nil
	}
	ds := NewDataset(def)
	cf, err := ds.compile(fs)
	if err != nil {
		return nil, err
	}
	type test struct {
		slot     int
		mask     uint64
		multiple bool
	}
	var tests []test
	for _, c := range cf {
		tests = append(tests, test{c.slot, c.mask, c.col.q.Type == survey.Multiple})
	}
	return func(r *survey.Response) bool {
		for _, t := range tests {
			v := r.Slots[t.slot]
			if t.multiple {
				if v&t.mask == 0 {
					return false
				}
			} else if v >= 64 || t.mask&(1<<v) == 0 {
				return false
			}
		}
		return true
	}, nil
}
