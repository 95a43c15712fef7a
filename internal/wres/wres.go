// Package wres models the Workforce Race Equality Standard (WRES) return
// and computes its nine indicators for one organisation, a region or the
// nation.
//
// The package is pure domain code: it never touches HTTP or a database,
// nor reads or writes a file format. wresio reads return files into a
// ReturnParser and extract files into an Aggregator; render writes
// reports and returns out. The flow is
//
//	ReturnParser                 aggregated return  -> *Return
//	                             (wresio reads CSV and XLSX into one)
//	Aggregator                   record-level extracts -> *Return
//	                             (wresio reads CSV extracts into one)
//	Compute(ret, scope, ...)     *Return -> *Report (JSON contract)
//	Suppress(report, 11)         network-facing copy of a Report
//
// See docs/wres.md, docs/wres-json.md and docs/wres-extracts.md.
package wres

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Ethnicity is one of the three groups WRES compares. NHS Data Dictionary
// ethnic category codes roll up into these groups on import.
type Ethnicity uint8

const (
	White Ethnicity = iota
	BME
	Unknown
	NumEthnicities = 3
)

var ethnicityNames = [NumEthnicities]string{"white", "bme", "unknown"}

func (e Ethnicity) String() string { return nameOf(ethnicityNames[:], e, "Ethnicity") }

// ParseEthnicity accepts a group name (white, bme, unknown) or an NHS Data
// Dictionary ethnic category code: A, B, C are White; D to S are BME; Z
// (not stated) and 99 (not known) are unknown. Matching ignores case and
// surrounding spaces. The letters I, O and Q are not codes and are refused.
func ParseEthnicity(s string) (Ethnicity, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 1 {
		return ethnicityCode(s[0])
	}
	switch strings.ToLower(s) {
	case "white":
		return White, true
	case "bme":
		return BME, true
	case "unknown", "99":
		return Unknown, true
	}
	return 0, false
}

// ethnicityCode maps a one-letter ethnic category code.
func ethnicityCode(c byte) (Ethnicity, bool) {
	if c >= 'a' && c <= 'z' {
		c -= 'a' - 'A'
	}
	switch c {
	case 'A', 'B', 'C':
		return White, true
	case 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S':
		return BME, true
	case 'Z':
		return Unknown, true
	}
	return 0, false
}

// Measure is what a return row counts.
type Measure uint8

const (
	Headcount Measure = iota
	Shortlisted
	Appointed
	Disciplinary
	Training
	BoardVoting
	BoardExecutive
	Survey5Count
	Survey5Base
	Survey6Count
	Survey6Base
	Survey7Count
	Survey7Base
	Survey8Count
	Survey8Base
	NumMeasures
)

var measureNames = [NumMeasures]string{
	"headcount", "shortlisted", "appointed", "disciplinary", "training",
	"board_voting", "board_executive",
	"survey5_count", "survey5_base", "survey6_count", "survey6_base",
	"survey7_count", "survey7_base", "survey8_count", "survey8_base",
}

func (m Measure) String() string { return nameOf(measureNames[:], m, "Measure") }

// ParseMeasure accepts the names used in the return's measure column.
func ParseMeasure(s string) (Measure, bool) {
	return indexOf[Measure](measureNames[:], strings.ToLower(strings.TrimSpace(s)))
}

// surveyPair returns, for a survey measure, the count and base measures of
// its pair and whether m is a survey measure at all.
func surveyPair(m Measure) (count, base Measure, ok bool) {
	if m < Survey5Count || m > Survey8Base {
		return 0, 0, false
	}
	count = Survey5Count + (m-Survey5Count)/2*2
	return count, count + 1, true
}

// StaffGroup is the staff_group column of headcount rows.
type StaffGroup uint8

const (
	NoStaffGroup StaffGroup = iota // whole workforce
	Clinical
	NonClinical
	Medical
	numStaffGroups
)

var staffGroupNames = [numStaffGroups]string{"", "clinical", "non_clinical", "medical"}

func (g StaffGroup) String() string { return nameOf(staffGroupNames[:], g, "StaffGroup") }

// Band is the band column of headcount rows: Agenda for Change bands for
// the clinical and non-clinical groups, grades for the medical group.
type Band uint8

const (
	NoBand Band = iota // whole workforce
	Band1
	Band2
	Band3
	Band4
	Band5
	Band6
	Band7
	Band8a
	Band8b
	Band8c
	Band8d
	Band9
	VSM
	Consultant
	NonConsultantCareerGrade
	Trainee
	OtherMedical
	numBands
)

var bandNames = [numBands]string{
	"", "band_1", "band_2", "band_3", "band_4", "band_5", "band_6", "band_7",
	"band_8a", "band_8b", "band_8c", "band_8d", "band_9", "vsm",
	"consultant", "non_consultant_career_grade", "trainee", "other_medical",
}

func (b Band) String() string { return nameOf(bandNames[:], b, "Band") }

const numAfCBands = 13 // band_1 … band_9 and vsm: int(VSM - Band1 + 1)

// Post is a cell of indicator 1: a staff group and band, or the whole
// workforce (Post 0). Posts are small integers so counts live in arrays.
type Post uint8

const (
	WholeWorkforce Post = 0
	// NumPosts counts the whole workforce, 13 clinical and 13 non-clinical
	// Agenda for Change bands, and 4 medical grades.
	NumPosts = 1 + 2*numAfCBands + 4
)

// PostOf returns the Post for a staff group and band, and false when the
// band does not belong to the group (or only one of them is blank).
func PostOf(g StaffGroup, b Band) (Post, bool) {
	switch {
	case g == NoStaffGroup && b == NoBand:
		return WholeWorkforce, true
	case (g == Clinical || g == NonClinical) && b >= Band1 && b <= VSM:
		return Post(1 + int(g-Clinical)*numAfCBands + int(b-Band1)), true
	case g == Medical && b >= Consultant && b <= OtherMedical:
		return Post(1 + 2*numAfCBands + int(b-Consultant)), true
	}
	return 0, false
}

// StaffGroup and Band invert PostOf.
func (p Post) StaffGroup() StaffGroup {
	switch {
	case p == WholeWorkforce:
		return NoStaffGroup
	case int(p) <= numAfCBands:
		return Clinical
	case int(p) <= 2*numAfCBands:
		return NonClinical
	}
	return Medical
}

func (p Post) Band() Band {
	switch {
	case p == WholeWorkforce:
		return NoBand
	case int(p) <= 2*numAfCBands:
		return Band1 + Band((int(p)-1)%numAfCBands)
	}
	return Consultant + Band(int(p)-1-2*numAfCBands)
}

// ParseStaffGroup and ParseBand accept the names of the return's columns;
// the empty string is NoStaffGroup / NoBand.
func ParseStaffGroup(s string) (StaffGroup, bool) {
	return indexOf[StaffGroup](staffGroupNames[:], strings.ToLower(strings.TrimSpace(s)))
}

func ParseBand(s string) (Band, bool) {
	return indexOf[Band](bandNames[:], strings.ToLower(strings.TrimSpace(s)))
}

// Row is one line of the aggregated return, with ethnicity already rolled
// up. It is the unit the store persists.
type Row struct {
	Org        string
	Year       int
	Measure    Measure
	Ethnicity  Ethnicity
	StaffGroup StaffGroup
	Band       Band
	Value      int64
}

// OrgYear identifies one organisation's return for one year.
type OrgYear struct {
	Org  string
	Year int
}

// Counts holds one organisation's return for one year.
type Counts struct {
	headcount [NumPosts][NumEthnicities]int64
	values    [NumMeasures][NumEthnicities]int64 // Headcount entry unused
	has       uint32                             // bit per Measure given
	posts     uint32                             // bit per Post given
}

// Has reports whether the return gave at least one row for m. A measure
// that is given but lacks a row for some ethnicity counts that group as 0.
func (c *Counts) Has(m Measure) bool { return c.has&(1<<m) != 0 }

// HasPost reports whether headcount rows were given for p.
func (c *Counts) HasPost(p Post) bool { return c.posts&(1<<p) != 0 }

// Breakdown reports whether headcount was given by staff group and band.
func (c *Counts) Breakdown() bool { return c.posts&^1 != 0 }

// Post returns the headcount of p by ethnicity. For WholeWorkforce it is
// Workforce, not the raw blank rows.
func (c *Counts) Post(p Post) [NumEthnicities]int64 {
	if p == WholeWorkforce {
		return c.Workforce()
	}
	return c.headcount[p]
}

// Workforce returns the whole workforce by ethnicity: the sum of the staff
// group and band breakdown when one was given, otherwise the rows with
// blank staff_group and band. (Import refuses a return where both are
// given and disagree.)
func (c *Counts) Workforce() [NumEthnicities]int64 {
	if !c.Breakdown() {
		return c.headcount[WholeWorkforce]
	}
	var w [NumEthnicities]int64
	for p := 1; p < NumPosts; p++ {
		for e := range w {
			w[e] += c.headcount[p][e]
		}
	}
	return w
}

// Value returns the count for m and e; for Headcount, the whole workforce.
func (c *Counts) Value(m Measure, e Ethnicity) int64 {
	if m == Headcount {
		return c.Workforce()[e]
	}
	return c.values[m][e]
}

func (c *Counts) add(m Measure, p Post, e Ethnicity, v int64) {
	c.has |= 1 << m
	if m == Headcount {
		c.posts |= 1 << p
		c.headcount[p][e] += v
		return
	}
	c.values[m][e] += v
}

func (c *Counts) merge(o *Counts) {
	c.has |= o.has
	c.posts |= o.posts
	addTable(c.headcount[:], o.headcount[:])
	addTable(c.values[:], o.values[:])
}

// addTable adds each count of src to the same place in dst; Counts.merge
// and figures.add both pool tables by ethnicity this way.
func addTable(dst, src [][NumEthnicities]int64) {
	for i := range dst {
		for e := range dst[i] {
			dst[i][e] += src[i][e]
		}
	}
}

// Return is a set of aggregated returns keyed by organisation and year.
// The zero value is not usable; call NewReturn.
type Return struct {
	data map[OrgYear]*Counts
	// firstRow holds, for a return read by ReturnParser, the file row on
	// which each organisation first appears, so that whoever refuses an
	// organisation can say where it is without reading the file again.
	firstRow map[string]int
}

// NewReturn returns an empty Return.
func NewReturn() *Return { return &Return{data: map[OrgYear]*Counts{}} }

func (r *Return) counts(k OrgYear) *Counts {
	c := r.data[k]
	if c == nil {
		c = new(Counts)
		r.data[k] = c
	}
	return c
}

// Add adds a row, summing it with earlier rows of the same key. It checks
// only that the staff group and band fit the measure; ReturnParser does
// the full validation.
func (r *Return) Add(row Row) error {
	p, ok := PostOf(row.StaffGroup, row.Band)
	switch {
	case row.Measure >= NumMeasures || row.Ethnicity >= NumEthnicities:
		return fmt.Errorf("wres: invalid row %+v", row)
	case !ok:
		return fmt.Errorf("wres: band %q does not belong to staff group %q", row.Band, row.StaffGroup)
	case row.Measure != Headcount && p != WholeWorkforce:
		return fmt.Errorf("wres: %s rows take no staff group or band", row.Measure)
	case row.Value < 0:
		return fmt.Errorf("wres: negative value %d", row.Value)
	}
	r.counts(OrgYear{row.Org, row.Year}).add(row.Measure, p, row.Ethnicity, row.Value)
	return nil
}

func (r *Return) noteRow(org string, row int) {
	if r.firstRow == nil {
		r.firstRow = map[string]int{}
	}
	r.firstRow[org] = row
}

// FirstRow returns the file row (header is row 1) on which org first
// appears, or 0 when the return was not read from a file or lacks org.
func (r *Return) FirstRow(org string) int { return r.firstRow[org] }

// Merge adds every count of o into r.
func (r *Return) Merge(o *Return) {
	for k, c := range o.data {
		r.counts(k).merge(c)
	}
}

// Years lists the years held for any organisation, ascending.
func (r *Return) Years() []int {
	return distinctKeys(r, func(k OrgYear) int { return k.Year })
}

// Orgs lists the organisations held, sorted.
func (r *Return) Orgs() []string {
	return distinctKeys(r, func(k OrgYear) string { return k.Org })
}

// distinctKeys lists, sorted and once each, one part of the keys held; nil
// when the return is empty.
func distinctKeys[T cmp.Ordered](r *Return, part func(OrgYear) T) []T {
	seen := map[T]bool{}
	var out []T
	for k := range r.data {
		if v := part(k); !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// Counts returns the return of org for year, or nil when there is none.
func (r *Return) Counts(org string, year int) *Counts { return r.data[OrgYear{org, year}] }

// Len returns the number of organisation-years held.
func (r *Return) Len() int { return len(r.data) }

// OrgYears lists the organisation-years held, sorted by code then year.
func (r *Return) OrgYears() []OrgYear {
	ks := make([]OrgYear, 0, len(r.data))
	for k := range r.data {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if ks[i].Org != ks[j].Org {
			return ks[i].Org < ks[j].Org
		}
		return ks[i].Year < ks[j].Year
	})
	return ks
}

// Rows returns the return as canonical rows sorted by organisation, year,
// measure, post and ethnicity. Every given measure (and headcount post)
// has a row for each of the three groups, zeros included, so that "given
// as zero" survives a round trip through the store.
func (r *Return) Rows() []Row {
	var rows []Row
	for _, k := range r.OrgYears() {
		c := r.data[k]
		for m := Measure(0); m < NumMeasures; m++ {
			if !c.Has(m) {
				continue
			}
			if m != Headcount {
				for e := Ethnicity(0); e < NumEthnicities; e++ {
					rows = append(rows, Row{k.Org, k.Year, m, e, NoStaffGroup, NoBand, c.values[m][e]})
				}
				continue
			}
			for p := Post(0); p < NumPosts; p++ {
				if !c.HasPost(p) {
					continue
				}
				for e := Ethnicity(0); e < NumEthnicities; e++ {
					rows = append(rows, Row{k.Org, k.Year, m, e, p.StaffGroup(), p.Band(), c.headcount[p][e]})
				}
			}
		}
	}
	return rows
}
