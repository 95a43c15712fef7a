package web

// The shared form fields of templates/_fields.html. A page's template
// names each field and writes its label and hint itself:
//
//	{{template "field-input" (field .Errs "name" "label" "Name of the network" "value" .Net.Name)}}
//
// field builds a Field from key–value pairs and looks up the field's
// error by its id, so a page needs nothing but its errors and its values.

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"staffnet/internal/network"
)

// fieldFuncs are the template functions of the shared fields, tables and
// dates.
var fieldFuncs = template.FuncMap{
	"field": makeField, "choices": choices, "choiceKind": choiceKind, "cell": makeCell, "list": list,
	"date": longDate, "dateOrNever": dateOrNever, "dateValue": dateValue, "join": join,
}

// Field is one form field as the partials in _fields.html draw it.
type Field struct {
	ID, Name, Label, Hint, Error, Value string
	Type                                string // input type: text (the default), number, date, url or email
	Width                               int    // nhsuk-input--width-N
	Rows                                int    // a text area's height; 5 if 0
	Autocomplete                        string
	Options                             []Option
	Inline                              bool // radios side by side
	Large                               bool // the label or legend at size m
	Heading                             bool // the legend is the page section's h2
}

// Option is one radio, checkbox or select option.
type Option struct {
	Value, Label string
	Checked      bool
}

// InputType is the input element's type: a number is a text box with a
// numeric keyboard, as the NHS design system advises.
func (f *Field) InputType() string {
	if f.Type == "" || f.Type == "number" {
		return "text"
	}
	return f.Type
}

// As is a copy of the field as an input of type typ: field-date is
// field-input with type date.
func (f *Field) As(typ string) *Field {
	c := *f
	c.Type = typ
	return &c
}

// Numeric reports whether the field takes a number.
func (f *Field) Numeric() bool { return f.Type == "number" }

// DescribedBy is the aria-describedby of the input: its hint and error.
func (f *Field) DescribedBy() string {
	if f.Hint == "" && f.Error == "" {
		return ""
	}
	s := ""
	if f.Hint != "" {
		s = f.ID + "-hint"
	}
	if f.Error != "" {
		s += " " + f.ID + "-error"
	}
	return s
}

// OptionID is the id of option i: the field's own id for the first, so
// the error summary's link lands on it, then id-2, id-3 and so on.
func (f *Field) OptionID(i int) string {
	if i == 0 {
		return f.ID
	}
	return fmt.Sprintf("%s-%d", f.ID, i+1)
}

// choiceKind pairs a field with the kind of choice, radios or
// checkboxes, for the partial "field-choices".
func choiceKind(kind string, f *Field) struct {
	Kind  string
	Field *Field
} {
	return struct {
		Kind  string
		Field *Field
	}{kind, f}
}

// cell is one cell of a responsive table: the column's heading, which
// narrow screens show beside the value, and the value.
type cell struct {
	Head string
	Text any
}

func makeCell(head string, text any) cell { return cell{head, text} }

func list(s ...string) []string { return s }

// pager is a list's NHS.UK pagination, drawn by the partial "pagination":
// links to the pages before and after ("" where there is none) and what
// each link calls its page.
type pager struct {
	Label              string // the navigation's accessible name
	Prev, Next         string
	PrevText, NextText string
}

// newPager is the pagination of page n of pages: link makes a page's
// address.
func newPager(label string, n, pages int, link func(int) string, prevText, nextText string) pager {
	p := pager{Label: label, PrevText: prevText, NextText: nextText}
	if n > 1 {
		p.Prev = link(n - 1)
	}
	if n < pages {
		p.Next = link(n + 1)
	}
	return p
}

// pageCount is how many pages of size items n items fill: at least one,
// so that an empty list still has its page.
func pageCount(n, size int) int { return max(1, (n+size-1)/size) }

// fieldFault sets a field's error message and adds it, linked to the
// field by href (#id), to the error summary.
func fieldFault(summary *[]fieldError, field *string, href, msg string) {
	*field = msg
	*summary = append(*summary, fieldError{href, msg})
}

// fieldErrs is a page's error message for each field id.
type fieldErrs map[string]string

// formState is embedded in the data of every page with a form; the
// partials read the errors from it.
type formState struct {
	Errs fieldErrs
}

func (f *formState) form() *formState { return f }

// makeField is the template function field: errs, the field's id, then
// pairs of key and value. An unknown key is an error, so a typo in a
// template fails its test rather than dropping a hint.
func makeField(errs fieldErrs, id string, kv ...any) (*Field, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("field %s: odd number of arguments", id)
	}
	f := &Field{ID: id, Name: id, Error: errs[id]}
	for i := 0; i < len(kv); i += 2 {
		k, _ := kv[i].(string)
		v := kv[i+1]
		var ok bool
		switch k {
		case "name":
			f.Name, ok = v.(string)
		case "label":
			f.Label, ok = v.(string)
		case "hint":
			f.Hint, ok = v.(string)
		case "value":
			f.Value, ok = fmt.Sprint(v), true
		case "type":
			f.Type, ok = v.(string)
		case "width":
			f.Width, ok = v.(int)
		case "rows":
			f.Rows, ok = v.(int)
		case "autocomplete":
			f.Autocomplete, ok = v.(string)
		case "options":
			f.Options, ok = v.([]Option)
		case "inline":
			f.Inline, ok = v.(bool)
		case "large":
			f.Large, ok = v.(bool)
		case "heading":
			f.Heading, ok = v.(bool)
		default:
			return nil, fmt.Errorf("field %s: unknown key %q", id, k)
		}
		if !ok {
			return nil, fmt.Errorf("field %s: %s is a %T", id, k, v)
		}
	}
	return f, nil
}

// choices is the template function for fixed options: the selected
// value, then pairs of value and label.
func choices(selected string, pairs ...string) []Option {
	var out []Option
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, Option{Value: pairs[i], Label: pairs[i+1], Checked: pairs[i] == selected})
	}
	return out
}

// optionsOf lists a domain enumeration's values as options, with their
// labels; the values in sel are checked.
func optionsOf[T ~string](values []T, label func(T) string, sel ...string) []Option {
	var out []Option
	for _, v := range values {
		out = append(out, Option{Value: string(v), Label: label(v), Checked: slices.Contains(sel, string(v))})
	}
	return out
}

// fieldID turns a domain field name such as "leaders[2].name" into the
// form field's id and name, "leaders-2-name": ids without brackets or dots
// need no escaping in the error summary's links or in CSS selectors.
func fieldID(f string) string { return fieldIDs.Replace(f) }

var fieldIDs = strings.NewReplacer("[", "-", "]", "", ".", "-")

// formErrors turns validation errors into the error summary and a message
// per field id (the first, when a field has several).
func formErrors(es network.FieldErrors) ([]fieldError, fieldErrs) {
	var sum []fieldError
	by := fieldErrs{}
	for _, e := range es {
		id := fieldID(e.Field)
		sum = append(sum, fieldError{"#" + id, e.Message})
		if _, ok := by[id]; !ok {
			by[id] = e.Message
		}
	}
	return sum, by
}
