package web

// A member's sign-ups from their own membership page: the upcoming events
// of their network (made or co-hosted by it, members-only and public),
// each with a button to sign up or cancel. The member signs up with the
// name and email of their confirmed membership, under the same rules as
// the public form (store.AddRSVP: one place per address, capacity, not
// after the end). This is the only way onto a members-only event: being
// a confirmed member of a network running it is what lets you on.
//
// Like the other membership forms (manage, leave), these posts carry no
// CSRF token: the unguessable token in the path is the secret, and
// http.CrossOriginProtection (see Handler) refuses posts from other sites.

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/members"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

func (s *Server) memberEventRoutes(m *http.ServeMux) {
	m.HandleFunc("POST /membership/{token}/events/{event}", s.memberSignUp)
	m.HandleFunc("POST /membership/{token}/events/{event}/cancel", s.memberSignUp)
}

// memberEvent is one row of the member's events list.
type memberEvent struct {
	ID                       int64
	Title, When, For, Places string
	SignedUp, Full           bool
	Action                   string // the button's form posts here
}

// memberEvents lists the upcoming events of m's network for its page.
func (s *Server) memberEvents(r *http.Request, m *members.Member, manage string) ([]memberEvent, error) {
	es, err := s.db.Events(r.Context(), store.EventFilter{NetworkID: m.NetworkID, From: time.Now()})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(es))
	for i := range es {
		ids[i] = es[i].ID
	}
	signed, err := s.db.SignedUp(r.Context(), m.Email, ids)
	if err != nil {
		return nil, err
	}
	out := make([]memberEvent, 0, len(es))
	for i := range es {
		e := &es[i]
		row := memberEvent{ID: e.ID, Title: e.Title, When: network.FormatWhen(e.Start, e.End), For: e.Visibility.Label(),
			SignedUp: signed[e.ID], Action: fmt.Sprintf("%s/events/%d", manage, e.ID)}
		if left := e.Places(e.Taken); left >= 0 {
			row.Full = left == 0
			switch {
			case e.Public():
				row.Places = fmt.Sprintf("%d of %d places left", left, e.Capacity)
			case row.Full:
				row.Places = "Full"
			default:
				// Everyone signed up to a members' event is a member, and
				// places left would count them, live; a member needs to know
				// only whether there is room.
				row.Places = "Places left"
			}
		}
		if row.SignedUp {
			row.Action += "/cancel"
		}
		out = append(out, row)
	}
	return out, nil
}

// memberSignUp signs the member of the link up for an event of their
// network, or cancels their place. An event their network neither made
// nor co-hosts is not found, whoever's link it is. A refusal re-renders
// the membership page with the reason in the error summary, pointing at
// the event's button.
func (s *Server) memberSignUp(w http.ResponseWriter, r *http.Request) {
	m := s.member(w, r)
	if m == nil {
		return
	}
	e := s.loadEvent(w, r, m.NetworkID)
	if e == nil {
		return
	}
	manage := "/membership/" + r.PathValue("token")
	now := time.Now()
	cancel := strings.HasSuffix(r.URL.Path, "/cancel")
	var err error
	switch {
	case cancel && e.End.Before(now):
		err = network.ErrEventOver
	case cancel:
		if err = s.db.DeleteRSVP(r.Context(), e.ID, m.Email); errors.Is(err, store.ErrNotFound) {
			err = network.SignUpError("You have no place at this event to cancel")
		}
	default:
		err = s.db.AddRSVP(r.Context(), e.ID, network.RSVP{Name: m.Name, Email: m.Email}, now)
	}
	var refused network.SignUpError
	switch {
	case err == nil:
		done := "up"
		if cancel {
			done = "off"
		}
		http.Redirect(w, r, manage+"?signed="+done+"#events", http.StatusSeeOther)
	case errors.As(err, &refused):
		msg := refused.Error()
		if refused == network.ErrAlreadySignedUp {
			msg = "You have already signed up for this event"
		}
		s.renderManage(w, r, m, manage, network.FieldErrors{{Field: "event-" + strconv.FormatInt(e.ID, 10), Message: e.Title + ": " + msg}})
	default:
		s.serverError(w, r, err)
	}
}
