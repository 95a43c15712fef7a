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

// byReports builds a view filtered on region = london and broken down by
// occupation, in which the breakdown hid the figures for everyone of one
// question, and the same view without the breakdown.
func byReports() (by, overall *report.Report) {
	hiddenQ := report.Question{ID: "net", Type: "single", Title: "Has a network?", Suppressed: true,
		Options: []report.Option{{Code: "yes", Label: "Yes", Figure: report.Figure{Suppressed: true}}, {Code: "no", Label: "No", Figure: report.Figure{Suppressed: true}}},
		By:      []report.Column{{Code: "clinical", Suppressed: true}, {Code: "admin", Base: ip(40), Options: []report.Option{{Code: "yes", Figure: shown(30, 40)}, {Code: "no", Figure: shown(10, 40)}}}}}
	region := report.Question{ID: "region", Type: "single", Title: "Region", Base: ip(50),
		Options: []report.Option{{Code: "london", Label: "London", Figure: shown(50, 50)}}}
	by = &report.Report{Survey: "s", Title: "S", Respondents: ip(50), Threshold: 11,
		Filters:   []report.Filter{{Question: "region", Codes: []string{"london"}}},
		By:        &report.By{Question: "occupation", Title: "Staff group", Columns: []report.ByColumn{{Code: "clinical", Label: "Clinical"}, {Code: "admin", Label: "Admin"}}},
		Questions: []report.Question{region, hiddenQ}}
	all := hiddenQ
	all.Suppressed, all.Base, all.By = false, ip(50), nil
	all.Options = []report.Option{{Code: "yes", Label: "Yes", Figure: shown(35, 50)}, {Code: "no", Label: "No", Figure: shown(15, 50)}}
	overall = &report.Report{Survey: "s", Title: "S", Respondents: ip(50), Threshold: 11, Filters: by.Filters, Questions: []report.Question{region, all}}
	return by, overall
}

func TestHTMLPartsBreakdownNote(t *testing.T) {
	by, overall := byReports()
	if got := Showing(by); got != "Showing: London, broken down by “Staff group”" {
		t.Errorf("Showing = %q", got)
	}
	// Published: one view, the hiding said in words, nothing kept.
	pub, err := HTMLParts(by, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pub.Questions, "hidden because of the breakdown by “Staff group”") || strings.Contains(pub.Questions, "70.0%") {
		t.Errorf("published view: note missing or figures from another view:\n%s", pub.Questions)
	}
	// The filtered question makes no headline: 100% London says nothing.
	if strings.Contains(pub.Summary, "London") && strings.Contains(pub.Summary, "100.0%") {
		t.Errorf("headline for the filtered question:\n%s", pub.Summary)
	}
	// Dashboard: the figures for everyone are kept, from the view without
	// the breakdown, and the note says where they come from.
	dash, err := HTMLParts(by, overall)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(dash.Summary, "Has a network? — Yes") {
		t.Errorf("dashboard headlines leave out what the breakdown hid:\n%s", dash.Summary)
	}
	for _, want := range []string{"Breaking the figures down by “Staff group” hid some", "70.0%", "30.0%", `<div class="crosstab" role="region" aria-labelledby="crosstab-net" tabindex="0">`} {
		if !strings.Contains(dash.Questions, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	// Without a breakdown there is nothing to say.
	plain, _ := HTMLParts(overall, nil)
	if strings.Contains(plain.Questions, "breakdown") {
		t.Error("a breakdown note on a view without one")
	}
	if Withheld(by) != 2 {
		t.Errorf("Withheld = %d, want 2", Withheld(by))
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
	pub, err := HTMLParts(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Some figures in the breakdown by “Staff group” are hidden", "The figures for everyone are all shown.", "70.0%", "30.0%"} {
		if !strings.Contains(pub.Questions, want) {
			t.Errorf("published view lacks %q:\n%s", want, pub.Questions)
		}
	}
	// Nothing hidden in the columns: nothing to say.
	for i := range q.By {
		q.By[i].Options = []report.Option{{Code: "yes", Figure: shown(5, 10)}, {Code: "no", Figure: shown(5, 10)}}
	}
	r.Questions = []report.Question{q}
	pub, _ = HTMLParts(r, nil)
	if strings.Contains(pub.Questions, "are hidden") {
		t.Errorf("a note with nothing hidden:\n%s", pub.Questions)
	}
}
