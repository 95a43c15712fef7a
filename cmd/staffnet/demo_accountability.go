package main

import (
	"context"
	"fmt"
	"time"

	"staffnet/internal/members"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// demoAccountability gives every organisation with an open demo network
// what it shares with its networks: a WRES action plan for this year and
// last and the corporate-duty letter, and every network mentoring (see
// demoMentoring) and, with a sponsor record, the expectations both ways. It replaces any there were, which named the networks just
// replaced.
func demoAccountability(ctx context.Context, db *store.DB, seed int64, demo []network.DemoNetwork) (string, error) {
	if err := db.ClearAccountability(ctx); err != nil {
		return "", err
	}
	byOrg := map[string][]int64{}
	var orgs []string
	for i := range demo {
		n := &demo[i].Network
		if n.Status == network.StatusClosed {
			continue
		}
		if byOrg[n.OrgCode] == nil {
			orgs = append(orgs, n.OrgCode)
		}
		if n.Type == network.TypeBME {
			byOrg[n.OrgCode] = append([]int64{n.ID}, byOrg[n.OrgCode]...)
		} else {
			byOrg[n.OrgCode] = append(byOrg[n.OrgCode], n.ID)
		}
	}
	today := time.Now()
	expectations, letters, actions := 0, 0, 0
	for i := range demo {
		d := &demo[i]
		if d.Network.Status == network.StatusClosed {
			continue
		}
		// Its pairs are not counted in the summary: they depend on the
		// members, whose details follow the network ids the database
		// hands out, and the summary is the same for the same seed.
		if _, err := demoMentoring(ctx, db, seed, int64(i), &d.Network, today); err != nil {
			return "", fmt.Errorf("mentoring of network %d: %w", d.Network.ID, err)
		}
		if d.Records.Sponsor == nil {
			continue
		}
		network.DemoExpectations(seed, int64(i), d.Records.Sponsor, today)
		if err := db.SaveSponsorRecord(ctx, d.Network.ID, d.Records.Sponsor); err != nil {
			return "", err
		}
		expectations++
	}
	for _, org := range orgs {
		o, err := db.Organisation(ctx, org)
		if err != nil {
			return "", err
		}
		l := network.DemoDutyLetter(seed, org, o.Name, today)
		if err := db.SaveDutyLetter(ctx, &l); err != nil {
			return "", err
		}
		letters++
		for _, year := range []int{today.Year() - 1, today.Year()} {
			for _, a := range network.DemoPlan(seed, org, year, byOrg[org], today) {
				if err := db.SavePlanAction(ctx, &a); err != nil {
					return "", fmt.Errorf("action plan of %s: %w", org, err)
				}
				actions++
			}
		}
	}
	return fmt.Sprintf("%d WRES plan actions, %d corporate-duty letters, %d sponsors' expectations, and mentoring and development in every network with members", actions, letters, expectations), nil
}

// demoMentoring gives each open demo network with members mentoring
// profiles, pairs at every stage (each seeker proposed to their best
// suggestion; some agreed with meetings, some closed with feedback) and
// two development opportunities with applications. It returns the number
// of pairs.
func demoMentoring(ctx context.Context, db *store.DB, seed, salt int64, n *network.Network, today time.Time) (int, error) {
	var people []network.DemoPerson
	err := db.EachMember(ctx, n.ID, func(m *members.Member) error {
		people = append(people, network.DemoPerson{MemberID: m.ID, Name: m.Name, Site: m.Site, Ally: m.Ally})
		return nil
	})
	if err != nil || len(people) == 0 {
		return 0, err
	}
	profiles := network.DemoProfiles(seed, salt, n.ID, people)
	for i := range profiles {
		if err := db.AddMentorProfile(ctx, &profiles[i]); err != nil {
			return 0, err
		}
	}
	pairs := 0
	taken := map[int64]bool{}
	for i := range profiles {
		p := &profiles[i]
		if p.Offers {
			continue
		}
		ms := network.Suggest(p, profiles, func(offer, _ int64) bool { return taken[offer] }, 1)
		if len(ms) == 0 {
			continue
		}
		taken[ms[0].Offer.ID] = true
		pair := network.MentorPair{NetworkID: n.ID, OfferID: ms[0].Offer.ID, SeekID: p.ID, ProposedBy: "lead", Status: network.PairProposed}
		if err := db.AddMentorPair(ctx, &pair); err != nil {
			return 0, err
		}
		switch pairs % 3 {
		case 1:
			pair.OfferOK, pair.SeekOK, pair.Status = true, true, network.PairActive
			pair.Meetings = []time.Time{network.Day(today).AddDate(0, -2, 0), network.Day(today).AddDate(0, -1, 0)}
		case 2:
			pair.OfferOK, pair.SeekOK, pair.Status, pair.ClosedOn = true, true, network.PairClosed, network.Day(today).AddDate(0, 0, -7)
			pair.Meetings = []time.Time{network.Day(today).AddDate(0, -5, 0), network.Day(today).AddDate(0, -3, 0), network.Day(today).AddDate(0, -1, 0)}
			pair.Rating, pair.Themes = 3+pairs%3, network.FeedbackThemes[pairs%4:pairs%4+2]
		}
		if err := db.SaveMentorPair(ctx, &pair); err != nil {
			return 0, err
		}
		pairs++
	}
	for i, o := range network.DemoOpportunities(n.ID, today) {
		if err := db.AddOpportunity(ctx, &o); err != nil {
			return 0, err
		}
		for j, p := range people {
			if (j+i)%4 == 0 {
				if err := db.Apply(ctx, n.ID, o.ID, p.MemberID); err != nil {
					return 0, err
				}
			}
		}
	}
	return pairs, nil
}
