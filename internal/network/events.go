package network

// Events: what a network puts on for its members or for all staff, alone
// or jointly with other networks (co-hosts), with sign-ups (RSVPs). Times
// are read and shown in Europe/London, the time zone of every NHS
// organisation in England, and stored as instants.

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London must load on hosts without a zoneinfo database
)

// London is the time zone events and meetings are entered and shown in.
var London = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked in, so this cannot happen
	}
	return l
}

// Visibility is who an event is for.
type Visibility string

// Visibilities. A members' event is shown only on the network's own pages;
// a public one is open to any member of staff and appears on the public
// page and in the calendar feeds.
const (
	VisibleMembers Visibility = "members"
	VisiblePublic  Visibility = "public"
)

// Visibilities lists the choices in form order.
var Visibilities = []Visibility{VisiblePublic, VisibleMembers}

// Label is the visibility's name for people.
func (v Visibility) Label() string {
	switch v {
	case VisibleMembers:
		return "Network members only"
	case VisiblePublic:
		return "Open to all staff"
	}
	return string(v)
}

// MaxCapacity bounds an event's places.
const MaxCapacity = 100000

// Event is one event of a network. CoHosts are the ids of the other
// networks (of any organisation) that run it jointly; it appears on their
// pages and feeds too. Capacity 0 means no limit.
type Event struct {
	ID            int64      `json:"id"`
	NetworkID     int64      `json:"network_id"`
	UID           string     `json:"uid"` // the iCalendar UID, fixed at creation
	Sequence      int        `json:"sequence"`
	Title         string     `json:"title"`
	Description   string     `json:"description,omitempty"`
	Start         time.Time  `json:"start"`
	End           time.Time  `json:"end"`
	Place         string     `json:"place,omitempty"`
	OnlineURL     string     `json:"online_url,omitempty"`
	Accessibility string     `json:"accessibility,omitempty"`
	Capacity      int        `json:"capacity"`
	Visibility    Visibility `json:"visibility"`
	CoHosts       []int64    `json:"co_hosts,omitempty"`
	Suggestion    string     `json:"suggestion,omitempty"` // the suggested event it adopts
	Updated       time.Time  `json:"updated"`
}

// Public reports whether any member of staff may see and sign up.
func (e *Event) Public() bool { return e.Visibility == VisiblePublic }

// Validate checks an event. now is the current instant: a new event
// (ID 0) may not start on a day already gone, in London; an existing one
// may keep its past date so that its record can be corrected.
func (e *Event) Validate(now time.Time) FieldErrors {
	var es FieldErrors
	if strings.TrimSpace(e.Title) == "" {
		es = append(es, FieldError{"title", "Enter the name of the event"})
	} else if len(e.Title) > maxShort {
		es = append(es, FieldError{"title", fmt.Sprintf("Name must be %d characters or fewer", maxShort)})
	}
	if len(e.Description) > maxLong {
		es = append(es, FieldError{"description", fmt.Sprintf("Description must be %d characters or fewer", maxLong)})
	}
	if e.ID == 0 && !e.Start.IsZero() && Day(e.Start.In(London)).Before(Day(now.In(London))) {
		es = append(es, FieldError{"date", "Date of a new event must be today or in the future"})
	}
	es = append(es, validateWhen(e.Start, e.End)...)
	es = append(es, validatePlace(e.Place, e.OnlineURL)...)
	if len(e.Accessibility) > maxLong {
		es = append(es, FieldError{"accessibility", fmt.Sprintf("Accessibility notes must be %d characters or fewer", maxLong)})
	}
	if e.Capacity < 0 || e.Capacity > MaxCapacity {
		es = append(es, FieldError{"capacity", fmt.Sprintf("Places must be a number from 0 (no limit) to %d", MaxCapacity)})
	}
	if !slices.Contains(Visibilities, e.Visibility) {
		es = append(es, FieldError{"visibility", "Select who the event is for"})
	}
	if slices.Contains(e.CoHosts, e.NetworkID) && e.NetworkID != 0 {
		es = append(es, FieldError{"co_hosts", "A network cannot co-host its own event"})
	}
	return es
}

// RSVP is one person's sign-up to an event. Email is the key: one sign-up
// per address per event.
type RSVP struct {
	Name    string    `json:"name"`
	Email   string    `json:"email"`
	Created time.Time `json:"created"`
}

// ReadRSVPForm reads and checks a sign-up: a name and a work email
// address, stored in lower case so that one person cannot sign up twice
// with different capitals.
func ReadRSVPForm(f Form) (RSVP, FieldErrors) {
	r := RSVP{Name: f.trim("name"), Email: strings.ToLower(f.trim("email"))}
	var es FieldErrors
	if r.Name == "" {
		es = append(es, FieldError{"name", "Enter your name"})
	} else if len(r.Name) > maxShort {
		es = append(es, FieldError{"name", fmt.Sprintf("Name must be %d characters or fewer", maxShort)})
	}
	if r.Email == "" {
		es = append(es, FieldError{"email", "Enter your work email address"})
	} else if !ValidEmail(r.Email) {
		es = append(es, FieldError{"email", "Enter an email address in the correct format, like name@example.nhs.uk"})
	}
	return r, es
}

// ValidEmail reports whether s is a bare address (no display name), with
// a dot in its domain, of at most 254 characters.
func ValidEmail(s string) bool {
	if len(s) > 254 || strings.ContainsAny(s, " <>\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	return at > 0 && strings.Contains(s[at+1:], ".") && !strings.HasSuffix(s, ".")
}

// SignUpError is why a valid sign-up was still refused; the store returns
// these and the web layer shows them against the email field.
type SignUpError string

func (e SignUpError) Error() string { return string(e) }

// Sign-up refusals.
const (
	ErrAlreadySignedUp SignUpError = "This email address has already signed up for this event"
	ErrEventFull       SignUpError = "This event is full: all its places have been taken"
	ErrEventOver       SignUpError = "This event has already happened, so it takes no more sign-ups"
)

// Places is what is left of an event's capacity given taken sign-ups, and
// -1 for an event with no limit.
func (e *Event) Places(taken int) int {
	if e.Capacity == 0 {
		return -1
	}
	return max(0, e.Capacity-taken)
}

// ReadWhen reads a date and start and end times (HH:MM, 24-hour) as
// Europe/London wall-clock times. Each missing or malformed part gives an
// error naming its field and leaves the result zero.
func ReadWhen(f Form) (start, end time.Time, es FieldErrors) {
	d, ok := ParseDate(f.Get("date"))
	switch {
	case !ok:
		es = append(es, FieldError{"date", "Enter the date as a real date, like 2026-10-14"})
	case d.IsZero():
		es = append(es, FieldError{"date", "Enter the date"})
	}
	st, ok1 := parseClock(f.Get("start_time"))
	if !ok1 {
		es = append(es, FieldError{"start_time", "Enter the start time as hours and minutes, like 17:30"})
	}
	et, ok2 := parseClock(f.Get("end_time"))
	if !ok2 {
		es = append(es, FieldError{"end_time", "Enter the end time as hours and minutes, like 19:00"})
	}
	if d.IsZero() {
		return time.Time{}, time.Time{}, es
	}
	y, m, dd := d.Date()
	if ok1 {
		start = time.Date(y, m, dd, st/60, st%60, 0, 0, London)
	}
	if ok2 {
		end = time.Date(y, m, dd, et/60, et%60, 0, 0, London)
	}
	return start, end, es
}

// parseClock reads HH:MM (or H.MM) as minutes after midnight.
func parseClock(s string) (int, bool) {
	s = strings.TrimSpace(strings.Replace(s, ".", ":", 1))
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, false
	}
	return t.Hour()*60 + t.Minute(), true
}

// ClockValue is t's London time as a time input's value.
func ClockValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(London).Format("15:04")
}

// DateValue is t's London date as a date input's value.
func DateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(London).Format(time.DateOnly)
}

// FormatWhen is a start and end for people: "Wednesday 13 May 2026,
// 12:30 to 13:30".
func FormatWhen(start, end time.Time) string {
	if start.IsZero() {
		return "not set"
	}
	s := start.In(London).Format("Monday 2 January 2006, 15:04")
	if !end.IsZero() {
		s += " to " + end.In(London).Format("15:04")
	}
	return s
}
