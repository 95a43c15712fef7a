package wres

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"staffnet/internal/rows"
)

// The columns of the aggregated return, in their documented order.
var returnColumns = [...]string{"organisation_code", "year", "measure", "ethnicity", "staff_group", "band", "value"}

const (
	colOrg = iota
	colYear
	colMeasure
	colEthnicity
	colStaffGroup
	colBand
	colValue
	numReturnColumns
)

// Years outside this range are refused as typing errors.
const (
	MinYear = 2000
	MaxYear = 2100
)

// CellError locates one problem in an imported file: the 1-based row (the
// header is row 1), the column's name and the reason; File is set by the
// extract aggregator, which reads several files.
type CellError = rows.CellError

// ImportError lists the problems found in a file. Import is all or
// nothing: when a parser returns an ImportError the caller must write
// nothing.
type ImportError struct {
	Errors []CellError // sorted by row, then column order
	// More counts problems found but not kept in Errors (MaxErrors and
	// MaxExtractErrors cap the lists).
	More int
}

func (e *ImportError) Error() string {
	// A file can hold thousands of problems: the message names the first 20.
	return rows.ProblemList("%s in file", e.Errors, len(e.Errors)+e.More, 20)
}

// ErrEmptyFile is returned for a file with no header row.
var ErrEmptyFile = errors.New("wres: file is empty")

// Limits on one return file. They bound the memory and time a parse can
// take, whoever sends the file: the parser keeps a fixed-size count per
// organisation-year, never the rows themselves.
const (
	// MaxRows bounds the records read, blank ones included.
	MaxRows = 1_000_000
	// MaxOrgYears bounds the organisation-years: every trust in England
	// for ten years and more.
	MaxOrgYears = 2_500
	// MaxColumns bounds the cells of one record. A return has seven
	// columns; an XLSX row with a value in column XFD comes back from
	// excelize as 16,384 cells, and a sheet of such rows would take
	// minutes.
	MaxColumns = 100
	// MaxErrors bounds the problems kept; the rest are counted in
	// ImportError.More.
	MaxErrors = 1000
)

// LimitError says that a file is over one of the limits above (or one
// of the file reader's own); nothing is stored.
type LimitError struct {
	What   string // "more than 1,000,000 rows"
	Advice string // what to do instead; "" for "split it by organisation or by year"
}

func (e *LimitError) Error() string {
	advice := e.Advice
	if advice == "" {
		advice = "split it by organisation or by year"
	}
	return "the file is too large to import: it has " + e.What + "; " + advice
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// rowRefs remembers, per organisation-year, the first row that gave each
// measure and ethnicity, so that checks across rows can point at a row.
type rowRefs struct {
	first [NumMeasures][NumEthnicities]int32
	whole int32 // first headcount row with blank staff group and band
}

// ReturnParser reads an aggregated return record by record, whatever
// file the records come from: wresio feeds it a CSV file's records or an
// XLSX sheet's rows. The first record that is not blank is the
// header; its column names ignore case, surrounding spaces and a
// byte-order mark. Blank records are skipped.
type ReturnParser struct {
	ret    *Return
	refs   map[OrgYear]*rowRefs
	col    [numReturnColumns]int // index in the record of each column; -1 when missing
	headed bool                  // the header has been read
	ok     bool                  // header usable
	errs   []CellError
	more   int // problems beyond MaxErrors
	rows   int // records read
	// last caches the most recent organisation-year: files are usually sorted.
	lastKey  OrgYear
	lastC    *Counts
	lastRefs *rowRefs
	orgs     map[string]string // interned organisation codes
}

// NewReturnParser returns a parser with nothing read.
func NewReturnParser() *ReturnParser {
	return &ReturnParser{ret: NewReturn(), refs: map[OrgYear]*rowRefs{}, orgs: map[string]string{}}
}

// Problem records a problem on row (0 when the reader cannot tell) and in
// column (empty for the whole row): the return's rules' own, or one the
// file's reader finds, such as broken CSV quoting. Finish returns them
// all; past MaxErrors they are only counted.
func (p *ReturnParser) Problem(row int, col string, format string, args ...any) {
	if len(p.errs) >= MaxErrors {
		p.more++
		return
	}
	p.errs = append(p.errs, CellError{Row: row, Column: col, Reason: fmt.Sprintf(format, args...)})
}

// Row reads the record on line (1-based, as the file counts its rows).
// Problems in the data are kept for Finish; Row returns an error, a
// *LimitError, only when the file is over a limit and must not be read
// further.
func (p *ReturnParser) Row(line int, rec []string) error {
	p.rows++
	if p.rows > MaxRows {
		return &LimitError{What: fmt.Sprintf("more than %s rows", thousands(MaxRows))}
	}
	if len(rec) > MaxColumns {
		return &LimitError{What: fmt.Sprintf("a row with more than %d columns (row %d)", MaxColumns, line),
			Advice: "a return has seven columns: " + strings.Join(returnColumns[:], ",")}
	}
	if blank(rec) {
		return nil
	}
	if !p.headed {
		p.headed = true
		p.header(line, rec)
		return nil
	}
	p.row(line, rec)
	if p.ret.Len() > MaxOrgYears {
		return &LimitError{What: fmt.Sprintf("more than %s organisation-years", thousands(MaxOrgYears))}
	}
	return nil
}

// thousands writes n with comma separators.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (p *ReturnParser) header(line int, rec []string) {
	for i := range p.col {
		p.col[i] = -1
	}
	p.ok = true
	for i, h := range rec {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")))
		c := -1
		for j, want := range returnColumns {
			if name == want {
				c = j
			}
		}
		switch {
		case c < 0:
			p.Problem(line, strconv.Itoa(i+1), "unexpected column %q; the columns are %s", h, strings.Join(returnColumns[:], ","))
			p.ok = false
		case p.col[c] >= 0:
			p.Problem(line, strconv.Itoa(i+1), "column %s appears twice", name)
			p.ok = false
		default:
			p.col[c] = i
		}
	}
	for j, i := range p.col {
		if i < 0 {
			p.Problem(line, returnColumns[j], "column is missing from the header")
			p.ok = false
		}
	}
}

func (p *ReturnParser) row(line int, rec []string) {
	if !p.ok {
		return
	}
	nerr := len(p.errs)
	var f [numReturnColumns]string
	for j, i := range p.col {
		if i < len(rec) {
			f[j] = strings.TrimSpace(rec[i])
		} else {
			p.Problem(line, returnColumns[j], "missing: the row has %d fields, the header %d", len(rec), len(p.col))
			return
		}
	}
	if len(rec) > numReturnColumns {
		p.Problem(line, strconv.Itoa(numReturnColumns+1), "the row has %d fields, the header %d", len(rec), numReturnColumns)
	}

	org, ok := orgCode(f[colOrg])
	if !ok {
		p.Problem(line, "organisation_code", "%s is not an ODS organisation code (3 to 6 letters and digits)", quoteOrEmpty(f[colOrg]))
	}
	year, err := strconv.Atoi(f[colYear])
	if err != nil || len(f[colYear]) != 4 || year < MinYear || year > MaxYear {
		p.Problem(line, "year", "%s is not a year between %d and %d", quoteOrEmpty(f[colYear]), MinYear, MaxYear)
	}
	m, mok := ParseMeasure(f[colMeasure])
	if !mok {
		p.Problem(line, "measure", "%s is not a measure; the measures are %s", quoteOrEmpty(f[colMeasure]), strings.Join(measureNames[:], ", "))
	}
	e, ok := ParseEthnicity(f[colEthnicity])
	if !ok {
		p.Problem(line, "ethnicity", "%s is not white, bme, unknown or an NHS ethnic category code (A to S, Z, 99)", quoteOrEmpty(f[colEthnicity]))
	}
	g, gok := ParseStaffGroup(f[colStaffGroup])
	if !gok {
		p.Problem(line, "staff_group", "%s is not a staff group (clinical, non_clinical, medical or blank)", quoteOrEmpty(f[colStaffGroup]))
	}
	b, bok := ParseBand(f[colBand])
	if !bok {
		p.Problem(line, "band", "%s is not a band or medical grade", quoteOrEmpty(f[colBand]))
	}
	var post Post
	if mok && gok && bok {
		switch {
		case m != Headcount && g != NoStaffGroup:
			p.Problem(line, "staff_group", "must be blank for measure %s (only headcount has staff groups)", m)
		case m != Headcount && b != NoBand:
			p.Problem(line, "band", "must be blank for measure %s (only headcount has bands)", m)
		case g == NoStaffGroup && b != NoBand:
			p.Problem(line, "staff_group", "is blank but band is %s; give both or neither", b)
		case g != NoStaffGroup && b == NoBand:
			p.Problem(line, "band", "is blank but staff_group is %s; give both or neither", g)
		default:
			var ok bool
			if post, ok = PostOf(g, b); !ok {
				p.Problem(line, "band", "%s is not a band of staff group %s", b, g)
			}
		}
	}
	v, ok := parseCount(f[colValue])
	if !ok {
		p.Problem(line, "value", "%s is not a whole number of 0 or more", quoteOrEmpty(f[colValue]))
	}
	if len(p.errs) > nerr {
		return
	}

	k := OrgYear{org, year}
	if p.lastC == nil || k != p.lastKey {
		if s, ok := p.orgs[org]; ok {
			k.Org = s
		} else {
			p.orgs[org] = org
			p.ret.noteRow(org, line)
		}
		p.lastKey, p.lastC = k, p.ret.counts(k)
		p.lastRefs = p.refs[k]
		if p.lastRefs == nil {
			p.lastRefs = new(rowRefs)
			p.refs[k] = p.lastRefs
		}
	}
	if p.lastC.values[m][e] > maxCount-v || p.lastC.headcount[post][e] > maxCount-v {
		p.Problem(line, "value", "the total for this key exceeds %d", maxCount)
		return
	}
	p.lastC.add(m, post, e, v)
	ref := p.lastRefs
	if ref.first[m][e] == 0 {
		ref.first[m][e] = int32(line)
	}
	if m == Headcount && post == WholeWorkforce && ref.whole == 0 {
		ref.whole = int32(line)
	}
}

// maxCount bounds a value and every sum: far beyond any real count, far
// below overflow.
const maxCount = 1_000_000_000_000

func parseCount(s string) (int64, bool) {
	if s == "" || len(s) > 13 {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, v <= maxCount
}

// orgCode normalises an ODS code to upper case and checks its shape.
func orgCode(s string) (string, bool) {
	if len(s) < 3 || len(s) > 6 {
		return "", false
	}
	up := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case c >= 'a' && c <= 'z':
			up = false
		default:
			return "", false
		}
	}
	if !up {
		s = strings.ToUpper(s)
	}
	return s, true
}

// quoteOrEmpty quotes a cell for a message, cut to 40 bytes so that a
// thousand messages about long cells stay small.
func quoteOrEmpty(s string) string {
	if s == "" {
		return "empty value"
	}
	if len(s) > 40 {
		return strconv.Quote(strings.ToValidUTF8(s[:40], "")) + "…"
	}
	return strconv.Quote(s)
}

// Finish runs the checks that span rows and returns the return, or every
// problem found as an *ImportError and a nil Return. A file with no
// header is ErrEmptyFile.
func (p *ReturnParser) Finish() (*Return, error) {
	if !p.headed && len(p.errs) == 0 {
		return nil, ErrEmptyFile
	}
	for _, k := range p.ret.OrgYears() {
		c, ref := p.ret.data[k], p.refs[k]
		for e := Ethnicity(0); e < NumEthnicities; e++ {
			if a, s := c.values[Appointed][e], c.values[Shortlisted][e]; a > s {
				row := ref.first[Appointed][e]
				p.Problem(int(row), "value", "%s %d: %s appointed (%d) exceeds %s shortlisted (%d)", k.Org, k.Year, e, a, e, s)
			}
			for m := Survey5Count; m <= Survey8Count; m += 2 {
				cnt, base := c.values[m][e], c.values[m+1][e]
				switch {
				case ref.first[m][e] != 0 && !c.Has(m+1):
					p.Problem(int(ref.first[m][e]), "measure", "%s %d: %s is given without %s", k.Org, k.Year, m, m+1)
				case cnt > base:
					p.Problem(int(ref.first[m][e]), "value", "%s %d: %s %s (%d) exceeds %s (%d)", k.Org, k.Year, e, m, cnt, m+1, base)
				}
			}
		}
		if c.Breakdown() && c.HasPost(WholeWorkforce) {
			sum, whole := c.Workforce(), c.headcount[WholeWorkforce]
			if sum != whole {
				p.Problem(int(ref.whole), "value", "%s %d: whole-workforce headcount (white %d, bme %d, unknown %d) differs from the sum of the staff group and band rows (white %d, bme %d, unknown %d); give the breakdown alone, or totals that agree",
					k.Org, k.Year, whole[White], whole[BME], whole[Unknown], sum[White], sum[BME], sum[Unknown])
			}
		}
	}
	if len(p.errs) == 0 && len(p.ret.data) == 0 {
		// Nothing would change: say so rather than report success.
		p.Problem(2, "", "the file has a header but no rows of figures")
	}
	if len(p.errs) > 0 {
		sortErrors(p.errs)
		return nil, &ImportError{Errors: p.errs, More: p.more}
	}
	return p.ret, nil
}

func sortErrors(errs []CellError) {
	order := func(c string) int {
		for i, n := range returnColumns {
			if n == c {
				return i
			}
		}
		if n, err := strconv.Atoi(c); err == nil {
			return 100 + n
		}
		return -1
	}
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Row != errs[j].Row {
			return errs[i].Row < errs[j].Row
		}
		return order(errs[i].Column) < order(errs[j].Column)
	})
}
