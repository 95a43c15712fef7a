// Package wresio moves WRES returns between files and the store: it
// parses a return (CSV or XLSX), checks it against the stored
// organisations, and saves it all or nothing.
package wresio

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/store"
	"staffnet/internal/wres"
)

// MaxFileSize bounds an uploaded or imported return.
const MaxFileSize = 64 << 20

// Summary says what an import stored.
type Summary struct {
	OrgYears []wres.OrgYear
	Rows     int // figures stored, after codes are rolled up into groups
}

// IsXLSX reports whether data is a zip file, as XLSX workbooks are.
func IsXLSX(data []byte) bool { return bytes.HasPrefix(data, []byte("PK\x03\x04")) }

// Import parses a return and stores it, replacing any stored return for
// the same organisations and years. Nothing is written unless every row is
// valid and names a known organisation.
func Import(ctx context.Context, db *store.DB, data []byte) (*Summary, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("the file is larger than %d MiB", MaxFileSize>>20)
	}
	var ret *wres.Return
	var err error
	if IsXLSX(data) {
		ret, err = wres.ParseXLSX(bytes.NewReader(data))
	} else {
		ret, err = wres.ParseCSV(bytes.NewReader(data))
	}
	if err != nil {
		return nil, err
	}
	var unknown []string
	for _, org := range ret.Orgs() {
		if _, err := db.Organisation(ctx, org); errors.Is(err, store.ErrNotFound) {
			unknown = append(unknown, org)
		} else if err != nil {
			return nil, err
		}
	}
	if len(unknown) > 0 {
		return nil, unknownOrgs(data, unknown)
	}
	if err := db.ReplaceWRES(ctx, ret); err != nil {
		return nil, err
	}
	return &Summary{OrgYears: ret.OrgYears(), Rows: len(ret.Rows())}, nil
}

// unknownOrgs reports, row by row, organisation codes not in the store.
func unknownOrgs(data []byte, codes []string) error {
	want := map[string]bool{}
	for _, c := range codes {
		want[c] = true
	}
	ie := &wres.ImportError{}
	err := eachRow(data, func(row int, cells []string, col int) {
		if col < len(cells) {
			if c := strings.ToUpper(strings.TrimSpace(cells[col])); want[c] {
				ie.Errors = append(ie.Errors, wres.CellError{Row: row, Column: "organisation_code",
					Reason: fmt.Sprintf("%q is not a known organisation: import the ODS organisation file first (staffnet orgs import)", c)})
			}
		}
	})
	if err != nil || len(ie.Errors) == 0 {
		sort.Strings(codes)
		return fmt.Errorf("unknown organisations: %s", strings.Join(codes, ", "))
	}
	return ie
}

// eachRow calls fn with every data row (1-based, header is row 1) and the
// index of the organisation_code column.
func eachRow(data []byte, fn func(row int, cells []string, col int)) error {
	var rows [][]string
	if IsXLSX(data) {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			return err
		}
		defer f.Close()
		if rows, err = f.GetRows(f.GetSheetName(0)); err != nil {
			return err
		}
	} else {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = -1
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			rows = append(rows, rec)
		}
	}
	if len(rows) == 0 {
		return wres.ErrEmptyFile
	}
	col := -1
	for i, h := range rows[0] {
		if strings.TrimPrefix(strings.TrimSpace(h), "\ufeff") == "organisation_code" {
			col = i
		}
	}
	if col < 0 {
		return errors.New("no organisation_code column")
	}
	for i, r := range rows[1:] {
		fn(i+2, r, col)
	}
	return nil
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

// OtherOrgs lists organisation codes in a return file other than org, so
// that an organisation's admin cannot upload another's figures. A file
// that cannot be read yields nil; Import then reports why.
func OtherOrgs(data []byte, org string) []string {
	seen := map[string]bool{}
	var out []string
	eachRow(data, func(_ int, cells []string, col int) {
		if col >= len(cells) {
			return
		}
		c := strings.ToUpper(strings.TrimSpace(cells[col]))
		if c != "" && c != org && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	})
	sort.Strings(out)
	return out
}
