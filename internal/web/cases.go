package web

// The case-study library: public pages (the library with its search box
// and tag filters, a study's page, which is also its printable export),
// the JSON API, and the links from where people need studies. Writing and
// reviewing are in cases_author.go. Who may do what is
// auth.CaseAccess and auth.CaseWorkOf.

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/cases"
	"staffnet/internal/markdown"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

func (s *Server) caseRoutes(m *http.ServeMux) {
	s.vocab = cases.NewVocab(s.kit.q, s.kit.rules)
	m.HandleFunc("GET /case-studies", s.withSession(s.caseLibrary))
	m.HandleFunc("GET /case-studies/{slug}", s.withSession(s.casePublic))
	m.HandleFunc("GET /api/v1/case-studies", s.apiCases)
	m.HandleFunc("GET /api/v1/case-studies/{slug}", s.apiCase)
	s.caseAuthorRoutes(m)
}

// casePageSize is how many studies one page of the library lists.
const casePageSize = 20

// caseSearchFrom reads the library's search and filters from a query
// string: q, one parameter per kind of tag (area, requirement,
// recommendation, wres, type, region) and page. Tag values outside the
// vocabulary are reported in bad.
func (s *Server) caseSearchFrom(v url.Values) (cs store.CaseSearch, text string, page int, bad []string) {
	text = v.Get("q")
	if len(text) > 200 {
		text = text[:200]
	}
	cs.Query = cases.ParseQuery(text)
	cs.Tags = map[cases.Kind]string{}
	for _, k := range cases.Kinds {
		if val := v.Get(string(k)); val != "" {
			if !s.vocab.Valid(k, val) {
				bad = append(bad, string(k))
				continue
			}
			cs.Tags[k] = val
		}
	}
	page, _ = strconv.Atoi(v.Get("page"))
	page = max(1, min(page, 500))
	cs.Limit, cs.Offset = casePageSize, (page-1)*casePageSize
	return cs, text, page, bad
}

// caseLibraryView is the library page.
type caseLibraryView struct {
	Query    string
	Filters  []*Field
	Filtered bool
	Results  *store.CaseResults
	From, To int
	Prev     string // link to the previous page, "" on the first
	Next     string
}

func (s *Server) caseLibrary(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	cs, text, pg, _ := s.caseSearchFrom(q) // the form offers only known tags; others are ignored
	res, err := s.db.SearchCaseStudies(r.Context(), cs)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := caseLibraryView{Query: text, Results: res, Filtered: text != "" || len(cs.Tags) > 0}
	for _, k := range cases.Kinds {
		opts := []Option{{Value: "", Label: "Any", Checked: cs.Tags[k] == ""}}
		for _, t := range s.vocab.Terms(k) {
			opts = append(opts, Option{Value: t.Value, Label: t.Label, Checked: cs.Tags[k] == t.Value})
		}
		v.Filters = append(v.Filters, &Field{ID: "tag-" + string(k), Name: string(k), Label: k.Label(), Options: opts})
	}
	if len(res.Hits) > 0 {
		v.From, v.To = cs.Offset+1, cs.Offset+len(res.Hits)
	}
	link := func(p int) string {
		q.Set("page", strconv.Itoa(p))
		return "/case-studies?" + q.Encode()
	}
	if pg > 1 {
		v.Prev = link(pg - 1)
	}
	if v.To < res.Total {
		v.Next = link(pg + 1)
	}
	s.render(w, r, http.StatusOK, "cases_library", page{Title: "Case studies", Data: v})
}

// highlight turns a search snippet into HTML: its Markdown reduced to
// plain text (markdown.Plain), escaped, its matches in <mark>. Stored
// text never holds the marks (store.clean), so only search puts them
// there.
func highlight(snippet string) template.HTML {
	h := template.HTMLEscapeString(markdown.Plain(snippet))
	return template.HTML(strings.NewReplacer(store.MarkStart, "<mark>", store.MarkEnd, "</mark>").Replace(h))
}

// caseView is a study as its page shows it.
type caseView struct {
	Study   *cases.Study
	Tags    []cases.LabelledTag
	Network *store.NetworkEntry // the network it was written for, if it publishes its name
}

func (s *Server) casePublic(w http.ResponseWriter, r *http.Request) {
	st, err := s.db.CaseStudyBySlug(r.Context(), r.PathValue("slug"))
	switch {
	case errors.Is(err, store.ErrNotFound) || (err == nil && st.Status != cases.Published && st.Status != cases.Withdrawn):
		s.error(w, r, http.StatusNotFound, "")
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	case st.Status == cases.Withdrawn:
		msg := "This case study was withdrawn and is no longer published."
		if st.WithdrawnReason != "" {
			msg += " The reason given: " + st.WithdrawnReason
		}
		s.render(w, r, http.StatusGone, "error", page{Title: "Case study withdrawn", Message: msg})
		return
	}
	v := caseView{Study: st, Tags: s.vocab.Labelled(st.Tags)}
	if st.NetworkID != 0 {
		if n, err := s.db.Network(r.Context(), st.NetworkID); err == nil && n.IsPublished(network.FieldName) {
			v.Network = n
		}
	}
	s.render(w, r, http.StatusOK, "cases_study", page{Title: st.Title, Data: v})
}

// ---- JSON API

// caseJSON is a published study in the API (docs/api.md).
type caseJSON struct {
	Slug         string              `json:"slug"`
	URL          string              `json:"url"`
	Title        string              `json:"title"`
	Organisation string              `json:"organisation"`
	Authors      string              `json:"authors"`
	Contact      string              `json:"contact"`
	Published    string              `json:"published"`
	Sections     []caseSectionJSON   `json:"sections"`
	Tags         []cases.LabelledTag `json:"tags"`
}

type caseSectionJSON struct {
	Field    string `json:"field"`
	Heading  string `json:"heading"`
	Markdown string `json:"markdown"`
}

// caseHitJSON is one search result.
type caseHitJSON struct {
	Slug         string `json:"slug"`
	URL          string `json:"url"`
	Title        string `json:"title"`
	Organisation string `json:"organisation"`
	Published    string `json:"published"`
	Snippet      string `json:"snippet,omitempty"`
}

func (s *Server) apiCases(w http.ResponseWriter, r *http.Request) {
	cs, _, _, bad := s.caseSearchFrom(r.URL.Query())
	if len(bad) > 0 {
		apiError(w, http.StatusBadRequest, "unknown value for "+strings.Join(bad, ", ")+": use a tag value as the library's filters offer them")
		return
	}
	res, err := s.db.SearchCaseStudies(r.Context(), cs)
	if err != nil {
		apiError(w, http.StatusInternalServerError, "something went wrong")
		return
	}
	out := struct {
		Total   int           `json:"total"`
		Offset  int           `json:"offset"`
		Results []caseHitJSON `json:"results"`
	}{Total: res.Total, Offset: cs.Offset, Results: []caseHitJSON{}}
	for _, h := range res.Hits {
		// Snippets mark matches with [ and ] in JSON, which has no HTML.
		snip := strings.NewReplacer(store.MarkStart, "[", store.MarkEnd, "]").Replace(h.Snippet)
		out.Results = append(out.Results, caseHitJSON{h.Slug, "/case-studies/" + h.Slug, h.Title, h.Organisation, h.Published.Format(time.DateOnly), snip})
	}
	apiJSON(w, out)
}

func (s *Server) apiCase(w http.ResponseWriter, r *http.Request) {
	st, err := s.db.CaseStudyBySlug(r.Context(), r.PathValue("slug"))
	switch {
	case errors.Is(err, store.ErrNotFound) || (err == nil && st.Status != cases.Published && st.Status != cases.Withdrawn):
		apiError(w, http.StatusNotFound, "no such case study")
		return
	case err != nil:
		apiError(w, http.StatusInternalServerError, "something went wrong")
		return
	case st.Status == cases.Withdrawn:
		apiError(w, http.StatusGone, "this case study was withdrawn")
		return
	}
	out := caseJSON{Slug: st.Slug, URL: "/case-studies/" + st.Slug, Title: st.Title, Organisation: st.Organisation, Authors: st.Authors,
		Contact: st.Contact, Published: st.Published.Format(time.DateOnly), Tags: s.vocab.Labelled(st.Tags)}
	for _, sec := range st.Sections() {
		out.Sections = append(out.Sections, caseSectionJSON{sec.Field, sec.Heading, sec.Text})
	}
	if out.Tags == nil {
		out.Tags = []cases.LabelledTag{}
	}
	apiJSON(w, out)
}

// ---- links from elsewhere

// caseLink is a published study linked from another page.
type caseLink struct {
	Href, Title, Organisation string
}

// caseLinkList is a heading and the studies under it, for the partial
// "case-links".
type caseLinkList struct {
	Heading string
	Links   []caseLink
}

func caseLinks(heading string, links []caseLink) caseLinkList { return caseLinkList{heading, links} }

// casesTagged lists up to limit published studies with any of the tags,
// those with most of them first, for the links from recommendations, the
// six-step guide and the directory. A failure only loses the links.
func (s *Server) casesTagged(ctx context.Context, limit int, tags ...[2]string) []caseLink {
	hits, err := s.db.CasesTagged(ctx, tags, limit)
	return s.caseLinksOf(hits, err)
}

// caseLinksOf turns hits into links; a failure is logged and only loses
// the links.
func (s *Server) caseLinksOf(hits []store.CaseHit, err error) []caseLink {
	if err != nil {
		s.log.Error("case studies for links", "err", err)
		return nil
	}
	var out []caseLink
	for _, h := range hits {
		out = append(out, caseLink{"/case-studies/" + h.Slug, h.Title, h.Organisation})
	}
	return out
}

// networkCases lists a network's published studies, for its page in the
// directory.
func (s *Server) networkCases(r *http.Request, networkID int64) []caseLink {
	res, err := s.db.SearchCaseStudies(r.Context(), store.CaseSearch{NetworkID: networkID, Limit: 50})
	if err != nil {
		return s.caseLinksOf(nil, err)
	}
	return s.caseLinksOf(res.Hits, nil)
}
