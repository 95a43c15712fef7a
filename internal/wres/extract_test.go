package wres

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// What the cells of the extracts mean. Reading them from CSV (quotes,
// byte-order marks, blank lines, long lines) is wresio's TestReadExtract.

// feed gives a the rows of an extract, one a line, cells separated by
// commas (no quoting): the first line is the header, row 1.
func feed(a *Aggregator, kind ExtractKind, name, text string) {
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		cells := bytes.Split([]byte(line), []byte(","))
		if i == 0 {
			if !a.Header(kind, name, 1, cells) {
				return
			}
			continue
		}
		a.Row(i+1, cells)
	}
}

func source(kind ExtractKind, name, text string) ExtractSource {
	return ExtractSource{kind, func(a *Aggregator) error { feed(a, kind, name, text); return nil }}
}

func TestAggregateExtracts(t *testing.T) {
	ret, err := Aggregate([]ExtractSource{
		source(ExtractStaff, "staff", `organisation_code,year,person_id,ethnic_category,staff_group,band
RX9,2024,p1,A,clinical,band_5
RX9,2024,p2,H,clinical,band_5
rx9,2024,p3,,clinical,band_5
RX9,2024,p4,99,medical,consultant
 RX9 ,2024,, C ,non_clinical,band_2
RY1,2024,q1,N,clinical,vsm`), // lower case, spaces and a blank ethnicity (unknown) above
		source(ExtractApplications, "applications", `ethnic_category,organisation_code,year,shortlisted,appointed
A,RX9,2024,yes,yes
B,RX9,2024,Y,N
B,RX9,2024,no,no
D,RX9,2024,1,0`), // the row not shortlisted is not counted
		source(ExtractDisciplinary, "disciplinary", `organisation_code,year,person_id,ethnic_category
RX9,2024,p2,H
RX9,2024,p2,H`), // the same person twice: counted once
		source(ExtractTraining, "training", `organisation_code,year,person_id,ethnic_category
RX9,2024,p1,A
RX9,2024,,A
RX9,2024,,A
RY1,2024,q1,N`), // no id: each row counts
		source(ExtractBoard, "board", `organisation_code,year,person_id,ethnic_category,voting,executive
RX9,2024,b1,A,yes,yes
RX9,2024,b2,M,yes,no
RX9,2024,b3,Z,no,yes`),
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
	feed(a, ExtractStaff, "staff.csv", "organisation_code,year,person_id,ethnic_category,staff_group,band,surname")
	feed(a, ExtractApplications, "apps.csv", `organisation_code,year,ethnic_category,shortlisted,appointed
RX9,2024,A,no,yes
RX9,24,I,maybe,no
RX9,2024,A,yes`)
	feed(a, ExtractTraining, "training.csv", `organisation_code,year,person_id,ethnic_category
RX9,2024,943 476 5919,A
RX9,2024,jo@example.org,A`)
	feed(a, ExtractStaff, "staff2.csv", `organisation_code,year,person_id,ethnic_category,staff_group,band
RX9,2024,p1,A,clinical,band_5
RX9,2024,p1,A,clinical,band_6
RX9,2024,p2,A,,band_6
RX9,2024,p3,A,medical,band_6`)
	feed(a, ExtractBoard, "board.csv", "Organisation_Code,year,ethnic_category,voting,executive,voting")
	a.Problem("board.csv", 3, "", "a problem %s found", "the reader")
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
		`board.csv: row 1, column 6: column voting appears twice`,
		`board.csv: row 3: a problem the reader found`,
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

// A missing column fails the header, and a reader must then give no rows.
func TestAggregatorHeaderRefused(t *testing.T) {
	a := NewAggregator()
	if a.Header(ExtractTraining, "t.csv", 2, [][]byte{[]byte("organisation_code"), []byte("year")}) {
		t.Fatal("header without ethnic_category accepted")
	}
	defer func() {
		if recover() == nil {
			t.Error("Row after a refused header did not panic")
		}
	}()
	a.Row(3, [][]byte{[]byte("RX9"), []byte("2024")})
}

func TestAggregateSources(t *testing.T) {
	boom := errors.New("boom")
	_, err := Aggregate([]ExtractSource{
		source(ExtractStaff, "staff", "organisation_code,year,ethnic_category,staff_group,band"),
		{ExtractTraining, func(*Aggregator) error { return boom }},
	})
	if !errors.Is(err, boom) {
		t.Errorf("a source's error: got %v", err)
	}
	if _, err := Aggregate([]ExtractSource{{ExtractKind(9), nil}}); err == nil || err.Error() != "wres: unknown extract kind 9" {
		t.Errorf("unknown kind: got %v", err)
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
