package wres

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestAggregateExtracts(t *testing.T) {
	staff := "organisation_code,year,person_id,ethnic_category,staff_group,band\r\n" +
		"RX9,2024,p1,A,clinical,band_5\r\n" +
		"RX9,2024,p2,H,clinical,band_5\r\n" +
		"\r\n" +
		"rx9,2024,p3,,clinical,band_5\r\n" + // blank ethnicity: unknown
		"RX9,2024,p4,99,medical,consultant\r\n" +
		"RX9,2024,,\"C\",\"non_clinical\",band_2\r\n" +
		"RY1,2024,q1,N,clinical,vsm\r\n"
	apps := "ethnic_category,organisation_code,year,shortlisted,appointed\n" +
		"A,RX9,2024,yes,yes\n" +
		"B,RX9,2024,Y,N\n" +
		"B,RX9,2024,no,no\n" + // not shortlisted: not counted
		"D,RX9,2024,1,0\n"
	disc := "organisation_code,year,person_id,ethnic_category\n" +
		"RX9,2024,p2,H\n" +
		"RX9,2024,p2,H\n" // the same person twice: counted once
	train := "organisation_code,year,person_id,ethnic_category\n" +
		"RX9,2024,p1,A\n" +
		"RX9,2024,,A\n" +
		"RX9,2024,,A\n" + // no id: each row counts
		"RY1,2024,q1,N\n"
	board := "organisation_code,year,person_id,ethnic_category,voting,executive\n" +
		"RX9,2024,b1,A,yes,yes\n" +
		"RX9,2024,b2,M,yes,no\n" +
		"RX9,2024,b3,Z,no,yes\n"
	ret, err := Aggregate([]ExtractFile{
		{ExtractStaff, "staff.csv", strings.NewReader(staff)},
		{ExtractApplications, "applications.csv", strings.NewReader(apps)},
		{ExtractDisciplinary, "disciplinary.csv", strings.NewReader(disc)},
		{ExtractTraining, "training.csv", strings.NewReader(train)},
		{ExtractBoard, "board.csv", strings.NewReader(board)},
	})
	if err != nil {
		t.Fatal(err)
	}
	// RY1 had no applications, disciplinary cases or board rows: those
	// measures are given as zero, because the extracts were read. The file
	// is a valid return, in the canonical form render.ReturnCSV writes
	// (its TestReturnCSVCanonical), so equal rows mean equal files.
	b, err := os.ReadFile(filepath.Join("testdata", "extracts-aggregated.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := parseText(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := ret.Rows(); !slices.Equal(got, want.Rows()) {
		t.Errorf("got\n%v\nwant\n%v", got, want.Rows())
	}
}

func TestAggregateErrors(t *testing.T) {
	a := NewAggregator()
	a.Read(ExtractStaff, "staff.csv", strings.NewReader(
		"organisation_code,year,person_id,ethnic_category,staff_group,band,surname\n"))
	a.Read(ExtractApplications, "apps.csv", strings.NewReader(
		"organisation_code,year,ethnic_category,shortlisted,appointed\n"+
			"RX9,2024,A,no,yes\n"+
			"RX9,24,I,maybe,no\n"+
			"RX9,2024,A,yes\n"+
			"RX9,\"2024,A,yes,yes\n"))
	a.Read(ExtractTraining, "training.csv", strings.NewReader(
		"organisation_code,year,person_id,ethnic_category\n"+
			"RX9,2024,943 476 5919,A\n"+
			"RX9,2024,jo@example.org,A\n"))
	a.Read(ExtractStaff, "staff2.csv", strings.NewReader(
		"organisation_code,year,person_id,ethnic_category,staff_group,band\n"+
			"RX9,2024,p1,A,clinical,band_5\n"+
			"RX9,2024,p1,A,clinical,band_6\n"+
			"RX9,2024,p2,A,,band_6\n"+
			"RX9,2024,p3,A,medical,band_6\n"))
	a.Read(ExtractBoard, "board.csv", strings.NewReader(""))
	_, err := a.Return()
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v", err)
	}
	var got []string
	for _, e := range ie.Errors {
		got = append(got, e.Error())
	}
	want := []string{
		`apps.csv: row 2, column appointed: an application appointed must also be shortlisted`,
		`apps.csv: row 3, column year: "24" is not a year between 2000 and 2100`,
		`apps.csv: row 3, column ethnic_category: "I" is not an NHS ethnic category code (A to S, Z, 99), white, bme, unknown or blank`,
		`apps.csv: row 3, column shortlisted: "maybe" is not yes or no`,
		`apps.csv: row 4: the row has 4 fields, the header 5`,
		`apps.csv: row 5: a quoted field has no closing "`,
		`board.csv: row 1: the file is empty`,
		`staff.csv: row 1, column 7: column "surname" is not part of the staff extract; extracts carry no names or other details that identify a person`,
		`staff2.csv: row 3, column person_id: the same person appears twice for RX9 2024; give each person once, in their main post`,
		`staff2.csv: row 4, column staff_group: empty value is not a staff group (clinical, non_clinical, medical)`,
		`staff2.csv: row 5, column band: band_6 is not a band of staff group medical`,
		`training.csv: row 2, column person_id: looks like an NHS number or an e-mail address; use a pseudonymous id`,
		`training.csv: row 3, column person_id: looks like an NHS number or an e-mail address; use a pseudonymous id`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSplitQuoted(t *testing.T) {
	a := NewAggregator()
	f, err := a.split([]byte(`"a,b","say ""hi""",,x`))
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
		if _, err := a.split([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestHashSet(t *testing.T) {
	var s hashSet
	for i := uint64(0); i < 20000; i++ {
		if !s.add(i * 0x9e3779b97f4a7c15) {
			t.Fatalf("%d reported as present", i)
		}
	}
	for i := uint64(0); i < 20000; i++ {
		if s.add(i * 0x9e3779b97f4a7c15) {
			t.Fatalf("%d reported as new", i)
		}
	}
	if s.n != 20000 || 2*s.n > len(s.slots) {
		t.Errorf("n %d, slots %d", s.n, len(s.slots))
	}
}
