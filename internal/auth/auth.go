// Package auth holds accounts' rules: roles, password hashing with
// argon2id, and random tokens. It knows nothing of HTTP or SQL.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Role is what an account may do.
type Role string

const (
	Admin          Role = "admin"           // everything
	Analyst        Role = "analyst"         // read survey responses and reports
	NationalViewer Role = "national_viewer" // read every organisation's WRES figures (the national team)
	OrgAdmin       Role = "org_admin"       // an organisation's EDI or HR lead: its WRES returns, unsuppressed
	NetworkLead    Role = "network_lead"    // a network's lead: the organisation's WRES figures, suppressed
	Sponsor        Role = "sponsor"         // a network's executive sponsor (board champion)
	CaseReviewer   Role = "case_reviewer"   // the national team's reviewer of case studies: publishes and withdraws them
	// NoRole is an account that may sign in and do nothing else until an
	// administrator grants it a role: what a first sign-in through the
	// OpenID provider gets from the domain allow-list.
	NoRole Role = "none"
)

// Roles lists the roles accounts can have, most powerful first.
var Roles = []Role{Admin, Analyst, NationalViewer, OrgAdmin, NetworkLead, Sponsor, CaseReviewer, NoRole}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q (want one of admin, analyst, national_viewer, org_admin, network_lead, sponsor, case_reviewer, none)", s)
}

// Describe says in a few words what a role may do.
func (r Role) Describe() string {
	switch r {
	case Admin:
		return "Administrator: everything"
	case Analyst:
		return "Analyst: survey responses and findings"
	case NationalViewer:
		return "National viewer: every organisation's WRES figures"
	case OrgAdmin:
		return "Organisation admin (EDI or HR lead): the organisation's WRES returns"
	case NetworkLead:
		return "Network lead: their network's records and self-assessment; the organisation's WRES figures, small numbers hidden"
	case Sponsor:
		return "Sponsor: sees their network and answers the sponsor's part of its self-assessment"
	case CaseReviewer:
		return "Case-study reviewer: reviews case studies sent for review, publishes and withdraws them"
	case NoRole:
		return "No role yet: can sign in and see nothing until an administrator grants a role"
	}
	return string(r)
}

// Label is the role's name for people ("Network lead"), never its code.
func (r Role) Label() string {
	switch r {
	case Admin:
		return "Administrator"
	case Analyst:
		return "Analyst"
	case NationalViewer:
		return "National viewer"
	case OrgAdmin:
		return "Organisation admin"
	case NetworkLead:
		return "Network lead"
	case Sponsor:
		return "Sponsor"
	case CaseReviewer:
		return "Case-study reviewer"
	case NoRole:
		return "No role yet"
	}
	return "Unknown role"
}

// NeedsOrg reports whether accounts with role r belong to an organisation.
func (r Role) NeedsOrg() bool { return r == OrgAdmin || r == NetworkLead || r == Sponsor }

// HasNetwork reports whether accounts with role r may belong to one staff
// network (users.network_id).
func (r Role) HasNetwork() bool { return r == NetworkLead || r == Sponsor }

// Access is what an account may do with one organisation's WRES figures.
type Access struct {
	View     bool // see the dashboard
	Official bool // see the official return unsuppressed
	Upload   bool // upload returns
}

// WRESAccess says what an account with role r, belonging to userOrg ("" for
// national accounts), may do with organisation org's WRES figures (org ""
// means a region or the whole country).
func WRESAccess(r Role, userOrg, org string) Access {
	switch {
	case r == Admin:
		return Access{View: true, Official: true, Upload: true}
	case r == NationalViewer:
		return Access{View: true, Official: true}
	case org == "" || userOrg != org:
		return Access{}
	case r == OrgAdmin:
		return Access{View: true, Official: true, Upload: true}
	case r == NetworkLead:
		return Access{View: true}
	}
	return Access{}
}

// Anyone stands for any signed-in account, whatever its role.
const Anyone Role = ""

// Can reports whether role r may act as need: an admin may do anything,
// and every role satisfies Anyone.
func (r Role) Can(need Role) bool {
	return need == Anyone || r == need || r == Admin
}

// Cost is the work an argon2id hash takes: passes over Memory KiB in
// Threads lanes. VerifyPassword reads the cost from the hash it checks, so
// hashes of different costs verify side by side.
type Cost struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// The production cost: RFC 9106's second recommended option (64 MiB, 3
// passes), with one lane per core we can count on.
const (
	argonTime    = 3
	argonMemory  = 64 * 1024
	argonThreads = 2
	argonKeyLen  = 32
)

// HashCost is the cost of the hashes HashPassword makes: the production
// cost above. Only tests lower it, to TestCost, before any test runs
// (importing storetest does so): a test that signs in a dozen accounts
// would otherwise spend seconds and hundreds of MiB on hashing.
var HashCost = Cost{Time: argonTime, Memory: argonMemory, Threads: argonThreads}

// TestCost is the cheapest cost argon2id allows, for test accounts.
var TestCost = Cost{Time: 1, Memory: 8, Threads: 1}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 12

// CheckPassword returns why a new password is not acceptable, or nil.
func CheckPassword(p string) error {
	if len([]rune(p)) < MinPasswordLength {
		return fmt.Errorf("must be at least %d characters", MinPasswordLength)
	}
	if len(p) > 1024 {
		return errors.New("must be 1024 characters or fewer")
	}
	return nil
}

// HashPassword returns an encoded argon2id hash in the PHC string format.
func HashPassword(p string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	c := HashCost
	key := argon2.IDKey([]byte(p), salt, c.Time, c.Memory, c.Threads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.Memory, c.Time, c.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// VerifyPassword reports whether p matches an encoded hash.
func VerifyPassword(encoded, p string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var v int
	var m uint32
	var t uint32
	var th uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &th); err != nil {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(p), salt, t, m, th, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// NewToken returns a random URL-safe token of 256 bits.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how tokens are stored: a stolen database holds no usable
// session or setup link.
func HashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// NormaliseEmail lower-cases and trims an email address, and checks its
// shape loosely (something@something.something).
func NormaliseEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	at := strings.LastIndexByte(s, '@')
	if at < 1 || !strings.Contains(s[at+1:], ".") || strings.ContainsAny(s, " \t\r\n<>") || len(s) > 254 {
		return "", errors.New("enter an email address in the right format, like name@nhs.net")
	}
	return s, nil
}
