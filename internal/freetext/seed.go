package freetext

import (
	"encoding/json"
	"fmt"

	"staffnet/internal/survey"
)

// Seed is the starting codebook for the built-in 2016 mapping survey: the
// themes the national report grouped staff's free text into, the
// benefits they named and the reasons some gave for thinking a network
// would not help, paraphrased for staffnet. Analysts change it freely.
func Seed(slug string) []Theme {
	if slug != "bme-network-mapping-2016" {
		return nil
	}
	b, o := "benefits_comment", "other_comments"
	return []Theme{
		{b, "staff", "", "Benefits for staff", "What a network gives the people in it."},
		{b, "voice", "staff", "A safe place to speak", "Somewhere to raise concerns and experiences, including racism, without fear of being labelled."},
		{b, "progression", "staff", "Career progression", "Development, mentoring and a route to more senior roles."},
		{b, "isolation", "staff", "Less isolation", "Meeting others in the same position; feeling less alone at work."},
		{b, "influence", "staff", "Shaping policy and culture", "A say in how the organisation's policies and culture change."},
		{b, "organisation", "", "Benefits for the organisation", "What the employer and patients gain."},
		{b, "engagement", "organisation", "Engaged staff", "Listening to and involving staff who are otherwise not heard."},
		{b, "talent", "organisation", "A pipeline of talent", "Growing and keeping capable staff for future roles."},
		{b, "collaboration", "organisation", "Understanding and working together", "Empathy between groups, joint work across teams."},
		{b, "innovation", "organisation", "New ideas for the business", "Different viewpoints that improve services and problem solving."},
		{o, "doubts", "", "Why a network might not help", "Reasons given for not wanting or needing a network."},
		{o, "divisive", "doubts", "Divides the workforce", "Seen as separating staff by race or working against inclusion for all."},
		{o, "special", "doubts", "Special treatment", "Worry about favouritism, resentment, or a network 'for every group'."},
		{o, "few_staff", "doubts", "Too few BME staff", "The organisation has only a small number of staff who would belong."},
		{o, "leadership", "doubts", "Poor network leadership", "Infighting or leaders who hold others back."},
		{o, "distance", "doubts", "Distance between sites", "Staff spread too widely to meet."},
		{o, "appetite", "doubts", "Little interest", "Past events poorly attended, or a network that faded away."},
		{o, "no_problem", "doubts", "No problem to solve", "A belief that everyone is already treated the same."},
		{o, "existing", "doubts", "Use existing networks", "BME staff should join networks that already exist."},
		{o, "other", "", "Anything else", "Comments that fit no other theme."},
	}
}

// ThemeQuestionID is the id of the multiple-choice question that carries
// free-text question q's themes in a themed dataset.
func ThemeQuestionID(q string) string { return q + "_themes" }

// ThemedDefinition returns def with one extra multiple-choice question
// per coded free-text question, on a page of its own at the end, whose
// options are that question's themes. A comment's themes become that
// question's answer, so theme counts go through the same report,
// suppression and filter-complement checks as any other count.
func ThemedDefinition(def *survey.Definition, themes []Theme) (*survey.Definition, error) {
	var d survey.Definition
	if err := json.Unmarshal(def.JSON(), &d); err != nil {
		return nil, err
	}
	page := survey.Page{ID: "themes_in_free_text", Title: "Themes in free text"}
	for _, q := range def.TextQuestions() {
		tq := survey.Question{ID: ThemeQuestionID(q.ID), Type: survey.Multiple, Title: "Themes: " + q.Title}
		for _, t := range themes {
			if t.Question == q.ID {
				label := t.Name
				if t.Parent != "" {
					label = parentName(themes, t) + ": " + t.Name
				}
				tq.Options = append(tq.Options, survey.Option{Code: t.Code, Label: label})
			}
		}
		if len(tq.Options) > 0 {
			page.Questions = append(page.Questions, tq)
		}
	}
	if len(page.Questions) == 0 {
		return nil, fmt.Errorf("freetext: survey %s has no codebook", def.Slug)
	}
	d.Pages = append(d.Pages, page)
	b, err := json.Marshal(&d)
	if err != nil {
		return nil, err
	}
	return survey.Parse(b)
}

func parentName(themes []Theme, t Theme) string {
	for _, p := range themes {
		if p.Question == t.Question && p.Code == t.Parent {
			return p.Name
		}
	}
	return t.Parent
}

// Themed returns r as a response of themed (from ThemedDefinition): its
// slots, then each theme question's bit set from coded (free-text
// question id → theme codes). dst is reused between calls.
func Themed(themed *survey.Definition, r *survey.Response, coded map[string][]string, dst *survey.Response) {
	n := copy(dst.Slots, r.Slots)
	copy(dst.Texts, r.Texts)
	dst.ID, dst.SubmittedOn = r.ID, r.SubmittedOn
	clear(dst.Slots[n:])
	for q, codes := range coded {
		tq := themed.Question(ThemeQuestionID(q))
		if tq == nil {
			continue
		}
		var v uint64
		for _, c := range codes {
			if k := tq.OptionIndex(c); k >= 0 {
				v |= 1 << uint(k)
			}
		}
		dst.Slots[tq.Slot()] = v
	}
}
