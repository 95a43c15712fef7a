package network

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

//go:embed recommendations.json
var recommendationsJSON []byte

// Level is who a recommendation is for, following the report's three
// groups of recommendations.
type Level string

// Recommendation levels.
const (
	LevelOrganisation Level = "organisation"
	LevelNetwork      Level = "network"
	LevelNational     Level = "national"
)

// Levels lists every level in display order.
var Levels = []Level{LevelOrganisation, LevelNetwork, LevelNational}

var levelLabels = map[Level]string{
	LevelOrganisation: "For the organisation",
	LevelNetwork:      "For the network",
	LevelNational:     "With other networks and nationally",
}

// Label says who the recommendation is for, for people.
func (l Level) Label() string { return labelOf(levelLabels, l) }

// RuleSet is the recommendations file, checked against a questionnaire.
type RuleSet struct {
	Version     int    `json:"version"`
	Description string `json:"description"`
	Rules       []Rule `json:"rules"`

	q *Questionnaire
}

// Rule is one recommendation and when to make it. It fires when every
// condition in All holds and, if Any is not empty, at least one in Any
// does.
type Rule struct {
	ID             string   `json:"id"`
	Level          Level    `json:"level"`
	Priority       int      `json:"priority"` // 1 most urgent
	All            []string `json:"all,omitempty"`
	Any            []string `json:"any,omitempty"`
	Action         string   `json:"action"`
	Explanation    string   `json:"explanation"` // template; see placeholders in docs/networks.md
	ObjectiveTitle string   `json:"objective_title"`
	WRESIndicator  int      `json:"wres_indicator,omitempty"`
	Source         string   `json:"source"` // which of the report's recommendations it follows

	all, any []condition
}

// DefaultRules parses the embedded recommendations.json and checks it
// against q.
func DefaultRules(q *Questionnaire) (*RuleSet, error) {
	return LoadRules(bytes.NewReader(recommendationsJSON), q)
}

// Defaults is the shipped self-assessment: the embedded questionnaire and
// the recommendation rules checked against it.
func Defaults() (*Questionnaire, *RuleSet, error) {
	q, err := DefaultQuestionnaire()
	if err != nil {
		return nil, nil, err
	}
	rs, err := DefaultRules(q)
	if err != nil {
		return nil, nil, err
	}
	return q, rs, nil
}

// LoadRules reads a recommendations file and checks every condition
// against q: a rule that names a question, option score, area, maturity
// level or flag that does not exist is an error naming the rule.
func LoadRules(r io.Reader, q *Questionnaire) (*RuleSet, error) {
	var rs RuleSet
	if err := decodeStrict(r, &rs); err != nil {
		return nil, fmt.Errorf("recommendations file: %w", err)
	}
	rs.q = q
	var errs []error
	seen := map[string]bool{}
	for i := range rs.Rules {
		ru := &rs.Rules[i]
		where := fmt.Sprintf("rule %q", ru.ID)
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s: %s", where, fmt.Sprintf(format, args...)))
		}
		if ru.ID == "" {
			where = fmt.Sprintf("rules[%d]", i)
			bad("no id")
		} else if seen[ru.ID] {
			bad("id used twice")
		}
		seen[ru.ID] = true
		if !slices.Contains(Levels, ru.Level) {
			bad("level %q is not one of organisation, network, national", ru.Level)
		}
		if ru.Priority < 1 || ru.Priority > 3 {
			bad("priority must be 1, 2 or 3")
		}
		if len(ru.All)+len(ru.Any) == 0 {
			bad("no conditions: give all, any or both")
		}
		for _, s := range ru.All {
			c, err := parseCondition(s, q)
			if err != nil {
				bad("%v", err)
			}
			ru.all = append(ru.all, c)
		}
		for _, s := range ru.Any {
			c, err := parseCondition(s, q)
			if err != nil {
				bad("%v", err)
			}
			ru.any = append(ru.any, c)
		}
		if strings.TrimSpace(ru.Action) == "" {
			bad("no action")
		}
		if strings.TrimSpace(ru.ObjectiveTitle) == "" {
			bad("no objective_title")
		}
		if ru.WRESIndicator < 0 || ru.WRESIndicator > 9 {
			bad("wres_indicator must be 1 to 9, or left out")
		}
		if err := checkTemplate(ru.Action, actionPlaceholders); err != nil {
			bad("action: %v", err)
		}
		if !strings.Contains(ru.Explanation, "{reasons}") {
			bad("explanation must contain {reasons}, so that it names what triggered the rule")
		}
		if err := checkTemplate(ru.Explanation, explanationPlaceholders); err != nil {
			bad("explanation: %v", err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("recommendations file: %w", err)
	}
	return &rs, nil
}

var (
	placeholderRE           = regexp.MustCompile(`\{[^{}]*\}`)
	actionPlaceholders      = []string{"{network}", "{national_day}"}
	explanationPlaceholders = []string{"{network}", "{national_day}", "{reasons}"}
)

func checkTemplate(s string, allowed []string) error {
	for _, p := range placeholderRE.FindAllString(s, -1) {
		if !slices.Contains(allowed, p) {
			return fmt.Errorf("unknown placeholder %s (allowed: %s)", p, strings.Join(allowed, ", "))
		}
	}
	return nil
}

// condition kinds.
const (
	condFlag         = "flag"
	condAnswer       = "answer"
	condAreaMaturity = "area maturity"
	condAreaScore    = "area score"
	condType         = "type"
	condDiffer       = "differ"
	condNoAssessment = "no_assessment"
)

type condition struct {
	src   string
	kind  string
	id    string // flag code, question id, area id ("overall" for overall) or type
	op    string
	value float64
}

var ops = []string{"<", "<=", ">", ">=", "==", "!="}

func compare(a float64, op string, b float64) bool {
	switch op {
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	case ">=":
		return a >= b
	case "==":
		return a == b
	case "!=":
		return a != b
	}
	return false
}

// parseCondition reads one condition; the grammar is in
// docs/networks.md:
//
//	flag CODE | CODE
//	answer QUESTION OP N
//	area AREA maturity OP N | area AREA score OP N
//	overall maturity OP N | overall score OP N
//	type TYPE
//	differ | differ area AREA
//	no_assessment
func parseCondition(s string, q *Questionnaire) (condition, error) {
	c := condition{src: s}
	f := strings.Fields(s)
	fail := func(format string, args ...any) (condition, error) {
		return c, fmt.Errorf("condition %q: %s", s, fmt.Sprintf(format, args...))
	}
	num := func(op, n string) (string, float64, error) {
		if !slices.Contains(ops, op) {
			return "", 0, fmt.Errorf("unknown comparison %q (use one of %s)", op, strings.Join(ops, " "))
		}
		v, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return "", 0, fmt.Errorf("%q is not a number", n)
		}
		return op, v, nil
	}
	if len(f) == 0 {
		return fail("empty")
	}
	switch {
	case f[0] == "flag" && len(f) == 2, len(f) == 1 && slices.Contains(FlagCodes, f[0]):
		c.kind, c.id = condFlag, f[len(f)-1]
		if !slices.Contains(FlagCodes, c.id) {
			return fail("unknown flag %q", c.id)
		}
	case f[0] == "answer" && len(f) == 4:
		c.kind, c.id = condAnswer, f[1]
		if _, ok := q.Question(c.id); !ok {
			return fail("unknown question %q", c.id)
		}
		var err error
		if c.op, c.value, err = num(f[2], f[3]); err != nil {
			return fail("%v", err)
		}
		if c.value < 0 || c.value > float64(q.MaxScore) {
			return fail("score %g is outside 0 to %d", c.value, q.MaxScore)
		}
	case (f[0] == "area" && len(f) == 5) || (f[0] == "overall" && len(f) == 4):
		if f[0] == "area" {
			c.id = f[1]
			if _, ok := q.Area(c.id); !ok {
				return fail("unknown area %q", c.id)
			}
			f = f[1:]
		} else {
			c.id = "overall"
		}
		switch f[1] {
		case "maturity":
			c.kind = condAreaMaturity
		case "score":
			c.kind = condAreaScore
		default:
			return fail("expected maturity or score, not %q", f[1])
		}
		var err error
		if c.op, c.value, err = num(f[2], f[3]); err != nil {
			return fail("%v", err)
		}
		if c.kind == condAreaMaturity && (c.value < 1 || c.value > float64(len(q.Maturity))) {
			return fail("maturity level %g is outside 1 to %d", c.value, len(q.Maturity))
		}
		if c.kind == condAreaScore && (c.value < 0 || c.value > float64(q.MaxScore)) {
			return fail("score %g is outside 0 to %d", c.value, q.MaxScore)
		}
	case f[0] == "type" && len(f) == 2:
		c.kind, c.id = condType, f[1]
		if !Type(c.id).Valid() {
			return fail("unknown network type %q", c.id)
		}
	case f[0] == "differ" && len(f) == 1:
		c.kind = condDiffer
	case f[0] == "differ" && len(f) == 3 && f[1] == "area":
		c.kind, c.id = condDiffer, f[2]
		if _, ok := q.Area(c.id); !ok {
			return fail("unknown area %q", c.id)
		}
	case f[0] == "no_assessment" && len(f) == 1:
		c.kind = condNoAssessment
	default:
		return fail("not understood; see docs/networks.md for the conditions a rule may use")
	}
	return c, nil
}

// facts is everything a rule can look at, worked out once per call.
type facts struct {
	q       *Questionnaire
	n       *Network
	a       *Assessment
	flags   []Flag
	result  *Result
	leads   []*Response
	differs ViewDifferences
}

// eval reports whether c holds and, if it does, a sentence saying why
// (empty for conditions that only narrow a rule, such as type).
func (fc *facts) eval(c condition) (bool, string) {
	switch c.kind {
	case condFlag:
		for _, f := range fc.flags {
			if f.Code == c.id {
				return true, f.Message
			}
		}
	case condNoAssessment:
		if fc.a == nil {
			return true, "The network has not completed a self-assessment."
		}
	case condType:
		return fc.n != nil && string(fc.n.Type) == c.id, ""
	case condAnswer:
		if fc.result == nil {
			return false, ""
		}
		v, ok := fc.result.Questions[c.id]
		if !ok || !compare(v, c.op, c.value) {
			return false, ""
		}
		return true, fc.describeAnswer(c.id, v)
	case condAreaMaturity, condAreaScore:
		if fc.result == nil {
			return false, ""
		}
		s := fc.result.Overall
		if c.id != "overall" {
			s, _ = fc.result.AreaByID(c.id)
		}
		if !s.Scored() {
			return false, ""
		}
		v := s.Mean
		if c.kind == condAreaMaturity {
			v = float64(s.Level)
		}
		if !compare(v, c.op, c.value) {
			return false, ""
		}
		return true, fmt.Sprintf("%s is at level %d, %s (a mean of %.2f out of %d).", s.Title, s.Level, s.LevelName, s.Mean, fc.q.MaxScore)
	case condDiffer:
		if c.id == "" {
			if len(fc.differs.Questions) > 0 {
				d := fc.differs.Questions[0]
				return true, fmt.Sprintf("Respondents answered %s far apart, for example %q.", plural(len(fc.differs.Questions), "question"), d.Text)
			}
			if len(fc.differs.Areas) > 0 {
				return true, fmt.Sprintf("Respondents put %s at different maturity levels.", fc.differs.Areas[0].Title)
			}
			return false, ""
		}
		for _, d := range fc.differs.Areas {
			if d.Area == c.id {
				return true, fmt.Sprintf("Respondents put %s at different maturity levels.", d.Title)
			}
		}
	}
	return false, ""
}

// describeAnswer names the answer that triggered a rule: the option the
// leads chose when they agree, the mean otherwise.
func (fc *facts) describeAnswer(id string, mean float64) string {
	qu, _ := fc.q.Question(id)
	var labels []string
	for _, r := range fc.leads {
		if o, ok := qu.Option(r.Answers[id].Value); ok && !slices.Contains(labels, o.Label) {
			labels = append(labels, o.Label)
		}
	}
	if len(labels) == 1 {
		return fmt.Sprintf("To %q the answer was %q.", qu.Text, labels[0])
	}
	return fmt.Sprintf("To %q the leads' answers scored %.1f out of %d on average.", qu.Text, mean, fc.q.MaxScore)
}

// Trigger is one condition that held, with the reason in words.
type Trigger struct {
	Condition string `json:"condition"`
	Reason    string `json:"reason"`
}

// Recommendation is a triggered rule, explained.
type Recommendation struct {
	RuleID         string    `json:"rule_id"`
	Level          Level     `json:"level"`
	Priority       int       `json:"priority"`
	Action         string    `json:"action"`
	Explanation    string    `json:"explanation"`
	Triggers       []Trigger `json:"triggers"`
	ObjectiveTitle string    `json:"objective_title"`
	WRESIndicator  int       `json:"wres_indicator,omitempty"`
	Source         string    `json:"source"`
}

// Recommend evaluates every rule against a network, its latest assessment
// (nil if none) and its records on a given day, and returns the rules
// that fire, most urgent first (then in file order). Each carries the
// reasons that triggered it.
func (rs *RuleSet) Recommend(n *Network, a *Assessment, r *Records, today time.Time) []Recommendation {
	fc := &facts{q: rs.q, n: n, a: a, flags: Flags(n, r, today)}
	if a != nil {
		res := rs.q.Score(a)
		fc.result = &res
		fc.differs = rs.q.Differences(a)
		for i := range a.Responses {
			if a.Responses[i].Role == RespondentLead {
				fc.leads = append(fc.leads, &a.Responses[i])
			}
		}
	}
	name := "the network"
	if n != nil && n.Name != "" {
		name = n.Name
	}
	nd := FormatDate(NationalDayForStaffNetworks(Day(today)))
	fill := func(s, reasons string) string {
		return strings.NewReplacer("{network}", name, "{national_day}", nd, "{reasons}", reasons).Replace(s)
	}

	var out []Recommendation
	for _, ru := range rs.Rules {
		var trig []Trigger
		ok := true
		for _, c := range ru.all {
			held, why := fc.eval(c)
			if !held {
				ok = false
				break
			}
			if why != "" {
				trig = append(trig, Trigger{c.src, why})
			}
		}
		if !ok {
			continue
		}
		if len(ru.any) > 0 {
			anyHeld := false
			for _, c := range ru.any {
				if held, why := fc.eval(c); held {
					anyHeld = true
					if why != "" {
						trig = append(trig, Trigger{c.src, why})
					}
				}
			}
			if !anyHeld {
				continue
			}
		}
		reasons := make([]string, len(trig))
		for i, t := range trig {
			reasons[i] = t.Reason
		}
		out = append(out, Recommendation{
			RuleID:         ru.ID,
			Level:          ru.Level,
			Priority:       ru.Priority,
			Action:         fill(ru.Action, ""),
			Explanation:    strings.TrimSpace(fill(ru.Explanation, strings.Join(reasons, " "))),
			Triggers:       trig,
			ObjectiveTitle: ru.ObjectiveTitle,
			WRESIndicator:  ru.WRESIndicator,
			Source:         ru.Source,
		})
	}
	slices.SortStableFunc(out, func(a, b Recommendation) int { return a.Priority - b.Priority })
	return out
}

// Objective turns an accepted recommendation into a work-plan objective,
// not started, owned by owner and due on due (zero for no date).
func (r Recommendation) Objective(owner string, due time.Time) Objective {
	return Objective{
		Title:         r.ObjectiveTitle,
		WRESIndicator: r.WRESIndicator,
		Owner:         owner,
		Due:           Day(due),
		Status:        NotStarted,
		FromRule:      r.RuleID,
	}
}

// NationalDayForStaffNetworks returns the next National Day for Staff
// Networks on or after today: the second Wednesday in May.
func NationalDayForStaffNetworks(today time.Time) time.Time {
	today = Day(today)
	for y := today.Year(); ; y++ {
		d := Date(y, time.May, 1)
		for d.Weekday() != time.Wednesday {
			d = d.AddDate(0, 0, 1)
		}
		d = d.AddDate(0, 0, 7)
		if !d.Before(today) {
			return d
		}
	}
}
