package web

// A network's governance records: terms of reference, the sponsor
// relationship, the leaders' skills audit and the meeting dates (the work
// plan is in network_plan.go). Each page shows the record and, to those
// who may change it, a form; saving redirects back with a confirmation.

import (
	"net/http"
	"strings"

	"staffnet/internal/network"
)

// recordPage starts a record's page: the network's sections, the
// confirmation of a save and the flags, and the records themselves.
func (s *Server) recordPage(r *http.Request, q *netReq, section string) (netPage, *network.Records, error) {
	rec, err := s.db.Records(r.Context(), q.Net.ID)
	if err != nil {
		return netPage{}, nil, err
	}
	p := q.pageFor(r, section)
	p.Flags = network.Flags(&q.Net.Network, rec, netToday())
	return p, rec, nil
}

type termsView struct {
	netPage
	History []network.TermsOfReference // newest first
	Form    network.TermsOfReference
}

func (s *Server) netTerms(w http.ResponseWriter, r *http.Request, q *netReq) {
	p, _, err := s.recordPage(r, q, "terms")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	history, err := s.db.TermsOfReference(r.Context(), q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	day := netToday()
	t := network.TermsOfReference{ApprovedOn: day, ReviewDue: day.AddDate(1, 0, 0)}
	if len(history) > 0 {
		t.Text = history[len(history)-1].Text
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		t.Version = len(history) + 1
		if errs = network.ReadTermsForm(network.Form(r.PostForm), &t); len(errs) == 0 {
			s.afterSave(w, r, s.db.AddTermsOfReference(r.Context(), q.Net.ID, &t), q.Base+"/terms?saved=terms")
			return
		}
	}
	v := &termsView{netPage: p, Form: t}
	for i := len(history) - 1; i >= 0; i-- {
		v.History = append(v.History, history[i])
	}
	s.renderForm(w, r, "network_terms", "Terms of reference – "+q.Net.Name, v, errs)
}

type sponsorView struct {
	netPage
	Sponsor *network.Sponsor       // as named on the network's details
	Record  *network.SponsorRecord // as stored
	Form    network.SponsorRecord
	Agreed  string // the expectations_agreed radio's value: yes, no or none chosen
	// ReviewOverdue: the stored expectations are past their review date.
	ReviewOverdue bool
	// The form's commitments, one a line.
	SponsorWill, NetworkWill string
}

func (s *Server) netSponsor(w http.ResponseWriter, r *http.Request, q *netReq) {
	p, rec, err := s.recordPage(r, q, "sponsor")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	sr := network.SponsorRecord{}
	if rec.Sponsor != nil {
		sr = *rec.Sponsor
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		if errs = network.ReadSponsorForm(network.Form(r.PostForm), &sr); len(errs) == 0 {
			s.afterSave(w, r, s.db.SaveSponsorRecord(r.Context(), q.Net.ID, &sr), q.Base+"/sponsor?saved=sponsor")
			return
		}
	}
	v := &sponsorView{netPage: p, Sponsor: q.Net.Sponsor, Record: rec.Sponsor, Form: sr, ReviewOverdue: rec.Sponsor.ReviewOverdue(netToday()),
		SponsorWill: joinLines(sr.SponsorWill), NetworkWill: joinLines(sr.NetworkWill)}
	switch {
	case r.Method == http.MethodPost:
		v.Agreed = r.PostFormValue("expectations_agreed")
	case rec.Sponsor != nil && sr.ExpectationsAgreed:
		v.Agreed = "yes"
	case rec.Sponsor != nil:
		v.Agreed = "no"
	}
	s.renderForm(w, r, "network_sponsor", "Sponsor relationship – "+q.Net.Name, v, errs)
}

type skillsView struct {
	netPage
	Audit   *network.SkillsAudit // as stored
	DoneOn  string
	Entries []skillsRow
}

type skillsRow struct {
	Index                             int
	Leader, Skills, Gaps, Development string
}

func (s *Server) netSkills(w http.ResponseWriter, r *http.Request, q *netReq) {
	p, rec, err := s.recordPage(r, q, "skills")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	audit := network.SkillsAudit{DoneOn: netToday()}
	if rec.SkillsAudit != nil {
		audit = *rec.SkillsAudit
	} else {
		for _, l := range q.Net.Leaders {
			audit.Entries = append(audit.Entries, network.SkillsEntry{Leader: l.Name})
		}
	}
	blank := 1
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		blank, errs = network.ReadSkillsForm(network.Form(r.PostForm), &audit)
		if r.PostFormValue("_action") != "add" && len(errs) == 0 {
			s.afterSave(w, r, s.db.SaveSkillsAudit(r.Context(), q.Net.ID, &audit), q.Base+"/skills?saved=skills")
			return
		}
	}
	v := &skillsView{netPage: p, Audit: rec.SkillsAudit, DoneOn: dateValue(audit.DoneOn)}
	for i := range len(audit.Entries) + blank {
		row := skillsRow{Index: i}
		if i < len(audit.Entries) {
			e := audit.Entries[i]
			row.Leader, row.Skills, row.Gaps, row.Development = e.Leader, strings.Join(e.Skills, "\n"), strings.Join(e.Gaps, "\n"), strings.Join(e.DevelopmentWanted, "\n")
		}
		v.Entries = append(v.Entries, row)
	}
	s.renderForm(w, r, "network_skills", "Skills audit – "+q.Net.Name, v, errs)
}

// join is for the skills audit's table: one cell lists a leader's items.
func join(items []string) string { return strings.Join(items, "; ") }
