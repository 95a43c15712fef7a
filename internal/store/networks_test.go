package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
)

// netOrgs is a small fixture: two organisations in London, one in the
// South West, one closed in the Midlands.
var netOrgs = []orgs.Organisation{
	{Code: "RAA", Name: "Alpha Trust", Region: "Y56", Type: "NHS trust"},
	{Code: "RBB", Name: "Beta Trust", Region: "Y56", Type: "NHS trust"},
	{Code: "RCC", Name: "Gamma Trust", Region: "Y58", Type: "NHS trust"},
	{Code: "RDD", Name: "Delta Trust", Region: "Y60", Type: "NHS trust", ClosedOn: "2020-01-01"},
}

func loadNetOrgs(t *testing.T, db *store.DB) {
	t.Helper()
	if _, _, err := db.UpsertOrganisations(context.Background(), netOrgs); err != nil {
		t.Fatal(err)
	}
}

func addNet(t *testing.T, db *store.DB, org string, typ network.Type, status network.Status) *network.Network {
	t.Helper()
	n := &network.Network{OrgCode: org, Type: typ, Name: org + " " + string(typ), Status: status, YearStarted: 2015,
		Published: network.DefaultPublished, Leaders: []network.Leader{{Role: network.RoleChair, Name: "Ada Example (demo)"}}}
	if err := db.CreateNetwork(context.Background(), n); err != nil {
		t.Fatal(err)
	}
	return n
}

// checkDeleted runs del, then checks that get finds nothing and that
// deleting again is ErrNotFound; what names the record.
func checkDeleted(t *testing.T, what string, del, get func() error) {
	t.Helper()
	if err := del(); err != nil {
		t.Fatal(err)
	}
	if err := get(); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted %s: %v", what, err)
	}
	if err := del(); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s deleted twice: %v", what, err)
	}
}

// eachWithNet runs test as each does, with the organisations loaded and
// one active BME network of RAA added.
func eachWithNet(t *testing.T, test func(t *testing.T, db *store.DB, n *network.Network)) {
	each(t, func(t *testing.T, db *store.DB) {
		loadNetOrgs(t, db)
		test(t, db, addNet(t, db, "RAA", network.TypeBME, network.StatusActive))
	})
}

func TestNetworksCRUD(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadNetOrgs(t, db)
		n := &network.Network{
			OrgCode: "RAA", Type: network.TypeBME, Name: "Alpha BME Network", YearStarted: 2016,
			Purpose: "Fair careers", Contact: "Intranet form", MeetingPattern: "Monthly", WebPage: "https://example.org/bme",
			Status:    network.StatusActive,
			Leaders:   []network.Leader{{Role: network.RoleChair, Name: "Ada Example (demo)"}, {Role: network.RoleCommittee, Name: "Sam Sample (demo)"}},
			Sponsor:   &network.Sponsor{Name: "Casey Dummy (demo)", BoardRole: "Chief Nurse", Expectations: "Meet quarterly"},
			Published: []network.Field{network.FieldName, network.FieldSponsor},
			UpdatedOn: network.Date(2024, 5, 1),
		}
		if err := db.CreateNetwork(ctx, n); err != nil || n.ID == 0 {
			t.Fatalf("create: id %d err %v", n.ID, err)
		}
		got, err := db.Network(ctx, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Network, *n) || got.OrgName != "Alpha Trust" || got.Region != "Y56" {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, n)
		}
		n.Sponsor = nil
		n.Status = network.StatusDormant
		n.Leaders = nil
		if err := db.UpdateNetwork(ctx, n); err != nil {
			t.Fatal(err)
		}
		got, _ = db.Network(ctx, n.ID)
		if got.Sponsor != nil || got.Status != network.StatusDormant || len(got.Leaders) != 0 {
			t.Fatalf("after update %+v", got)
		}
		if _, err := db.Network(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing network: %v", err)
		}
		if err := db.CreateNetwork(ctx, &network.Network{OrgCode: "ZZZ", Type: network.TypeBME, Status: network.StatusActive}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("unknown organisation: %v", err)
		}
		if err := db.UpdateNetwork(ctx, &network.Network{ID: 999, OrgCode: "RAA", Type: network.TypeBME, Status: network.StatusActive}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("update missing: %v", err)
		}
		moved := *n
		moved.OrgCode = "ZZZ"
		if err := db.UpdateNetwork(ctx, &moved); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("update to unknown organisation: %v", err)
		}
		if got, _ := db.Network(ctx, n.ID); got.OrgCode != "RAA" {
			t.Fatalf("failed update changed the network: %+v", got)
		}

		addNet(t, db, "RBB", network.TypeLGBTI, network.StatusActive)
		addNet(t, db, "RCC", network.TypeBME, network.StatusClosed)
		cases := []struct {
			f    store.NetworkFilter
			want []string
		}{
			{store.NetworkFilter{}, []string{"RAA", "RBB", "RCC"}},
			{store.NetworkFilter{Region: "Y56"}, []string{"RAA", "RBB"}},
			{store.NetworkFilter{Org: "RBB"}, []string{"RBB"}},
			{store.NetworkFilter{Type: network.TypeBME}, []string{"RAA", "RCC"}},
			{store.NetworkFilter{Status: network.StatusClosed}, []string{"RCC"}},
			{store.NetworkFilter{Region: "Y56", Type: network.TypeBME, Status: network.StatusDormant}, []string{"RAA"}},
			{store.NetworkFilter{Region: "Y63"}, nil},
		}
		for _, c := range cases {
			list, err := db.Networks(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, e := range list {
				codes = append(codes, e.OrgCode)
			}
			if !reflect.DeepEqual(codes, c.want) {
				t.Errorf("filter %+v: got %v, want %v", c.f, codes, c.want)
			}
		}
		if k, err := db.CountNetworks(ctx); err != nil || k != 3 {
			t.Fatalf("count %d %v", k, err)
		}
	})
}

func TestNetworkRecords(t *testing.T) {
	eachWithNet(t, func(t *testing.T, db *store.DB, n *network.Network) {
		ctx := context.Background()
		r, err := db.Records(ctx, n.ID)
		if err != nil || !reflect.DeepEqual(*r, network.Records{}) {
			t.Fatalf("empty records %+v %v", r, err)
		}
		if _, err := db.Records(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("records of missing network: %v", err)
		}
		t1 := &network.TermsOfReference{Text: "v1", ApprovedOn: network.Date(2022, 1, 10), ReviewDue: network.Date(2023, 1, 10)}
		t2 := &network.TermsOfReference{Text: "v2", ApprovedOn: network.Date(2023, 2, 1), ReviewDue: network.Date(2024, 2, 1)}
		for _, tor := range []*network.TermsOfReference{t1, t2} {
			if err := db.AddTermsOfReference(ctx, n.ID, tor); err != nil {
				t.Fatal(err)
			}
		}
		if t1.Version != 1 || t2.Version != 2 {
			t.Fatalf("versions %d %d", t1.Version, t2.Version)
		}
		tors, err := db.TermsOfReference(ctx, n.ID)
		if err != nil || len(tors) != 2 || !reflect.DeepEqual(tors[1], *t2) || tors[0].Text != "v1" {
			t.Fatalf("terms %+v %v", tors, err)
		}
		// Terms but no work plan yet: the latest terms, and no plan.
		if r, err := db.Records(ctx, n.ID); err != nil || !reflect.DeepEqual(r.TermsOfReference, t2) || r.WorkPlan != nil {
			t.Fatalf("records with terms only %+v %v", r, err)
		}
		w1 := &network.WorkPlan{UpdatedOn: network.Date(2024, 1, 1), Objectives: []network.Objective{
			{Title: "Reverse mentoring", WRESIndicator: 5, Owner: "Chair", Due: network.Date(2024, 6, 30), Status: network.InProgress, PercentDone: 40, FromRule: "align_work_plan"},
		}}
		w2 := &network.WorkPlan{UpdatedOn: network.Date(2024, 3, 1), Objectives: append(w1.Objectives, network.Objective{Title: "Board slot", OrgObjective: "Inclusive culture", Owner: "Sponsor", Status: network.NotStarted})}
		for _, w := range []*network.WorkPlan{w1, w2} {
			if err := db.SaveWorkPlan(ctx, n.ID, w); err != nil {
				t.Fatal(err)
			}
		}
		plans, err := db.WorkPlans(ctx, n.ID)
		if err != nil || len(plans) != 2 || !reflect.DeepEqual(plans[0], *w1) || w2.Version != 2 {
			t.Fatalf("plans %+v %v", plans, err)
		}
		sr := &network.SponsorRecord{LastMet: network.Date(2024, 2, 2), ExpectationsAgreed: true, Notes: "Quarterly"}
		if err := db.SaveSponsorRecord(ctx, n.ID, sr); err != nil {
			t.Fatal(err)
		}
		sa := &network.SkillsAudit{DoneOn: network.Date(2023, 9, 9), Entries: []network.SkillsEntry{{Leader: "Chair", Skills: []string{"Chairing"}, Gaps: []string{"Finance"}, DevelopmentWanted: []string{"Coaching"}}}}
		if err := db.SaveSkillsAudit(ctx, n.ID, sa); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveMeetings(ctx, n.ID, network.Date(2024, 3, 5), time.Time{}); err != nil {
			t.Fatal(err)
		}
		r, err = db.Records(ctx, n.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := network.Records{TermsOfReference: t2, WorkPlan: w2, Sponsor: sr, SkillsAudit: sa, LastMinutes: network.Date(2024, 3, 5)}
		if !reflect.DeepEqual(*r, want) {
			t.Fatalf("records:\n got %+v\nwant %+v", r, want)
		}
		// Saving one record leaves the others alone; nil clears.
		if err := db.SaveSponsorRecord(ctx, n.ID, nil); err != nil {
			t.Fatal(err)
		}
		r, _ = db.Records(ctx, n.ID)
		if r.Sponsor != nil || r.SkillsAudit == nil || r.LastMinutes.IsZero() {
			t.Fatalf("after clearing sponsor record %+v", r)
		}
		if err := db.SaveWorkPlan(ctx, 999, w1); !errors.Is(err, store.ErrNotFound) || w1.Version != 1 {
			t.Fatalf("work plan for missing network: %v (version now %d)", err, w1.Version)
		}
	})
}

func TestNetworkAssessments(t *testing.T) {
	eachWithNet(t, func(t *testing.T, db *store.DB, n *network.Network) {
		ctx := context.Background()
		other := addNet(t, db, "RBB", network.TypeBME, network.StatusActive)
		lgbti := addNet(t, db, "RCC", network.TypeLGBTI, network.StatusActive)
		lead := network.Response{Respondent: "Chair", Role: network.RespondentLead, Answers: map[string]network.Answer{
			"sponsor_in_place": {Value: "yes", Evidence: "sponsor_record", Note: "Since 2020"}}}
		a2 := &network.Assessment{NetworkID: n.ID, Version: 1, Date: network.Date(2024, 4, 1), Responses: []network.Response{lead}}
		a1 := &network.Assessment{NetworkID: n.ID, Version: 1, Date: network.Date(2023, 4, 1)}
		for _, a := range []*network.Assessment{a2, a1,
			{NetworkID: other.ID, Version: 1, Date: network.Date(2024, 1, 1), Responses: []network.Response{lead}},
			{NetworkID: lgbti.ID, Version: 1, Date: network.Date(2024, 1, 1), Responses: []network.Response{lead}}} {
			if err := db.AddAssessment(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		sponsor := network.Response{Respondent: "Sponsor", Role: network.RespondentSponsor, Answers: map[string]network.Answer{"sponsor_in_place": {Value: "no"}}}
		if err := db.SaveAssessmentResponse(ctx, a2.ID, sponsor); err != nil {
			t.Fatal(err)
		}
		// The same respondent again replaces their answers.
		lead2 := lead
		lead2.Answers = map[string]network.Answer{"sponsor_in_place": {Value: "partly"}}
		if err := db.SaveAssessmentResponse(ctx, a2.ID, lead2); err != nil {
			t.Fatal(err)
		}
		if err := db.SaveAssessmentResponse(ctx, 999, lead); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("response to missing assessment: %v", err)
		}
		list, err := db.Assessments(ctx, n.ID)
		if err != nil || len(list) != 2 {
			t.Fatalf("assessments %+v %v", list, err)
		}
		if list[0].ID != a1.ID || len(list[0].Responses) != 0 || list[1].ID != a2.ID {
			t.Fatalf("order %+v", list)
		}
		want := network.Assessment{ID: a2.ID, NetworkID: n.ID, Version: 1, Date: network.Date(2024, 4, 1), Responses: []network.Response{lead2, sponsor}}
		if !reflect.DeepEqual(list[1], want) {
			t.Fatalf("assessment:\n got %+v\nwant %+v", list[1], want)
		}
		one, err := db.Assessment(ctx, a2.ID)
		if err != nil || !reflect.DeepEqual(*one, want) {
			t.Fatalf("one %+v %v", one, err)
		}
		peers, err := db.LatestAssessments(ctx, network.TypeBME)
		if err != nil || len(peers) != 2 || peers[0].NetworkID != n.ID || peers[0].Assessment.ID != a2.ID || peers[0].Region != "Y56" || peers[1].NetworkID != other.ID {
			t.Fatalf("peers %+v %v", peers, err)
		}
		if all, _ := db.LatestAssessments(ctx, ""); len(all) != 3 {
			t.Fatalf("all peers %d", len(all))
		}
		checkDeleted(t, "assessment", func() error { return db.DeleteAssessment(ctx, a1.ID) },
			func() error { _, err := db.Assessment(ctx, a1.ID); return err })
	})
}

func TestGuideProgressAndUsers(t *testing.T) {
	eachWithNet(t, func(t *testing.T, db *store.DB, n *network.Network) {
		ctx := context.Background()
		u, err := db.AddUser(ctx, store.User{Email: "lead@example.nhs.uk", Role: auth.NetworkLead, Org: "RAA", NetworkID: n.ID, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.UserByEmail(ctx, "lead@example.nhs.uk")
		if err != nil || got.NetworkID != n.ID {
			t.Fatalf("user %+v %v", got, err)
		}
		if _, err := db.CreateSession(ctx, "tok", u.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if s, err := db.SessionByToken(ctx, "tok", time.Now()); err != nil || s.User.NetworkID != n.ID {
			t.Fatalf("session %+v %v", s, err)
		}
		if err := db.SetUserNetwork(ctx, u.ID, 0); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.UserByEmail(ctx, "lead@example.nhs.uk"); got.NetworkID != 0 {
			t.Fatalf("detached %+v", got)
		}
		if err := db.SetUserNetwork(ctx, u.ID+1000, n.ID); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing user: %v", err)
		}

		g := &store.GuideProgress{Owner: u.ID, Progress: network.Progress{OrgCode: "RBB", Type: network.TypeBME,
			Answers: map[string]string{"who_for": "BME staff"}, Done: []string{"need"}, UpdatedOn: network.Date(2024, 5, 1)}}
		if err := db.SaveGuideProgress(ctx, g); err != nil || g.ID == 0 {
			t.Fatalf("save guide %d %v", g.ID, err)
		}
		g.Progress.Answers["aims"] = "Fair careers"
		if err := db.SaveGuideProgress(ctx, g); err != nil {
			t.Fatal(err)
		}
		back, err := db.Guide(ctx, g.ID)
		if err != nil || !reflect.DeepEqual(*back, *g) {
			t.Fatalf("guide:\n got %+v\nwant %+v (%v)", back, g, err)
		}
		if list, _ := db.Guides(ctx, "RBB", 0); len(list) != 1 {
			t.Fatalf("guides of RBB %d", len(list))
		}
		if list, _ := db.Guides(ctx, "", u.ID+1); len(list) != 0 {
			t.Fatalf("guides of another owner %d", len(list))
		}
		if err := db.SaveGuideProgress(ctx, &store.GuideProgress{Progress: network.Progress{OrgCode: "ZZZ"}}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("guide for unknown org: %v", err)
		}
		if err := db.SaveGuideProgress(ctx, &store.GuideProgress{ID: g.ID + 1000, Progress: network.Progress{OrgCode: "RBB"}}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("update of missing guide: %v", err)
		}
		checkDeleted(t, "guide", func() error { return db.DeleteGuide(ctx, g.ID) },
			func() error { _, err := db.Guide(ctx, g.ID); return err })
	})
}

// TestNetworkMap checks the national and regional picture against counts
// worked out by hand.
func TestNetworkMap(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadNetOrgs(t, db)
		// London: RAA has BME, LGBTI, disability (dormant counts); RBB has
		// BME and a closed faith network (does not count).
		// South West: RCC has LGBTI only. Midlands: RDD is closed, so its
		// BME network does not count.
		addNet(t, db, "RAA", network.TypeBME, network.StatusActive)
		addNet(t, db, "RAA", network.TypeLGBTI, network.StatusActive)
		addNet(t, db, "RAA", network.TypeDisability, network.StatusDormant)
		addNet(t, db, "RBB", network.TypeBME, network.StatusActive)
		addNet(t, db, "RBB", network.TypeFaith, network.StatusClosed)
		addNet(t, db, "RCC", network.TypeLGBTI, network.StatusActive)
		addNet(t, db, "RDD", network.TypeBME, network.StatusActive)
		m, err := db.NetworkMap(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Regions) != len(orgs.RegionCodes) {
			t.Fatalf("regions %d", len(m.Regions))
		}
		byType := func(p store.AreaPicture) map[network.Type]int {
			out := map[network.Type]int{}
			for _, c := range p.ByType {
				if c.Networks > 0 {
					out[c.Type] = c.Networks
				}
			}
			return out
		}
		also := func(p store.AreaPicture) map[network.Type]float64 {
			out := map[network.Type]float64{}
			for _, c := range p.AlsoHad {
				if c.Organisations > 0 {
					out[c.Type] = c.Share
				}
			}
			return out
		}
		london, sw, mid := m.Regions[0], m.Regions[1], m.Regions[3]
		if london.Region != "Y56" || london.Name != "London" || london.Organisations != 2 || london.WithBME != 2 || london.WithAny != 2 || london.WithNone != 0 || london.Networks != 4 {
			t.Errorf("London %+v", london)
		}
		if got := byType(london); !reflect.DeepEqual(got, map[network.Type]int{network.TypeBME: 2, network.TypeLGBTI: 1, network.TypeDisability: 1}) {
			t.Errorf("London by type %v", got)
		}
		if got := also(london); !reflect.DeepEqual(got, map[network.Type]float64{network.TypeLGBTI: 0.5, network.TypeDisability: 0.5}) {
			t.Errorf("London also had %v", got)
		}
		if sw.Organisations != 1 || sw.WithBME != 0 || sw.WithAny != 1 || sw.WithNone != 0 || sw.Networks != 1 || len(also(sw)) != 0 {
			t.Errorf("South West %+v", sw)
		}
		if mid.Region != "Y60" || mid.Organisations != 0 || mid.Networks != 0 {
			t.Errorf("Midlands %+v", mid)
		}
		nat := m.National
		if nat.Organisations != 3 || nat.WithBME != 2 || nat.WithAny != 3 || nat.WithNone != 0 || nat.Networks != 5 {
			t.Errorf("national %+v", nat)
		}
		if got := byType(nat); !reflect.DeepEqual(got, map[network.Type]int{network.TypeBME: 2, network.TypeLGBTI: 2, network.TypeDisability: 1}) {
			t.Errorf("national by type %v", got)
		}
		if got := also(nat); !reflect.DeepEqual(got, map[network.Type]float64{network.TypeLGBTI: 0.5, network.TypeDisability: 0.5}) {
			t.Errorf("national also had %v", got)
		}
		if len(nat.ByType) != len(network.Types) || len(nat.AlsoHad) != len(network.Types)-1 {
			t.Errorf("lists %d %d", len(nat.ByType), len(nat.AlsoHad))
		}
		// A Welsh trust's network has a row of its own but is not part of
		// England's figures.
		if _, _, err := db.UpsertOrganisations(ctx, []orgs.Organisation{{Code: "RQF", Name: "A Welsh trust", Region: "W00", Type: "NHS trust"}}); err != nil {
			t.Fatal(err)
		}
		addNet(t, db, "RQF", network.TypeBME, network.StatusActive)
		m, err = db.NetworkMap(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if last := m.Regions[len(m.Regions)-1]; last.Region != "W00" || last.Name != "Wales" || last.WithBME != 1 {
			t.Errorf("Wales %+v", last)
		}
		if m.National.Organisations != 3 || m.National.WithBME != 2 || m.National.Networks != 5 {
			t.Errorf("England counts Wales: %+v", m.National)
		}
	})
}

func TestDemoNetworks(t *testing.T) {
	each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		loadNetOrgs(t, db)
		var refs []network.OrgRef
		for _, o := range netOrgs[:3] {
			refs = append(refs, network.OrgRef{Code: o.Code, Name: o.Name, Region: o.Region})
		}
		var demo []network.DemoNetwork
		for seed := int64(1); len(demo) == 0; seed++ {
			demo = network.DemoAt(seed, network.Date(2024, 6, 1), refs)
		}
		for i := range demo {
			if err := db.AddDemoNetwork(ctx, &demo[i]); err != nil {
				t.Fatal(err)
			}
		}
		if k, _ := db.CountNetworks(ctx); k != len(demo) {
			t.Fatalf("stored %d of %d", k, len(demo))
		}
		d := demo[0]
		got, err := db.Network(ctx, d.Network.ID)
		if err != nil || !reflect.DeepEqual(got.Network, d.Network) {
			t.Fatalf("demo network:\n got %+v\nwant %+v", got, d.Network)
		}
		// The latest minutes are also those of the demo meetings (all in
		// the past by now, so no next meeting comes from them).
		want := d.Records
		for _, m := range d.Meetings {
			if day := network.Day(m.Start.In(network.London)); m.MinutesStatus == network.MinutesApproved && day.After(want.LastMinutes) {
				want.LastMinutes = day
			}
		}
		r, err := db.Records(ctx, d.Network.ID)
		if err != nil || !reflect.DeepEqual(*r, want) {
			t.Fatalf("demo records:\n got %+v\nwant %+v", r, want)
		}
		if ms, err := db.Meetings(ctx, d.Network.ID); err != nil || len(ms) != len(d.Meetings) || len(d.Meetings) == 0 {
			t.Errorf("demo meetings %d of %d: %v", len(ms), len(d.Meetings), err)
		}
		// Its own events, and the joint ones other networks run with it.
		es, err := db.Events(ctx, store.EventFilter{NetworkID: d.Network.ID})
		own, joint := 0, 0
		for _, e := range es {
			if e.NetworkID == d.Network.ID {
				own++
			} else if slices.Contains(e.CoHosts, d.Network.ID) {
				joint++
			}
		}
		if err != nil || own != len(d.Events) || own+joint != len(es) {
			t.Errorf("demo events: %d own of %d, %d joint, %d in all: %v", own, len(d.Events), joint, len(es), err)
		}
		as, err := db.Assessments(ctx, d.Network.ID)
		if err != nil || len(as) != len(d.Assessments) {
			t.Fatalf("demo assessments %d of %d: %v", len(as), len(d.Assessments), err)
		}
		if n, err := db.DeleteAllNetworks(ctx); err != nil || n != len(demo) {
			t.Fatalf("delete all %d %v", n, err)
		}
		if k, _ := db.CountNetworks(ctx); k != 0 {
			t.Fatalf("left %d", k)
		}
	})
}

// TestRecordsWhileWriting reads a network's records on SQLite while
// another connection holds the database's write lock, as a survey
// submission or an import would: a read must neither wait for the
// writer nor fail with "database is locked", and it sees the records as
// they were before the writer's uncommitted change.
func TestRecordsWhileWriting(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "staffnet.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	loadNetOrgs(t, db)
	n := addNet(t, db, "RAA", network.TypeBME, network.StatusActive)
	minutes := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	if err := db.SaveMeetings(ctx, n.ID, minutes, time.Time{}); err != nil {
		t.Fatal(err)
	}

	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	writer, err := raw.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if _, err := writer.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	defer writer.ExecContext(ctx, `ROLLBACK`)
	if _, err := writer.ExecContext(ctx, `UPDATE network_records SET last_minutes = '2026-04-01' WHERE network_id = ?`, n.ID); err != nil {
		t.Fatal(err)
	}

	r, err := db.Records(ctx, n.ID)
	if err != nil {
		t.Fatalf("records while another connection writes: %v", err)
	}
	if !r.LastMinutes.Equal(minutes) {
		t.Errorf("last minutes %s, want the committed %s", r.LastMinutes.Format(time.DateOnly), minutes.Format(time.DateOnly))
	}
}
