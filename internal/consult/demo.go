package consult

import (
	"math/rand/v2"
	"time"
)

var demoTitles = []string{"Flexible working policy", "Recruitment and selection policy", "People strategy 2026–2029", "Board paper: WRES annual report",
	"Dignity at work policy", "Equality, diversity and inclusion strategy", "Board paper: gender and ethnicity pay gaps", "Disciplinary policy"}

// Demo invents a year of papers sent to a network and of panel counts
// before today, reproducible from seed.
func Demo(seed, networkID int64, today time.Time) ([]Consultation, []Panel) {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(networkID)*13+5))
	var cons []Consultation
	for i := range rng.IntN(7) {
		rec := today.AddDate(0, 0, -20-rng.IntN(330))
		c := Consultation{NetworkID: networkID, Title: demoTitles[(i+int(networkID))%len(demoTitles)], Owner: "Director of People (demo)",
			Kind: Kinds[rng.IntN(len(Kinds))], Received: time.Date(rec.Year(), rec.Month(), rec.Day(), 0, 0, 0, 0, time.UTC),
			Stage: Stages[rng.IntN(2)], Response: "The network's comments were sent to the owner.", Outcome: Outcomes[rng.IntN(len(Outcomes))]}
		if c.Outcome != "pending" && rng.IntN(3) > 0 {
			c.OutcomeLearnt = c.Received.AddDate(0, 0, 14+rng.IntN(40))
		}
		cons = append(cons, c)
	}
	var panels []Panel
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	for m := 1; m <= 12; m++ {
		for _, t := range PanelTypes {
			if n := rng.IntN(5) - 2; n > 0 {
				panels = append(panels, Panel{NetworkID: networkID, Month: first.AddDate(0, -m, 0), Type: t, Count: n})
			}
		}
	}
	return cons, panels
}
