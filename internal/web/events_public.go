package web

// The public side of a network's events and meetings: the event page, the
// sign-up (RSVP) form, single-item calendar files, and what the
// directory's network page shows of the network's life (the next meeting
// if the network publishes it, and its upcoming public events). Only
// public events are ever shown here; a members' event is not found.
//
// The sign-up form is open to anyone (any member of staff, signed in or
// not), so it cannot use the session's CSRF token. It uses a
// double-submit token instead: a random value in a cookie of its own and
// in the form, which a page on another site can neither read nor set;
// http.CrossOriginProtection (see Handler) checks the origin as well.

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

func (s *Server) publicEventRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /networks/{id}/events/{event}", s.publicEvent)
	m.HandleFunc("GET /networks/{id}/events/{event}/rsvp", s.publicRSVP)
	m.HandleFunc("POST /networks/{id}/events/{event}/rsvp", s.publicRSVP)
	m.HandleFunc("GET /networks/{id}/events/{event}/event.ics", s.publicEventICS)
	m.HandleFunc("GET /networks/{id}/meetings/{meeting}/meeting.ics", s.publicMeetingICS)
}

const formCookie = "staffnet_form"

// formToken returns the double-submit token, setting its cookie on first
// use.
func formToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(formCookie); err == nil && len(c.Value) >= 32 {
		return c.Value
	}
	t := auth.NewToken()
	http.SetCookie(w, &http.Cookie{Name: formCookie, Value: t, Path: "/", HttpOnly: true, Secure: secure(r), SameSite: http.SameSiteStrictMode})
	return t
}

// formTokenOK reports whether a POST carries the token of its cookie.
func formTokenOK(r *http.Request) bool {
	c, err := r.Cookie(formCookie)
	return err == nil && len(c.Value) >= 32 && subtle.ConstantTimeCompare([]byte(r.PostFormValue("_csrf")), []byte(c.Value)) == 1
}

// loadPublicEvent reads the {event} of the {id} network if it is public;
// a members' event, or one of another network, is not found.
func (s *Server) loadPublicEvent(w http.ResponseWriter, r *http.Request) (*store.NetworkEntry, *store.EventEntry) {
	n := s.loadNetwork(w, r)
	if n == nil {
		return nil, nil
	}
	e := s.loadEvent(w, r, n.ID)
	if e == nil {
		return nil, nil
	}
	if !e.Public() {
		s.notFound(w, r)
		return nil, nil
	}
	return n, e
}

type publicEventView struct {
	E           *store.EventEntry
	Network     string // the network whose page led here
	NetworkHref string
	When        string
	Hosts       string
	Places      string // places left, or "" for no limit
	Full, Over  bool
	RSVP        string
	Calendar    string
	SignedUp    bool
	Form        rsvpForm
}

type rsvpForm struct {
	formState
	Name, Email string
}

func (s *Server) publicEventView(r *http.Request, n *store.NetworkEntry, e *store.EventEntry) *publicEventView {
	base := fmt.Sprintf("/networks/%d/events/%d", n.ID, e.ID)
	v := &publicEventView{E: e, Network: publicNetworkName(&n.Network, n.OrgName), NetworkHref: fmt.Sprintf("/networks/%d", n.ID),
		When: network.FormatWhen(e.Start, e.End), Hosts: strings.Join(s.newHostNamer(r).hosts(e), ", "),
		RSVP: base + "/rsvp", Calendar: base + "/event.ics", Over: e.End.Before(time.Now())}
	if left := e.Places(e.Taken); left >= 0 {
		v.Full = left == 0
		v.Places = fmt.Sprintf("%d of %d places left", left, e.Capacity)
	}
	return v
}

func (s *Server) publicEvent(w http.ResponseWriter, r *http.Request) {
	n, e := s.loadPublicEvent(w, r)
	if e == nil {
		return
	}
	v := s.publicEventView(r, n, e)
	v.SignedUp = r.URL.Query().Get("signed") == "up"
	s.render(w, r, http.StatusOK, "networks_event", page{Title: e.Title, Data: v})
}

func (s *Server) publicRSVP(w http.ResponseWriter, r *http.Request) {
	n, e := s.loadPublicEvent(w, r)
	if e == nil {
		return
	}
	v := s.publicEventView(r, n, e)
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		if !formTokenOK(r) {
			s.error(w, r, http.StatusForbidden, "This form has expired. Go back, reload the page and try again.")
			return
		}
		var rsvp network.RSVP
		rsvp, errs = network.ReadRSVPForm(network.Form(r.PostForm))
		v.Form.Name, v.Form.Email = r.PostForm.Get("name"), r.PostForm.Get("email")
		if len(errs) == 0 {
			err := s.db.AddRSVP(r.Context(), e.ID, rsvp, time.Now())
			var refused network.SignUpError
			switch {
			case err == nil:
				http.Redirect(w, r, fmt.Sprintf("/networks/%d/events/%d?signed=up", n.ID, e.ID), http.StatusSeeOther)
				return
			case errors.As(err, &refused):
				errs = network.FieldErrors{{Field: "email", Message: refused.Error()}}
				if refused != network.ErrAlreadySignedUp {
					errs[0].Field = "name"
				}
			default:
				s.serverError(w, r, err)
				return
			}
		}
	}
	s.renderFormPage(w, r, "networks_rsvp", page{Title: "Sign up: " + e.Title, Data: v, CSRF: formToken(w, r)}, &v.Form.formState, errs)
}

func (s *Server) publicEventICS(w http.ResponseWriter, r *http.Request) {
	_, e := s.loadPublicEvent(w, r)
	if e == nil {
		return
	}
	s.writeEventICS(w, r, e)
}

// publicMeetingICS is the calendar file of a meeting the network
// publishes: its date, time and place, never its agenda.
func (s *Server) publicMeetingICS(w http.ResponseWriter, r *http.Request) {
	n := s.loadNetwork(w, r)
	if n == nil {
		return
	}
	id, ok := pathID(r, "meeting")
	if !ok {
		s.notFound(w, r)
		return
	}
	m, err := s.db.Meeting(r.Context(), n.ID, id)
	if err != nil || !m.Publish {
		s.notFound(w, r)
		return
	}
	name := publicNetworkName(&n.Network, n.OrgName)
	writeICS(w, r, fmt.Sprintf("meeting-%d.ics", m.ID), name, meetingICal(r, m, name, fmt.Sprintf("/networks/%d", n.ID), false))
}

// networkLife is what the directory's network page shows of the
// network's meetings and events.
type networkLife struct {
	NextMeeting *lifeMeeting
	Events      []lifeEvent
	Feed        string
}

type lifeMeeting struct {
	When, Place, Online, Calendar string
}

type lifeEvent struct {
	Title, When, Href, Hosts, Places string
}

// upcomingOnPage bounds the events the network page lists.
const upcomingOnPage = 10

func (s *Server) networkLife(r *http.Request, n *store.NetworkEntry) (*networkLife, error) {
	l := &networkLife{Feed: fmt.Sprintf("/networks/%d/events.ics", n.ID)}
	now := time.Now()
	m, err := s.db.NextMeeting(r.Context(), n.ID, now, true)
	switch {
	case err == nil:
		l.NextMeeting = &lifeMeeting{When: network.FormatWhen(m.Start, m.End), Place: m.Place, Online: m.OnlineURL,
			Calendar: fmt.Sprintf("/networks/%d/meetings/%d/meeting.ics", n.ID, m.ID)}
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	es, err := s.db.Events(r.Context(), store.EventFilter{NetworkID: n.ID, Public: true, From: now, Limit: upcomingOnPage})
	if err != nil {
		return nil, err
	}
	hn := s.newHostNamer(r)
	for i := range es {
		e := &es[i]
		le := lifeEvent{Title: e.Title, When: network.FormatWhen(e.Start, e.End), Href: fmt.Sprintf("/networks/%d/events/%d", n.ID, e.ID)}
		if hosts := hn.hosts(e); len(hosts) > 1 {
			le.Hosts = strings.Join(hosts, ", ")
		}
		if left := e.Places(e.Taken); left == 0 {
			le.Places = "Full"
		}
		l.Events = append(l.Events, le)
	}
	return l, nil
}
