package web

// Calendar files: one meeting or event as an .ics download, and the
// feeds of public events, per network (/networks/{id}/events.ics) and per
// organisation (/organisations/{code}/events.ics), that Outlook, Google
// Calendar and Apple Calendar subscribe to. internal/ical writes the
// text; here is only what goes in it. A feed holds public events alone,
// from 90 days ago on, so that a subscribed calendar keeps recent history
// without the feed growing for ever.

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"staffnet/internal/ical"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

const prodID = "-//staffnet//Staff network events//EN"

// feedHistory is how far back a feed goes.
const feedHistory = 90 * 24 * time.Hour

func (s *Server) calendarRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /networks/{id}/events.ics", s.networkFeed)
	m.HandleFunc("GET /organisations/{code}/events.ics", s.orgFeed)
}

// publicNetworkName is what the public may call a network: its name if it
// publishes it, otherwise its type and organisation.
func publicNetworkName(n *network.Network, orgName string) string {
	if p := n.Public(); p.Name != "" {
		return p.Name
	}
	return n.Type.Label() + " network, " + orgName
}

// siteURL is the address this request reached the site by, for the
// absolute links a calendar needs.
func siteURL(r *http.Request) string {
	scheme := "http"
	if secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// eventICal is one event as a VEVENT: the description gathers what a
// calendar has no field for (hosts, accessibility, places, the online
// link) and the URL is the event's public page.
func eventICal(site string, e *store.EventEntry, hosts []string) ical.Event {
	var d []string
	if e.Description != "" {
		d = append(d, e.Description)
	}
	d = append(d, "Hosted by "+strings.Join(hosts, ", ")+".")
	if e.OnlineURL != "" {
		d = append(d, "Join online: "+e.OnlineURL)
	}
	if e.Accessibility != "" {
		d = append(d, "Accessibility: "+e.Accessibility)
	}
	ev := ical.Event{UID: e.UID, Sequence: e.Sequence, Stamp: e.Updated, Start: e.Start, End: e.End, Summary: e.Title,
		Description: strings.Join(d, "\n\n"), Location: orText(e.Place, e.OnlineURL)}
	if e.Public() {
		ev.URL = fmt.Sprintf("%s/networks/%d/events/%d", site, e.NetworkID, e.ID)
	}
	return ev
}

// writeEventICS sends event e as a calendar file of its own.
func (s *Server) writeEventICS(w http.ResponseWriter, r *http.Request, e *store.EventEntry) {
	writeICS(w, r, fmt.Sprintf("event-%d.ics", e.ID), e.Title, eventICal(siteURL(r), e, s.newHostNamer(r).hosts(e)))
}

// meetingICal is one meeting as a VEVENT; with full, the agenda too (for
// the network's own pages, never the public).
func meetingICal(r *http.Request, m *network.Meeting, name, path string, full bool) ical.Event {
	ev := ical.Event{UID: m.UID, Sequence: m.Sequence, Stamp: m.Updated, Start: m.Start, End: m.End, Summary: m.Title(name),
		Location: orText(m.Place, m.OnlineURL), URL: siteURL(r) + path}
	var d []string
	if m.OnlineURL != "" {
		d = append(d, "Join online: "+m.OnlineURL)
	}
	if full && m.Agenda != "" {
		d = append(d, "Agenda:\n"+m.Agenda)
	}
	ev.Description = strings.Join(d, "\n\n")
	return ev
}

var unsafeFilename = regexp.MustCompile(`[^a-z0-9.-]+`)

// writeICS sends a calendar: as a download (attachment) for one item, for
// subscription (inline) for a feed.
func writeICS(w http.ResponseWriter, r *http.Request, filename, calName string, evs ...ical.Event) {
	c := &ical.Calendar{ProdID: prodID, Name: calName, Events: evs}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	disp := "attachment"
	if strings.HasSuffix(filename, "events.ics") {
		disp = "inline"
	}
	h.Set("Content-Disposition", disp+`; filename="`+unsafeFilename.ReplaceAllString(strings.ToLower(filename), "-")+`"`)
	// Public calendars may be cached by anyone for a while; what the
	// network's own pages serve keeps need's "no-store", since it may hold
	// a members' event or an agenda.
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "public, max-age=900")
	}
	if err := c.Write(w); err != nil {
		// The headers are gone; the client sees a cut calendar.
		return
	}
}

// hostNames names an event's host and co-hosts as the public may see
// them; names of networks looked up once per request.
type hostNamer struct {
	s     *Server
	r     *http.Request
	cache map[int64]string
}

func (h *hostNamer) name(id int64) string {
	if n, ok := h.cache[id]; ok {
		return n
	}
	name := "another network"
	if e, err := h.s.db.Network(h.r.Context(), id); err == nil {
		name = publicNetworkName(&e.Network, e.OrgName)
	}
	h.cache[id] = name
	return name
}

func (h *hostNamer) hosts(e *store.EventEntry) []string {
	names := []string{publicNetworkName(&e.Host, e.HostOrgName)}
	h.cache[e.NetworkID] = names[0]
	for _, id := range e.CoHosts {
		names = append(names, h.name(id))
	}
	return names
}

func (s *Server) newHostNamer(r *http.Request) *hostNamer {
	return &hostNamer{s: s, r: r, cache: map[int64]string{}}
}

// feed writes the public events f picks.
func (s *Server) feed(w http.ResponseWriter, r *http.Request, f store.EventFilter, filename, name string) {
	f.Public = true
	f.From = time.Now().Add(-feedHistory)
	es, err := s.db.Events(r.Context(), f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	writeICS(w, r, filename, name, s.feedEvents(r, es)...)
}

// feedEvents turns events into VEVENTs.
func (s *Server) feedEvents(r *http.Request, es []store.EventEntry) []ical.Event {
	hn, site := s.newHostNamer(r), siteURL(r)
	out := make([]ical.Event, len(es))
	for i := range es {
		out[i] = eventICal(site, &es[i], hn.hosts(&es[i]))
	}
	return out
}

func (s *Server) networkFeed(w http.ResponseWriter, r *http.Request) {
	n := s.loadNetwork(w, r)
	if n == nil {
		return
	}
	s.feed(w, r, store.EventFilter{NetworkID: n.ID}, "events.ics", publicNetworkName(&n.Network, n.OrgName)+": events")
}

func (s *Server) orgFeed(w http.ResponseWriter, r *http.Request) {
	code := strings.ToUpper(r.PathValue("code"))
	o, err := s.db.Organisation(r.Context(), code)
	if !s.found(w, r, err) {
		return
	}
	s.feed(w, r, store.EventFilter{Org: o.Code}, "events.ics", o.Name+": staff network events")
}
