package web

// Facility time added up over an organisation's networks, a region's or
// every one: how many networks' leaders get at least half a day a week,
// by region and by network type, the answer the report asks trusts for.
// No leader is named. Anyone but an administrator sees small counts
// suppressed (facility.Protect), with hours and costs shown only beside
// a leaders' count that is shown.

import (
	"fmt"
	"net/http"
	"strings"

	"staffnet/internal/auth"
	"staffnet/internal/facility"
	"staffnet/internal/orgs"
	"staffnet/internal/pay"
	"staffnet/internal/store"
)

type rollupRow struct {
	Label                        string
	Networks, NetMeet, NetNot    string
	Leaders, LeadMeet, Used, Rec string
	Share, Cost, OnCost          string
}

type rollupTable struct {
	Caption string
	Rows    []rollupRow
}

type rollupView struct {
	Title, Scope, Year string
	Base               string // the page's path, for the year links
	Prev, Next         int
	Full               bool
	Total              rollupTable
	Tables             []rollupTable
	WithoutLeaders     string
}

const hiddenText = "fewer than 11, or hidden to protect a small group"

func (s *Server) timeRollup(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := &sessionFrom(r.Context()).User
		code := strings.ToUpper(r.PathValue("code"))
		sc, scopeOrg, title := store.FacilityScope{}, "", "England"
		switch kind {
		case "org":
			o, err := s.db.Organisation(r.Context(), code)
			if !s.found(w, r, err) {
				return
			}
			sc.Org, scopeOrg, title = o.Code, o.Code, o.Name
		case "region":
			name, ok := orgs.Regions[code]
			if !ok {
				s.error(w, r, http.StatusNotFound, "")
				return
			}
			sc.Region, title = code, name
		}
		acc := auth.Rollup(u.Role, u.Org, scopeOrg)
		if !acc.View {
			s.error(w, r, http.StatusNotFound, "")
			return
		}
		y, from, to := financialYear(r)
		rep, err := s.db.FacilityReport(r.Context(), sc, from, to)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v := &rollupView{Title: title, Scope: kind, Year: pay.YearLabel(y), Prev: y - 1, Next: y + 1, Full: acc.Full, Base: r.URL.Path}
		v.fill(rep, kind == "national")
		s.render(w, r, http.StatusOK, "time_rollup", page{Title: "Facility time – " + title, Data: v})
	}
}

// fill turns the report's summary into rows, protecting small counts
// unless the viewer has full figures.
func (v *rollupView) fill(rep *facility.Report, byRegion bool) {
	sum := &rep.Summary
	parts := [][]facility.Group{sum.ByType}
	captions := []string{"By network type"}
	if byRegion {
		parts = [][]facility.Group{sum.ByRegion, sum.ByType}
		captions = []string{"By region", "By network type"}
	}
	split := func(g *facility.Group) (*facility.Split, *facility.Split) {
		return &facility.Split{Yes: g.NetworksMeeting, No: g.NetworkCount - g.NetworksMeeting},
			&facility.Split{Yes: g.LeadersMeeting, No: g.LeaderCount - g.LeadersMeeting}
	}
	total := facility.Group{Label: "All networks", NetworkCount: sum.NetworkCount, NetworksMeeting: sum.NetworksMeeting, Totals: sum.Totals}
	tn, tl := split(&total)
	nets, leads := make([][]*facility.Split, len(parts)), make([][]*facility.Split, len(parts))
	for i, p := range parts {
		for j := range p {
			n, l := split(&p[j])
			nets[i], leads[i] = append(nets[i], n), append(leads[i], l)
		}
	}
	if !v.Full {
		facility.Protect(facility.MinShown, tn, nets...)
		facility.Protect(facility.MinShown, tl, leads...)
	}
	v.Total = rollupTable{Caption: "All networks", Rows: []rollupRow{rollupLine(&total, tn, tl)}}
	for i, p := range parts {
		t := rollupTable{Caption: captions[i]}
		for j := range p {
			t.Rows = append(t.Rows, rollupLine(&p[j], nets[i][j], leads[i][j]))
		}
		v.Tables = append(v.Tables, t)
	}
	v.WithoutLeaders = fmt.Sprint(sum.NetworksWithoutLeaders)
	if n := sum.NetworksWithoutLeaders; !v.Full && n > 0 && n < facility.MinShown {
		v.WithoutLeaders = hiddenText
	}
}

func rollupLine(g *facility.Group, n, l *facility.Split) rollupRow {
	row := rollupRow{Label: g.Label, Networks: fmt.Sprint(g.NetworkCount), NetMeet: hiddenText, NetNot: hiddenText,
		Leaders: hiddenText, LeadMeet: hiddenText, Used: hiddenText, Rec: hiddenText, Share: hiddenText, Cost: hiddenText, OnCost: hiddenText}
	if !n.Hidden {
		row.NetMeet, row.NetNot = fmt.Sprint(n.Yes), fmt.Sprint(n.No)
	}
	if !l.Hidden {
		row.Leaders, row.LeadMeet = fmt.Sprint(g.LeaderCount), fmt.Sprint(g.LeadersMeeting)
		row.Used, row.Rec, row.Share = g.HoursUsed.String(), g.HoursRecommended.String(), g.Share.Percent()
		row.Cost, row.OnCost = g.Cost.String(), g.CostWithOnCost().String()
	}
	return row
}
