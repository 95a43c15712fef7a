package wres

import (
	"math"
	"strings"
)

// Words for people: labels, what each indicator means, and whether a
// figure shows adverse impact. Formatting numbers is render's business;
// these methods decide what the figures say.

var staffGroupLabels = [numStaffGroups]string{"Whole workforce", "Clinical", "Non-clinical", "Medical"}

// Label is the staff group in words: "Non-clinical".
func (g StaffGroup) Label() string { return nameOf(staffGroupLabels[:], g, "StaffGroup") }

var bandLabels = [numBands]string{
	"", "Band 1", "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7",
	"Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "Very senior manager",
	"Consultant", "Non-consultant career grade", "Trainee", "Other medical",
}

// Label is the band or grade in words: "Band 8a", "Consultant".
func (b Band) Label() string { return nameOf(bandLabels[:], b, "Band") }

// Label names a line of indicator 1 in words: "Clinical, Band 5",
// "Medical, Consultant" or "Whole workforce".
func (c Composition) Label() string {
	g, okg := ParseStaffGroup(c.StaffGroup)
	b, okb := ParseBand(c.Band)
	if !okg || !okb {
		return strings.TrimSpace(c.StaffGroup + " " + c.Band)
	}
	if g == NoStaffGroup {
		return g.Label()
	}
	return g.Label() + ", " + b.Label()
}

var indicatorMeanings = [NumIndicators + 1]string{"",
	"The share of each band who are BME, beside the whole workforce's share: a band well below it means BME staff are fewer there than in the organisation as a whole.",
	"1.00 means equal; above 1 means White applicants were more likely than BME applicants to be appointed from shortlisting.",
	"1.00 means equal; above 1 means BME staff were more likely than White staff to enter the formal disciplinary process.",
	"1.00 means equal; above 1 means White staff were more likely than BME staff to access non-mandatory training and CPD.",
	"BME minus White, in percentage points: above 0 means more BME staff than White staff experienced harassment, bullying or abuse from patients, relatives or the public.",
	"BME minus White, in percentage points: above 0 means more BME staff than White staff experienced harassment, bullying or abuse from other staff.",
	"BME minus White, in percentage points: below 0 means fewer BME staff than White staff believe the organisation gives equal opportunities for career progression.",
	"BME minus White, in percentage points: above 0 means more BME staff than White staff experienced discrimination from a manager, team leader or colleague.",
	"Board BME share minus workforce BME share, in percentage points: below 0 means BME people are fewer on the board than in the workforce.",
}

// Meaning says in one sentence how to read the indicator's headline
// figure.
func (i IndicatorID) Meaning() string { return i.in(&indicatorMeanings) }

// in is the indicator's line of table, or "" for an id that is not one.
func (i IndicatorID) in(table *[NumIndicators + 1]string) string {
	if i < 1 || i > NumIndicators {
		return ""
	}
	return table[i]
}

var impactRules = [NumIndicators + 1]string{"",
	"",
	"Adverse impact when the relative likelihood is outside 0.80 to 1.25.",
	"Adverse impact when the relative likelihood is outside 0.80 to 1.25.",
	"Adverse impact when the relative likelihood is outside 0.80 to 1.25.",
	"Adverse impact when more BME than White staff report it (a difference above 0).",
	"Adverse impact when more BME than White staff report it (a difference above 0).",
	"Adverse impact when fewer BME than White staff believe it (a difference below 0).",
	"Adverse impact when more BME than White staff report it (a difference above 0).",
	"Adverse impact when the board's BME share is below the workforce's (a difference below 0).",
}

// ImpactRule says when the indicator shows adverse impact; empty for
// indicator 1, which has no single figure to judge.
func (i IndicatorID) ImpactRule() string { return i.in(&impactRules) }

// Impact is whether a figure shows adverse impact, and on whom.
type Impact struct {
	Known   bool   // false when the figure is null: nothing to judge
	Adverse bool   // true: adverse impact
	On      string // whom it disadvantages when Adverse: "BME staff", "White applicants"
}

// Label is the tag's text: "Adverse impact", "No adverse impact", or ""
// when there is nothing to judge.
func (im Impact) Label() string {
	switch {
	case !im.Known:
		return ""
	case im.Adverse:
		return "Adverse impact"
	}
	return "No adverse impact"
}

// Detail says whom the adverse impact falls on: "on BME staff".
func (im Impact) Detail() string {
	if !im.Adverse || im.On == "" {
		return ""
	}
	return "on " + im.On
}

// Impact judges a relative likelihood by the non-adverse range 0.80 to
// 1.25, inclusive: outside it, the group whose rate is worse is
// adversely affected. For indicators 2 and 4 a high rate is good (White
// first, so above 1.25 disadvantages BME people); for indicator 3 it is
// bad (BME first, so above 1.25 disadvantages BME staff too).
func (rl RelativeLikelihood) Impact(who string) Impact {
	if rl.Value == nil {
		return Impact{}
	}
	v := rl.raw
	if v == 0 { // a copy made by Suppress keeps only the rounded value
		v = *rl.Value
	}
	if nonAdverse(v) {
		return Impact{Known: true}
	}
	on := "BME " + who
	if v < NonAdverseLow {
		on = "White " + who
	}
	return Impact{Known: true, Adverse: true, On: on}
}

// Impact judges a survey indicator (id 5 to 8) by the direction of its
// difference as shown to one decimal place: for 5, 6 and 8 more BME than
// White staff reporting the bad experience is adverse; for 7, fewer BME
// staff believing in equal opportunities is.
func (s SurveyIndicator) Impact(id IndicatorID) Impact {
	if s.DifferencePoints == nil {
		return Impact{}
	}
	d := math.Round(*s.DifferencePoints*10) / 10
	if id == 7 {
		d = -d
	}
	if d > 0 {
		return Impact{Known: true, Adverse: true, On: "BME staff"}
	}
	return Impact{Known: true}
}

// Impact judges a board's share: a BME share below the workforce's, as
// shown to one decimal place, is adverse.
func (b BoardShare) Impact() Impact {
	if b.DifferencePoints == nil {
		return Impact{}
	}
	if math.Round(*b.DifferencePoints*10)/10 < 0 {
		return Impact{Known: true, Adverse: true, On: "BME people"}
	}
	return Impact{Known: true}
}
