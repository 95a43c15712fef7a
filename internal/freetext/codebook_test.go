package freetext

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"staffnet/internal/survey"
)

const slug = "bme-network-mapping-2016"

func isText(q string) bool { return q == "benefits_comment" || q == "other_comments" }

func TestCodebookRoundTrip(t *testing.T) {
	seed := Seed(slug)
	if errs := Validate(seed, isText); len(errs) > 0 {
		t.Fatalf("the seed is not valid: %v", errs)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, seed); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCSV(&buf, isText)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(seed) || back[3] != seed[3] {
		t.Errorf("round trip: %d themes, %+v", len(back), back[3])
	}
}

func TestCodebookImportStrict(t *testing.T) {
	head := "question,code,parent,name,definition\n"
	for _, c := range []struct{ in, want string }{
		{"", "row 1, column question: the file is empty"},
		{"question,code,name\n", "row 1, column parent: the header must be"},
		{head + "nope,a,,A,\n", `row 2, column question: "nope" is not a free-text question`},
		{head + "other_comments,Bad Code,,A,\n", `row 2, column code: "Bad Code" must start`},
		{head + "other_comments,a,,,\n", "row 2, column name: a theme needs a name"},
		{head + "other_comments,a,,A,\nother_comments,a,,B,\n", `row 3, column code: "a" appears twice`},
		{head + "other_comments,b,a,B,\nother_comments,a,,A,\n", `row 2, column parent: "a" is not a theme listed above it`},
		{head + "other_comments,a,,A,\nother_comments,b,a,B,\nother_comments,c,b,C,\n", `row 4, column parent: "b" is itself a sub-theme`},
		{head + "other_comments,a,,A\n", "row 2, column question: has 4 columns, not 5"},
	} {
		got, err := ReadCSV(strings.NewReader(c.in), isText)
		var ie *ImportError
		if got != nil || !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.in, err, c.want)
		}
	}
}

func TestCodedCSV(t *testing.T) {
	var buf bytes.Buffer
	err := WriteCodedCSV(&buf, []Coding{{ResponseID: "K2", Question: "other_comments", Themes: []string{"divisive", "special"}}, {ResponseID: "A7", Question: "other_comments"}})
	want := "response_id,question,theme\nK2,other_comments,divisive\nK2,other_comments,special\n"
	if err != nil || buf.String() != want {
		t.Errorf("%v %q", err, buf.String())
	}
}

// TestThemedDefinition checks that themes become a multiple-choice
// question's options and a comment's themes its answer.
func TestThemedDefinition(t *testing.T) {
	def := survey.MustBuiltin(slug)
	themed, err := ThemedDefinition(def, Seed(slug))
	if err != nil {
		t.Fatal(err)
	}
	tq := themed.Question(ThemeQuestionID("other_comments"))
	if tq == nil || tq.Type != survey.Multiple || len(tq.Options) != 10 || tq.Options[1].Label != "Why a network might not help: Divides the workforce" {
		t.Fatalf("theme question: %+v", tq)
	}
	r := def.NewResponse()
	r.Slots[0] = 1
	dst := themed.NewResponse()
	Themed(themed, r, map[string][]string{"other_comments": {"divisive", "existing"}}, dst)
	if got := dst.Slots[tq.Slot()]; got != 1<<1|1<<8 {
		t.Errorf("bits: %b", got)
	}
	if dst.Slots[0] != 1 {
		t.Error("the survey's own answers were not copied")
	}
	if _, err := ThemedDefinition(def, nil); err == nil {
		t.Error("no codebook: want an error")
	}
}
