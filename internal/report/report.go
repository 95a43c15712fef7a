package report

import (
	"fmt"
	"math/bits"
	"slices"

	"staffnet/internal/survey"
)

// Report is the published form of a survey's findings for one population:
// the JSON contract of docs/report-json.md. Every count, base and percent
// is a pointer so that a suppressed figure is JSON null, never 0.
type Report struct {
	Survey      string     `json:"survey"`
	Title       string     `json:"title"`
	Filters     []Filter   `json:"filters"`
	Threshold   int        `json:"threshold"` // 0 when disclosure control is off
	Respondents *int       `json:"respondents"`
	Suppressed  bool       `json:"suppressed"`
	By          *By        `json:"by,omitempty"`
	Questions   []Question `json:"questions"`
	// Unit is what a count counts, plural, for the words around the
	// figures: Options.Unit. Not in the JSON contract.
	Unit string `json:"-"`
}

// People is what r's counts count: "people" unless Options.Unit said
// otherwise ("networks" for the national picture of networks).
func (r *Report) People() string { return unitOr(r.Unit) }

func unitOr(u string) string {
	if u == "" {
		return "people"
	}
	return u
}

// By describes the columns of a crosstab.
type By struct {
	Question string     `json:"question"`
	Item     string     `json:"item,omitempty"`
	Title    string     `json:"title"`
	Type     string     `json:"type"`
	Columns  []ByColumn `json:"columns"`
}

// NotAnswered is the code of the crosstab column for respondents who did
// not answer the "by" question. It cannot clash with an option code,
// which always starts with a letter.
const NotAnswered = "_not_answered"

// ByColumn is one column of a crosstab: the respondents in the population
// who gave one answer to the "by" question.
type ByColumn struct {
	Code        string `json:"code"`
	Label       string `json:"label"`
	Respondents *int   `json:"respondents"`
	Suppressed  bool   `json:"suppressed"`
}

// Question holds the figures for one question over the whole population,
// and, in a crosstab, per column of the "by" question.
type Question struct {
	ID         string   `json:"id"`
	Type       string   `json:"type"`
	Title      string   `json:"title"`
	Base       *int     `json:"base"`
	Suppressed bool     `json:"suppressed"`
	Options    []Option `json:"options,omitempty"`
	Items      []Item   `json:"items,omitempty"`
	By         []Column `json:"by,omitempty"`
}

// Column is a question's figures within one crosstab column; Code matches
// a ByColumn. Percents are column percents: of the column's base.
type Column struct {
	Code       string   `json:"code"`
	Base       *int     `json:"base"`
	Suppressed bool     `json:"suppressed"`
	Options    []Option `json:"options,omitempty"`
	Items      []Item   `json:"items,omitempty"`
}

// Item is one row of a Likert matrix.
type Item struct {
	ID          string   `json:"id"`
	Label       string   `json:"label"`
	Base        *int     `json:"base"`
	Suppressed  bool     `json:"suppressed"`
	NetAgree    Figure   `json:"net_agree"`
	NetDisagree Figure   `json:"net_disagree"`
	Options     []Option `json:"options"`
}

// Option is one answer's figures.
type Option struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	Figure
}

// Figure is a count out of a base, with its percent (0–100, unrounded)
// and 95% Wilson interval. All three are null when suppressed.
type Figure struct {
	Count      *int        `json:"count"`
	Percent    *float64    `json:"percent"`
	CI95       *[2]float64 `json:"ci95"`
	Suppressed bool        `json:"suppressed"`
}

// Options choose the population and presentation of a report.
type Options struct {
	Filters []Filter
	// By names the question (or question.item for a Likert item) whose
	// answers become crosstab columns; empty for no crosstab.
	By string
	// Threshold is the smallest population, base or cell shown; 0 means
	// DefaultThreshold.
	Threshold int
	// Unsuppressed turns disclosure control off, for analysts' working
	// views only. Never publish such a report.
	Unsuppressed bool
	// Unit is what a row of the dataset is, plural ("networks"), for
	// the words of suppression and refusal; empty means people.
	Unit string
}

// Report computes the figures for the population opt selects.
func (ds *Dataset) Report(opt Options) (*Report, error) {
	cf, err := ds.compile(opt.Filters)
	if err != nil {
		return nil, err
	}
	sel := ds.selectRows(cf, selection{all: true})
	b := &builder{ds: ds, def: ds.def, thr: opt.Threshold, off: opt.Unsuppressed}
	if b.thr <= 0 {
		b.thr = DefaultThreshold
	}
	if b.off {
		b.thr = 0
	}
	if opt.By != "" {
		if err := b.setBy(opt.By); err != nil {
			return nil, err
		}
	}
	switch {
	case b.by == nil:
		b.tallies = []*tally{ds.count(sel)}
	case b.by.q.Type != survey.Multiple:
		b.tallies = ds.countGrouped(sel, b.by)
	default:
		// Overlapping columns: one selection each.
		b.tallies = []*tally{ds.count(sel)}
		for _, s := range b.splitBy(sel) {
			b.tallies = append(b.tallies, ds.count(s))
		}
	}
	if b.by != nil && !b.off {
		// The figures for everyone are those of the same view without the
		// breakdown, shown and hidden alike: anyone who may ask for one
		// may ask for the other, so hiding one of them here would protect
		// nothing, and the breakdown protects its own cells around them
		// (see overall.go). The whole population's tally serves both.
		ob := &builder{ds: ds, def: ds.def, thr: b.thr, tallies: b.tallies[:1]}
		b.overall = ob.build()
	}
	r := b.build()
	r.Unit = opt.Unit
	r.Filters = slices.Clone(opt.Filters)
	if r.Filters == nil {
		r.Filters = []Filter{}
	}
	return r, nil
}

type builder struct {
	ds      *Dataset
	def     *survey.Definition
	thr     int
	off     bool
	by      *column // crosstab column, or nil
	bySlot  int
	tallies []*tally // [0] the whole population, then one per by-column
	// routeHide marks, per routed question id and column, a base that
	// must be hidden to protect the question that routes to it.
	routeHide map[string][]bool
	// overall is the same view without the breakdown (nil without one, or
	// with disclosure control off): it decides which figures for
	// everyone are shown.
	overall *Report
}

func (b *builder) setBy(s string) error {
	f, err := ParseFilter(s + "=x")
	if err != nil {
		return fmt.Errorf("%w: by %q", ErrBadFilter, s)
	}
	q := b.def.Question(f.Question)
	if q == nil || q.Type == survey.Text {
		return fmt.Errorf("%w: by %q is not a choice question of survey %s", ErrBadFilter, s, b.def.Slug)
	}
	slot := q.Slot()
	if q.Type == survey.Likert {
		k := slices.IndexFunc(q.Items, func(it survey.Item) bool { return it.ID == f.Item })
		if k < 0 {
			return fmt.Errorf("%w: by %q: give a Likert item as %s.ITEM", ErrBadFilter, s, q.ID)
		}
		slot += k
	} else if f.Item != "" {
		return fmt.Errorf("%w: by %q: %s has no items", ErrBadFilter, s, q.ID)
	}
	b.by, b.bySlot = &b.ds.cols[slot], slot
	return nil
}

// additive reports whether crosstab columns partition the population, so
// that a row of cells adds up to the whole-population figure.
func (b *builder) additive() bool { return b.by != nil && b.by.q.Type != survey.Multiple }

// splitBy divides sel into one selection per by-column: the options in
// order, then not answered. For multiple choice the columns overlap.
func (b *builder) splitBy(sel selection) []selection {
	c := b.by
	nopt := len(c.q.Options)
	rows := make([][]uint32, nopt+1)
	put := func(i uint32) {
		v := c.value(int(i))
		switch {
		case v == 0:
			rows[nopt] = append(rows[nopt], i)
		case c.q.Type == survey.Multiple:
			for ; v != 0; v &= v - 1 {
				k := bits.TrailingZeros64(v)
				rows[k] = append(rows[k], i)
			}
		default:
			rows[v-1] = append(rows[v-1], i)
		}
	}
	if sel.all {
		for i := 0; i < b.ds.n; i++ {
			put(uint32(i))
		}
	} else {
		for _, i := range sel.rows {
			put(i)
		}
	}
	out := make([]selection, len(rows))
	for k := range rows {
		out[k] = selection{rows: rows[k]}
	}
	return out
}

func (b *builder) build() *Report {
	def := b.def
	r := &Report{Survey: def.Slug, Title: def.Title, Threshold: b.thr}
	ncol := len(b.tallies)
	pops := make([]int, ncol)
	for c, t := range b.tallies {
		pops[c] = t.n
	}
	// The population row and the by-question's own figures describe the
	// same people; whatever one hides the other must hide too, so repeat
	// until they agree.
	forced := make([]bool, ncol)
	for {
		colSupp := b.protectPopulations(pops, forced)
		b.routeHide = map[string][]bool{}
		r.Questions = r.Questions[:0]
		var byCells []bool
		for _, q := range def.Questions() {
			qr, cells := b.question(q, colSupp)
			r.Questions = append(r.Questions, qr)
			if cells != nil {
				byCells = cells
			}
		}
		again := false
		// byCells: one per option, then the by question's base. A hidden
		// base hides every column, not answered included (its size is
		// respondents − base).
		for j, hidden := range byCells {
			col := j + 1
			if j == len(byCells)-1 {
				col = ncol - 1
				if hidden {
					for c := 1; c < ncol; c++ {
						if !forced[c] {
							forced[c], again = true, true
						}
					}
				}
			}
			if hidden && !colSupp[col] && !forced[col] {
				forced[col] = true
				again = true
			}
		}
		if !again {
			r.Respondents = b.fig(pops[0], colSupp[0])
			r.Suppressed = colSupp[0]
			if b.by != nil {
				r.By = b.byInfo(r, pops, colSupp)
			}
			return r
		}
	}
}

func (b *builder) fig(v int, hidden bool) *int {
	if hidden {
		return nil
	}
	return &v
}

// protectPopulations decides which columns (0 = whole population) are
// hidden outright.
func (b *builder) protectPopulations(pops []int, forced []bool) []bool {
	if b.off {
		return make([]bool, len(pops))
	}
	if b.overall != nil {
		return b.overallPopulations(pops, forced)
	}
	t := &table{t: b.thr}
	for c, n := range pops {
		t.add(n)
		t.s[c] = forced[c] || t.small(n) || (c == 0 && n < b.thr)
	}
	if t.s[0] {
		clear(t.v) // everything hides with the whole population
		for c := range t.s {
			t.s[c] = true
		}
		return t.s
	}
	if b.additive() {
		// The last column (not answered) is left out: its size is
		// respondents − base of the by question, public anyway. The
		// others add up to that base.
		t.groups = append(t.groups, group{members: seq(1, len(pops)-1), total: -1})
	}
	t.protect(nil)
	return t.s
}

func seq(lo, hi int) []int {
	s := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		s = append(s, i)
	}
	return s
}

func (b *builder) byInfo(r *Report, pops []int, colSupp []bool) *By {
	q := b.by.q
	// Whoever can see the by question's base can work out how many did
	// not answer it, so that count is shown whenever the base is (its
	// column's figures are still hidden when it is small).
	var byBase *int
	for _, qr := range r.Questions {
		if qr.ID == q.ID {
			byBase = qr.Base
			if b.by.item >= 0 {
				byBase = qr.Items[b.by.item].Base
			}
		}
	}
	by := &By{Question: q.ID, Title: q.Title, Type: string(q.Type)}
	if b.by.item >= 0 {
		by.Item = q.Items[b.by.item].ID
		by.Title += " — " + q.Items[b.by.item].Label
	}
	for j := 1; j < len(pops); j++ {
		code, label := NotAnswered, "Not answered"
		if j-1 < len(q.Options) {
			code, label = q.Options[j-1].Code, q.Options[j-1].Label
		}
		n := b.fig(pops[j], colSupp[j])
		if code == NotAnswered && byBase != nil && !colSupp[0] {
			n = b.fig(pops[j], false)
		}
		by.Columns = append(by.Columns, ByColumn{Code: code, Label: label, Respondents: n, Suppressed: colSupp[j]})
	}
	return by
}

func (b *builder) colCode(c int) string {
	if c-1 < len(b.by.q.Options) {
		return b.by.q.Options[c-1].Code
	}
	return NotAnswered
}

// question builds one question's figures. When q (or its item) is the
// crosstab's by-column it also returns which of its whole-population
// option cells are hidden.
func (b *builder) question(q *survey.Question, colSupp []bool) (Question, []bool) {
	ncol := len(b.tallies)
	out := Question{ID: q.ID, Type: string(q.Type), Title: q.Title}
	cols := make([]Column, ncol)
	var byCells, byItemCells []bool
	switch q.Type {
	case survey.Single, survey.Multiple:
		u := b.unit(q, q.Slot(), colSupp, nil)
		for c := range u.baseIdx {
			cols[c] = Column{Base: u.base(c), Suppressed: u.baseHidden(c), Options: u.options(c)}
		}
		if b.by != nil && b.bySlot == q.Slot() {
			byCells = u.overallHidden()
		}
	case survey.Likert:
		bases := b.baseOnly(q, colSupp)
		for c := range cols {
			cols[c] = Column{Base: b.fig(bases.v[c], bases.s[c]), Suppressed: bases.s[c]}
		}
		parent := &parentBases{v: bases.v[:ncol], s: bases.s[:ncol]}
		for i, it := range q.Items {
			u := b.unit(q, q.Slot()+i, colSupp, parent)
			for c := range cols {
				if c > 0 && b.bySlot == q.Slot()+i && b.by != nil {
					continue // the by item against itself
				}
				na, nd := u.nets(c)
				cols[c].Items = append(cols[c].Items, Item{ID: it.ID, Label: it.Label,
					Base: u.base(c), Suppressed: u.baseHidden(c), NetAgree: na, NetDisagree: nd,
					Options: u.options(c)})
			}
			if b.by != nil && b.bySlot == q.Slot()+i {
				byItemCells = u.overallHidden()
			}
		}
	case survey.Text:
		bases := b.baseOnly(q, colSupp)
		for c := range cols {
			cols[c] = Column{Base: b.fig(bases.v[c], bases.s[c]), Suppressed: bases.s[c]}
		}
	}
	out.Base, out.Suppressed = cols[0].Base, cols[0].Suppressed
	out.Options, out.Items = cols[0].Options, cols[0].Items
	// The by question against itself is only its own figures again, so
	// it has no columns.
	if byCells == nil {
		for c := 1; c < ncol; c++ {
			cols[c].Code = b.colCode(c)
			out.By = append(out.By, cols[c])
		}
	}
	if byItemCells != nil {
		byCells = byItemCells
	}
	return out, byCells
}

// baseOnly protects a row of bases (a Likert question's "answered any
// item", a text question's "wrote something").
func (b *builder) baseOnly(q *survey.Question, colSupp []bool) *table {
	t := &table{t: b.thr}
	for c, tl := range b.tallies {
		v := int(tl.any[q.Index()])
		t.add(v)
		t.s[c] = !b.off && (colSupp[c] || t.small(v) || b.routeHidden(q, c))
	}
	if b.off {
		return t
	}
	ncol := len(b.tallies)
	var pops, nonresp []int
	for c, tl := range b.tallies {
		pops = append(pops, b.popCell(t, tl.n, c, colSupp))
		nonresp = append(nonresp, t.bound(c, pops[c]))
	}
	if b.additive() {
		t.groups = append(t.groups, group{members: seq(1, ncol), total: 0},
			group{members: pops[1:], total: pops[0], audit: true})
	} else {
		// Overlapping columns: each is part of the whole (see unit).
		for c := 1; c < ncol; c++ {
			t.bound(c, 0)
			t.bound(nonresp[c], nonresp[0])
		}
	}
	if of, ok := b.fixedOverall(q, -1); ok {
		t.s[0], t.fixed[0] = of.base, true
		t.keepOverall(0)
	}
	t.protect(nil)
	return t
}
