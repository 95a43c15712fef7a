package wresio

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"staffnet/internal/wres"
	"staffnet/internal/wres/render"
)

// The CSV side of reading a return: quoting, byte-order marks and the
// limit on a record. What the cells may say is wres's TestParseErrors.

const header = "organisation_code,year,measure,ethnicity,staff_group,band,value\n"

func TestParseCSVSyntax(t *testing.T) {
	_, err := ParseCSV(strings.NewReader(header + "RX9,2024,training,white,,,1\nRX9,\"2024,training\n"))
	var ie *wres.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("want *wres.ImportError, got %v", err)
	}
	want := `row 3: malformed CSV: extraneous or missing " in quoted-field; rows after this one were not read`
	if len(ie.Errors) != 1 || ie.Errors[0].Error() != want {
		t.Errorf("got %v, want %s", ie.Errors, want)
	}
	// A quote left open is found at the end of the file; the problem is
	// named where its row starts.
	_, err = ParseCSV(strings.NewReader(header + "RX9,\"2024,training,white,,,1\n" + strings.Repeat("RX9,2024,training,white,,,1\n", 60)))
	if !errors.As(err, &ie) || len(ie.Errors) != 1 || ie.Errors[0].Row != 2 || !strings.HasPrefix(ie.Errors[0].Reason, "malformed CSV: ") {
		t.Errorf("unclosed quote: %v", err)
	}
}

func TestParseCSVLimits(t *testing.T) {
	// A record of 64 MiB of commas would cost gigabytes inside
	// encoding/csv; it is refused once it passes MaxRecordBytes, quoted
	// newlines included.
	long := header + "RX9,2024," + strings.Repeat(",\"a\n\"", MaxRecordBytes/4) + "\n"
	var le *wres.LimitError
	if _, err := ParseCSV(strings.NewReader(long)); !errors.As(err, &le) || !strings.Contains(err.Error(), "a row longer than 64 KiB (the row starting on line 2)") {
		t.Fatalf("long record: %v", err)
	}
	// Quoted commas and newlines inside short records are fine.
	ok := header + "\"RX9\",\"2024\",\"headcount\",\"white\",,,\"1\"\n"
	if _, err := ParseCSV(strings.NewReader(ok)); err != nil {
		t.Fatalf("quoted record: %v", err)
	}
}

func TestParseCSVEmpty(t *testing.T) {
	for _, in := range []string{"", "\ufeff", "\n\n"} {
		if _, err := ParseCSV(strings.NewReader(in)); !errors.Is(err, wres.ErrEmptyFile) {
			t.Errorf("%q: %v", in, err)
		}
	}
	// A header alone would change nothing: it is refused with the reason.
	if _, err := ParseCSV(strings.NewReader("\ufeff" + header + "\n")); err == nil || !strings.Contains(err.Error(), "row 2: the file has a header but no rows of figures") {
		t.Errorf("header only: %v", err)
	}
}

func TestParseCSVHeaderSpellingAndFirstRow(t *testing.T) {
	in := "\ufeff\n,,,\n\"Organisation_Code\", YEAR ,Measure,ethnicity,staff_group,band,VALUE\n" +
		"RX9,2024,training,bme,,,1\n\nrq1,2024,training,bme,,,1\nRX9,2023,training,bme,,,1\n"
	ret, err := ParseCSV(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := ret.Orgs(); len(got) != 2 || got[0] != "RQ1" || got[1] != "RX9" {
		t.Fatalf("orgs %v", got)
	}
	if ret.FirstRow("RX9") != 4 || ret.FirstRow("RQ1") != 6 || ret.FirstRow("RZZ") != 0 {
		t.Errorf("first rows RX9 %d, RQ1 %d", ret.FirstRow("RX9"), ret.FirstRow("RQ1"))
	}
}

// roundTrip writes ret with render.ReturnCSV and reads it back, failing
// unless every organisation-year comes back the same.
func roundTrip(t testing.TB, ret *wres.Return) {
	t.Helper()
	var buf bytes.Buffer
	if err := render.ReturnCSV(&buf, ret); err != nil {
		t.Fatal(err)
	}
	again, err := ParseCSV(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("re-parse: %v\n%s", err, buf.String())
	}
	if again.Len() != ret.Len() {
		t.Fatalf("%d organisation-years after a round trip, want %d", again.Len(), ret.Len())
	}
	for _, k := range ret.OrgYears() {
		if *ret.Counts(k.Org, k.Year) != *again.Counts(k.Org, k.Year) {
			t.Fatalf("%v differs after a round trip", k)
		}
	}
}

func TestCSVRoundTrip(t *testing.T) {
	f, err := os.Open("../wres/testdata/example-return.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ret, err := ParseCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, ret)
}

func FuzzParseCSV(f *testing.F) {
	f.Add([]byte(header + "RX9,2024,headcount,A,clinical,band_5,12\n"))
	f.Add([]byte(header + "RX9,2024,appointed,bme,,,12\nRX9,2024,shortlisted,bme,,,1\n"))
	f.Add([]byte(header + "RX9,2024,survey5_count,white,,,3\n\"a\"\"b\",x\n"))
	f.Add([]byte("value,year\n1,2\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ret, err := ParseCSV(bytes.NewReader(data))
		if (ret == nil) == (err == nil) {
			t.Fatalf("ret %v with err %v", ret, err)
		}
		var ie *wres.ImportError
		if errors.As(err, &ie) && len(ie.Errors) == 0 {
			t.Fatal("ImportError without errors")
		}
		if ret == nil {
			return
		}
		// Whatever parses must compute without panicking and round-trip.
		for _, k := range ret.OrgYears() {
			if _, err := wres.Compute(ret, wres.Scope{Kind: wres.ScopeOrganisation, Code: k.Org}, k.Year, k.Year, nil); err != nil {
				t.Fatal(err)
			}
		}
		roundTrip(t, ret)
	})
}
