package freetext

import (
	"errors"
	"slices"
	"testing"

	"staffnet/internal/rows"
	"staffnet/internal/survey"
)

const slug = "bme-network-mapping-2016"

func isText(q string) bool { return q == "benefits_comment" || q == "other_comments" }

// TestThemeRows checks that a codebook's rows read back as the same
// themes, and that rows are trimmed, padded and checked.
func TestThemeRows(t *testing.T) {
	seed := Seed(slug)
	back, err := ThemesFromRows(ThemeRows(seed), isText)
	if err != nil || !slices.Equal(back, seed) {
		t.Fatalf("round trip: %v %d themes", err, len(back))
	}
	got, err := ThemesFromRows([][]string{{" other_comments ", "a", "", " A "}}, isText)
	if err != nil || len(got) != 1 || got[0] != (Theme{Question: "other_comments", Code: "a", Name: "A"}) {
		t.Errorf("trimmed and padded: %v %+v", err, got)
	}
	bad, err := ThemesFromRows([][]string{
		{"nope", "a", "", "A", ""},
		{"other_comments", "b", "zz", "", ""},
	}, isText)
	var ie *rows.ImportError
	if bad != nil || !errors.As(err, &ie) || len(ie.Problems) != 3 ||
		ie.Problems[0] != (rows.CellError{Row: 2, Column: "question", Reason: `"nope" is not a free-text question of this survey`}) ||
		ie.Problems[1].Row != 3 || ie.Problems[1].Column != "name" || ie.Problems[2].Column != "parent" {
		t.Errorf("problems: %v", err)
	}
}

func TestCodedRows(t *testing.T) {
	got := CodedRows([]Coding{{ResponseID: "K2", Question: "other_comments", Themes: []string{"divisive", "special"}}, {ResponseID: "A7", Question: "other_comments"}})
	want := [][]string{{"K2", "other_comments", "divisive"}, {"K2", "other_comments", "special"}}
	if !slices.EqualFunc(got, want, slices.Equal) || len(CodedColumns) != len(want[0]) {
		t.Errorf("%q", got)
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
