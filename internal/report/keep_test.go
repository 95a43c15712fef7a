package report

import (
	"encoding/json"
	"testing"

	"staffnet/internal/demo"
	"staffnet/internal/survey"
)

// A report on a dataset loaded through Keep must equal the same filtered
// report on every response.
func TestKeepGivesTheSameReport(t *testing.T) {
	def := mapping(t)
	all := NewDataset(def)
	var rs []*survey.Response
	err := demo.Generate(def, 3000, 11, func(r *survey.Response) error {
		c := *r
		c.Slots = append([]uint64(nil), r.Slots...)
		c.Texts = append([]string(nil), r.Texts...)
		rs = append(rs, &c)
		return all.Append(r)
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, where := range [][]string{
		{"region=london"},
		{"has_bme_network=yes", "other_networks=lgbti,faith"},
		{"support_needed.allocated_time=strongly_agree,agree"},
		{"effectiveness=very_effective,effective", "occupation=clinical"},
		{"region=north_east", "occupation=other_support"}, // small: suppressed
	} {
		fs := filters(t, where...)
		keep, err := Keep(def, fs)
		if err != nil {
			t.Fatal(err)
		}
		part := NewDataset(def)
		kept := 0
		for _, r := range rs {
			if keep(r) {
				kept++
				if err := part.Append(r); err != nil {
					t.Fatal(err)
				}
			}
		}
		if kept == 0 || kept == len(rs) {
			t.Fatalf("%v keeps %d of %d: the test needs a real subset", where, kept, len(rs))
		}
		for _, by := range []string{"", "occupation"} {
			want, _ := json.Marshal(mustReport(t, all, Options{Filters: fs, By: by}))
			got, _ := json.Marshal(mustReport(t, part, Options{Filters: fs, By: by}))
			if string(got) != string(want) {
				t.Errorf("%v by %q: report on the kept rows differs", where, by)
			}
		}
	}
	if keep, err := Keep(def, nil); keep != nil || err != nil {
		t.Fatal("no filters should keep everything (nil test)")
	}
	if _, err := Keep(def, []Filter{{Question: "benefits_comment", Codes: []string{"x"}}}); err == nil {
		t.Fatal("a filter on free text was accepted")
	}
}
