package web

// The public directory of staff networks, the national and regional
// picture, and the read-only JSON API.
//
// Publication is decided in one place: every network reaches a page or a
// JSON body through networkView, which starts from network.Public() and
// adds the unpublished fields only when auth.NetworkAccess grants the
// signed-in account ViewDrafts. The HTML directory and public page always
// show the published fields alone, whoever is signed in; the account's own
// pages are under /my/networks.

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/chart"
	"staffnet/internal/csvsafe"
	"staffnet/internal/jsonout"
	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
)

// directoryRoutes adds the public network directory, the map and the JSON
// API.
func (s *Server) directoryRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /networks", s.withSession(s.directory))
	m.HandleFunc("GET /networks/map", s.withSession(s.networkMap))
	m.HandleFunc("GET /networks/{id}", s.withSession(s.networkPublic))
	m.HandleFunc("GET /api/v1/networks", s.apiNetworks)
	m.HandleFunc("GET /api/v1/networks/{id}", s.apiNetworkOne)
	m.HandleFunc("GET /api/v1/map", s.apiMap)
}

// directoryPageSize is how many networks one page of the directory lists.
const directoryPageSize = 50

func regionName(code string) string {
	o := orgs.Organisation{Region: code}
	return o.RegionName()
}

// filterFrom reads the directory filters from a query string. Values that
// are not a known region, type or status are reported in bad (the API
// refuses them; the HTML form can only send known ones).
func filterFrom(q url.Values) (f store.NetworkFilter, bad []string) {
	f.Region = strings.TrimSpace(q.Get("region"))
	f.Org = strings.ToUpper(strings.TrimSpace(q.Get("org")))
	f.Type = network.Type(strings.TrimSpace(q.Get("type")))
	f.Status = network.Status(strings.TrimSpace(q.Get("status")))
	if f.Region != "" && !slices.Contains(orgs.RegionCodes, f.Region) && f.Region != "W00" {
		bad = append(bad, "region")
		f.Region = ""
	}
	if f.Type != "" && !f.Type.Valid() {
		bad = append(bad, "type")
		f.Type = ""
	}
	if f.Status != "" && !f.Status.Valid() {
		bad = append(bad, "status")
		f.Status = ""
	}
	if len(f.Org) > 10 {
		bad = append(bad, "org")
		f.Org = ""
	}
	return f, bad
}

// viewer is who is asking: the signed-in account, or nil for the public.
func (s *Server) viewer(r *http.Request) *store.User {
	if sess := sessionFrom(r.Context()); sess != nil {
		return &sess.User
	}
	if sess, _ := s.session(r); sess != nil { // a failing database shows the public view
		return &sess.User
	}
	return nil
}

func rightsOf(u *store.User, n *store.NetworkEntry) auth.NetworkRights {
	if u == nil {
		return auth.NetworkAccess(auth.Anyone, "", 0, n.OrgCode, n.ID)
	}
	return auth.NetworkAccess(u.Role, u.Org, u.NetworkID, n.OrgCode, n.ID)
}

// apiSponsor is the sponsor as the API shows it: the written expectations
// only to those who may see drafts.
type apiSponsor struct {
	Name         string `json:"name"`
	BoardRole    string `json:"board_role"`
	Expectations string `json:"expectations,omitempty"`
}

// apiNetwork is one network in the API and in the directory pages. Fields
// a network does not publish are left out entirely for the public.
type apiNetwork struct {
	ID             int64                `json:"id"`
	OrgCode        string               `json:"org_code"`
	OrgName        string               `json:"org_name"`
	Region         string               `json:"region"`
	RegionName     string               `json:"region_name"`
	Type           network.Type         `json:"type"`
	TypeLabel      string               `json:"type_label"`
	Status         network.Status       `json:"status"`
	StatusLabel    string               `json:"status_label"`
	Name           string               `json:"name,omitempty"`
	YearStarted    int                  `json:"year_started,omitempty"`
	Purpose        string               `json:"purpose,omitempty"`
	Contact        string               `json:"contact,omitempty"`
	MeetingPattern string               `json:"meeting_pattern,omitempty"`
	WebPage        string               `json:"web_page,omitempty"`
	Leaders        []apiLeader          `json:"leaders,omitempty"`
	Sponsor        *apiSponsor          `json:"sponsor,omitempty"`
	Published      []network.Field      `json:"published"`
	Access         string               `json:"access"` // "public" or "full"
	UpdatedOn      string               `json:"updated_on,omitempty"`
	Records        *network.Records     `json:"records,omitempty"`
	Flags          []network.Flag       `json:"flags,omitempty"`
	Assessments    []network.Assessment `json:"assessments,omitempty"`
	URL            string               `json:"url"`
}

type apiLeader struct {
	Role      network.Role `json:"role"`
	RoleLabel string       `json:"role_label"`
	Name      string       `json:"name"`
}

// networkView is the one way a stored network becomes something shown:
// its published fields, or all of them when rights allow drafts.
func networkView(e *store.NetworkEntry, rights auth.NetworkRights) apiNetwork {
	n := e.Network.Public()
	access := "public"
	if rights.ViewDrafts {
		n = e.Network
		access = "full"
	}
	v := apiNetwork{
		ID: n.ID, OrgCode: e.OrgCode, OrgName: e.OrgName, Region: e.Region, RegionName: regionName(e.Region),
		Type: n.Type, TypeLabel: n.Type.Label(), Status: n.Status, StatusLabel: n.Status.Label(),
		Name: n.Name, YearStarted: n.YearStarted, Purpose: n.Purpose, Contact: n.Contact,
		MeetingPattern: n.MeetingPattern, WebPage: n.WebPage, Published: n.Published, Access: access,
		URL: fmt.Sprintf("/networks/%d", n.ID),
	}
	if v.Published == nil {
		v.Published = []network.Field{}
	}
	for _, l := range n.Leaders {
		v.Leaders = append(v.Leaders, apiLeader{Role: l.Role, RoleLabel: l.Role.Label(), Name: l.Name})
	}
	if n.Sponsor != nil {
		v.Sponsor = &apiSponsor{Name: n.Sponsor.Name, BoardRole: n.Sponsor.BoardRole}
		if rights.ViewDrafts {
			v.Sponsor.Expectations = n.Sponsor.Expectations
		}
	}
	if rights.ViewDrafts && !n.UpdatedOn.IsZero() {
		v.UpdatedOn = n.UpdatedOn.Format("2006-01-02")
	}
	return v
}

// ---- Directory

type directoryView struct {
	Query                          string // the search box
	Networks                       []apiNetwork
	Total, From, To                int
	Regions, Orgs, Types, Statuses []Option // the filters, drawn by field-select
	Filtered                       bool
	Pager                          pager
	CSV, JSON                      string
}

func (s *Server) directory(w http.ResponseWriter, r *http.Request) {
	f, _ := filterFrom(r.URL.Query())
	ctx := r.Context()
	all, err := s.db.Networks(ctx, store.NetworkFilter{Region: f.Region})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	list, err := s.db.Networks(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	query := strings.Join(searchWords(r.URL.Query().Get("q")), " ")
	list = searchNetworks(list, searchWords(query))
	v := &directoryView{Total: len(list), Query: query, Filtered: f != (store.NetworkFilter{}) || query != ""}
	v.Regions = append(v.Regions, Option{"", "All regions", f.Region == ""})
	for _, c := range orgs.RegionCodes {
		v.Regions = append(v.Regions, Option{c, orgs.Regions[c], f.Region == c})
	}
	v.Regions = append(v.Regions, Option{"W00", "Wales", f.Region == "W00"})
	// Organisations with a network (in the chosen region), for the select.
	v.Orgs = append(v.Orgs, Option{"", "All organisations", f.Org == ""})
	seen := map[string]bool{}
	for _, e := range all {
		if !seen[e.OrgCode] {
			seen[e.OrgCode] = true
			v.Orgs = append(v.Orgs, Option{e.OrgCode, e.OrgName, f.Org == e.OrgCode})
		}
	}
	if f.Org != "" && !seen[f.Org] {
		v.Orgs = append(v.Orgs, Option{f.Org, f.Org, true})
	}
	v.Types = append(v.Types, Option{"", "All types", f.Type == ""})
	for _, t := range network.Types {
		v.Types = append(v.Types, Option{string(t), t.Label(), f.Type == t})
	}
	v.Statuses = append(v.Statuses, Option{"", "Any status", f.Status == ""})
	for _, st := range network.Statuses {
		v.Statuses = append(v.Statuses, Option{string(st), st.Label(), f.Status == st})
	}
	pageNo, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pages := pageCount(len(list), directoryPageSize)
	pageNo = min(max(pageNo, 1), pages)
	start, end := (pageNo-1)*directoryPageSize, min(pageNo*directoryPageSize, len(list))
	for i := start; i < end; i++ {
		// The directory shows published fields only, whoever asks.
		v.Networks = append(v.Networks, networkView(&list[i], auth.NetworkRights{ViewPublic: true}))
	}
	v.From, v.To = start+1, end
	q := url.Values{}
	for k, val := range map[string]string{"q": query, "region": f.Region, "org": f.Org, "type": string(f.Type), "status": string(f.Status)} {
		if val != "" {
			q.Set(k, val)
		}
	}
	link := func(p int) string {
		qq := url.Values{}
		for k, vs := range q {
			qq[k] = vs
		}
		if p > 1 {
			qq.Set("page", strconv.Itoa(p))
		}
		if len(qq) == 0 {
			return "/networks"
		}
		return "/networks?" + qq.Encode()
	}
	v.Pager = newPager("Pages of the directory", pageNo, pages, link, "Previous page", "Next page")
	v.JSON = "/api/v1/networks"
	if len(q) > 0 {
		v.JSON += "?" + q.Encode()
	}
	title := "Staff network directory"
	if pages > 1 {
		title = fmt.Sprintf("Staff network directory (page %d of %d)", pageNo, pages)
	}
	s.render(w, r, http.StatusOK, "networks_directory", page{Title: title, Data: v})
}

// ---- One network's public page

type networkPageView struct {
	Net       apiNetwork
	Cases     []caseLink // its published case studies
	CanManage bool
	Life      *networkLife // next meeting and public events (events_public.go)
	Join      bool         // the network takes members: show "Join this network"
}

func (s *Server) loadNetwork(w http.ResponseWriter, r *http.Request) *store.NetworkEntry {
	id, ok := pathID(r, "id")
	if !ok {
		s.notFound(w, r)
		return nil
	}
	e, err := s.db.Network(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return nil
	}
	if !s.done(w, r, err) {
		return nil
	}
	return e
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		apiError(w, http.StatusNotFound, "no such network")
		return
	}
	s.error(w, r, http.StatusNotFound, "")
}

func (s *Server) networkPublic(w http.ResponseWriter, r *http.Request) {
	e := s.loadNetwork(w, r)
	if e == nil {
		return
	}
	v := &networkPageView{Net: networkView(e, auth.NetworkRights{ViewPublic: true})}
	if u := s.viewer(r); u != nil {
		v.CanManage = rightsOf(u, e).ViewDrafts
	}
	var err error
	if v.Life, err = s.networkLife(r, e); err != nil {
		s.serverError(w, r, err)
		return
	}
	set, err := s.db.MemberSettings(r.Context(), e.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Join = set.Accepts && e.Status != network.StatusClosed
	v.Cases = s.networkCases(r, e.ID)
	title := v.Net.Name
	if title == "" {
		title = v.Net.TypeLabel + " network, " + e.OrgName
	}
	s.render(w, r, http.StatusOK, "networks_network", page{Title: title, Data: v})
}

// ---- The map

type mapRow struct {
	store.AreaPicture
	BMEPercent  string
	NonePercent string
}

type mapView struct {
	National     mapRow
	Regions      []mapRow
	Types        []string // column headings for networks by type
	RegionChart  *chart.Chart
	AlsoHadChart *chart.Chart
	AlsoHad      []alsoRow
}

type alsoRow struct {
	Label         string
	Organisations int
	Percent       string
}

func sharePercent(n, of int) string {
	if of == 0 {
		return "–"
	}
	return strconv.FormatFloat(100*float64(n)/float64(of), 'f', 0, 64) + "%"
}

func (s *Server) networkMap(w http.ResponseWriter, r *http.Request) {
	m, err := s.db.NetworkMap(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	switch r.URL.Query().Get("format") {
	case "json":
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="staffnet-networks-map.json"`)
		jsonout.Write(w, m)
		return
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="staffnet-networks-map.csv"`)
		writeMapCSV(w, m)
		return
	case "":
	default:
		s.error(w, r, http.StatusBadRequest, "Choose a download format of csv or json.")
		return
	}
	row := func(p store.AreaPicture) mapRow {
		return mapRow{AreaPicture: p, BMEPercent: sharePercent(p.WithBME, p.Organisations), NonePercent: sharePercent(p.WithNone, p.Organisations)}
	}
	v := &mapView{National: row(m.National)}
	for _, t := range network.Types {
		v.Types = append(v.Types, t.Label())
	}
	var bars []chart.Bar
	for _, p := range m.Regions {
		if p.Organisations == 0 && p.Networks == 0 && !slices.Contains(orgs.RegionCodes, p.Region) {
			continue
		}
		v.Regions = append(v.Regions, row(p))
		b := chart.Bar{Label: p.Name, Text: fmt.Sprintf("%s (%d of %d)", sharePercent(p.WithBME, p.Organisations), p.WithBME, p.Organisations)}
		if p.Organisations > 0 {
			b.Value = float64(p.WithBME) / float64(p.Organisations)
		}
		bars = append(bars, b)
	}
	v.RegionChart = &chart.Chart{ID: "chart-regions", Title: "Organisations with a BME staff network, by region",
		Desc: "The share of each region's organisations that have a BME staff network. The same figures are in the table below.", Max: 1, Bars: bars}
	var also []chart.Bar
	for _, h := range m.National.AlsoHad {
		label := h.Type.Label()
		v.AlsoHad = append(v.AlsoHad, alsoRow{label, h.Organisations, sharePercent(h.Organisations, m.National.WithBME)})
		also = append(also, chart.Bar{Label: label, Value: h.Share, Text: fmt.Sprintf("%s (%d of %d)", sharePercent(h.Organisations, m.National.WithBME), h.Organisations, m.National.WithBME)})
	}
	v.AlsoHadChart = &chart.Chart{ID: "chart-also", Title: "Other networks beside a BME network, England",
		Desc: "Of the organisations with a BME staff network, the share that also have each other type of network. The same figures are in the table below.", Max: 1, Bars: also}
	s.render(w, r, http.StatusOK, "networks_map", page{Title: "Staff networks in England: the national and regional picture", Data: v})
}

// writeMapCSV writes one row per area, England first: the counts, then the
// networks of each type, then how many organisations with a BME network
// also have each other type.
func writeMapCSV(w http.ResponseWriter, m *store.NetworkMap) {
	cw := csvsafe.NewWriter(w)
	head := []string{"area_code", "area", "organisations", "with_bme_network", "with_any_network", "with_no_network", "networks"}
	for _, t := range network.Types {
		head = append(head, "networks_"+string(t))
	}
	for _, t := range network.Types[1:] {
		head = append(head, "bme_also_"+string(t))
	}
	cw.Write(head)
	areas := append([]store.AreaPicture{m.National}, m.Regions...)
	for _, p := range areas {
		code := p.Region
		if code == "" {
			code = "ENG"
		}
		rec := []string{code, p.Name, strconv.Itoa(p.Organisations), strconv.Itoa(p.WithBME), strconv.Itoa(p.WithAny), strconv.Itoa(p.WithNone), strconv.Itoa(p.Networks)}
		for _, c := range p.ByType {
			rec = append(rec, strconv.Itoa(c.Networks))
		}
		for _, h := range p.AlsoHad {
			rec = append(rec, strconv.Itoa(h.Organisations))
		}
		cw.Write(rec)
	}
	cw.Flush()
}

// ---- JSON API

func apiError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	jsonout.Write(w, map[string]any{"error": map[string]any{"status": status, "message": msg}})
}

func apiJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	// Answers depend on who is signed in, so nothing may be cached on
	// the way.
	w.Header().Set("Cache-Control", "no-store")
	jsonout.Write(w, v)
}

func (s *Server) apiNetworks(w http.ResponseWriter, r *http.Request) {
	f, bad := filterFrom(r.URL.Query())
	if len(bad) > 0 {
		apiError(w, http.StatusBadRequest, "unknown value for "+strings.Join(bad, ", ")+": use a region code (W00 for Wales), a network type or a status as the directory's filters offer them")
		return
	}
	list, err := s.db.Networks(r.Context(), f)
	if err != nil {
		s.log.Error("api networks", "err", err)
		apiError(w, http.StatusInternalServerError, "something went wrong")
		return
	}
	list = searchNetworks(list, searchWords(r.URL.Query().Get("q")))
	u := s.viewer(r)
	out := make([]apiNetwork, 0, len(list))
	for i := range list {
		out = append(out, networkView(&list[i], rightsOf(u, &list[i])))
	}
	apiJSON(w, map[string]any{"count": len(out), "networks": out})
}

func (s *Server) apiNetworkOne(w http.ResponseWriter, r *http.Request) {
	e := s.loadNetwork(w, r)
	if e == nil {
		return
	}
	rights := rightsOf(s.viewer(r), e)
	v := networkView(e, rights)
	if rights.ViewDrafts {
		ctx := r.Context()
		rec, err := s.db.Records(ctx, e.ID)
		if err == nil {
			v.Records = rec
			v.Flags = network.Flags(&e.Network, rec, network.Day(time.Now()))
			v.Assessments, err = s.db.Assessments(ctx, e.ID)
		}
		if err != nil {
			s.log.Error("api network", "err", err)
			apiError(w, http.StatusInternalServerError, "something went wrong")
			return
		}
	}
	apiJSON(w, v)
}

func (s *Server) apiMap(w http.ResponseWriter, r *http.Request) {
	m, err := s.db.NetworkMap(r.Context())
	if err != nil {
		s.log.Error("api map", "err", err)
		apiError(w, http.StatusInternalServerError, "something went wrong")
		return
	}
	apiJSON(w, m)
}
