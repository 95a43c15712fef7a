package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/maturity"
	"staffnet/internal/network"
	"staffnet/internal/pay"
	"staffnet/internal/report"
	reportrender "staffnet/internal/report/render"
	"staffnet/internal/store"
	"staffnet/internal/survey"
)

type maturityView struct {
	Title, Org         string
	Query              template.URL
	Questions          []filterQuestion // region and type
	ByOptions          []filterOption
	Message            string // why no figures are shown
	Summary, Figures   template.HTML
	History            template.HTML
	Showing            string
	CanChooseAnyRegion bool
}

// maturityNetworks gathers every network that is not closed, scored and
// with what the rules recommend today. Each network takes a handful of
// queries, so maturityWorkers networks are read at once: on PostgreSQL
// the time is mostly round trips, which overlap (docs/performance.md).
func (s *Server) maturityNetworks(r *http.Request) ([]maturity.Network, error) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	entries, err := s.db.Networks(ctx, store.NetworkFilter{})
	if err != nil {
		return nil, err
	}
	entries = slices.DeleteFunc(entries, func(e store.NetworkEntry) bool { return e.Status == network.StatusClosed })
	out := make([]maturity.Network, len(entries))
	today := netToday()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	// Worker w reads networks w, w+workers, …; the first error stops all.
	workers := min(maturityWorkers, len(entries))
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(entries) && ctx.Err() == nil; i += workers {
				var err error
				if out[i], err = s.maturityFacts(ctx, &entries[i], today); err != nil {
					once.Do(func() { first = err; cancel() })
				}
			}
		})
	}
	wg.Wait()
	if first != nil {
		return nil, first
	}
	return out, ctx.Err()
}

// maturityWorkers is how many networks maturityNetworks reads at once.
const maturityWorkers = 4

// maturityFacts reads one network's records, assessments and resources
// and scores it. It runs on a goroutine of its own, out of reach of the
// server's recover, so a panic becomes an error here, and the request
// one 500 instead of a crashed process.
func (s *Server) maturityFacts(ctx context.Context, e *store.NetworkEntry, today time.Time) (n maturity.Network, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("maturity of network %d: panic: %v\n%s", e.ID, v, debug.Stack())
		}
	}()
	rec, err := s.db.Records(ctx, e.ID)
	if err != nil {
		return maturity.Network{}, err
	}
	history, err := s.db.Assessments(ctx, e.ID)
	if err != nil {
		return maturity.Network{}, err
	}
	var res maturity.Resources
	if res.Leaders, err = s.db.FacilityLeaders(ctx, e.ID); err != nil {
		return maturity.Network{}, err
	}
	if res.Budget, err = s.db.BudgetLines(ctx, e.ID, pay.FinancialYear(today)); err != nil {
		return maturity.Network{}, err
	}
	return maturity.Facts(s.kit.q, s.kit.rules, &e.Network, e.Region, rec, history, res, today), nil
}

// maturityPage is the picture of network maturity for England, a region
// (f.region), a network type (f.type) or one organisation (org), with a
// breakdown (by=region or type) and the levels over time. Everything
// goes through the report engine, so groups under 11 networks are
// suppressed and a view whose complement is small is refused.
func (s *Server) maturityPage(w http.ResponseWriter, r *http.Request) {
	u := sessionFrom(r.Context()).User
	q := r.URL.Query()
	org := strings.ToUpper(q.Get("org"))
	if org == "" && u.Role == auth.OrgAdmin && u.Org != "" {
		http.Redirect(w, r, "/maturity?org="+url.QueryEscape(u.Org), http.StatusSeeOther)
		return
	}
	if !auth.MaturityAccess(u.Role, u.Org, org) {
		s.error(w, r, http.StatusForbidden, "Your account cannot see this picture of network maturity.")
		return
	}
	v := &maturityView{Title: "England", Org: org, CanChooseAnyRegion: auth.MaturityAccess(u.Role, u.Org, "")}
	if org != "" {
		o, err := s.db.Organisation(r.Context(), org)
		if !s.found(w, r, err) {
			return
		}
		v.Title = o.Name
		q.Set("f.org", maturity.ThisOrg)
	}
	nets, err := s.maturityNetworks(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := maturity.New(s.kit.q, s.kit.rules.Rules)
	def, err := p.Definition(nets)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	opt, err := findingsOptions(def, q)
	if err != nil || (opt.By != "" && opt.By != "region" && opt.By != "type") {
		s.error(w, r, http.StatusBadRequest, "That choice of filters or breakdown is not valid.")
		return
	}
	opt.Unit = maturity.Unit
	cur, err := p.Current(def, nets, org)
	var hist *report.Dataset
	if err == nil {
		hist, err = p.History(def, nets, org)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rep, err := cur.Report(opt)
	if errors.Is(err, report.ErrBadFilter) {
		s.error(w, r, http.StatusBadRequest, "That choice of filters or breakdown is not valid: "+err.Error())
		return
	}
	var refused *report.DisclosureError
	if err == nil && errors.As(cur.CheckView(opt), &refused) {
		v.Message = refused.Reason
	}
	byYear := opt
	byYear.By = "year"
	var over *report.Report
	if err == nil {
		over, err = hist.Report(byYear)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	maturity.Only(over, "area_", "overall")
	if f := q.Get("format"); f != "" && v.Message == "" {
		which := rep
		if q.Get("view") == "time" {
			which = over
		}
		s.download(w, r, maturity.Slug, f, reportFormats(which))
		return
	}
	s.fillMaturityView(v, def, opt, q)
	if v.Message == "" {
		parts, err := reportrender.HTMLParts(rep)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		hparts, err := reportrender.HTMLParts(over)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		// Rendered by html/template in the report package.
		v.Summary, v.Figures, v.History = template.HTML(parts.Summary), template.HTML(parts.Questions), template.HTML(hparts.Questions)
		v.Showing = reportrender.Showing(rep)
	}
	s.render(w, r, http.StatusOK, "maturity", page{Title: "Network maturity – " + v.Title, Data: v})
}

// fillMaturityView offers the filters (regions and types as the
// definition has them, and the breakdowns) and the view's query for the
// download links.
func (s *Server) fillMaturityView(v *maturityView, def *survey.Definition, opt report.Options, q url.Values) {
	for _, id := range []string{"region", "type"} {
		dq := def.Question(id)
		fq := filterQuestion{ID: id, Title: dq.Title}
		for k, o := range dq.Options {
			fq.Options = append(fq.Options, filterOption{ID: inputID("f."+id, k), Code: o.Code, Label: o.Label, Checked: slices.Contains(q["f."+id], o.Code)})
		}
		v.Questions = append(v.Questions, fq)
	}
	for _, b := range []filterOption{{Label: "No breakdown"}, {Code: "region", Label: "Region"}, {Code: "type", Label: "Network type"}} {
		b.Checked = b.Code == opt.By
		v.ByOptions = append(v.ByOptions, b)
	}
	keep := canonicalQuery(q)
	keep.Del("f.org")
	if v.Org != "" {
		keep.Set("org", v.Org)
	}
	v.Query = template.URL(keep.Encode())
}
