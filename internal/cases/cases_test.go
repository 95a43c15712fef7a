package cases

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"staffnet/internal/network"
)

func TestParseQuery(t *testing.T) {
	for _, c := range []struct {
		in      string
		words   []string
		phrases [][]string
		fts     string
		web     string
	}{
		{"Mentoring", []string{"mentoring"}, nil, `"mentoring"`, "mentoring"},
		{"the network and its sponsor", []string{"network", "sponsor"}, nil, `"network" AND "sponsor"`, "network sponsor"},
		{`"reverse mentoring" board`, []string{"board"}, [][]string{{"reverse", "mentoring"}}, `"board" AND "reverse mentoring"`, `board "reverse mentoring"`},
		{`"the head of people"`, nil, [][]string{{"head", "of", "people"}}, `"head of people"`, `"head of people"`},
		{`"mentor"`, []string{"mentor"}, nil, `"mentor"`, "mentor"},
		{`"to be"`, nil, nil, "", ""},
		{`mentor OR "`, []string{"mentor"}, nil, `"mentor"`, "mentor"},
		{`NEAR(a b) -x title:y* ^z`, []string{"near", "b", "x", "title", "y", "z"}, nil, `"near" AND "b" AND "x" AND "title" AND "y" AND "z"`, "near b x title y z"},
		{"co-production", []string{"co", "production"}, nil, `"co" AND "production"`, "co production"},
		{"", nil, nil, "", ""},
	} {
		q := ParseQuery(c.in)
		if !reflect.DeepEqual(q.Words, c.words) || !reflect.DeepEqual(q.Phrases, c.phrases) || q.FTS5() != c.fts || q.Websearch() != c.web {
			t.Errorf("%q: %q %q → %s | %s", c.in, q.Words, q.Phrases, q.FTS5(), q.Websearch())
		}
		if q.Empty() != (c.fts == "") {
			t.Errorf("%q: Empty %v", c.in, q.Empty())
		}
	}
	long := ParseQuery(strings.Repeat("word ", 40))
	if len(long.Words) != MaxQueryTerms {
		t.Errorf("%d terms, want at most %d", len(long.Words), MaxQueryTerms)
	}
}

// FuzzParseQuery: whatever is typed, every term is letters and digits
// only, so neither engine meets an operator, a quote or a bracket.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{`"a b" c`, `NEAR(x) OR y*`, `'); DROP`, `"""`, "é ü 中文"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s)
		terms := append([]string(nil), q.Words...)
		for _, p := range q.Phrases {
			if len(p) < 2 {
				t.Fatalf("%q: phrase %q", s, p)
			}
			terms = append(terms, p...)
		}
		if len(q.Words)+len(q.Phrases) > MaxQueryTerms {
			t.Fatalf("%q: too many terms", s)
		}
		for _, w := range terms {
			if w == "" || strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) >= 0 {
				t.Fatalf("%q: term %q", s, w)
			}
		}
	})
}

func TestNext(t *testing.T) {
	// Every status × step: the status it leads to, or "-" when refused.
	want := map[Status]map[Step]Status{
		Draft:     {Submit: Submitted},
		Changes:   {Submit: Submitted},
		Submitted: {Comment: Submitted, Request: Changes, Approve: Published},
		Published: {Withdraw: Withdrawn},
		Withdrawn: {},
	}
	for from, steps := range want {
		for _, step := range []Step{Submit, Comment, Request, Approve, Withdraw} {
			got, err := Next(from, step)
			w, ok := steps[step]
			if ok != (err == nil) || (ok && got != w) {
				t.Errorf("%s + %s: %s %v", from, step, got, err)
			}
			if !ok && !errors.As(err, new(ErrStep)) {
				t.Errorf("%s + %s: error %v", from, step, err)
			}
		}
	}
	if !Draft.Editable() || !Changes.Editable() || Submitted.Editable() || Published.Editable() || Withdrawn.Editable() {
		t.Error("only drafts and studies back for changes are editable")
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Reverse mentoring at Guy's":   "reverse-mentoring-at-guy-s",
		"  --  ":                       "case-study",
		"Café culture: über networks!": "caf-culture-ber-networks",
		strings.Repeat("word ", 30):    "word-word-word-word-word-word-word-word-word-word-word-word",
	} {
		if got := Slugify(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestValidate(t *testing.T) {
	q, rules, err := network.Defaults()
	if err != nil {
		t.Fatal(err)
	}
	v := NewVocab(q, rules)
	fields := func(es network.FieldErrors) string {
		var out []string
		for _, e := range es {
			out = append(out, e.Field)
		}
		return strings.Join(out, " ")
	}
	draft := &Study{Title: "T", Tags: Tags{KindWRES: {"2"}, KindArea: {"time"}, KindRecommendation: {"facility_time"}, KindRegion: {"Y56"}}}
	if es := draft.Validate(v, false); len(es) != 0 {
		t.Errorf("a draft with a title: %v", es)
	}
	if got := fields(draft.Validate(v, true)); got != "organisation contact summary challenge action outcomes lessons" {
		t.Errorf("submitting an empty study: %s", got)
	}
	bad := &Study{Title: strings.Repeat("x", MaxTitle+1), Lessons: strings.Repeat("y", MaxSection+1), Tags: Tags{KindWRES: {"10"}, KindRegion: {"W00"}, "colour": {"red"}}}
	if got := fields(bad.Validate(v, false)); got != "title lessons tags tags-wres tags-region" {
		t.Errorf("bad study: %s", got)
	}
	if v.Label(KindWRES, "2") != "2. Appointment from shortlisting" || v.Label(KindRegion, "Y56") != "London" || v.Label(KindArea, "gone") != "gone" {
		t.Error("labels")
	}
	if got := v.Labelled(draft.Tags); len(got) != 4 || got[0].Kind != KindArea || got[3].Kind != KindRegion {
		t.Errorf("labelled in Kinds order: %+v", got)
	}
}

func TestCleanText(t *testing.T) {
	if got := CleanText("a\x01b\x02c\r\nd\te\x00"); got != "abc\nd\te" {
		t.Errorf("%q", got)
	}
}

// TestDemoStudies: every demo study is complete, its tags are in the
// vocabulary, and it says it is made up.
func TestDemoStudies(t *testing.T) {
	q, rules, err := network.Defaults()
	if err != nil {
		t.Fatal(err)
	}
	v := NewVocab(q, rules)
	for _, s := range DemoStudies() {
		if es := s.Validate(v, true); len(es) != 0 {
			t.Errorf("%s: %v", s.Title, es)
		}
		if !strings.Contains(s.Organisation, "(demo)") || !strings.Contains(s.FurtherInfo, "made-up") {
			t.Errorf("%s: not marked as made up", s.Title)
		}
	}
}
