package survey

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// cellErrorFormat is the shape every import error must have.
var cellErrorFormat = regexp.MustCompile(`(?s)^row [1-9][0-9]*, column \S+: \S.*$`)

func errorStrings(errs []CellError) []string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return s
}

// record builds a CSV record for header, with response_id r1 and
// submitted_on 2016-05-01 unless cells says otherwise.
func record(header []string, cells map[string]string) []string {
	rec := make([]string, len(header))
	for i, h := range header {
		switch v, ok := cells[h]; {
		case ok:
			rec[i] = v
		case h == ColID:
			rec[i] = "r1"
		case h == ColDate:
			rec[i] = "2016-05-01"
		}
	}
	return rec
}

func TestNewRowDecoderErrors(t *testing.T) {
	d := mapping(t)
	full := d.Header()
	for _, tc := range []struct {
		name   string
		header []string
		want   []string
	}{
		{"full header", full, nil},
		{"leading BOM", append([]string{"\ufeff" + ColID}, full[1:]...), nil},
		{"only the fixed columns", []string{ColID, ColDate}, nil},
		{"any order", []string{"other_comments", ColDate, "region", ColID}, nil},
		{"unknown column", append(slices.Clone(full), "colour"),
			[]string{"row 1, column colour: unknown column: not a question of this survey"}},
		{"Likert question without item", []string{ColID, ColDate, "support_needed"},
			[]string{"row 1, column support_needed: unknown column: not a question of this survey"}},
		{"unknown Likert item", []string{ColID, ColDate, "support_needed.money"},
			[]string{"row 1, column support_needed.money: unknown column: not a question of this survey"}},
		{"names are case-sensitive", []string{ColID, ColDate, "Region"},
			[]string{"row 1, column Region: unknown column: not a question of this survey"}},
		{"BOM on a later column", []string{ColID, "\ufeff" + ColDate, ColDate},
			[]string{`row 1, column 2: unknown column "\ufeffsubmitted_on": not a question of this survey`}},
		{"name with trailing space", []string{ColID, ColDate, "region "},
			[]string{`row 1, column 3: unknown column "region ": not a question of this survey`}},
		{"name with newline", []string{ColID, ColDate, "other\ncomments"},
			[]string{`row 1, column 3: unknown column "other\ncomments": not a question of this survey`}},
		{"duplicate column", []string{ColID, ColDate, "region", "occupation", "region"},
			[]string{"row 1, column region: column appears twice"}},
		{"duplicate response_id", []string{ColID, ColDate, ColID},
			[]string{"row 1, column response_id: column appears twice"}},
		{"missing response_id", []string{ColDate, "region"},
			[]string{"row 1, column response_id: required column is missing"}},
		{"missing submitted_on", []string{ColID, "region"},
			[]string{"row 1, column submitted_on: required column is missing"}},
		{"empty header", nil,
			[]string{"row 1, column response_id: required column is missing", "row 1, column submitted_on: required column is missing"}},
		{"unnamed column", []string{ColID, ColDate, "", "region"},
			[]string{"row 1, column 3: column has no name"}},
		{"several problems", []string{"id", ColDate, "region", "region", "zzz"},
			[]string{"row 1, column id: unknown column: not a question of this survey",
				"row 1, column region: column appears twice",
				"row 1, column zzz: unknown column: not a question of this survey",
				"row 1, column response_id: required column is missing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := d.NewRowDecoder(tc.header)
			wantCellErrors(t, errs, tc.want)
		})
	}
}

// The decoder keeps its own copy of the header: a CSV reader with
// ReuseRecord overwrites the slice it returned, and the caller's header
// is not changed (its BOM is not stripped behind its back).
func TestNewRowDecoderKeepsHeader(t *testing.T) {
	d := mapping(t)
	header := []string{"\ufeff" + ColID, ColDate, "region"}
	rd, errs := d.NewRowDecoder(header)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if header[0] != "\ufeff"+ColID {
		t.Errorf("caller's header changed to %q", header)
	}
	header[2] = "overwritten"
	r := d.NewResponse()
	errs = rd.Decode(2, []string{"r1", "2016-05-01", "atlantis"}, r)
	if len(errs) != 1 || errs[0].Column != "region" {
		t.Errorf("errors %q, want one in column region", errorStrings(errs))
	}
}

func TestRowDecoderErrors(t *testing.T) {
	d := mapping(t)
	header := d.Header()
	regions := "east_of_england, london, east_midlands, west_midlands, north_east, north_west, south_east, south_west, yorkshire_humber"
	networks := "lgbti, disability, faith, parents_carers, gender, flexible_workers, other, none"
	scale := "strongly_agree, agree, neither, disagree, strongly_disagree"
	// The messages for a bad date and a bad response id, which name the
	// value as given.
	badDate := func(v string) []string {
		return []string{`row 7, column submitted_on: date "` + v + `" must be a real date written YYYY-MM-DD`}
	}
	badID := func(v string) []string {
		return []string{`row 7, column response_id: response id "` + v + `" must be 1–64 letters, digits, '-' or '_'`}
	}
	for _, tc := range []struct {
		name  string
		cells map[string]string
		want  []string
	}{
		{"empty row", nil, nil},
		{"leap day", map[string]string{ColDate: "2016-02-29"}, nil},
		{"unknown code", map[string]string{"region": "Londn"},
			[]string{`row 7, column region: unknown code "Londn" (expected one of ` + regions + `)`}},
		{"codes are case-sensitive", map[string]string{"region": "London"},
			[]string{`row 7, column region: unknown code "London" (expected one of ` + regions + `)`}},
		{"label instead of code", map[string]string{"occupation": "Clinical"},
			[]string{`row 7, column occupation: unknown code "Clinical" (expected one of administrative, clinical, other_support)`}},
		{"unknown code among several", map[string]string{"other_networks": "lgbti;pets"},
			[]string{`row 7, column other_networks: unknown code "pets" (expected one of ` + networks + `)`}},
		{"empty code in a list", map[string]string{"other_networks": "lgbti;"},
			[]string{`row 7, column other_networks: unknown code "" (expected one of ` + networks + `)`}},
		{"code twice", map[string]string{"other_networks": "faith;faith"},
			[]string{`row 7, column other_networks: code "faith" appears twice`}},
		{"unknown Likert code", map[string]string{"support_needed.budget": "maybe"},
			[]string{`row 7, column support_needed.budget: unknown code "maybe" (expected one of ` + scale + `)`}},
		{"two codes in a single-choice cell", map[string]string{"region": "london;north_east"},
			[]string{`row 7, column region: "london;north_east" has several codes but this question takes one answer`}},
		{"two codes in a Likert cell", map[string]string{"support_needed.allocated_time": "agree;disagree"},
			[]string{`row 7, column support_needed.allocated_time: "agree;disagree" has several codes but this question takes one answer`}},
		{"exclusive combined with others", map[string]string{"other_networks": "gender;none"},
			[]string{`row 7, column other_networks: "None of these" cannot be combined with other answers`}},
		{"exclusive combined on the yes route", map[string]string{"has_bme_network": "yes", "relationships": "none;hr;board"},
			[]string{`row 7, column relationships: "None of these" cannot be combined with other answers`}},
		{"answer to a question routing hides", map[string]string{"has_bme_network": "no", "effectiveness": "effective"},
			[]string{"row 7, column effectiveness: is answered but routing hides this question"}},
		{"answer to a question routing hides (unanswered)", map[string]string{"relationships": "hr"},
			[]string{"row 7, column relationships: is answered but routing hides this question"}},
		{"answer on the other route", map[string]string{"has_bme_network": "yes", "would_benefit": "yes"},
			[]string{"row 7, column would_benefit: is answered but routing hides this question"}},
		{"impossible date", map[string]string{ColDate: "2016-02-30"}, badDate("2016-02-30")},
		{"not a leap year", map[string]string{ColDate: "2015-02-29"}, badDate("2015-02-29")},
		{"month 13", map[string]string{ColDate: "2016-13-01"}, badDate("2016-13-01")},
		{"no leading zeros", map[string]string{ColDate: "2016-5-1"}, badDate("2016-5-1")},
		{"slashes", map[string]string{ColDate: "01/05/2016"}, badDate("01/05/2016")},
		{"date and time", map[string]string{ColDate: "2016-05-01T09:30:00Z"}, badDate("2016-05-01T09:30:00Z")},
		{"date with space", map[string]string{ColDate: " 2016-05-01"}, badDate(" 2016-05-01")},
		{"empty date", map[string]string{ColDate: ""}, badDate("")},
		{"empty response id", map[string]string{ColID: ""}, badID("")},
		{"response id with space", map[string]string{ColID: "r 1"}, badID("r 1")},
		{"response id too long", map[string]string{ColID: strings.Repeat("r", 65)}, badID(strings.Repeat("r", 65))},
		{"text too long", map[string]string{"other_comments": strings.Repeat("ü", 5001)},
			[]string{"row 7, column other_comments: must be 5000 characters or fewer (it has 5001)"}},
		{"text not UTF-8", map[string]string{"other_comments": "\xff"},
			[]string{"row 7, column other_comments: is not valid UTF-8 text"}},
		{"several problems in one row", map[string]string{ColID: "", ColDate: "2016-5-1", "region": "mars", "occupation": "a;b"},
			[]string{
				`row 7, column response_id: response id "" must be 1–64 letters, digits, '-' or '_'`,
				`row 7, column submitted_on: date "2016-5-1" must be a real date written YYYY-MM-DD`,
				`row 7, column region: unknown code "mars" (expected one of ` + regions + `)`,
				`row 7, column occupation: "a;b" has several codes but this question takes one answer`,
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, herrs := d.NewRowDecoder(header)
			if len(herrs) > 0 {
				t.Fatal(herrs)
			}
			r := d.NewResponse()
			errs := rd.Decode(7, record(header, tc.cells), r)
			wantCellErrors(t, errs, tc.want)
		})
	}
}

func TestRowDecoderCellCount(t *testing.T) {
	d := mapping(t)
	rd, _ := d.NewRowDecoder([]string{ColID, ColDate, "region", "other_comments"})
	r := d.NewResponse()
	for _, tc := range []struct {
		rec  []string
		want string
	}{
		{[]string{"r1", "2016-05-01", "london"}, "row 4, column other_comments: the row has 3 cells, the header has 4"},
		{[]string{"r1"}, "row 4, column submitted_on: the row has 1 cells, the header has 4"},
		{nil, "row 4, column response_id: the row has 0 cells, the header has 4"},
		{[]string{"r1", "2016-05-01", "london", "", ""}, "row 4, column 5: the row has 5 cells, the header has 4"},
	} {
		errs := rd.Decode(4, tc.rec, r)
		if got := errorStrings(errs); len(got) != 1 || got[0] != tc.want {
			t.Errorf("%q: errors %q, want %q", tc.rec, got, tc.want)
		}
	}
}

func TestRowDecoderPartialColumns(t *testing.T) {
	d := mapping(t)
	rd, errs := d.NewRowDecoder([]string{"effectiveness", ColDate, "has_bme_network", ColID, "support_needed.budget"})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	r := d.NewResponse()
	// Fill r with stale answers: Decode must clear them.
	for i := range r.Slots {
		r.Slots[i] = 1
	}
	r.Texts[0], r.Texts[1] = "stale", "stale"
	if errs := rd.Decode(2, []string{"effective", "2016-06-30", " yes ", "abc", "neither"}, r); len(errs) > 0 {
		t.Fatal(errorStrings(errs))
	}
	want := d.NewResponse()
	want.ID, want.SubmittedOn = "abc", "2016-06-30"
	answer(t, d, want, "has_bme_network", "yes")
	answer(t, d, want, "effectiveness", "effective")
	answer(t, d, want, "support_needed.budget", "neither")
	if !reflect.DeepEqual(r, want) {
		t.Errorf("decoded\n%+v\nwant\n%+v", r, want)
	}
	// Spaces around multiple-choice codes are forgiven.
	rd, _ = d.NewRowDecoder([]string{ColID, ColDate, "other_networks"})
	if errs := rd.Decode(2, []string{"x", "2016-06-30", "lgbti; faith ;other"}, r); len(errs) > 0 {
		t.Fatal(errorStrings(errs))
	}
	if got := d.Codes(r, d.Question("other_networks").Slot()); !slices.Equal(got, []string{"lgbti", "faith", "other"}) {
		t.Errorf("codes %v", got)
	}
}

// sampleResponses returns responses along both routes, with free text
// that needs quoting.
func sampleResponses(t testing.TB, d *Definition) []*Response {
	texts := []string{
		`She said "we meet monthly", and "it helps"`,
		"line one\nline two\n\nline four",
		"Café, naïve — 日本語 🙂; Ünïcödé",
		" leading and trailing spaces ",
		"a;b,c",
		`"`,
		"",
		"# not a comment",
		"\"quoted\"\n,\n",
		`\N`,
		"tab\tseparated",
	}
	var rs []*Response
	for i, tx := range texts {
		r := d.NewResponse()
		r.ID = fmt.Sprintf("resp-%02d_%s", i, NewID())
		r.SubmittedOn = fmt.Sprintf("2016-%02d-%02d", i%12+1, i%28+1)
		answer(t, d, r, "region", d.Question("region").Options[i%9].Code)
		switch i % 3 {
		case 0:
			answer(t, d, r, "has_bme_network", "yes")
			answer(t, d, r, "effectiveness", "not_very_effective")
			answer(t, d, r, "relationships", "trade_unions", "board", "leadership_academy")
			answer(t, d, r, "other_networks", "none")
		case 1:
			answer(t, d, r, "has_bme_network", "dont_know")
			answer(t, d, r, "would_benefit", "yes")
			answer(t, d, r, "other_networks", "lgbti", "disability", "flexible_workers")
			answer(t, d, r, "support_needed.access_to_data", "strongly_agree")
			answer(t, d, r, "support_needed.budget", "strongly_disagree")
		}
		r.Texts[i%2] = tx
		r.Texts[(i+1)%2] = texts[(i+3)%len(texts)]
		if errs := d.Check(r); len(errs) > 0 {
			t.Fatal(errs)
		}
		rs = append(rs, r)
	}
	rs = append(rs, d.NewResponse())
	rs[len(rs)-1].ID, rs[len(rs)-1].SubmittedOn = "empty", "2017-01-01"
	return rs
}

func TestCSVRoundTrip(t *testing.T) {
	d := mapping(t)
	rs := sampleResponses(t, d)
	for _, tc := range []struct {
		name string
		crlf bool
		bom  bool
	}{{"LF", false, false}, {"CRLF", true, false}, {"BOM", false, true}} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if tc.bom {
				buf.WriteString("\ufeff")
			}
			w := csv.NewWriter(&buf)
			w.UseCRLF = tc.crlf
			w.Write(d.Header())
			var rec []string
			for _, r := range rs {
				rec = d.Row(rec, r)
				if len(rec) != len(d.Header()) {
					t.Fatalf("row has %d cells, header %d", len(rec), len(d.Header()))
				}
				w.Write(rec)
			}
			w.Flush()
			if err := w.Error(); err != nil {
				t.Fatal(err)
			}

			cr := csv.NewReader(bytes.NewReader(buf.Bytes()))
			cr.ReuseRecord = true
			header, err := cr.Read()
			if err != nil {
				t.Fatal(err)
			}
			rd, errs := d.NewRowDecoder(header)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			for i, want := range rs {
				rec, err := cr.Read()
				if err != nil {
					t.Fatalf("record %d: %v", i, err)
				}
				got := d.NewResponse()
				if errs := rd.Decode(i+2, rec, got); len(errs) > 0 {
					t.Fatalf("record %d: %q", i, errorStrings(errs))
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("record %d:\n got %#v\nwant %#v", i, got, want)
				}
			}
			if _, err := cr.Read(); err == nil {
				t.Error("more records than written")
			}
		})
	}
}

func TestRowFormat(t *testing.T) {
	d := mapping(t)
	r := d.NewResponse()
	r.ID, r.SubmittedOn = "abc", "2016-05-01"
	answer(t, d, r, "region", "london")
	answer(t, d, r, "has_bme_network", "yes")
	answer(t, d, r, "other_networks", "parents_carers", "disability")
	answer(t, d, r, "support_needed.leadership_programme", "neither")
	r.Texts[1] = "Thanks"
	want := []string{"abc", "2016-05-01", "london", "", "yes", "disability;parents_carers", "", "", "", "", "", "", "", "neither", "", "", "Thanks"}
	if got := d.Row(nil, r); !slices.Equal(got, want) {
		t.Errorf("row\n got %q\nwant %q", got, want)
	}
	// dst is reused.
	dst := make([]string, 0, 32)
	if got := d.Row(dst, r); &got[0] != &dst[:1][0] {
		t.Error("Row did not reuse dst")
	}
}

func TestCellErrorString(t *testing.T) {
	if s := (CellError{Row: 3, Column: "region", Reason: "bad"}).Error(); s != "row 3, column region: bad" {
		t.Error(s)
	}
	if s := (CellError{Row: 9, Reason: "malformed CSV"}).Error(); s != "row 9: malformed CSV" {
		t.Error(s)
	}
}

func TestFormRoundTrip(t *testing.T) {
	d := mapping(t)
	for i, r := range sampleResponses(t, d) {
		// The form carries what a browser sends: trimmed text with no
		// carriage returns, no id or date.
		r.ID, r.SubmittedOn = "", ""
		for j := range r.Texts {
			r.Texts[j] = strings.TrimSpace(r.Texts[j])
		}
		v := url.Values{}
		d.EncodeForm(r, v)
		for k, vals := range v {
			for _, s := range vals {
				if s == "" {
					t.Errorf("response %d: empty value for %s", i, k)
				}
			}
		}
		parsed, err := url.ParseQuery(v.Encode())
		if err != nil {
			t.Fatal(err)
		}
		got := d.NewResponse()
		if errs := d.DecodeForm(parsed, got, d.Questions()); len(errs) > 0 {
			t.Fatalf("response %d: %v", i, errs)
		}
		if !reflect.DeepEqual(got, r) {
			t.Errorf("response %d:\n got %#v\nwant %#v", i, got, r)
		}
	}
}

func TestEncodeForm(t *testing.T) {
	d := mapping(t)
	r := d.NewResponse()
	answer(t, d, r, "has_bme_network", "no")
	answer(t, d, r, "other_networks", "gender", "faith")
	answer(t, d, r, "support_needed.budget", "agree")
	r.Texts[0] = "Some text"
	v := url.Values{}
	d.EncodeForm(r, v)
	want := url.Values{
		"has_bme_network":       {"no"},
		"other_networks":        {"faith", "gender"},
		"support_needed.budget": {"agree"},
		"benefits_comment":      {"Some text"},
	}
	if !reflect.DeepEqual(v, want) {
		t.Errorf("form %v, want %v", v, want)
	}
}

func TestDecodeForm(t *testing.T) {
	d := mapping(t)
	all := d.Questions()
	for _, tc := range []struct {
		name  string
		query string
		want  map[string][]string // field -> codes; text questions -> text
		errs  []string
	}{
		{"nothing", "", nil, nil},
		{"empty values are unanswered", "region=&other_networks=&support_needed.budget=&benefits_comment=", nil, nil},
		{"answers", "region=london&other_networks=lgbti&other_networks=faith&support_needed.budget=agree&has_bme_network=yes&relationships=hr",
			map[string][]string{"region": {"london"}, "other_networks": {"lgbti", "faith"}, "support_needed.budget": {"agree"}, "has_bme_network": {"yes"}, "relationships": {"hr"}}, nil},
		{"text is trimmed and newlines normalised", "other_comments=%20%20line%20one%0D%0Aline%20two%0D%0A%0D%0A",
			map[string][]string{"other_comments": {"line one\nline two"}}, nil},
		{"stray carriage returns become newlines", "other_comments=a%0D%0D%0Ab%0Dc",
			map[string][]string{"other_comments": {"a\n\nb\nc"}}, nil},
		{"unknown single code", "region=atlantis&occupation=clinical",
			map[string][]string{"occupation": {"clinical"}}, []string{"region: choose one of the answers shown"}},
		{"label instead of code", "occupation=Clinical",
			nil, []string{"occupation: choose one of the answers shown"}},
		{"two values for a single question", "region=london&region=north_east",
			nil, []string{"region: choose one answer"}},
		{"two values, one empty", "region=london&region=",
			nil, []string{"region: choose one answer"}},
		{"unknown multiple code is dropped", "other_networks=lgbti&other_networks=pets&other_networks=gender",
			map[string][]string{"other_networks": {"lgbti", "gender"}}, []string{"other_networks: choose from the answers shown"}},
		{"repeated multiple code", "other_networks=faith&other_networks=faith",
			map[string][]string{"other_networks": {"faith"}}, nil},
		{"unknown Likert code", "support_needed.budget=maybe&support_needed.allocated_time=agree",
			map[string][]string{"support_needed.allocated_time": {"agree"}}, []string{"support_needed.budget: choose one of the answers shown"}},
		{"two values for a Likert item", "support_needed.budget=agree&support_needed.budget=disagree",
			nil, []string{"support_needed.budget: choose one answer"}},
		{"Likert answered by question id", "support_needed=agree", nil, nil},
		{"code of another question", "has_bme_network=london",
			nil, []string{"has_bme_network: choose one of the answers shown"}},
		{"unknown fields are ignored", "colour=red&region.x=london", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := url.ParseQuery(tc.query)
			if err != nil {
				t.Fatal(err)
			}
			r := d.NewResponse()
			// Stale answers must be replaced, never merged.
			for i := range r.Slots {
				r.Slots[i] = 1
			}
			r.Texts[0], r.Texts[1] = "stale", "stale"
			errs := d.DecodeForm(v, r, all)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if !slices.Equal(got, tc.errs) {
				t.Errorf("errors %q, want %q", got, tc.errs)
			}
			want := d.NewResponse()
			for field, codes := range tc.want {
				if q := d.Question(field); q != nil && q.Type == Text {
					want.Texts[q.Slot()] = codes[0]
					continue
				}
				answer(t, d, want, field, codes...)
			}
			if !reflect.DeepEqual(r, want) {
				t.Errorf("decoded\n got %+v\nwant %+v", r, want)
			}
		})
	}
}

// DecodeForm touches only the questions it is given: a page at a time.
func TestDecodeFormOnePage(t *testing.T) {
	d := mapping(t)
	r := d.NewResponse()
	answer(t, d, r, "region", "london")
	r.Texts[1] = "kept"
	var page []*Question
	for _, q := range d.Pages[1].Questions {
		page = append(page, d.Question(q.ID))
	}
	v, _ := url.ParseQuery("has_bme_network=no&region=north_east&other_comments=changed")
	if errs := d.DecodeForm(v, r, page); len(errs) > 0 {
		t.Fatal(errs)
	}
	if got := d.Codes(r, d.Question("region").Slot()); !slices.Equal(got, []string{"london"}) || r.Texts[1] != "kept" {
		t.Errorf("answers off the page changed: region %v, text %q", got, r.Texts[1])
	}
	if got := d.Codes(r, d.Question("has_bme_network").Slot()); !slices.Equal(got, []string{"no"}) {
		t.Errorf("has_bme_network %v", got)
	}
}

// wantCellErrors checks errs against want, and that every one says
// "row N, column C: reason".
func wantCellErrors(t *testing.T, errs []CellError, want []string) {
	t.Helper()
	if got := errorStrings(errs); !slices.Equal(got, want) {
		t.Errorf("errors\n got %q\nwant %q", got, want)
	}
	for _, e := range errs {
		if !cellErrorFormat.MatchString(e.Error()) {
			t.Errorf("%q is not row N, column C: reason", e.Error())
		}
	}
}
