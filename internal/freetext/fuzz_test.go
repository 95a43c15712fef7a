package freetext

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzReadCSV: any file either imports as a valid codebook that writes
// back and reads again the same, or is refused with row and column; it
// never panics.
func FuzzReadCSV(f *testing.F) {
	f.Add("question,code,parent,name,definition\nother_comments,a,,A,\nother_comments,b,a,B,x\n")
	f.Add("question,code,parent,name,definition\nother_comments,a,zz,A,\n")
	f.Add("\ufeffquestion,code,parent,name,definition\n\"other_comments\",\"a\",,\"=A\",\n")
	f.Fuzz(func(t *testing.T, in string) {
		themes, err := ReadCSV(strings.NewReader(in), isText)
		if err != nil {
			if !strings.Contains(err.Error(), "row ") {
				t.Fatalf("error without a row: %v", err)
			}
			return
		}
		if errs := Validate(themes, isText); len(errs) > 0 {
			t.Fatalf("imported an invalid codebook: %v", errs)
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, themes); err != nil {
			t.Fatal(err)
		}
		if _, err := ReadCSV(&buf, isText); err != nil {
			t.Fatalf("written codebook does not read back: %v", err)
		}
	})
}

// FuzzRedact: redaction never panics and is idempotent, and what it
// returns contains no valid NHS number in the 3-3-4 form.
func FuzzRedact(f *testing.F) {
	r := NewRedactor([]string{"Barts Health NHS Trust"})
	f.Add("Call 07700 900123 or email a.b@nhs.net, NHS no 943 476 5919, Dr Adeyinka at Barts Health")
	f.Add("+44 (0)20 7946 0018")
	f.Fuzz(func(t *testing.T, in string) {
		once, _ := r.Redact(in)
		twice, found := r.Redact(once)
		if twice != once || len(found) != 0 {
			t.Fatalf("not idempotent: %q → %q → %q %v", in, once, twice, found)
		}
		for _, m := range nhsRE.FindAllString(once, -1) {
			if NHSNumberValid(digitsOf(m)) {
				t.Fatalf("NHS number %q survived in %q", m, once)
			}
		}
	})
}
