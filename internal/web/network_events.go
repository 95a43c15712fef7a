package web

// A network's events, as its leads run them: the list with the suggested
// dates to adopt, a form to add or change an event (with co-hosts from
// the directory), and its page with the sign-ups. Sign-up names are
// personal data: only the host network's leads (auth.SeesNames) see them;
// everyone else who may read the network sees how many signed up (for a
// members' event, as a count of members is shown: signUps).

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/members"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

func (s *Server) eventRoutes(m *http.ServeMux) {
	n := netRouter{s, m}
	read, edit := auth.ReadNetwork, auth.EditNetwork
	n.get("/events", read, s.netEvents)
	n.form("/events/new", edit, s.netEventForm)
	n.get("/events/{event}", read, s.netEvent)
	n.form("/events/{event}/edit", edit, s.netEventForm)
	n.get("/events/{event}/event.ics", read, s.netEventICS)
	n.post("/events/{event}/delete", edit, s.netEventDelete)
	n.post("/events/{event}/rsvps/remove", read, s.netRSVPRemove)
	s.meetingRoutes(n)
	s.calendarRoutes(m)
	s.publicEventRoutes(m)
}

type eventRow struct {
	Href, Title, When, For, SignUps, HostedBy string
}

type eventsView struct {
	netPage
	Tables      []eventTable // coming up, past
	Suggestions []suggestionRow
	Feed        string
}

type eventTable struct {
	Caption, Empty string
	Rows           []eventRow
}

type suggestionRow struct {
	Title, When, Description, Href string
}

// seesSignUps reports whether the viewer sees who signed up to e: the
// leads of the network running it, not of a co-host.
func (q *netReq) seesSignUps(e *store.EventEntry) bool {
	return q.seesNames() && e.NetworkID == q.Net.ID
}

// signUps says how many signed up, against the places. Everyone who
// signs up to a members' event is a member, so to anyone who does not see
// the names (names false) its count is worded as a count of members is
// (members.Count), and only once the event is over: a count that moved as
// members signed up would tell someone who looked twice how many had in
// between.
func signUps(e *store.EventEntry, names bool, now time.Time) string {
	n := fmt.Sprint(e.Taken)
	if !names && !e.Public() {
		if now.Before(e.End) {
			return "shown once the event is over"
		}
		n = members.Count(e.Taken, false)
	}
	s := n + " signed up"
	if e.Capacity > 0 {
		s += fmt.Sprintf(" of %d places", e.Capacity)
	}
	return s
}

func (s *Server) netEvents(w http.ResponseWriter, r *http.Request, q *netReq) {
	es, err := s.db.Events(r.Context(), store.EventFilter{NetworkID: q.Net.ID})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &eventsView{netPage: q.pageFor(r, "events"), Feed: fmt.Sprintf("%s/networks/%d/events.ics", siteURL(r), q.Net.ID)}
	hn := s.newHostNamer(r)
	now := time.Now()
	up, past := eventTable{Caption: "Coming up", Empty: "No events coming up."}, eventTable{Caption: "Past events", Empty: "No past events."}
	for i := range es {
		e := &es[i]
		row := eventRow{Href: fmt.Sprintf("%s/events/%d", q.Base, e.ID), Title: e.Title, When: network.FormatWhen(e.Start, e.End),
			For: e.Visibility.Label(), SignUps: signUps(e, q.seesSignUps(e), now)}
		// The other networks running it: the host, when it is not this
		// network, and the co-hosts but this one.
		hn.hosts(e)
		var others []string
		for _, id := range append([]int64{e.NetworkID}, e.CoHosts...) {
			if id != q.Net.ID {
				others = append(others, hn.name(id))
			}
		}
		row.HostedBy = strings.Join(others, ", ")
		if e.End.Before(now) {
			past.Rows = append([]eventRow{row}, past.Rows...) // latest first
		} else {
			up.Rows = append(up.Rows, row)
		}
	}
	v.Tables = []eventTable{up, past}
	ss, err := network.Suggestions()
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, u := range network.UpcomingSuggestions(ss, netToday()) {
		row := suggestionRow{Title: u.Title, When: u.When(), Description: u.Description}
		if q.Acc.Edit {
			row.Href = q.Base + "/events/new?suggestion=" + u.ID
		}
		v.Suggestions = append(v.Suggestions, row)
	}
	switch r.URL.Query().Get("saved") {
	case "event":
		v.Saved = "The event is saved."
	case "deleted":
		v.Saved = "The event and its sign-ups are deleted."
	}
	s.render(w, r, http.StatusOK, "network_events", page{Title: "Events – " + q.Net.Name, Data: v})
}

// loadEvent reads the {event} of the request's network, made or
// co-hosted by it; any other event is not found.
func (s *Server) loadEvent(w http.ResponseWriter, r *http.Request, networkID int64) *store.EventEntry {
	e, _ := loadByPath(s, w, r, "event", func(ctx context.Context, id int64) (*store.EventEntry, error) {
		return s.db.Event(ctx, networkID, id)
	})
	return e
}

type eventFormView struct {
	netPage
	New                                bool
	Action                             string
	E                                  *network.Event
	Date, StartTime, EndTime, Capacity string
	CoHosts                            []Option // the organisation's other networks
	CoHostsOther                       string   // directory numbers of other organisations' networks
	Visibilities                       []Option
}

func (s *Server) netEventForm(w http.ResponseWriter, r *http.Request, q *netReq) {
	e := &network.Event{NetworkID: q.Net.ID, Visibility: network.VisiblePublic}
	isNew := r.PathValue("event") == ""
	if !isNew {
		entry := s.loadEvent(w, r, q.Net.ID)
		if entry == nil {
			return
		}
		if entry.NetworkID != q.Net.ID {
			s.error(w, r, http.StatusForbidden, "Only the network that made this event can change it.")
			return
		}
		e = &entry.Event
	} else if id := r.URL.Query().Get("suggestion"); id != "" && r.Method == http.MethodGet {
		ss, err := network.Suggestions()
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, u := range network.UpcomingSuggestions(ss, netToday()) {
			if u.ID == id {
				adopted := network.EventFromSuggestion(u)
				adopted.NetworkID = q.Net.ID
				e = &adopted
			}
		}
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		errs = network.ReadEventForm(network.Form(r.PostForm), e)
		errs = append(errs, e.Validate(time.Now())...)
		errs = append(errs, s.checkCoHosts(r, e)...)
		if len(errs) == 0 {
			if !s.done(w, r, createOrUpdate(isNew, s.db.CreateEvent, s.db.UpdateEvent)(r.Context(), e)) {
				return
			}
			http.Redirect(w, r, fmt.Sprintf("%s/events/%d?saved=event", q.Base, e.ID), http.StatusSeeOther)
			return
		}
	}
	v := &eventFormView{netPage: q.pageFor(r, "events"), New: isNew, E: e,
		Date: network.DateValue(e.Start), StartTime: network.ClockValue(e.Start), EndTime: network.ClockValue(e.End)}
	if e.Capacity > 0 {
		v.Capacity = strconv.Itoa(e.Capacity)
	}
	v.Action = q.Base + "/events/new"
	if !isNew {
		v.Action = fmt.Sprintf("%s/events/%d/edit", q.Base, e.ID)
	}
	if r.Method == http.MethodPost {
		v.Date, v.StartTime, v.EndTime, v.Capacity = r.PostForm.Get("date"), r.PostForm.Get("start_time"), r.PostForm.Get("end_time"), r.PostForm.Get("capacity")
	}
	same, err := s.db.Networks(r.Context(), store.NetworkFilter{Org: q.Net.OrgCode})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	listed := map[int64]bool{}
	for _, n := range same {
		if n.ID == q.Net.ID {
			continue
		}
		listed[n.ID] = true
		v.CoHosts = append(v.CoHosts, Option{Value: strconv.FormatInt(n.ID, 10), Label: publicNetworkName(&n.Network, n.OrgName),
			Checked: slices.Contains(e.CoHosts, n.ID)})
	}
	var other []string
	for _, id := range e.CoHosts {
		if !listed[id] {
			other = append(other, strconv.FormatInt(id, 10))
		}
	}
	v.CoHostsOther = strings.Join(other, ", ")
	if r.Method == http.MethodPost {
		v.CoHostsOther = r.PostForm.Get("co_hosts_other")
	}
	v.Visibilities = optionsOf(network.Visibilities, network.Visibility.Label, string(e.Visibility))
	title := "Add an event"
	if !isNew {
		title = "Change the event"
	}
	s.renderForm(w, r, "network_event_form", title+" – "+q.Net.Name, v, errs)
}

// checkCoHosts reports co-hosts that are not networks in the directory.
func (s *Server) checkCoHosts(r *http.Request, e *network.Event) network.FieldErrors {
	for _, id := range e.CoHosts {
		if _, err := s.db.Network(r.Context(), id); err != nil {
			return network.FieldErrors{{Field: "co_hosts_other", Message: fmt.Sprintf("There is no network number %d in the directory: check the number in its directory address", id)}}
		}
	}
	return nil
}

type eventView struct {
	netPage
	E        *store.EventEntry
	When     string
	Hosts    string
	SignUps  string
	Names    bool
	RSVPs    []network.RSVP
	CanEdit  bool
	Public   string // the public page, for a public event
	Calendar string
}

func (s *Server) netEvent(w http.ResponseWriter, r *http.Request, q *netReq) {
	e := s.loadEvent(w, r, q.Net.ID)
	if e == nil {
		return
	}
	// Names only for the host network's leads: a co-host's leads see the
	// count, like a sponsor.
	names := q.seesSignUps(e)
	v := &eventView{netPage: q.pageFor(r, "events"), E: e, When: network.FormatWhen(e.Start, e.End),
		Hosts: strings.Join(s.newHostNamer(r).hosts(e), ", "), SignUps: signUps(e, names, time.Now()), Names: names,
		CanEdit: q.Acc.Edit && e.NetworkID == q.Net.ID, Calendar: fmt.Sprintf("%s/events/%d/event.ics", q.Base, e.ID)}
	if e.Public() {
		v.Public = fmt.Sprintf("/networks/%d/events/%d", e.NetworkID, e.ID)
	}
	if names {
		var err error
		if v.RSVPs, err = s.db.RSVPs(r.Context(), e.ID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	switch r.URL.Query().Get("saved") {
	case "event":
		v.Saved = "The event is saved."
	case "removed":
		v.Saved = "The sign-up is removed."
	}
	s.render(w, r, http.StatusOK, "network_event", page{Title: e.Title + " – " + q.Net.Name, Data: v})
}

func (s *Server) netEventICS(w http.ResponseWriter, r *http.Request, q *netReq) {
	e := s.loadEvent(w, r, q.Net.ID)
	if e == nil {
		return
	}
	s.writeEventICS(w, r, e)
}

// netEventDelete deletes an event the network made, with its sign-ups,
// and records it in the audit log (the count, never who signed up).
func (s *Server) netEventDelete(w http.ResponseWriter, r *http.Request, q *netReq) {
	e := s.loadEvent(w, r, q.Net.ID)
	if e == nil {
		return
	}
	// A co-hosted event, not made here, is not found: only its own network
	// deletes it.
	if !s.found(w, r, s.db.DeleteEvent(r.Context(), q.Net.ID, e.ID)) {
		return
	}
	s.audit(r, "event deleted", fmt.Sprintf("network %d, event %d", q.Net.ID, e.ID), fmt.Sprintf("%q with %d sign-up%s", e.Title, e.Taken, plural(e.Taken)))
	http.Redirect(w, r, q.Base+"/events?saved=deleted", http.StatusSeeOther)
}

// netRSVPRemove removes one sign-up, as its person asked. Only those who
// see the names (the host network's leads) may: anyone else would be
// guessing addresses.
func (s *Server) netRSVPRemove(w http.ResponseWriter, r *http.Request, q *netReq) {
	e := s.loadEvent(w, r, q.Net.ID)
	if e == nil {
		return
	}
	if !q.seesNames() || e.NetworkID != q.Net.ID {
		s.error(w, r, http.StatusForbidden, "Only the leads of the network running the event can change its sign-ups.")
		return
	}
	err := s.db.DeleteRSVP(r.Context(), e.ID, strings.ToLower(strings.TrimSpace(r.PostFormValue("email"))))
	if !s.foundOr(w, r, err, http.StatusNotFound, "That address has not signed up for this event.") {
		return
	}
	s.audit(r, "event sign-up removed", fmt.Sprintf("network %d, event %d", q.Net.ID, e.ID), "at its person's request; the address is not logged")
	http.Redirect(w, r, fmt.Sprintf("%s/events/%d?saved=removed", q.Base, e.ID), http.StatusSeeOther)
}
