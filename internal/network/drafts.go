package network

import (
	"fmt"
	"strings"
	"time"
)

// Drafts a guide's answers make: the business case and the first terms
// of reference of a new network, with WRES figures as evidence.

// WRESEvidence is an organisation's headline WRES figures, offered as
// evidence in a business case. Any figure may be nil when it is not
// known.
type WRESEvidence struct {
	Year                string   // e.g. "2023"; optional
	WorkforceBMEPercent *float64 // BME share of the workforce
	Indicator2          *float64 // relative likelihood of White applicants being appointed from shortlisting compared with BME applicants
	Indicator3          *float64 // relative likelihood of BME staff entering the formal disciplinary process compared with White staff
	BoardBMEPercent     *float64 // BME share of the board (voting membership)
}

// DraftInput is what a draft needs besides the saved answers.
type DraftInput struct {
	OrgName  string
	Type     Type
	Evidence *WRESEvidence // optional
	Today    time.Time
}

// orgName is the organisation as a draft names it.
func (in DraftInput) orgName() string {
	if in.OrgName == "" {
		return "the organisation"
	}
	return in.OrgName
}

// missing marks a gap in a draft so the reader sees what to fill in.
func missing(label string) string { return "[To complete: " + label + "]" }

func (g *Guide) answer(p *Progress, id string) string {
	if v := strings.TrimSpace(p.Answers[id]); v != "" {
		return v
	}
	if f, ok := g.fields[id]; ok {
		return missing(f.Label)
	}
	return missing(id)
}

// list renders a list answer as Markdown bullets.
func (g *Guide) list(p *Progress, id string) string {
	v := strings.TrimSpace(p.Answers[id])
	if v == "" {
		return "- " + g.answer(p, id)
	}
	var b strings.Builder
	for _, line := range strings.Split(v, "\n") {
		line = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "-*•"))
		if line != "" {
			fmt.Fprintf(&b, "- %s\n", line)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func (g *Guide) networkName(p *Progress, in DraftInput) string {
	if v := strings.TrimSpace(p.Answers["network_name"]); v != "" {
		return v
	}
	t := in.Type
	if t == "" {
		t = p.Type
	}
	if t != "" {
		return "the " + t.Label() + " staff network"
	}
	return "the staff network"
}

// EvidenceLines turns WRES headline figures into plain sentences for a
// business case, skipping unknown figures. The wording states what each
// figure means (1.00 is equal likelihood; 0.80 to 1.25 is the
// non-adverse range for indicator 3).
func (e *WRESEvidence) EvidenceLines() []string {
	if e == nil {
		return nil
	}
	var out []string
	if v := e.WorkforceBMEPercent; v != nil {
		out = append(out, fmt.Sprintf("%.1f%% of the workforce are from black and minority ethnic (BME) backgrounds.", *v))
	}
	if b := e.BoardBMEPercent; b != nil {
		s := fmt.Sprintf("%.1f%% of the board are from BME backgrounds", *b)
		if w := e.WorkforceBMEPercent; w != nil {
			s += fmt.Sprintf(", %.1f percentage points %s the workforce (WRES indicator 9)", abs(*b-*w), belowAbove(*b-*w))
		} else {
			s += " (WRES indicator 9)"
		}
		out = append(out, s+".")
	}
	if v := e.Indicator2; v != nil {
		s := fmt.Sprintf("White applicants were %.2f times as likely as BME applicants to be appointed from shortlisting (WRES indicator 2; 1.00 would mean equal chances)", *v)
		out = append(out, s+".")
	}
	if v := e.Indicator3; v != nil {
		s := fmt.Sprintf("BME staff were %.2f times as likely as White staff to enter the formal disciplinary process (WRES indicator 3)", *v)
		if *v < 0.8 || *v > 1.25 {
			s += ", outside the 0.80 to 1.25 range treated as non-adverse"
		} else {
			s += ", within the 0.80 to 1.25 range treated as non-adverse"
		}
		out = append(out, s+".")
	}
	return out
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

func belowAbove(d float64) string {
	if d < 0 {
		return "below"
	}
	return "above"
}

// DraftBusinessCase writes a first draft of a business case in Markdown
// from the saved answers and, if given, the organisation's WRES figures.
// Unanswered prompts appear as "[To complete: …]" so the draft is always
// whole and the gaps are obvious.
func (g *Guide) DraftBusinessCase(p *Progress, in DraftInput) string {
	var b strings.Builder
	name, org := g.networkName(p, in), in.orgName()
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# Business case: %s\n\n", name)
	w("Organisation: %s  \nDraft of %s\n\n", org, FormatDate(Day(in.Today)))
	w("## Summary\n\nWe propose to set up %s for %s. %s\n\n", name, g.answer(p, "who_for"), g.answer(p, "aims"))
	w("## Why a network is needed\n\n")
	w("### What the organisation's strategy asks for\n\n%s\n\n", g.answer(p, "business_strategy"))
	w("### What the figures show\n\n%s\n\n", g.answer(p, "staffing_figures"))
	if v := strings.TrimSpace(p.Answers["grade_concentration"]); v != "" {
		w("%s\n\n", v)
	}
	if lines := in.Evidence.EvidenceLines(); len(lines) > 0 {
		year := ""
		if in.Evidence.Year != "" {
			year = " (" + in.Evidence.Year + ")"
		}
		w("From the organisation's Workforce Race Equality Standard return%s:\n\n", year)
		for _, l := range lines {
			w("- %s\n", l)
		}
		w("\n")
	}
	if v := strings.TrimSpace(p.Answers["annual_report"]); v != "" {
		w("### What the annual report says\n\n%s\n\n", v)
	}
	if v := strings.TrimSpace(p.Answers["meeting_outcome"]); v != "" {
		w("### What staff told us\n\n%s\n\n", v)
	}
	w("## Goals\n\n%s\n\n", g.list(p, "goals"))
	if v := strings.TrimSpace(p.Answers["strategy"]); v != "" {
		w("How we will reach them: %s\n\n", v)
	}
	w("## Benefits\n\n### For members\n\n%s\n\n### For the organisation and its patients\n\n%s\n\n", g.answer(p, "benefits_members"), g.answer(p, "benefits_org"))
	w("## What we are asking for\n\n%s\n\n", g.answer(p, "resources_requested"))
	w("We will weigh the time and money the network uses against what it achieves and report this each year.\n\n")
	w("## Support and governance\n\n")
	w("- Proposal to: %s\n", g.answer(p, "corporate_contact"))
	w("- Senior champion: %s\n", g.answer(p, "champion"))
	w("- Project team: %s\n", oneLine(g.answer(p, "project_team")))
	if v := strings.TrimSpace(p.Answers["trade_union"]); v != "" {
		w("- Trade union support: %s\n", oneLine(v))
	}
	if v := strings.TrimSpace(p.Answers["internal_networks"]); v != "" {
		w("- Working with other networks here: %s\n", oneLine(v))
	}
	if v := strings.TrimSpace(p.Answers["external_networks"]); v != "" {
		w("- Learning from networks elsewhere: %s\n", oneLine(v))
	}
	if v := strings.TrimSpace(p.Answers["legacy"]); v != "" {
		w("\n## Legacy\n\n%s\n", v)
	}
	return b.String()
}

// DraftTermsOfReference writes a first draft of terms of reference in
// Markdown from the saved answers, with a review date a year after
// today.
func (g *Guide) DraftTermsOfReference(p *Progress, in DraftInput) string {
	var b strings.Builder
	name, org := g.networkName(p, in), in.orgName()
	today := Day(in.Today)
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# Terms of reference: %s\n\n", name)
	w("Organisation: %s  \nVersion 1 (draft), %s  \nReview due: %s\n\n", org, FormatDate(today), FormatDate(today.AddDate(1, 0, 0)))
	w("## 1. Purpose\n\n%s\n\n", g.answer(p, "purpose"))
	w("## 2. Aims\n\n%s\n\n%s\n\n", g.answer(p, "aims"), g.list(p, "goals"))
	w("## 3. Membership\n\n%s\n\n", g.answer(p, "membership"))
	w("## 4. Leadership\n\n%s\n\n", g.answer(p, "leadership_team"))
	w("The network's executive sponsor is a board member who champions it. The network and the sponsor agree in writing what each expects of the other and review it every year.\n\n")
	w("## 5. Meetings\n\n%s\n\nMinutes are shared with members within a month of each meeting, and the dates of the next meetings are published.\n\n", g.answer(p, "meeting_pattern"))
	w("## 6. Communications\n\n%s\n\n", g.answer(p, "communications"))
	w("## 7. Work plan and accountability\n\nThe network keeps a work plan whose objectives link to the organisation's objectives or to WRES indicators. It reports progress to members and to its sponsor. First objectives:\n\n%s\n\n", g.list(p, "first_objectives"))
	w("## 8. What the network does not do\n\nThe network is not a substitute for the organisation's own equality duties, for grievance or disciplinary processes, or for trade union representation.\n\n")
	w("## 9. Review\n\nThese terms of reference are reviewed by %s.\n", FormatDate(today.AddDate(1, 0, 0)))
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
