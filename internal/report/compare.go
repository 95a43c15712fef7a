package report

// Comparison sets two reports side by side — two populations of one
// survey, or two waves of a survey — and tests each difference. It is
// computed from the two published (already suppressed) reports, so it
// shows nothing that they do not.
type Comparison struct {
	A         Side                 `json:"a"`
	B         Side                 `json:"b"`
	Questions []QuestionComparison `json:"questions"`
}

// Side identifies one of the compared reports.
type Side struct {
	Survey      string   `json:"survey"`
	Filters     []Filter `json:"filters"`
	Respondents *int     `json:"respondents"`
	Suppressed  bool     `json:"suppressed"`
}

// QuestionComparison compares one question present in both reports.
type QuestionComparison struct {
	ID      string           `json:"id"`
	Type    string           `json:"type"`
	Title   string           `json:"title"`
	BaseA   *int             `json:"base_a"`
	BaseB   *int             `json:"base_b"`
	Options []Difference     `json:"options,omitempty"`
	Items   []ItemComparison `json:"items,omitempty"`
}

// ItemComparison compares one Likert item.
type ItemComparison struct {
	ID          string       `json:"id"`
	Label       string       `json:"label"`
	BaseA       *int         `json:"base_a"`
	BaseB       *int         `json:"base_b"`
	NetAgree    Difference   `json:"net_agree"`
	NetDisagree Difference   `json:"net_disagree"`
	Options     []Difference `json:"options"`
}

// Difference is one percent in both reports and the pooled two-proportion
// z-test of the difference. Difference, Z and P are null unless both
// percents are shown.
type Difference struct {
	Code        string   `json:"code,omitempty"`
	Label       string   `json:"label,omitempty"`
	PercentA    *float64 `json:"percent_a"`
	PercentB    *float64 `json:"percent_b"`
	Difference  *float64 `json:"difference"` // percentage points, A − B
	Z           *float64 `json:"z"`
	P           *float64 `json:"p"`
	Significant bool     `json:"significant"` // p < 0.05
}

// Compare compares a with b, question by question (matched by id),
// option by option (matched by code).
func Compare(a, b *Report) *Comparison {
	cmp := &Comparison{A: side(a), B: side(b), Questions: []QuestionComparison{}}
	byID := map[string]*Question{}
	for i := range b.Questions {
		byID[b.Questions[i].ID] = &b.Questions[i]
	}
	for i := range a.Questions {
		qa := &a.Questions[i]
		qb := byID[qa.ID]
		if qb == nil || qb.Type != qa.Type || qa.Type == "text" {
			continue
		}
		qc := QuestionComparison{ID: qa.ID, Type: qa.Type, Title: qa.Title, BaseA: qa.Base, BaseB: qb.Base}
		qc.Options = diffOptions(qa.Options, qa.Base, qb.Options, qb.Base)
		items := map[string]*Item{}
		for k := range qb.Items {
			items[qb.Items[k].ID] = &qb.Items[k]
		}
		for k := range qa.Items {
			ia := &qa.Items[k]
			ib := items[ia.ID]
			if ib == nil {
				continue
			}
			qc.Items = append(qc.Items, ItemComparison{ID: ia.ID, Label: ia.Label, BaseA: ia.Base, BaseB: ib.Base,
				NetAgree:    diff(ia.NetAgree, ia.Base, ib.NetAgree, ib.Base),
				NetDisagree: diff(ia.NetDisagree, ia.Base, ib.NetDisagree, ib.Base),
				Options:     diffOptions(ia.Options, ia.Base, ib.Options, ib.Base)})
		}
		cmp.Questions = append(cmp.Questions, qc)
	}
	return cmp
}

func side(r *Report) Side {
	return Side{Survey: r.Survey, Filters: r.Filters, Respondents: r.Respondents, Suppressed: r.Suppressed}
}

func diffOptions(a []Option, baseA *int, b []Option, baseB *int) []Difference {
	var out []Difference
	for _, oa := range a {
		for _, ob := range b {
			if oa.Code == ob.Code {
				d := diff(oa.Figure, baseA, ob.Figure, baseB)
				d.Code, d.Label = oa.Code, oa.Label
				out = append(out, d)
			}
		}
	}
	return out
}

func diff(a Figure, baseA *int, b Figure, baseB *int) Difference {
	d := Difference{PercentA: a.Percent, PercentB: b.Percent}
	if a.Percent == nil || b.Percent == nil || a.Count == nil || b.Count == nil || baseA == nil || baseB == nil {
		return d
	}
	pp := *a.Percent - *b.Percent
	z, p := TwoProportion(*a.Count, *baseA, *b.Count, *baseB)
	d.Difference, d.Z, d.P = &pp, &z, &p
	d.Significant = p < 0.05
	return d
}
