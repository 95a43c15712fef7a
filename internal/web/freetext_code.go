package web

import (
	"fmt"
	"net/http"
	"strconv"

	"staffnet/internal/freetext"
	"staffnet/internal/report"
	"staffnet/internal/store"
	"staffnet/internal/survey"
)

type codingView struct {
	Survey   *store.Survey
	Question *survey.Question
	N, Total int // this comment's place, 1-based, and how many there are
	Coded    int // how many this coder has coded
	Comment  comment
	Themes   []themeRow
	Agreed   bool // coding the agreed themes, after a disagreement
	Message  string
}

// textCode shows comment n of a free-text question with the codebook's
// themes as checkboxes, ticked as this coder (or, with as=agreed, the
// agreed coding) left them. One comment a page, "Save and next" first in
// the tab order after the themes, so coding is Tab, Space, Enter.
func (s *Server) textCode(w http.ResponseWriter, r *http.Request) {
	t := s.loadText(w, r)
	if t == nil {
		return
	}
	sv, q, cs := t.sv, t.q, t.comments
	v := &codingView{Survey: sv, Question: q, Total: len(cs), Agreed: r.FormValue("as") == "agreed"}
	if len(cs) < report.DefaultThreshold {
		// As on the comments page: fewer comments than the threshold are
		// not shown even to analysts.
		v.Message = fmt.Sprintf("Fewer than %d people answered this question, so their comments are not shown.", report.DefaultThreshold)
		s.render(w, r, http.StatusOK, "text_code", page{Title: "Code comments – " + sv.Title, Data: v})
		return
	}
	v.N, _ = strconv.Atoi(r.FormValue("n"))
	v.N = max(1, min(v.N, len(cs)))
	v.Comment = cs[v.N-1]
	coder := codingAs(r, v.Agreed)
	codings, err := s.db.Codings(r.Context(), sv.Slug, q.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var mine []string
	for _, c := range codings {
		if c.Coder == coder {
			v.Coded++
			if c.ResponseID == v.Comment.ID {
				mine = c.Themes
			}
		}
	}
	v.Themes = themeRows(t.themes, q.ID, mine)
	s.render(w, r, http.StatusOK, "text_code", page{Title: fmt.Sprintf("Comment %d of %d – %s", v.N, v.Total, q.Title), Data: v})
}

// codingAs is the coder a request codes as: the signed-in account, or 0
// for the agreed coding.
func codingAs(r *http.Request, agreed bool) int64 {
	if agreed {
		return 0
	}
	return sessionFrom(r.Context()).User.ID
}

// textCodeSave stores the ticked themes for the comment the form names
// and moves on to the next. Theme codes not in the codebook and response
// ids without a comment are refused: a form cannot code what it was not
// shown.
func (s *Server) textCodeSave(w http.ResponseWriter, r *http.Request) {
	t := s.loadText(w, r)
	if t == nil {
		return
	}
	sv, q, cs := t.sv, t.q, t.comments
	id := r.PostFormValue("response")
	known := t.has(id)
	valid := map[string]bool{}
	for _, th := range t.themes {
		valid[th.Code] = valid[th.Code] || th.Question == q.ID
	}
	picked := r.PostForm["theme"]
	for _, p := range picked {
		known = known && valid[p]
	}
	if !known || len(cs) < report.DefaultThreshold {
		s.error(w, r, http.StatusBadRequest, "That comment or theme is not part of this question's coding. Go back and try again.")
		return
	}
	agreed := r.PostFormValue("as") == "agreed"
	if err := s.db.SaveCoding(r.Context(), sv.Slug, freetext.Coding{ResponseID: id, Question: q.ID, Coder: codingAs(r, agreed), Themes: picked}); err != nil {
		s.serverError(w, r, err)
		return
	}
	n, _ := strconv.Atoi(r.PostFormValue("n"))
	next := fmt.Sprintf("/admin/surveys/%s/text/%s/code?n=%d", sv.Slug, q.ID, n+1)
	if agreed {
		next = fmt.Sprintf("/admin/surveys/%s/text/%s/agreement", sv.Slug, q.ID)
	} else if n >= len(cs) {
		next = fmt.Sprintf("/admin/surveys/%s/text", sv.Slug)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

type agreementView struct {
	Survey        *store.Survey
	Question      *survey.Question
	Coders        []int64
	A, B          int64
	Rows          []freetext.Agreement
	Disagreements []disagreementRow
	Names         map[string]string // theme code → name
}

type disagreementRow struct {
	freetext.Disagreement
	N    int // the comment's place on the coding page
	Text string
}

// textAgreement compares two coders (a and b, the first two by default)
// theme by theme and lists the comments they coded differently, each
// with a link to code it as agreed.
func (s *Server) textAgreement(w http.ResponseWriter, r *http.Request) {
	tr := s.loadText(w, r)
	if tr == nil {
		return
	}
	sv, q, cs, themes := tr.sv, tr.q, tr.comments, tr.themes
	codings, err := s.db.Codings(r.Context(), sv.Slug, q.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	by := byCoder(codings)
	v := &agreementView{Survey: sv, Question: q, Coders: sortedCoders(by), Names: map[string]string{}}
	if len(v.Coders) >= 2 {
		v.A, v.B = v.Coders[0], v.Coders[1]
	}
	if a, err := strconv.ParseInt(r.FormValue("a"), 10, 64); err == nil && by[a] != nil {
		v.A = a
	}
	if b, err := strconv.ParseInt(r.FormValue("b"), 10, 64); err == nil && by[b] != nil {
		v.B = b
	}
	if v.A != 0 && v.B != 0 && v.A != v.B && len(cs) >= report.DefaultThreshold {
		for _, t := range themes {
			if t.Question == q.ID {
				v.Rows = append(v.Rows, freetext.Kappa(t.Code, by[v.A], by[v.B]))
				v.Names[t.Code] = t.Name
			}
		}
		place := map[string]int{}
		for i, c := range cs {
			place[c.ID] = i
		}
		for _, d := range freetext.Disagreements(by[v.A], by[v.B]) {
			if i, ok := place[d.ResponseID]; ok {
				v.Disagreements = append(v.Disagreements, disagreementRow{Disagreement: d, N: i + 1, Text: cs[i].Text})
			}
		}
	}
	s.render(w, r, http.StatusOK, "text_agreement", page{Title: "Agreement – " + q.Title, Data: v})
}
