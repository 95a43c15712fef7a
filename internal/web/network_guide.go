package web

// Starting a network: six steps, each a page of questions whose answers
// are saved as they go, a task list showing progress, and drafts of the
// business case and terms of reference built from the answers, from which
// the network is created.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"staffnet/internal/cases"
	"strconv"
	"strings"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
	"staffnet/internal/wres"
	"staffnet/internal/wres/render"
	"staffnet/internal/wresio"
)

// Keys in Progress.Answers for the edited drafts. They are not step
// fields, so Guide.Save never touches them; the drafts page writes them.
const (
	draftBusinessCase = "_business_case"
	draftTerms        = "_terms_of_reference"
	draftContact      = "_contact"
	draftLeaders      = "_leaders"
	draftSponsor      = "_sponsor"
	draftObjectives   = "_objectives"
)

// savedDraft overrides *v with the drafts page's saved value for key, if
// there is one: what a person typed there wins over what the guide's
// answers suggest.
func savedDraft(p *network.Progress, key string, v *string) {
	if s, ok := p.Answers[key]; ok {
		*v = s
	}
}

// guideReq is a request about one guide's progress.
type guideReq struct {
	User   *store.User
	G      *store.GuideProgress
	Change bool
	Base   string
}

// loadGuide loads {guide} and checks auth.GuideAccess: an account that
// may not see the guide gets 404, so one network's drafts stay with it,
// and one that may read but not change it gets 403 for a change.
func (s *Server) loadGuide(w http.ResponseWriter, r *http.Request) (*guideReq, bool) {
	u := &sessionFrom(r.Context()).User
	g, ok := loadByPath(s, w, r, "guide", s.db.Guide)
	if !ok {
		return nil, false
	}
	acc := auth.GuideAccess(u.Role, u.Org, u.ID, g.Progress.OrgCode, g.Owner)
	if !s.admit(w, r, acc.View, acc.Change || r.Method == http.MethodGet, "Your account can read this guide but not change it.") {
		return nil, false
	}
	return &guideReq{User: u, G: g, Change: acc.Change, Base: fmt.Sprintf("/my/start-a-network/%d", g.ID)}, true
}

// guideRoute is a signed-in route about one guide: h runs when loadGuide
// lets the request through.
func (s *Server) guideRoute(h func(http.ResponseWriter, *http.Request, *guideReq)) http.Handler {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request) {
		if q, ok := s.loadGuide(w, r); ok {
			h(w, r, q)
		}
	})
}

// guideStart starts a new guide for the account's organisation, or
// returns to the one it has under way: pressing "Start a new network"
// twice (or again after going back) must not leave two half-done guides.
func (s *Server) guideStart(w http.ResponseWriter, r *http.Request) {
	u := &sessionFrom(r.Context()).User
	if r.Method == http.MethodGet {
		http.Redirect(w, r, "/my/networks", http.StatusSeeOther)
		return
	}
	if !auth.RightsOf(u.Role, u.Org, u.NetworkID).StartNetwork {
		s.error(w, r, http.StatusForbidden, "Only an organisation's admin or a network lead can start a new network.")
		return
	}
	mine, err := s.db.Guides(r.Context(), u.Org, u.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, g := range mine { // newest first
		if g.Progress.NetworkID == 0 {
			http.Redirect(w, r, fmt.Sprintf("/my/start-a-network/%d", g.ID), http.StatusSeeOther)
			return
		}
	}
	g := &store.GuideProgress{Owner: u.ID, Progress: network.Progress{OrgCode: u.Org, UpdatedOn: netToday()}}
	err = s.db.SaveGuideProgress(r.Context(), g) // sets g.ID, which the address needs
	s.afterSave(w, r, err, fmt.Sprintf("/my/start-a-network/%d", g.ID))
}

func guideTitle(p *network.Progress) string {
	if n := p.Answers["network_name"]; n != "" {
		return n
	}
	if p.Type != "" {
		return "New " + p.Type.Label() + " network"
	}
	return "New network"
}

// guideView is network_guide.html, the task list of the six steps.
type guideView struct {
	formState
	Base, Title, Saved string
	Change             bool
	Percent            int
	Steps              []guideStepRow
	Types              []Option
	Similar            similarView
	Next               string
}

type guideStepRow struct {
	Href, Title, Status string
	Done, Started       bool
}

func (s *Server) guideTasks(w http.ResponseWriter, r *http.Request, q *guideReq) {
	kit := s.kit
	p := &q.G.Progress
	v := &guideView{Base: q.Base, Title: guideTitle(p), Change: q.Change, Percent: kit.guide.PercentDone(p),
		Types: optionsOf(network.Types, network.Type.Label, string(p.Type)),
		Saved: map[string]string{"type": "The type of network is saved.", "step": "The step is marked complete.", "drafts": "The drafts are saved."}[r.URL.Query().Get("saved")]}
	if n := kit.guide.Next(p); n != nil {
		v.Next = q.Base + "/" + n.ID
	}
	for _, st := range kit.guide.Steps {
		row := guideStepRow{Href: q.Base + "/" + st.ID, Title: fmt.Sprintf("%d. %s", st.Number, st.Title), Done: p.IsDone(st.ID)}
		for _, f := range st.Fields {
			if p.Answers[f.ID] != "" {
				row.Started = true
			}
		}
		switch {
		case row.Done:
			row.Status = "Completed"
		case row.Started:
			row.Status = "In progress"
		default:
			row.Status = "Not started"
		}
		v.Steps = append(v.Steps, row)
	}
	var err error
	if v.Similar, err = s.similarNetworks(r.Context(), p); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "network_guide", page{Title: "Start a network – " + v.Title, Data: v})
}

// similarView lists networks like the one being started (the partial
// "network-similar").
type similarView struct {
	Rows  []similarRow
	Empty string
	Cases []caseLink // published case studies of networks of the type, those of the region first
}

type similarRow struct{ Href, Name, Org, Status string }

// similarNetworks lists networks of the same type in the same region, as
// the public directory shows them.
func (s *Server) similarNetworks(ctx context.Context, p *network.Progress) (similarView, error) {
	v := similarView{Empty: "No networks of this type in your region are in the directory yet."}
	if p.Type == "" {
		v.Empty = "Choose the type of network to see similar ones."
		return v, nil
	}
	org, err := s.db.Organisation(ctx, p.OrgCode)
	if err != nil {
		return v, err
	}
	list, err := s.db.Networks(ctx, store.NetworkFilter{Region: org.Region, Type: p.Type})
	if err != nil {
		return v, err
	}
	v.Cases = s.casesTagged(ctx, 5, [2]string{string(cases.KindNetworkType), string(p.Type)}, [2]string{string(cases.KindRegion), org.Region})
	for _, n := range list {
		name := n.Public().Name
		if name == "" {
			name = n.Type.Label() + " network"
		}
		v.Rows = append(v.Rows, similarRow{Href: fmt.Sprintf("/networks/%d", n.ID), Name: name, Org: n.OrgName, Status: n.Status.Label()})
		if len(v.Rows) == 20 {
			break
		}
	}
	return v, nil
}

// wresEvidence returns the organisation's latest WRES headline figures, as
// the account may see them (suppressed for a network lead), or nil.
func (s *Server) wresEvidence(ctx context.Context, u *store.User, org string) (*network.WRESEvidence, []render.Headline, int, error) {
	acc := auth.WRESAccess(u.Role, u.Org, org)
	if !acc.View {
		return nil, nil, 0, nil
	}
	rep, err := wresio.Report(ctx, s.db, wres.Scope{Kind: wres.ScopeOrganisation, Code: org}, 0, 0)
	if errors.Is(err, wres.ErrNoData) {
		return nil, nil, 0, nil
	}
	if err != nil {
		return nil, nil, 0, err
	}
	if !acc.Official {
		rep = wres.Suppress(rep, wres.DefaultThreshold)
	}
	if len(rep.Years) == 0 {
		return nil, nil, 0, nil
	}
	y := rep.Years[len(rep.Years)-1]
	ev := &network.WRESEvidence{Year: strconv.Itoa(y.Year), WorkforceBMEPercent: y.Indicator1.Workforce.Percent.BME,
		Indicator2: y.Indicator2.Value, Indicator3: y.Indicator3.Value, BoardBMEPercent: y.Indicator9.Voting.BME.Percent}
	return ev, render.Headlines(rep), y.Year, nil
}

// guideStepView is network_guide_step.html, one of the six steps.
type guideStepView struct {
	formState
	Base    string
	Step    *network.Step
	Of      int
	Saved   string
	Done    bool
	Change  bool
	Fields  []stepField
	WRES    *wresHeadlines // the evidence step: the organisation's figures, if staffnet has them
	Similar *similarView   // the step about learning from other networks
}

type stepField struct {
	ID, Label, Hint, Value string
	Question               string // the label without "(optional)", for the table of answers
	Line                   bool   // one line of text rather than a text area
}

type wresHeadlines struct {
	Year int
	Rows []wresHeadline
}

type wresHeadline struct{ Label, Value string }

func (s *Server) guideStep(w http.ResponseWriter, r *http.Request, q *guideReq) {
	kit := s.kit
	ctx := r.Context()
	p := &q.G.Progress
	day := netToday()
	if r.PathValue("step") == "type" && r.Method == http.MethodPost {
		t := network.Type(r.PostFormValue("type"))
		if !t.Valid() {
			s.error(w, r, http.StatusUnprocessableEntity, "Choose the kind of network from the list. Go back and try again.")
			return
		}
		p.Type, p.UpdatedOn = t, day
		s.afterSave(w, r, s.db.SaveGuideProgress(ctx, q.G), q.Base+"?saved=type")
		return
	}
	st, ok := kit.guide.Step(r.PathValue("step"))
	if !ok {
		s.error(w, r, http.StatusNotFound, "")
		return
	}
	answers := p.Answers
	var errs network.FieldErrors
	saved := ""
	if r.Method == http.MethodPost {
		in := st.ReadForm(network.Form(r.PostForm))
		complete := r.PostFormValue("_action") == "complete"
		errs = kit.guide.Save(p, st.ID, in, day)
		if len(errs) == 0 && complete {
			errs = kit.guide.Complete(p, st.ID, day)
		}
		if len(errs) == 0 || complete && len(kit.guide.Save(&network.Progress{}, st.ID, in, day)) == 0 {
			// Answers are kept even when the step cannot be marked
			// complete yet, so nothing typed is lost.
			if err := s.db.SaveGuideProgress(ctx, q.G); err != nil {
				s.serverError(w, r, err)
				return
			}
		}
		if len(errs) == 0 {
			if complete {
				http.Redirect(w, r, q.Base+"?saved=step", http.StatusSeeOther)
				return
			}
			saved = "Your answers are saved. You can come back to this step at any time."
		}
		answers = map[string]string{}
		for k, v := range p.Answers {
			answers[k] = v
		}
		for k, v := range in {
			answers[k] = v
		}
	}
	v := &guideStepView{Base: q.Base, Step: st, Of: len(kit.guide.Steps), Saved: saved, Done: p.IsDone(st.ID), Change: q.Change}
	for _, f := range st.Fields {
		label := f.Label
		if !f.Required {
			label += " (optional)"
		}
		v.Fields = append(v.Fields, stepField{ID: f.ID, Label: label, Question: f.Label, Hint: f.Hint, Value: answers[f.ID], Line: f.Kind == "text"})
	}
	switch st.ID {
	case "evidence":
		_, heads, year, err := s.wresEvidence(ctx, q.User, p.OrgCode)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.WRES = &wresHeadlines{Year: year}
		for _, h := range heads {
			v.WRES.Rows = append(v.WRES.Rows, wresHeadline{h.Short, h.Last()})
		}
	case "learn":
		t, err := s.similarNetworks(ctx, p)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Similar = &t
	}
	s.renderForm(w, r, "network_guide_step", st.Title+" – start a network", v, errs)
}

// guideDraftsView is network_guide_drafts.html.
type guideDraftsView struct {
	formState
	network.Drafts
	Base, Saved      string
	Change           bool
	HasWRES, HasType bool
	LeadersHint      string // how to write leaders, and step 6's answer about them
	Created          string // the network these drafts created, if they did
}

func (s *Server) guideDrafts(w http.ResponseWriter, r *http.Request, q *guideReq) {
	kit := s.kit
	ctx := r.Context()
	p := &q.G.Progress
	day := netToday()
	org, err := s.db.Organisation(ctx, p.OrgCode)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ev, _, _, err := s.wresEvidence(ctx, q.User, p.OrgCode)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	in := network.DraftInput{OrgName: org.Name, Type: p.Type, Evidence: ev, Today: day}
	bc, tor := p.Answers[draftBusinessCase], p.Answers[draftTerms]
	if bc == "" {
		bc = kit.guide.DraftBusinessCase(p, in)
	}
	if tor == "" {
		tor = kit.guide.DraftTermsOfReference(p, in)
	}
	d := network.DraftsFrom(p)
	d.BusinessCase, d.Terms = bc, tor
	savedDraft(p, draftContact, &d.Contact)
	savedDraft(p, draftLeaders, &d.Leaders)
	savedDraft(p, draftSponsor, &d.Sponsor)
	savedDraft(p, draftObjectives, &d.Objectives)
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		action := r.PostFormValue("_action")
		d, errs = network.ReadDraftsForm(network.Form(r.PostForm))
		switch {
		case len(errs) > 0:
		case action == "regenerate":
			for _, k := range []string{draftBusinessCase, draftTerms, draftLeaders, draftSponsor, draftObjectives} {
				delete(p.Answers, k)
			}
		default:
			if p.Answers == nil {
				p.Answers = map[string]string{}
			}
			p.Answers[draftBusinessCase], p.Answers[draftTerms] = d.BusinessCase, d.Terms
			p.Answers[draftContact], p.Answers[draftLeaders], p.Answers[draftSponsor], p.Answers[draftObjectives] = d.Contact, d.Leaders, d.Sponsor, d.Objectives
		}
		if len(errs) == 0 && action == "create" {
			if !q.Change || !auth.RightsOf(q.User.Role, q.User.Org, q.User.NetworkID).CreateFromGuide {
				s.error(w, r, http.StatusForbidden, "Ask your organisation's admin to create the network from these drafts.")
				return
			}
			if p.NetworkID != 0 {
				http.Redirect(w, r, fmt.Sprintf("/my/networks/%d", p.NetworkID), http.StatusSeeOther)
				return
			}
			var n *network.Network
			var t *network.TermsOfReference
			var wp *network.WorkPlan
			if n, t, wp, errs = d.Network(p, q.User.Email, day); len(errs) == 0 {
				if err := s.db.CreateNetworkFromGuide(ctx, n, t, wp); err != nil {
					s.serverError(w, r, err)
					return
				}
				p.NetworkID = n.ID
				// A lead who founds a network leads it.
				if q.User.Role.HasNetwork() {
					if err := s.db.SetUserNetwork(ctx, q.User.ID, n.ID); err != nil {
						s.serverError(w, r, err)
						return
					}
				}
				s.afterSave(w, r, s.db.SaveGuideProgress(ctx, q.G), fmt.Sprintf("/my/networks/%d?saved=created", n.ID))
				return
			}
		} else if len(errs) == 0 {
			s.afterSave(w, r, s.db.SaveGuideProgress(ctx, q.G), q.Base+"/drafts?saved=drafts")
			return
		}
	}
	v := &guideDraftsView{Base: q.Base, Change: q.Change, HasWRES: ev != nil, HasType: p.Type != "", Drafts: d,
		LeadersHint: "One a line, as role: name, like Chair: Ada Okafor."}
	// Quote step 6's answer when some of it names no one, so nothing it
	// said is lost from sight.
	if a := strings.TrimSpace(p.Answers["leadership_team"]); a != "" && len(strings.Fields(network.DraftsFrom(p).Leaders)) < len(strings.Fields(a)) {
		v.LeadersHint += " Your answer in step 6: “" + a + "”"
	}
	if p.NetworkID != 0 {
		v.Created = fmt.Sprintf("/my/networks/%d", p.NetworkID)
	}
	if r.URL.Query().Get("saved") == "drafts" {
		v.Saved = "The drafts are saved."
	}
	s.renderForm(w, r, "network_guide_drafts", "Drafts – start a network", v, errs)
}
