package report

import (
	"fmt"
	"testing"

	"staffnet/internal/demo"
	"staffnet/internal/survey"
)

// demoDataset is what `staffnet demo generate --survey
// bme-network-mapping-2016 --responses n` stores (seed 1).
func demoDataset(t testing.TB, n int, texts bool) *Dataset {
	t.Helper()
	def := mapping(t)
	ds := NewDataset(def)
	if texts {
		ds.KeepTexts()
	}
	if err := demo.Generate(def, n, 1, func(r *survey.Response) error { return ds.Append(r) }); err != nil {
		t.Fatal(err)
	}
	return ds
}

// checkHiddenColumns asserts that a question hidden in a column hides
// everything under it there: its options, and its items with theirs.
func checkHiddenColumns(t *testing.T, r *Report, where string) {
	t.Helper()
	for _, q := range r.Questions {
		cols := []Column{{Base: q.Base, Suppressed: q.Suppressed, Options: q.Options, Items: q.Items}}
		cols = append(cols, q.By...)
		for _, c := range cols {
			if !c.Suppressed {
				continue
			}
			if c.Base != nil {
				t.Errorf("%s: %s/%s: suppressed with base %d", where, q.ID, c.Code, *c.Base)
			}
			for _, o := range c.Options {
				if !o.Suppressed || o.Count != nil {
					t.Errorf("%s: %s/%s: option %s shown in a suppressed column", where, q.ID, c.Code, o.Code)
				}
			}
			for _, it := range c.Items {
				if !it.Suppressed || it.Base != nil || it.NetAgree.Count != nil || it.NetDisagree.Count != nil {
					t.Errorf("%s: %s/%s: item %s shown in a suppressed column", where, q.ID, c.Code, it.ID)
				}
				for _, o := range it.Options {
					if o.Count != nil {
						t.Errorf("%s: %s/%s: item %s option %s shown in a suppressed column", where, q.ID, c.Code, it.ID, o.Code)
					}
				}
			}
		}
	}
}

// TestSuppressedQuestionHidesItsItems runs the crosstab the contract
// break was found with, and its neighbours, on demo data: no column may
// hide a question and show its items.
func TestSuppressedQuestionHidesItsItems(t *testing.T) {
	t.Parallel() // a 3,000-respondent dataset, nothing shared: overlap it with the others
	ds := demoDataset(t, 3000, false)
	for _, occ := range []string{"administrative", "clinical", "other_support"} {
		for _, has := range []string{"yes", "no", "dont_know"} {
			var fs []Filter
			for _, s := range []string{"occupation=" + occ, "has_bme_network=" + has} {
				f, err := ParseFilter(s)
				if err != nil {
					t.Fatal(err)
				}
				fs = append(fs, f)
			}
			for _, by := range []string{"knows_how_network_works", "region", "effectiveness", "support_needed.allocated_time"} {
				r, err := ds.Report(Options{Filters: fs, By: by})
				if err != nil {
					continue // an option this survey does not have
				}
				checkHiddenColumns(t, r, fmt.Sprintf("%s, %s, by %s", occ, has, by))
			}
		}
	}
}
