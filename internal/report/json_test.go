package report

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"staffnet/internal/golden"
	"staffnet/internal/jsonout"
)

func matchGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got)
}

func suppressionDataset(t testing.TB) *Dataset {
	return build(t, loadDef(t, "tiny.json"),
		rowSpec{20, "colour=red|why_red=yes|pets=cat|views.tea=sa|say=secret words"},
		rowSpec{3, "colour=red|why_red=no|pets=cat;dog|views.tea=a"},
		rowSpec{15, "colour=green|pets=cat;dog|views.tea=n|views.cake=a"},
		rowSpec{3, "colour=blue|pets=dog|views.tea=d"},
		rowSpec{12, "pets=dog|views.tea=sd|views.cake=sa"},
	)
}

func jsonOf(t *testing.T, v any) []byte {
	var b bytes.Buffer
	if err := jsonout.Write(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestGoldenJSON(t *testing.T) {
	matchGolden(t, "tiny.report.json", jsonOf(t, mustReport(t, tiny(t), Options{})))
	ds := suppressionDataset(t)
	red, _ := ParseFilter("colour=red,green")
	matchGolden(t, "suppressed.report.json", jsonOf(t, mustReport(t, ds, Options{})))
	matchGolden(t, "suppressed.filtered.json", jsonOf(t, mustReport(t, ds, Options{Filters: []Filter{red}})))
	matchGolden(t, "suppressed.by-colour.json", jsonOf(t, mustReport(t, ds, Options{By: "colour"})))
	a := mustReport(t, ds, Options{})
	b := mustReport(t, tiny(t), Options{Unsuppressed: true})
	matchGolden(t, "compare.json", jsonOf(t, Compare(a, b)))
	blue, _ := ParseFilter("colour=blue")
	matchGolden(t, "suppressed.blue.json", jsonOf(t, mustReport(t, ds, Options{Filters: []Filter{blue}})))

	// The mapping survey, for internal/report/render's HTML test.
	def := mapping(t)
	m := csvDataset(t, def, string(mustRead(t, "testdata/mapping-2016.csv")), false)
	has, _ := ParseFilter("has_bme_network=yes")
	matchGolden(t, "mapping-2016.by-occupation.json", jsonOf(t, mustReport(t, m, Options{Filters: []Filter{has}, By: "occupation"})))
}

func mustRead(t *testing.T, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestNoFreeText checks that free-text answers never reach a report. The
// renderers (internal/report/render) see only the Report, every field of
// which is in its JSON, so checking the JSON covers every format.
func TestNoFreeText(t *testing.T) {
	r := mustReport(t, suppressionDataset(t), Options{By: "colour"})
	if bytes.Contains(jsonOf(t, r), []byte("secret words")) {
		t.Error("free text in a published report")
	}
}
