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
// members page, the overview and the board summary show.
const RecentMonths = 12

// Recent is the months those pages show: the latest RecentMonths of ms,
// which is oldest first.
func Recent(ms []Month) []Month {
	if len(ms) > RecentMonths {
		return ms[len(ms)-RecentMonths:]
	}
	return ms
}

// YearFigures is a year's membership changes, summed from its months, as
// the cost–benefit summary shows them.
type YearFigures struct {
	Joined, AlliesJoined, Left             int
	JoinedText, AlliesJoinedText, LeftText string
}

// Year sums the months of ms that in selects (a financial year's) and
// words the sums for a viewer with or without full (a lead's) access.
// Beside them stand the months as ShowMonths shows them (every month: a
// viewer remembers those that have left the page); a month's count not
// shown exactly is hidden. Subtracting the
// months shown from a sum gives the sum over its hidden months, so a sum
// is withheld ("not shown") when that is 1 to 10. The joiners who are not
// allies count too. Where no month hides both its joined and its allies,
// the year's joined gives away those of the months hiding joined (their
// allies are shown), and the year's allies those of the months hiding
// allies; with both sums shown, their difference gives away those of all
// the hidden months. Count and Part apply first, as to any count.
func Year(ms []Month, in func(Month) bool, full bool) YearFigures {
	return year(ms, shownExactly(ms), in, full)
}

// NotOver is y for a year that has not ended, as anyone but a lead is
// shown it: withheld. Until the year ends its sums grow month by month,
// and this month's sum less last month's is the month's own count,
// however the month's row withholds it.
func (y YearFigures) NotOver() YearFigures {
	const text = "not shown until the year ends"
	y.JoinedText, y.AlliesJoinedText, y.LeftText = text, text, text
	return y
}

// shown is which of a month's counts a page shows exactly.
type shown struct{ joined, left, allies, alliesLeft bool }

// shownExactly is, by month, what a viewer who is not a lead has seen
// exactly on the members page (ShowMonths), at one time or another: a
// whole month is on the page while it is among the latest RecentMonths
// with changes (Recent), and someone who looked then remembers it after
// it has gone. So every month of ms counts as seen.
func shownExactly(ms []Month) map[string]shown {
	out := map[string]shown{}
	for i, r := range ShowMonths(ms, false) {
		m := ms[i]
		out[m.Month] = shown{joined: exact(m.Joined, r.Joined), left: exact(m.Left, r.Left),
			allies: exact(m.AlliesJoined, r.AlliesJoined), alliesLeft: exact(m.AlliesLeft, r.AlliesLeft)}
	}
	return out
}

// exact reports whether text is n itself, not a withheld count.
func exact(n int, text string) bool { return text == fmt.Sprint(n) }

func year(ms []Month, page map[string]shown, in func(Month) bool, full bool) YearFigures {
	var y YearFigures
	var restJ, restA, restL, othersJ, othersA, othersEither int
	disjoint := true // no month hides both joined and allies
	// What the hidden months' cells say of their counts: "fewer than 11"
	// is 1 to 10, Part's "not shown" at least 11 (and within 10 of the
	// month's joined, when shown). A rest at the least or the most its
	// cells allow pins each of them, which gives them away.
	var bJ, bA, bL bounds
	for _, m := range ms {
		if !in(m) {
			continue
		}
		y.Joined, y.AlliesJoined, y.Left = y.Joined+m.Joined, y.AlliesJoined+m.AlliesJoined, y.Left+m.Left
		c := page[m.Month]
		hj, ha := !c.joined, !c.allies
		others := m.Joined - m.AlliesJoined
		if hj {
			restJ, othersJ = restJ+m.Joined, othersJ+others
			bJ.add(1, 10)
		}
		if ha {
			restA, othersA = restA+m.AlliesJoined, othersA+others
			switch {
			case m.AlliesJoined < MinShown:
				bA.add(1, 10)
			case !hj:
				bA.add(max(MinShown, m.Joined-MinShown+1), m.Joined-1)
			default:
				bA.add(MinShown, -1)
			}
		}
		if hj || ha {
			othersEither += others
		}
		disjoint = disjoint && !(hj && ha)
		if !c.left {
			restL += m.Left
			bL.add(1, 10)
		}
	}
	small := func(n int) bool { return !full && n > 0 && n < MinShown }
	pinned := func(b bounds, rest int) bool { return !full && b.pins(rest) }
	withhold := func(text string, n int, leaks ...bool) string {
		if exact(n, text) && slices.Contains(leaks, true) {
			return "not shown"
		}
		return text
	}
	y.LeftText = withhold(Count(y.Left, full), y.Left, small(restL), pinned(bL, restL))
	y.JoinedText = withhold(Count(y.Joined, full), y.Joined, small(restJ), pinned(bJ, restJ), disjoint && small(othersJ))
	y.AlliesJoinedText = withhold(Part(y.AlliesJoined, y.Joined, full), y.AlliesJoined, small(restA), pinned(bA, restA), disjoint && small(othersA))
	if exact(y.Joined, y.JoinedText) {
		y.AlliesJoinedText = withhold(y.AlliesJoinedText, y.AlliesJoined, small(othersEither))
	}
	return y
}

// bounds gathers what the hidden cells of a sum say of it: the least and
// the most it can be (high < 0 once a cell has no most), and whether
// there is any hidden cell, which pinning would give away.
type bounds struct {
	low, high int
	any       bool
}

// add counts one hidden cell, from low to high (high < 0 for no most).
func (b *bounds) add(low, high int) {
	b.any = true
	b.low += low
	if b.high >= 0 {
		if high < 0 {
			b.high = -1
		} else {
			b.high += high
		}
	}
}

// pins reports whether a rest at the least or the most the cells allow
// fixes every hidden cell.
func (b bounds) pins(rest int) bool {
	return b.any && (rest == b.low || b.high >= 0 && rest == b.high)
}

// Now words members now and allies now for a viewer with or without
// full (a lead's) access, as Count and Part do, and withholds them ("not
// shown") where they would give away a small group with the months: the
// members now are everyone who ever joined less everyone who left (the
// allies likewise). A month's joined is known to a viewer if a page shows
// it exactly (ShowMonths of Recent) or its financial year's sum is shown
// exactly (Year); where every month's joined is known, members now give
// away the leavers not known, so it is withheld when they number 1 to 10,
// and the other way round.
func Now(ms []Month, t Totals, full bool) (membersNow, alliesNow string) {
	membersNow, alliesNow = Count(t.Members, full), Part(t.Allies, t.Members, full)
	if full {
		return
	}
	page := shownExactly(ms)
	years := map[int]YearFigures{}
	// Unknown joiners, leavers, allies who joined and allies who left, and
	// how many months hide each; then the joiners and leavers who are not
	// allies: over the months hiding allies (or allies who left), whether
	// those months all show the joined (or left) beside them, and over the
	// months hiding either count of a pair.
	var sum, hidden [4]int
	var othersHA, othersHAL, othersJ, othersL, hideOJ, hideOL int
	shownBesideA, shownBesideAL := true, true
	for _, m := range ms {
		fy := m.FinancialYear()
		y, ok := years[fy]
		if !ok {
			y = year(ms, page, InFinancialYear(fy), false)
			years[fy] = y
		}
		c := page[m.Month]
		known := [4]bool{
			c.joined || exact(y.Joined, y.JoinedText),
			c.left || exact(y.Left, y.LeftText),
			c.allies || exact(y.AlliesJoined, y.AlliesJoinedText),
			c.alliesLeft,
		}
		for i, n := range [4]int{m.Joined, m.Left, m.AlliesJoined, m.AlliesLeft} {
			if !known[i] {
				sum[i] += n
				hidden[i]++
			}
		}
		oj, ol := m.Joined-m.AlliesJoined, m.Left-m.AlliesLeft
		if !known[2] {
			othersHA += oj
			shownBesideA = shownBesideA && known[0]
		}
		if !known[3] {
			othersHAL += ol
			shownBesideAL = shownBesideAL && known[1]
		}
		if !known[0] || !known[2] {
			othersJ, hideOJ = othersJ+oj, hideOJ+1
		}
		if !known[1] || !known[3] {
			othersL, hideOL = othersL+ol, hideOL+1
		}
	}
	small := func(n int) bool { return n > 0 && n < MinShown }
	if exact(t.Members, membersNow) && (hidden[0] == 0 && small(sum[1]) || hidden[1] == 0 && small(sum[0])) {
		membersNow = "not shown"
	}
	// Allies now less the allies known gives the hidden allies who joined
	// (all who left being known) and, beside their months' joined, the
	// joiners among them who are not allies; likewise for those who left.
	// With members now shown too, the members who are not allies give away
	// the hidden joiners (or leavers) who are not allies.
	leaks := hidden[3] == 0 && (small(sum[2]) || shownBesideA && small(othersHA)) ||
		hidden[2] == 0 && (small(sum[3]) || shownBesideAL && small(othersHAL)) ||
		exact(t.Members, membersNow) && (hideOJ == 0 && small(othersL) || hideOL == 0 && small(othersJ))
	if exact(t.Allies, alliesNow) && leaks {
		alliesNow = "not shown"
	}
	return
}

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
