// Package network is the pure domain of staff networks: who a network is,
// its governance records, the CRAFT self-assessment, the recommendations
// that turn an assessment into an action plan, the six-step guide to
// starting a network, a board summary and demo data.
//
// The package does no I/O beyond reading its embedded data files. The
// store persists these types; the web layer renders them. Dates are
// calendar dates carried in time.Time: only the year, month and day
// matter, and callers pass "today" explicitly so that every rule is a pure
// function of its inputs.
//
// See docs/networks.md.
package network

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Type is the kind of staff network.
type Type string

// Network types, in the order the 2016 survey listed them.
const (
	TypeBME             Type = "bme"
	TypeLGBTI           Type = "lgbti"
	TypeDisability      Type = "disability"
	TypeFaith           Type = "faith"
	TypeParentsCarers   Type = "parents_carers"
	TypeGender          Type = "gender"
	TypeFlexibleWorkers Type = "flexible_workers"
	TypeOther           Type = "other"
)

// Types lists every network type in display order.
var Types = []Type{TypeBME, TypeLGBTI, TypeDisability, TypeFaith, TypeParentsCarers, TypeGender, TypeFlexibleWorkers, TypeOther}

var typeLabels = map[Type]string{
	TypeBME:             "Black and minority ethnic (BME)",
	TypeLGBTI:           "LGBTI",
	TypeDisability:      "Disability",
	TypeFaith:           "Faith",
	TypeParentsCarers:   "Parents and carers",
	TypeGender:          "Gender",
	TypeFlexibleWorkers: "Part-time and flexible workers",
	TypeOther:           "Other",
}

// Valid reports whether t is a known type.
func (t Type) Valid() bool { _, ok := typeLabels[t]; return ok }

// Label is the type's name for people.
func (t Type) Label() string { return labelOf(typeLabels, t) }

// labelOf is v's name for people in labels, or v itself when it has none:
// every Label method of the package's string enumerations.
func labelOf[T ~string](labels map[T]string, v T) string {
	if l, ok := labels[v]; ok {
		return l
	}
	return string(v)
}

// Status is whether a network is running.
type Status string

// Network statuses.
const (
	StatusActive  Status = "active"
	StatusDormant Status = "dormant"
	StatusClosed  Status = "closed"
)

// Statuses lists every status in display order.
var Statuses = []Status{StatusActive, StatusDormant, StatusClosed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

var statusLabels = map[Status]string{StatusActive: "Active", StatusDormant: "Dormant", StatusClosed: "Closed"}

// Label is the status's name for people.
func (s Status) Label() string { return labelOf(statusLabels, s) }

// Role is a leadership role in a network.
type Role string

// Leadership roles.
const (
	RoleChair     Role = "chair"
	RoleViceChair Role = "vice_chair"
	RoleCommittee Role = "committee"
)

// Roles lists every leadership role in display order.
var Roles = []Role{RoleChair, RoleViceChair, RoleCommittee}

var roleLabels = map[Role]string{
	RoleChair:     "Chair",
	RoleViceChair: "Vice-chair",
	RoleCommittee: "Committee member",
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { _, ok := roleLabels[r]; return ok }

// Label is the role's name for people.
func (r Role) Label() string { return labelOf(roleLabels, r) }

// Leader is a person in a leadership role. Co-chairs are two leaders with
// the chair role.
type Leader struct {
	Role Role   `json:"role"`
	Name string `json:"name"`
}

// Sponsor is the network's executive sponsor (board champion). The report
// asks for written role expectations and mutual accountability, so
// Expectations is part of the record, not an afterthought.
type Sponsor struct {
	Name         string `json:"name"`
	BoardRole    string `json:"board_role"`   // e.g. "Chief Nurse"
	Expectations string `json:"expectations"` // what each side expects of the other
}

// Field names a network field, both for validation errors (the form
// field's id, so the error summary can link to it) and for publication.
type Field = string

// Fields of a network. The publishable ones are listed in Publishable.
const (
	FieldOrgCode        Field = "org_code"
	FieldType           Field = "type"
	FieldName           Field = "name"
	FieldYearStarted    Field = "year_started"
	FieldPurpose        Field = "purpose"
	FieldContact        Field = "contact"
	FieldMeetingPattern Field = "meeting_pattern"
	FieldWebPage        Field = "web_page"
	FieldStatus         Field = "status"
	FieldLeaders        Field = "leaders"
	FieldSponsor        Field = "sponsor"
	FieldPublished      Field = "published"
)

// Publishable lists the fields a network may choose to show the public.
// The organisation, type and status are always public: the directory and
// the national picture count networks by them.
var Publishable = []Field{FieldName, FieldYearStarted, FieldPurpose, FieldContact, FieldMeetingPattern, FieldWebPage, FieldLeaders, FieldSponsor}

var publishLabels = map[Field]string{
	FieldName: "Name", FieldYearStarted: "Year started", FieldPurpose: "Purpose",
	FieldContact: "Contact route", FieldMeetingPattern: "Meeting pattern", FieldWebPage: "Web page",
	FieldLeaders: "Leaders' names", FieldSponsor: "Sponsor's name and board role (never the written expectations)",
}

// PublishLabel names a publishable field for the choice of what the
// directory shows. (Field is a string, so this cannot be a method.)
func PublishLabel(f Field) string { return labelOf(publishLabels, f) }

// DefaultPublished is what a new network publishes until it decides
// otherwise: nothing that names a person.
var DefaultPublished = []Field{FieldName, FieldYearStarted, FieldPurpose, FieldMeetingPattern, FieldWebPage}

// Network is a staff network in one organisation.
type Network struct {
	ID             int64     `json:"id,omitempty"` // set by the store; 0 for a new network
	OrgCode        string    `json:"org_code"`     // ODS code of the organisation
	Type           Type      `json:"type"`
	Name           string    `json:"name"`
	YearStarted    int       `json:"year_started"`
	Purpose        string    `json:"purpose"`
	Contact        string    `json:"contact"`         // how to get in touch, e.g. a shared mailbox or intranet form
	MeetingPattern string    `json:"meeting_pattern"` // e.g. "Second Tuesday of each month, 12:30"
	WebPage        string    `json:"web_page"`        // public URL, optional
	Status         Status    `json:"status"`
	Leaders        []Leader  `json:"leaders"`
	Sponsor        *Sponsor  `json:"sponsor,omitempty"`
	Published      []Field   `json:"published"`
	UpdatedOn      time.Time `json:"updated_on,omitzero"`
}

// IsPublished reports whether the network shows field f to the public.
// Organisation, type and status are always public.
func (n *Network) IsPublished(f Field) bool {
	switch f {
	case FieldOrgCode, FieldType, FieldStatus:
		return true
	}
	return slices.Contains(n.Published, f)
}

// Public returns a copy holding only the published fields; the rest are
// zero. The web layer and the public API show this and nothing else.
func (n *Network) Public() Network {
	p := Network{ID: n.ID, OrgCode: n.OrgCode, Type: n.Type, Status: n.Status, Published: slices.Clone(n.Published)}
	if n.IsPublished(FieldName) {
		p.Name = n.Name
	}
	if n.IsPublished(FieldYearStarted) {
		p.YearStarted = n.YearStarted
	}
	if n.IsPublished(FieldPurpose) {
		p.Purpose = n.Purpose
	}
	if n.IsPublished(FieldContact) {
		p.Contact = n.Contact
	}
	if n.IsPublished(FieldMeetingPattern) {
		p.MeetingPattern = n.MeetingPattern
	}
	if n.IsPublished(FieldWebPage) {
		p.WebPage = n.WebPage
	}
	if n.IsPublished(FieldLeaders) {
		p.Leaders = slices.Clone(n.Leaders)
	}
	if n.IsPublished(FieldSponsor) && n.Sponsor != nil {
		// The public learns who champions the network, not the private
		// agreement between them.
		p.Sponsor = &Sponsor{Name: n.Sponsor.Name, BoardRole: n.Sponsor.BoardRole}
	}
	return p
}

// HasSponsor reports whether a sponsor is named.
func (n *Network) HasSponsor() bool {
	return n.Sponsor != nil && strings.TrimSpace(n.Sponsor.Name) != ""
}

// LeadersIn returns the leaders holding role r.
func (n *Network) LeadersIn(r Role) []Leader {
	var out []Leader
	for _, l := range n.Leaders {
		if l.Role == r {
			out = append(out, l)
		}
	}
	return out
}

// FieldError is one problem with one field, worded for the NHS error
// summary: Field is the id of the form field to link to, Message says
// what to do in plain English.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// FieldErrors is every problem found by a validation, in form order. A
// validator returns nil when there is nothing wrong; check len, and do
// not return a nil FieldErrors as an error interface.
type FieldErrors []FieldError

func (es FieldErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Err returns es as an error, or nil when it is empty.
func (es FieldErrors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// Lengths are generous but bounded: these fields end up on public pages.
const (
	maxShort = 200
	maxLong  = 5000
)

var odsRE = regexp.MustCompile(`^[A-Z0-9]{3,5}$`)

// FirstNetworkYear is the earliest plausible year a network started: the
// NHS began in 1948.
const FirstNetworkYear = 1948

// Validate checks a network as a form would, returning every problem.
// today bounds the year started.
func (n *Network) Validate(today time.Time) FieldErrors {
	var es FieldErrors
	add := func(f, format string, args ...any) { es = append(es, FieldError{f, fmt.Sprintf(format, args...)}) }

	if n.OrgCode == "" {
		add(FieldOrgCode, "Select the organisation the network belongs to")
	} else if !odsRE.MatchString(n.OrgCode) {
		add(FieldOrgCode, "Organisation code must be 3 to 5 capital letters and numbers, like RJ1")
	}
	if n.Type == "" {
		add(FieldType, "Select the type of network")
	} else if !n.Type.Valid() {
		add(FieldType, "Select a type of network from the list")
	}
	switch name := strings.TrimSpace(n.Name); {
	case name == "":
		add(FieldName, "Enter the name of the network")
	case len(name) > maxShort:
		add(FieldName, "Name must be %d characters or fewer", maxShort)
	}
	switch y := n.YearStarted; {
	case y == 0:
		add(FieldYearStarted, "Enter the year the network started, like 2016")
	case y < FirstNetworkYear:
		add(FieldYearStarted, "Year the network started must be %d or later", FirstNetworkYear)
	case y > today.Year():
		add(FieldYearStarted, "Year the network started must be this year or earlier")
	}
	switch p := strings.TrimSpace(n.Purpose); {
	case p == "":
		add(FieldPurpose, "Enter the purpose of the network, in a sentence or two")
	case len(p) > maxLong:
		add(FieldPurpose, "Purpose must be %d characters or fewer", maxLong)
	}
	switch c := strings.TrimSpace(n.Contact); {
	case c == "":
		add(FieldContact, "Enter how staff can contact the network, like a shared mailbox or intranet page")
	case len(c) > maxShort:
		add(FieldContact, "Contact route must be %d characters or fewer", maxShort)
	}
	if len(n.MeetingPattern) > maxShort {
		add(FieldMeetingPattern, "Meeting pattern must be %d characters or fewer", maxShort)
	}
	if n.WebPage != "" {
		u, err := url.Parse(n.WebPage)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(n.WebPage) > maxShort {
			add(FieldWebPage, "Enter the web page address in the correct format, like https://www.example.nhs.uk/staff-networks")
		}
	}
	if n.Status == "" {
		add(FieldStatus, "Select whether the network is active, dormant or closed")
	} else if !n.Status.Valid() {
		add(FieldStatus, "Select a status from the list")
	}
	for i, l := range n.Leaders {
		f := fmt.Sprintf("%s[%d]", FieldLeaders, i)
		if !l.Role.Valid() {
			add(f+".role", "Select the role of leader %d", i+1)
		}
		switch name := strings.TrimSpace(l.Name); {
		case name == "":
			add(f+".name", "Enter the name of leader %d", i+1)
		case len(name) > maxShort:
			add(f+".name", "Name of leader %d must be %d characters or fewer", i+1, maxShort)
		}
	}
	if n.Sponsor != nil {
		s := n.Sponsor
		if strings.TrimSpace(s.Name) == "" {
			add(FieldSponsor+".name", "Enter the name of the executive sponsor, or remove the sponsor")
		} else if len(s.Name) > maxShort {
			add(FieldSponsor+".name", "Sponsor's name must be %d characters or fewer", maxShort)
		}
		if len(s.BoardRole) > maxShort {
			add(FieldSponsor+".board_role", "Sponsor's board role must be %d characters or fewer", maxShort)
		}
		if len(s.Expectations) > maxLong {
			add(FieldSponsor+".expectations", "Role expectations must be %d characters or fewer", maxLong)
		}
	}
	for _, f := range n.Published {
		if !slices.Contains(Publishable, f) {
			add(FieldPublished, "Choose what to publish from the list")
			break
		}
	}
	return es
}
