package survey

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// answer sets field (a question id, or question.item for a Likert item)
// to the given codes, bypassing every check.
func answer(t testing.TB, d *Definition, r *Response, field string, codes ...string) {
	t.Helper()
	id, item, _ := strings.Cut(field, ".")
	q := d.Question(id)
	if q == nil {
		t.Fatalf("no question %q", id)
	}
	slot := q.Slot()
	if q.Type == Likert {
		k := slices.IndexFunc(q.Items, func(it Item) bool { return it.ID == item })
		if k < 0 {
			t.Fatalf("no item %q", field)
		}
		slot += k
	}
	var v uint64
	for _, c := range codes {
		k := q.OptionIndex(c)
		if k < 0 {
			t.Fatalf("%s: no option %q", field, c)
		}
		if q.Type == Multiple {
			v |= 1 << k
		} else {
			v = uint64(k + 1)
		}
	}
	r.Slots[slot] = v
}

func visible(d *Definition, r *Response) []string {
	var ids []string
	for _, q := range d.Questions() {
		if d.Visible(r, q) {
			ids = append(ids, q.ID)
		}
	}
	return ids
}

func TestRoutingMappingSurvey(t *testing.T) {
	d := mapping(t)
	always := []string{"region", "occupation", "has_bme_network", "other_networks", "knows_how_network_works", "support_needed", "benefits_comment", "other_comments"}
	withNetwork := []string{"region", "occupation", "has_bme_network", "other_networks", "effectiveness", "relationships", "knows_how_network_works", "support_needed", "benefits_comment", "other_comments"}
	without := []string{"region", "occupation", "has_bme_network", "other_networks", "would_benefit", "knows_how_network_works", "support_needed", "benefits_comment", "other_comments"}
	for _, tc := range []struct {
		has  string // "" for unanswered
		want []string
	}{
		{"", always},
		{"yes", withNetwork},
		{"no", without},
		{"dont_know", without},
	} {
		r := d.NewResponse()
		if tc.has != "" {
			answer(t, d, r, "has_bme_network", tc.has)
		}
		if got := visible(d, r); !slices.Equal(got, tc.want) {
			t.Errorf("has_bme_network=%q: visible\n got %v\nwant %v", tc.has, got, tc.want)
		}
	}

	// Page visibility follows: the "without network" page shows on one
	// route and the "your network" page on the other.
	pages := func(r *Response) []string {
		var ids []string
		for i := range d.Pages {
			if d.PageVisible(r, &d.Pages[i]) {
				ids = append(ids, d.Pages[i].ID)
			}
		}
		return ids
	}
	r := d.NewResponse()
	answer(t, d, r, "has_bme_network", "yes")
	if got, want := pages(r), []string{"about_you", "networks", "your_network", "working_together", "comments"}; !slices.Equal(got, want) {
		t.Errorf("yes route pages %v, want %v", got, want)
	}
	answer(t, d, r, "has_bme_network", "no")
	if got, want := pages(r), []string{"about_you", "networks", "without_network", "working_together", "comments"}; !slices.Equal(got, want) {
		t.Errorf("no route pages %v, want %v", got, want)
	}
}

// nested has a chain of conditions: a → b → c → d and e, with b a
// multiple choice so that any_of matches any chosen code.
const nested = `{"format": 1, "slug": "nested", "title": "Nested", "pages": [
	{"id": "p1", "title": "One", "questions": [
		{"id": "a", "type": "single", "title": "A?", "options": [{"code": "yes", "label": "Yes"}, {"code": "no", "label": "No"}]},
		{"id": "b", "type": "multiple", "title": "B?", "show_if": {"question": "a", "any_of": ["yes"]},
		 "options": [{"code": "x", "label": "X"}, {"code": "y", "label": "Y"}, {"code": "z", "label": "Z"}, {"code": "none", "label": "None", "exclusive": true}]}
	]},
	{"id": "p2", "title": "Two", "questions": [
		{"id": "c", "type": "single", "title": "C?", "show_if": {"question": "b", "any_of": ["x", "y"]},
		 "options": [{"code": "p", "label": "P"}, {"code": "q", "label": "Q"}]},
		{"id": "d", "type": "likert", "title": "D?", "show_if": {"question": "c", "any_of": ["p"]},
		 "items": [{"id": "i", "label": "I"}, {"id": "j", "label": "J"}],
		 "options": [{"code": "agree", "label": "Agree"}, {"code": "disagree", "label": "Disagree"}]},
		{"id": "e", "type": "text", "title": "E?", "required": true, "max_length": 5, "show_if": {"question": "c", "any_of": ["p", "q"]}}
	]},
	{"id": "p3", "title": "Three", "questions": [
		{"id": "f", "type": "single", "title": "F?", "required": true, "options": [{"code": "one", "label": "One"}, {"code": "two", "label": "Two"}]},
		{"id": "g", "type": "likert", "title": "G?", "required": true, "items": [{"id": "i", "label": "I"}, {"id": "j", "label": "J"}],
		 "options": [{"code": "agree", "label": "Agree"}, {"code": "disagree", "label": "Disagree"}]}
	]}
]}`

func TestRoutingNested(t *testing.T) {
	d := mustParse(t, nested)
	for _, tc := range []struct {
		name    string
		answers [][]string
		want    string
	}{
		{"nothing", nil, "a f g"},
		{"a=no", [][]string{{"a", "no"}}, "a f g"},
		{"a=yes", [][]string{{"a", "yes"}}, "a b f g"},
		{"b=z", [][]string{{"a", "yes"}, {"b", "z"}}, "a b f g"},
		{"b=x", [][]string{{"a", "yes"}, {"b", "x"}}, "a b c f g"},
		{"b=y,z", [][]string{{"a", "yes"}, {"b", "y", "z"}}, "a b c f g"},
		{"c=q", [][]string{{"a", "yes"}, {"b", "x"}, {"c", "q"}}, "a b c e f g"},
		{"c=p", [][]string{{"a", "yes"}, {"b", "x"}, {"c", "p"}}, "a b c d e f g"},
		// Stale answers further down do not show anything once an
		// earlier answer hides the question they depend on.
		{"a=no, rest stale", [][]string{{"a", "no"}, {"b", "x"}, {"c", "p"}}, "a f g"},
		{"a unanswered, rest stale", [][]string{{"b", "x"}, {"c", "p"}}, "a f g"},
		{"b=z, c stale", [][]string{{"a", "yes"}, {"b", "z"}, {"c", "p"}}, "a b f g"},
	} {
		r := d.NewResponse()
		for _, a := range tc.answers {
			answer(t, d, r, a[0], a[1:]...)
		}
		if got := strings.Join(visible(d, r), " "); got != tc.want {
			t.Errorf("%s: visible %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestClearHidden(t *testing.T) {
	t.Run("mapping survey", func(t *testing.T) {
		d := mapping(t)
		r := d.NewResponse()
		answer(t, d, r, "region", "london")
		answer(t, d, r, "has_bme_network", "yes")
		answer(t, d, r, "effectiveness", "effective")
		answer(t, d, r, "relationships", "hr", "board")
		answer(t, d, r, "support_needed.budget", "agree")
		r.Texts[0] = "kept"
		d.ClearHidden(r)
		if !d.Answered(r, d.Question("effectiveness")) || !d.Answered(r, d.Question("relationships")) {
			t.Fatal("ClearHidden removed visible answers")
		}
		// The respondent goes back and changes their answer.
		answer(t, d, r, "has_bme_network", "no")
		answer(t, d, r, "would_benefit", "yes")
		d.ClearHidden(r)
		for _, id := range []string{"effectiveness", "relationships"} {
			if d.Answered(r, d.Question(id)) {
				t.Errorf("%s still answered after has_bme_network changed to no", id)
			}
		}
		for _, id := range []string{"region", "has_bme_network", "would_benefit", "support_needed", "benefits_comment"} {
			if !d.Answered(r, d.Question(id)) {
				t.Errorf("%s lost its answer", id)
			}
		}
		if errs := d.Check(r); len(errs) != 0 {
			t.Errorf("Check after ClearHidden: %v", errs)
		}
	})
	t.Run("nested", func(t *testing.T) {
		d := mustParse(t, nested)
		r := d.NewResponse()
		answer(t, d, r, "a", "yes")
		answer(t, d, r, "b", "x", "z")
		answer(t, d, r, "c", "p")
		answer(t, d, r, "d.i", "agree")
		answer(t, d, r, "d.j", "disagree")
		r.Texts[0] = "why"
		answer(t, d, r, "f", "two")
		want := slices.Clone(r.Slots)
		d.ClearHidden(r)
		if !slices.Equal(r.Slots, want) || r.Texts[0] != "why" {
			t.Fatalf("ClearHidden changed a fully visible response: %v", r.Slots)
		}
		// Changing b to z alone hides c, and through c, d and e.
		answer(t, d, r, "b", "z")
		d.ClearHidden(r)
		for _, id := range []string{"c", "d", "e"} {
			if d.Answered(r, d.Question(id)) {
				t.Errorf("%s still answered after b changed to z", id)
			}
		}
		if got := d.Codes(r, d.Question("b").Slot()); !slices.Equal(got, []string{"z"}) {
			t.Errorf("b = %v, want [z]", got)
		}
		// Changing a to no hides b too; f is not routed and stays.
		answer(t, d, r, "a", "no")
		d.ClearHidden(r)
		if d.Answered(r, d.Question("b")) || !d.Answered(r, d.Question("f")) {
			t.Errorf("after a=no: slots %v", r.Slots)
		}
	})
}

func TestCheck(t *testing.T) {
	m := mapping(t)
	n := mustParse(t, nested)
	type setup func(d *Definition, r *Response)
	set := func(field string, codes ...string) setup {
		return func(d *Definition, r *Response) { answer(t, d, r, field, codes...) }
	}
	raw := func(field string, v uint64) setup {
		return func(d *Definition, r *Response) {
			id, item, _ := strings.Cut(field, ".")
			q := d.Question(id)
			s := q.Slot()
			if item != "" {
				s += slices.IndexFunc(q.Items, func(it Item) bool { return it.ID == item })
			}
			r.Slots[s] = v
		}
	}
	text := func(id, s string) setup {
		return func(d *Definition, r *Response) { r.Texts[d.Question(id).Slot()] = s }
	}
	// nestedOK answers the nested survey's required, always-shown questions.
	nestedOK := []setup{set("f", "one"), set("g.i", "agree")}

	for _, tc := range []struct {
		name  string
		d     *Definition
		setup []setup
		want  []string // Field: Message, in order; substrings of messages
	}{
		{"empty mapping response", m, nil, nil},
		{"full yes route", m, []setup{set("region", "north_west"), set("has_bme_network", "yes"), set("effectiveness", "dont_know"),
			set("relationships", "none"), set("other_networks", "lgbti", "faith", "other"), set("support_needed.access_to_data", "strongly_disagree"),
			text("other_comments", strings.Repeat("é", DefaultMaxLength))}, nil},
		{"hidden but answered", m, []setup{set("has_bme_network", "no"), set("effectiveness", "effective")},
			[]string{"effectiveness: is answered but routing hides this question"}},
		{"hidden when unanswered", m, []setup{set("relationships", "hr")},
			[]string{"relationships: is answered but routing hides this question"}},
		{"exclusive combined", m, []setup{set("other_networks", "lgbti", "none")},
			[]string{`other_networks: "None of these" cannot be combined with other answers`}},
		{"exclusive alone", m, []setup{set("other_networks", "none")}, nil},
		{"unknown option bit", m, []setup{raw("other_networks", 1<<8)},
			[]string{"other_networks: has an unknown option"}},
		{"unknown high bit", m, []setup{raw("other_networks", 1<<63|1)},
			[]string{"other_networks: has an unknown option"}},
		{"unknown single option", m, []setup{raw("region", 10)},
			[]string{"region: has an unknown option"}},
		{"last single option", m, []setup{raw("region", 9)}, nil},
		{"unknown likert option", m, []setup{raw("support_needed.budget", 6)},
			[]string{"support_needed.budget: has an unknown option"}},
		{"huge single value", m, []setup{raw("occupation", math.MaxUint64)},
			[]string{"occupation: has an unknown option"}},
		{"text too long", m, []setup{text("benefits_comment", strings.Repeat("x", DefaultMaxLength+1))},
			[]string{"benefits_comment: must be 5000 characters or fewer (it has 5001)"}},
		{"text not UTF-8", m, []setup{text("benefits_comment", "caf\xe9")},
			[]string{"benefits_comment: is not valid UTF-8 text"}},
		{"required missing", n, nil,
			[]string{"f: needs an answer", "g: needs an answer"}},
		{"required answered", n, nestedOK, nil},
		{"likert required: one item is enough", n, []setup{set("f", "two"), set("g.j", "disagree")}, nil},
		{"required but hidden", n, append([]setup{set("a", "yes"), set("b", "z")}, nestedOK...), nil},
		{"required and shown", n, append([]setup{set("a", "yes"), set("b", "x"), set("c", "q")}, nestedOK...),
			[]string{"e: needs an answer"}},
		{"max_length counts characters", n, append([]setup{set("a", "yes"), set("b", "x"), set("c", "q"), text("e", "ééééé")}, nestedOK...), nil},
		{"max_length exceeded", n, append([]setup{set("a", "yes"), set("b", "x"), set("c", "q"), text("e", "abcdef")}, nestedOK...),
			[]string{"e: must be 5 characters or fewer (it has 6)"}},
		{"hidden likert answered", n, append([]setup{set("a", "yes"), set("b", "x"), set("c", "q"), text("e", "ok"), set("d.j", "agree")}, nestedOK...),
			[]string{"d: is answered but routing hides this question"}},
		{"hidden text answered", n, append([]setup{text("e", "stale")}, nestedOK...),
			[]string{"e: is answered but routing hides this question"}},
		{"several problems in definition order", m, []setup{set("other_networks", "none", "gender"), set("effectiveness", "effective"), raw("region", 99)},
			[]string{"region: has an unknown option", "other_networks: ", "effectiveness: is answered but routing hides"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.d.NewResponse()
			for _, s := range tc.setup {
				s(tc.d, r)
			}
			errs := tc.d.Check(r)
			if len(errs) != len(tc.want) {
				t.Fatalf("errors %q, want %q", errs, tc.want)
			}
			for i, e := range errs {
				if !strings.Contains(e.Error(), tc.want[i]) {
					t.Errorf("error %d is %q, want %q", i, e.Error(), tc.want[i])
				}
			}
		})
	}
}

func TestCheckPage(t *testing.T) {
	d := mustParse(t, nested)
	r := d.NewResponse()
	if errs := d.CheckPage(r, &d.Pages[0]); len(errs) != 0 {
		t.Errorf("page 1: %v", errs)
	}
	errs := d.CheckPage(r, &d.Pages[2])
	if len(errs) != 2 || errs[0].Field != "f" || errs[1].Field != "g" {
		t.Errorf("page 3: %v", errs)
	}
}

func TestCodesAndHas(t *testing.T) {
	d := mapping(t)
	r := d.NewResponse()
	answer(t, d, r, "other_networks", "gender", "lgbti")
	answer(t, d, r, "region", "yorkshire_humber")
	on := d.Question("other_networks")
	if got := d.Codes(r, on.Slot()); !slices.Equal(got, []string{"lgbti", "gender"}) {
		t.Errorf("codes %v, want definition order [lgbti gender]", got)
	}
	if !Has(r, on, 0) || !Has(r, on, 4) || Has(r, on, 1) {
		t.Error("Has wrong for multiple choice")
	}
	reg := d.Question("region")
	if !Has(r, reg, 8) || Has(r, reg, 0) {
		t.Error("Has wrong for single choice")
	}
	if got := d.Codes(r, d.Question("occupation").Slot()); got != nil {
		t.Errorf("unanswered codes %v", got)
	}
	r.Slots[reg.Slot()] = 10
	if got := d.Codes(r, reg.Slot()); got != nil {
		t.Errorf("out-of-range single gives codes %v", got)
	}
	if JoinCodes([]string{"a", "b"}) != "a;b" || JoinCodes(nil) != "" {
		t.Error("JoinCodes")
	}
}

func TestSlotsRoundTrip(t *testing.T) {
	for _, slots := range [][]uint64{
		{},
		{0},
		{0, 1, 2, 127, 128, 255, 1 << 62, math.MaxUint64},
		make([]uint64, 13),
	} {
		b := EncodeSlots(nil, slots)
		got := make([]uint64, len(slots))
		if err := DecodeSlots(got, b); err != nil {
			t.Errorf("%v: %v", slots, err)
		}
		if !slices.Equal(got, slots) {
			t.Errorf("round trip %v -> %v", slots, got)
		}
		// Appends to dst.
		if b2 := EncodeSlots([]byte{9}, slots); b2[0] != 9 || string(b2[1:]) != string(b) {
			t.Error("EncodeSlots does not append")
		}
	}
	// Small answers take one byte each.
	if b := EncodeSlots(nil, []uint64{0, 3, 9, 127}); len(b) != 4 {
		t.Errorf("%d bytes for 4 small slots", len(b))
	}

	good := EncodeSlots(nil, []uint64{1, 300, 2})
	for _, tc := range []struct {
		name string
		n    int
		b    []byte
		want string
	}{
		{"truncated", 3, good[:len(good)-1], "truncated"},
		{"mid-varint", 2, good[:2], "truncated"},
		{"empty", 1, nil, "truncated"},
		{"extra", 2, good, "extra"},
		{"extra zero", 3, append(good, 0), "extra"},
		{"overflow", 1, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, "truncated"},
	} {
		err := DecodeSlots(make([]uint64, tc.n), tc.b)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewID()
		if len(id) != 26 || !ValidResponseID(id) {
			t.Fatalf("id %q", id)
		}
		if seen[id] {
			t.Fatalf("repeated id %q", id)
		}
		seen[id] = true
	}
	for id, ok := range map[string]bool{
		"a": true, "R-0001_x": true, strings.Repeat("a", 64): true,
		"": false, strings.Repeat("a", 65): false, "a b": false, "a;b": false, "é": false, "a\n": false, "1,2": false,
	} {
		if ValidResponseID(id) != ok {
			t.Errorf("ValidResponseID(%q) = %v", id, !ok)
		}
	}
}
