package auth

import (
	_ "embed"
	"errors"
	"strings"
	"sync"
	"unicode"
)

// commonPasswords is the bundled deny-list; see data/README.md for where
// it comes from and its licence.
//
//go:embed data/common-passwords.txt
var commonPasswords string

// commonSet is built on first use: most staffnet commands never set a
// password.
var commonSet = sync.OnceValue(func() map[string]struct{} {
	m := make(map[string]struct{}, 10000)
	for _, p := range strings.Split(commonPasswords, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			m[p] = struct{}{}
		}
	}
	return m
})

// ErrCommonPassword says a password is on, or is made from, the list of
// the most common passwords.
var ErrCommonPassword = errors.New("is too easy to guess: it is one of the most common passwords, or made from one")

// CheckNewPassword returns why p may not become the password of the
// account with this email address, or nil. As NCSC guidance advises, it
// asks for length, not for a mix of character classes, and refuses what
// attackers try first: the most common passwords, one of them padded
// with digits or symbols or repeated, and the email address itself.
func CheckNewPassword(p, email string) error {
	if err := CheckPassword(p); err != nil {
		return err
	}
	if IsCommonPassword(p) {
		return ErrCommonPassword
	}
	lower := strings.ToLower(p)
	email = strings.ToLower(email)
	if local, _, ok := strings.Cut(email, "@"); ok && (strings.Contains(lower, email) || len(local) >= 4 && strings.Contains(lower, local)) {
		return errors.New("must not contain your email address")
	}
	return nil
}

// IsCommonPassword reports whether p, ignoring case, is one of the
// bundled common passwords, or one of them with digits and symbols added
// before or after, or one short string repeated.
func IsCommonPassword(p string) bool {
	set := commonSet()
	lower := strings.ToLower(p)
	if _, ok := set[lower]; ok {
		return true
	}
	core := strings.TrimFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	if _, ok := set[core]; ok && len(core) >= 4 {
		return true
	}
	return repeated(lower)
}

// repeated reports whether s is a string of up to 6 characters repeated
// (aaaaaaaaaaaa, abcabcabcabc, qwertyqwerty).
func repeated(s string) bool {
	for n := 1; n <= 6 && n < len(s); n++ {
		if len(s)%n == 0 && strings.Repeat(s[:n], len(s)/n) == s {
			return true
		}
	}
	return false
}
