package survey

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// mapping returns the built-in 2016 mapping survey.
func mapping(testing.TB) *Definition { return MustBuiltin(MappingSlug) }

func mustParse(t testing.TB, src string) *Definition {
	t.Helper()
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, src)
	}
	return d
}

// wrap puts questions (a JSON array body) on one page of a minimal survey.
func wrap(questions string) string {
	return `{"format": 1, "slug": "test", "title": "Test", "pages": [
		{"id": "p1", "title": "Page", "questions": [` + questions + `]}]}`
}

const yesNo = `"options": [{"code": "yes", "label": "Yes"}, {"code": "no", "label": "No"}]`

func TestBuiltinMappingSurvey(t *testing.T) {
	d := mapping(t)
	if d.Format != 1 || d.Title == "" || !d.Contact {
		t.Errorf("format %d, title %q, contact %v", d.Format, d.Title, d.Contact)
	}
	yesNoDK := []string{"yes", "no", "dont_know"}
	type cond struct {
		q     string
		anyOf []string
	}
	want := []struct {
		id        string
		typ       Type
		codes     []string
		exclusive []string
		items     []string
		showIf    *cond
	}{
		{id: "region", typ: Single, codes: []string{"east_of_england", "london", "east_midlands", "west_midlands", "north_east", "north_west", "south_east", "south_west", "yorkshire_humber"}},
		{id: "occupation", typ: Single, codes: []string{"administrative", "clinical", "other_support"}},
		{id: "has_bme_network", typ: Single, codes: yesNoDK},
		{id: "other_networks", typ: Multiple, codes: []string{"lgbti", "disability", "faith", "parents_carers", "gender", "flexible_workers", "other", "none"}, exclusive: []string{"none"}},
		{id: "would_benefit", typ: Single, codes: yesNoDK, showIf: &cond{"has_bme_network", []string{"no", "dont_know"}}},
		{id: "effectiveness", typ: Single, codes: []string{"very_effective", "effective", "not_very_effective", "not_effective", "dont_know"}, showIf: &cond{"has_bme_network", []string{"yes"}}},
		{id: "relationships", typ: Multiple, codes: []string{"other_networks", "trade_unions", "edi_team", "hr", "board", "other_trusts_networks", "community_groups", "leadership_academy", "none"}, exclusive: []string{"none"}, showIf: &cond{"has_bme_network", []string{"yes"}}},
		{id: "knows_how_network_works", typ: Single, codes: []string{"yes", "no", "unsure"}},
		{id: "support_needed", typ: Likert, codes: []string{"strongly_agree", "agree", "neither", "disagree", "strongly_disagree"}, items: []string{"allocated_time", "budget", "executive_sponsor", "leadership_programme", "access_to_data"}},
		{id: "benefits_comment", typ: Text},
		{id: "other_comments", typ: Text},
	}
	qs := d.Questions()
	if len(qs) != len(want) {
		t.Fatalf("%d questions, want %d", len(qs), len(want))
	}
	for i, w := range want {
		q := qs[i]
		if q.ID != w.id || q.Type != w.typ {
			t.Errorf("question %d is %s (%s), want %s (%s)", i, q.ID, q.Type, w.id, w.typ)
			continue
		}
		if d.Question(w.id) != q || q.Index() != i {
			t.Errorf("%s: lookup by id or index is wrong", w.id)
		}
		var codes, exclusive []string
		for _, o := range q.Options {
			codes = append(codes, o.Code)
			if o.Exclusive {
				exclusive = append(exclusive, o.Code)
			}
			if o.Label == "" {
				t.Errorf("%s: option %s has no label", w.id, o.Code)
			}
		}
		if !slices.Equal(codes, w.codes) {
			t.Errorf("%s: codes %v, want %v", w.id, codes, w.codes)
		}
		if !slices.Equal(exclusive, w.exclusive) {
			t.Errorf("%s: exclusive %v, want %v", w.id, exclusive, w.exclusive)
		}
		var items []string
		for _, it := range q.Items {
			items = append(items, it.ID)
		}
		if !slices.Equal(items, w.items) {
			t.Errorf("%s: items %v, want %v", w.id, items, w.items)
		}
		switch {
		case w.showIf == nil && q.ShowIf != nil:
			t.Errorf("%s: shown if %+v, want always", w.id, *q.ShowIf)
		case w.showIf != nil && q.ShowIf == nil:
			t.Errorf("%s: shown always, want when %s is %v", w.id, w.showIf.q, w.showIf.anyOf)
		case w.showIf != nil && (q.ShowIf.Question != w.showIf.q || !slices.Equal(q.ShowIf.AnyOf, w.showIf.anyOf)):
			t.Errorf("%s: shown if %+v, want when %s is %v", w.id, *q.ShowIf, w.showIf.q, w.showIf.anyOf)
		}
		if q.Required {
			t.Errorf("%s: required, but every question may be left unanswered", w.id)
		}
	}

	wantHeader := []string{"response_id", "submitted_on", "region", "occupation", "has_bme_network",
		"other_networks", "would_benefit", "effectiveness", "relationships", "knows_how_network_works",
		"support_needed.allocated_time", "support_needed.budget", "support_needed.executive_sponsor",
		"support_needed.leadership_programme", "support_needed.access_to_data",
		"benefits_comment", "other_comments"}
	if h := d.Header(); !slices.Equal(h, wantHeader) {
		t.Errorf("header\n got %v\nwant %v", h, wantHeader)
	}
	if n := len(d.Slots()); n != 8+5 { // 8 single or multiple, 5 Likert items
		t.Errorf("%d slots, want 13", n)
	}
	if n := len(d.TextQuestions()); n != 2 {
		t.Errorf("%d text questions, want 2", n)
	}
	// Every question is on exactly one page, in definition order.
	var onPages []string
	for _, p := range d.Pages {
		for _, q := range p.Questions {
			onPages = append(onPages, q.ID)
		}
	}
	var ids []string
	for _, q := range qs {
		ids = append(ids, q.ID)
	}
	if !slices.Equal(onPages, ids) {
		t.Errorf("pages hold %v, questions are %v", onPages, ids)
	}
}

func TestSlotLayout(t *testing.T) {
	d := mapping(t)
	for i, c := range d.Columns() {
		switch {
		case c.Q.Type == Text:
			if c.Slot != -1 || d.TextQuestions()[c.Text] != c.Q || c.Q.Slot() != c.Text {
				t.Errorf("column %d %s: text index wrong: %+v", i, c.Name, c)
			}
		case c.Q.Type == Likert:
			s := d.Slots()[c.Slot]
			if s.Q != c.Q || c.Name != c.Q.ID+"."+c.Q.Items[s.Item].ID || c.Text != -1 {
				t.Errorf("column %d %s: Likert slot wrong: %+v", i, c.Name, c)
			}
		default:
			s := d.Slots()[c.Slot]
			if s.Q != c.Q || s.Item != -1 || c.Name != c.Q.ID || c.Q.Slot() != c.Slot || c.Text != -1 {
				t.Errorf("column %d %s: slot wrong: %+v", i, c.Name, c)
			}
		}
	}
}

func TestDefinitionJSONRoundTrip(t *testing.T) {
	d := mapping(t)
	d2, err := Parse(d.JSON())
	if err != nil {
		t.Fatal(err)
	}
	if d.Hash() == "" || d2.Hash() != d.Hash() {
		t.Errorf("hash changed through JSON(): %q, %q", d.Hash(), d2.Hash())
	}
	if !reflect.DeepEqual(d.Header(), d2.Header()) {
		t.Error("header changed through JSON()")
	}
	// Changing any wording changes the hash: a new version must follow.
	changed := strings.Replace(string(d.JSON()), "Trade unions", "Trade unions or staff side", 1)
	if d3 := mustParse(t, changed); d3.Hash() == d.Hash() {
		t.Error("a changed label kept the same hash")
	}
}

func TestParseGood(t *testing.T) {
	d := mustParse(t, `{
		"format": 1, "slug": "ok-2025", "title": "OK", "intro": "Hello", "contact": false,
		"pages": [
			{"id": "one", "title": "One", "questions": [
				{"id": "a", "type": "single", "title": "A?", "required": true, "hint": "Pick one", `+yesNo+`},
				{"id": "t", "type": "text", "title": "Why?", "max_length": 10, "show_if": {"question": "a", "any_of": ["yes"]}}
			]}
		]}`)
	if q := d.Question("t"); q.MaxLen() != 10 || q.ShowIf == nil {
		t.Errorf("t: %+v", q)
	}
	if q := d.Question("a"); !q.Required || q.Hint != "Pick one" || q.MaxLen() != DefaultMaxLength {
		t.Errorf("a: %+v", q)
	}
	if d.Question("nope") != nil {
		t.Error("found a question that does not exist")
	}
	if d.Question("a").OptionIndex("no") != 1 || d.Question("a").OptionIndex("maybe") != -1 {
		t.Error("OptionIndex wrong")
	}
}

func TestParseBad(t *testing.T) {
	many := make([]string, 64)
	for i := range many {
		many[i] = fmt.Sprintf(`{"code": "o%d", "label": "O %d"}`, i, i)
	}
	manyOptions := `{"id": "a", "type": "multiple", "title": "A?", "options": [` + strings.Join(many, ",") + `]}`
	single := func(id string) string { return `{"id": "` + id + `", "type": "single", "title": "Q?", ` + yesNo + `}` }

	for _, tc := range []struct {
		name, src, want string
	}{
		{"empty input", ``, "EOF"},
		{"not an object", `[1, 2]`, "cannot unmarshal"},
		{"wrong field type", wrap(`{"id": "a", "type": "single", "title": "A?", "required": "yes", ` + yesNo + `}`), "cannot unmarshal"},
		{"unknown top-level field", `{"format": 1, "slug": "test", "title": "T", "colour": "red", "pages": []}`, `unknown field "colour"`},
		{"unknown question field", wrap(`{"id": "a", "type": "single", "title": "A?", "show-if": {}, ` + yesNo + `}`), `unknown field "show-if"`},
		{"unknown option field", wrap(`{"id": "a", "type": "single", "title": "A?", "options": [{"code": "y", "label": "Y", "exlusive": true}, {"code": "n", "label": "N"}]}`), `unknown field "exlusive"`},
		{"trailing data", wrap(single("a")) + `{}`, "trailing data"},
		{"two objects", wrap(single("a")) + wrap(single("a")), "trailing data"},
		{"format missing", strings.Replace(wrap(single("a")), `"format": 1,`, ``, 1), "format must be 1, got 0"},
		{"format 2", strings.Replace(wrap(single("a")), `"format": 1`, `"format": 2`, 1), "format must be 1, got 2"},
		{"slug with capitals", strings.Replace(wrap(single("a")), `"test"`, `"Test"`, 1), `slug "Test"`},
		{"slug with space", strings.Replace(wrap(single("a")), `"test"`, `"my survey"`, 1), `slug "my survey"`},
		{"slug empty", strings.Replace(wrap(single("a")), `"test"`, `""`, 1), `slug ""`},
		{"slug with slash", strings.Replace(wrap(single("a")), `"test"`, `"a/b"`, 1), `slug "a/b"`},
		{"empty title", strings.Replace(wrap(single("a")), `"Test"`, `"  "`, 1), "title is empty"},
		{"no pages", `{"format": 1, "slug": "test", "title": "T", "pages": []}`, "no pages"},
		{"page without questions", `{"format": 1, "slug": "test", "title": "T", "pages": [{"id": "p", "title": "P", "questions": []}]}`, `page "p" has no questions`},
		{"page id malformed", `{"format": 1, "slug": "test", "title": "T", "pages": [{"id": "P 1", "title": "P", "questions": [` + single("a") + `]}]}`, `page 1: id "P 1"`},
		{"page id repeated", `{"format": 1, "slug": "test", "title": "T", "pages": [{"id": "p", "title": "P", "questions": [` + single("a") + `]}, {"id": "p", "title": "P", "questions": [` + single("b") + `]}]}`, `page 2: id "p"`},
		{"duplicate question id", wrap(single("a") + "," + single("a")), `question "a": id repeated`},
		{"duplicate question id across pages", `{"format": 1, "slug": "test", "title": "T", "pages": [{"id": "p", "title": "P", "questions": [` + single("a") + `]}, {"id": "q", "title": "Q", "questions": [` + single("a") + `]}]}`, `question "a": id repeated`},
		{"question id with capitals", wrap(single("Region")), `question "Region": id must match`},
		{"question id with dot", wrap(single("a.b")), `question "a.b": id must match`},
		{"question id empty", wrap(single("")), `question "": id must match`},
		{"question title empty", wrap(`{"id": "a", "type": "single", "title": "", ` + yesNo + `}`), `question "a": title is empty`},
		{"unknown type", wrap(`{"id": "a", "type": "ranking", "title": "A?", ` + yesNo + `}`), `unknown type "ranking"`},
		{"missing type", wrap(`{"id": "a", "title": "A?", ` + yesNo + `}`), `unknown type ""`},
		{"duplicate option code", wrap(`{"id": "a", "type": "single", "title": "A?", "options": [{"code": "yes", "label": "Yes"}, {"code": "yes", "label": "Also yes"}]}`), `option code "yes" is missing, malformed or repeated`},
		{"malformed option code", wrap(`{"id": "a", "type": "single", "title": "A?", "options": [{"code": "Yes", "label": "Yes"}, {"code": "no", "label": "No"}]}`), `option code "Yes"`},
		{"option code with semicolon", wrap(`{"id": "a", "type": "multiple", "title": "A?", "options": [{"code": "a;b", "label": "A"}, {"code": "no", "label": "No"}]}`), `option code "a;b"`},
		{"option without label", wrap(`{"id": "a", "type": "single", "title": "A?", "options": [{"code": "yes"}, {"code": "no", "label": "No"}]}`), `option "yes" has no label`},
		{"one option", wrap(`{"id": "a", "type": "single", "title": "A?", "options": [{"code": "yes", "label": "Yes"}]}`), "at least two options"},
		{"no options", wrap(`{"id": "a", "type": "multiple", "title": "A?"}`), "at least two options"},
		{"too many options", wrap(manyOptions), "at most 63 options"},
		{"exclusive on single choice", wrap(`{"id": "a", "type": "single", "title": "A?", "options": [{"code": "yes", "label": "Yes"}, {"code": "none", "label": "None", "exclusive": true}]}`), "only multiple choice options can be exclusive"},
		{"exclusive on likert", wrap(`{"id": "a", "type": "likert", "title": "A?", "items": [{"id": "i", "label": "I"}], "options": [{"code": "yes", "label": "Yes"}, {"code": "none", "label": "None", "exclusive": true}]}`), "only multiple choice options can be exclusive"},
		{"likert without items", wrap(`{"id": "a", "type": "likert", "title": "A?", ` + yesNo + `}`), "a likert question needs items"},
		{"likert item repeated", wrap(`{"id": "a", "type": "likert", "title": "A?", "items": [{"id": "i", "label": "I"}, {"id": "i", "label": "J"}], ` + yesNo + `}`), `item id "i" is missing, malformed or repeated`},
		{"likert item without label", wrap(`{"id": "a", "type": "likert", "title": "A?", "items": [{"id": "i"}], ` + yesNo + `}`), `item "i" has no label`},
		{"items on a single", wrap(`{"id": "a", "type": "single", "title": "A?", "items": [{"id": "i", "label": "I"}], ` + yesNo + `}`), "only a likert question has items"},
		{"text with options", wrap(`{"id": "a", "type": "text", "title": "A?", ` + yesNo + `}`), "a text question has no options or items"},
		{"negative max_length", wrap(`{"id": "a", "type": "text", "title": "A?", "max_length": -1}`), "max_length is negative"},
		{"max_length on a single", wrap(`{"id": "a", "type": "single", "title": "A?", "max_length": 10, ` + yesNo + `}`), "only a text question has max_length"},
		{"show_if later question", wrap(`{"id": "a", "type": "single", "title": "A?", "show_if": {"question": "b", "any_of": ["yes"]}, ` + yesNo + `},` + single("b")), `show_if refers to "b", which is not an earlier question`},
		{"show_if unknown question", wrap(single("a") + `, {"id": "b", "type": "single", "title": "B?", "show_if": {"question": "zzz", "any_of": ["yes"]}, ` + yesNo + `}`), `show_if refers to "zzz", which is not an earlier question`},
		{"show_if itself", wrap(`{"id": "a", "type": "single", "title": "A?", "show_if": {"question": "a", "any_of": ["yes"]}, ` + yesNo + `}`), `show_if refers to "a", which is not an earlier question`},
		{"show_if unknown code", wrap(single("a") + `, {"id": "b", "type": "single", "title": "B?", "show_if": {"question": "a", "any_of": ["yes", "maybe"]}, ` + yesNo + `}`), `show_if code "maybe" is not an option of "a"`},
		{"show_if empty any_of", wrap(single("a") + `, {"id": "b", "type": "single", "title": "B?", "show_if": {"question": "a", "any_of": []}, ` + yesNo + `}`), "show_if.any_of is empty"},
		{"show_if text question", wrap(`{"id": "a", "type": "text", "title": "A?"}, {"id": "b", "type": "single", "title": "B?", "show_if": {"question": "a", "any_of": ["yes"]}, ` + yesNo + `}`), "show_if must refer to a single or multiple choice question"},
		{"show_if likert question", wrap(`{"id": "a", "type": "likert", "title": "A?", "items": [{"id": "i", "label": "I"}], ` + yesNo + `}, {"id": "b", "type": "single", "title": "B?", "show_if": {"question": "a", "any_of": ["yes"]}, ` + yesNo + `}`), "show_if must refer to a single or multiple choice question"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Parse([]byte(tc.src))
			if err == nil {
				t.Fatalf("parsed, want an error mentioning %q", tc.want)
			}
			if d != nil {
				t.Error("returned a definition with the error")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), "survey definition: ") {
				t.Errorf("error %q does not say it is about a survey definition", err)
			}
		})
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	src := `{"format": 3, "slug": "Bad", "title": "", "pages": [{"id": "p", "title": "P", "questions": [
		{"id": "a", "type": "single", "title": "A?", "options": [{"code": "x", "label": "X", "exclusive": true}, {"code": "x", "label": "X"}]}
	]}]}`
	_, err := Parse([]byte(src))
	var de *DefinitionError
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a *DefinitionError", err)
	}
	for _, want := range []string{"format must be 1", `slug "Bad"`, "title is empty", "exclusive", `option code "x"`} {
		found := false
		for _, p := range de.Problems {
			found = found || strings.Contains(p, want)
		}
		if !found {
			t.Errorf("no problem mentions %q: %q", want, de.Problems)
		}
	}
}

// A definition may be parsed twice into the same value (the store does
// this when it reads a stored version): compile must start afresh.
func TestCompileIsRepeatable(t *testing.T) {
	d := mapping(t)
	n, cols := len(d.Slots()), len(d.Columns())
	if err := d.compile(); err != nil {
		t.Fatal(err)
	}
	if len(d.Slots()) != n || len(d.Columns()) != cols || len(d.Questions()) != 11 {
		t.Errorf("recompiling changed the layout: %d slots, %d columns", len(d.Slots()), len(d.Columns()))
	}
}

// The example in docs/survey-format.md must be a valid definition with
// the header the page says it has.
func TestDocumentedExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/survey-format.md")
	if err != nil {
		t.Fatal(err)
	}
	_, example, ok := strings.Cut(string(doc), "\n## Example\n")
	if !ok {
		t.Fatal("no Example section")
	}
	_, src, _ := strings.Cut(example, "```json\n")
	src, _, _ = strings.Cut(src, "```")
	d := mustParse(t, src)
	_, header, _ := strings.Cut(example, "Its CSV header is\n\n```\n")
	header, _, _ = strings.Cut(header, "\n")
	if got := strings.Join(d.Header(), ","); got != header {
		t.Errorf("header %s, documented %s", got, header)
	}
	// The routing chain works as the text says.
	r := d.NewResponse()
	answer(t, d, r, "has_network", "yes")
	answer(t, d, r, "network_age", "under_one")
	if !d.Visible(r, d.Question("age_comment")) {
		t.Error("age_comment hidden for a new network")
	}
	answer(t, d, r, "has_network", "no")
	if d.Visible(r, d.Question("age_comment")) || d.Visible(r, d.Question("network_age")) {
		t.Error("chain still shown after has_network=no")
	}
}
