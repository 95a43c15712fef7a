package network

// Reading the meeting and event forms. Like forms.go, the rules for rows
// (a blank action row is dropped, "add another" shows one more) live
// here so that the pages work without JavaScript.

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ReadMeetingForm reads the meeting form into m, keeping m's id, network
// and calendar fields, and returns how many blank action rows to show
// again and the errors of reading (Validate adds the rest).
func ReadMeetingForm(f Form, m *Meeting) (blankActions int, es FieldErrors) {
	m.Start, m.End, es = ReadWhen(f)
	m.Place = f.trim("place")
	m.OnlineURL = f.trim("online_url")
	m.Agenda = strings.TrimSpace(f.Get("agenda"))
	m.Papers = nil
	for i, l := range lines(f.Get("papers")) {
		k := strings.LastIndexAny(l, " \t")
		if k < 0 {
			es = append(es, FieldError{"papers", fmt.Sprintf("Paper %d: write its title, then a space, then its link", i+1)})
			continue
		}
		p := Paper{Title: strings.TrimSpace(l[:k]), URL: strings.TrimSpace(l[k+1:])}
		if p.Title == "" || !webURL(p.URL) {
			es = append(es, FieldError{"papers", fmt.Sprintf("Paper %d: write its title, then a space, then its link starting https://", i+1)})
			continue
		}
		m.Papers = append(m.Papers, p)
	}
	m.Attendance = f.wholeNumber("attendance", "Enter attendance as a whole number, like 14", &es)
	m.Attendees = lines(f.Get("attendees"))
	m.AttendeesConsent = f.Get("attendees_consent") == "true"
	m.Minutes = strings.TrimSpace(f.Get("minutes"))
	m.MinutesStatus = MinutesStatus(f.Get("minutes_status"))
	if !validMinutesStatus(m.MinutesStatus) {
		m.MinutesStatus = "invalid"
	}
	approved, ok := ParseDate(f.Get("approved_on"))
	if !ok {
		es = append(es, FieldError{"approved_on", "Enter the date the minutes were approved as a real date, like 2026-03-31"})
	}
	m.ApprovedOn = approved
	if m.MinutesStatus != MinutesApproved {
		m.ApprovedOn = time.Time{}
	}
	m.Decisions = lines(f.Get("decisions"))
	m.Publish = f.Get("publish") == "true"
	rows := f.rows("action_rows")
	m.Actions = nil
	for i := range rows {
		p := fmt.Sprintf("actions-%d-", i)
		a := MeetingAction{Text: f.trim(p + "text"), Owner: f.trim(p + "owner"), ObjectiveAdded: f.Get(p+"added") == "yes"}
		due, ok := ParseDate(f.Get(p + "due"))
		if !ok {
			es = append(es, FieldError{fmt.Sprintf("actions[%d].due", len(m.Actions)), "Enter the due date as a real date, like 2026-06-30"})
		}
		a.Due = due
		if a.Text == "" && a.Owner == "" && a.Due.IsZero() {
			continue
		}
		m.Actions = append(m.Actions, a)
	}
	return blankRows(rows, len(m.Actions), f.adding("add_action")), es
}

// ReadEventForm reads the event form into e, keeping e's id, network and
// calendar fields. Co-hosts are the ticked networks of the organisation
// and the directory numbers typed in co_hosts_other; whether those exist
// is the caller's to check.
func ReadEventForm(f Form, e *Event) FieldErrors {
	var es FieldErrors
	e.Title = f.trim("title")
	e.Description = strings.TrimSpace(f.Get("description"))
	e.Start, e.End, es = ReadWhen(f)
	e.Place = f.trim("place")
	e.OnlineURL = f.trim("online_url")
	e.Accessibility = strings.TrimSpace(f.Get("accessibility"))
	e.Capacity = f.wholeNumber("capacity", "Enter the number of places as a whole number, or leave it empty for no limit", &es)
	e.Visibility = Visibility(f.Get("visibility"))
	e.Suggestion = f.trim("suggestion")
	e.CoHosts = nil
	seen := map[int64]bool{}
	add := func(s string) bool {
		id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil || id <= 0 {
			return false
		}
		if !seen[id] && len(e.CoHosts) < MaxRows {
			seen[id] = true
			e.CoHosts = append(e.CoHosts, id)
		}
		return true
	}
	for _, s := range f["co_hosts"] {
		add(s)
	}
	for _, s := range strings.FieldsFunc(f.Get("co_hosts_other"), func(r rune) bool { return r == ',' || r == ' ' || r == '\n' }) {
		if !add(s) {
			es = append(es, FieldError{"co_hosts_other", fmt.Sprintf("%q is not a network number: use the number in the network's directory address, like 42 for /networks/42", s)})
			break
		}
	}
	return es
}

// EventFromSuggestion starts a new event from a suggestion in the year of
// its next dates: its title, description and first day (the first
// weekday, for a month or season), from 12:30 to 13:30, for all staff.
func EventFromSuggestion(u Upcoming) Event {
	day := u.First
	for day.Before(u.Last) && (day.Weekday() == time.Saturday || day.Weekday() == time.Sunday) {
		day = day.AddDate(0, 0, 1)
	}
	y, m, d := day.Date()
	return Event{Title: u.Title, Description: u.Description, Suggestion: u.ID, Visibility: VisiblePublic,
		Start: time.Date(y, m, d, 12, 30, 0, 0, London), End: time.Date(y, m, d, 13, 30, 0, 0, London)}
}
