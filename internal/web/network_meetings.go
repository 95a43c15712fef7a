package web

// A network's meetings: the list (with the meeting dates recorded by hand
// before meetings were kept), a form to add or change one, its page and
// its calendar file, and turning an agreed action into a work-plan
// objective. Names of attendees are personal data: only accounts that
// auth.SeesNames allows see them or the field to enter them; others keep
// whatever names were stored.

import (
	"context"
	"errors"
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

func (s *Server) meetingRoutes(n netRouter) {
	read, edit := auth.ReadNetwork, auth.EditNetwork
	n.page("/meetings", edit, s.netMeetings)
	n.form("/meetings/new", edit, s.netMeetingForm)
	n.get("/meetings/{meeting}", read, s.netMeeting)
	n.form("/meetings/{meeting}/edit", edit, s.netMeetingForm)
	n.get("/meetings/{meeting}/meeting.ics", read, s.netMeetingICS)
	n.post("/meetings/{meeting}/delete", edit, s.netMeetingDelete)
	n.post("/meetings/{meeting}/actions/{action}/objective", auth.EditWorkPlan, s.netActionObjective)
}

// seesNames reports whether the request's account may see the names of
// the network's attendees and sign-ups.
func (q *netReq) seesNames() bool {
	return auth.SeesNames(q.User.Role, q.User.Org, q.User.NetworkID, q.Net.OrgCode, q.Net.ID)
}

type meetingRow struct {
	Href, When, Place, Minutes, Attendance string
}

type meetingsView struct {
	netPage
	Upcoming, Past     []meetingRow
	Last, Next         string // the dates recorded by hand, for people
	LastValue, NextVal string // the form's values
}

func (s *Server) netMeetings(w http.ResponseWriter, r *http.Request, q *netReq) {
	p, rec, err := s.recordPage(r, q, "meetings")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ms, err := s.db.Meetings(r.Context(), q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// The form edits the hand-kept dates only; rec has them merged with
	// the meetings'.
	last, next, err := s.db.HandKeptMeetingDates(r.Context(), q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		if last, next, errs = network.ReadMeetingsForm(network.Form(r.PostForm), netToday()); len(errs) == 0 {
			s.afterSave(w, r, s.db.SaveMeetings(r.Context(), q.Net.ID, last, next), q.Base+"/meetings?saved=meetings")
			return
		}
	}
	v := &meetingsView{netPage: p, Last: dateOrNever(rec.LastMinutes), Next: dateOrNever(rec.NextMeeting), LastValue: dateValue(last), NextVal: dateValue(next)}
	now := time.Now()
	for _, m := range ms {
		row := meetingRow{Href: fmt.Sprintf("%s/meetings/%d", q.Base, m.ID), When: network.FormatWhen(m.Start, m.End),
			Place: placeText(m.Place, m.OnlineURL), Minutes: m.MinutesStatus.Label(), Attendance: attendance(m.Attendance, q.seesNames())}
		if m.MinutesStatus == network.MinutesApproved {
			row.Minutes += " on " + network.FormatDate(m.ApprovedOn)
		}
		if m.End.Before(now) {
			v.Past = append(v.Past, row)
		} else {
			v.Upcoming = append([]meetingRow{row}, v.Upcoming...) // soonest first
		}
	}
	s.renderForm(w, r, "network_meetings", "Meetings – "+q.Net.Name, v, errs)
}

// placeText is a place and online link for a list.
func placeText(place, online string) string {
	switch {
	case place != "" && online != "":
		return place + " and online"
	case place != "":
		return place
	case online != "":
		return "Online"
	}
	return ""
}

// loadMeeting reads the {meeting} of the request's network; a meeting of
// another network is not found.
func (s *Server) loadMeeting(w http.ResponseWriter, r *http.Request, q *netReq) *network.Meeting {
	m, _ := loadByPath(s, w, r, "meeting", func(ctx context.Context, id int64) (*network.Meeting, error) {
		return s.db.Meeting(ctx, q.Net.ID, id)
	})
	return m
}

type actionRow struct {
	Text, Owner, Due string
	Added            bool
	Href             string // the "add to the work plan" form's action, once saved
}

type meetingFormView struct {
	netPage
	New                                  bool
	Action                               string
	Date, StartTime, EndTime, Attendance string
	M                                    *network.Meeting
	Papers, Attendees, Decisions         string
	Actions                              []actionRow
	Names                                bool
	Statuses                             []Option
}

func (s *Server) netMeetingForm(w http.ResponseWriter, r *http.Request, q *netReq) {
	m := &network.Meeting{NetworkID: q.Net.ID}
	isNew := r.PathValue("meeting") == ""
	if !isNew {
		if m = s.loadMeeting(w, r, q); m == nil {
			return
		}
	}
	names := q.seesNames()
	keepNames, keepConsent, keepAttendance := m.Attendees, m.AttendeesConsent, m.Attendance
	blank := 1
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		f := network.Form(r.PostForm)
		blank, errs = network.ReadMeetingForm(f, m)
		if !names {
			// The form had no names or attendance to show this account
			// (attendance counts members); keep the stored ones.
			m.Attendees, m.AttendeesConsent, m.Attendance = keepNames, keepConsent, keepAttendance
			errs = slices.DeleteFunc(errs, func(e network.FieldError) bool { return e.Field == "attendance" })
		}
		errs = append(errs, m.Validate(netToday())...)
		if len(errs) == 0 && f.Get("_action") != "add_action" {
			if !s.done(w, r, createOrUpdate(isNew, s.db.CreateMeeting, s.db.UpdateMeeting)(r.Context(), m)) {
				return
			}
			http.Redirect(w, r, fmt.Sprintf("%s/meetings/%d?saved=meeting", q.Base, m.ID), http.StatusSeeOther)
			return
		}
		if f.Get("_action") == "add_action" {
			errs = nil // adding a row is not a save: no errors yet
		}
	}
	v := &meetingFormView{netPage: q.pageFor(r, "meetings"), New: isNew, M: m, Names: names,
		Date: network.DateValue(m.Start), StartTime: network.ClockValue(m.Start), EndTime: network.ClockValue(m.End),
		Attendance: strconv.Itoa(m.Attendance), Decisions: strings.Join(m.Decisions, "\n"), Attendees: strings.Join(m.Attendees, "\n")}
	v.Action = q.Base + "/meetings/new"
	if !isNew {
		v.Action = fmt.Sprintf("%s/meetings/%d/edit", q.Base, m.ID)
	}
	var papers []string
	for _, p := range m.Papers {
		papers = append(papers, p.Title+" "+p.URL)
	}
	v.Papers = strings.Join(papers, "\n")
	if r.Method == http.MethodPost {
		// Show what was typed, not what could be read from it.
		v.Date, v.StartTime, v.EndTime = r.PostForm.Get("date"), r.PostForm.Get("start_time"), r.PostForm.Get("end_time")
		v.Attendance, v.Papers = r.PostForm.Get("attendance"), r.PostForm.Get("papers")
	}
	for _, a := range m.Actions {
		v.Actions = append(v.Actions, actionRow{Text: a.Text, Owner: a.Owner, Due: dateValue(a.Due), Added: a.ObjectiveAdded})
	}
	for range blank {
		v.Actions = append(v.Actions, actionRow{})
	}
	for _, st := range network.MinutesStatuses {
		label := st.Label()
		if st == network.MinutesNone {
			label = "No minutes yet"
		}
		v.Statuses = append(v.Statuses, Option{Value: string(st), Label: label, Checked: st == m.MinutesStatus})
	}
	title := "Add a meeting"
	if !isNew {
		title = "Change the meeting"
	}
	s.renderForm(w, r, "network_meeting_form", title+" – "+q.Net.Name, v, errs)
}

type meetingView struct {
	netPage
	M          *network.Meeting
	When       string
	Attendance string
	Names      bool
	CanPlan    bool
	Actions    []actionRow
}

// attendance is how many came to a meeting, as someone who may (names)
// or may not see who came reads it: who comes to a BME network's meeting
// tells their ethnicity, so to anyone but the leads it is a count of
// members and reads as one does (members.Count).
func attendance(n int, names bool) string { return members.Count(n, names) }

func (s *Server) netMeeting(w http.ResponseWriter, r *http.Request, q *netReq) {
	m := s.loadMeeting(w, r, q)
	if m == nil {
		return
	}
	v := &meetingView{netPage: q.pageFor(r, "meetings"), M: m, When: network.FormatWhen(m.Start, m.End), Names: q.seesNames(), CanPlan: q.Acc.EditWorkPlan}
	v.Attendance = attendance(m.Attendance, v.Names)
	switch r.URL.Query().Get("saved") {
	case "meeting":
		v.Saved = "The meeting is saved."
	case "objective":
		v.Saved = "The action is added to the work plan as a new objective."
	}
	for i, a := range m.Actions {
		v.Actions = append(v.Actions, actionRow{Text: a.Text, Owner: orText(a.Owner, "Not named"), Due: dateOrNever(a.Due), Added: a.ObjectiveAdded,
			Href: fmt.Sprintf("%s/meetings/%d/actions/%d/objective", q.Base, m.ID, i)})
	}
	s.render(w, r, http.StatusOK, "network_meeting", page{Title: "Meeting on " + network.FormatDate(network.Day(m.Start.In(network.London))) + " – " + q.Net.Name, Data: v})
}

func (s *Server) netActionObjective(w http.ResponseWriter, r *http.Request, q *netReq) {
	m := s.loadMeeting(w, r, q)
	if m == nil {
		return
	}
	i, err := strconv.Atoi(r.PathValue("action"))
	if err != nil {
		s.error(w, r, http.StatusNotFound, "")
		return
	}
	err = s.db.ActionToObjective(r.Context(), q.Net.ID, m.ID, i, netToday())
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.error(w, r, http.StatusNotFound, "")
		return
	case errors.Is(err, store.ErrAlreadyAdded):
		s.error(w, r, http.StatusConflict, "This action is already in the work plan.")
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("%s/meetings/%d?saved=objective", q.Base, m.ID), http.StatusSeeOther)
}

func (s *Server) netMeetingDelete(w http.ResponseWriter, r *http.Request, q *netReq) {
	m := s.loadMeeting(w, r, q)
	if m == nil {
		return
	}
	if err := s.db.DeleteMeeting(r.Context(), q.Net.ID, m.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.audit(r, "meeting deleted", fmt.Sprintf("network %d, meeting %d", q.Net.ID, m.ID), network.FormatWhen(m.Start, m.End))
	http.Redirect(w, r, q.Base+"/meetings?saved=meeting-deleted", http.StatusSeeOther)
}

func (s *Server) netMeetingICS(w http.ResponseWriter, r *http.Request, q *netReq) {
	m := s.loadMeeting(w, r, q)
	if m == nil {
		return
	}
	name := publicNetworkName(&q.Net.Network, q.Net.OrgName)
	if q.Acc.ViewDrafts && q.Net.Name != "" {
		name = q.Net.Name
	}
	ev := meetingICal(r, m, name, fmt.Sprintf("%s/meetings/%d", q.Base, m.ID), true)
	writeICS(w, r, fmt.Sprintf("meeting-%d.ics", m.ID), name, ev)
}
