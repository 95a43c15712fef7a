package maturity

import (
	"testing"
	"time"

	"staffnet/internal/budget"
	"staffnet/internal/facility"
	"staffnet/internal/network"
)

// TestFactsResources checks the two yes/no facts taken from facility
// time and the budget, on Wednesday 12 November 2025 (financial year
// 2025).
func TestFactsResources(t *testing.T) {
	q, rs := defaults(t)
	today := time.Date(2025, 11, 12, 0, 0, 0, 0, time.UTC)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	half := facility.Recommended
	for _, c := range []struct {
		name               string
		res                Resources
		facilityTime, bdgt bool
	}{
		{"nothing recorded", Resources{}, false, false},
		{"chair at exactly half a day", Resources{Leaders: []facility.Leader{{Agreed: half}}}, true, false},
		{"under half a day", Resources{Leaders: []facility.Leader{{Agreed: half - 1}, {Agreed: 100}}}, false, false},
		// Left on the Monday of this week: still in role this week.
		{"left this week", Resources{Leaders: []facility.Leader{{Agreed: 750, To: day(2025, 11, 10)}}}, true, false},
		{"left last week", Resources{Leaders: []facility.Leader{{Agreed: 750, To: day(2025, 11, 9)}}}, false, false},
		{"starts next week", Resources{Leaders: []facility.Leader{{Agreed: 750, From: day(2025, 11, 17)}}}, false, false},
		{"an allocation this year", Resources{Budget: []budget.Line{{Kind: budget.Allocation, Date: day(2025, 4, 1), Amount: 1}}}, false, true},
		{"spend only", Resources{Budget: []budget.Line{{Kind: budget.Spend, Date: day(2025, 5, 1), Amount: 500}}}, false, false},
		{"allocation last year", Resources{Budget: []budget.Line{{Kind: budget.Allocation, Date: day(2025, 3, 31), Amount: 500}}}, false, false},
	} {
		got := Facts(q, rs, &network.Network{Type: network.TypeBME}, "Y56", nil, nil, c.res, today)
		if got.FacilityTime != c.facilityTime || got.Budget != c.bdgt {
			t.Errorf("%s: facility time %v, budget %v; want %v, %v", c.name, got.FacilityTime, got.Budget, c.facilityTime, c.bdgt)
		}
	}
}
