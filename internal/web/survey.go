package web

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/store"
	"staffnet/internal/survey"
)

// The survey keeps no server-side state while someone answers: every page
// is a form that carries earlier answers in hidden fields, and nothing is
// stored until the final submit. No cookie is set. The one-time token in
// the form makes a repeated submit (back button, double click) store
// nothing new.

type optionView struct {
	ID, Name, Code, Label string
	Kind                  string // radios or checkboxes
	Checked, Exclusive    bool
	DividerBefore         bool
}

type itemView struct {
	ID, Name, Label, Error string
	Options                []optionView
}

type questionView struct {
	ID, Type, Title, Hint, Error, Text string
	MaxLen                             int
	Limit                              string // MaxLen as people write it: 2,000
	Options                            []optionView
	Items                              []itemView
}

type hiddenField struct{ Name, Value string }

type surveyView struct {
	Survey     *store.Survey
	Page       *survey.Page
	Step       string
	Token      string
	Return     string
	Hidden     []hiddenField
	Questions  template.HTML // the page's questions, rendered by "_questions"
	Rows       []checkRow
	PageNumber int
	PageCount  int  // on the route the answers so far lead to
	PageAbout  bool // answers still to come can change PageCount
}

type checkRow struct {
	Key, Change, Page string
	Values            []string
	Items             []checkItem // a Likert question's items, instead of Values
}

type checkItem struct{ Label, Answer string } // Answer "" for none

// surveyTTL is how long a server reuses a survey it looked up. Opening or
// closing a survey reaches every server within this time.
const surveyTTL = time.Second

type surveyCache struct {
	mu sync.Mutex
	m  map[string]cachedSurvey
}

type cachedSurvey struct {
	sv *store.Survey
	at time.Time
}

// survey returns the newest version of a survey, looked up at most once a
// second per server: every page of the survey needs it. Surveys are
// shared read-only.
func (s *Server) survey(r *http.Request, slug string, fresh bool) (*store.Survey, error) {
	now := time.Now()
	s.surveys.mu.Lock()
	c, ok := s.surveys.m[slug]
	s.surveys.mu.Unlock()
	if ok && !fresh && now.Sub(c.at) < surveyTTL {
		return c.sv, nil
	}
	sv, err := s.db.Survey(r.Context(), slug)
	if err != nil {
		return nil, err
	}
	s.surveys.mu.Lock()
	if s.surveys.m == nil || len(s.surveys.m) > 1000 {
		s.surveys.m = map[string]cachedSurvey{}
	}
	s.surveys.m[slug] = cachedSurvey{sv, now}
	s.surveys.mu.Unlock()
	return sv, nil
}

// openSurvey finds the survey a request names and says so if it is
// closed. fresh skips the cache: a submission is checked against the
// database, so a closed survey never stores another response.
func (s *Server) openSurvey(w http.ResponseWriter, r *http.Request, fresh bool) *store.Survey {
	sv, err := s.survey(r, r.PathValue("slug"), fresh)
	if !s.found(w, r, err) {
		return nil
	}
	if !sv.Open {
		s.render(w, r, http.StatusOK, "survey_closed", page{Title: sv.Title + ": closed", Data: sv})
		return nil
	}
	return sv
}

func (s *Server) surveyStart(w http.ResponseWriter, r *http.Request) {
	sv := s.openSurvey(w, r, false)
	if sv == nil {
		return
	}
	s.render(w, r, http.StatusOK, "survey_start", page{Title: sv.Title, Data: &surveyView{Survey: sv, Token: auth.NewToken()}})
}

// surveyStep handles every form of the survey: the start button, each
// page's Continue and Back, Change on the check page, and the final submit.
func (s *Server) surveyStep(w http.ResponseWriter, r *http.Request) {
	sv := s.openSurvey(w, r, r.PostFormValue("_action") == "submit")
	if sv == nil {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, http.StatusBadRequest, "Your answers could not be read. Please start the survey again.")
		return
	}
	f := r.PostForm
	def := sv.Def
	token := f.Get("_token")
	if len(token) != 43 {
		s.error(w, r, http.StatusBadRequest, "This form is incomplete. Please start the survey again.")
		return
	}
	if f.Get("_version") != strconv.Itoa(sv.Version) {
		v := &surveyView{Survey: sv, Token: auth.NewToken()}
		s.render(w, r, http.StatusOK, "survey_start", page{Title: sv.Title, Data: v,
			Message: "This survey was updated while you were answering it. Please start again; we have not kept your earlier answers."})
		return
	}
	resp := def.NewResponse()
	decodeErrs := def.DecodeForm(f, resp, def.Questions())
	def.ClearHidden(resp)
	v := &surveyView{Survey: sv, Token: token}
	step, action := f.Get("_step"), f.Get("_action")

	if to := f.Get("_goto"); to != "" {
		if pg := findPage(def, to); pg != nil && def.PageVisible(resp, pg) {
			s.surveyPage(w, r, v, resp, pg, "check", nil)
			return
		}
	}
	switch {
	case step == "":
		s.nextPage(w, r, v, resp, -1)
	case step == "check" && action == "submit":
		if errs := def.Check(resp); len(errs) > 0 {
			s.surveyCheck(w, r, v, resp, errs)
			return
		}
		err := s.db.SubmitResponse(r.Context(), sv, token, resp)
		if err != nil && !errors.Is(err, store.ErrDuplicate) {
			s.serverError(w, r, err)
			return
		}
		if err == nil {
			s.metrics.Submission(sv.Slug)
		}
		http.Redirect(w, r, "/s/"+sv.Slug+"/done", http.StatusSeeOther)
	case step == "check" && action == "back":
		s.prevPage(w, r, v, resp, len(def.Pages))
	case step == "check":
		s.surveyCheck(w, r, v, resp, nil)
	default:
		pg := findPage(def, step)
		if pg == nil {
			s.error(w, r, http.StatusBadRequest, "This form is incomplete. Please start the survey again.")
			return
		}
		idx := pageIndex(def, pg)
		if action == "back" {
			s.prevPage(w, r, v, resp, idx)
			return
		}
		var errs []survey.FieldError
		onPage := map[string]bool{}
		for _, q := range pg.Questions {
			onPage[q.ID] = true
		}
		for _, e := range decodeErrs {
			if onPage[strings.SplitN(e.Field, ".", 2)[0]] {
				errs = append(errs, e)
			}
		}
		errs = append(errs, def.CheckPage(resp, pg)...)
		if len(errs) > 0 {
			s.surveyPage(w, r, v, resp, pg, f.Get("_return"), errs)
			return
		}
		if f.Get("_return") == "check" {
			s.surveyCheck(w, r, v, resp, nil)
			return
		}
		s.nextPage(w, r, v, resp, idx)
	}
}

func findPage(def *survey.Definition, id string) *survey.Page {
	for i := range def.Pages {
		if def.Pages[i].ID == id {
			return &def.Pages[i]
		}
	}
	return nil
}

func pageIndex(def *survey.Definition, pg *survey.Page) int {
	for i := range def.Pages {
		if &def.Pages[i] == pg {
			return i
		}
	}
	return -1
}

// prevPage shows the last page routing shows before page index before,
// or the start page.
func (s *Server) prevPage(w http.ResponseWriter, r *http.Request, v *surveyView, resp *survey.Response, before int) {
	def := v.Survey.Def
	for i := before - 1; i >= 0; i-- {
		if def.PageVisible(resp, &def.Pages[i]) {
			s.surveyPage(w, r, v, resp, &def.Pages[i], "", nil)
			return
		}
	}
	s.render(w, r, http.StatusOK, "survey_start", page{Title: v.Survey.Title, Data: v})
}

func (s *Server) nextPage(w http.ResponseWriter, r *http.Request, v *surveyView, resp *survey.Response, after int) {
	def := v.Survey.Def
	for i := after + 1; i < len(def.Pages); i++ {
		if def.PageVisible(resp, &def.Pages[i]) {
			s.surveyPage(w, r, v, resp, &def.Pages[i], "", nil)
			return
		}
	}
	s.surveyCheck(w, r, v, resp, nil)
}

// hidden returns every answer not on the page being shown, as hidden
// fields, in a stable order.
func hidden(def *survey.Definition, resp *survey.Response, skip map[string]bool) []hiddenField {
	vals := url.Values{}
	def.EncodeForm(resp, vals)
	var out []hiddenField
	keys := make([]string, 0, len(vals))
	for k := range vals {
		if !skip[strings.SplitN(k, ".", 2)[0]] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, val := range vals[k] {
			out = append(out, hiddenField{k, val})
		}
	}
	return out
}

func (s *Server) surveyPage(w http.ResponseWriter, r *http.Request, v *surveyView, resp *survey.Response, pg *survey.Page, ret string, errs []survey.FieldError) {
	def := v.Survey.Def
	v.Page, v.Step, v.Return = pg, pg.ID, ret
	onPage := map[string]bool{}
	msgs := map[string]string{}
	for _, e := range errs {
		if _, dup := msgs[e.Field]; !dup {
			msgs[e.Field] = e.Advice(def.Question(strings.SplitN(e.Field, ".", 2)[0]))
		}
	}
	var summary []fieldError
	var questions []questionView
	blank := len(errs) == 0 // no answers and no errors: the common first visit
	key := pageKey{v.Survey.ID, pg.ID, 0}
	for i := range pg.Questions {
		q := def.Question(pg.Questions[i].ID)
		onPage[q.ID] = true
		if !def.Visible(resp, q) {
			continue
		}
		key.visible |= 1 << uint(i)
		if def.Answered(resp, q) {
			blank = false
		}
		qv := questionView{ID: q.ID, Type: string(q.Type), Title: q.Title, Hint: q.Hint, MaxLen: q.MaxLen(), Limit: survey.Thousands(q.MaxLen())}
		if m, ok := msgs[q.ID]; ok {
			qv.Error = m
			summary = append(summary, fieldError{"#" + q.ID, qv.Error})
		}
		switch q.Type {
		case survey.Text:
			qv.Text = resp.Texts[q.Slot()]
		case survey.Likert:
			for i, it := range q.Items {
				name := q.ID + "." + it.ID
				iv := itemView{ID: name, Name: name, Label: it.Label}
				if m, ok := msgs[name]; ok {
					iv.Error = m
					summary = append(summary, fieldError{"#" + name, it.Label + ": " + iv.Error})
				}
				for k, o := range q.Options {
					iv.Options = append(iv.Options, optionView{ID: inputID(name, k), Name: name, Code: o.Code, Label: o.Label, Kind: "radios",
						Checked: resp.Slots[q.Slot()+i] == uint64(k+1)})
				}
				qv.Items = append(qv.Items, iv)
			}
		default:
			kind := "radios"
			if q.Type == survey.Multiple {
				kind = "checkboxes"
			}
			for k, o := range q.Options {
				qv.Options = append(qv.Options, optionView{ID: inputID(q.ID, k), Name: q.ID, Code: o.Code, Label: o.Label, Kind: kind,
					Checked: survey.Has(resp, q, k), Exclusive: o.Exclusive, DividerBefore: o.Exclusive && k > 0})
			}
		}
		questions = append(questions, qv)
	}
	var err error
	if v.Questions, err = s.questionsHTML(key, blank, questions); err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Hidden = hidden(def, resp, onPage)
	// "Page 2 of about 5" while answers still to come can route past
	// pages; the count follows the route, never the whole definition.
	n, lo, hi := def.Progress(resp, pg)
	v.PageNumber, v.PageCount, v.PageAbout = n, hi, lo != hi
	title := pg.Title + " – " + v.Survey.Title
	status := http.StatusOK
	if len(summary) > 0 {
		title = "Error: " + title
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "survey_page", page{Title: title, Data: v, Errors: summary})
}

// pageKey names a page of a survey version as first shown: which of its
// questions routing shows (a bit each), nothing answered, no errors.
type pageKey struct {
	survey  int64
	page    string
	visible uint64
}

// questionsHTML renders a page's questions. A page seen for the first time
// looks the same for everyone, so that rendering is kept and reused: most
// page views are first visits, and rendering the questions was most of a
// page's cost.
func (s *Server) questionsHTML(key pageKey, blank bool, qs []questionView) (template.HTML, error) {
	if blank {
		if h, ok := s.blankPages.Load(key); ok {
			return h.(template.HTML), nil
		}
	}
	var buf bytes.Buffer
	if err := s.pages["survey_page"].ExecuteTemplate(&buf, "_questions", qs); err != nil {
		return "", err
	}
	h := template.HTML(buf.String()) // produced by html/template
	if blank {
		s.blankPages.Store(key, h)
	}
	return h, nil
}

func inputID(name string, k int) string {
	if k == 0 {
		return name
	}
	return name + "-" + strconv.Itoa(k+1)
}

func (s *Server) surveyCheck(w http.ResponseWriter, r *http.Request, v *surveyView, resp *survey.Response, errs []survey.FieldError) {
	def := v.Survey.Def
	v.Step = "check"
	for pi := range def.Pages {
		pg := &def.Pages[pi]
		for qi := range pg.Questions {
			q := def.Question(pg.Questions[qi].ID)
			if !def.Visible(resp, q) {
				continue
			}
			switch q.Type {
			case survey.Text:
				v.Rows = append(v.Rows, checkRow{Key: q.Title, Page: pg.ID, Change: q.Title, Values: nonEmpty(resp.Texts[q.Slot()])})
			case survey.Likert:
				// One row for the question, a line for each item: an item's
				// label alone ("Budget") means nothing without the question.
				row := checkRow{Key: q.Title, Page: pg.ID, Change: q.Title}
				if def.Answered(resp, q) {
					for i, it := range q.Items {
						a := ""
						if l := labels(q, def.Codes(resp, q.Slot()+i)); len(l) > 0 {
							a = l[0]
						}
						row.Items = append(row.Items, checkItem{it.Label, a})
					}
				}
				v.Rows = append(v.Rows, row)
			default:
				v.Rows = append(v.Rows, checkRow{Key: q.Title, Page: pg.ID, Change: q.Title, Values: labels(q, def.Codes(resp, q.Slot()))})
			}
		}
	}
	v.Hidden = hidden(def, resp, nil)
	var summary []fieldError
	for _, e := range errs {
		summary = append(summary, fieldError{"#submit", e.Advice(def.Question(strings.SplitN(e.Field, ".", 2)[0]))})
	}
	s.render(w, r, http.StatusOK, "survey_check", page{Title: "Check your answers – " + v.Survey.Title, Data: v, Errors: summary})
}

func nonEmpty(t string) []string {
	if t == "" {
		return nil
	}
	return strings.Split(t, "\n")
}

func labels(q *survey.Question, codes []string) []string {
	var out []string
	for _, c := range codes {
		out = append(out, q.Options[q.OptionIndex(c)].Label)
	}
	return out
}

func (s *Server) surveyDone(w http.ResponseWriter, r *http.Request) {
	sv, err := s.survey(r, r.PathValue("slug"), false)
	if err != nil {
		s.error(w, r, http.StatusNotFound, "")
		return
	}
	s.render(w, r, http.StatusOK, "survey_done", page{Title: "Thank you – " + sv.Title, Data: &contactView{Survey: sv}})
}

type contactView struct {
	Survey                    *store.Survey
	Name, Email, Organisation string
	NameErr, EmailErr, OrgErr string
	Saved                     bool
}

// surveyContact takes optional contact details. The form carries nothing
// from the survey answers, and the details are only held in memory here:
// they reach the database sealed, with others, minutes later, and in the
// clear only after the day ends (see store.ContactPool), so neither the
// files' contents nor their order pair them with the answers.
func (s *Server) surveyContact(w http.ResponseWriter, r *http.Request) {
	sv := s.namedSurvey(w, r)
	if sv == nil {
		return
	}
	if !sv.Def.Contact {
		s.error(w, r, http.StatusNotFound, "")
		return
	}
	if err := r.ParseForm(); err != nil {
		s.error(w, r, http.StatusBadRequest, "The form could not be read.")
		return
	}
	f := r.PostForm
	c := &contactView{Survey: sv, Name: strings.TrimSpace(f.Get("name")), Email: strings.TrimSpace(f.Get("email")),
		Organisation: strings.TrimSpace(f.Get("organisation"))}
	var summary []fieldError
	if c.Name == "" && c.Email == "" {
		c.EmailErr = "Enter your name, your email address or both, so that we can contact you"
		summary = append(summary, fieldError{"#email", c.EmailErr})
	}
	if c.Email != "" {
		if _, err := auth.NormaliseEmail(c.Email); err != nil {
			c.EmailErr = "Enter an email address in the correct format, like name@example.nhs.uk"
			summary = append(summary, fieldError{"#email", c.EmailErr})
		}
	}
	for _, fld := range []struct {
		val  string
		err  *string
		id   string
		what string
	}{{c.Name, &c.NameErr, "name", "Name"}, {c.Organisation, &c.OrgErr, "organisation", "Organisation"}} {
		if len([]rune(fld.val)) > 200 {
			*fld.err = fld.what + " must be 200 characters or fewer"
			summary = append(summary, fieldError{"#" + fld.id, *fld.err})
		}
	}
	if len(summary) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "survey_done", page{Title: "Error: Thank you – " + sv.Title, Data: c, Errors: summary})
		return
	}
	if err := s.contacts.Add(store.Contact{SurveySlug: sv.Slug, Name: c.Name, Email: c.Email, Organisation: c.Organisation}); err != nil {
		s.serverError(w, r, err)
		return
	}
	if s.contacts.Held() >= maxHeldContacts {
		// A flood of forms must not grow memory without bound. The spill
		// is sealed and padded like any other.
		if err := s.contacts.Spill(r.Context()); err != nil {
			s.log.Error("spill contacts", "err", err)
		}
	}
	// Post/Redirect/Get: Back or reload on the next page sends nothing
	// again. The address says only that some details were saved.
	http.Redirect(w, r, "/s/"+sv.Slug+"/contact/saved", http.StatusSeeOther)
}

// surveyContactSaved confirms contact details were saved. It holds
// nothing of them, or of any response.
func (s *Server) surveyContactSaved(w http.ResponseWriter, r *http.Request) {
	sv, err := s.survey(r, r.PathValue("slug"), false)
	if err != nil {
		s.error(w, r, http.StatusNotFound, "")
		return
	}
	if !sv.Def.Contact {
		s.error(w, r, http.StatusNotFound, "")
		return
	}
	s.render(w, r, http.StatusOK, "survey_done", page{Title: "Contact details saved – " + sv.Title, Data: &contactView{Survey: sv, Saved: true}})
}
