package wres

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

const header = "organisation_code,year,measure,ethnicity,staff_group,band,value\n"

// parseText feeds text to a ReturnParser a line a record, its cells split
// at commas: the cases here need no quoting, and reading CSV itself is
// wresio's (its tests cover quoting, byte-order marks and CSV limits).
func parseText(text string) (*Return, error) {
	p := NewReturnParser()
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if err := p.Row(i+1, strings.Split(line, ",")); err != nil {
			return nil, err
		}
	}
	return p.Finish()
}

func parseErrs(t *testing.T, text string) []CellError {
	t.Helper()
	ret, err := parseText(text)
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("want *ImportError, got %v", err)
	}
	if ret != nil {
		t.Fatal("a Return came back with errors")
	}
	return ie.Errors
}

func TestParseCodeRollUp(t *testing.T) {
	in := header +
		"rx9,2024,headcount,A,,,1\n" +
		"RX9,2024,headcount,b,,,2\n" +
		"RX9,2024,headcount,C,,,4\n" +
		"RX9,2024,headcount,D,,,10\n" +
		"RX9,2024,headcount,S,,,20\n" +
		"RX9,2024,headcount,H,,,40\n" +
		"RX9,2024,headcount,Z,,,100\n" +
		"RX9,2024,headcount,99,,,200\n" +
		"RX9,2024,headcount,white,,,1000\n" +
		" RX9 , 2024 , Headcount , BME , , , 2000 \n"
	ret, err := parseText("\ufeff" + in)
	if err != nil {
		t.Fatal(err)
	}
	c := ret.Counts("RX9", 2024)
	if c == nil {
		t.Fatal("no counts for RX9 2024")
	}
	// White: A 1 + B 2 + C 4 + white 1000; BME: D 10 + S 20 + H 40 + bme 2000;
	// unknown: Z 100 + 99 200.
	want := [NumEthnicities]int64{1007, 2070, 300}
	if got := c.Workforce(); got != want {
		t.Errorf("workforce = %v, want %v", got, want)
	}
	if c.Breakdown() || !c.Has(Headcount) || c.Has(Shortlisted) {
		t.Errorf("presence bits wrong: breakdown %v, has %b", c.Breakdown(), c.has)
	}
}

func TestParseEthnicityCodes(t *testing.T) {
	for _, s := range []string{"A", "B", "C", "white", "WHITE"} {
		if e, ok := ParseEthnicity(s); !ok || e != White {
			t.Errorf("%q: got %v %v, want white", s, e, ok)
		}
	}
	for _, s := range strings.Split("D E F G H J K L M N P R S bme", " ") {
		if e, ok := ParseEthnicity(s); !ok || e != BME {
			t.Errorf("%q: got %v %v, want bme", s, e, ok)
		}
	}
	for _, s := range []string{"Z", "99", "unknown"} {
		if e, ok := ParseEthnicity(s); !ok || e != Unknown {
			t.Errorf("%q: got %v %v, want unknown", s, e, ok)
		}
	}
	for _, s := range []string{"", "I", "O", "Q", "T", "9", "98", "asian", "AA"} {
		if _, ok := ParseEthnicity(s); ok {
			t.Errorf("%q accepted", s)
		}
	}
}

func TestPostsRoundTrip(t *testing.T) {
	seen := map[Post]bool{}
	for g := NoStaffGroup; g < numStaffGroups; g++ {
		for b := NoBand; b < numBands; b++ {
			p, ok := PostOf(g, b)
			if !ok {
				continue
			}
			if seen[p] || p >= NumPosts || p.StaffGroup() != g || p.Band() != b {
				t.Errorf("PostOf(%v, %v) = %d, which maps back to %v %v", g, b, p, p.StaffGroup(), p.Band())
			}
			seen[p] = true
		}
	}
	if len(seen) != NumPosts {
		t.Errorf("%d posts, want %d", len(seen), NumPosts)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"header unexpected, duplicate, missing",
			"organisation_code,year,measure,ethnicity,staff_group,band,name,year\n",
			[]string{
				"row 1, column value: column is missing from the header",
				`row 1, column 7: unexpected column "name"; the columns are organisation_code,year,measure,ethnicity,staff_group,band,value`,
				"row 1, column 8: column year appears twice",
			}},
		{"columns in another order are fine, field counts are not",
			"value,organisation_code,year,measure,ethnicity,staff_group,band\n5,RX9,2024,training\n5,RX9,2024,training,white,,,9\n",
			[]string{
				"row 2, column ethnicity: missing: the row has 4 fields, the header 7",
				"row 3, column 8: the row has 8 fields, the header 7",
			}},
		{"every cell wrong",
			header + "R-9,24,head,Q,surgical,band_10,-1\n",
			[]string{
				`row 2, column organisation_code: "R-9" is not an ODS organisation code (3 to 6 letters and digits)`,
				`row 2, column year: "24" is not a year between 2000 and 2100`,
				`row 2, column measure: "head" is not a measure; the measures are headcount, shortlisted, appointed, disciplinary, training, board_voting, board_executive, survey5_count, survey5_base, survey6_count, survey6_base, survey7_count, survey7_base, survey8_count, survey8_base`,
				`row 2, column ethnicity: "Q" is not white, bme, unknown or an NHS ethnic category code (A to S, Z, 99)`,
				`row 2, column staff_group: "surgical" is not a staff group (clinical, non_clinical, medical or blank)`,
				`row 2, column band: "band_10" is not a band or medical grade`,
				`row 2, column value: "-1" is not a whole number of 0 or more`,
			}},
		{"empty cells",
			header + ",,,,,,\n" + // all blank: skipped
				"RX9,,training,,,,\n",
			[]string{
				"row 3, column year: empty value is not a year between 2000 and 2100",
				"row 3, column ethnicity: empty value is not white, bme, unknown or an NHS ethnic category code (A to S, Z, 99)",
				"row 3, column value: empty value is not a whole number of 0 or more",
			}},
		{"values",
			header + "RX9,2024,training,white,,,1.0\nRX9,2024,training,white,,,1e3\nRX9,2024,training,white,,,+3\nRX9,2024,training,white,,,99999999999999\nRX9,1999,training,white,,,1\n",
			[]string{
				`row 2, column value: "1.0" is not a whole number of 0 or more`,
				`row 3, column value: "1e3" is not a whole number of 0 or more`,
				`row 4, column value: "+3" is not a whole number of 0 or more`,
				`row 5, column value: "99999999999999" is not a whole number of 0 or more`,
				`row 6, column year: "1999" is not a year between 2000 and 2100`,
			}},
		{"staff group and band rules",
			header +
				"RX9,2024,training,white,clinical,,1\n" +
				"RX9,2024,training,white,,band_5,1\n" +
				"RX9,2024,headcount,white,,band_5,1\n" +
				"RX9,2024,headcount,white,clinical,,1\n" +
				"RX9,2024,headcount,white,clinical,consultant,1\n" +
				"RX9,2024,headcount,white,medical,band_5,1\n",
			[]string{
				"row 2, column staff_group: must be blank for measure training (only headcount has staff groups)",
				"row 3, column band: must be blank for measure training (only headcount has bands)",
				"row 4, column staff_group: is blank but band is band_5; give both or neither",
				"row 5, column band: is blank but staff_group is clinical; give both or neither",
				"row 6, column band: consultant is not a band of staff group clinical",
				"row 7, column band: band_5 is not a band of staff group medical",
			}},
		{"checks across rows",
			header +
				"RX9,2024,shortlisted,bme,,,10\n" +
				"RX9,2024,appointed,bme,,,6\n" +
				"RX9,2024,appointed,D,,,6\n" + // 12 appointed from 10 shortlisted
				"RX9,2024,survey5_count,white,,,30\n" +
				"RX9,2024,survey5_base,white,,,20\n" +
				"RX9,2024,survey6_count,bme,,,3\n" + // no survey6_base at all
				"RX9,2024,headcount,white,,,100\n" +
				"RX9,2024,headcount,white,clinical,band_5,60\n" +
				"RX9,2024,headcount,white,clinical,band_6,30\n",
			[]string{
				"row 3, column value: RX9 2024: bme appointed (12) exceeds bme shortlisted (10)",
				"row 5, column value: RX9 2024: white survey5_count (30) exceeds survey5_base (20)",
				"row 7, column measure: RX9 2024: survey6_count is given without survey6_base",
				"row 8, column value: RX9 2024: whole-workforce headcount (white 100, bme 0, unknown 0) differs from the sum of the staff group and band rows (white 90, bme 0, unknown 0); give the breakdown alone, or totals that agree",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := parseErrs(t, tt.in)
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseAgreeingTotalsAccepted(t *testing.T) {
	in := header +
		"RX9,2024,headcount,white,,,90\n" +
		"RX9,2024,headcount,white,clinical,band_5,60\n" +
		"RX9,2024,headcount,white,clinical,band_6,30\n"
	ret, err := parseText(in)
	if err != nil {
		t.Fatal(err)
	}
	if got := ret.Counts("RX9", 2024).Workforce(); got != [3]int64{90, 0, 0} {
		t.Errorf("workforce %v", got)
	}
}

func TestParseEmpty(t *testing.T) {
	if _, err := parseText(""); !errors.Is(err, ErrEmptyFile) {
		t.Errorf("empty file: %v", err)
	}
	var ie *ImportError
	if _, err := parseText(header); !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Reason != "the file has a header but no rows of figures" {
		t.Errorf("header only: %v", err)
	}
}

func TestImportErrorMessage(t *testing.T) {
	e := &ImportError{Errors: []CellError{{Row: 2, Column: "value", Reason: "bad"}, {Row: 3, Reason: "broken"}}}
	want := "2 problems in file\nrow 2, column value: bad\nrow 3: broken"
	if e.Error() != want {
		t.Errorf("got %q", e.Error())
	}
}

func TestRowsRoundTrip(t *testing.T) {
	// The round trip through CSV is wresio's TestCSVRoundTrip.
	ret := exampleReturn(t)
	rebuilt := NewReturn()
	for _, r := range ret.Rows() {
		if err := rebuilt.Add(r); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range ret.OrgYears() {
		if *ret.Counts(k.Org, k.Year) != *rebuilt.Counts(k.Org, k.Year) {
			t.Errorf("%v differs after Rows and Add", k)
		}
	}
}

func TestParseLimits(t *testing.T) {
	// The limit on a CSV record is wresio's TestParseCSVLimits.
	var le *LimitError
	p := NewReturnParser()
	if err := p.Row(1, strings.Split(strings.TrimSpace(header), ",")); err != nil {
		t.Fatal(err)
	}
	var err error
	for i := 0; err == nil; i++ {
		err = p.Row(i+2, []string{fmt.Sprintf("R%03d", i%1000), strconv.Itoa(2000 + i/1000), "training", "bme", "", "", "1"})
	}
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "more than 2,500 organisation-years") {
		t.Fatalf("organisation-years: %v", err)
	}

	p = NewReturnParser()
	for i := 0; err == nil || i == 0; i++ {
		err = p.Row(i+1, []string{"", ""})
		if i > MaxRows {
			t.Fatal("no row limit")
		}
	}
	if !strings.Contains(err.Error(), "more than 1,000,000 rows") {
		t.Fatalf("rows: %v", err)
	}

	// Problems beyond MaxErrors are counted, not kept.
	bad := header + strings.Repeat("RX9,2024,headcount,purple,,,1\n", MaxErrors+5)
	_, err = parseText(bad)
	var ie *ImportError
	if !errors.As(err, &ie) || len(ie.Errors) != MaxErrors || ie.More != 5 {
		t.Fatalf("error cap: %v", err)
	}
}

func TestIndicatorNames(t *testing.T) {
	if got := IndicatorID(2).Label(); got != "2. Appointment from shortlisting" {
		t.Errorf("indicator 2: %q", got)
	}
	if got := IndicatorID(9).Name(); got != "Board membership" {
		t.Errorf("indicator 9: %q", got)
	}
	if got := IndicatorID(10).Name(); got != "IndicatorID(10)" {
		t.Errorf("indicator 10: %q", got)
	}
}

func TestLongCellsCutInMessages(t *testing.T) {
	errs := parseErrs(t, header+strings.Repeat("x", 5000)+",2024,training,bme,,,1\n")
	if len(errs) != 1 || len(errs[0].Reason) > 120 || !strings.Contains(errs[0].Reason, `"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"…`) {
		t.Fatalf("%+v", errs)
	}
}
