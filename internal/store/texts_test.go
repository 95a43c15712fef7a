package store

import (
	"encoding/json"
	"testing"

	"staffnet/internal/survey"
)

// encodeTexts must write what json.Marshal of a map writes, so stored
// texts do not depend on which path stored them.
func TestEncodeTextsMatchesJSONMap(t *testing.T) {
	t.Parallel()
	defs, err := survey.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	def := defs[0]
	qs := def.TextQuestions()
	if len(qs) < 2 {
		t.Skip("needs two text questions")
	}
	r := def.NewResponse()
	for _, texts := range [][2]string{
		{"", ""},
		{"plain", ""},
		{"", "<b>&\"quoted\",\nnew line\u2028 Zoë \xff"},
		{"both", "answered"},
	} {
		m := map[string]string{}
		for i, v := range texts {
			r.Texts[i] = v
			if v != "" {
				m[qs[i].ID] = v
			}
		}
		got, err := encodeTexts(def, textOrder(def), r)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) == 0 {
			if got.Valid {
				t.Errorf("%q: got %q, want NULL", texts, got.String)
			}
			continue
		}
		want, _ := json.Marshal(m)
		if !got.Valid || got.String != string(want) {
			t.Errorf("%q: got %q, want %q", texts, got.String, want)
		}
	}
}
