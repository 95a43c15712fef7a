package survey

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"staffnet/internal/rows"
)

// Fixed leading columns of the CSV contract.
const (
	ColID   = "response_id"
	ColDate = "submitted_on"
)

// Header returns the CSV header for d.
func (d *Definition) Header() []string {
	h := []string{ColID, ColDate}
	for _, c := range d.columns {
		h = append(h, c.Name)
	}
	return h
}

// Row formats r as a CSV record in Header order, reusing dst.
func (d *Definition) Row(dst []string, r *Response) []string {
	dst = append(dst[:0], r.ID, r.SubmittedOn)
	for _, c := range d.columns {
		if c.Text >= 0 {
			dst = append(dst, r.Texts[c.Text])
		} else {
			dst = append(dst, JoinCodes(d.Codes(r, c.Slot)))
		}
	}
	return dst
}

// CellError locates a problem in a file: 1-based row (the header is row
// 1) and the column's name. It is the strict CSV reader's, so a response
// file's problems read like those of every other import.
type CellError = rows.CellError

// RowDecoder turns CSV records into Responses for one definition.
type RowDecoder struct {
	d    *Definition
	cols []int // per CSV column: index into d.columns, or colID/colDate
	name []string
}

const (
	colID   = -1
	colDate = -2
)

// NewRowDecoder checks a header: it must name response_id and
// submitted_on, and otherwise only the definition's columns, each once.
// Columns the file leaves out are read as not answered.
func (d *Definition) NewRowDecoder(header []string) (*RowDecoder, []CellError) {
	index := map[string]int{ColID: colID, ColDate: colDate}
	for i, c := range d.columns {
		index[c.Name] = i
	}
	// A copy: a csv.Reader with ReuseRecord overwrites the header slice on
	// the next Read, and the caller's header is left as it was.
	rd := &RowDecoder{d: d, name: slices.Clone(header)}
	seen := map[string]bool{}
	var errs []CellError
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff") // spreadsheet programs add a BOM
			rd.name[0] = h
		}
		ci, ok := index[h]
		switch {
		case h == "":
			// Errors name a column; one without a name goes by its position.
			rd.name[i] = strconv.Itoa(i + 1)
			errs = append(errs, CellError{Row: 1, Column: rd.name[i], Reason: "column has no name"})
		case !ok && strings.IndexFunc(h, notPlain) >= 0:
			// So does one whose name would blur the message ("region ").
			rd.name[i] = strconv.Itoa(i + 1)
			errs = append(errs, CellError{Row: 1, Column: rd.name[i], Reason: fmt.Sprintf("unknown column %q: not a question of this survey", h)})
		case !ok:
			errs = append(errs, CellError{Row: 1, Column: h, Reason: "unknown column: not a question of this survey"})
		case seen[h]:
			errs = append(errs, CellError{Row: 1, Column: h, Reason: "column appears twice"})
		}
		seen[h] = true
		rd.cols = append(rd.cols, ci)
	}
	for _, need := range []string{ColID, ColDate} {
		if !seen[need] {
			errs = append(errs, CellError{Row: 1, Column: need, Reason: "required column is missing"})
		}
	}
	return rd, errs
}

func notPlain(r rune) bool { return unicode.IsSpace(r) || !unicode.IsPrint(r) }

// Decode reads one record (at 1-based file row n) into r, which must have
// been made by NewResponse; it is cleared first. It returns every problem.
func (rd *RowDecoder) Decode(n int, rec []string, r *Response) []CellError {
	d := rd.d
	clear(r.Slots)
	clear(r.Texts)
	r.ID, r.SubmittedOn = "", ""
	var errs []CellError
	bad := func(col, format string, a ...any) {
		errs = append(errs, CellError{Row: n, Column: col, Reason: fmt.Sprintf(format, a...)})
	}
	if len(rec) != len(rd.cols) {
		// Name the first missing column, or the position of the first
		// surplus cell, so the error still reads "row N, column C: …".
		col := strconv.Itoa(len(rd.cols) + 1)
		if len(rec) < len(rd.cols) {
			col = rd.name[len(rec)]
		}
		return []CellError{{Row: n, Column: col, Reason: fmt.Sprintf("the row has %d cells, the header has %d", len(rec), len(rd.cols))}}
	}
	for i, cell := range rec {
		name := rd.name[i]
		switch ci := rd.cols[i]; ci {
		case colID:
			if !ValidResponseID(cell) {
				bad(name, "response id %q must be 1–64 letters, digits, '-' or '_'", cell)
			}
			r.ID = cell
		case colDate:
			if _, err := time.Parse(time.DateOnly, cell); err != nil || len(cell) != 10 {
				bad(name, "date %q must be a real date written YYYY-MM-DD", cell)
			}
			r.SubmittedOn = cell
		default:
			c := d.columns[ci]
			if c.Text >= 0 {
				r.Texts[c.Text] = cell
				continue
			}
			if cell == "" {
				continue
			}
			q := c.Q
			if q.Type == Multiple {
				var v uint64
				for _, code := range strings.Split(cell, ";") {
					k := q.optionIndex(strings.TrimSpace(code))
					if k < 0 {
						bad(name, "unknown code %q (expected one of %s)", code, q.codeList())
						continue
					}
					if v&(1<<uint(k)) != 0 {
						bad(name, "code %q appears twice", code)
					}
					v |= 1 << uint(k)
				}
				r.Slots[c.Slot] = v
				continue
			}
			if strings.Contains(cell, ";") {
				bad(name, "%q has several codes but this question takes one answer", cell)
				continue
			}
			k := q.optionIndex(strings.TrimSpace(cell))
			if k < 0 {
				bad(name, "unknown code %q (expected one of %s)", cell, q.codeList())
				continue
			}
			r.Slots[c.Slot] = uint64(k + 1)
		}
	}
	if len(errs) > 0 {
		return errs
	}
	for _, fe := range d.Check(r) {
		errs = append(errs, CellError{Row: n, Column: fe.Field, Reason: fe.Message})
	}
	return errs
}

func (q *Question) codeList() string {
	codes := make([]string, len(q.Options))
	for i, o := range q.Options {
		codes[i] = o.Code
	}
	return strings.Join(codes, ", ")
}

// newlines turns the CRLF line breaks browsers send, and any stray CR,
// into LF. Replacing only CRLF would turn "\r\r\n" into a new "\r\n",
// and the text would change again each time it went round a form.
var newlines = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// DecodeForm reads the answers to qs from submitted form values into r,
// replacing what r held for them. Values that are not options of the
// question (a tampered form) are reported, never stored.
func (d *Definition) DecodeForm(v url.Values, r *Response, qs []*Question) []FieldError {
	var errs []FieldError
	for _, q := range qs {
		switch q.Type {
		case Text:
			r.Texts[q.slot] = strings.TrimSpace(newlines.Replace(v.Get(q.ID)))
		case Single:
			r.Slots[q.slot] = 0
			vals := v[q.ID]
			if len(vals) > 1 {
				errs = append(errs, FieldError{Field: q.ID, Message: "choose one answer", Kind: ErrOneAnswer})
				continue
			}
			if len(vals) == 1 && vals[0] != "" {
				k := q.optionIndex(vals[0])
				if k < 0 {
					errs = append(errs, FieldError{Field: q.ID, Message: "choose one of the answers shown", Kind: ErrUnknownOption})
					continue
				}
				r.Slots[q.slot] = uint64(k + 1)
			}
		case Multiple:
			var bitsSet uint64
			for _, code := range v[q.ID] {
				if code == "" {
					continue
				}
				k := q.optionIndex(code)
				if k < 0 {
					errs = append(errs, FieldError{Field: q.ID, Message: "choose from the answers shown", Kind: ErrUnknownOption})
					continue
				}
				bitsSet |= 1 << uint(k)
			}
			r.Slots[q.slot] = bitsSet
		case Likert:
			for i, it := range q.Items {
				name := q.ID + "." + it.ID
				r.Slots[q.slot+i] = 0
				vals := v[name]
				if len(vals) > 1 {
					errs = append(errs, FieldError{Field: name, Message: "choose one answer", Kind: ErrOneAnswer})
					continue
				}
				if len(vals) == 1 && vals[0] != "" {
					k := q.optionIndex(vals[0])
					if k < 0 {
						errs = append(errs, FieldError{Field: name, Message: "choose one of the answers shown", Kind: ErrUnknownOption})
						continue
					}
					r.Slots[q.slot+i] = uint64(k + 1)
				}
			}
		}
	}
	return errs
}

// EncodeForm writes r's answers as form values, the inverse of DecodeForm.
// The web layer carries answers between pages this way, in hidden fields,
// so that no server-side session is needed while someone answers.
func (d *Definition) EncodeForm(r *Response, v url.Values) {
	for _, q := range d.questions {
		switch q.Type {
		case Text:
			if t := r.Texts[q.slot]; t != "" {
				v.Set(q.ID, t)
			}
		case Likert:
			for i, it := range q.Items {
				if c := d.Codes(r, q.slot+i); len(c) == 1 {
					v.Set(q.ID+"."+it.ID, c[0])
				}
			}
		default:
			for _, c := range d.Codes(r, q.slot) {
				v.Add(q.ID, c)
			}
		}
	}
}
