// Package maturity is the national picture of staff networks: how mature
// they say they are in each CRAFT area and overall, by region and network
// type and over time; the share with a sponsor, current terms of
// reference, a work plan, facility time of at least half a day a week and
// a budget; and how often each recommendation fires and
// is accepted, dismissed or done.
//
// It adds no statistics of its own. Each network becomes one "response"
// to a survey definition made for the purpose (region, type, the levels,
// yes/no for each record, the recommendations as multiple choice), so
// every figure goes through the report engine's disclosure control: a
// group of fewer than 11 networks is suppressed, small cells with it,
// and a view whose complement is small is refused, exactly as survey
// findings are.
package maturity

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/report"
	"staffnet/internal/survey"
)

// Network is what the national picture needs of one network.
type Network struct {
	Org, Region  string       // ODS code and NHS England region code
	Type         network.Type //
	HasSponsor   bool
	TermsCurrent bool // terms of reference approved and not past their review date
	WorkPlan     bool // a work plan with at least one objective
	// FacilityTime: a leader in role this week is agreed at least
	// facility.Recommended hours a week.
	FacilityTime bool
	// Budget: money allocated to the network this financial year.
	Budget bool
	// Results are the network's scored assessments, oldest first.
	Results []network.Result
	// Recommendations that fire today, and those accepted into the work
	// plan, set aside, and whose objective is done.
	Fired, Accepted, Dismissed, Done []string
}

// Slug is the made-up survey's slug, shown in downloads.
const Slug = "network-maturity"

// Unit is what the picture counts, for report.Options.Unit: its
// suppression and refusal messages speak of networks, not people.
const Unit = "networks"

// ThisOrg and OtherOrg are the options of the "org" question: a view for
// one organisation marks its networks "this" (an organisation list would
// not fit in a question's 63 options).
const (
	ThisOrg  = "this"
	OtherOrg = "other"
)

// Picture builds definitions and datasets for one questionnaire and rule
// set.
type Picture struct {
	q     *network.Questionnaire
	rules []network.Rule
}

// New returns a Picture for questionnaire q and rules.
func New(q *network.Questionnaire, rules []network.Rule) *Picture {
	return &Picture{q: q, rules: rules}
}

func areaQuestion(id string) string { return "area_" + id }
func levelCode(l int) string        { return "level_" + strconv.Itoa(l) }
func yearCode(y int) string         { return "y" + strconv.Itoa(y) }

var yesNo = []survey.Option{{Code: "yes", Label: "Yes"}, {Code: "no", Label: "No"}}

// Definition is the made-up survey for these networks: regions and years
// are those that occur.
func (p *Picture) Definition(nets []Network) (*survey.Definition, error) {
	regions, years := map[string]bool{}, map[int]bool{}
	for _, n := range nets {
		regions[n.Region] = true
		for _, r := range n.Results {
			years[r.Date.Year()] = true
		}
	}
	var levels []survey.Option
	for _, m := range p.q.Maturity {
		levels = append(levels, survey.Option{Code: levelCode(m.Level), Label: m.Name})
	}
	who := survey.Page{ID: "network", Title: "Networks", Questions: []survey.Question{
		choice("region", "Region", regionOptions(regions)),
		choice("type", "Network type", typeOptions()),
		choice("org", "Organisation", []survey.Option{{Code: ThisOrg, Label: "This organisation"}, {Code: OtherOrg, Label: "Other organisations"}}),
		choice("year", "Year of the assessment", yearOptions(years)),
	}}
	mat := survey.Page{ID: "maturity", Title: "Self-assessed maturity"}
	for _, a := range p.q.Areas {
		mat.Questions = append(mat.Questions, choice(areaQuestion(a.ID), "Maturity: "+a.Title, levels))
	}
	mat.Questions = append(mat.Questions, choice("overall", "Maturity overall", levels))
	gov := survey.Page{ID: "records", Title: "Governance records", Questions: []survey.Question{
		choice("sponsor", "Has an executive sponsor", yesNo),
		choice("terms_current", "Has current terms of reference", yesNo),
		choice("work_plan", "Has a work plan", yesNo),
		choice("facility_time", "Has facility time of at least half a day a week", yesNo),
		choice("budget", "Has a budget this financial year", yesNo),
	}}
	var recs []survey.Option
	for _, r := range p.rules {
		recs = append(recs, survey.Option{Code: r.ID, Label: r.Action})
	}
	recs = append(recs, survey.Option{Code: "none", Label: "None", Exclusive: true})
	rec := survey.Page{ID: "recommendations", Title: "Recommendations"}
	for _, k := range recKinds {
		q := choice("rec_"+k.id, k.title, recs)
		q.Type = survey.Multiple
		rec.Questions = append(rec.Questions, q)
	}
	def := survey.Definition{Format: survey.FormatVersion, Slug: Slug, Title: "Staff network maturity", Pages: []survey.Page{who, mat, gov, rec}}
	b, err := json.Marshal(&def)
	if err != nil {
		return nil, err
	}
	return survey.Parse(b)
}

var recKinds = []struct{ id, title string }{
	{"fired", "Recommendations made now"},
	{"accepted", "Recommendations accepted into the work plan"},
	{"dismissed", "Recommendations set aside as not relevant"},
	{"done", "Recommendations done (objective complete)"},
}

func choice(id, title string, opts []survey.Option) survey.Question {
	return survey.Question{ID: id, Type: survey.Single, Title: title, Options: opts}
}

func regionOptions(seen map[string]bool) []survey.Option {
	var out []survey.Option
	for code := range seen {
		name := orgs.Regions[code]
		if name == "" {
			name = code
		}
		out = append(out, survey.Option{Code: strings.ToLower(code), Label: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	// A question needs two options; a second, empty region keeps a
	// one-region picture valid.
	if len(out) < 2 {
		out = append(out, survey.Option{Code: "none", Label: "No region"})
	}
	return out
}

func typeOptions() []survey.Option {
	var out []survey.Option
	for _, t := range network.Types {
		out = append(out, survey.Option{Code: string(t), Label: t.Label()})
	}
	return out
}

func yearOptions(seen map[int]bool) []survey.Option {
	var ys []int
	for y := range seen {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	var out []survey.Option
	for _, y := range ys {
		out = append(out, survey.Option{Code: yearCode(y), Label: strconv.Itoa(y)})
	}
	for len(out) < 2 {
		out = append(out, survey.Option{Code: fmt.Sprintf("none%d", len(out)), Label: "No assessment"})
	}
	return out
}

// Current is the dataset of the networks as they are now: one row each,
// with its latest assessment. org ("" for none) is the organisation whose
// networks the "org" question marks ThisOrg.
func (p *Picture) Current(def *survey.Definition, nets []Network, org string) (*report.Dataset, error) {
	ds := report.NewDataset(def)
	for _, n := range nets {
		r := p.row(def, n, org)
		if len(n.Results) > 0 {
			p.levels(def, r, n.Results[len(n.Results)-1])
		}
		yn := func(id string, v bool) {
			code := "no"
			if v {
				code = "yes"
			}
			set(def, r, id, code)
		}
		yn("sponsor", n.HasSponsor)
		yn("terms_current", n.TermsCurrent)
		yn("work_plan", n.WorkPlan)
		yn("facility_time", n.FacilityTime)
		yn("budget", n.Budget)
		for i, list := range [][]string{n.Fired, n.Accepted, n.Dismissed, n.Done} {
			q := def.Question("rec_" + recKinds[i].id)
			var v uint64
			for _, id := range list {
				if k := q.OptionIndex(id); k >= 0 {
					v |= 1 << uint(k)
				}
			}
			if v == 0 {
				v = 1 << uint(q.OptionIndex("none"))
			}
			r.Slots[q.Slot()] = v
		}
		if err := ds.Append(r); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// History is the dataset over time: one row per network and year in which
// it assessed itself, with that year's latest assessment; break it down
// by "year".
func (p *Picture) History(def *survey.Definition, nets []Network, org string) (*report.Dataset, error) {
	ds := report.NewDataset(def)
	for _, n := range nets {
		for i, res := range n.Results {
			if i+1 < len(n.Results) && n.Results[i+1].Date.Year() == res.Date.Year() {
				continue // a later assessment the same year stands for it
			}
			r := p.row(def, n, org)
			set(def, r, "year", yearCode(res.Date.Year()))
			p.levels(def, r, res)
			if err := ds.Append(r); err != nil {
				return nil, err
			}
		}
	}
	return ds, nil
}

// row starts a network's row: region, type and organisation.
func (p *Picture) row(def *survey.Definition, n Network, org string) *survey.Response {
	r := def.NewResponse()
	r.SubmittedOn = "2000-01-01" // no dates: the picture is not a survey's arrivals
	set(def, r, "region", strings.ToLower(n.Region))
	set(def, r, "type", string(n.Type))
	o := OtherOrg
	if org != "" && n.Org == org {
		o = ThisOrg
	}
	set(def, r, "org", o)
	return r
}

func (p *Picture) levels(def *survey.Definition, r *survey.Response, res network.Result) {
	for _, a := range res.Areas {
		if a.Scored() {
			set(def, r, areaQuestion(a.Area), levelCode(a.Level))
		}
	}
	if res.Overall.Scored() {
		set(def, r, "overall", levelCode(res.Overall.Level))
	}
}

// set answers single-choice question id with option code; an unknown
// code leaves it unanswered.
func set(def *survey.Definition, r *survey.Response, id, code string) {
	q := def.Question(id)
	if k := q.OptionIndex(code); k >= 0 {
		r.Slots[q.Slot()] = uint64(k + 1)
	}
}

// Only keeps a report's questions whose ids start with one of prefixes,
// for a page that shows part of the picture (over time: the levels).
func Only(rep *report.Report, prefixes ...string) {
	var keep []report.Question
	for _, q := range rep.Questions {
		for _, p := range prefixes {
			if strings.HasPrefix(q.ID, p) {
				keep = append(keep, q)
				break
			}
		}
	}
	rep.Questions = keep
}
