package web

// The cost–benefit report for the board: one printable page per network
// and financial year, and its figures as a spreadsheet. Each figure is
// read the way its own page or export reads it (facility time through
// store.FacilityReport, the budget through budgetFigures, …) so they
// agree.

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/benefit"
	"staffnet/internal/chart"
	"staffnet/internal/members"
	"staffnet/internal/network"
	"staffnet/internal/pay"
	"staffnet/internal/sheet"
	"staffnet/internal/store"
	"staffnet/internal/wres"
	wresrender "staffnet/internal/wres/render"
)

func (s *Server) benefitRoutes(m *http.ServeMux) {
	n := netRouter{s, m}
	n.get("/cost-benefit", auth.ReadNetwork, s.netBenefit)
	n.get("/cost-benefit/download/{format}", auth.ReadNetwork, s.netBenefitDownload)
}

// costBenefit assembles the report of year y for the request's network.
func (s *Server) costBenefit(r *http.Request, q *netReq, y int) (*benefit.Report, error) {
	ctx := r.Context()
	from, to := time.Date(y, time.April, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, time.March, 31, 0, 0, 0, 0, time.UTC)
	in := benefit.Input{Year: y, FullCounts: q.Acc.Members}
	rep, err := s.db.FacilityReport(ctx, store.FacilityScope{Network: q.Net.ID}, from, to)
	if err != nil {
		return nil, err
	}
	if len(rep.Networks) == 1 {
		in.Time = &rep.Networks[0]
	}
	if in.Budget, _, err = s.budgetFigures(r, q.Net.ID, y); err != nil {
		return nil, err
	}
	rec, err := s.db.Records(ctx, q.Net.ID)
	if err != nil {
		return nil, err
	}
	if rec.WorkPlan != nil {
		in.Objectives = rec.WorkPlan.Objectives
	}
	events, err := s.db.Events(ctx, store.EventFilter{NetworkID: q.Net.ID, From: from})
	if err != nil {
		return nil, err
	}
	now := time.Now()
	for i := range events {
		e := &events[i]
		if e.Start.Before(netToday().AddDate(0, 0, 1)) { // held, not planned
			in.Events = append(in.Events, benefit.Event{Start: e.Start, SignUps: e.Taken, Over: !now.Before(e.End),
				Counted: !e.Public() && !q.seesSignUps(e)})
		}
	}
	if in.Meetings, err = s.db.Meetings(ctx, q.Net.ID); err != nil {
		return nil, err
	}
	if in.Totals, in.Months, err = s.db.MemberFigures(ctx, q.Net.ID); err != nil {
		return nil, err
	}
	if !in.FullCounts {
		in.Months, in.Totals, in.MembersAt = members.Settled(in.Months, in.Totals, now)
	}
	if in.Evidence, err = s.consultEvidence(ctx, q.Net.ID, from, to); err != nil {
		return nil, err
	}
	if in.WRES, err = s.wresMovement(r, q); err != nil {
		return nil, err
	}
	return benefit.Build(in), nil
}

// wresMovement is each WRES indicator of the network's organisation in
// its two latest years, suppressed unless the account sees the official
// figures.
func (s *Server) wresMovement(r *http.Request, q *netReq) ([]benefit.WRESLine, error) {
	official := auth.WRESAccess(q.User.Role, q.User.Org, q.Net.OrgCode).Official
	rep, err := s.wresReport(r, wres.Scope{Kind: wres.ScopeOrganisation, Code: q.Net.OrgCode}, official)
	if errors.Is(err, wres.ErrNoData) {
		return nil, nil
	}
	if err != nil || len(rep.Years) < 2 {
		return nil, err
	}
	n := len(rep.Years)
	var out []benefit.WRESLine
	for _, h := range wresrender.Headlines(rep) {
		out = append(out, benefit.WRESLine{Label: h.Short, Previous: h.Shown(n - 2), Latest: h.Shown(n - 1), PrevYear: rep.Years[n-2].Year, Year: rep.Years[n-1].Year})
	}
	return out, nil
}

type benefitView struct {
	Net    *store.NetworkEntry
	Base   string
	Rep    *benefit.Report
	Charts []*chart.Chart
	yearNav
	Today string
}

// benefitCharts draws what the network cost and, where it recorded
// facility time, each leader's share of the recommended hours.
func benefitCharts(rep *benefit.Report) []*chart.Chart {
	top := float64(max(rep.TimeCost, rep.Spent, 1)) / 100
	out := []*chart.Chart{{ID: "chart-costs", Title: "What the network cost", Desc: "In pounds: facility time with on-cost, and budget spent.", Max: top,
		Bars: []chart.Bar{
			{Label: "Facility time", Value: float64(rep.TimeCost) / 100, Text: pay.Money(rep.TimeCost)},
			{Label: "Budget spent", Value: float64(rep.Spent) / 100, Text: pay.Money(rep.Spent)},
		}}}
	if rep.Time == nil {
		return out
	}
	c := &chart.Chart{ID: "chart-hours", Title: "Leaders' facility time against half a day a week", Desc: "Share of the recommended hours each leader used; the line is the recommendation.",
		Max: 150, Ref: &chart.Ref{Value: 100, Label: "Half a day a week"}}
	for _, l := range rep.Time.Leaders {
		b := chart.Bar{Label: l.Role.Label(), Text: l.Share.Percent()}
		if l.Share != nil {
			b.Value = float64(*l.Share) * 100
		} else {
			b.Hidden = true
		}
		c.Bars = append(c.Bars, b)
	}
	return append(out, c)
}

func (s *Server) netBenefit(w http.ResponseWriter, r *http.Request, q *netReq) {
	y, rep := s.benefitOf(w, r, q)
	if rep == nil {
		return
	}
	v := &benefitView{Net: q.Net, Base: q.Base, Rep: rep, Charts: benefitCharts(rep), yearNav: yearNavOf(y), Today: network.FormatDate(netToday())}
	s.render(w, r, http.StatusOK, "network_benefit", page{Title: "Costs and benefits " + rep.Year + " – " + q.Net.Name, Data: v})
}

// benefitOf is the report of the request's year (?year=), or nil after
// an error page.
func (s *Server) benefitOf(w http.ResponseWriter, r *http.Request, q *netReq) (int, *benefit.Report) {
	y, _, _ := financialYear(r)
	rep, err := s.costBenefit(r, q, y)
	if !s.found(w, r, err) {
		return y, nil
	}
	return y, rep
}

func (s *Server) netBenefitDownload(w http.ResponseWriter, r *http.Request, q *netReq) {
	y, rep := s.benefitOf(w, r, q)
	if rep == nil {
		return
	}
	f := sheetFormats(nil, sheet.Table{Name: "Cost-benefit", Header: benefit.Header, Rows: rep.Rows()})
	delete(f, "json")
	s.download(w, r, fmt.Sprintf("cost-benefit-%d-%d", q.Net.ID, y), r.PathValue("format"), f)
}
