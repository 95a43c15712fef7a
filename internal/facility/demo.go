package facility

import (
	"fmt"
	"math/rand/v2"
	"time"

	"staffnet/internal/network"
	"staffnet/internal/pay"
)

// DemoLeader is an invented register entry with its weeks (LeaderID 0
// until the store gives the leader an id).
type DemoLeader struct {
	Leader Leader
	Weeks  []Week
}

var demoBands = []struct {
	band  string
	point int
}{{"4", 2}, {"5", 1}, {"5", 3}, {"6", 2}, {"7", 1}, {"7", 3}, {"8a", 2}, {"8b", 1}}

// Demo invents facility time for network n's leaders for the 52 weeks
// before today, reproducible from seed: most leaders on an Agenda for
// Change band, one in eight medical at an entered rate; some networks
// give half a day a week and more, many less; one leader in six started
// part of the way through. It returns the register and an on-cost (0 or
// 21.7%). A network without leaders gets none.
func Demo(seed int64, n *network.Network, tables pay.Tables, today time.Time) ([]DemoLeader, int64) {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(n.ID)*31+7))
	generous := rng.Float64() // how much time the organisation gives
	var out []DemoLeader
	last := Monday(today).AddDate(0, 0, -7)
	for i, nl := range n.Leaders {
		l := Leader{NetworkID: n.ID, Name: nl.Name, Role: nl.Role, Email: fmt.Sprintf("demo.leader%d.%d@example.nhs.uk", n.ID, i+1), Agreed: 375}
		if rng.IntN(8) == 0 {
			l.Band, l.Hourly = pay.Medical, Money(4500+rng.IntN(3000))
		} else {
			b := demoBands[rng.IntN(len(demoBands))]
			l.Band, l.PayPoint = b.band, b.point
		}
		if generous < 0.3 {
			l.Agreed = 0
		}
		weeks := 52
		if rng.IntN(6) == 0 {
			weeks = 10 + rng.IntN(40)
			l.From = last.AddDate(0, 0, -7*(weeks-1))
		}
		d := DemoLeader{Leader: l}
		for k := range weeks {
			start := last.AddDate(0, 0, -7*k)
			used := Hours(float64(rng.IntN(500)) * (0.4 + generous))
			rate, _ := RateFor(l.Band, l.PayPoint, l.Hourly, tables, pay.FinancialYear(start))
			d.Weeks = append(d.Weeks, Week{Start: start, Band: l.Band, PayPoint: l.PayPoint, Hourly: rate, Agreed: l.Agreed, Used: used})
		}
		out = append(out, d)
	}
	var onCost int64
	if rng.IntN(2) == 0 {
		onCost = 2170
	}
	return out, onCost
}
