// Package members holds the rules for a staff network's members: what the
// join form asks and accepts, who a message goes to, how membership
// figures are shown to people who may not see names, the messages leads
// write and the weekly digest of what needs a lead's attention.
//
// Membership of a BME network reveals ethnicity, which UK GDPR treats as
// special category data. This package keeps what is asked to the least a
// network needs (name, work email, optionally staff group and site, ally
// or not) and decides nothing about storage; internal/store keeps a row
// per member and deletes it whole when a member leaves.
//
// Like internal/network it does no I/O and reads no clock: callers pass
// today.
package members

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/pay"
)

// Member is one person's membership of one network.
type Member struct {
	ID          int64
	NetworkID   int64
	Name        string
	Email       string // lower-cased work email
	StaffGroup  string // one of StaffGroups, or ""
	Site        string // free text, or ""
	Ally        bool   // joins as an ally rather than a member of the group the network serves
	ConsentText string // the consent wording the member agreed to, as the network set it then
	ConsentedOn time.Time
	Confirmed   bool      // the email was confirmed by the one-time link
	JoinedOn    time.Time // the day the email was confirmed
	MessagesOff bool      // unsubscribed from the network's messages (still a member)
}

// Settings is how a network takes members.
type Settings struct {
	Accepts     bool   // the public page shows "Join this network"
	ConsentText string // shown beside the consent checkbox; required when Accepts
}

// DefaultConsent is offered to a network that has not written its own.
const DefaultConsent = "I agree that the network may keep my name, work email and the details above to tell me about its meetings, events and news. " +
	"I understand that being a member may show something about my ethnicity or other protected characteristics, that only the network's leads see the member list, " +
	"and that I can change or delete my membership at any time with the link sent to me."

// StaffGroups are the NHS Electronic Staff Record staff groups a member
// may choose from (optional).
var StaffGroups = []string{
	"Additional professional scientific and technical",
	"Additional clinical services",
	"Administrative and clerical",
	"Allied health professionals",
	"Estates and ancillary",
	"Healthcare scientists",
	"Medical and dental",
	"Nursing and midwifery registered",
	"Students",
}

// Limits on what the join form takes.
const (
	MaxName    = 100
	MaxSite    = 100
	MaxConsent = 2000
	// MinShown is the smallest count shown to anyone but the network's
	// leads; smaller counts read "fewer than 11". It matches the survey
	// findings' threshold (report.DefaultThreshold).
	MinShown = 11
)

// ReadJoinForm reads the join form. consent is the network's consent
// text, stored with the member so that what they agreed to is on record.
func ReadJoinForm(f network.Form, consent string, today time.Time) (Member, network.FieldErrors) {
	var errs network.FieldErrors
	m := Member{
		Name:        strings.TrimSpace(f.Get("name")),
		StaffGroup:  strings.TrimSpace(f.Get("staff_group")),
		Site:        strings.TrimSpace(f.Get("site")),
		ConsentText: consent,
		ConsentedOn: network.Day(today),
	}
	switch {
	case m.Name == "":
		errs = append(errs, network.FieldError{Field: "name", Message: "Enter your name"})
	case utf8.RuneCountInString(m.Name) > MaxName:
		errs = append(errs, network.FieldError{Field: "name", Message: fmt.Sprintf("Your name must be %d characters or fewer", MaxName)})
	}
	email, err := CheckEmail(f.Get("email"))
	if err != nil {
		errs = append(errs, network.FieldError{Field: "email", Message: err.Error()})
	}
	m.Email = email
	if m.StaffGroup != "" && !slices.Contains(StaffGroups, m.StaffGroup) {
		errs = append(errs, network.FieldError{Field: "staff_group", Message: "Choose a staff group from the list, or leave it blank"})
	}
	if utf8.RuneCountInString(m.Site) > MaxSite {
		errs = append(errs, network.FieldError{Field: "site", Message: fmt.Sprintf("The site must be %d characters or fewer", MaxSite)})
	}
	switch f.Get("ally") {
	case "yes":
		m.Ally = true
	case "no":
	default:
		errs = append(errs, network.FieldError{Field: "ally", Message: "Select whether you are joining as an ally"})
	}
	if f.Get("consent") != "yes" {
		errs = append(errs, network.FieldError{Field: "consent", Message: "Tick the box to agree, or you cannot join"})
	}
	return m, errs
}

// ReadChangeForm reads the manage page's form into m: the details a member
// may change (not the email, which was confirmed), checked by the join
// form's rules with the stored email and the consent already given.
func ReadChangeForm(f network.Form, m *Member) network.FieldErrors {
	g := network.Form{"name": {f.Get("name")}, "email": {m.Email}, "staff_group": {f.Get("staff_group")},
		"site": {f.Get("site")}, "ally": {f.Get("ally")}, "consent": {"yes"}}
	n, errs := ReadJoinForm(g, m.ConsentText, m.ConsentedOn)
	if len(errs) == 0 {
		m.Name, m.StaffGroup, m.Site, m.Ally = n.Name, n.StaffGroup, n.Site, n.Ally
		m.MessagesOff = f.Get("messages") == "off"
	}
	return errs
}

// CheckEmail normalises a work email address, or says what is wrong.
func CheckEmail(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("Enter your work email address")
	}
	e, err := auth.NormaliseEmail(s)
	if err != nil || strings.ContainsAny(e, ",;\"'()[]\\") || strings.Count(e, "@") != 1 {
		return "", fmt.Errorf("Enter an email address in the correct format, like name@nhs.net")
	}
	return e, nil
}

// ReadSettingsForm reads the network's membership settings.
func ReadSettingsForm(f network.Form) (Settings, network.FieldErrors) {
	s := Settings{Accepts: f.Get("accepts") == "yes", ConsentText: strings.TrimSpace(f.Get("consent_text"))}
	var errs network.FieldErrors
	switch {
	case s.Accepts && s.ConsentText == "":
		errs = append(errs, network.FieldError{Field: "consent_text", Message: "Enter the consent text people agree to when they join"})
	case utf8.RuneCountInString(s.ConsentText) > MaxConsent:
		errs = append(errs, network.FieldError{Field: "consent_text", Message: fmt.Sprintf("The consent text must be %d characters or fewer", MaxConsent)})
	}
	return s, errs
}

// Count is a count as shown to someone who is not one of the network's
// leads: "fewer than 11" below MinShown (but not for 0, which reveals
// no one).
func Count(n int, full bool) string {
	if full || n == 0 || n >= MinShown {
		return fmt.Sprint(n)
	}
	return fmt.Sprintf("fewer than %d", MinShown)
}

// Part is a count that is part of a total shown beside it (allies among
// members, allies among those who joined): as Count shows it, except that
// it is withheld ("not shown") when the rest of the total is a group of 1
// to 10, which subtracting the part from the total would give away. A
// viewer then learns only that the rest is fewer than 11, as Count would
// have said of it.
func Part(part, total int, full bool) string {
	if rest := total - part; !full && part >= MinShown && rest > 0 && rest < MinShown {
		return "not shown"
	}
	return Count(part, full)
}

// Totals counts a network's confirmed members.
type Totals struct {
	Members int // everyone confirmed, allies included
	Allies  int
	Pending int // signed up, email not yet confirmed
}

// Month is a network's membership changes in one calendar month.
type Month struct {
	Month        string // YYYY-MM
	Joined       int
	Left         int
	AlliesJoined int
	AlliesLeft   int
}

// MonthOf is the YYYY-MM a date falls in.
func MonthOf(t time.Time) string { return t.UTC().Format("2006-01") }

// FigureRow is one month's figures as strings fit to show.
type FigureRow struct {
	Month                                  string // "March 2026"
	Joined, Left, AlliesJoined, AlliesLeft string
}

// RecentMonths is how many of a network's latest months with changes the
// members page, the overview and the board summary show
// (View.RecentRows).
const RecentMonths = 12

// FinancialYear is the financial year (pay.FinancialYear) the month
// falls in; 0 for a month that is not YYYY-MM.
func (m Month) FinancialYear() int {
	t, err := time.Parse("2006-01", m.Month)
	if err != nil {
		return 0
	}
	return pay.FinancialYear(t)
}

// InFinancialYear selects the months of the financial year starting in
// April of y.
func InFinancialYear(y int) func(Month) bool {
	return func(m Month) bool { return m.FinancialYear() == y }
}

// ShowMonths turns months into rows for a page, oldest first, each count
// suppressed for viewers without full (a lead's) access; the allies'
// counts are parts of the month's (Part).
func ShowMonths(ms []Month, full bool) []FigureRow {
	out := make([]FigureRow, 0, len(ms))
	for _, m := range ms {
		label := m.Month
		if t, err := time.Parse("2006-01", m.Month); err == nil {
			label = t.Format("January 2006")
		}
		out = append(out, FigureRow{Month: label, Joined: Count(m.Joined, full), Left: Count(m.Left, full),
			AlliesJoined: Part(m.AlliesJoined, m.Joined, full), AlliesLeft: Part(m.AlliesLeft, m.Left, full)})
	}
	return out
}
