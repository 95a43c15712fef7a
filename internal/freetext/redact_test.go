package freetext

import (
	"strings"
	"testing"
)

// TestRedactCorpus plants personal data in varied forms in comments and
// checks that none of it survives, and that the ordinary words around it
// do.
func TestRedactCorpus(t *testing.T) {
	r := NewRedactor([]string{"Leeds Teaching Hospitals NHS Trust", "Barts Health NHS Trust", "Whittington Health NHS Trust"})
	corpus := []struct {
		in     string
		secret []string // must be gone
		keep   []string // must stay
	}{
		{"Email me at priya.shah@nhs.net about the network", []string{"priya.shah", "nhs.net"}, []string{"about the network"}},
		{"write to j.okafor (at) leedsth (dot) nhs (dot) uk please", []string{"okafor", "leedsth"}, []string{"please"}},
		{"Ring 07700 900123 or +44 7700 900456 any time", []string{"900123", "900456"}, []string{"any time"}},
		{"office: +44 (0)20 7946 0018, or 0113 496 0000, or 01632960123", []string{"7946", "496 0000", "01632960123"}, []string{"office"}},
		{"my NHS number is 943 476 5919 and hers is 4010232137", []string{"943 476 5919", "4010232137"}, []string{"my NHS number is"}},
		{"ref 450-557-7104 was lost", []string{"450-557-7104"}, []string{"was lost"}},
		{"Dr Adeyinka and Mrs. O'Neill were supportive", []string{"Adeyinka", "O'Neill"}, []string{"Dr", "were supportive"}},
		{"Sister Bukola Ade-Ojo runs it", []string{"Bukola", "Ade-Ojo"}, []string{"runs it"}},
		{"My manager Mohammed Iqbal blocked it", []string{"Mohammed", "Iqbal"}, []string{"My manager", "blocked it"}},
		{"At Leeds Teaching Hospitals NHS Trust nothing changed", []string{"Leeds Teaching"}, []string{"nothing changed"}},
		{"barts health made it hard, and so did Whittington Health", []string{"barts health", "Whittington"}, []string{"made it hard"}},
		{"Then Priya Okonkwo spoke up", []string{"Priya", "Okonkwo"}, []string{"spoke up"}},
	}
	for _, c := range corpus {
		got, found := r.Redact(c.in)
		if len(found) == 0 {
			t.Errorf("%q: nothing found", c.in)
		}
		for _, s := range c.secret {
			if strings.Contains(strings.ToLower(got), strings.ToLower(s)) {
				t.Errorf("%q → %q: %q survived", c.in, got, s)
			}
		}
		for _, s := range c.keep {
			if !strings.Contains(got, s) {
				t.Errorf("%q → %q: lost %q", c.in, got, s)
			}
		}
	}
}

// TestRedactLeavesOrdinaryText checks what must not be taken for
// personal data: an invalid NHS number, a year range, a short number, and
// words of the network's own vocabulary.
func TestRedactLeavesOrdinaryText(t *testing.T) {
	r := NewRedactor(nil)
	for _, in := range []string{
		"Black and minority ethnic staff need a voice",
		"Between 2016 and 2019 about 31% said no",
		"code 1234567890 is not an NHS number",
		"Will there be a network for everyone?",
	} {
		if got, found := r.Redact(in); got != in || len(found) != 0 {
			t.Errorf("%q → %q %v", in, got, found)
		}
	}
}

func TestNHSNumberValid(t *testing.T) {
	for n, want := range map[string]bool{"9434765919": true, "4010232137": true, "9434765918": false, "1234567890": false, "123": false} {
		if NHSNumberValid(n) != want {
			t.Errorf("%s: want %v", n, want)
		}
	}
}

// BenchmarkRedact redacts a typical comment with the ODS list's size of
// organisation names (about 230 trusts), as the quote bank does for each
// comment it offers.
func BenchmarkRedact(b *testing.B) {
	var orgs []string
	for i := range 230 {
		orgs = append(orgs, "Demo Place "+strings.Repeat("x", i%7)+string(rune('A'+i%26))+" NHS Foundation Trust")
	}
	r := NewRedactor(orgs)
	text := "Dr Adeyinka and Priya Shah at Demo Place xA NHS Foundation Trust set it up; call 07700 900123 or write to p.shah@nhs.net. It gave us a voice."
	b.ReportAllocs()
	for b.Loop() {
		r.Redact(text)
	}
}
