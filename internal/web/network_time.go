package web

// A network's facility time: the register of its leaders with their pay,
// the hours recorded for them week by week (or a month at a time), the
// employer on-cost and the year's figures against half a day a week, with
// downloads. Leaders' names appear here and nowhere else: the roll-ups
// (time_rollup.go) and every download count them.

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/facility"
	"staffnet/internal/jsonout"
	"staffnet/internal/network"
	"staffnet/internal/pay"
	"staffnet/internal/sheet"
	"staffnet/internal/store"
)

func (s *Server) timeRoutes(m *http.ServeMux) {
	n, edit := netRouter{s, m}, auth.EditNetwork
	n.page("/time", edit, s.netTime)
	n.post("/time/on-cost", edit, s.netTimeOnCost)
	n.form("/time/leaders/new", edit, s.netTimeLeader)
	n.form("/time/leaders/{leader}", edit, s.netTimeLeader)
	n.post("/time/leaders/{leader}/delete", edit, s.netTimeLeaderDelete)
	n.get("/time/download/{format}", auth.ReadNetwork, s.netTimeReport)
	m.Handle("GET /time/org/{code}", s.signedIn(s.timeRollup("org")))
	m.Handle("GET /time/region/{code}", s.signedIn(s.timeRollup("region")))
	m.Handle("GET /time/national", s.signedIn(s.timeRollup("national")))
}

// financialYear is the ?year= of a request (the year the financial year
// starts), the current one by default, with its first and last day.
func financialYear(r *http.Request) (int, time.Time, time.Time) {
	y := pay.FinancialYear(netToday())
	if v, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && v >= 2000 && v <= 2100 {
		y = v
	}
	return y, time.Date(y, time.April, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, time.March, 31, 0, 0, 0, 0, time.UTC)
}

// yearNav is what a page of one financial year links by: its ?year=
// and those of the years either side.
type yearNav struct{ YearParam, Prev, Next int }

func yearNavOf(y int) yearNav { return yearNav{YearParam: y, Prev: y - 1, Next: y + 1} }

type timeView struct {
	netPage
	yearNav
	Year       string // "2025/26"
	Report     *facility.NetworkFigures
	Weeks      int
	Register   []facility.Leader
	Recent     *grid
	Hours      facility.HoursForm
	LeaderOpts []Option
	Rollups    [][2]string // the roll-ups the account may open: link, label
	OnCost     string
}

func (s *Server) netTime(w http.ResponseWriter, r *http.Request, q *netReq) {
	ctx := r.Context()
	y, from, to := financialYear(r)
	reg, err := s.db.FacilityLeaders(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &timeView{netPage: q.pageFor(r, "time"), Register: reg, yearNav: yearNavOf(y), Year: pay.YearLabel(y),
		Hours: facility.HoursForm{Period: "week"}}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		tables, err := s.db.PayTables(ctx)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		var weeks []facility.Week
		if v.Hours, weeks, errs = facility.ReadHoursForm(network.Form(r.PostForm), reg, tables); len(errs) == 0 {
			s.afterSave(w, r, s.db.SaveFacilityWeeks(ctx, q.Net.ID, weeks), fmt.Sprintf("%s/time?year=%d&saved=time", q.Base, pay.FinancialYear(weeks[0].Start)))
			return
		}
	}
	rep, err := s.db.FacilityReport(ctx, store.FacilityScope{Network: q.Net.ID}, from, to)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(rep.Networks) == 1 {
		v.Report = &rep.Networks[0]
		v.OnCost = strconv.FormatFloat(float64(v.Report.OnCostPercent), 'f', -1, 64)
	}
	v.Weeks = rep.Weeks
	names := map[int64]string{}
	for _, l := range reg {
		names[l.ID] = l.Name
	}
	recent, err := s.db.FacilityWeeks(ctx, q.Net.ID, from, to)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(recent) > 0 {
		v.Recent = &grid{Caption: "Latest weeks recorded", Head: []string{"Week starting", "Leader", "Hours agreed", "Hours used", "Hourly rate"}}
	}
	for i, wk := range recent {
		if i == 20 {
			break
		}
		v.Recent.Rows = append(v.Recent.Rows, []string{network.FormatDate(wk.Start), names[wk.LeaderID], wk.Agreed.String(), wk.Used.String(), wk.Hourly.String()})
	}
	if auth.Rollup(q.User.Role, q.User.Org, q.Net.OrgCode).View {
		v.Rollups = append(v.Rollups, [2]string{fmt.Sprintf("/time/org/%s?year=%d", q.Net.OrgCode, y), q.Net.OrgName})
	}
	if auth.Rollup(q.User.Role, q.User.Org, "").View {
		v.Rollups = append(v.Rollups, [2]string{fmt.Sprintf("/time/region/%s?year=%d", q.Net.Region, y), "The region"},
			[2]string{fmt.Sprintf("/time/national?year=%d", y), "England"})
	}
	v.LeaderOpts = []Option{{Value: "", Label: "Select a leader"}}
	for _, l := range reg {
		id := strconv.FormatInt(l.ID, 10)
		v.LeaderOpts = append(v.LeaderOpts, Option{Value: id, Label: l.Name + ", " + l.Role.Label(), Checked: id == v.Hours.Leader})
	}
	s.renderForm(w, r, "network_time", "Facility time – "+q.Net.Name, v, errs)
}

func (s *Server) netTimeOnCost(w http.ResponseWriter, r *http.Request, q *netReq) {
	bp, fe := facility.ReadOnCost(r.PostFormValue("on_cost"))
	if fe != nil {
		s.error(w, r, http.StatusUnprocessableEntity, fe.Message+". Go back and try again.")
		return
	}
	s.afterSave(w, r, s.db.SetFacilityOnCost(r.Context(), q.Net.ID, bp), q.Base+"/time?saved=on-cost")
}

type timeLeaderView struct {
	netPage
	L      facility.Leader
	New    bool
	Action string
	Bands  []Option
	Roles  []Option
	Points string
	// PointValue and HourlyValue are the pay point and rate as the form
	// shows them: blank for none.
	PointValue, HourlyValue string
}

// timeLeader finds the {leader} of the request on the network's register;
// false (after a 404) when it is not there.
func (s *Server) timeLeader(w http.ResponseWriter, r *http.Request, q *netReq) (facility.Leader, bool) {
	return netRecord(s, w, r, q, "leader", s.db.FacilityLeaders, func(l facility.Leader) int64 { return l.ID })
}

func (s *Server) netTimeLeader(w http.ResponseWriter, r *http.Request, q *netReq) {
	ctx := r.Context()
	v := &timeLeaderView{netPage: q.pageFor(r, "time"), New: r.PathValue("leader") == ""}
	v.L.NetworkID = q.Net.ID
	v.Action = q.Base + "/time/leaders/new"
	if !v.New {
		l, ok := s.timeLeader(w, r, q)
		if !ok {
			return
		}
		v.L, v.Action = l, fmt.Sprintf("%s/time/leaders/%d", q.Base, l.ID)
	}
	tables, err := s.db.PayTables(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		l := v.L
		if errs = facility.ReadLeaderForm(network.Form(r.PostForm), &l, tables, netToday()); len(errs) == 0 {
			l.NetworkID = q.Net.ID // never the form's
			err := s.db.SaveFacilityLeader(ctx, &l)
			switch {
			case errors.Is(err, store.ErrExists):
				errs = network.FieldErrors{{Field: "email", Message: "Another leader of this network has that email address"}}
			case errors.Is(err, store.ErrNotFound):
				s.error(w, r, http.StatusNotFound, "")
				return
			case err != nil:
				s.serverError(w, r, err)
				return
			default:
				http.Redirect(w, r, q.Base+"/time?saved=time-leader", http.StatusSeeOther)
				return
			}
		}
		v.L = l
	}
	band := v.L.Band
	v.Bands = append([]Option{{Value: "", Label: "Select a band"}}, optionsOf(append(append([]string{}, pay.Bands...), pay.Medical, pay.Other), pay.BandLabel, band)...)
	v.Roles = optionsOf(network.Roles, network.Role.Label, string(v.L.Role))
	if t := tables.For(pay.FinancialYear(netToday())); t != nil {
		v.Points = fmt.Sprintf("Pay points in the %s table: Bands 2 to 4 and 8a to 9 have up to 3; most have 2 or 3. Band 8a point 2 is %s a year.", pay.YearLabel(t.Year), pay.Money(t.Annual[pay.Key{Band: "8a", Point: 2}]))
	}
	if v.L.PayPoint > 0 {
		v.PointValue = strconv.Itoa(v.L.PayPoint)
	}
	if v.L.Hourly > 0 {
		v.HourlyValue = pay.Pounds(int64(v.L.Hourly))
	}
	title := "Add a leader"
	if !v.New {
		title = "Change " + v.L.Name
	}
	s.renderForm(w, r, "network_time_leader", title+" – "+q.Net.Name, v, errs)
}

func (s *Server) netTimeLeaderDelete(w http.ResponseWriter, r *http.Request, q *netReq) {
	l, ok := s.timeLeader(w, r, q)
	if !ok {
		return
	}
	s.afterSave(w, r, s.db.DeleteFacilityLeader(r.Context(), q.Net.ID, l.ID), q.Base+"/time?saved=time-leader-deleted")
}

// netTimeReport downloads the network's year as staffnet time report
// writes it: the same figures, no names.
func (s *Server) netTimeReport(w http.ResponseWriter, r *http.Request, q *netReq) {
	y, from, to := financialYear(r)
	rep, err := s.db.FacilityReport(r.Context(), store.FacilityScope{Network: q.Net.ID}, from, to)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.download(w, r, fmt.Sprintf("facility-time-%d-%d", q.Net.ID, y), r.PathValue("format"),
		sheetFormats(rep, sheet.Table{Name: "Facility time", Header: facility.Header, Rows: rep.Rows(true)}))
}

// sheetFormats writes v as JSON, the first table as CSV, and every table
// as the sheets of an XLSX workbook: the downloads of figures that
// staffnet's commands also write.
func sheetFormats(v any, tables ...sheet.Table) formats {
	return formats{
		"json": func(w io.Writer) error { return jsonout.Write(w, v) },
		"csv":  func(w io.Writer) error { return sheet.CSV(w, tables[0]) },
		"xlsx": func(w io.Writer) error { return sheet.XLSX(w, tables...) },
	}
}
