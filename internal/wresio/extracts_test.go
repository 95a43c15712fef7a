package wresio

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/iotest"

	"staffnet/internal/wres"
)

// The CSV side of reading extracts: line endings, byte-order marks, blank
// lines, quoting and the limit on a line. What the cells may say is wres's
// TestAggregateErrors.

func TestAggregateCSV(t *testing.T) {
	staff := "organisation_code,year,person_id,ethnic_category,staff_group,band\r\n" +
		"RX9,2024,p1,A,clinical,band_5\r\n" +
		"RX9,2024,p2,H,clinical,band_5\r\n" +
		"\r\n" +
		"rx9,2024,p3,,clinical,band_5\r\n" + // blank ethnicity: unknown
		"RX9,2024,p4,99,medical,consultant\r\n" +
		"RX9,2024,,\"C\",\"non_clinical\",band_2\r\n" +
		"RY1,2024,q1,N,clinical,vsm\r\n"
	apps := "\ufeffethnic_category,organisation_code,year,shortlisted,appointed\n" +
		"A,RX9,2024,yes,yes\n" +
		"B,RX9,2024,Y,N\n" +
		"B,RX9,2024,no,no\n" + // not shortlisted: not counted
		"D,RX9,2024,1,0" // no line end
	disc := "organisation_code,year,person_id,ethnic_category\n" +
		"RX9,2024,p2,H\n" +
		"RX9,2024,p2,H\n" // the same person twice: counted once
	train := "organisation_code,year,person_id,ethnic_category\n" +
		"RX9,2024,p1,A\n" +
		"RX9,2024,,A\n" +
		"RX9,2024,,A\n" + // no id: each row counts
		"RY1,2024,q1,N\n"
	board := "\"Organisation_Code\",year,person_id,ethnic_category,voting,executive\n" +
		"RX9,2024,b1,A,yes,yes\n" +
		"RX9,2024,b2,M,yes,no\n" +
		"RX9,2024,b3,Z,no,yes\n"
	ret, err := Aggregate([]ExtractFile{
		{wres.ExtractStaff, "staff.csv", strings.NewReader(staff)},
		{wres.ExtractApplications, "applications.csv", strings.NewReader(apps)},
		{wres.ExtractDisciplinary, "disciplinary.csv", strings.NewReader(disc)},
		{wres.ExtractTraining, "training.csv", strings.NewReader(train)},
		{wres.ExtractBoard, "board.csv", iotest.OneByteReader(strings.NewReader(board))},
	})
	if err != nil {
		t.Fatal(err)
	}
	// The same return as wres's TestAggregateExtracts.
	f, err := os.Open("../wres/testdata/extracts-aggregated.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := ParseCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	if got := ret.Rows(); !slices.Equal(got, want.Rows()) {
		t.Errorf("got\n%v\nwant\n%v", got, want.Rows())
	}
}

func TestReadExtract(t *testing.T) {
	a := wres.NewAggregator()
	read := func(kind wres.ExtractKind, name, text string) {
		t.Helper()
		if err := ReadExtract(a, kind, name, strings.NewReader(text)); err != nil {
			t.Fatal(err)
		}
	}
	read(wres.ExtractApplications, "apps.csv", "organisation_code,year,ethnic_category,shortlisted,appointed\n"+
		"RX9,\"2024,A,yes,yes\n"+
		"\n"+
		"RX9,2024,A,no,yes\n")
	read(wres.ExtractBoard, "board.csv", "")
	read(wres.ExtractBoard, "board2.csv", "\ufeff\r\n\n")
	// A header that cannot be split stops the file: its rows are not read.
	read(wres.ExtractTraining, "training.csv", "organisation_code,year,\"ethnic_category\"x\nRX9,24,A\n")
	read(wres.ExtractTraining, "training2.csv", "organisation_code,year,ethnic_category\n"+
		"RX9,2024,a\"b\n"+
		"RX9,2024,A\n"+
		"RX9,"+strings.Repeat("x", MaxExtractLineBytes)+"\n"+
		"RX9,24,A\n")
	_, err := a.Return()
	var ie *wres.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v", err)
	}
	want := []wres.CellError{
		{File: "apps.csv", Row: 2, Reason: `a quoted field has no closing "`},
		{File: "apps.csv", Row: 4, Column: "appointed", Reason: "an application appointed must also be shortlisted"},
		{File: "board.csv", Row: 1, Reason: "the file is empty"},
		{File: "board2.csv", Row: 1, Reason: "the file is empty"},
		{File: "training.csv", Row: 1, Reason: `unexpected text after a closing "`},
		{File: "training2.csv", Row: 2, Reason: `a " inside an unquoted field`},
		{File: "training2.csv", Row: 4, Reason: "line longer than 1048576 bytes; rows after it were not read"},
	}
	if !slices.Equal(ie.Errors, want) || ie.More != 0 {
		t.Errorf("got %+v (%d more)\nwant %+v", ie.Errors, ie.More, want)
	}
}

func TestReadExtractFailures(t *testing.T) {
	a := wres.NewAggregator()
	err := ReadExtract(a, wres.ExtractStaff, "staff.csv", iotest.ErrReader(errors.New("disk gone")))
	if err == nil || err.Error() != "wres: reading staff.csv: disk gone" {
		t.Errorf("read error: got %v", err)
	}
	if err := ReadExtract(a, wres.ExtractKind(9), "x.csv", strings.NewReader("")); err == nil || err.Error() != "wres: unknown extract kind 9" {
		t.Errorf("unknown kind: got %v", err)
	}
	if _, err := Aggregate([]ExtractFile{{wres.ExtractKind(7), "x.csv", strings.NewReader("")}}); err == nil || err.Error() != "wres: unknown extract kind 7" {
		t.Errorf("unknown kind in Aggregate: got %v", err)
	}
	// Headers alone make a return with nothing in it, which would be
	// refused when read back: the extracts are refused at once.
	_, err = Aggregate([]ExtractFile{{wres.ExtractStaff, "staff.csv", strings.NewReader("organisation_code,year,ethnic_category,staff_group,band\n")}})
	if err == nil || !strings.Contains(err.Error(), "row 2: the extracts have headers but no rows of staff or applications") {
		t.Errorf("headers only: got %v", err)
	}
}

func TestSplitQuoted(t *testing.T) {
	var s splitter
	f, err := s.split([]byte(`"a,b","say ""hi""",,x`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, b := range f {
		got = append(got, string(b))
	}
	if strings.Join(got, "|") != `a,b|say "hi"||x` {
		t.Errorf("got %q", got)
	}
	for _, bad := range []string{`"a"b`, `a"b`, `"ab`} {
		if _, err := s.split([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
