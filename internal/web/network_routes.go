package web

// The pages where a staff network keeps its records, assesses itself and
// plans, and the guided start for new networks. Everything works without
// JavaScript: lists of leaders, objectives and skills-audit lines are
// fixed rows plus an "add another" submit button, and the multi-page
// self-assessment carries earlier pages' answers in hidden fields, like
// the survey.
//
// Each page is one template (network_*.html) built from the shared fields
// of _fields.html and the network pieces of _network.html. Handlers read
// the form with internal/network's readers, save and render. Who may do
// what is internal/auth's (access.go): every handler that names a network
// goes through s.network, which loads it and checks the action it needs.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

func (s *Server) networkRoutes(m *http.ServeMux) {
	n, guide := netRouter{s, m}, s.guideRoute
	read, edit, plan, answer := auth.ReadNetwork, auth.EditNetwork, auth.EditWorkPlan, auth.AnswerNetwork
	m.Handle("GET /my/networks", s.signedIn(s.netList))
	m.Handle("GET /my/networks/new", s.signedIn(s.netNew))
	m.Handle("POST /my/networks/new", s.signedIn(s.netNew))
	n.get("", read, s.netOverview)
	n.form("/edit", edit, s.netEdit)
	n.page("/terms", edit, s.netTerms)
	n.page("/work-plan", plan, s.netWorkPlan)
	n.page("/sponsor", edit, s.netSponsor)
	n.page("/skills", edit, s.netSkills)
	n.get("/assessment", read, s.netAssessStart)
	n.post("/assessment", answer, s.netAssessStep)
	n.get("/assessment/results", read, s.netResults)
	n.get("/recommendations", read, s.netRecommendations)
	n.post("/recommendations/{rule}/accept", plan, s.netAccept)
	n.form("/recommendations/{rule}/dismiss", plan, s.netDismiss)
	n.post("/recommendations/{rule}/restore", plan, s.netRestore)
	n.get("/board", read, s.netBoard)
	s.networkMemberRoutes(n)
	m.Handle("GET /my/start-a-network", s.signedIn(s.guideStart))
	m.Handle("POST /my/start-a-network", s.signedIn(s.guideStart))
	m.Handle("GET /my/start-a-network/{guide}/drafts", guide(s.guideDrafts))
	m.Handle("POST /my/start-a-network/{guide}/drafts", guide(s.guideDrafts))
	m.Handle("GET /my/start-a-network/{guide}", guide(s.guideTasks))
	m.Handle("GET /my/start-a-network/{guide}/{step}", guide(s.guideStep))
	m.Handle("POST /my/start-a-network/{guide}/{step}", guide(s.guideStep))
}

// netHandler answers a request about one network that s.network let
// through.
type netHandler = func(http.ResponseWriter, *http.Request, *netReq)

// netRouter registers the routes about one network: each path is below
// /my/networks/{id}, and each route goes through s.netRoute with the
// action it needs.
type netRouter struct {
	s *Server
	m *http.ServeMux
}

func (n netRouter) handle(method, path string, a auth.NetworkAction, h netHandler) {
	n.m.Handle(method+" /my/networks/{id}"+path, n.s.netRoute(a, h))
}

func (n netRouter) get(path string, a auth.NetworkAction, h netHandler) {
	n.handle(http.MethodGet, path, a, h)
}

func (n netRouter) post(path string, a auth.NetworkAction, h netHandler) {
	n.handle(http.MethodPost, path, a, h)
}

// page is a page everyone who may read the network sees, with a form,
// posted to the same path, that needs action a.
func (n netRouter) page(path string, a auth.NetworkAction, h netHandler) {
	n.get(path, auth.ReadNetwork, h)
	n.post(path, a, h)
}

// form is a form that only accounts allowed action a see and send.
func (n netRouter) form(path string, a auth.NetworkAction, h netHandler) {
	n.get(path, a, h)
	n.post(path, a, h)
}

// networkKit holds the three data files of internal/network, parsed once
// when the server is built (see New): they are embedded in the binary and
// never change while it runs.
type networkKit struct {
	q     *network.Questionnaire
	rules *network.RuleSet
	guide *network.Guide
}

func loadNetworkKit() (*networkKit, error) {
	q, rules, err := network.Defaults()
	if err != nil {
		return nil, err
	}
	g, err := network.DefaultGuide()
	if err != nil {
		return nil, err
	}
	return &networkKit{q: q, rules: rules, guide: g}, nil
}

// netRoute is a signed-in route about one network that needs action a.
func (s *Server) netRoute(a auth.NetworkAction, h netHandler) http.Handler {
	return s.signedIn(s.network(a, h))
}

// netReq is a request about one network that the account may see.
type netReq struct {
	User *store.User
	Net  *store.NetworkEntry
	Acc  auth.NetworkRights
	Base string // /my/networks/{id}
}

// network loads the {id} network and lets the request through only if the
// account's rights allow action a; others get 404 for a network they
// cannot see (so ids do not reveal which networks exist) and 403 for one
// they can see but not change.
func (s *Server) network(a auth.NetworkAction, h netHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := &sessionFrom(r.Context()).User
		n, ok := loadByPath(s, w, r, "id", s.db.Network)
		if !ok {
			return
		}
		acc := auth.NetworkAccess(u.Role, u.Org, u.NetworkID, n.OrgCode, n.ID)
		if !s.admit(w, r, acc.Allows(auth.ReadNetwork), acc.Allows(a), "Your account can read this network's records but not change them.") {
			return
		}
		h(w, r, &netReq{User: u, Net: n, Acc: acc, Base: fmt.Sprintf("/my/networks/%d", n.ID)})
	}
}

// netRecord finds the record whose id is the path's {key} among the
// request's network's, which list loads whole; an id that is not among
// them is not found.
func netRecord[T any](s *Server, w http.ResponseWriter, r *http.Request, q *netReq, key string, list func(context.Context, int64) ([]T, error), idOf func(T) int64) (T, bool) {
	return loadByPath(s, w, r, key, func(ctx context.Context, id int64) (T, error) {
		var zero T
		all, err := list(ctx, q.Net.ID)
		if err != nil {
			return zero, err
		}
		if i := slices.IndexFunc(all, func(v T) bool { return idOf(v) == id }); i >= 0 {
			return all[i], nil
		}
		return zero, store.ErrNotFound
	})
}

// netPage is what every page about one network shows around its content:
// the sections (the partial "network-nav"), the confirmation of a save
// and what needs attention ("network-status").
type netPage struct {
	formState
	Net     *store.NetworkEntry
	Base    string
	Acc     auth.NetworkRights
	Section string // the current section in the navigation
	Saved   string
	Flags   []network.Flag
	OrgWork bool // the account may open the organisation's WRES action plan
}

// pageFor starts the page of section (as the navigation names it) for
// this request, with the confirmation a redirect after a save asks for.
func (q *netReq) pageFor(r *http.Request, section string) netPage {
	netOrg := "" // the organisation of the account's own network, if it is this one
	if q.User.NetworkID == q.Net.ID {
		netOrg = q.Net.OrgCode
	}
	return netPage{Net: q.Net, Base: q.Base, Acc: q.Acc, Section: section, Saved: netSavedMessage(r),
		OrgWork: auth.OrgWorkAccess(q.User.Role, q.User.Org, netOrg, q.Net.OrgCode).View}
}

// withForm is the data of a page with a form.
type withForm interface{ form() *formState }

// renderForm renders a page with a form, with errors if there are any:
// status 422, "Error: " before the title, the error summary, and each
// field's message beside it.
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, name, title string, data withForm, errs network.FieldErrors) {
	s.renderFormPage(w, r, name, page{Title: title, Data: data}, data.form(), errs)
}

// renderFormPage is renderForm for a page that sets more than its title
// and data, such as a CSRF token of its own; form is where its fields
// read their errors.
func (s *Server) renderFormPage(w http.ResponseWriter, r *http.Request, name string, pg page, form *formState, errs network.FieldErrors) {
	status := http.StatusOK
	if len(errs) > 0 {
		pg.Errors, form.Errs = formErrors(errs)
		pg.Title = "Error: " + pg.Title
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, name, pg)
}

// netSavedMessage is the confirmation a redirect after a save asks for.
func netSavedMessage(r *http.Request) string {
	switch r.URL.Query().Get("saved") {
	case "network":
		return "The network's details are saved."
	case "created":
		return "The network is created."
	case "terms":
		return "A new version of the terms of reference is saved."
	case "work-plan":
		return "The work plan is saved as a new version."
	case "sponsor":
		return "The sponsor relationship record is saved."
	case "skills":
		return "The skills audit is saved."
	case "meetings":
		return "The meeting dates are saved."
	case "meeting-deleted":
		return "The meeting is deleted."
	case "accepted":
		return "The recommendation is added to the work plan as a new objective."
	case "dismissed":
		return "The recommendation is set aside as not relevant. You can bring it back at any time."
	case "restored":
		return "The recommendation is back in the list."
	case "assessment":
		return "Your answers are saved."
	case "member-settings":
		return "The membership settings are saved."
	case "time":
		return "The hours are recorded."
	case "time-leader":
		return "The leader's facility-time details are saved."
	case "time-leader-deleted":
		return "The leader and their recorded hours are removed from the register."
	case "budget":
		return "The line is added to the budget."
	case "budget-deleted":
		return "The line is removed from the budget."
	case "consultation":
		return "The consultation log is saved."
	case "consultation-deleted":
		return "The consultation is removed from the log."
	case "panels":
		return "The panels are recorded."
	case "on-cost":
		return "The on-cost is saved."
	case "member-removed":
		return "The membership is deleted, with everything it held."
	}
	return ""
}

func netToday() time.Time { return network.Day(time.Now()) }

// dateValue is a date as a date input's value.
func dateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func dateOrNever(t time.Time) string {
	if t.IsZero() {
		return "not recorded"
	}
	return network.FormatDate(t)
}

func orText(s, alt string) string {
	if strings.TrimSpace(s) == "" {
		return alt
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
