package wres

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// ExtractKind names one of the record-level extracts of docs/wres-extracts.md.
type ExtractKind uint8

const (
	ExtractStaff        ExtractKind = iota // one row per person in post
	ExtractApplications                    // one row per application
	ExtractDisciplinary                    // one row per case entering a formal investigation
	ExtractTraining                        // one row per non-mandatory training or CPD event
	ExtractBoard                           // one row per board member
	numExtractKinds
)

var extractNames = [numExtractKinds]string{"staff", "applications", "disciplinary", "training", "board"}

func (k ExtractKind) String() string { return nameOf(extractNames[:], k, "ExtractKind") }

// ParseExtractKind accepts staff, applications, disciplinary, training, board.
func ParseExtractKind(s string) (ExtractKind, bool) { return indexOf[ExtractKind](extractNames[:], s) }

// Columns of the extracts. person_id (and application_id) are optional.
const (
	xOrg = iota
	xYear
	xPerson
	xEthnicity
	xStaffGroup
	xBand
	xShortlisted
	xAppointed
	xVoting
	xExecutive
	xApplication
	numXCols
)

var xColNames = [numXCols]string{"organisation_code", "year", "person_id", "ethnic_category", "staff_group", "band",
	"shortlisted", "appointed", "voting", "executive", "application_id"}

// xRequired and xOptional are bit sets of the columns of each kind.
var (
	xRequired = [numExtractKinds]uint16{
		ExtractStaff:        1<<xOrg | 1<<xYear | 1<<xEthnicity | 1<<xStaffGroup | 1<<xBand,
		ExtractApplications: 1<<xOrg | 1<<xYear | 1<<xEthnicity | 1<<xShortlisted | 1<<xAppointed,
		ExtractDisciplinary: 1<<xOrg | 1<<xYear | 1<<xEthnicity,
		ExtractTraining:     1<<xOrg | 1<<xYear | 1<<xEthnicity,
		ExtractBoard:        1<<xOrg | 1<<xYear | 1<<xEthnicity | 1<<xVoting | 1<<xExecutive,
	}
	xOptional = [numExtractKinds]uint16{
		ExtractStaff:        1 << xPerson,
		ExtractApplications: 1<<xPerson | 1<<xApplication,
		ExtractDisciplinary: 1 << xPerson,
		ExtractTraining:     1 << xPerson,
		ExtractBoard:        1 << xPerson,
	}
	// xMeasures are the return's measures each kind produces.
	xMeasures = [numExtractKinds][]Measure{
		ExtractStaff:        {Headcount},
		ExtractApplications: {Shortlisted, Appointed},
		ExtractDisciplinary: {Disciplinary},
		ExtractTraining:     {Training},
		ExtractBoard:        {BoardVoting, BoardExecutive},
	}
)

// MaxExtractErrors bounds the problems an Aggregator keeps; the rest are
// counted in ImportError.More.
const MaxExtractErrors = 1000

// Check returns an error unless k is one of the five kinds.
func (k ExtractKind) Check() error {
	if k >= numExtractKinds {
		return fmt.Errorf("wres: unknown extract kind %d", k)
	}
	return nil
}

// Aggregator turns record-level extracts into an aggregated return. It
// streams: memory grows with the number of organisation-years, plus, while
// it runs, one 64-bit hash per distinct person id in the staff,
// disciplinary and training extracts (to count people, not rows). Person
// ids are never stored and nothing that identifies a person outlives the
// Aggregator.
//
// It is fed cell by cell, whatever file the rows come from: wresio reads
// CSV extracts into one. For each extract the reader calls Header with
// its header row, then Row with each data row; cells are only read
// during the call, so the reader may reuse their bytes. An Aggregator is
// not safe for concurrent use; Aggregate reads several kinds at once.
type Aggregator struct {
	orgs   []string
	orgIdx map[string]int32
	slots  map[uint64]*Counts // orgIdx<<16 | year
	read   [numExtractKinds]bool
	seen   [numExtractKinds]*hashSet
	errs   []CellError
	more   int

	// the extract whose header Header last read
	headed bool // the header is usable: Row may be called
	kind   ExtractKind
	file   string
	col    [numXCols]int // index in the row of each column; -1 when absent
	ncol   int           // columns in the header

	// cache of the last organisation-year
	lastKey    uint64
	lastC      *Counts
	lastOrg    []byte
	lastOrgIdx int32
}

// NewAggregator returns an empty Aggregator.
func NewAggregator() *Aggregator {
	return &Aggregator{orgIdx: map[string]int32{}, slots: map[uint64]*Counts{}}
}

// Problem records a problem in file on row and in column (empty for the
// whole row): the counting rules' own, or one the file's reader finds,
// such as broken quoting or an empty file. Return reports them all; past
// MaxExtractErrors they are only counted.
func (a *Aggregator) Problem(file string, row int, col string, format string, args ...any) {
	if len(a.errs) >= MaxExtractErrors {
		a.more++
		return
	}
	a.errs = append(a.errs, CellError{File: file, Row: row, Column: col, Reason: fmt.Sprintf(format, args...)})
}

// Header starts an extract of kind (which must pass Check) named file:
// cells are its header row, the file's row-th. Columns may come in any
// order; their names ignore case and surrounding spaces. It reports
// whether the header is usable; when it is not, the problems are recorded
// and the extract's rows must not be given to Row.
func (a *Aggregator) Header(kind ExtractKind, file string, row int, cells [][]byte) bool {
	if kind >= numExtractKinds {
		panic(kind.Check())
	}
	a.read[kind] = true
	if a.seen[kind] == nil && kind != ExtractApplications && kind != ExtractBoard {
		a.seen[kind] = new(hashSet)
	}
	a.kind, a.file, a.ncol = kind, file, len(cells)
	col := &a.col
	for i := range col {
		col[i] = -1
	}
	ok := true
	allowed := xRequired[kind] | xOptional[kind]
	for i, f := range cells {
		h := strings.ToLower(strings.TrimSpace(string(f)))
		c := -1
		for j, n := range xColNames {
			if n == h && allowed&(1<<j) != 0 {
				c = j
			}
		}
		switch {
		case c < 0:
			a.Problem(file, row, strconv.Itoa(i+1), "column %q is not part of the %s extract; extracts carry no names or other details that identify a person", h, kind)
			ok = false
		case col[c] >= 0:
			a.Problem(file, row, strconv.Itoa(i+1), "column %s appears twice", h)
			ok = false
		default:
			col[c] = i
		}
	}
	for j := 0; j < numXCols; j++ {
		if xRequired[kind]&(1<<j) != 0 && col[j] < 0 {
			a.Problem(file, row, xColNames[j], "column is missing from the header")
			ok = false
		}
	}
	a.headed = ok
	return ok
}

// Row counts one data row, the file's row-th, of the extract whose
// header Header last read and found usable; its problems are recorded.
// Cells are trimmed of surrounding spaces.
func (a *Aggregator) Row(row int, cells [][]byte) {
	if !a.headed {
		panic("wres: Aggregator.Row without a usable Header")
	}
	kind, name, col := a.kind, a.file, &a.col
	get := func(c int) []byte {
		if i := col[c]; i >= 0 && i < len(cells) {
			return bytes.TrimSpace(cells[i])
		}
		return nil
	}
	if len(cells) != a.ncol {
		a.Problem(name, row, "", "the row has %d fields, the header %d", len(cells), a.ncol)
		return
	}
	bad := false
	oi, ok := a.org(get(xOrg))
	if !ok {
		a.Problem(name, row, "organisation_code", "%s is not an ODS organisation code (3 to 6 letters and digits)", quoteOrEmpty(string(get(xOrg))))
		bad = true
	}
	year, ok := parseYear(get(xYear))
	if !ok {
		a.Problem(name, row, "year", "%s is not a year between %d and %d", quoteOrEmpty(string(get(xYear))), MinYear, MaxYear)
		bad = true
	}
	e, ok := extractEthnicity(get(xEthnicity))
	if !ok {
		a.Problem(name, row, "ethnic_category", "%s is not an NHS ethnic category code (A to S, Z, 99), white, bme, unknown or blank", quoteOrEmpty(string(get(xEthnicity))))
		bad = true
	}
	person := get(xPerson)
	if looksIdentifying(person) {
		a.Problem(name, row, "person_id", "looks like an NHS number or an e-mail address; use a pseudonymous id")
		bad = true
	}
	var post Post
	var flags [2]bool
	switch kind {
	case ExtractStaff:
		g, gok := ParseStaffGroup(string(get(xStaffGroup)))
		b, bok := ParseBand(string(get(xBand)))
		switch {
		case !gok || g == NoStaffGroup:
			a.Problem(name, row, "staff_group", "%s is not a staff group (clinical, non_clinical, medical)", quoteOrEmpty(string(get(xStaffGroup))))
			bad = true
		case !bok || b == NoBand:
			a.Problem(name, row, "band", "%s is not a band or medical grade", quoteOrEmpty(string(get(xBand))))
			bad = true
		default:
			if post, ok = PostOf(g, b); !ok {
				a.Problem(name, row, "band", "%s is not a band of staff group %s", b, g)
				bad = true
			}
		}
	case ExtractApplications, ExtractBoard:
		cols := [2]int{xShortlisted, xAppointed}
		if kind == ExtractBoard {
			cols = [2]int{xVoting, xExecutive}
		}
		for i, c := range cols {
			v, ok := yesNo(get(c))
			if !ok {
				a.Problem(name, row, xColNames[c], "%s is not yes or no", quoteOrEmpty(string(get(c))))
				bad = true
			}
			flags[i] = v
		}
		if kind == ExtractApplications && flags[1] && !flags[0] {
			a.Problem(name, row, "appointed", "an application appointed must also be shortlisted")
			bad = true
		}
	}
	if bad {
		return
	}
	if set := a.seen[kind]; set != nil && len(person) > 0 {
		if !set.add(personHash(oi, year, person)) {
			if kind == ExtractStaff {
				a.Problem(name, row, "person_id", "the same person appears twice for %s %d; give each person once, in their main post", a.orgs[oi], year)
			}
			return // later events of a person already counted
		}
	}
	c := a.slot(oi, year)
	switch kind {
	case ExtractStaff:
		c.headcount[post][e]++
		c.posts |= 1 << post
	case ExtractApplications:
		if flags[0] {
			c.values[Shortlisted][e]++
		}
		if flags[1] {
			c.values[Appointed][e]++
		}
	case ExtractDisciplinary:
		c.values[Disciplinary][e]++
	case ExtractTraining:
		c.values[Training][e]++
	case ExtractBoard:
		if flags[0] {
			c.values[BoardVoting][e]++
		}
		if flags[1] {
			c.values[BoardExecutive][e]++
		}
	}
}

func (a *Aggregator) org(b []byte) (int32, bool) {
	// Extracts are usually grouped by organisation.
	if a.lastOrg != nil && bytes.Equal(b, a.lastOrg) {
		return a.lastOrgIdx, true
	}
	i, ok := a.orgIdx[string(b)] // no allocation for the lookup
	if ok {
		a.lastOrg, a.lastOrgIdx = append(a.lastOrg[:0], b...), i
		return i, true
	}
	code, ok := orgCode(string(b))
	if !ok {
		return 0, false
	}
	i, ok = a.orgIdx[code]
	if !ok {
		i = int32(len(a.orgs))
		a.orgs = append(a.orgs, code)
		a.orgIdx[code] = i
	}
	a.orgIdx[string(b)] = i // remember the spelling as given, e.g. lower case
	return i, true
}

func (a *Aggregator) slot(org int32, year int) *Counts {
	k := uint64(org)<<16 | uint64(year)
	if a.lastC != nil && k == a.lastKey {
		return a.lastC
	}
	c := a.slots[k]
	if c == nil {
		c = new(Counts)
		a.slots[k] = c
	}
	a.lastKey, a.lastC = k, c
	return c
}

func parseYear(b []byte) (int, bool) {
	if len(b) != 4 {
		return 0, false
	}
	y := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		y = y*10 + int(c-'0')
	}
	return y, y >= MinYear && y <= MaxYear
}

// extractEthnicity is ParseEthnicity without allocating, plus blank as
// unknown: record systems leave the field empty when it was never asked.
func extractEthnicity(b []byte) (Ethnicity, bool) {
	switch len(b) {
	case 0:
		return Unknown, true
	case 1:
		return ethnicityCode(b[0])
	case 2:
		if b[0] == '9' && b[1] == '9' {
			return Unknown, true
		}
	}
	for e, n := range ethnicityNames {
		if bytes.EqualFold(b, []byte(n)) {
			return Ethnicity(e), true
		}
	}
	return 0, false
}

func yesNo(b []byte) (bool, bool) {
	switch {
	case len(b) == 1 && (b[0] == 'Y' || b[0] == 'y' || b[0] == '1'):
		return true, true
	case len(b) == 1 && (b[0] == 'N' || b[0] == 'n' || b[0] == '0'):
		return false, true
	case bytes.EqualFold(b, []byte("yes")):
		return true, true
	case bytes.EqualFold(b, []byte("no")):
		return false, true
	}
	return false, false
}

// looksIdentifying refuses person ids shaped like an NHS number (ten
// digits) or an e-mail address.
func looksIdentifying(b []byte) bool {
	if bytes.IndexByte(b, '@') >= 0 {
		return true
	}
	digits := 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == ' ' || c == '-':
		default:
			return false
		}
	}
	return digits == 10
}

// personHash mixes organisation, year and id into 64 bits (FNV-1a, then a
// splitmix64 finaliser). Two different people collide with probability
// about n²/2⁶⁵: around 10⁻⁷ for 1.5 million people.
func personHash(org int32, year int, id []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range id {
		h ^= uint64(c)
		h *= 1099511628211
	}
	h ^= uint64(org)<<20 ^ uint64(year)
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// Return finishes aggregation. Every organisation-year seen in any
// extract gets each measure of every kind that was read, as zero when it
// had no rows of that kind: an extract lists all the cases there were.
// When any row had a problem it returns an *ImportError and no Return.
// The Aggregator's person hashes are released.
func (a *Aggregator) Return() (*Return, error) {
	for k := range a.seen {
		a.seen[k] = nil
	}
	if len(a.errs) > 0 || a.more > 0 {
		errs := append([]CellError(nil), a.errs...)
		sort.SliceStable(errs, func(i, j int) bool {
			if errs[i].File != errs[j].File {
				return errs[i].File < errs[j].File
			}
			return errs[i].Row < errs[j].Row
		})
		return nil, &ImportError{Errors: errs, More: a.more}
	}
	var has uint32
	for k, ok := range a.read {
		if ok {
			for _, m := range xMeasures[k] {
				has |= 1 << m
			}
		}
	}
	ret := NewReturn()
	for k, c := range a.slots {
		c.has |= has
		ret.data[OrgYear{a.orgs[k>>16], int(k & 0xffff)}] = c
	}
	return ret, nil
}

// ExtractSource is one input of Aggregate: an extract of Kind, and Read,
// which feeds its rows to an Aggregator (Header with Kind, then Row) and
// returns an error only for failures to read them, as wresio.ReadExtract
// does for a CSV file.
type ExtractSource struct {
	Kind ExtractKind
	Read func(*Aggregator) error
}

// Aggregate reads extracts into one return, reading different kinds at the
// same time (sources of one kind are read in turn into one Aggregator, so
// that a person is counted once across them).
func Aggregate(sources []ExtractSource) (*Return, error) {
	var byKind [numExtractKinds][]ExtractSource
	for _, s := range sources {
		if err := s.Kind.Check(); err != nil {
			return nil, err
		}
		byKind[s.Kind] = append(byKind[s.Kind], s)
	}
	var (
		wg   sync.WaitGroup
		aggs [numExtractKinds]*Aggregator
		errs [numExtractKinds]error
	)
	for k := range byKind {
		if len(byKind[k]) == 0 {
			continue
		}
		aggs[k] = NewAggregator()
		wg.Go(func() {
			for _, s := range byKind[k] {
				if err := s.Read(aggs[k]); err != nil {
					errs[k] = err
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	var all Aggregator
	all.slots = map[uint64]*Counts{}
	all.orgIdx = map[string]int32{}
	for _, a := range aggs {
		if a != nil {
			all.merge(a)
		}
	}
	ret, err := all.Return()
	if err == nil && len(ret.data) == 0 {
		// Saved, an empty return would be refused on reading back; say so
		// of the extracts themselves.
		return nil, &ImportError{Errors: []CellError{{Row: 2, Reason: "the extracts have headers but no rows of staff or applications"}}}
	}
	return ret, err
}

// merge adds b's counts, errors and kinds read into a.
func (a *Aggregator) merge(b *Aggregator) {
	for k, c := range b.slots {
		oi, _ := a.org([]byte(b.orgs[k>>16]))
		a.slot(oi, int(k&0xffff)).merge(c)
	}
	for k, r := range b.read {
		a.read[k] = a.read[k] || r
	}
	for _, e := range b.errs {
		a.Problem(e.File, e.Row, e.Column, "%s", e.Reason)
	}
	a.more += b.more
}

// hashSet is an open-addressing set of non-zero 64-bit hashes: at national
// scale it is several times faster and smaller than map[uint64]struct{}.
type hashSet struct {
	slots []uint64
	n     int
}

// add inserts h and reports whether it was new.
func (s *hashSet) add(h uint64) bool {
	if h == 0 {
		h = 1 // 0 marks an empty slot
	}
	if 2*(s.n+1) > len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case h:
			return false
		case 0:
			s.slots[i] = h
			s.n++
			return true
		}
	}
}

func (s *hashSet) grow() {
	old := s.slots
	size := 2 * len(old)
	if size == 0 {
		size = 1 << 12
	}
	s.slots, s.n = make([]uint64, size), 0
	for _, h := range old {
		if h != 0 {
			s.add(h)
		}
	}
}
