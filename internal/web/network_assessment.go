package web

// The self-assessment: one page per CRAFT area and a check page. Answers
// from other pages travel in hidden fields, so nothing is stored until
// the respondent submits, and nothing needs JavaScript. Then the results.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"staffnet/internal/chart"
	"staffnet/internal/network"
)

const (
	pageIntro = "intro"
	pageCheck = "check"
)

// assessForm is what every page of the assessment carries: the page it is
// and the answers given on the others.
type assessForm struct {
	netPage
	Page   string
	Hidden []hiddenField
}

type assessStartView struct {
	assessForm
	Title, Description string
	Areas              []areaRow
	Assessments        int
	Latest             string
	AsSponsor          bool
	Evidence           []evidenceLine // from the consultations log and panels (assess_evidence.go)
}

type areaRow struct {
	Title, Description string
	Questions          int
}

func respondent(q *netReq) (string, network.RespondentRole) {
	if q.Acc.AnswersAsSponsor() {
		return q.User.Email, network.RespondentSponsor
	}
	return q.User.Email, network.RespondentLead
}

func (s *Server) netAssessStart(w http.ResponseWriter, r *http.Request, q *netReq) {
	kit := s.kit
	history, err := s.db.Assessments(r.Context(), q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &assessStartView{assessForm: assessForm{netPage: q.pageFor(r, "assessment"), Page: pageIntro},
		Title: kit.q.Title, Description: kit.q.Description, Assessments: len(history)}
	for _, a := range kit.q.Areas {
		n := 0
		for _, qu := range kit.q.Questions {
			if qu.Area == a.ID {
				n++
			}
		}
		v.Areas = append(v.Areas, areaRow{Title: a.Letter + " – " + a.Title, Description: a.Description, Questions: n})
	}
	if v.Evidence, err = s.assessEvidence(r.Context(), q.Net.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	label, role := respondent(q)
	v.AsSponsor = role == network.RespondentSponsor
	if len(history) > 0 {
		last := history[len(history)-1]
		v.Latest = network.FormatDate(last.Date)
		// Start from this respondent's latest answers, if any.
		for _, resp := range last.Responses {
			if resp.Respondent == label {
				v.Hidden = append(v.Hidden, answerHidden(kit, &resp, "")...)
			}
		}
	}
	s.renderForm(w, r, "network_assess", "Self-assessment – "+q.Net.Name, v, nil)
}

// answerHidden carries the answers to every question outside area (all of
// them when area is "") as hidden fields.
func answerHidden(kit *networkKit, resp *network.Response, area string) []hiddenField {
	var out []hiddenField
	for _, qu := range kit.q.Questions {
		if qu.Area == area {
			continue
		}
		a, ok := resp.Answers[qu.ID]
		if !ok {
			continue
		}
		out = append(out, hiddenField{qu.ID, a.Value}, hiddenField{qu.ID + "-evidence", a.Evidence}, hiddenField{qu.ID + "-note", a.Note})
	}
	return out
}

func (s *Server) netAssessStep(w http.ResponseWriter, r *http.Request, q *netReq) {
	kit := s.kit
	resp := kit.q.ReadResponse(network.Form(r.PostForm))
	resp.Respondent, resp.Role = respondent(q)
	pages := []string{pageIntro}
	for _, a := range kit.q.Areas {
		pages = append(pages, a.ID)
	}
	pages = append(pages, pageCheck)
	at := max(0, slices.Index(pages, r.PostFormValue("_page")))
	if g := r.PostFormValue("_goto"); g != "" && slices.Contains(pages, g) {
		s.assessPage(w, r, q, resp, g, nil)
		return
	}
	switch r.PostFormValue("_action") {
	case "back":
		s.assessPage(w, r, q, resp, pages[max(1, at-1)], nil)
		return
	case "submit":
		if errs := kit.q.ValidateResponse(resp, true); len(errs) > 0 {
			s.assessPage(w, r, q, resp, kit.q.FirstAreaWithError(errs), errs)
			return
		}
		s.afterSave(w, r, s.saveResponse(r.Context(), q.Net.ID, resp), q.Base+"/assessment/results?saved=assessment")
		return
	}
	// Continue: check this page's questions, all of which need an answer.
	if page := pages[at]; page != pageIntro && page != pageCheck {
		if errs := kit.q.ValidateArea(resp, page); len(errs) > 0 {
			s.assessPage(w, r, q, resp, page, errs)
			return
		}
	}
	s.assessPage(w, r, q, resp, pages[min(at+1, len(pages)-1)], nil)
}

// saveResponse adds the answers to the current round (see
// network.CurrentRound), or starts a new one. Answering again replaces
// one's own answers.
func (s *Server) saveResponse(ctx context.Context, networkID int64, resp *network.Response) error {
	history, err := s.db.Assessments(ctx, networkID)
	if err != nil {
		return err
	}
	day := netToday()
	if round := network.CurrentRound(history, resp.Role, day); round != nil {
		return s.db.SaveAssessmentResponse(ctx, round.ID, *resp)
	}
	a := &network.Assessment{NetworkID: networkID, Version: s.kit.q.Version, Date: day, Responses: []network.Response{*resp}}
	return s.db.AddAssessment(ctx, a)
}

// assessAreaView is network_assess_area.html, one CRAFT area's questions.
type assessAreaView struct {
	assessForm
	Number, Of int
	Area       *network.Area
	Questions  []questionRow
}

type questionRow struct {
	ID, Text, Hint   string
	Options          []Option
	Evidence, Note   string
	EvidenceExamples string // the kinds of evidence the question expects
}

// assessCheckView is network_assess_check.html, every answer before
// submitting.
type assessCheckView struct {
	assessForm
	Areas []checkArea
}

type checkArea struct {
	ID, Letter, Title string
	Rows              []checkAnswer
}

type checkAnswer struct{ Question, Answer, Evidence string }

func (s *Server) assessPage(w http.ResponseWriter, r *http.Request, q *netReq, resp *network.Response, page string, errs network.FieldErrors) {
	kit := s.kit
	f := assessForm{netPage: q.pageFor(r, "assessment"), Page: page, Hidden: answerHidden(kit, resp, page)}
	f.Saved = ""
	if page == pageCheck {
		v := &assessCheckView{assessForm: f}
		for _, a := range kit.q.Areas {
			ca := checkArea{ID: a.ID, Letter: a.Letter, Title: a.Title}
			for _, qu := range kit.q.Questions {
				if qu.Area != a.ID {
					continue
				}
				ans := resp.Answers[qu.ID]
				label := "Not answered"
				if o, ok := qu.Option(ans.Value); ok {
					label = o.Label
				}
				ca.Rows = append(ca.Rows, checkAnswer{qu.Text, label, orText(ans.Evidence, "None given")})
			}
			v.Areas = append(v.Areas, ca)
		}
		s.renderForm(w, r, "network_assess_check", "Check your answers – self-assessment", v, errs)
		return
	}
	area, ok := kit.q.Area(page)
	if !ok {
		s.error(w, r, http.StatusNotFound, "")
		return
	}
	evidenceTitle := map[string]string{}
	for _, e := range kit.q.EvidenceKinds {
		evidenceTitle[e.ID] = e.Title
	}
	v := &assessAreaView{assessForm: f, Area: area, Of: len(kit.q.Areas),
		Number: slices.IndexFunc(kit.q.Areas, func(a network.Area) bool { return a.ID == page }) + 1}
	for _, qu := range kit.q.Questions {
		if qu.Area != page {
			continue
		}
		ans := resp.Answers[qu.ID]
		row := questionRow{ID: qu.ID, Text: qu.Text, Hint: qu.Hint, Evidence: ans.Evidence, Note: ans.Note}
		for _, o := range qu.Options {
			row.Options = append(row.Options, Option{Value: o.Value, Label: o.Label, Checked: o.Value == ans.Value})
		}
		var kinds []string
		for _, e := range qu.Evidence {
			kinds = append(kinds, strings.ToLower(evidenceTitle[e]))
		}
		row.EvidenceExamples = strings.Join(kinds, ", ")
		v.Questions = append(v.Questions, row)
	}
	s.renderForm(w, r, "network_assess_area", area.Title+" – self-assessment", v, errs)
}

// grid is a table whose columns are known only when the page is built
// (the partial "grid").
type grid struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// fmtScore is an area's mean score and maturity level, for people.
func fmtScore(a network.AreaScore) (string, string) {
	if !a.Scored() {
		return "Not scored", "–"
	}
	return fmt.Sprintf("%.2f", a.Mean), fmt.Sprintf("%d – %s", a.Level, a.LevelName)
}

// peers scores the latest assessment of every other network of the type.
func (s *Server) peers(ctx context.Context, t network.Type) ([]network.Peer, error) {
	list, err := s.db.LatestAssessments(ctx, t)
	if err != nil {
		return nil, err
	}
	out := make([]network.Peer, 0, len(list))
	for _, p := range list {
		out = append(out, network.Peer{NetworkID: p.NetworkID, Type: p.Type, Region: p.Region, Result: s.kit.q.Score(&p.Assessment)})
	}
	return out, nil
}

// resultsView is network_results.html.
type resultsView struct {
	netPage
	Assessed        bool
	Date            string
	Leads           int
	SponsorAnswered bool
	MaxScore        int
	Scores          []scoreRow
	Chart           *chart.Chart
	Scale           []network.Maturity
	Differences     []grid // by area and by question, where views differ
	Agree           bool   // several answered and their views hardly differ
	Trend           *grid
	MedianNote      string // whose median the chart and table show
	CompareNote     string // why there is no comparison
	Evidence        []evidenceRow
}

type scoreRow struct{ Area, Score, Level, Last, Median, Answered string }

type evidenceRow struct{ Question, Who, Answer, Evidence string }

func (s *Server) netResults(w http.ResponseWriter, r *http.Request, q *netReq) {
	kit := s.kit
	ctx := r.Context()
	history, err := s.db.Assessments(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &resultsView{netPage: q.pageFor(r, "assessment"), MaxScore: kit.q.MaxScore, Scale: kit.q.Maturity}
	title := "Self-assessment results – " + q.Net.Name
	if len(history) == 0 {
		s.render(w, r, http.StatusOK, "network_results", page{Title: title, Data: v})
		return
	}
	v.Assessed = true
	latest := &history[len(history)-1]
	res := kit.q.Score(latest)
	v.Date = network.FormatDate(latest.Date)
	for _, rr := range latest.Responses {
		if rr.Role == network.RespondentSponsor {
			v.SponsorAnswered = true
		} else {
			v.Leads++
		}
	}
	v.Differences, v.Agree = differences(kit, latest)
	v.Trend = trend(kit, history)

	peers, err := s.peers(ctx, q.Net.Type)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cmp, why := kit.q.Compare(res, peers, network.PeerFilter{NetworkID: q.Net.ID, Type: q.Net.Type})
	var prev *network.Result
	prevDate := ""
	if len(history) > 1 {
		p := kit.q.Score(&history[len(history)-2])
		prev, prevDate = &p, network.FormatDate(history[len(history)-2].Date)
	}
	v.Chart = resultsChart(kit.q, &res, prev, prevDate, cmp)
	for i, bar := range v.Chart.Bars {
		a := res.Areas[i]
		sc, lv := fmtScore(a)
		v.Scores = append(v.Scores, scoreRow{a.Title, sc, lv, score(bar.Second), score(bar.Mark), fmt.Sprintf("%d of %d", a.Answered, a.Questions)})
	}
	sc, lv := fmtScore(res.Overall)
	overall := scoreRow{Area: "Overall", Score: sc, Level: lv, Last: "–", Median: "–"}
	if prev != nil && prev.Overall.Scored() {
		overall.Last = fmt.Sprintf("%.2f", prev.Overall.Mean)
	}
	if cmp != nil && !cmp.Overall.Suppressed {
		overall.Median = fmt.Sprintf("%.2f", cmp.Overall.Median)
	}
	v.Scores = append(v.Scores, overall)
	if cmp == nil {
		v.CompareNote = why
	} else {
		v.MedianNote = fmt.Sprintf("The median is of %d other %s networks' latest self-assessments; none is named. A dash means fewer than %d of them scored the area.", cmp.Peers, q.Net.Type.Label(), network.MinPeers)
	}
	for _, qu := range kit.q.Questions {
		for _, rr := range latest.Responses {
			a, ok := rr.Answers[qu.ID]
			if !ok {
				continue
			}
			label := a.Value
			if o, ok := qu.Option(a.Value); ok {
				label = o.Label
			}
			who := rr.Respondent
			if rr.Role == network.RespondentSponsor {
				who += " (sponsor)"
			}
			v.Evidence = append(v.Evidence, evidenceRow{qu.Text, who, label, orText(a.Evidence, "None given")})
		}
	}
	s.render(w, r, http.StatusOK, "network_results", page{Title: title, Data: v})
}

// differences tabulates where the respondents' views differ, by area
// (maturity level) and by question (score); agree is true when several
// answered and nothing differs by much.
func differences(kit *networkKit, latest *network.Assessment) (out []grid, agree bool) {
	d := kit.q.Differences(latest)
	if !d.Any() {
		return nil, len(latest.Responses) > 1
	}
	var labels []string
	for _, rr := range latest.Responses {
		labels = append(labels, rr.Respondent)
	}
	if len(d.Areas) > 0 {
		t := grid{Caption: "Areas where views differ (maturity level)", Head: append([]string{"Area"}, labels...)}
		for _, a := range d.Areas {
			row := []string{a.Title}
			for _, l := range labels {
				row = append(row, strconv.Itoa(a.Levels[l]))
			}
			t.Rows = append(t.Rows, row)
		}
		out = append(out, t)
	}
	if len(d.Questions) > 0 {
		t := grid{Caption: "Questions where views differ (score)", Head: append([]string{"Question"}, labels...)}
		for _, qd := range d.Questions {
			row := []string{qd.Text}
			for _, l := range labels {
				if v, ok := qd.Scores[l]; ok {
					row = append(row, strconv.Itoa(v))
				} else {
					row = append(row, "–")
				}
			}
			t.Rows = append(t.Rows, row)
		}
		out = append(out, t)
	}
	return out, false
}

// trend tabulates each area's mean score over past assessments, nil when
// there is only one.
func trend(kit *networkKit, history []network.Assessment) *grid {
	if len(history) < 2 {
		return nil
	}
	head := []string{"Area"}
	for _, a := range history {
		head = append(head, network.FormatDate(a.Date))
	}
	head = append(head, "Change since last", "Change since first")
	t := &grid{Caption: "Trend over past assessments (mean score)", Head: head}
	for _, at := range kit.q.Trend(history) {
		row := []string{at.Title}
		if at.Area == "overall" {
			row[0] = "Overall"
		}
		for _, a := range history {
			v := "–"
			for _, pt := range at.Points {
				if pt.Date.Equal(a.Date) {
					v = fmt.Sprintf("%.2f", pt.Mean)
				}
			}
			row = append(row, v)
		}
		row = append(row, fmt.Sprintf("%+.2f", at.Change), fmt.Sprintf("%+.2f", at.SinceFirst))
		t.Rows = append(t.Rows, row)
	}
	return t
}

// score writes a mean score to 2 decimals; nil is "–".
func score(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.2f", *v)
}
