package budget

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"staffnet/internal/network"
)

func d(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

func TestSummariseByHand(t *testing.T) {
	lines := []Line{
		{Kind: Allocation, Date: d("2025-04-01"), Category: "organisation", Amount: 200000},
		{Kind: Allocation, Date: d("2025-09-12"), Category: "sponsorship", Amount: 50050},
		{Kind: Spend, Date: d("2025-10-20"), Category: "events", Amount: 12999, What: "Black History Month"},
		{Kind: Spend, Date: d("2026-03-31"), Category: "events", Amount: 1, What: "last day of the year"},
		{Kind: Spend, Date: d("2026-04-01"), Category: "travel", Amount: 99999, What: "next year"},
		{Kind: Spend, Date: d("2025-03-31"), Category: "travel", Amount: 99999, What: "last year"},
	}
	// By hand, 2025/26: allocated £2,000.00 + £500.50 = £2,500.50; spent
	// £129.99 + £0.01 = £130.00; balance £2,370.50.
	s := Summarise(2025, lines)
	if s.Allocated != 250050 || s.Spent != 13000 || s.Balance != 237050 || len(s.ByCategory) != 1 || s.ByCategory[0].Amount != 13000 || s.BySource[2].Amount != 50050 {
		t.Errorf("%+v", s)
	}
	// Overspent is a negative balance.
	if s := Summarise(2026, lines); s.Balance != -99999 {
		t.Errorf("2026: %+v", s)
	}
	rows := Rows(s, lines)
	if len(rows) != 4+3+1+3 || rows[len(rows)-1][1] != "balance" {
		t.Errorf("rows %v", rows)
	}
	b, _ := json.Marshal(ReportOf(7, s, lines))
	for _, want := range []string{`"allocated_gbp":2500.50`, `"balance_gbp":2370.50`, `"financial_year":"2025/26"`, `"what":"Black History Month"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
}

func TestReadLineForm(t *testing.T) {
	l, es := ReadLineForm(network.Form{"kind": {"spend"}, "date": {"2025-10-20"}, "category": {"events"}, "amount": {"£129.99"}, "what": {"BHM"}})
	if len(es) != 0 || l.Amount != 12999 || l.Year() != 2025 {
		t.Errorf("%+v %v", l, es)
	}
	_, es = ReadLineForm(network.Form{"kind": {"spend"}, "category": {"gifts"}, "amount": {"-5"}})
	if len(es) != 4 {
		t.Errorf("bad spend: %v", es)
	}
	if _, es := ReadLineForm(network.Form{"kind": {"allocation"}, "date": {"2025-04-01"}, "category": {"events"}, "amount": {"10"}}); len(es) != 1 || es[0].Field != "category" {
		t.Errorf("allocation from a category: %v", es)
	}
	if _, es := ReadLineForm(network.Form{"kind": {"gift"}}); es[0].Field != "kind" {
		t.Errorf("unknown kind: %v", es)
	}
}

func TestDemo(t *testing.T) {
	today := d("2026-01-14")
	lines := Demo(1, 3, today)
	s := Summarise(2025, lines)
	if s.Allocated <= 0 || s.Spent <= 0 {
		t.Errorf("demo year %+v", s)
	}
	for _, l := range lines {
		if l.Date.After(today) || l.Amount <= 0 {
			t.Errorf("line %+v", l)
		}
	}
}
