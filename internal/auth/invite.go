package auth

import (
	"strings"
	"time"
)

// How long the links staffnet sends by email work, and how long a sign-in
// through the OpenID provider may take.
const (
	InviteTTL     = 7 * 24 * time.Hour // an invitation link
	EmailResetTTL = time.Hour          // a reset link sent by email (ResetTTL is one shown to an administrator)
	// ResetMailGap is the least time between two reset emails to one
	// account asked for on the reset page, so that nobody can fill a
	// mailbox by asking again and again.
	ResetMailGap = 5 * time.Minute
	OIDCLoginTTL = 10 * time.Minute // from leaving for the provider to coming back
)

// DomainAllowed reports whether email (normalised) is at one of domains,
// compared whole and case-insensitively: "nhs.net" lets in a@nhs.net but
// not a@evil-nhs.net or a@mail.nhs.net, so each domain is listed itself.
func DomainAllowed(email string, domains []string) bool {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return false
	}
	d := strings.ToLower(email[at+1:])
	for _, a := range domains {
		if a = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(a), "@")); a != "" && a == d {
			return true
		}
	}
	return false
}

// NoPassword is the password hash of an account made by signing in
// through the OpenID provider: VerifyPassword never accepts it, so the
// account has no password until its owner sets one with a reset link.
const NoPassword = "none"
