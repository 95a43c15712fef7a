package freetext

import "testing"

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
