package web

// The state of the network on one printable page, for the organisation's
// board: the self-assessment, governance records and the most urgent
// recommendations.

import (
	"fmt"
	"net/http"

	"staffnet/internal/network"
	"staffnet/internal/store"
)

type boardView struct {
	Net     *store.NetworkEntry
	Base    string
	Sum     network.BoardSummary
	Today   string
	Assess  string
	Overall [2]string
	Areas   [][3]string
	Trend   []string
	Compare []string
	Why     string
	Plan    string
	Sponsor string
	Terms   string
	Members *membershipFigures
	Benefit string // this financial year's costs and benefits in a sentence (network_benefit.go)
}

func (s *Server) netBoard(w http.ResponseWriter, r *http.Request, q *netReq) {
	kit := s.kit
	ctx := r.Context()
	rec, err := s.db.Records(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	_, history, err := s.latestAssessment(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	peers, err := s.peers(ctx, q.Net.Type)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	day := netToday()
	sum := network.Summarise(kit.q, kit.rules, network.SummaryInput{Network: &q.Net.Network, Records: rec, History: history, Peers: peers, Region: q.Net.Region}, day)
	v := &boardView{Net: q.Net, Base: q.Base, Sum: sum, Today: network.FormatDate(day), Why: sum.ComparisonNote}
	if !sum.AssessedOn.IsZero() {
		v.Assess = network.FormatDate(sum.AssessedOn)
		a, b := fmtScore(sum.Overall)
		v.Overall = [2]string{a, b}
		for _, ar := range sum.Areas {
			sc, lv := fmtScore(ar)
			v.Areas = append(v.Areas, [3]string{ar.Title, sc, lv})
		}
		for _, t := range sum.Trend {
			if len(t.Points) > 1 {
				name := t.Title
				if t.Area == "overall" {
					name = "Overall"
				}
				v.Trend = append(v.Trend, fmt.Sprintf("%s: %+.2f since the previous assessment, %+.2f since the first", name, t.Change, t.SinceFirst))
			}
		}
	}
	if c := sum.Comparison; c != nil {
		for _, a := range append(c.Areas, c.Overall) {
			if a.Suppressed || !a.OwnScored {
				continue
			}
			title := a.Title
			if a.Area == "overall" {
				title = "Overall"
			}
			v.Compare = append(v.Compare, fmt.Sprintf("%s: %.2f against a median of %.2f", title, a.Own, a.Median))
		}
	}
	wp := sum.WorkPlan
	v.Plan = fmt.Sprintf("%d objectives: %d in progress, %d done, %d not started, %d blocked, %d overdue; %d linked to organisation objectives or WRES indicators; %.0f%% done on average.",
		wp.Total, wp.InProgress, wp.Done, wp.NotStarted, wp.Blocked, wp.Overdue, wp.Linked, wp.MeanPercent)
	v.Sponsor = "No executive sponsor named."
	if sp := sum.Sponsor; sp != nil {
		v.Sponsor = sp.Name
		if sp.BoardRole != "" {
			v.Sponsor += ", " + sp.BoardRole
		}
		if sr := sum.SponsorRecord; sr != nil {
			v.Sponsor += "; last met " + dateOrNever(sr.LastMet) + "; role expectations " + map[bool]string{true: "agreed", false: "not agreed"}[sr.ExpectationsAgreed] + "."
		}
	}
	v.Terms = "No terms of reference recorded."
	if t := sum.TermsOfReference; t != nil {
		v.Terms = fmt.Sprintf("Version %d, approved %s, review due %s.", t.Version, network.FormatDate(t.ApprovedOn), network.FormatDate(t.ReviewDue))
	}
	if v.Members, _, err = s.membership(r, q); err != nil {
		s.serverError(w, r, err)
		return
	}
	y, _, _ := financialYear(r)
	cb, err := s.costBenefit(r, q, y)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Benefit = cb.Summary
	s.render(w, r, http.StatusOK, "network_board", page{Title: "State of the network – " + q.Net.Name, Data: v})
}
