package render

import (
	"strings"
	"testing"

	"staffnet/internal/report"
)

func ip(n int) *int         { return &n }
func fp(f float64) *float64 { return &f }
func shown(n, of int) report.Figure {
	return report.Figure{Count: ip(n), Percent: fp(100 * float64(n) / float64(of))}
}

// TestHTMLPartsBreakdownNote: a view filtered on region = london and
// broken down by staff group, in which the breakdown hid cells of its
// own and the figure for everyone of "no" is hidden as small in its own
// right, says both in words.
func TestHTMLPartsBreakdownNote(t *testing.T) {
	q := report.Question{ID: "net", Type: "single", Title: "Has a network?", Base: ip(50),
		Options: []report.Option{{Code: "yes", Label: "Yes", Figure: shown(42, 50)}, {Code: "no", Label: "No", Figure: report.Figure{Suppressed: true}}},
		By:      []report.Column{{Code: "clinical", Suppressed: true}, {Code: "admin", Base: ip(40), Options: []report.Option{{Code: "yes", Figure: report.Figure{Suppressed: true}}, {Code: "no", Figure: report.Figure{Suppressed: true}}}}}}
	region := report.Question{ID: "region", Type: "single", Title: "Region", Base: ip(50),
		Options: []report.Option{{Code: "london", Label: "London", Figure: shown(50, 50)}}}
	by := &report.Report{Survey: "s", Title: "S", Respondents: ip(50), Threshold: 11,
		Filters:   []report.Filter{{Question: "region", Codes: []string{"london"}}},
		By:        &report.By{Question: "occupation", Title: "Staff group", Columns: []report.ByColumn{{Code: "clinical", Label: "Clinical"}, {Code: "admin", Label: "Admin"}}},
		Questions: []report.Question{region, q}}
	if got := Showing(by); got != "Showing: London, broken down by “Staff group”" {
		t.Errorf("Showing = %q", got)
	}
	pub, err := HTMLParts(by)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Breaking these figures down by “Staff group” hid some of them", "The figures for everyone are not affected", "Those hidden for everyone are hidden without the breakdown too", "84.0%", `<div class="crosstab" role="region" aria-labelledby="crosstab-net" tabindex="0">`} {
		if !strings.Contains(pub.Questions, want) {
			t.Errorf("breakdown view lacks %q:\n%s", want, pub.Questions)
		}
	}
	// The filtered question makes no headline: 100% London says nothing.
	if strings.Contains(pub.Summary, "London") && strings.Contains(pub.Summary, "100.0%") {
		t.Errorf("headline for the filtered question:\n%s", pub.Summary)
	}
	// Without a breakdown there is nothing to say.
	by.By = nil
	for i := range by.Questions {
		by.Questions[i].By = nil
	}
	plain, _ := HTMLParts(by)
	if strings.Contains(plain.Questions, "breakdown") {
		t.Error("a breakdown note on a view without one")
	}
	if Withheld(by) != 1 {
		t.Errorf("Withheld = %d, want 1", Withheld(by))
	}
}

// TestHeadlinesOnlyWhole: a question with a hidden answer makes no
// headline, since its commonest answer may be the hidden one; nor does an
// answer no one gave.
func TestHeadlinesOnlyWhole(t *testing.T) {
	r := &report.Report{Respondents: ip(60), Threshold: 11, Questions: []report.Question{
		{ID: "a", Type: "single", Title: "Partly hidden", Base: ip(60), Options: []report.Option{
			{Code: "x", Label: "X", Figure: shown(40, 60)}, {Code: "y", Label: "Y", Figure: report.Figure{Suppressed: true}}}},
		{ID: "b", Type: "single", Title: "Nobody", Base: ip(60), Options: []report.Option{{Code: "x", Label: "X", Figure: shown(0, 60)}}},
		{ID: "c", Type: "single", Title: "Whole", Base: ip(60), Options: []report.Option{
			{Code: "x", Label: "X", Figure: shown(45, 60)}, {Code: "y", Label: "Y", Figure: shown(15, 60)}}},
	}}
	h := headlines(r)
	if len(h) != 2 || h[1].Text != "Whole — X (of 60)" {
		t.Errorf("headlines %+v", h)
	}
}

// TestHTMLPartsColumnNote: a breakdown that hid only column cells keeps
// every figure for everyone and says, in words, that the breakdown hid
// the gaps.
func TestHTMLPartsColumnNote(t *testing.T) {
	q := report.Question{ID: "net", Type: "single", Title: "Has a network?", Base: ip(50),
		Options: []report.Option{{Code: "yes", Label: "Yes", Figure: shown(35, 50)}, {Code: "no", Label: "No", Figure: shown(15, 50)}},
		By: []report.Column{
			{Code: "clinical", Base: ip(10), Options: []report.Option{{Code: "yes", Figure: report.Figure{Suppressed: true}}, {Code: "no", Figure: report.Figure{Suppressed: true}}}},
			{Code: "admin", Base: ip(40), Options: []report.Option{{Code: "yes", Figure: report.Figure{Suppressed: true}}, {Code: "no", Figure: report.Figure{Suppressed: true}}}}}}
	r := &report.Report{Survey: "s", Title: "S", Respondents: ip(50), Threshold: 11,
		By:        &report.By{Question: "occupation", Title: "Staff group", Columns: []report.ByColumn{{Code: "clinical", Label: "Clinical"}, {Code: "admin", Label: "Admin"}}},
		Questions: []report.Question{q}}
	pub, err := HTMLParts(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Breaking these figures down by “Staff group” hid some of them", "The figures for everyone are not affected", "70.0%", "30.0%"} {
		if !strings.Contains(pub.Questions, want) {
			t.Errorf("published view lacks %q:\n%s", want, pub.Questions)
		}
	}
	// Nothing hidden in the columns: nothing to say.
	for i := range q.By {
		q.By[i].Options = []report.Option{{Code: "yes", Figure: shown(5, 10)}, {Code: "no", Figure: shown(5, 10)}}
	}
	r.Questions = []report.Question{q}
	pub, _ = HTMLParts(r)
	if strings.Contains(pub.Questions, "hid some") {
		t.Errorf("a note with nothing hidden:\n%s", pub.Questions)
	}
}
