package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"staffnet/internal/jsonout"
	"staffnet/internal/report"
	reportrender "staffnet/internal/report/render"
	"staffnet/internal/responses"
	"staffnet/internal/store"
	"staffnet/internal/survey"
)

// datasets caches each survey version's loaded answers, keyed by response
// count: responses are only ever added, so an unchanged count means an
// unchanged dataset. Any server can rebuild it from the database.
type datasets struct {
	mu sync.Mutex
	m  map[datasetKey]*cached
	// load is responses.Dataset; tests replace it to hold a load open.
	load func(ctx context.Context, db *store.DB, s *store.Survey, texts bool, keep func(*survey.Response) bool) (*report.Dataset, error)
}

// datasetKey names a cached dataset: free text is loaded only for the
// analysts' comment pages.
type datasetKey struct {
	survey int64
	texts  bool
}

type cached struct {
	n    int
	done chan struct{} // closed once ds and err are set
	ds   *report.Dataset
	err  error
}

// datasetTimeout bounds one load of a dataset. A million responses load
// in a few seconds; a load still running after this is stuck.
const datasetTimeout = 5 * time.Minute

// dataset returns the survey's answers, loading them once for every
// request that wants them at the same time. The load belongs to no single
// request: it runs on a context detached from the one that started it,
// so a person who closes the tab does not fail everyone waiting with
// them. A request that goes away stops waiting; the load goes on. A
// failed load is not kept: the next request tries again.
func (s *Server) dataset(r *http.Request, sv *store.Survey, texts bool) (*report.Dataset, error) {
	key := datasetKey{sv.ID, texts}
	n, err := s.db.CountResponses(r.Context(), sv.ID)
	if err != nil {
		return nil, err
	}
	s.cache.mu.Lock()
	if s.cache.m == nil {
		s.cache.m = map[datasetKey]*cached{}
	}
	c := s.cache.m[key]
	if c == nil || c.n != n {
		c = &cached{n: n, done: make(chan struct{})}
		s.cache.m[key] = c
		load := s.cache.load
		if load == nil {
			load = responses.Dataset
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), datasetTimeout)
		go func() {
			defer cancel()
			ds, err := load(ctx, s.db, sv, texts, nil)
			s.cache.mu.Lock()
			c.ds, c.err = ds, err
			if err != nil && s.cache.m[key] == c {
				delete(s.cache.m, key)
			}
			s.cache.mu.Unlock()
			close(c.done)
		}()
	}
	s.cache.mu.Unlock()
	select {
	case <-c.done:
		return c.ds, c.err
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
}

type filterQuestion struct {
	ID, Title string
	Options   []filterOption
}

type filterOption struct {
	ID, Code, Label string
	Checked         bool
}

type findingsView struct {
	Survey    *store.Survey
	Questions []filterQuestion
	By        string
	ByOptions []filterOption
	Query     template.URL // the view's query string, already encoded
	Filters   []string
	Showing   string // the view in words
	Summary   template.HTML
	Figures   template.HTML
	// Commentary is a published view's, rendered.
	Commentary template.HTML
	Texts      []*survey.Question
	Published  *store.Published
	Raw        bool
	// The publish form: the title to offer, and why the last attempt was
	// refused.
	PublishTitle, PublishError         string
	PublishCommentary, CommentaryError string
	// PublishBlocked says why this view could not be published, if the
	// filter-complement rule already says so.
	PublishBlocked string
	// PublishBurst warns that most of the view's group answered on one
	// unusually busy day: made-up responses could be lifting a small
	// group over the threshold.
	PublishBurst string
}

// findingsOptions reads filters (f.QUESTION=CODE, repeatable) and the
// breakdown (by) from a query string.
func findingsOptions(def *survey.Definition, q url.Values) (report.Options, error) {
	var opt report.Options
	keys := make([]string, 0)
	for k := range q {
		if strings.HasPrefix(k, "f.") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		var codes []string
		for _, c := range q[k] {
			if c != "" {
				codes = append(codes, c)
			}
		}
		if len(codes) == 0 {
			continue
		}
		f, err := report.ParseFilter(strings.TrimPrefix(k, "f.") + "=" + strings.Join(codes, ","))
		if err != nil {
			return opt, err
		}
		opt.Filters = append(opt.Filters, f)
	}
	opt.By = q.Get("by")
	return opt, nil
}

// canonicalQuery keeps only the parameters that define a view.
func canonicalQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		if strings.HasPrefix(k, "f.") || k == "by" {
			out[k] = v
		}
	}
	return out
}

func (s *Server) findings(w http.ResponseWriter, r *http.Request) {
	sv := s.namedSurvey(w, r)
	if sv == nil {
		return
	}
	s.findingsPage(w, r, sv, r.URL.Query(), nil)
}

// refusal is a publication turned down, by the audit or for a missing
// commentary, shown on the findings page in the error summary with what
// the admin typed. Field is the input the message belongs to.
type refusal struct {
	Title, Commentary, Reason, Field string
}

// findingsPage shows the dashboard for the view q describes; with the
// publish form filled in as refused says, and after a refused
// publication, with why.
func (s *Server) findingsPage(w http.ResponseWriter, r *http.Request, sv *store.Survey, q url.Values, refused *refusal) {
	opt, err := findingsOptions(sv.Def, q)
	raw := q.Get("raw") == "1"
	opt.Unsuppressed = raw
	var rep *report.Report
	var blocked, burst string
	if err == nil {
		var ds *report.Dataset
		if ds, err = s.findingsDataset(r, sv); err != nil {
			s.serverError(w, r, err)
			return
		}
		rep, err = ds.Report(opt)
		// Say before anyone tries that the filter-complement rule will
		// refuse to publish this view (the audit against published views
		// runs when they do).
		var refused *report.DisclosureError
		if err == nil && errors.As(ds.CheckView(opt), &refused) {
			blocked = refused.Reason
		}
		if err == nil {
			var b *report.Burst
			if b, err = ds.Burst(opt); b != nil {
				burst = b.Warning()
			}
		}
	}
	if errors.Is(err, report.ErrBadFilter) {
		s.error(w, r, http.StatusBadRequest, "That choice of filters or breakdown is not valid for this survey: "+err.Error())
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if format := q.Get("format"); format != "" && refused == nil {
		s.download(w, r, sv.Slug+"-findings", format, reportFormats(rep))
		return
	}
	v := &findingsView{Survey: sv, By: opt.By, Query: template.URL(canonicalQuery(q).Encode()), Filters: reportrender.FilterTexts(rep), Raw: raw,
		Showing: reportrender.Showing(rep), PublishTitle: sv.Title, PublishBlocked: blocked, PublishBurst: burst}
	chosen := map[string]map[string]bool{}
	for _, f := range opt.Filters {
		chosen[f.Question] = map[string]bool{}
		for _, c := range f.Codes {
			chosen[f.Question][c] = true
		}
	}
	v.ByOptions = append(v.ByOptions, filterOption{Code: "", Label: "No breakdown", Checked: opt.By == ""})
	for _, qq := range sv.Def.Questions() {
		switch qq.Type {
		case survey.Single, survey.Multiple:
			fq := filterQuestion{ID: qq.ID, Title: qq.Title}
			for k, o := range qq.Options {
				fq.Options = append(fq.Options, filterOption{ID: inputID("f."+qq.ID, k), Code: o.Code, Label: o.Label, Checked: chosen[qq.ID][o.Code]})
			}
			v.Questions = append(v.Questions, fq)
			if qq.Type == survey.Single {
				v.ByOptions = append(v.ByOptions, filterOption{Code: qq.ID, Label: qq.Title, Checked: opt.By == qq.ID})
			}
		case survey.Text:
			v.Texts = append(v.Texts, qq)
		}
	}
	parts, err := reportrender.HTMLParts(rep)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// Rendered by html/template in the report package.
	v.Summary, v.Figures = template.HTML(parts.Summary), template.HTML(parts.Questions)
	pg := page{Title: "Findings – " + sv.Title, Data: v}
	status := http.StatusOK
	if refused != nil {
		v.PublishTitle, v.PublishCommentary = refused.Title, refused.Commentary
	}
	if refused != nil && refused.Reason != "" {
		// The NHS error-summary pattern: the summary links to the field,
		// which repeats the message.
		if refused.Field == "commentary" {
			v.CommentaryError = refused.Reason
		} else {
			refused.Field, v.PublishError = "title", refused.Reason
		}
		pg.Title = "Error: " + pg.Title
		pg.Errors = []fieldError{{Href: "#" + refused.Field, Text: refused.Reason}}
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "findings", pg)
}

// downloadTypes are the formats reports can be downloaded in.
var downloadTypes = map[string]string{
	"json": "application/json",
	"csv":  "text/csv; charset=utf-8",
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"html": "text/html; charset=utf-8",
}

// formats writes one report in each of downloadTypes' formats.
type formats map[string]func(io.Writer) error

// download sends a report as an attachment named name.format.
func (s *Server) download(w http.ResponseWriter, r *http.Request, name, format string, write formats) {
	ctype, ok := downloadTypes[format]
	if !ok || write[format] == nil {
		s.error(w, r, http.StatusBadRequest, "Downloads are available as json, csv, xlsx or html.")
		return
	}
	var buf bytes.Buffer
	if err := write[format](&buf); err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
	if format == "html" {
		// The standalone report carries its own inline styles.
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	}
	w.Write(buf.Bytes())
}

// reportFormats writes a survey report in every download format.
func reportFormats(rep *report.Report) formats {
	return formatsOf(rep, reportrender.CSV, reportrender.XLSX, reportrender.HTML)
}

// formatsOf is the downloads of a report: JSON, and CSV, XLSX and HTML
// by its renderers.
func formatsOf[T any](rep T, csv, xlsx, html func(io.Writer, T) error) formats {
	with := func(write func(io.Writer, T) error) func(io.Writer) error {
		return func(w io.Writer) error { return write(w, rep) }
	}
	return formats{"json": with(func(w io.Writer, v T) error { return jsonout.Write(w, v) }), "csv": with(csv), "xlsx": with(xlsx), "html": with(html)}
}

type commentsView struct {
	Survey   *store.Survey
	Question *survey.Question
	Comments []string
	Filters  []string
	Query    template.URL
	Message  string
}

// findingsComments shows free-text answers to analysts, never for a group
// under the threshold.
func (s *Server) findingsComments(w http.ResponseWriter, r *http.Request) {
	sv := s.namedSurvey(w, r)
	if sv == nil {
		return
	}
	qq := sv.Def.Question(r.PathValue("question"))
	if qq == nil || qq.Type != survey.Text {
		s.error(w, r, http.StatusNotFound, "")
		return
	}
	q := r.URL.Query()
	opt, err := findingsOptions(sv.Def, q)
	if err != nil {
		s.error(w, r, http.StatusBadRequest, err.Error())
		return
	}
	ds, err := s.dataset(r, sv, true)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &commentsView{Survey: sv, Question: qq, Query: template.URL(canonicalQuery(q).Encode())}
	v.Comments, err = ds.Comments(opt, qq.ID)
	var ok bool
	if v.Message, ok = s.groupMessage(w, r, err, fmt.Sprintf("Fewer than %d people in this group answered, so their comments are not shown.", report.DefaultThreshold), " Their comments are not shown."); !ok {
		return
	}
	s.render(w, r, http.StatusOK, "comments", page{Title: "Comments – " + sv.Title, Data: v})
}

func (s *Server) publishedList(w http.ResponseWriter, r *http.Request) {
	renderLoaded(s, w, r, "published_list", "Published findings", s.db.PublishedReports)
}

func (s *Server) published(w http.ResponseWriter, r *http.Request) {
	p, err := s.db.PublishedReport(r.Context(), r.PathValue("id"))
	if !s.found(w, r, err) {
		return
	}
	var rep report.Report
	if err := json.Unmarshal(p.Report, &rep); err != nil {
		s.serverError(w, r, err)
		return
	}
	if format := r.URL.Query().Get("format"); format != "" {
		s.download(w, r, p.SurveySlug+"-"+p.ID, format, reportFormats(&rep))
		return
	}
	parts, err := reportrender.HTMLParts(&rep)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	s.render(w, r, http.StatusOK, "published", page{Title: p.Title, Data: &findingsView{Published: p, Filters: reportrender.FilterTexts(&rep),
		Showing: reportrender.Showing(&rep), Summary: template.HTML(parts.Summary), Figures: template.HTML(parts.Questions),
		Commentary: commentaryOrNothing(p.Commentary)}})
}

// commentaryOrNothing renders a published view's commentary; views
// published before commentaries existed have none.
func commentaryOrNothing(text string) template.HTML {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	return markdownHTML(text)
}

func (s *Server) unpublish(w http.ResponseWriter, r *http.Request) {
	err := s.db.Unpublish(r.Context(), r.PathValue("id"))
	// Nothing withdrawn, nothing in the audit log.
	if !s.found(w, r, err) {
		return
	}
	s.audit(r, "findings unpublished", "/findings/"+r.PathValue("id"), "")
	http.Redirect(w, r, "/findings", http.StatusSeeOther)
}
