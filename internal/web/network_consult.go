package web

// A network's consultations log (papers the organisation sent it, and
// what became of its response) and its panel counts (how many interview,
// disciplinary and grievance panels members sat on, by month: no names).

import (
	"fmt"
	"net/http"
	"strconv"

	"staffnet/internal/auth"
	"staffnet/internal/consult"
	"staffnet/internal/network"
)

func (s *Server) consultRoutes(m *http.ServeMux) {
	n, edit := netRouter{s, m}, auth.EditNetwork
	n.page("/consultations", edit, s.netConsultations)
	n.form("/consultations/{c}", edit, s.netConsultation)
	n.post("/consultations/{c}/delete", edit, s.netConsultationDelete)
	n.page("/panels", edit, s.netPanels)
}

// consultForm is the values of the consultation form as shown.
type consultForm struct {
	C                   consult.Consultation
	Kinds, Stages, Outs []Option
	Received, Learnt    string
	Action, Submit      string
}

func newConsultForm(c consult.Consultation, action, submit string) consultForm {
	label := func(s string) string { return consult.Label(s) }
	return consultForm{C: c, Action: action, Submit: submit,
		Kinds: optionsOf(consult.Kinds, label, c.Kind), Stages: optionsOf(consult.Stages, label, c.Stage),
		Outs: optionsOf(consult.Outcomes, label, c.Outcome), Received: dateValue(c.Received), Learnt: dateValue(c.OutcomeLearnt)}
}

type consultView struct {
	netPage
	Log    [][]string // title (with link for editors), owner, kind, received, stage, outcome, learnt
	Links  []string   // the change link of each row, for editors
	Months *grid
	Form   consultForm
}

func (s *Server) netConsultations(w http.ResponseWriter, r *http.Request, q *netReq) {
	ctx := r.Context()
	c := consult.Consultation{Stage: "before", Outcome: "pending"}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		if c, errs = consult.ReadConsultationForm(network.Form(r.PostForm)); len(errs) == 0 {
			c.NetworkID = q.Net.ID
			s.afterSave(w, r, s.db.SaveConsultation(ctx, &c), q.Base+"/consultations?saved=consultation")
			return
		}
	}
	log, err := s.db.Consultations(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &consultView{netPage: q.pageFor(r, "consultations"), Form: newConsultForm(c, q.Base+"/consultations", "Add to the log")}
	for _, c := range log {
		v.Log = append(v.Log, []string{c.Title, c.Owner, consult.Label(c.Kind), network.FormatDate(c.Received), consult.Label(c.Stage), consult.Label(c.Outcome), dateOrNever(c.OutcomeLearnt)})
		v.Links = append(v.Links, fmt.Sprintf("%s/consultations/%d", q.Base, c.ID))
	}
	v.Months = monthGrid("Papers received, by month and kind", consult.Kinds, consult.ByMonth(log))
	s.renderForm(w, r, "network_consultations", "Consultations – "+q.Net.Name, v, errs)
}

// monthGrid lays counts by month out as a table with a column per type.
func monthGrid(caption string, types []string, months []consult.MonthCount) *grid {
	g := &grid{Caption: caption, Head: []string{"Month"}}
	for _, t := range types {
		g.Head = append(g.Head, consult.Label(t))
	}
	for _, m := range months {
		row := []string{m.Month}
		for _, n := range m.Counts {
			row = append(row, strconv.Itoa(n))
		}
		g.Rows = append(g.Rows, row)
	}
	return g
}

// consultation finds the {c} of the request in the network's log; false
// (after a 404) when it is not there.
func (s *Server) consultation(w http.ResponseWriter, r *http.Request, q *netReq) (consult.Consultation, bool) {
	return netRecord(s, w, r, q, "c", s.db.Consultations, func(c consult.Consultation) int64 { return c.ID })
}

type consultEditView struct {
	netPage
	Form consultForm
}

func (s *Server) netConsultation(w http.ResponseWriter, r *http.Request, q *netReq) {
	c, ok := s.consultation(w, r, q)
	if !ok {
		return
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		id := c.ID
		if c, errs = consult.ReadConsultationForm(network.Form(r.PostForm)); len(errs) == 0 {
			c.ID, c.NetworkID = id, q.Net.ID
			s.afterSave(w, r, s.db.SaveConsultation(r.Context(), &c), q.Base+"/consultations?saved=consultation")
			return
		}
		c.ID = id
	}
	v := &consultEditView{netPage: q.pageFor(r, "consultations"), Form: newConsultForm(c, fmt.Sprintf("%s/consultations/%d", q.Base, c.ID), "Save the changes")}
	s.renderForm(w, r, "network_consultation", "Change a consultation – "+q.Net.Name, v, errs)
}

func (s *Server) netConsultationDelete(w http.ResponseWriter, r *http.Request, q *netReq) {
	s.deleteRecord(w, r, q, "c", s.db.DeleteConsultation, "/consultations?saved=consultation-deleted")
}

type panelsView struct {
	netPage
	Months       *grid
	Types        []Option
	Month, Count string
}

func (s *Server) netPanels(w http.ResponseWriter, r *http.Request, q *netReq) {
	v := &panelsView{netPage: q.pageFor(r, "panels")}
	var errs network.FieldErrors
	var p consult.Panel
	if r.Method == http.MethodPost {
		if p, errs = consult.ReadPanelForm(network.Form(r.PostForm)); len(errs) == 0 {
			p.NetworkID = q.Net.ID
			s.afterSave(w, r, s.db.SetPanels(r.Context(), p), q.Base+"/panels?saved=panels")
			return
		}
		v.Month, v.Count = r.PostFormValue("month"), r.PostFormValue("count")
	}
	panels, err := s.db.Panels(r.Context(), q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Months = monthGrid("Panels with network members, by month and type", consult.PanelTypes, consult.PanelsByMonth(panels))
	v.Types = optionsOf(consult.PanelTypes, func(s string) string { return consult.Label(s) }, p.Type)
	s.renderForm(w, r, "network_panels", "Panels – "+q.Net.Name, v, errs)
}
