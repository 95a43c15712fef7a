package web

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"staffnet/internal/network"
)

// TestFieldPartials draws each shared field with an error and a hint and
// checks the NHS.UK error pattern: the message beside the field, the
// field marked, and the hint and error described by id so the error
// summary's link (#id) lands on the field.
func TestFieldPartials(t *testing.T) {
	t.Parallel()
	tpl := template.Must(template.New("t").Funcs(funcs).Funcs(fieldFuncs).ParseFS(templateFS, "templates/_fields.html"))
	errs := fieldErrs{"x": "Enter x"}
	for _, c := range []struct {
		tmpl string
		args []any
		want []string
	}{
		{"field-input", []any{"label", "X", "hint", "H", "type", "number", "width", 4, "value", 12},
			[]string{`id="x"`, `name="x"`, `type="text" inputmode="numeric"`, `nhsuk-input--width-4`, `nhsuk-input--error`, `value="12"`, `aria-describedby="x-hint x-error"`, `<span class="nhsuk-u-visually-hidden">Error: </span>Enter x`}},
		{"field-date", []any{"label", "X", "value", "2025-01-02"}, []string{`type="date"`, `value="2025-01-02"`, `aria-describedby=" x-error"`}},
		{"field-textarea", []any{"label", "X", "rows", 3, "value", "<b>"}, []string{`rows="3"`, `nhsuk-textarea--error`, `&lt;b&gt;</textarea>`}},
		{"field-select", []any{"label", "X", "options", choices("b", "a", "A", "b", "B")}, []string{`<option value="b" selected>B</option>`, `nhsuk-select--error`}},
		{"field-radios", []any{"label", "X", "inline", true, "options", choices("b", "a", "A", "b", "B")},
			[]string{`id="x" name="x" type="radio" value="a">`, `id="x-2" name="x" type="radio" value="b" checked>`, `nhsuk-radios--inline`, `nhsuk-form-group--error`}},
		{"field-checkboxes", []any{"label", "X", "heading", true, "options", choices("", "yes", "Yes")},
			[]string{`type="checkbox"`, `<h2 class="nhsuk-fieldset__heading">X</h2>`}},
	} {
		f, err := makeField(errs, "x", c.args...)
		if err != nil {
			t.Fatalf("%s: %v", c.tmpl, err)
		}
		var b bytes.Buffer
		if err := tpl.ExecuteTemplate(&b, c.tmpl, f); err != nil {
			t.Fatalf("%s: %v", c.tmpl, err)
		}
		for _, w := range c.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s: no %s in\n%s", c.tmpl, w, b.String())
			}
		}
	}
	// A field without an error or hint is described by nothing.
	f, _ := makeField(errs, "y", "label", "Y")
	if f.Error != "" || f.DescribedBy() != "" {
		t.Errorf("y: %+v", f)
	}
	// Typos in a template fail rather than drop what they name.
	for _, args := range [][]any{{"lable", "X"}, {"width", "4"}, {"label"}} {
		if _, err := makeField(errs, "x", args...); err == nil {
			t.Errorf("field x %v: no error", args)
		}
	}
}

func TestFormErrors(t *testing.T) {
	t.Parallel()
	sum, by := formErrors(network.FieldErrors{{Field: "leaders[2].name", Message: "Enter a name"}, {Field: "leaders[2].name", Message: "Second"}, {Field: "name", Message: "Enter the name"}})
	if len(sum) != 3 || sum[0].Href != "#leaders-2-name" || by["leaders-2-name"] != "Enter a name" || by["name"] != "Enter the name" {
		t.Errorf("%v %v", sum, by)
	}
}
