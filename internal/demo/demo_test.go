package demo

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"staffnet/internal/survey"
)

func mapping(testing.TB) *survey.Definition { return survey.MustBuiltin(survey.MappingSlug) }

func TestGenerate(t *testing.T) {
	def := mapping(t)
	const n = 20000
	var got []*survey.Response
	ids := map[string]bool{}
	err := Generate(def, n, 42, func(r *survey.Response) error {
		if errs := def.Check(r); len(errs) > 0 {
			t.Fatalf("%s: %v", r.ID, errs)
		}
		if !survey.ValidResponseID(r.ID) || ids[r.ID] {
			t.Fatalf("bad or repeated id %q", r.ID)
		}
		if r.SubmittedOn < "2016-09-05" || r.SubmittedOn > "2016-10-04" {
			t.Fatalf("date %s", r.SubmittedOn)
		}
		ids[r.ID] = true
		got = append(got, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("%d responses", len(got))
	}
	// Marginals near the published ones.
	share := func(q string, code string, among func(*survey.Response) bool) float64 {
		qq := def.Question(q)
		k := qq.OptionIndex(code)
		hit, base := 0, 0
		for _, r := range got {
			if among != nil && !among(r) || !def.Answered(r, qq) {
				continue
			}
			base++
			if survey.Has(r, qq, k) {
				hit++
			}
		}
		return 100 * float64(hit) / float64(base)
	}
	for _, c := range []struct {
		q, code string
		want    float64
	}{{"has_bme_network", "yes", 59}, {"region", "south_east", 21.2}, {"occupation", "clinical", 42},
		{"would_benefit", "yes", 69}, {"knows_how_network_works", "unsure", 53}} {
		if got := share(c.q, c.code, nil); math.Abs(got-c.want) > 1.5 {
			t.Errorf("%s=%s: %.1f%%, want about %.1f%%", c.q, c.code, got, c.want)
		}
	}
	// Reproducible.
	var again []*survey.Response
	Generate(def, 100, 42, func(r *survey.Response) error { again = append(again, r); return nil })
	if !reflect.DeepEqual(again, got[:100]) {
		t.Error("same seed, different responses")
	}
	stop := errors.New("stop")
	if err := Generate(def, 10, 1, func(*survey.Response) error { return stop }); err != stop {
		t.Errorf("emit error not returned: %v", err)
	}
}

func TestGenerateAnySurvey(t *testing.T) {
	def, err := survey.Parse([]byte(`{"format":1,"slug":"x","title":"X","pages":[{"id":"p","title":"P","questions":[
		{"id":"a","type":"single","title":"A","options":[{"code":"y","label":"Y"},{"code":"n","label":"N"}]},
		{"id":"b","type":"multiple","title":"B","show_if":{"question":"a","any_of":["y"]},"options":[{"code":"c","label":"C"},{"code":"d","label":"D"}]},
		{"id":"l","type":"likert","title":"L","items":[{"id":"i","label":"I"}],"options":[{"code":"s","label":"S"},{"code":"t","label":"T"}]},
		{"id":"x","type":"text","title":"X"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	err = Generate(def, 2000, 7, func(r *survey.Response) error {
		if errs := def.Check(r); len(errs) > 0 {
			t.Fatalf("%v", errs)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
