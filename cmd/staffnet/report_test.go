package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The report JSON as docs/report-json.md documents it. The test decodes
// with DisallowUnknownFields, so an undocumented field fails here: add it
// to the document and to these types together.
type (
	jsonReport struct {
		Survey      string       `json:"survey"`
		Title       string       `json:"title"`
		Filters     []jsonFilter `json:"filters"`
		Threshold   int          `json:"threshold"`
		Respondents *int         `json:"respondents"`
		Suppressed  bool         `json:"suppressed"`
		By          *jsonBy      `json:"by"`
		Questions   []jsonQ      `json:"questions"`
	}
	jsonFilter struct {
		Question string   `json:"question"`
		Item     string   `json:"item"`
		Codes    []string `json:"codes"`
	}
	jsonBy struct {
		Question string `json:"question"`
		Item     string `json:"item"`
		Title    string `json:"title"`
		Type     string `json:"type"`
		Columns  []struct {
			Code        string `json:"code"`
			Label       string `json:"label"`
			Respondents *int   `json:"respondents"`
			Suppressed  bool   `json:"suppressed"`
		} `json:"columns"`
	}
	jsonQ struct {
		ID         string       `json:"id"`
		Type       string       `json:"type"`
		Title      string       `json:"title"`
		Base       *int         `json:"base"`
		Suppressed bool         `json:"suppressed"`
		Options    []jsonOption `json:"options"`
		Items      []jsonItem   `json:"items"`
		By         []jsonColumn `json:"by"`
	}
	jsonColumn struct {
		Code       string       `json:"code"`
		Base       *int         `json:"base"`
		Suppressed bool         `json:"suppressed"`
		Options    []jsonOption `json:"options"`
		Items      []jsonItem   `json:"items"`
	}
	jsonItem struct {
		ID          string       `json:"id"`
		Label       string       `json:"label"`
		Base        *int         `json:"base"`
		Suppressed  bool         `json:"suppressed"`
		NetAgree    jsonFigure   `json:"net_agree"`
		NetDisagree jsonFigure   `json:"net_disagree"`
		Options     []jsonOption `json:"options"`
	}
	jsonFigure struct {
		Count      *int        `json:"count"`
		Percent    *float64    `json:"percent"`
		CI95       *[2]float64 `json:"ci95"`
		Suppressed bool        `json:"suppressed"`
	}
	jsonOption struct {
		Code  string `json:"code"`
		Label string `json:"label"`
		jsonFigure
	}
)

func decodeStrict(t *testing.T, s string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decoding the report JSON: %v\n%.2000s", err, s)
	}
}

// jsonReportOf runs staffnet report --format json with args and decodes it.
func jsonReportOf(t *testing.T, dsn string, args ...string) *jsonReport {
	t.Helper()
	code, out, errOut := cli(t, "", append([]string{"report", "--db", dsn, "--survey", slug, "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("report %v: exit %d: %s", args, code, errOut)
	}
	var r jsonReport
	decodeStrict(t, out, &r)
	return &r
}

// find is the first of items that match; fail says what is missing.
func find[T any](t *testing.T, items []T, match func(T) bool, fail string, a ...any) *T {
	t.Helper()
	i := slices.IndexFunc(items, match)
	if i < 0 {
		t.Fatalf(fail, a...)
	}
	return &items[i]
}

func (r *jsonReport) q(t *testing.T, id string) *jsonQ {
	t.Helper()
	return find(t, r.Questions, func(q jsonQ) bool { return q.ID == id }, "no question %q in the report", id)
}

func (q *jsonQ) opt(t *testing.T, code string) *jsonOption {
	t.Helper()
	return find(t, q.Options, func(o jsonOption) bool { return o.Code == code }, "question %s has no option %q", q.ID, code)
}

func (q *jsonQ) pct(t *testing.T, code string) float64 {
	t.Helper()
	o := q.opt(t, code)
	if o.Suppressed || o.Percent == nil {
		t.Fatalf("%s=%s is suppressed", q.ID, code)
	}
	return *o.Percent
}

func deref(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}

func importMapping2016(t *testing.T, dsn string) {
	t.Helper()
	code, out, errOut := cli(t, "", "responses", "import", "--db", dsn, "--survey", slug, filepath.Join("..", "..", "internal", "report", "testdata", "mapping-2016.csv"))
	if code != 0 || !strings.Contains(out, "imported 1423 responses") {
		t.Fatalf("import: exit %d: %s%s", code, out, errOut)
	}
}

// TestReport2016Figures: importing a responses file that carries the 2016
// survey's marginals and running staffnet report reproduces every percent
// the published 2016 report states, to the precision it was published.
func TestReport2016Figures(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		importMapping2016(t, dsn)
		// published checks that got rounds to want at dp decimal places.
		published := func(what string, got, want float64, dp int) {
			t.Helper()
			s := math.Pow(10, float64(dp))
			if math.Round(got*s)/s != want {
				t.Errorf("%s: %.3f%% does not round to the published %v%%", what, got, want)
			}
		}

		all := jsonReportOf(t, dsn)
		if all.Survey != slug || deref(all.Respondents) != 1423 || all.Suppressed || all.Threshold != 11 || len(all.Filters) != 0 {
			t.Fatalf("header: survey %q respondents %d suppressed %v threshold %d filters %v",
				all.Survey, deref(all.Respondents), all.Suppressed, all.Threshold, all.Filters)
		}
		region := all.q(t, "region")
		for code, want := range map[string]float64{"south_east": 21.2, "south_west": 15.0, "london": 18.7, "north_east": 5.6,
			"north_west": 11.3, "east_midlands": 5.5, "yorkshire_humber": 11.6} {
			published("region "+code, region.pct(t, code), want, 1)
		}
		published("region west_midlands", region.pct(t, "west_midlands"), 11, 0)
		occ := all.q(t, "occupation")
		for code, want := range map[string]float64{"administrative": 36, "clinical": 42, "other_support": 22} {
			published("staff group "+code, occ.pct(t, code), want, 0)
		}
		has := all.q(t, "has_bme_network")
		published("has a BME network", has.pct(t, "yes"), 59, 0)
		published("no BME network", has.pct(t, "no")+has.pct(t, "dont_know"), 41, 0)

		// Other networks, where there is a BME network.
		withNet := jsonReportOf(t, dsn, "--where", "has_bme_network=yes")
		if deref(withNet.Respondents) != 840 || len(withNet.Filters) != 1 || withNet.Filters[0].Question != "has_bme_network" {
			t.Fatalf("has_bme_network=yes: respondents %d, filters %+v", deref(withNet.Respondents), withNet.Filters)
		}
		other := withNet.q(t, "other_networks")
		for code, want := range map[string]float64{"lgbti": 82.8, "disability": 67.9, "faith": 27.2, "parents_carers": 21.5, "flexible_workers": 12.3} {
			published("also had "+code, other.pct(t, code), want, 1)
		}
		published("also had gender", other.pct(t, "gender"), 18, 0)

		// Would benefit: routing makes the base those without a
		// network (or who do not know); the filter changes nothing.
		wb := all.q(t, "would_benefit")
		if deref(wb.Base) != 583 {
			t.Errorf("would_benefit base %d, want 583", deref(wb.Base))
		}
		published("would benefit", wb.pct(t, "yes"), 69, 0)
		published("would not benefit", wb.pct(t, "no"), 31, 0)
		without := jsonReportOf(t, dsn, "--where", "has_bme_network=no,dont_know")
		published("would benefit, filtered", without.q(t, "would_benefit").pct(t, "yes"), 69, 0)
		published("without a BME network but with others", 100-without.q(t, "other_networks").pct(t, "none"), 24, 0)
		withOthers := jsonReportOf(t, dsn, "--where", "has_bme_network=no,dont_know",
			"--where", "other_networks=lgbti,disability,faith,parents_carers,gender,flexible_workers,other")
		if deref(withOthers.Respondents) != 140 {
			t.Errorf("without a BME network but with others: %d respondents", deref(withOthers.Respondents))
		}
		for code, want := range map[string]float64{"lgbti": 65, "disability": 49, "parents_carers": 17, "faith": 17, "flexible_workers": 12, "gender": 10} {
			published("others where there is no BME network: "+code, withOthers.q(t, "other_networks").pct(t, code), want, 0)
		}

		// Effectiveness, of the 840 with a network.
		eff := all.q(t, "effectiveness")
		if deref(eff.Base) != 840 {
			t.Errorf("effectiveness base %d", deref(eff.Base))
		}
		published("effective or very effective", eff.pct(t, "very_effective")+eff.pct(t, "effective"), 60, 0)
		effective := jsonReportOf(t, dsn, "--where", "effectiveness=very_effective,effective")
		if b := deref(effective.q(t, "relationships").Base); b != 504 {
			t.Errorf("relationships base among effective networks %d, want 504", b)
		}
		published("very effective, of effective", effective.q(t, "effectiveness").pct(t, "very_effective"), 23, 0)
		published("effective, of effective", effective.q(t, "effectiveness").pct(t, "effective"), 77, 0)
		rel := effective.q(t, "relationships")
		for code, want := range map[string]float64{"other_networks": 59, "trade_unions": 57, "edi_team": 79, "hr": 66, "board": 57} {
			published("relationship with "+code, rel.pct(t, code), want, 0)
		}
		for _, code := range []string{"other_trusts_networks", "community_groups", "leadership_academy"} {
			if rel.pct(t, code) <= 0 {
				t.Errorf("relationship with %s: none", code)
			}
		}

		published("unsure how the network works", all.q(t, "knows_how_network_works").pct(t, "unsure"), 53, 0)
		support := all.q(t, "support_needed")
		if len(support.Items) == 0 || support.Items[0].ID != "allocated_time" {
			t.Fatalf("support_needed items: %+v", support.Items)
		}
		if na := support.Items[0].NetAgree; na.Percent == nil || *na.Percent <= 80 {
			t.Errorf("allocated time, net agree: %+v, want over 80%%", na)
		}

		// Every shown percent is count/base with a Wilson interval
		// around it; free text shows a base and nothing else.
		for _, q := range all.Questions {
			if q.Type == "text" {
				if len(q.Options) != 0 || len(q.Items) != 0 {
					t.Errorf("text question %s shows answers", q.ID)
				}
				continue
			}
			for _, o := range q.Options {
				checkFigure(t, q.ID+"="+o.Code, o.jsonFigure, q.Base)
			}
			for _, it := range q.Items {
				for _, o := range it.Options {
					checkFigure(t, q.ID+"."+it.ID+"="+o.Code, o.jsonFigure, it.Base)
				}
			}
		}
	})
}

func checkFigure(t *testing.T, what string, f jsonFigure, base *int) {
	t.Helper()
	if f.Suppressed {
		if f.Count != nil || f.Percent != nil || f.CI95 != nil {
			t.Errorf("%s: suppressed but shows %+v", what, f)
		}
		return
	}
	if f.Count == nil || base == nil || *base == 0 || f.Percent == nil || f.CI95 == nil {
		return
	}
	if want := 100 * float64(*f.Count) / float64(*base); math.Abs(*f.Percent-want) > 1e-9 {
		t.Errorf("%s: percent %v, want %d/%d = %v", what, *f.Percent, *f.Count, *base, want)
	}
	// 1e-9: for a count of 0 the engine's Wilson lower bound comes out as
	// about 2e-17 rather than 0 (floating-point cancellation; reported).
	if lo, hi := f.CI95[0], f.CI95[1]; lo < 0 || hi > 100 || lo > *f.Percent+1e-9 || hi < *f.Percent-1e-9 {
		t.Errorf("%s: ci95 %v does not hold %v", what, *f.CI95, *f.Percent)
	}
}

// TestReportFormatsAndBreakdown covers --by and every output format.
func TestReportFormatsAndBreakdown(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "r.db")
	importMapping2016(t, dsn)

	by := jsonReportOf(t, dsn, "--by", "region")
	if by.By == nil || by.By.Question != "region" {
		t.Fatalf("--by region: by = %+v", by.By)
	}
	cols := by.By.Columns
	if last := cols[len(cols)-1]; last.Code != "_not_answered" {
		t.Errorf("last column %q, want _not_answered", last.Code)
	}
	sum := 0
	for _, c := range cols {
		if c.Respondents != nil {
			sum += *c.Respondents
		}
	}
	if sum != 1423 {
		t.Errorf("shown column respondents add up to %d, want 1423 (only _not_answered's 1 may be small, and it is shown)", sum)
	}
	has := by.q(t, "has_bme_network")
	if len(has.By) != len(cols) {
		t.Fatalf("has_bme_network has %d columns, the breakdown %d", len(has.By), len(cols))
	}
	for i, c := range has.By {
		if c.Code != cols[i].Code {
			t.Errorf("column %d: %q, want %q", i, c.Code, cols[i].Code)
		}
		// Column percents: of the column's own base.
		for _, o := range c.Options {
			checkFigure(t, "has_bme_network/"+c.Code+"/"+o.Code, o.jsonFigure, c.Base)
		}
	}
	if len(by.q(t, "region").By) != 0 {
		t.Errorf("the by question has columns of its own")
	}
	if code, _, errOut := cli(t, "", "report", "--db", dsn, "--survey", slug, "--by", "benefits_comment"); code == 0 || !strings.Contains(errOut, "benefits_comment") {
		t.Errorf("--by a text question: exit %d: %s", code, errOut)
	}

	code, out, errOut := cli(t, "", "report", "--db", dsn, "--survey", slug, "--format", "csv", "--where", "has_bme_network=yes")
	if code != 0 || !strings.HasPrefix(out, "question,title,item,column,code,label,base,count,percent,ci95_low,ci95_high,suppressed\n") {
		t.Fatalf("csv: exit %d: %.300s %s", code, out, errOut)
	}
	if !regexp.MustCompile(`(?m)^other_networks,[^\n]*,lgbti,[^\n]*,839,695,82\.8`).MatchString(out) {
		t.Errorf("csv has no line for other_networks=lgbti 695 of 839:\n%.2000s", out)
	}

	xlsx := filepath.Join(t.TempDir(), "r.xlsx")
	if code, _, errOut := cli(t, "", "report", "--db", dsn, "--survey", slug, "--format", "xlsx", "--out", xlsx); code != 0 {
		t.Fatalf("xlsx: %s", errOut)
	}
	if b, err := os.ReadFile(xlsx); err != nil || !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		t.Fatalf("xlsx is not a zip file (%v)", err)
	}

	code, out, errOut = cli(t, "", "report", "--db", dsn, "--survey", slug, "--format", "html", "--by", "occupation")
	if code != 0 {
		t.Fatalf("html: %s", errOut)
	}
	for _, want := range []string{"<svg", `<figure class="chart"`, "<table", "<th scope=", "Base: 1423 people answered.", "Which region of England do you work in?"} {
		if !strings.Contains(out, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	if strings.Contains(out, "<script") || strings.Contains(out, `src="http`) {
		t.Errorf("html is not self-contained")
	}

	if code, _, errOut := cli(t, "", "report", "--db", dsn, "--survey", slug, "--format", "pdf"); code != 2 || !strings.Contains(errOut, "--format must be") {
		t.Errorf("--format pdf: exit %d: %s", code, errOut)
	}
}

func TestReportBadWhere(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "r.db")
	importMapping2016(t, dsn)
	for _, c := range []struct {
		where string
		exit  int
		want  string
	}{
		{"region", 2, `--where region: bad filter "region": want question=code`},
		{"region=", 2, "want question=code"},
		{"region=london,,wales", 2, "empty code"},
		{"regio=london", 1, `no question "regio"`},
		{"region=narnia", 1, `"narnia" is not an option of region`},
		{"benefits_comment=x", 1, "benefits_comment"},
	} {
		code, out, errOut := cli(t, "", "report", "--db", dsn, "--survey", slug, "--where", c.where)
		if code != c.exit || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("--where %s: exit %d (want %d), stdout %d bytes, stderr:\n%s\nwant it to contain %q", c.where, code, c.exit, len(out), errOut, c.want)
		}
	}
}

// TestReportSuppression: a population under the threshold shows no
// figure at all, and small cells are null, never 0.
func TestReportSuppression(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		var in strings.Builder
		in.WriteString(header(t) + "\n")
		for i := 0; i < 40; i++ {
			region, network := "london", "yes"
			if i < 3 {
				region = "north_east"
			}
			if i%4 == 0 {
				network = "no"
			}
			kv := map[string]string{"response_id": "s" + strconv.Itoa(i), "submitted_on": "2016-06-01", "region": region, "has_bme_network": network}
			if network == "yes" {
				kv["effectiveness"] = "effective"
			}
			in.WriteString(row(t, kv) + "\n")
		}
		if code, _, errOut := cli(t, "", "responses", "import", "--db", dsn, "--survey", slug, write(t, "small.csv", in.String())); code != 0 {
			t.Fatal(errOut)
		}

		all := jsonReportOf(t, dsn)
		if deref(all.Respondents) != 40 || all.Suppressed {
			t.Fatalf("respondents %d, suppressed %v", deref(all.Respondents), all.Suppressed)
		}
		region := all.q(t, "region")
		if ne := region.opt(t, "north_east"); !ne.Suppressed || ne.Count != nil || ne.Percent != nil || ne.CI95 != nil {
			t.Errorf("3 in the north east shown: %+v", ne.jsonFigure)
		}
		// 37 in London with the rest of the base visible would give the
		// 3 away by subtraction: London must go too.
		if l := region.opt(t, "london"); !l.Suppressed || l.Count != nil {
			t.Errorf("London shown beside a hidden North East in a visible base: %+v", l.jsonFigure)
		}
		if wm := region.opt(t, "west_midlands"); wm.Suppressed || wm.Count == nil || *wm.Count != 0 {
			t.Errorf("a zero is hidden or missing: %+v", wm.jsonFigure)
		}

		ne := jsonReportOf(t, dsn, "--where", "region=north_east")
		if !ne.Suppressed || ne.Respondents != nil {
			t.Fatalf("population of 3: suppressed %v, respondents %v", ne.Suppressed, ne.Respondents)
		}
		for _, q := range ne.Questions {
			if q.Base != nil || (q.Type != "text" && !q.Suppressed) {
				t.Errorf("population of 3: question %s shows base %d (suppressed %v)", q.ID, deref(q.Base), q.Suppressed)
			}
			for _, o := range q.Options {
				if o.Count != nil || o.Percent != nil {
					t.Errorf("population of 3: %s=%s shows %+v", q.ID, o.Code, o.jsonFigure)
				}
			}
		}
		// The raw text must say null, not 0, for the suppressed figures.
		_, out, _ := cli(t, "", "report", "--db", dsn, "--survey", slug, "--where", "region=north_east")
		if !strings.Contains(out, `"respondents": null`) || strings.Contains(out, `"count": 0`) {
			t.Errorf("suppressed report JSON: %.500s", out)
		}
		// The threshold is a flag: with 2, three people are enough.
		if r := jsonReportOf(t, dsn, "--where", "region=north_east", "--threshold", "2"); deref(r.Respondents) != 3 || r.Threshold != 2 {
			t.Errorf("--threshold 2: respondents %d, threshold %d", deref(r.Respondents), r.Threshold)
		}
		if code, _, _ := cli(t, "", "report", "--db", dsn, "--survey", slug, "--threshold", "0"); code != 2 {
			t.Errorf("--threshold 0 accepted")
		}
	})
}

type jsonComparison struct {
	A, B struct {
		Survey      string       `json:"survey"`
		Filters     []jsonFilter `json:"filters"`
		Respondents *int         `json:"respondents"`
		Suppressed  bool         `json:"suppressed"`
	}
	Questions []struct {
		ID      string           `json:"id"`
		Type    string           `json:"type"`
		Title   string           `json:"title"`
		BaseA   *int             `json:"base_a"`
		BaseB   *int             `json:"base_b"`
		Options []jsonDifference `json:"options"`
		Items   []struct {
			ID          string           `json:"id"`
			Label       string           `json:"label"`
			BaseA       *int             `json:"base_a"`
			BaseB       *int             `json:"base_b"`
			NetAgree    jsonDifference   `json:"net_agree"`
			NetDisagree jsonDifference   `json:"net_disagree"`
			Options     []jsonDifference `json:"options"`
		} `json:"items"`
	} `json:"questions"`
}

type jsonDifference struct {
	Code        string   `json:"code"`
	Label       string   `json:"label"`
	PercentA    *float64 `json:"percent_a"`
	PercentB    *float64 `json:"percent_b"`
	Difference  *float64 `json:"difference"`
	Z           *float64 `json:"z"`
	P           *float64 `json:"p"`
	Significant bool     `json:"significant"`
}

func TestReportComparison(t *testing.T) {
	t.Parallel()
	dsn := filepath.Join(t.TempDir(), "r.db")
	importMapping2016(t, dsn)
	code, out, errOut := cli(t, "", "report", "--db", dsn, "--survey", slug,
		"--where", "has_bme_network=yes", "--vs-where", "has_bme_network=no,dont_know")
	if code != 0 {
		t.Fatalf("comparison: exit %d: %s", code, errOut)
	}
	var c jsonComparison
	decodeStrict(t, out, &c)
	if deref(c.A.Respondents) != 840 || deref(c.B.Respondents) != 583 || c.A.Survey != slug || c.B.Survey != slug {
		t.Fatalf("sides: %+v / %+v", c.A, c.B)
	}
	found := false
	for _, q := range c.Questions {
		if q.Type == "text" {
			t.Errorf("text question %s compared", q.ID)
		}
		for _, o := range q.Options {
			if o.PercentA == nil || o.PercentB == nil {
				if o.Difference != nil || o.Z != nil || o.P != nil {
					t.Errorf("%s=%s: a difference with a hidden side", q.ID, o.Code)
				}
				continue
			}
			if o.Difference == nil || math.Abs(*o.Difference-(*o.PercentA-*o.PercentB)) > 1e-9 {
				t.Errorf("%s=%s: difference %v, want %v − %v", q.ID, o.Code, o.Difference, *o.PercentA, *o.PercentB)
			}
			if o.P == nil || *o.P < 0 || *o.P > 1 || o.Significant != (*o.P < 0.05) {
				t.Errorf("%s=%s: p %v, significant %v", q.ID, o.Code, o.P, o.Significant)
			}
		}
		if q.ID == "other_networks" {
			found = true
			// 695 of 839 against 91 of 583 tick LGBTI: a large, certain difference.
			for _, o := range q.Options {
				if o.Code == "lgbti" && (!o.Significant || *o.Difference < 60) {
					t.Errorf("other_networks=lgbti: %+v", o)
				}
			}
		}
	}
	if !found {
		t.Errorf("other_networks is not compared")
	}
	if code, _, errOut := cli(t, "", "report", "--db", dsn, "--survey", slug, "--vs-where", "region=london", "--format", "html"); code != 2 || !strings.Contains(errOut, "JSON only") {
		t.Errorf("comparison as html: exit %d: %s", code, errOut)
	}
	if code, _, errOut := cli(t, "", "report", "--db", dsn, "--survey", slug, "--vs-where", "region=narnia"); code != 1 || !strings.Contains(errOut, "narnia") {
		t.Errorf("bad --vs-where: exit %d: %s", code, errOut)
	}
}

// TestDemoGenerate: generated responses are stored, follow the survey's
// rules (an export of them imports cleanly into a fresh database) and
// are reproducible from the seed.
func TestDemoGenerate(t *testing.T) {
	t.Parallel()
	const n = 600
	eachDB(t, func(t *testing.T, dsn string) {
		code, out, errOut := cli(t, "", "demo", "generate", "--db", dsn, "--survey", slug, "--responses", strconv.Itoa(n), "--seed", "7")
		if code != 0 || !strings.Contains(out, "added 600 synthetic responses") {
			t.Fatalf("demo generate: exit %d: %s%s", code, out, errOut)
		}
		if _, out, _ := cli(t, "", "survey", "list", "--db", dsn); !strings.Contains(out, "\t600 responses") {
			t.Fatalf("survey list: %s", out)
		}
		if r := jsonReportOf(t, dsn); deref(r.Respondents) != n {
			t.Errorf("report respondents %d", deref(r.Respondents))
		}
		code, exported, errOut := cli(t, "", "responses", "export", "--db", dsn, "--survey", slug)
		if code != 0 {
			t.Fatal(errOut)
		}
		fresh := filepath.Join(t.TempDir(), "fresh.db")
		code, out, errOut = cli(t, "", "responses", "import", "--db", fresh, "--survey", slug, write(t, "demo.csv", exported))
		if code != 0 || !strings.Contains(out, "imported 600 responses") {
			t.Fatalf("generated responses do not import: exit %d: %s%.3000s", code, out, errOut)
		}
		if _, again, _ := cli(t, "", "responses", "export", "--db", fresh, "--survey", slug); again != exported {
			t.Errorf("export after re-import differs")
		}
		// The same seed makes the same ids: refused, not doubled.
		if code, _, errOut := cli(t, "", "demo", "generate", "--db", dsn, "--survey", slug, "--responses", "5", "--seed", "7"); code != 1 || !strings.Contains(errOut, "another --seed") {
			t.Errorf("same seed again: exit %d: %s", code, errOut)
		}
		if code, out, _ := cli(t, "", "demo", "generate", "--db", dsn, "--survey", slug, "--responses", "5", "--seed", "8"); code != 0 || !strings.Contains(out, "added 5") {
			t.Errorf("another seed: exit %d: %s", code, out)
		}
	})
	other := filepath.Join(t.TempDir(), "seed.db")
	cli(t, "", "demo", "generate", "--db", other, "--survey", slug, "--responses", "50", "--seed", "3")
	other2 := filepath.Join(t.TempDir(), "seed2.db")
	cli(t, "", "demo", "generate", "--db", other2, "--survey", slug, "--responses", "50", "--seed", "3")
	_, a, _ := cli(t, "", "responses", "export", "--db", other, "--survey", slug)
	_, b, _ := cli(t, "", "responses", "export", "--db", other2, "--survey", slug)
	if a != b || strings.Count(a, "\n") != 51 {
		t.Errorf("the same seed gives different responses (%d and %d lines)", strings.Count(a, "\n"), strings.Count(b, "\n"))
	}
	if code, _, errOut := cli(t, "", "demo", "generate", "--db", other, "--survey", slug, "--responses", "0"); code != 2 || !strings.Contains(errOut, "at least 1") {
		t.Errorf("--responses 0: exit %d: %s", code, errOut)
	}
}
