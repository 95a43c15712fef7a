package members

import (
	"fmt"
	"math/rand/v2"
	"time"

	"staffnet/internal/network"
)

// Invented names for demo members, each marked "(demo)", with addresses
// at example.nhs.uk: no real person appears in demo data.
var (
	demoFirst = []string{"Ada", "Sam", "Alex", "Jordan", "Morgan", "Riley", "Casey", "Taylor", "Jamie", "Robin", "Charlie", "Avery", "Quinn", "Harper", "Rowan", "Sasha"}
	demoLast  = []string{"Example", "Sample", "Placeholder", "Testcase", "Mockup", "Fixture", "Dummy", "Specimen", "Prototype", "Template", "Sandbox", "Stub"}
	demoSites = []string{"Main hospital", "Community hub", "North site", "South site"}
)

// Demo makes n invented members of network networkID, reproducible from
// the seed, joined over the two years before today; about one in six is
// an ally.
func Demo(seed, networkID int64, n int, today time.Time) []Member {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(networkID)))
	out := make([]Member, n)
	for i := range out {
		first, last := demoFirst[rng.IntN(len(demoFirst))], demoLast[rng.IntN(len(demoLast))]
		joined := network.Day(today.AddDate(0, 0, -rng.IntN(730)))
		m := Member{
			NetworkID: networkID, Name: fmt.Sprintf("%s %s (demo)", first, last),
			Email:       fmt.Sprintf("demo.member%d.%d@example.nhs.uk", networkID, i+1),
			Ally:        rng.IntN(6) == 0,
			ConsentText: DefaultConsent, ConsentedOn: joined, JoinedOn: joined, Confirmed: true,
		}
		if rng.IntN(3) > 0 {
			m.StaffGroup = StaffGroups[rng.IntN(len(StaffGroups))]
		}
		if rng.IntN(2) == 0 {
			m.Site = demoSites[rng.IntN(len(demoSites))]
		}
		out[i] = m
	}
	return out
}

// DemoNewsletter is the sent newsletter demo networks show.
func DemoNewsletter(networkName string) Message {
	return Message{
		Subject: networkName + " newsletter",
		Body: "Hello everyone,\n\nThank you to all who came to our last meeting. Three things this month:\n\n" +
			"- **Reverse mentoring**: applications are open until the end of the month.\n" +
			"- Our next meeting is in the staff room and online; papers will follow.\n" +
			"- Tell us what you would like the network to work on next.\n\nBest wishes,\nThe network's leads",
		Format:   Markdown,
		Audience: Audience{Kind: AudienceAll},
	}
}
