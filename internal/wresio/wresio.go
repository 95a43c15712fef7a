// Package wresio moves WRES returns between files and the store: it
// parses a return (CSV or XLSX) once, checks the result against the
// stored organisations and the uploader's own, and saves it all or
// nothing. It also reads record-level extracts (CSV) into a
// wres.Aggregator.
package wresio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"

	"staffnet/internal/store"
	"staffnet/internal/wres"
)

// Summary says what an import stored.
type Summary struct {
	OrgYears []wres.OrgYear
	Rows     int // figures stored, after codes are rolled up into groups
}

// FileError is a problem with the file itself, not with the store: the
// file cannot be read as a return (an *wres.ImportError or a
// *wres.LimitError inside says more).
type FileError struct{ Err error }

func (e *FileError) Error() string { return e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// Import parses a return of size bytes and stores it, replacing any
// stored return for the same organisations and years. When org is not
// empty the file may hold only org's figures: an organisation's admin
// cannot store another's. The checks run on the parsed return itself, the
// very figures that would be stored, so no spelling of the file can slip
// another organisation past them. Nothing is written unless every row is
// valid and names a known organisation (and org, when given).
func Import(ctx context.Context, db *store.DB, r io.ReaderAt, size int64, org string) (*Summary, error) {
	ret, err := Parse(r, size)
	if err != nil {
		return nil, &FileError{err}
	}
	if org != "" {
		if err := onlyOrg(ret, org); err != nil {
			return nil, &FileError{err}
		}
	}
	var unknown []string
	for _, o := range ret.Orgs() {
		if _, err := db.Organisation(ctx, o); errors.Is(err, store.ErrNotFound) {
			unknown = append(unknown, o)
		} else if err != nil {
			return nil, err
		}
	}
	if len(unknown) > 0 {
		return nil, &FileError{rowErrors(ret, unknown, func(o string) string {
			return fmt.Sprintf("%q is not a known organisation: import the ODS organisation file first (staffnet orgs import)", o)
		})}
	}
	if err := db.ReplaceWRES(ctx, ret); err != nil {
		return nil, err
	}
	return &Summary{OrgYears: ret.OrgYears(), Rows: len(ret.Rows())}, nil
}

// onlyOrg refuses a return holding figures of any organisation but org.
func onlyOrg(ret *wres.Return, org string) error {
	var others []string
	for _, o := range ret.Orgs() {
		if o != org {
			others = append(others, o)
		}
	}
	if len(others) == 0 {
		return nil
	}
	return rowErrors(ret, others, func(o string) string {
		return fmt.Sprintf("%s is another organisation: you can upload only %s's figures", o, org)
	})
}

// rowErrors reports each organisation in codes at the row where the file
// first gives it.
func rowErrors(ret *wres.Return, codes []string, reason func(string) string) error {
	ie := &wres.ImportError{}
	for _, c := range codes {
		ie.Errors = append(ie.Errors, wres.CellError{Row: ret.FirstRow(c), Column: "organisation_code", Reason: reason(c)})
	}
	sort.SliceStable(ie.Errors, func(i, j int) bool { return ie.Errors[i].Row < ie.Errors[j].Row })
	return ie
}

// Report loads what a scope needs and computes its report for years
// from..to (0, 0 for every year loaded).
func Report(ctx context.Context, db *store.DB, scope wres.Scope, from, to int) (*wres.Report, error) {
	org := ""
	if scope.Kind == wres.ScopeOrganisation {
		org = scope.Code
	}
	ret, err := db.WRES(ctx, org)
	if err != nil {
		return nil, err
	}
	if from == 0 && to == 0 {
		years := ret.Years()
		if len(years) == 0 {
			return nil, wres.ErrNoData
		}
		from, to = years[0], years[len(years)-1]
	}
	regionOf, err := db.RegionOf(ctx)
	if err != nil {
		return nil, err
	}
	return wres.Compute(ret, scope, from, to, regionOf)
}
