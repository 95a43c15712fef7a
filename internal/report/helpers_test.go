package report

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"staffnet/internal/survey"
)

func loadDef(t testing.TB, name string) *survey.Definition {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := survey.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mapping(testing.TB) *survey.Definition { return survey.MustBuiltin(survey.MappingSlug) }

// csvDataset reads responses in the survey CSV contract.
func csvDataset(t testing.TB, def *survey.Definition, text string, keepTexts bool) *Dataset {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rd, errs := def.NewRowDecoder(recs[0])
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	ds := NewDataset(def)
	if keepTexts {
		ds.KeepTexts()
	}
	r := def.NewResponse()
	for i, rec := range recs[1:] {
		if errs := rd.Decode(i+2, rec, r); len(errs) > 0 {
			t.Fatalf("row %d: %v", i+2, errs)
		}
		if err := ds.Append(r); err != nil {
			t.Fatal(err)
		}
	}
	return ds
}

// rows builds CSV text: header then n copies of each row spec. A spec is
// "col=val|col=val"; unmentioned columns are empty; "@date=YYYY-MM-DD"
// sets the submission day (2016-10-01 otherwise).
type rowSpec struct {
	n    int
	vals string
}

func build(t testing.TB, def *survey.Definition, specs ...rowSpec) *Dataset {
	t.Helper()
	h := def.Header()
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	w.Write(h)
	id := 0
	for _, s := range specs {
		m := map[string]string{}
		for _, kv := range strings.Split(s.vals, "|") {
			if kv == "" {
				continue
			}
			k, v, _ := strings.Cut(kv, "=")
			m[k] = v
		}
		for range s.n {
			id++
			rec := make([]string, len(h))
			rec[0] = "r" + strconv.Itoa(id)
			rec[1] = "2016-10-01"
			if d := m["@date"]; d != "" {
				rec[1] = d
			}
			for i, col := range h[2:] {
				rec[i+2] = m[col]
			}
			w.Write(rec)
		}
	}
	w.Flush()
	return csvDataset(t, def, sb.String(), true)
}

func question(t testing.TB, r *Report, id string) *Question {
	t.Helper()
	for i := range r.Questions {
		if r.Questions[i].ID == id {
			return &r.Questions[i]
		}
	}
	t.Fatalf("no question %s", id)
	return nil
}

func option(t testing.TB, opts []Option, code string) *Option {
	t.Helper()
	for i := range opts {
		if opts[i].Code == code {
			return &opts[i]
		}
	}
	t.Fatalf("no option %s", code)
	return nil
}

func mustReport(t testing.TB, ds *Dataset, opt Options) *Report {
	t.Helper()
	r, err := ds.Report(opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func intp(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}

func near(a, b, tol float64) bool { return a-b <= tol && b-a <= tol }
