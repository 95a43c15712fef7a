package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"staffnet/internal/auth"
	"staffnet/internal/freetext"
	"staffnet/internal/freetext/codebookcsv"
	"staffnet/internal/report"
	"staffnet/internal/rows"
	"staffnet/internal/store"
	"staffnet/internal/survey"
)

// Reading free text: the codebook, coding one comment at a time, the
// agreement between two coders and the quote bank. Every route here is
// for accounts whose role's TextRights allow it (auth.TextRights).

// comment is one non-empty answer to a free-text question.
type comment struct {
	ID, Text string
}

// corpus is a survey's comments on one free-text question, by response
// id: random, so the order says nothing about when anyone answered.
func (s *Server) corpus(r *http.Request, sv *store.Survey, q *survey.Question) ([]comment, error) {
	var out []comment
	err := s.db.EachResponse(r.Context(), sv, func(resp *survey.Response) error {
		if t := resp.Texts[q.Slot()]; t != "" {
			out = append(out, comment{ID: resp.ID, Text: t})
		}
		return nil
	})
	return out, err
}

// textReq is what every route of one free-text question starts from:
// the survey, the question, its comments and the survey's codebook.
type textReq struct {
	sv       *store.Survey
	q        *survey.Question
	comments []comment
	themes   []freetext.Theme
}

// loadText reads the textReq a route names, or answers the request (404
// for a question that is not free text) and returns nil.
func (s *Server) loadText(w http.ResponseWriter, r *http.Request) *textReq {
	sv := s.namedSurvey(w, r)
	if sv == nil {
		return nil
	}
	t := &textReq{sv: sv, q: sv.Def.Question(r.PathValue("question"))}
	if t.q == nil || t.q.Type != survey.Text {
		s.error(w, r, http.StatusNotFound, "")
		return nil
	}
	var err error
	if t.comments, err = s.corpus(r, sv, t.q); err == nil {
		t.themes, err = s.db.Codebook(r.Context(), sv.Slug)
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil
	}
	return t
}

// has reports whether response id answered the question.
func (t *textReq) has(id string) bool {
	return slices.ContainsFunc(t.comments, func(c comment) bool { return c.ID == id })
}

// themeRow is a theme as the pages show it.
type themeRow struct {
	freetext.Theme
	Sub     bool   // a sub-theme, shown indented
	Key     string // its access key on the coding page, "" for none
	Checked bool
}

func themeRows(themes []freetext.Theme, question string, checked []string) []themeRow {
	var out []themeRow
	for _, t := range themes {
		if t.Question != question {
			continue
		}
		row := themeRow{Theme: t, Sub: t.Parent != ""}
		if n := len(out) + 1; n <= 9 {
			row.Key = strconv.Itoa(n)
		}
		for _, c := range checked {
			row.Checked = row.Checked || c == t.Code
		}
		out = append(out, row)
	}
	return out
}

type codebookView struct {
	Survey    *store.Survey
	Questions []codebookQuestion
	CanSeed   bool
	CSV       string // what was pasted, after a refused import
	Errs      fieldErrs
}

type codebookQuestion struct {
	Q      *survey.Question
	Themes []themeRow
}

// textCodebook shows a survey's codebook, the links to code each
// free-text question, and the import form.
func (s *Server) textCodebook(w http.ResponseWriter, r *http.Request) {
	if sv := s.namedSurvey(w, r); sv != nil {
		s.codebookPage(w, r, sv, nil, "")
	}
}

// codebookPage shows the codebook and the import form, with the problems
// that refused an import when bad is not nil.
func (s *Server) codebookPage(w http.ResponseWriter, r *http.Request, sv *store.Survey, bad *rows.ImportError, pasted string) {
	themes, err := s.db.Codebook(r.Context(), sv.Slug)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &codebookView{Survey: sv, CanSeed: len(themes) == 0 && freetext.Seed(sv.Slug) != nil, CSV: pasted}
	for _, q := range sv.Def.TextQuestions() {
		v.Questions = append(v.Questions, codebookQuestion{Q: q, Themes: themeRows(themes, q.ID, nil)})
	}
	pg := page{Title: "Free text – " + sv.Title, Data: v}
	status := http.StatusOK
	if bad != nil {
		pg.Title = "Error: " + pg.Title
		for _, e := range bad.Problems {
			pg.Errors = append(pg.Errors, fieldError{Href: "#csv", Text: e.Error()})
		}
		if bad.More > 0 {
			pg.Errors = append(pg.Errors, fieldError{Href: "#csv", Text: fmt.Sprintf("… and %d more", bad.More)})
		}
		v.Errs = fieldErrs{"csv": "Fix the problems listed above and try again"}
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "text_codebook", pg)
}

func isTextOf(def *survey.Definition) func(string) bool {
	return func(id string) bool {
		q := def.Question(id)
		return q != nil && q.Type == survey.Text
	}
}

// maxCodebookBytes bounds an uploaded codebook file.
const maxCodebookBytes = 1 << 20

// textCodebookImport replaces the codebook with an uploaded or pasted
// CSV file, or with the report's themes (seed=1): all or nothing.
func (s *Server) textCodebookImport(w http.ResponseWriter, r *http.Request) {
	sv := s.namedSurvey(w, r)
	if sv == nil {
		return
	}
	var themes []freetext.Theme
	var err error
	pasted := r.PostFormValue("csv")
	switch f, _, ferr := r.FormFile("file"); {
	case r.PostFormValue("seed") == "1":
		themes = freetext.Seed(sv.Slug)
	case ferr == nil:
		defer f.Close()
		// Read one byte more than is taken, so that a longer file is
		// refused rather than read cut short.
		var data []byte
		if data, err = io.ReadAll(io.LimitReader(f, maxCodebookBytes+1)); err == nil {
			if len(data) > maxCodebookBytes {
				err = rows.Problem(1, "", "the file is larger than the %d KiB this page takes: a codebook is a few hundred rows", maxCodebookBytes>>10)
			} else {
				themes, err = codebookcsv.Read(bytes.NewReader(data), isTextOf(sv.Def))
			}
		}
	default:
		themes, err = codebookcsv.Read(strings.NewReader(pasted), isTextOf(sv.Def))
	}
	var bad *rows.ImportError
	if errors.As(err, &bad) {
		s.codebookPage(w, r, sv, bad, pasted)
		return
	}
	if err == nil && len(themes) == 0 {
		s.codebookPage(w, r, sv, rows.Problem(2, "question", "the file has no themes"), pasted)
		return
	}
	if err == nil {
		err = s.db.ReplaceCodebook(r.Context(), sv.Slug, themes)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.audit(r, "codebook replaced", "/admin/surveys/"+sv.Slug+"/text", fmt.Sprintf("%d themes", len(themes)))
	http.Redirect(w, r, "/admin/surveys/"+sv.Slug+"/text", http.StatusSeeOther)
}

// textDownload sends the codebook (what=codebook) or the coded data
// (what=coded) as CSV.
func (s *Server) textDownload(what string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sv := s.namedSurvey(w, r)
		if sv == nil {
			return
		}
		var buf bytes.Buffer
		var err error
		if what == "codebook" {
			var themes []freetext.Theme
			if themes, err = s.db.Codebook(r.Context(), sv.Slug); err == nil {
				err = codebookcsv.Write(&buf, themes)
			}
		} else {
			var cs []freetext.Coding
			if cs, err = s.db.Codings(r.Context(), sv.Slug, ""); err == nil {
				err = codebookcsv.WriteCoded(&buf, finalCodings(cs))
			}
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", downloadTypes["csv"])
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s-%s.csv"`, sv.Slug, what))
		w.Write(buf.Bytes())
	}
}

// finalCodings keeps one coding per comment: the agreed one (coder 0)
// when disagreements were resolved, else the first coder's (lowest id).
// cs is ordered by question, response id and coder, as store.Codings
// returns it.
func finalCodings(cs []freetext.Coding) []freetext.Coding {
	var out []freetext.Coding
	for i, c := range cs {
		if i > 0 && cs[i-1].Question == c.Question && cs[i-1].ResponseID == c.ResponseID {
			continue
		}
		out = append(out, c)
	}
	return out
}

// byCoder splits codings by coder: coder → response id → themes.
func byCoder(cs []freetext.Coding) map[int64]map[string][]string {
	out := map[int64]map[string][]string{}
	for _, c := range cs {
		if out[c.Coder] == nil {
			out[c.Coder] = map[string][]string{}
		}
		out[c.Coder][c.ResponseID] = c.Themes
	}
	return out
}

// findingsDataset is the dataset the findings pages report on: with a
// codebook, the survey's answers plus one multiple-choice question per
// coded free-text question whose answer is each comment's final themes,
// so theme counts pass through the same suppression, filter-complement
// rule and publication audit as every other count. It is built afresh
// each time, since codings change without new responses.
func (s *Server) findingsDataset(r *http.Request, sv *store.Survey) (*report.Dataset, error) {
	themes, err := s.db.Codebook(r.Context(), sv.Slug)
	if err != nil || len(themes) == 0 {
		if err != nil {
			return nil, err
		}
		return s.dataset(r, sv, false)
	}
	ds, _, err := s.themedDataset(r, sv, themes)
	return ds, err
}

// themedDataset also returns the response ids in the dataset's row
// order. Without themes it is the survey's answers alone.
func (s *Server) themedDataset(r *http.Request, sv *store.Survey, themes []freetext.Theme) (*report.Dataset, []string, error) {
	def := sv.Def
	coded := map[string]map[string][]string{} // response → question → themes
	if len(themes) > 0 {
		var err error
		if def, err = freetext.ThemedDefinition(sv.Def, themes); err != nil {
			return nil, nil, err
		}
		cs, err := s.db.Codings(r.Context(), sv.Slug, "")
		if err != nil {
			return nil, nil, err
		}
		for _, c := range finalCodings(cs) {
			if coded[c.ResponseID] == nil {
				coded[c.ResponseID] = map[string][]string{}
			}
			coded[c.ResponseID][c.Question] = c.Themes
		}
	}
	ds := report.NewDataset(def)
	var ids []string
	dst := def.NewResponse()
	err := s.db.EachResponse(r.Context(), sv, func(resp *survey.Response) error {
		freetext.Themed(def, resp, coded[resp.ID], dst)
		ids = append(ids, resp.ID)
		return ds.Append(dst)
	})
	return ds, ids, err
}

// sortedCoders lists the coders of a question, the agreed coding (0)
// last.
func sortedCoders(m map[int64]map[string][]string) []int64 {
	var out []int64
	for c := range m {
		if c != 0 {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// textRight lets a request through only if the account's role has the
// free-text right asked for (auth.TextRights).
func (s *Server) textRight(right func(auth.TextRights) bool, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !right(sessionFrom(r.Context()).User.Role.Text()) {
			s.error(w, r, http.StatusForbidden, "Your account cannot open this page.")
			return
		}
		h(w, r)
	}
}
