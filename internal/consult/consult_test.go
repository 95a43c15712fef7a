package consult

import (
	"strings"
	"testing"
	"time"

	"staffnet/internal/network"
)

func d(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

func TestGatherAndMonths(t *testing.T) {
	cons := []Consultation{
		{Kind: "policy", Received: d("2025-05-02"), Stage: "before", Outcome: "adopted", OutcomeLearnt: d("2025-06-01")},
		{Kind: "policy", Received: d("2025-05-20"), Stage: "after", Outcome: "not"},
		{Kind: "board_paper", Received: d("2025-09-09"), Stage: "before", Outcome: "partly", OutcomeLearnt: d("2025-10-01")},
		{Kind: "strategy", Received: d("2024-12-01"), Stage: "before", Outcome: "adopted"}, // before the period
	}
	panels := []Panel{{Month: d("2025-05-01"), Type: "interview", Count: 4}, {Month: d("2025-05-01"), Type: "grievance", Count: 1}, {Month: d("2025-08-01"), Type: "interview", Count: 2}}
	e := Gather(cons, panels, d("2025-04-01"), d("2026-03-31"))
	if e.Received != 3 || e.Before != 2 || e.Influenced != 2 || e.Learnt != 2 || e.Panels != 7 || e.PanelsByType[0] != 6 || e.PanelsByType[2] != 1 {
		t.Errorf("%+v", e)
	}
	c, p := e.Sentences()
	if !strings.Contains(c, "3 papers for comment, 2 of them before") || !strings.Contains(c, "7 panels (interview 6, disciplinary 0, grievance 1)") || !strings.Contains(p, "2 of the 3 papers, and the network was told the outcome of 2") {
		t.Errorf("%s / %s", c, p)
	}
	m := ByMonth(cons)
	if len(m) != 3 || m[0].Month != "September 2025" || m[1].Month != "May 2025" || m[1].Counts[0] != 2 || m[2].Month != "December 2024" {
		t.Errorf("by month %+v", m)
	}
	if pm := PanelsByMonth(panels); len(pm) != 2 || pm[1].Counts[0] != 4 || pm[1].Counts[2] != 1 {
		t.Errorf("panels by month %+v", pm)
	}
}

func TestForms(t *testing.T) {
	c, es := ReadConsultationForm(network.Form{"title": {"Flexible working policy"}, "owner": {"Director of People"}, "kind": {"policy"}, "received": {"2025-05-02"},
		"stage": {"before"}, "outcome": {"partly"}, "outcome_learnt": {"2025-06-01"}, "response": {"Add a right to ask from day one"}})
	if len(es) != 0 || !c.Influenced() || c.OutcomeLearnt.IsZero() {
		t.Errorf("%+v %v", c, es)
	}
	_, es = ReadConsultationForm(network.Form{"kind": {"memo"}, "received": {"2025-05-02"}, "outcome_learnt": {"2025-01-01"}})
	if len(es) != 6 {
		t.Errorf("bad form: %v", es)
	}
	if p, es := ReadPanelForm(network.Form{"month": {"2025-10"}, "type": {"grievance"}, "count": {"3"}}); len(es) != 0 || p.Count != 3 || p.Month != d("2025-10-01") {
		t.Errorf("%+v %v", p, es)
	}
	if _, es := ReadPanelForm(network.Form{"month": {"Oct"}, "type": {"appraisal"}, "count": {"-1"}}); len(es) != 3 {
		t.Errorf("bad panel: %v", es)
	}
}

func TestDemo(t *testing.T) {
	today := d("2026-01-14")
	for id := int64(1); id < 6; id++ {
		cons, panels := Demo(1, id, today)
		for _, c := range cons {
			if c.Received.After(today) || (!c.OutcomeLearnt.IsZero() && c.OutcomeLearnt.Before(c.Received)) {
				t.Errorf("%+v", c)
			}
		}
		for _, p := range panels {
			if p.Count <= 0 || !p.Month.Before(today) {
				t.Errorf("%+v", p)
			}
		}
	}
}
