package budget

import (
	"math/rand/v2"
	"time"

	"staffnet/internal/pay"
)

// Demo invents a network's budget for the financial year holding today
// and the one before, reproducible from seed: an allocation from the
// organisation, sometimes sponsorship or charitable funds, and spending
// on events, speakers and refreshments through the year.
func Demo(seed, networkID int64, today time.Time) []Line {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(networkID)*17+3))
	var out []Line
	for _, y := range []int{pay.FinancialYear(today) - 1, pay.FinancialYear(today)} {
		start := time.Date(y, time.April, 1, 0, 0, 0, 0, time.UTC)
		add := func(k Kind, d time.Time, cat string, amount int64, what string) {
			if !d.After(today) {
				out = append(out, Line{NetworkID: networkID, Kind: k, Date: d, Category: cat, Amount: amount, What: what})
			}
		}
		add(Allocation, start, "organisation", int64(500+rng.IntN(30)*100)*100, "Annual allocation")
		if rng.IntN(3) == 0 {
			add(Allocation, start.AddDate(0, 5, 10), "sponsorship", int64(200+rng.IntN(10)*50)*100, "Sponsored conference places")
		}
		if rng.IntN(4) == 0 {
			add(Allocation, start.AddDate(0, 2, 3), "charity", int64(300+rng.IntN(5)*100)*100, "Charitable funds bid")
		}
		for i := range 3 + rng.IntN(6) {
			cat := []string{"events", "speakers", "refreshments", "training", "publicity"}[rng.IntN(5)]
			add(Spend, start.AddDate(0, 1+i, rng.IntN(25)), cat, int64(2000+rng.IntN(40000)), "Network "+Label(cat))
		}
	}
	return out
}
