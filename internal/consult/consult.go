// Package consult is what a staff network is asked and where it takes
// part: the log of policies, strategies and board papers the
// organisation sends it for comment, with what became of its response,
// and counts of network members' places on interview, disciplinary and
// grievance panels (counts by month and type only: no names). Both are
// evidence for the self-assessment's relationships and accountability
// areas and for the cost–benefit report. See docs/networks.md
// ("Consultations and panels").
package consult

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/network"
)

// Kinds of paper sent to the network.
var Kinds = []string{"policy", "strategy", "board_paper"}

// Stages: whether the paper came before or after it was ratified.
var Stages = []string{"before", "after"}

// Outcomes of the network's response.
var Outcomes = []string{"pending", "adopted", "partly", "not"}

// PanelTypes are the kinds of panel network members sit on.
var PanelTypes = []string{"interview", "disciplinary", "grievance"}

var labels = map[string]string{
	"policy": "Policy", "strategy": "Strategy", "board_paper": "Board paper",
	"before": "Before ratification", "after": "After ratification",
	"pending": "Not known yet", "adopted": "Adopted", "partly": "Partly adopted", "not": "Not adopted",
	"interview": "Interview", "disciplinary": "Disciplinary", "grievance": "Grievance",
}

// Label names a kind, stage, outcome or panel type for people.
func Label(s string) string {
	if l, ok := labels[s]; ok {
		return l
	}
	return s
}

// Consultation is one paper the organisation sent the network.
type Consultation struct {
	ID            int64
	NetworkID     int64
	Title         string
	Owner         string // who in the organisation owns the paper, e.g. "Director of People"
	Kind          string
	Received      time.Time
	Stage         string
	Response      string // what the network said
	Outcome       string
	OutcomeLearnt time.Time // when the network learnt the outcome; zero if not yet
}

// Influenced reports whether the network's response changed the paper.
func (c *Consultation) Influenced() bool { return c.Outcome == "adopted" || c.Outcome == "partly" }

// ReadConsultationForm reads and checks the consultation form.
func ReadConsultationForm(f network.Form) (Consultation, network.FieldErrors) {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	c := Consultation{Title: get("title"), Owner: get("owner"), Kind: get("kind"), Stage: get("stage"), Response: get("response"), Outcome: get("outcome")}
	var es network.FieldErrors
	add := func(field, msg string) { es = append(es, network.FieldError{Field: field, Message: msg}) }
	if c.Title == "" || len(c.Title) > 200 {
		add("title", "Enter the paper's title, 200 characters or fewer")
	}
	if c.Owner == "" || len(c.Owner) > 200 {
		add("owner", "Enter who owns the paper, like Director of People")
	}
	if !slices.Contains(Kinds, c.Kind) {
		add("kind", "Select whether it is a policy, a strategy or a board paper")
	}
	var ok bool
	if c.Received, ok = network.ParseDate(get("received")); !ok || c.Received.IsZero() {
		add("received", "Enter the date the network received it as a real date")
	}
	if !slices.Contains(Stages, c.Stage) {
		add("stage", "Select whether it came before or after it was ratified")
	}
	if len(c.Response) > 5000 {
		add("response", "Keep the response to 5,000 characters or fewer")
	}
	if !slices.Contains(Outcomes, c.Outcome) {
		add("outcome", "Select the outcome, or that it is not known yet")
	}
	if c.OutcomeLearnt, ok = network.ParseDate(get("outcome_learnt")); !ok {
		add("outcome_learnt", "Enter the date the network learnt the outcome as a real date")
	} else if !c.OutcomeLearnt.IsZero() && !c.Received.IsZero() && c.OutcomeLearnt.Before(c.Received) {
		add("outcome_learnt", "The outcome cannot be learnt before the paper was received")
	}
	return c, es
}

// Panel is how many panels of one type network members sat on in a
// month.
type Panel struct {
	NetworkID int64
	Month     time.Time // the first of the month
	Type      string
	Count     int
}

// ReadPanelForm reads and checks the panels form: month (YYYY-MM), type
// and count (0 clears the month's count).
func ReadPanelForm(f network.Form) (Panel, network.FieldErrors) {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	p := Panel{Type: get("type")}
	var es network.FieldErrors
	m, err := time.Parse("2006-01", get("month"))
	if err != nil {
		es = append(es, network.FieldError{Field: "month", Message: "Enter the month as year and month, like 2025-10"})
	}
	p.Month = m
	if !slices.Contains(PanelTypes, p.Type) {
		es = append(es, network.FieldError{Field: "type", Message: "Select the kind of panel"})
	}
	n, err := strconv.Atoi(get("count"))
	if err != nil || n < 0 || n > 1000 {
		es = append(es, network.FieldError{Field: "count", Message: "Enter how many panels, a whole number from 0"})
	}
	p.Count = n
	return p, es
}

// Evidence is what the logs show over a period, for the self-assessment
// and the cost–benefit report.
type Evidence struct {
	Received, Before, Influenced, Learnt int
	Panels                               int
	PanelsByType                         []int // in PanelTypes' order
}

// Gather counts the consultations received and the panels sat from
// from to to, inclusive.
func Gather(cons []Consultation, panels []Panel, from, to time.Time) Evidence {
	e := Evidence{PanelsByType: make([]int, len(PanelTypes))}
	in := func(d time.Time) bool { return !d.Before(from) && !d.After(to) }
	for _, c := range cons {
		if !in(c.Received) {
			continue
		}
		e.Received++
		if c.Stage == "before" {
			e.Before++
		}
		if c.Influenced() {
			e.Influenced++
		}
		if !c.OutcomeLearnt.IsZero() {
			e.Learnt++
		}
	}
	for _, p := range panels {
		if in(p.Month) {
			e.Panels += p.Count
			e.PanelsByType[slices.Index(PanelTypes, p.Type)] += p.Count
		}
	}
	return e
}

// Sentences are the evidence in plain English, as the self-assessment
// page shows it under two of its areas: the relationships area (is the
// network consulted, and early; do members sit on panels?) and the
// accountability area (does the organisation act on the network's
// responses and tell it what happened?).
func (e Evidence) Sentences() (relationships, accountability string) {
	var parts []string
	for i, t := range PanelTypes {
		parts = append(parts, fmt.Sprintf("%s %d", strings.ToLower(Label(t)), e.PanelsByType[i]))
	}
	relationships = fmt.Sprintf("The organisation sent the network %d papers for comment, %d of them before they were ratified. Network members sat on %d panels (%s).",
		e.Received, e.Before, e.Panels, strings.Join(parts, ", "))
	accountability = fmt.Sprintf("The network's response was adopted in full or in part for %d of the %d papers, and the network was told the outcome of %d.",
		e.Influenced, e.Received, e.Learnt)
	return relationships, accountability
}

// MonthCount is one month's count of one type.
type MonthCount struct {
	Month  string // "October 2025"
	Counts []int  // by type, in the order of the types counted
}

// ByMonth counts consultations by month received and kind, newest month
// first.
func ByMonth(cons []Consultation) []MonthCount {
	return byMonth(cons, Kinds, func(c Consultation) (time.Time, string, int) { return c.Received, c.Kind, 1 })
}

// PanelsByMonth lays panel counts out by month and type, newest first.
func PanelsByMonth(panels []Panel) []MonthCount {
	return byMonth(panels, PanelTypes, func(p Panel) (time.Time, string, int) { return p.Month, p.Type, p.Count })
}

// byMonth adds up items by month and type; of each, at says its month,
// its type and how many it counts for.
func byMonth[T any](items []T, types []string, at func(T) (time.Time, string, int)) []MonthCount {
	idx := map[string]int{}
	var out []MonthCount
	var keys []string
	for _, it := range items {
		m, typ, n := at(it)
		k := m.Format("2006-01")
		if _, ok := idx[k]; !ok {
			idx[k] = len(out)
			keys = append(keys, k)
			out = append(out, MonthCount{Month: m.Format("January 2006"), Counts: make([]int, len(types))})
		}
		out[idx[k]].Counts[slices.Index(types, typ)] += n
	}
	order := make([]int, len(out))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(keys[b], keys[a]) })
	sorted := make([]MonthCount, len(out))
	for i, j := range order {
		sorted[i] = out[j]
	}
	return sorted
}
