package web

// Writing and reviewing case studies, under /my/case-studies. A network's
// lead or an organisation's admin writes a draft, edits it while it is a
// draft (or back for changes) and sends it for review; a reviewer
// comments, asks for changes or approves, which publishes it; authors
// and reviewers may withdraw a published study. Every route that names a
// study goes through s.caseStudy, which loads it and checks
// auth.CaseAccess; statuses are checked by internal/cases and, against
// races, by the store.

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"staffnet/internal/auth"
	"staffnet/internal/cases"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

func (s *Server) caseAuthorRoutes(m *http.ServeMux) {
	read := func(c auth.CaseRights) bool { return c.Read }
	edit := func(c auth.CaseRights) bool { return c.Edit }
	review := func(c auth.CaseRights) bool { return c.Review }
	withdraw := func(c auth.CaseRights) bool { return c.Withdraw }
	m.Handle("GET /my/case-studies", s.signedIn(s.caseMine))
	m.Handle("GET /my/case-studies/review", s.signedIn(s.caseQueue))
	m.Handle("GET /my/case-studies/new", s.signedIn(s.caseNew))
	m.Handle("POST /my/case-studies/new", s.signedIn(s.caseNew))
	m.Handle("GET /my/case-studies/{id}", s.signedIn(s.caseStudy(read, s.caseDraft)))
	m.Handle("GET /my/case-studies/{id}/edit", s.signedIn(s.caseStudy(edit, s.caseEdit)))
	m.Handle("POST /my/case-studies/{id}/edit", s.signedIn(s.caseStudy(edit, s.caseEdit)))
	m.Handle("POST /my/case-studies/{id}/review", s.signedIn(s.caseStudy(review, s.caseReview)))
	m.Handle("POST /my/case-studies/{id}/withdraw", s.signedIn(s.caseStudy(withdraw, s.caseWithdraw)))
}

// caseReq is a request about one study the account may read.
type caseReq struct {
	User  *store.User
	Study *cases.Study
	Acc   auth.CaseRights
	Base  string // /my/case-studies/{id}
}

// caseStudy loads the {id} study and lets the request through only if
// the account's rights allow it: 404 for a study it may not read (ids
// reveal nothing), 403 for one it may read but not act on so.
func (s *Server) caseStudy(allowed func(auth.CaseRights) bool, h func(http.ResponseWriter, *http.Request, *caseReq)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := &sessionFrom(r.Context()).User
		st, ok := loadByPath(s, w, r, "id", s.db.CaseStudy)
		if !ok {
			return
		}
		acc := auth.CaseAccess(u.Role, u.Org, u.NetworkID, st.OrgCode, st.NetworkID)
		if !s.admit(w, r, acc.Read, allowed(acc), "Your account can read this case study but not do that with it.") {
			return
		}
		h(w, r, &caseReq{User: u, Study: st, Acc: acc, Base: fmt.Sprintf("/my/case-studies/%d", st.ID)})
	}
}

// caseListView is the list of an account's studies, or the review queue.
type caseListView struct {
	Work    auth.CaseWork
	Queue   bool
	Studies []cases.Study
	Saved   string
}

func (s *Server) caseMine(w http.ResponseWriter, r *http.Request) {
	u := &sessionFrom(r.Context()).User
	work := auth.CaseWorkOf(u.Role, u.Org, u.NetworkID)
	v := caseListView{Work: work, Saved: caseSaved(r)}
	if work.Write {
		f := store.CaseFilter{OrgCode: u.Org}
		if u.Role == auth.NetworkLead {
			f.NetworkID = u.NetworkID
		}
		var err error
		if v.Studies, err = s.db.CaseStudies(r.Context(), f); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "cases_mine", page{Title: "Your case studies", Data: v})
}

func (s *Server) caseQueue(w http.ResponseWriter, r *http.Request) {
	u := &sessionFrom(r.Context()).User
	work := auth.CaseWorkOf(u.Role, u.Org, u.NetworkID)
	if !work.Review {
		s.error(w, r, http.StatusForbidden, "Only case-study reviewers see the review queue.")
		return
	}
	list, err := s.db.CaseStudies(r.Context(), store.CaseFilter{Statuses: []cases.Status{cases.Submitted}})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := caseListView{Work: work, Queue: true, Studies: list, Saved: caseSaved(r)}
	s.render(w, r, http.StatusOK, "cases_mine", page{Title: "Case studies to review", Data: v})
}

func caseSaved(r *http.Request) string {
	switch r.URL.Query().Get("saved") {
	case "draft":
		return "The draft is saved."
	case "submit":
		return "The case study is sent for review. You cannot change it while it is reviewed."
	case "comment":
		return "Your comment is saved."
	case "request":
		return "The case study is back with its authors for changes."
	case "approve":
		return "The case study is published."
	case "withdraw":
		return "The case study is withdrawn: it is gone from the library, search and the API."
	}
	return ""
}

// caseFormView is the form for writing a study.
type caseFormView struct {
	formState
	Action, Cancel, Heading string
	Texts, Sections, Tags   []*Field
	Network                 *Field // an organisation admin's choice of network, else nil
}

// caseNew starts a study: a lead's for their network, an organisation
// admin's for the organisation (and, if chosen, one of its networks).
func (s *Server) caseNew(w http.ResponseWriter, r *http.Request) {
	u := &sessionFrom(r.Context()).User
	if !auth.CaseWorkOf(u.Role, u.Org, u.NetworkID).Write {
		s.error(w, r, http.StatusForbidden, "Only a network's lead or an organisation's admin writes case studies.")
		return
	}
	st := &cases.Study{Status: cases.Draft, OrgCode: u.Org, AuthorID: u.ID, Tags: cases.Tags{}}
	if u.Role == auth.NetworkLead {
		st.NetworkID = u.NetworkID
	}
	if o, err := s.db.Organisation(r.Context(), u.Org); err == nil {
		st.Organisation = o.Name
		st.Tags[cases.KindRegion] = []string{o.Region}
	}
	if st.NetworkID != 0 {
		if n, err := s.db.Network(r.Context(), st.NetworkID); err == nil {
			st.Tags[cases.KindNetworkType] = []string{string(n.Type)}
		}
	}
	s.caseForm(w, r, &caseReq{User: u, Study: st, Base: "/my/case-studies/new"})
}

func (s *Server) caseEdit(w http.ResponseWriter, r *http.Request, q *caseReq) {
	if !q.Study.Status.Editable() {
		s.error(w, r, http.StatusConflict, "This case study is "+strings.ToLower(q.Study.Status.Label())+", so it cannot be changed.")
		return
	}
	q.Base += "/edit"
	s.caseForm(w, r, q)
}

// caseForm shows and saves the form: "Save draft" keeps the study a
// draft (only the title is needed), "Send for review" also checks the
// sections a reader needs and submits it.
func (s *Server) caseForm(w http.ResponseWriter, r *http.Request, q *caseReq) {
	st := q.Study
	var nets []store.NetworkEntry
	if q.User.Role != auth.NetworkLead {
		var err error
		if nets, err = s.db.Networks(r.Context(), store.NetworkFilter{Org: st.OrgCode}); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		submit := r.PostFormValue("_action") == "submit"
		errs = s.readCaseForm(r, st, nets)
		if len(errs) == 0 {
			errs = st.Validate(s.vocab, submit)
		}
		if len(errs) == 0 {
			if err := s.saveCase(r, q, submit); err != nil {
				s.serverError(w, r, err)
				return
			}
			to := fmt.Sprintf("/my/case-studies/%d?saved=draft", st.ID)
			if submit {
				to = "/my/case-studies?saved=submit"
			}
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
	}
	v := &caseFormView{Action: q.Base, Cancel: "/my/case-studies", Heading: "Write a case study"}
	if st.ID != 0 {
		v.Heading, v.Cancel = "Edit the case study", fmt.Sprintf("/my/case-studies/%d", st.ID)
	}
	v.Errs = fieldErrs{}
	if len(errs) > 0 {
		_, v.Errs = formErrors(errs)
	}
	s.caseFields(v, st, nets)
	s.renderForm(w, r, "cases_form", v.Heading, v, errs)
}

// saveCase stores a new or changed study and, when asked, sends it for
// review.
func (s *Server) saveCase(r *http.Request, q *caseReq, submit bool) error {
	st := q.Study
	var err error
	if st.ID == 0 {
		err = s.db.CreateCaseStudies(r.Context(), st)
	} else {
		err = s.db.UpdateCaseStudy(r.Context(), st)
	}
	if err == nil && submit {
		_, err = s.db.CaseStep(r.Context(), st.ID, cases.Submit, q.User.ID, q.User.Email, "")
	}
	return err
}

// caseTextFields are the form's short text fields: id, label, hint.
var caseTextFields = [][3]string{
	{"title", "Title", "A short headline that says what was done, such as \"Reverse mentoring for the board\""},
	{"organisation", "Organisation", ""},
	{"authors", "Authors", "Names and job titles of the people who wrote it"},
	{"contact", "Contact", "An email address or phone number readers can use to ask about the work"},
}

func caseText(st *cases.Study) []*string {
	return []*string{&st.Title, &st.Organisation, &st.Authors, &st.Contact}
}

func caseSectionPtrs(st *cases.Study) []*string {
	return []*string{&st.Summary, &st.Challenge, &st.Action, &st.Obstacles, &st.Outputs, &st.Outcomes, &st.Lessons, &st.NextSteps, &st.FurtherInfo}
}

// readCaseForm reads the form into st. The network must be one of the
// organisation's (nets); a lead's stays theirs.
func (s *Server) readCaseForm(r *http.Request, st *cases.Study, nets []store.NetworkEntry) network.FieldErrors {
	for i, p := range caseText(st) {
		*p = strings.TrimSpace(r.PostFormValue(caseTextFields[i][0]))
	}
	for i, p := range caseSectionPtrs(st) {
		*p = strings.TrimSpace(r.PostFormValue(st.Sections()[i].Field))
	}
	st.Tags = cases.Tags{}
	for _, k := range cases.Kinds {
		if vals := r.PostForm["tags-"+string(k)]; len(vals) > 0 {
			st.Tags[k] = vals
		}
	}
	if nets == nil {
		return nil
	}
	st.NetworkID = 0
	if v := r.PostFormValue("network"); v != "" {
		for _, n := range nets {
			if strconv.FormatInt(n.ID, 10) == v {
				st.NetworkID = n.ID
			}
		}
		if st.NetworkID == 0 {
			return network.FieldErrors{{Field: "network", Message: "Choose one of your organisation's networks, or none"}}
		}
	}
	return nil
}

// caseFields builds the form's fields from the study and the errors.
func (s *Server) caseFields(v *caseFormView, st *cases.Study, nets []store.NetworkEntry) {
	for i, p := range caseText(st) {
		f := caseTextFields[i]
		v.Texts = append(v.Texts, &Field{ID: f[0], Name: f[0], Label: f[1], Hint: f[2], Value: *p, Error: v.Errs[f[0]]})
	}
	for _, sec := range st.Sections() {
		v.Sections = append(v.Sections, &Field{ID: sec.Field, Name: sec.Field, Label: sec.Heading, Value: sec.Text, Rows: 6, Large: true,
			Hint: "Plain text or Markdown: start a line with - for a list item.", Error: v.Errs[sec.Field]})
	}
	for _, k := range cases.Kinds {
		id := "tags-" + string(k)
		var opts []Option
		for _, t := range s.vocab.Terms(k) {
			opts = append(opts, Option{Value: t.Value, Label: t.Label, Checked: slices.Contains(st.Tags[k], t.Value)})
		}
		v.Tags = append(v.Tags, &Field{ID: id, Name: id, Label: k.Label(), Options: opts, Error: v.Errs[id]})
	}
	if nets != nil {
		opts := []Option{{Value: "", Label: "None: the organisation's own work", Checked: st.NetworkID == 0}}
		for _, n := range nets {
			opts = append(opts, Option{Value: strconv.FormatInt(n.ID, 10), Label: n.Name, Checked: n.ID == st.NetworkID})
		}
		v.Network = &Field{ID: "network", Name: "network", Label: "Network", Hint: "The network whose work it describes", Options: opts, Error: v.Errs["network"]}
	}
}

// caseDraftView is a study as its authors and reviewers see it, with the
// review history and what the account may do next.
type caseDraftView struct {
	caseView
	formState
	Acc       auth.CaseRights
	Base      string
	History   []store.Review
	CanEdit   bool
	CanReview bool
	CanPull   bool
	Saved     string
}

func (s *Server) caseDraft(w http.ResponseWriter, r *http.Request, q *caseReq) {
	s.renderDraft(w, r, q, nil)
}

func (s *Server) renderDraft(w http.ResponseWriter, r *http.Request, q *caseReq, errs network.FieldErrors) {
	hist, err := s.db.CaseReviews(r.Context(), q.Study.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	st := q.Study
	v := &caseDraftView{caseView: caseView{Study: st, Tags: s.vocab.Labelled(st.Tags)}, Acc: q.Acc, Base: q.Base, History: hist,
		CanEdit: q.Acc.Edit && st.Status.Editable(), CanReview: q.Acc.Review && st.Status == cases.Submitted,
		CanPull: q.Acc.Withdraw && st.Status == cases.Published, Saved: caseSaved(r)}
	s.renderForm(w, r, "cases_draft", st.Title, v, errs)
}

// caseReview takes a reviewer's decision: a comment, a request for
// changes (which needs a comment) or an approval, which publishes.
func (s *Server) caseReview(w http.ResponseWriter, r *http.Request, q *caseReq) {
	step := cases.Step(r.PostFormValue("decision"))
	body := strings.TrimSpace(r.PostFormValue("comment"))
	var errs network.FieldErrors
	switch {
	case step != cases.Comment && step != cases.Request && step != cases.Approve:
		errs = append(errs, network.FieldError{Field: "decision", Message: "Choose what to do with the case study"})
	case step != cases.Approve && body == "":
		errs = append(errs, network.FieldError{Field: "comment", Message: "Write a comment for the authors"})
	}
	if len(body) > cases.MaxSection {
		errs = append(errs, network.FieldError{Field: "comment", Message: "The comment is too long"})
	}
	s.caseAct(w, r, q, step, body, errs)
}

func (s *Server) caseWithdraw(w http.ResponseWriter, r *http.Request, q *caseReq) {
	body := strings.TrimSpace(r.PostFormValue("reason"))
	var errs network.FieldErrors
	if body == "" || len(body) > cases.MaxShort {
		errs = append(errs, network.FieldError{Field: "reason", Message: fmt.Sprintf("Give a reason for withdrawing it, in %d characters or fewer", cases.MaxShort)})
	}
	s.caseAct(w, r, q, cases.Withdraw, body, errs)
}

// caseAct takes a review step, or shows the study again with errs.
func (s *Server) caseAct(w http.ResponseWriter, r *http.Request, q *caseReq, step cases.Step, body string, errs network.FieldErrors) {
	if len(errs) > 0 {
		s.renderDraft(w, r, q, errs)
		return
	}
	_, err := s.db.CaseStep(r.Context(), q.Study.ID, step, q.User.ID, q.User.Email, body)
	var bad cases.ErrStep
	if errors.As(err, &bad) {
		s.error(w, r, http.StatusConflict, "This case study is "+strings.ToLower(q.Study.Status.Label())+", so that cannot be done now.")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// What the public sees changes: the audit log keeps who did it.
	if step == cases.Approve || step == cases.Withdraw {
		s.audit(r, "case study "+strings.ToLower(step.Label()), fmt.Sprintf("case study %d", q.Study.ID), fmt.Sprintf("%q %s", q.Study.Title, body))
	}
	to := q.Base + "?saved=" + string(step)
	if step == cases.Approve || step == cases.Request {
		to = "/my/case-studies/review?saved=" + string(step)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}
