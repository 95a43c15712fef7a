package members

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"staffnet/internal/network"
)

// AudienceKind is which members a message goes to.
type AudienceKind string

const (
	AudienceAll        AudienceKind = "all"
	AudienceAllies     AudienceKind = "allies"
	AudienceSite       AudienceKind = "site"
	AudienceStaffGroup AudienceKind = "staff_group"
)

// Audience is the group a message is for: a kind and, for a site or staff
// group, which one.
type Audience struct {
	Kind  AudienceKind
	Value string
}

// Includes reports whether member m is in the audience: confirmed, not
// unsubscribed from messages, and in the group.
func (a Audience) Includes(m *Member) bool {
	if !m.Confirmed || m.MessagesOff {
		return false
	}
	switch a.Kind {
	case AudienceAll:
		return true
	case AudienceAllies:
		return m.Ally
	case AudienceSite:
		return strings.EqualFold(strings.TrimSpace(m.Site), a.Value)
	case AudienceStaffGroup:
		return m.StaffGroup == a.Value
	}
	return false
}

// Label names the audience in plain words.
func (a Audience) Label() string {
	switch a.Kind {
	case AudienceAll:
		return "All members"
	case AudienceAllies:
		return "Allies"
	case AudienceSite:
		return "Members at " + a.Value
	case AudienceStaffGroup:
		return "Members in " + a.Value
	}
	return string(a.Kind)
}

// Format is how a message's body is written.
type Format string

const (
	PlainText Format = "text"
	Markdown  Format = "markdown"
)

// Message is an announcement or newsletter a lead writes to members.
type Message struct {
	Subject  string
	Body     string
	Format   Format
	Audience Audience
}

// Limits on a message.
const (
	MaxSubject = 150
	MaxBody    = 50000
)

// ReadMessageForm reads the message form. sites and groups are the
// values members have, the only ones a site or staff group audience may
// name.
func ReadMessageForm(f network.Form, sites, groups []string) (Message, network.FieldErrors) {
	m := Message{
		Subject:  strings.TrimSpace(f.Get("subject")),
		Body:     strings.ReplaceAll(strings.TrimSpace(f.Get("body")), "\r\n", "\n"),
		Format:   Format(f.Get("format")),
		Audience: Audience{Kind: AudienceKind(f.Get("audience"))},
	}
	var errs network.FieldErrors
	add := func(field, msg string) { errs = append(errs, network.FieldError{Field: field, Message: msg}) }
	switch {
	case m.Subject == "":
		add("subject", "Enter a subject")
	case utf8.RuneCountInString(m.Subject) > MaxSubject || strings.ContainsAny(m.Subject, "\r\n"):
		add("subject", fmt.Sprintf("The subject must be one line of %d characters or fewer", MaxSubject))
	}
	switch {
	case m.Body == "":
		add("body", "Enter the message")
	case utf8.RuneCountInString(m.Body) > MaxBody:
		add("body", fmt.Sprintf("The message must be %d characters or fewer", MaxBody))
	}
	if m.Format != PlainText && m.Format != Markdown {
		add("format", "Select how the message is written")
	}
	switch m.Audience.Kind {
	case AudienceAll, AudienceAllies:
	case AudienceSite:
		m.Audience.Value = strings.TrimSpace(f.Get("site"))
		if !slices.ContainsFunc(sites, func(s string) bool { return strings.EqualFold(s, m.Audience.Value) }) {
			add("site", "Choose a site that members have given")
		}
	case AudienceStaffGroup:
		m.Audience.Value = f.Get("staff_group")
		if !slices.Contains(groups, m.Audience.Value) {
			add("staff_group", "Choose a staff group that members have given")
		}
	default:
		add("audience", "Select who the message is for")
	}
	return m, errs
}

// ErrNoRecipients is the message for a message whose audience is empty.
const ErrNoRecipients = "No members are in this group (members who have unsubscribed from messages are left out), so the message was not queued. Choose another group."

// Footer is the plain-text end of every message to members: why they
// get it, and how to stop.
func Footer(networkName, unsubscribeURL, manageURL string) string {
	return fmt.Sprintf("\n\n--\nYou get this because you are a member of %s.\nUnsubscribe from messages: %s\nChange or leave your membership: %s\n",
		networkName, unsubscribeURL, manageURL)
}

// Digest is the weekly email to a network's leads of what needs their
// attention: every staleness flag of internal/network (terms of reference
// due for review, a sponsor meeting overdue, objectives past due, minutes
// not shared, …), the same list the network's overview shows. ok is
// false when nothing needs attention, and then no digest is sent.
func Digest(n *network.Network, flags []network.Flag, overviewURL, settingsURL string) (subject, body string, ok bool) {
	if len(flags) == 0 {
		return "", "", false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "This week %s has %d thing%s that need%s attention:\n\n", n.Name, len(flags), plural(len(flags)), verbS(len(flags)))
	for _, f := range flags {
		fmt.Fprintf(&b, "- %s\n", f.Message)
	}
	fmt.Fprintf(&b, "\nOpen the network's records: %s\n\n--\nYou get this weekly digest as a lead of %s. Turn it off: %s\n", overviewURL, n.Name, settingsURL)
	return fmt.Sprintf("%s: %d thing%s to look at this week", n.Name, len(flags), plural(len(flags))), b.String(), true
}

// Week is the ISO week a day falls in, like 2026-W48: digests go once a
// week, in the first run of each week.
func Week(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// The endings that agree with a count: a plural noun's, a singular
// verb's.
func plural(n int) string { return oneOr(n, "", "s") }
func verbS(n int) string  { return oneOr(n, "s", "") }

func oneOr(n int, one, other string) string {
	if n == 1 {
		return one
	}
	return other
}
