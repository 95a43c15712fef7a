package report

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"time"

	"staffnet/internal/survey"
)

// Disclosure control across reports. Each report protects its own figures
// (sdc.go); these rules stop two or more reports from being set against
// each other. They are documented in docs/report-json.md ("What
// disclosure control guarantees, and what it does not").

// ErrDisclosure is wrapped by every DisclosureError.
var ErrDisclosure = errors.New("would disclose a group of fewer than the threshold")

// DisclosureError says, in plain words for the person who asked, why a
// view may not be shown or published.
type DisclosureError struct{ Reason string }

func (e *DisclosureError) Error() string { return e.Reason }
func (e *DisclosureError) Unwrap() error { return ErrDisclosure }

func refuse(format string, a ...any) error { return &DisclosureError{fmt.Sprintf(format, a...)} }

// CheckView applies the filter-complement rule to the population opt
// chooses. Otherwise the view, set against the one without that filter
// (or without that answer), would give the answers of the few in between.
//   - The population may not leave out between 1 and threshold−1 of the
//     survey's respondents.
//   - No filter may remove between 1 and threshold−1 respondents from the
//     population the other filters leave.
//   - No answer chosen in a filter may add between 1 and threshold−1
//     respondents to what the filter's other answers give: "every region
//     but one" is allowed only if "every region" is.
func (ds *Dataset) CheckView(opt Options) error {
	cf, err := ds.compile(opt.Filters)
	if err != nil {
		return err
	}
	thr := threshold(opt)
	small := func(d int) bool { return d > 0 && d < thr }
	count := func(fs []Filter) int {
		c, _ := ds.compile(fs)
		return ds.selectRows(c, selection{all: true}).len(ds.n)
	}
	pop := ds.selectRows(cf, selection{all: true}).len(ds.n)
	people := unitOr(opt.Unit)
	if small(ds.n - pop) {
		return refuse("This view leaves out fewer than %d of the %s %s in the data, so setting it beside the figures for everyone would reveal the answers of the few it leaves out.", thr, thousands(ds.n), people)
	}
	for i, f := range opt.Filters {
		rest := slices.Delete(slices.Clone(opt.Filters), i, i+1)
		if len(opt.Filters) > 1 && small(count(rest)-pop) {
			return refuse("The choice “%s” leaves out fewer than %d %s from the group the other choices make, so the view with and without it could be compared to reveal their answers.", ds.filterLabel(f), thr, people)
		}
		if len(f.Codes) < 2 {
			continue
		}
		for k, code := range f.Codes {
			fewer := slices.Clone(opt.Filters)
			fewer[i].Codes = slices.Delete(slices.Clone(f.Codes), k, k+1)
			if small(pop - count(fewer)) {
				return refuse("Including the answer “%s” adds fewer than %d %s to this view, so the view with and without it could be compared to reveal their answers. Leave that answer out, or choose more %s.", ds.optionLabel(f, code), thr, people, people)
			}
		}
	}
	return nil
}

// filterLabel names a filter for a message: its question's title.
func (ds *Dataset) filterLabel(f Filter) string {
	if q := ds.def.Question(f.Question); q != nil {
		return q.Title
	}
	return f.String()
}

func (ds *Dataset) optionLabel(f Filter, code string) string {
	if q := ds.def.Question(f.Question); q != nil {
		if k := q.OptionIndex(code); k >= 0 {
			return q.Options[k].Label
		}
	}
	return code
}

func threshold(opt Options) int {
	if opt.Threshold > 0 {
		return opt.Threshold
	}
	return DefaultThreshold
}

// Prior is a view published earlier, as it was published.
type Prior struct {
	Title       string
	PublishedOn string // YYYY-MM-DD
	Report      *Report
}

func (p Prior) name() string {
	d, err := time.Parse(time.DateOnly, p.PublishedOn)
	if err != nil {
		return fmt.Sprintf("“%s”", p.Title)
	}
	return fmt.Sprintf("“%s” (published %s)", p.Title, d.Format("2 January 2006"))
}

// Audit checks rep, a report made from ds about to be published (and
// whose options passed CheckView: publishing runs both), against
// every view of the same survey published before: taken together, their
// figures must not give away the size of a group of 1 to threshold−1
// respondents, nor any figure that one of them hides. It returns a
// *DisclosureError naming the first problem, in plain words, or nil.
//
// A prior view is recomputed on ds; if the people it counted have changed
// since (more responses arrived), its exact population is unknown and
// nothing more can be published safely beside it.
func (ds *Dataset) Audit(rep *Report, priors []Prior) error {
	if rep.Threshold == 0 {
		return refuse("This view has disclosure control turned off and can never be published.")
	}
	nv, err := ds.auditView(rep)
	if err != nil {
		return err
	}
	thr := rep.Threshold
	if f := ds.auditViews([]*auditView{nv}, thr); f != nil {
		if f.population {
			return refuse("In this view, the counts shown single out a group of fewer than %d people (often the few who did not answer the breakdown question), whose answers could then be worked out.", thr)
		}
		if f.group != "" {
			return refuse("In this view, the figures shown would reveal a group of fewer than %d people: %s.", thr, f.group)
		}
		return refuse("In this view, %s can be worked out from the figures shown.", f.what)
	}
	var all []*auditView
	for _, p := range priors {
		if p.Report == nil || p.Report.Survey != rep.Survey {
			continue
		}
		v, err := ds.auditView(p.Report)
		if err != nil {
			return refuse("%s was made from another version of this survey's questions, so the people it counted cannot be worked out today; publishing another view beside it could reveal a small group's answers by subtraction.", p.name())
		}
		if !v.same() {
			return refuse("Responses have arrived since %s was published, so the people it counted cannot be told apart from the newcomers; publishing another view beside it could reveal the newcomers' answers by subtraction.", p.name())
		}
		v.prior = &p
		if f := ds.auditViews([]*auditView{nv, v}, thr); f != nil {
			if f.population {
				return refuse("This view and %s differ by fewer than %d people, so subtracting one from the other would reveal those people's answers.", p.name(), thr)
			}
			if f.group != "" {
				return refuse("Together with %s, this view would show a group of fewer than %d people: %s.", p.name(), thr, f.group)
			}
			return refuse("This view and %s, set side by side, give away %s, which is hidden because it could identify people.", p.name(), f.what)
		}
		all = append(all, v)
	}
	if len(all) > 1 {
		if f := ds.auditViews(append([]*auditView{nv}, all...), thr); f != nil {
			if f.population {
				return refuse("This view and the %d views of this survey already published, combined, single out a group of fewer than %d people, whose answers their figures would reveal.", len(all), thr)
			}
			if f.group != "" {
				return refuse("This view and the %d views of this survey already published, combined, would show a group of fewer than %d people: %s.", len(all), thr, f.group)
			}
			return refuse("This view and the %d views of this survey already published, combined, give away %s, which is hidden because it could identify people.", len(all), f.what)
		}
	}
	return nil
}

// finding is what auditViews found: a small group (population), one
// hidden figure (what), or a small group within a group the views tell
// apart (group, described).
type finding struct {
	population bool
	what       string
	group      string
}

// auditView is one report's populations (the whole, then each crosstab
// column) with, for each, the published report's figures and the true
// ones.
type auditView struct {
	prior *Prior
	rep   *Report // as published
	truth *Report // the same view, unsuppressed
	pops  []selection
	shown []*int // published respondents per population
	real  []int  // true respondents per population
}

// same reports whether every published population count is what the
// view counts today.
func (v *auditView) same() bool {
	for i, n := range v.shown {
		if n != nil && *n != v.real[i] {
			return false
		}
	}
	return true
}

func (ds *Dataset) auditView(rep *Report) (*auditView, error) {
	opt := Options{Filters: rep.Filters, Unsuppressed: true}
	if rep.By != nil {
		opt.By = rep.By.Question
		if rep.By.Item != "" {
			opt.By += "." + rep.By.Item
		}
	}
	truth, err := ds.Report(opt)
	if err != nil {
		return nil, err
	}
	cf, _ := ds.compile(rep.Filters)
	sel := ds.selectRows(cf, selection{all: true})
	v := &auditView{rep: rep, truth: truth, pops: []selection{sel}, shown: []*int{rep.Respondents}, real: []int{sel.len(ds.n)}}
	if rep.By != nil {
		b := &builder{ds: ds, def: ds.def}
		if err := b.setBy(opt.By); err != nil {
			return nil, err
		}
		cols := b.splitBy(sel)
		if len(cols) != len(rep.By.Columns) {
			return nil, fmt.Errorf("report: %d columns published, %d today", len(rep.By.Columns), len(cols))
		}
		for j, c := range cols {
			v.pops = append(v.pops, c)
			v.shown = append(v.shown, rep.By.Columns[j].Respondents)
			v.real = append(v.real, len(c.rows))
		}
	}
	return v, nil
}

// auditViews checks views together and returns the first problem, or nil.
func (ds *Dataset) auditViews(views []*auditView, thr int) *finding {
	a := ds.atoms(views)
	// Population sizes: the unknowns are the atoms' sizes.
	sys := newSpan(len(a.size))
	var hidden []cellRef
	for vi, v := range views {
		for p, n := range v.shown {
			row := a.indicator(vi, p, 1, 0)
			if n != nil {
				sys.add(row)
			} else {
				hidden = append(hidden, cellRef{row, v.real[p], "the number of people in " + where(v, p)})
			}
		}
	}
	if sys.exposed(a.size, thr) {
		return &finding{population: true}
	}
	for _, h := range hidden {
		if h.value != 0 && sys.spans(h.row) {
			return &finding{what: h.what}
		}
	}
	// Figures, one slot (a question, or a Likert item) at a time.
	for _, sl := range auditSlots(ds.def) {
		what, shown := a.auditSlot(views, sl)
		if what != "" {
			return &finding{what: what}
		}
		if g, what := a.derivedGroup(shown, sl, ds.atomFigures(a, sl), thr); g != nil {
			return &finding{group: fmt.Sprintf("those of %s who %s", a.describe(views, g), what)}
		}
	}
	return nil
}

type cellRef struct {
	row   []float64
	value int
	what  string
}

// where names population p of view v for a message.
func where(v *auditView, p int) string {
	w := "the whole view"
	if p > 0 {
		w = fmt.Sprintf("the column “%s”", v.rep.By.Columns[p-1].Label)
	}
	if v.prior != nil {
		return w + " of " + v.prior.name()
	}
	return w + " of this view"
}

// atoms divides the respondents by which populations they belong to:
// every population of every view is a union of atoms, and the atoms are
// the finest groups the figures could tell apart.
type atomSet struct {
	size  []int
	in    [][][]int // [view][population] → atom indices
	tally []*tally  // per atom, its true counts
}

func (ds *Dataset) atoms(views []*auditView) *atomSet {
	npop := 0
	for _, v := range views {
		npop += len(v.pops)
	}
	words := (npop + 63) / 64
	sig := make([]uint64, ds.n*words)
	k := 0
	for _, v := range views {
		for _, p := range v.pops {
			each := func(i int) { sig[i*words+k/64] |= 1 << uint(k%64) }
			if p.all {
				for i := range ds.n {
					each(i)
				}
			} else {
				for _, i := range p.rows {
					each(int(i))
				}
			}
			k++
		}
	}
	a := &atomSet{}
	var rows [][]uint32 // per atom
	index := map[string]int{}
	members := map[int][]int{} // atom → flat population indices
	key := make([]byte, 8*words)
	for i := range ds.n {
		s := sig[i*words : (i+1)*words]
		if !slices.ContainsFunc(s, func(w uint64) bool { return w != 0 }) {
			continue // in no population: no figure counts them
		}
		for j, w := range s {
			binary.LittleEndian.PutUint64(key[8*j:], w)
		}
		at, ok := index[string(key)]
		if !ok {
			at = len(a.size)
			index[string(key)] = at
			a.size = append(a.size, 0)
			rows = append(rows, nil)
			for k := range npop {
				if s[k/64]>>(uint(k%64))&1 != 0 {
					members[at] = append(members[at], k)
				}
			}
		}
		a.size[at]++
		rows[at] = append(rows[at], uint32(i))
	}
	for _, r := range rows {
		a.tally = append(a.tally, ds.count(selection{rows: r}))
	}
	a.in = make([][][]int, len(views))
	flat := 0
	for vi, v := range views {
		a.in[vi] = make([][]int, len(v.pops))
		for p := range v.pops {
			for at := range a.size {
				if slices.Contains(members[at], flat) {
					a.in[vi][p] = append(a.in[vi][p], at)
				}
			}
			flat++
		}
	}
	return a
}

// indicator is the row over (atom, kind) unknowns, with `kinds` unknowns
// per atom, that adds kind k over population p of view vi.
func (a *atomSet) indicator(vi, p, kinds, k int) []float64 {
	row := make([]float64, len(a.size)*kinds)
	for _, at := range a.in[vi][p] {
		row[at*kinds+k] = 1
	}
	return row
}

// slot is one table of figures per population: a question's base and
// options, a Likert item's, or a Likert or text question's base alone.
type slot struct {
	q       *survey.Question
	item    int // Likert item, -1 for the question itself
	options int // 0 for a base alone
	sums    bool
}

func auditSlots(def *survey.Definition) []slot {
	var out []slot
	for _, q := range def.Questions() {
		switch q.Type {
		case survey.Single:
			out = append(out, slot{q, -1, len(q.Options), true})
		case survey.Multiple:
			out = append(out, slot{q, -1, len(q.Options), false})
		case survey.Likert:
			out = append(out, slot{q, -1, 0, false})
			for i := range q.Items {
				out = append(out, slot{q, i, len(q.Options), true})
			}
		case survey.Text:
			out = append(out, slot{q, -1, 0, false})
		}
	}
	return out
}

// figures returns the published and true figures of slot sl in column p
// of a view (p = 0: the whole population): the base, each option, and for
// a Likert item net agree and net disagree. ok is false when the view has
// no such column for the slot (the by question against itself).
func (sl slot) figures(rep *Report, p int) (figs []*int, ok bool) {
	var q *Question
	for i := range rep.Questions {
		if rep.Questions[i].ID == sl.q.ID {
			q = &rep.Questions[i]
		}
	}
	if q == nil {
		return nil, false
	}
	base, opts, items := q.Base, q.Options, q.Items
	if p > 0 {
		if p-1 >= len(q.By) {
			return nil, false
		}
		c := q.By[p-1]
		base, opts, items = c.Base, c.Options, c.Items
	}
	if sl.item >= 0 {
		id := sl.q.Items[sl.item].ID
		k := slices.IndexFunc(items, func(it Item) bool { return it.ID == id })
		if k < 0 {
			return nil, false
		}
		it := items[k]
		figs = append(figs, it.Base)
		for _, o := range it.Options {
			figs = append(figs, o.Count)
		}
		return append(figs, it.NetAgree.Count, it.NetDisagree.Count), true
	}
	figs = append(figs, base)
	if sl.options > 0 {
		for _, o := range opts {
			figs = append(figs, o.Count)
		}
	}
	return figs, true
}

// auditSlot checks that no figure of sl hidden in one view follows from
// those shown in all of them. It returns the first that does, and the
// span of the figures shown.
func (a *atomSet) auditSlot(views []*auditView, sl slot) (string, *span) {
	kinds := 1 + sl.options
	sys := newSpan(len(a.size) * kinds)
	if sl.sums {
		// The options of each atom add up to its base.
		for at := range a.size {
			row := make([]float64, len(a.size)*kinds)
			row[at*kinds] = -1
			for k := 1; k < kinds; k++ {
				row[at*kinds+k] = 1
			}
			sys.add(row)
		}
	}
	agree, disagree := netRows(sl.options)
	// rowFor is the unknowns behind figure f (0 base, 1..options an
	// option, then the two nets) of population p of view vi.
	rowFor := func(vi, p, f int) []float64 {
		if f < kinds {
			return a.indicator(vi, p, kinds, f)
		}
		rows := agree
		if f == kinds+1 {
			rows = disagree
		}
		row := make([]float64, len(a.size)*kinds)
		for _, k := range rows {
			for i, x := range a.indicator(vi, p, kinds, k+1) {
				row[i] += x
			}
		}
		return row
	}
	var hidden []cellRef
	for vi, v := range views {
		for p := range v.pops {
			shown, ok := sl.figures(v.rep, p)
			if !ok {
				continue
			}
			truth, _ := sl.figures(v.truth, p)
			for f, fig := range shown {
				if fig != nil {
					sys.add(rowFor(vi, p, f))
				} else if f < len(truth) && truth[f] != nil && *truth[f] != 0 {
					hidden = append(hidden, cellRef{rowFor(vi, p, f), *truth[f], figureName(v, p, sl, f)})
				}
			}
		}
	}
	for _, h := range hidden {
		if sys.spans(h.row) {
			return h.what, sys
		}
	}
	return "", sys
}

func figureName(v *auditView, p int, sl slot, f int) string {
	what := fmt.Sprintf("“%s”", sl.q.Title)
	if sl.item >= 0 {
		what += " — " + sl.q.Items[sl.item].Label
	}
	var fig string
	switch {
	case f == 0:
		fig = "how many answered " + what
	case f <= sl.options:
		fig = fmt.Sprintf("how many answered “%s” to %s", sl.q.Options[f-1].Label, what)
	default:
		fig = "a net figure for " + what
	}
	return fig + " in " + where(v, p)
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// span is the row space of the relations a reader knows, kept in echelon
// form as rows are added.
type span struct {
	n     int
	rows  [][]float64
	pivot []int
}

const spanEps = 1e-9

func newSpan(n int) *span { return &span{n: n} }

func (s *span) reduce(row []float64) []float64 {
	r := slices.Clone(row)
	for i, b := range s.rows {
		if f := r[s.pivot[i]]; f > spanEps || f < -spanEps {
			for j, x := range b {
				r[j] -= f * x
			}
		}
	}
	return r
}

func (s *span) add(row []float64) {
	r := s.reduce(row)
	p := -1
	for j, x := range r {
		if (x > spanEps || x < -spanEps) && (p < 0 || abs(x) > abs(r[p])) {
			p = j
		}
	}
	if p < 0 {
		return
	}
	f := r[p]
	for j := range r {
		r[j] /= f
	}
	s.rows = append(s.rows, r)
	s.pivot = append(s.pivot, p)
}

// spans reports whether row is a combination of the known relations: the
// figure it adds up can be worked out.
func (s *span) spans(row []float64) bool {
	for _, x := range s.reduce(row) {
		if x > 1e-6 || x < -1e-6 {
			return false
		}
	}
	return true
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// rankWithout is the rank of the relations once the unknowns in drop are
// struck out: it falls below the full rank exactly when some combination
// of the relations involves only dropped unknowns.
func (s *span) rankWithout(drop []int) int {
	t := newSpan(s.n)
	for _, r := range s.rows {
		r = slices.Clone(r)
		for _, j := range drop {
			r[j] = 0
		}
		t.add(r)
	}
	return len(t.rows)
}

// maxExposureChecks bounds the search in exposed; past it the audit
// refuses rather than guess.
const maxExposureChecks = 4096

// exposed reports whether some combination of the known population
// counts (unknowns: atom sizes) involves only atoms that together hold 1
// to thr−1 people: then that combination describes a small group (or
// the difference between two small groups), and every figure published
// for the populations involved can be combined the same way.
func (s *span) exposed(size []int, thr int) bool {
	full := len(s.rows)
	var small []int
	for at, n := range size {
		if n > 0 && n < thr {
			small = append(small, at)
		}
	}
	checks := 0
	var try func(from int, set []int, total int) bool
	try = func(from int, set []int, total int) bool {
		for i := from; i < len(small); i++ {
			at := small[i]
			if total+size[at] >= thr {
				continue
			}
			next := append(set, at)
			if checks++; checks > maxExposureChecks {
				return true // too many small overlaps to check: assume the worst
			}
			if s.rankWithout(next) < full || try(i+1, next, total+size[at]) {
				return true
			}
		}
		return false
	}
	return try(0, nil, 0)
}
