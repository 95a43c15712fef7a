package network

import (
	"slices"
	"strings"
	"testing"
)

// riversideAnswers: one lead's answers, with the score of each written
// beside it so the expected area means can be checked by hand.
var riversideAnswers = map[string]string{
	// Consistent commitment: 0+0+2+1+1 = 4/5 = 0.80 → 1 Starting
	"sponsor_in_place":    "none",
	"sponsor_meetings":    "never",
	"board_hears_network": "yearly",
	"corporate_duty":      "said",
	"consulted_early":     "after",
	// Relationships: 2+2+1+1+2 = 8/5 = 1.60 → 2 Developing
	"rel_edi_hr":         "regular",
	"rel_other_networks": "some",
	"rel_trade_unions":   "occasional",
	"rel_external":       "occasional",
	"members_informed":   "most",
	// Accountability: 2+2+3+2+2 = 11/5 = 2.20 → 3 Established
	"tor_current":          "overdue",
	"work_plan_aligned":    "some",
	"purpose_clear":        "shared",
	"leadership_structure": "defined",
	"reports_progress":     "both_occasional",
	// Frugal innovation and resources: 2+2+3+2 = 9/4 = 2.25 → 3 Established
	"budget":            "small",
	"data_access":       "yearly",
	"low_cost_activity": "many",
	"cost_benefit":      "once",
	// Time and investment: 1+0+2+2+3 = 8/5 = 1.60 → 2 Developing
	"chair_protected_time":     "ad_hoc",
	"committee_protected_time": "none",
	"members_released":         "most",
	"leader_development":       "some",
	"member_development":       "programme",
}

func riversideAssessment() *Assessment {
	return &Assessment{NetworkID: 1, Version: 1, Date: Date(2024, 2, 20), Responses: []Response{lead("Chair", riversideAnswers)}}
}

func TestQuestionnaireLoads(t *testing.T) {
	q := mustQuestionnaire(t)
	var areas []string
	for _, a := range q.Areas {
		areas = append(areas, a.Letter)
	}
	if strings.Join(areas, "") != "CRAFT" {
		t.Errorf("areas spell %q", strings.Join(areas, ""))
	}
	if len(q.Requirements) != 5 {
		t.Errorf("%d requirements, want the report's five", len(q.Requirements))
	}
	for _, qu := range q.Questions {
		if len(qu.Evidence) == 0 {
			t.Errorf("question %s asks for no evidence", qu.ID)
		}
	}
}

func TestScoreRiverside(t *testing.T) {
	q := mustQuestionnaire(t)
	r := q.Score(riversideAssessment())
	want := []struct {
		area  string
		mean  float64
		level int
		name  string
	}{
		{"commitment", 0.80, 1, "Starting"},
		{"relationships", 1.60, 2, "Developing"},
		{"accountability", 2.20, 3, "Established"},
		{"resources", 2.25, 3, "Established"},
		{"time", 1.60, 2, "Developing"},
	}
	for i, w := range want {
		got := r.Areas[i]
		if got.Area != w.area || got.Mean != w.mean || got.Level != w.level || got.LevelName != w.name {
			t.Errorf("area %d = %+v, want %+v", i, got, w)
		}
	}
	// Overall: (0.80+1.60+2.20+2.25+1.60)/5 = 8.45/5 = 1.69 → 2 Developing.
	if r.Overall.Mean != 1.69 || r.Overall.Level != 2 || r.Overall.Answered != 24 {
		t.Errorf("overall = %+v", r.Overall)
	}
}

func TestScoreExtremesAndGaps(t *testing.T) {
	q := mustQuestionnaire(t)
	top := q.Score(&Assessment{Responses: []Response{lead("A", allAt(q, 3))}})
	if top.Overall.Mean != 3 || top.Overall.LevelName != "Thriving" {
		t.Errorf("all top answers: %+v", top.Overall)
	}
	// Only two commitment questions answered: the area is scored on
	// those, the others are unscored and do not drag the overall down.
	part := q.Score(&Assessment{Responses: []Response{lead("A", map[string]string{"sponsor_in_place": "board", "sponsor_meetings": "quarterly"})}})
	if c := part.Areas[0]; c.Answered != 2 || c.Questions != 5 || c.Mean != 2.5 || c.Level != 4 {
		t.Errorf("partial commitment: %+v", c)
	}
	if part.Areas[1].Scored() || part.Areas[1].Level != 0 || part.Overall.Mean != 2.5 {
		t.Errorf("unscored areas: %+v %+v", part.Areas[1], part.Overall)
	}
	// Sponsor answers never count towards the network's score.
	sp := q.Score(&Assessment{Responses: []Response{response("S", RespondentSponsor, allAt(q, 3))}})
	if sp.Overall.Scored() {
		t.Errorf("sponsor-only assessment scored: %+v", sp.Overall)
	}
}

func TestLevelThresholds(t *testing.T) {
	q := mustQuestionnaire(t)
	for _, c := range []struct {
		mean float64
		want int
	}{{0, 1}, {0.99, 1}, {1, 2}, {1.74, 2}, {1.75, 3}, {7.0 / 4, 3}, {2.49, 3}, {2.5, 4}, {3, 4}} {
		if got := q.Level(c.mean).Level; got != c.want {
			t.Errorf("Level(%v) = %d, want %d", c.mean, got, c.want)
		}
	}
}

func TestDifferencesLeadsAndSponsor(t *testing.T) {
	q := mustQuestionnaire(t)
	leadA := map[string]string{"chair_protected_time": "none", "committee_protected_time": "none", "members_released": "no", "leader_development": "none", "member_development": "none", "sponsor_in_place": "board"}
	leadB := map[string]string{"chair_protected_time": "ad_hoc", "committee_protected_time": "none", "members_released": "no", "leader_development": "none", "member_development": "none", "sponsor_in_place": "board_agreed"}
	sponsor := allAt(q, 3)
	a := &Assessment{Responses: []Response{lead("Chair", leadA), lead("Vice-chair", leadB), response("Sponsor", RespondentSponsor, sponsor)}}

	// Leads only: time = (0.5+0+0+0+0)/5 = 0.10.
	if got := q.Score(a).Areas[4]; got.Mean != 0.1 || got.Level != 1 {
		t.Errorf("time = %+v", got)
	}
	d := q.Differences(a)
	var qs []string
	for _, x := range d.Questions {
		qs = append(qs, x.Question)
	}
	// sponsor_in_place: leads 2 and 3, sponsor 3 → spread 1, not reported.
	want := []string{"chair_protected_time", "committee_protected_time", "members_released", "leader_development", "member_development"}
	if !slices.Equal(qs, want) {
		t.Fatalf("questions differing = %v, want %v", qs, want)
	}
	if x := d.Questions[0]; x.Spread != 3 || x.Scores["Chair"] != 0 || x.Scores["Vice-chair"] != 1 || x.Scores["Sponsor"] != 3 {
		t.Errorf("chair_protected_time difference = %+v", x)
	}
	// Areas: commitment leads level 3 (2.0) and 4 (3.0), sponsor 4 → spread 1;
	// time leads 1, sponsor 4 → spread 3. The sponsor alone answered the
	// other areas, so there is nobody to differ from.
	if len(d.Areas) != 2 || d.Areas[0].Area != "commitment" || d.Areas[0].Spread != 1 || d.Areas[1].Area != "time" || d.Areas[1].Spread != 3 {
		t.Fatalf("areas differing = %+v", d.Areas)
	}
	if q.Differences(riversideAssessment()).Any() {
		t.Error("a single respondent cannot differ")
	}
}

func TestTrend(t *testing.T) {
	q := mustQuestionnaire(t)
	later := riversideAssessment()
	later.Date = Date(2025, 2, 20)
	improved := map[string]string{}
	for k, v := range riversideAnswers {
		improved[k] = v
	}
	improved["sponsor_in_place"] = "board_agreed" // commitment 4/5 → 7/5 = 1.40
	improved["sponsor_meetings"] = "never"
	later.Responses = []Response{lead("Chair", improved)}
	tr := q.Trend([]Assessment{*later, *riversideAssessment()}) // out of order on purpose
	c := tr[0]
	if len(c.Points) != 2 || c.Points[0].Mean != 0.8 || c.Points[1].Mean != 1.4 || c.Change != 0.6 || c.LevelChange != 1 || c.SinceFirst != 0.6 {
		t.Fatalf("commitment trend = %+v", c)
	}
	if tr[1].Change != 0 || tr[5].Area != "overall" || tr[5].Change != 0.12 {
		t.Errorf("relationships %+v, overall %+v", tr[1], tr[5])
	}
}

func TestCompareSuppressedBelowFive(t *testing.T) {
	q := mustQuestionnaire(t)
	own := q.Score(riversideAssessment())
	peer := func(id int64, typ Type, region string, score int) Peer {
		return Peer{NetworkID: id, Type: typ, Region: region, Result: q.Score(&Assessment{Responses: []Response{lead("x", allAt(q, score))}})}
	}
	peers := []Peer{
		peer(1, TypeBME, "Y56", 3), // own network: ignored
		peer(2, TypeBME, "Y56", 0),
		peer(3, TypeBME, "Y56", 1),
		peer(4, TypeBME, "Y58", 2),
		peer(5, TypeBME, "Y58", 3),
		peer(6, TypeLGBTI, "Y56", 3), // other type: ignored
	}
	f := PeerFilter{NetworkID: 1, Type: TypeBME}
	c, why := q.Compare(own, peers, f)
	if c != nil || !strings.Contains(why, "Fewer than 5 other") {
		t.Fatalf("4 peers: %+v, %q", c, why)
	}
	peers = append(peers, peer(7, TypeBME, "Y58", 2))
	c, why = q.Compare(own, peers, f)
	if c == nil || why != "" {
		t.Fatalf("5 peers suppressed: %q", why)
	}
	// Peers' overall means: 0, 1, 2, 3, 2 → median 2.
	if c.Peers != 5 || c.Overall.Median != 2 || c.Overall.Difference != -0.31 || c.Areas[0].Median != 2 || c.Areas[0].Difference != -1.2 {
		t.Errorf("comparison = %+v", c)
	}
	// Same region only: two London peers.
	f.Region = "Y56"
	if c, why := q.Compare(own, peers, f); c != nil || !strings.Contains(why, "same region") {
		t.Errorf("regional: %+v %q", c, why)
	}
}
