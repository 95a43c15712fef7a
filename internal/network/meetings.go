package network

// Meetings: when and where a network meets, its agenda and papers, who
// came, the minutes with their approval, and the decisions and actions
// taken. A meeting replaces the bare NextMeeting and LastMinutes dates of
// Records: the store derives both from the meetings (see store.Records),
// keeping the old dates for networks that recorded them before.

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// MinutesStatus is how far a meeting's minutes have got.
type MinutesStatus string

// Minutes statuses. Minutes start as a draft; approving them records the
// date.
const (
	MinutesNone     MinutesStatus = ""
	MinutesDraft    MinutesStatus = "draft"
	MinutesApproved MinutesStatus = "approved"
)

// Label is the status's name for people.
func (s MinutesStatus) Label() string {
	switch s {
	case MinutesDraft:
		return "Draft"
	case MinutesApproved:
		return "Approved"
	}
	return "No minutes yet"
}

// Paper is one meeting paper: a link to it and its title. staffnet stores
// no files; papers live where the network already keeps them.
type Paper struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// MeetingAction is an action agreed at a meeting. ObjectiveAdded records
// that it was added to the work plan, so it is offered only once.
type MeetingAction struct {
	Text           string    `json:"text"`
	Owner          string    `json:"owner,omitempty"`
	Due            time.Time `json:"due,omitzero"`
	ObjectiveAdded bool      `json:"objective_added,omitempty"`
}

// Meeting is one meeting of a network. Start and End are instants (the
// form reads them as Europe/London wall-clock times). Attendance is a
// count; Attendees holds names only when AttendeesConsent says the people
// named agreed, since a list of who came to a BME network's meeting tells
// their ethnicity.
type Meeting struct {
	ID               int64           `json:"id"`
	NetworkID        int64           `json:"network_id"`
	UID              string          `json:"uid"` // the iCalendar UID, fixed at creation
	Sequence         int             `json:"sequence"`
	Start            time.Time       `json:"start"`
	End              time.Time       `json:"end"`
	Place            string          `json:"place,omitempty"`
	OnlineURL        string          `json:"online_url,omitempty"`
	Agenda           string          `json:"agenda,omitempty"`
	Papers           []Paper         `json:"papers,omitempty"`
	Attendance       int             `json:"attendance"`
	AttendeesConsent bool            `json:"attendees_consent,omitempty"`
	Attendees        []string        `json:"attendees,omitempty"`
	Minutes          string          `json:"minutes,omitempty"`
	MinutesStatus    MinutesStatus   `json:"minutes_status,omitempty"`
	ApprovedOn       time.Time       `json:"approved_on,omitzero"`
	Decisions        []string        `json:"decisions,omitempty"`
	Actions          []MeetingAction `json:"actions,omitempty"`
	Publish          bool            `json:"publish"` // show date and place on the public page
	Updated          time.Time       `json:"updated"`
}

// Title is what a calendar calls the meeting.
func (m *Meeting) Title(networkName string) string { return networkName + " meeting" }

// Validate checks a meeting. today is the calendar date in London; a
// meeting's minutes cannot be approved on a day still to come.
func (m *Meeting) Validate(today time.Time) FieldErrors {
	var es FieldErrors
	es = append(es, validateWhen(m.Start, m.End)...)
	es = append(es, validatePlace(m.Place, m.OnlineURL)...)
	if len(m.Agenda) > maxLong {
		es = append(es, FieldError{"agenda", fmt.Sprintf("Agenda must be %d characters or fewer", maxLong)})
	}
	for i, p := range m.Papers {
		if strings.TrimSpace(p.Title) == "" {
			es = append(es, FieldError{fmt.Sprintf("papers[%d].title", i), "Enter the title of the paper"})
		}
		if !webURL(p.URL) {
			es = append(es, FieldError{fmt.Sprintf("papers[%d].url", i), "Enter the paper's link in the correct format, like https://intranet.example.nhs.uk/papers/1"})
		}
	}
	if m.Attendance < 0 || m.Attendance > 100000 {
		es = append(es, FieldError{"attendance", "Attendance must be a number from 0 to 100000"})
	}
	if len(m.Attendees) > 0 && !m.AttendeesConsent {
		es = append(es, FieldError{"attendees_consent", "Confirm that everyone named agreed to be named, or remove the names"})
	}
	if len(m.Attendees) > m.Attendance && m.Attendance > 0 {
		es = append(es, FieldError{"attendance", "Attendance must be at least the number of people named"})
	}
	if len(m.Minutes) > 4*maxLong {
		es = append(es, FieldError{"minutes", fmt.Sprintf("Minutes must be %d characters or fewer", 4*maxLong)})
	}
	switch m.MinutesStatus {
	case MinutesNone:
		if strings.TrimSpace(m.Minutes) != "" {
			es = append(es, FieldError{"minutes_status", "Select whether the minutes are a draft or approved"})
		}
	case MinutesDraft:
	case MinutesApproved:
		if strings.TrimSpace(m.Minutes) == "" {
			es = append(es, FieldError{"minutes", "Enter the minutes before marking them approved"})
		}
		if m.ApprovedOn.IsZero() {
			es = append(es, FieldError{"approved_on", "Enter the date the minutes were approved"})
		} else if m.ApprovedOn.After(today) {
			es = append(es, FieldError{"approved_on", "Date the minutes were approved must be today or in the past"})
		} else if !m.Start.IsZero() && m.ApprovedOn.Before(Day(m.Start.In(London))) {
			es = append(es, FieldError{"approved_on", "Minutes cannot be approved before the meeting"})
		}
	default:
		es = append(es, FieldError{"minutes_status", "Select whether the minutes are a draft or approved"})
	}
	for i, a := range m.Actions {
		if strings.TrimSpace(a.Text) == "" {
			es = append(es, FieldError{fmt.Sprintf("actions[%d].text", i), "Enter the action"})
		} else if len(a.Text) > maxShort {
			es = append(es, FieldError{fmt.Sprintf("actions[%d].text", i), fmt.Sprintf("Action must be %d characters or fewer", maxShort)})
		}
	}
	return es
}

// Objective is the work-plan objective an action becomes: its text as the
// title, its owner (the network's leads when none was named) and due
// date, not started, with the meeting as its source.
func (a *MeetingAction) Objective(m *Meeting) Objective {
	owner := a.Owner
	if strings.TrimSpace(owner) == "" {
		owner = "Network leads"
	}
	return Objective{Title: a.Text, Owner: owner, Due: a.Due, Status: NotStarted, FromMeeting: m.ID}
}

// NextMeeting is the first meeting starting at or after now, or nil.
func NextMeeting(ms []Meeting, now time.Time) *Meeting {
	var next *Meeting
	for i := range ms {
		if !ms[i].Start.Before(now) && (next == nil || ms[i].Start.Before(next.Start)) {
			next = &ms[i]
		}
	}
	return next
}

// validateWhen checks a start and end read by ReadWhen: the zero time
// means the field was missing or not a date or time, and ReadWhen has
// already said so; here only the order is checked.
func validateWhen(start, end time.Time) FieldErrors {
	if !start.IsZero() && !end.IsZero() && !end.After(start) {
		return FieldErrors{{"end_time", "End time must be after the start time"}}
	}
	return nil
}

// validatePlace checks a place and online link: at least one, the link a
// web address.
func validatePlace(place, online string) FieldErrors {
	var es FieldErrors
	if strings.TrimSpace(place) == "" && strings.TrimSpace(online) == "" {
		es = append(es, FieldError{"place", "Enter where it takes place, an online link, or both"})
	}
	if len(place) > maxShort {
		es = append(es, FieldError{"place", fmt.Sprintf("Place must be %d characters or fewer", maxShort)})
	}
	if online != "" && !webURL(online) {
		es = append(es, FieldError{"online_url", "Enter the online link in the correct format, like https://teams.microsoft.com/l/meetup-join/…"})
	}
	return es
}

// webURL reports whether s is an http(s) address of sensible length.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && len(s) <= 2000
}

// MinutesStatuses lists the statuses a form offers.
var MinutesStatuses = []MinutesStatus{MinutesNone, MinutesDraft, MinutesApproved}

func validMinutesStatus(s MinutesStatus) bool { return slices.Contains(MinutesStatuses, s) }
