package network

import (
	"strings"
	"testing"
)

// FuzzLoadRules: a rules file, however broken, loads or fails with an
// error; it never panics, and a loaded rule set can always be applied.
func FuzzLoadRules(f *testing.F) {
	f.Add(string(recommendationsJSON))
	f.Add(`{"version":1,"rules":[{"id":"r","level":"network","priority":1,"any":["area time maturity <= 2"],"action":"a","explanation":"{reasons}","objective_title":"o","source":"s"}]}`)
	f.Add(`{"rules":[{"all":["answer budget <"]}]}`)
	q := mustQuestionnaire(f)
	f.Fuzz(func(t *testing.T, s string) {
		rs, err := LoadRules(strings.NewReader(s), q)
		if err != nil {
			return
		}
		rs.Recommend(riverside(), riversideAssessment(), riversideRecords(), today)
		rs.Recommend(&Network{}, nil, nil, today)
	})
}

// FuzzCondition: any condition text parses or is rejected cleanly.
func FuzzCondition(f *testing.F) {
	for _, s := range []string{"flag tor_overdue", "no_sponsor", "answer budget < 2", "area time score >= 1.5", "overall maturity == 4", "differ area time", "type bme", "no_assessment"} {
		f.Add(s)
	}
	q := mustQuestionnaire(f)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCondition(s, q)
		if err != nil {
			return
		}
		fc := &facts{q: q, n: riverside()}
		fc.eval(c)
	})
}
