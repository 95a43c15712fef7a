package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strings"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/wres"
	"staffnet/internal/wres/render"
	"staffnet/internal/wresio"
)

type wresIndexView struct {
	Orgs    []wresIndexRow
	Regions []regionLink
}

// wresIndexRow is an organisation with returns, its region by name.
type wresIndexRow struct {
	store.WRESCoverage
	RegionName string
}

type regionLink struct{ Code, Name string }

func regionLinks() []regionLink {
	var out []regionLink
	for _, c := range orgs.RegionCodes {
		out = append(out, regionLink{c, orgs.Regions[c]})
	}
	return out
}

// wresIndex sends organisation accounts to their organisation and shows the
// national team every organisation with a return.
func (s *Server) wresIndex(w http.ResponseWriter, r *http.Request) {
	u := sessionFrom(r.Context()).User
	if u.Org != "" {
		http.Redirect(w, r, "/wres/org/"+u.Org, http.StatusSeeOther)
		return
	}
	if !auth.WRESAccess(u.Role, u.Org, "").View {
		s.error(w, r, http.StatusForbidden, "Your account cannot see WRES figures.")
		return
	}
	list, err := s.db.WRESOrganisations(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &wresIndexView{Regions: regionLinks()}
	for _, c := range list {
		name := orgs.Regions[c.Region]
		if name == "" {
			name = c.Region
		}
		v.Orgs = append(v.Orgs, wresIndexRow{c, name})
	}
	s.render(w, r, http.StatusOK, "wres_index", page{Title: "Workforce Race Equality Standard", Data: v})
}

type comparisonRow struct {
	Label                string
	Org, Region, England string
}

type wresView struct {
	Title, Scope string
	Org          *orgs.Organisation
	Official     bool
	Upload       bool
	Figures      template.HTML
	Compare      []comparisonRow
	RegionName   string
	LatestYear   int
	// RegionOrgs counts the organisations behind the region column; one
	// means the column is this organisation's own figures, not a comparison.
	RegionOrgs int
	Plan       bool // the account may open the organisation's WRES action plan
}

func (s *Server) wresOrg(w http.ResponseWriter, r *http.Request) {
	code := strings.ToUpper(r.PathValue("code"))
	u := sessionFrom(r.Context()).User
	acc := auth.WRESAccess(u.Role, u.Org, code)
	if !acc.View {
		s.error(w, r, http.StatusForbidden, "Your account cannot see this organisation's WRES figures.")
		return
	}
	o, err := s.db.Organisation(r.Context(), code)
	if !s.found(w, r, err) {
		return
	}
	v := &wresView{Title: o.Name, Scope: "organisation", Org: o, Official: acc.Official, Upload: acc.Upload, RegionName: o.RegionName()}
	if plan, err := s.orgWorkAccess(r.Context(), &u, code); err == nil {
		v.Plan = plan.View
	}
	rep, ok := s.wresPageReport(w, r, v, wres.Scope{Kind: wres.ScopeOrganisation, Code: code}, "wres-"+code)
	if !ok {
		return
	}
	// Beside the region and England, for the latest year. Those pooled
	// figures hold other organisations' too, so they are suppressed for
	// everyone but national accounts, an organisation admin included. A
	// region (or England) of this one organisation is its own figures:
	// they are shown as the organisation's column shows them, or the
	// pooled column, suppressed on its own, could show a figure the
	// organisation's hides (indicator 3's two-year count, say).
	own := render.Headlines(rep)
	areaOfficial := auth.WRESAccess(u.Role, u.Org, "").Official
	latest := func(scope wres.Scope) ([]render.Headline, int) {
		// With the year before, whose headcount indicator 3's two-year
		// base includes: Suppress hides that base when it cannot check it.
		rr, err := wresio.Report(r.Context(), s.db, scope, v.LatestYear-1, v.LatestYear)
		if err != nil {
			return nil, 0
		}
		n := rr.Years[len(rr.Years)-1].Organisations
		if n == 1 {
			return own, n
		}
		if !areaOfficial {
			rr = wres.Suppress(rr, wres.DefaultThreshold)
		}
		return render.Headlines(rr), n
	}
	reg, regOrgs := latest(wres.Scope{Kind: wres.ScopeRegion, Code: o.Region})
	nat, _ := latest(wres.Scope{Kind: wres.ScopeNational})
	v.RegionOrgs = regOrgs
	for i, h := range own {
		row := comparisonRow{Label: h.Short, Org: h.Last(), Region: "–", England: "–"}
		if i < len(reg) {
			row.Region = reg[i].Last()
		}
		if i < len(nat) {
			row.England = nat[i].Last()
		}
		v.Compare = append(v.Compare, row)
	}
	s.renderWRES(w, r, v, rep)
}

// wresPageReport reads the report of scope for v's page (suppressed
// unless v.Official) and answers the request itself where the report
// settles it: the page without figures when no return is loaded, a
// server error, or the download that ?format= asks for (file names it).
// ok is false once it has answered; otherwise v.LatestYear is set.
func (s *Server) wresPageReport(w http.ResponseWriter, r *http.Request, v *wresView, scope wres.Scope, file string) (rep *wres.Report, ok bool) {
	rep, err := s.wresReport(r, scope, v.Official)
	if errors.Is(err, wres.ErrNoData) {
		s.renderWRES(w, r, v, nil)
		return nil, false
	}
	if !s.done(w, r, err) {
		return nil, false
	}
	if f := r.URL.Query().Get("format"); f != "" {
		s.download(w, r, file, f, wresFormats(rep))
		return nil, false
	}
	v.LatestYear = rep.Years[len(rep.Years)-1].Year
	return rep, true
}

// renderWRES shows v's page, with rep's figures unless rep is nil.
func (s *Server) renderWRES(w http.ResponseWriter, r *http.Request, v *wresView, rep *wres.Report) {
	if rep != nil {
		var err error
		if v.Figures, err = figures(rep); !s.done(w, r, err) {
			return
		}
	}
	s.render(w, r, http.StatusOK, "wres", page{Title: "WRES – " + v.Title, Data: v})
}

func figures(rep *wres.Report) (template.HTML, error) {
	var buf bytes.Buffer
	if err := render.HTMLFigures(&buf, rep); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // rendered by html/template in the render package
}

// wresReport computes a scope's report over every year loaded, suppressed
// unless the viewer may see the official figures.
func (s *Server) wresReport(r *http.Request, scope wres.Scope, official bool) (*wres.Report, error) {
	rep, err := wresio.Report(r.Context(), s.db, scope, 0, 0)
	if err != nil {
		return nil, err
	}
	if !official {
		rep = wres.Suppress(rep, wres.DefaultThreshold)
	}
	return rep, nil
}

// wresArea shows a region's or the nation's pooled figures and their
// spread across organisations, to national accounts.
func (s *Server) wresArea(kind wres.ScopeKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := sessionFrom(r.Context()).User
		acc := auth.WRESAccess(u.Role, u.Org, "")
		if !acc.View {
			s.error(w, r, http.StatusForbidden, "Only national accounts can see regional and national WRES figures.")
			return
		}
		scope := wres.Scope{Kind: kind}
		title := "England"
		if kind == wres.ScopeRegion {
			scope.Code = strings.ToUpper(r.PathValue("code"))
			name, ok := orgs.Regions[scope.Code]
			if !ok {
				s.error(w, r, http.StatusNotFound, "")
				return
			}
			title = name
		}
		v := &wresView{Title: title, Scope: string(kind), Official: acc.Official}
		if rep, ok := s.wresPageReport(w, r, v, scope, "wres-"+strings.ToLower(title)); ok {
			s.renderWRES(w, r, v, rep)
		}
	}
}

// wresFormats writes a WRES report in every download format.
func wresFormats(rep *wres.Report) formats {
	return formatsOf(rep, render.CSV, render.XLSX, render.HTML)
}

type uploadView struct {
	Org     string
	Stored  *wresio.Summary
	FileErr string
	Year    int
	Note    string
}

func newUploadView(org string) *uploadView {
	return &uploadView{Org: org, Year: reportingYear(time.Now()), Note: wresio.TemplateNote}
}

// reportingYear is the latest WRES year whose figures exist: returns
// count staff as at 31 March, so before April it is last year's.
func reportingYear(now time.Time) int {
	if now.Month() < time.April {
		return now.Year() - 1
	}
	return now.Year()
}

// wresUploader is the signed-in account if it may upload WRES returns;
// any other gets 403 and ok is false.
func (s *Server) wresUploader(w http.ResponseWriter, r *http.Request) (u store.User, ok bool) {
	u = sessionFrom(r.Context()).User
	if !auth.RightsOf(u.Role, u.Org, u.NetworkID).UploadWRES {
		s.error(w, r, http.StatusForbidden, "Only an organisation's admin can upload its WRES return.")
		return u, false
	}
	return u, true
}

func (s *Server) wresUploadForm(w http.ResponseWriter, r *http.Request) {
	u, ok := s.wresUploader(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "wres_upload", page{Title: "Upload a WRES return", Data: newUploadView(u.Org)})
}

// wresTemplate serves the blank return (CSV or XLSX, the latter with a
// sheet of codes) and the codes on their own, to whoever may upload.
func (s *Server) wresTemplate(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, ok := s.wresUploader(w, r)
		if !ok {
			return
		}
		year := reportingYear(time.Now())
		name, format := fmt.Sprintf("wres-return-template-%d", year), kind
		write := formats{
			"csv":  func(w io.Writer) error { return wresio.WriteTemplateCSV(w, u.Org, year) },
			"xlsx": func(w io.Writer) error { return wresio.WriteTemplateXLSX(w, u.Org, year) },
		}
		if kind == "codes" {
			name, format = "wres-return-codes", "csv"
			write = formats{"csv": wresio.WriteCodesCSV}
		}
		s.download(w, r, name, format, write)
	}
}

// wresUploadLimit bounds the upload request: the largest file a return may
// be and the form around it.
const wresUploadLimit = wresio.MaxFileSize + 1<<20

// wresUploadRoute serves POST /wres/upload. A body over the limit is
// refused with a message that names it; otherwise, once the session is
// known, the form is parsed keeping at most 1 MiB of the file in memory
// (the rest goes to a temporary file), rather than the 32 MiB the CSRF
// check in need would let the multipart parser hold.
func (s *Server) wresUploadRoute() http.Handler {
	h := s.signedIn(s.wresUpload)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > wresUploadLimit {
			s.error(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("The file is larger than %d MiB, the most a return may be. Split it by organisation or by year.", wresio.MaxFileSize>>20))
			return
		}
		if sess, _ := s.session(r); sess != nil { // need answers a database error
			r.ParseMultipartForm(1 << 20) // a broken form fails the CSRF check in need
		}
		h.ServeHTTP(w, r)
	})
}

// wresUpload stores an uploaded return, all or nothing. An organisation
// admin may upload only their own organisation's figures. The file is
// read where the multipart parser left it (in memory or a temporary
// file), as a stream, not copied.
func (s *Server) wresUpload(w http.ResponseWriter, r *http.Request) {
	u, ok := s.wresUploader(w, r)
	if !ok {
		return
	}
	v := newUploadView(u.Org)
	fail := func(msgs []string) {
		var summary []fieldError
		for _, m := range msgs {
			summary = append(summary, fieldError{"#file", m})
		}
		v.FileErr = msgs[0]
		s.render(w, r, http.StatusUnprocessableEntity, "wres_upload", page{Title: "Error: Upload a WRES return", Data: v, Errors: summary})
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		fail([]string{"Select a CSV or Excel file to upload"})
		return
	}
	defer f.Close()
	// An organisation's admin may store only their organisation's
	// figures; Import checks that on the parsed return it would store.
	sum, err := wresio.Import(r.Context(), s.db, f, hdr.Size, u.Org)
	if err == nil {
		s.metrics.ImportRows("wres", sum.Rows)
	}
	var ie *wres.ImportError
	var le *wres.LimitError
	var fe *wresio.FileError
	switch {
	case errors.As(err, &ie):
		var msgs []string
		for i, ce := range ie.Errors {
			if i == 20 {
				msgs = append(msgs, fmt.Sprintf("… and %d more problems", len(ie.Errors)-20+ie.More))
				break
			}
			msgs = append(msgs, ce.Error())
		}
		if len(ie.Errors) <= 20 && ie.More > 0 {
			msgs = append(msgs, fmt.Sprintf("… and %d more problems", ie.More))
		}
		fail(msgs)
		return
	case errors.As(err, &le):
		msg := le.Error() // an error string, so not capitalised
		fail([]string{strings.ToUpper(msg[:1]) + msg[1:]})
		return
	case errors.As(err, &fe):
		fail([]string{"The file could not be read: " + fe.Err.Error()})
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	v.Stored = sum
	s.audit(r, "WRES return uploaded", fmt.Sprint(sum.OrgYears), fmt.Sprint(sum.Rows, " figures"))
	s.render(w, r, http.StatusOK, "wres_upload", page{Title: "Return stored", Data: v})
}
