package survey

import "testing"

func TestAdvice(t *testing.T) {
	d := mustParse(t, nested)
	r := d.NewResponse()
	answer(t, d, r, "a", "yes")
	answer(t, d, r, "b", "x", "none")
	answer(t, d, r, "c", "q")
	r.Texts[d.Question("e").Slot()] = "too long"
	got := map[string]string{}
	for _, e := range d.Check(r) {
		got[e.Field] = e.Advice(d.Question(e.Field))
	}
	for field, want := range map[string]string{
		"b": "Select ‘None’ on its own, or choose other answers",
		"e": "Your answer to ‘E?’ must be 5 characters or fewer",
		"f": "Select an answer to: F?",
	} {
		if got[field] != want {
			t.Errorf("%s: %q, want %q", field, got[field], want)
		}
	}
	if len(got) != 4 { // and g, required
		t.Errorf("errors for %v", got)
	}
	for n, want := range map[int]string{5: "5", 999: "999", 1000: "1,000", 2000: "2,000", 123456: "123,456", 1234567: "1,234,567"} {
		if s := Thousands(n); s != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, s, want)
		}
	}
}
