package auth

import (
	_ "embed"
	"errors"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/unicode/norm"
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

// IsCommonPassword reports whether p is one of the bundled common
// passwords or made from one, as attackers' guessing rules make them. p is
// first normalised (see variants): fullwidth forms and accents folded,
// lower case, leetspeak undone. It is then refused if it is
//   - a common password, or one with digits, symbols or a year added
//     before or after (Pa$$word2024, P4$$w0rd!!!!);
//   - a string repeated, if that string is short or common
//     (passwordpassword, trustno1trustno1, Password1!Password1!);
//   - one character repeated, or a walk along the digits, the alphabet or
//     a keyboard row, shifted or not (123456789012, qwertyasdfgh,
//     !@#$%^&*()_+), ignoring what is not a letter or digit or not.
func IsCommonPassword(p string) bool {
	s := fold(p)
	if walk(alnum(s)) || walk(s) || repeated(alnum(s), 1) {
		return true
	}
	for _, v := range variants(s) {
		if common(v) {
			return true
		}
		for n := 1; n <= len(v)/2; n++ {
			if len(v)%n == 0 && strings.Repeat(v[:n], len(v)/n) == v && (n <= 6 || common(v[:n])) {
				return true
			}
		}
	}
	return false
}

// common reports whether s is on the list, with or without what is not a
// letter at either end.
func common(s string) bool {
	set := commonSet()
	if _, ok := set[s]; ok {
		return true
	}
	core := strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	_, ok := set[core]
	return ok && len(core) >= 4
}

// fold returns p in compatibility form without accents, in lower case:
// ｐａｓｓｗｏｒｄ and pässwörd become password. NFKD splits ä into a and
// a combining mark, which is dropped.
func fold(p string) string {
	d := norm.NFKD.String(p)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return norm.NFC.String(b.String())
}

// leet undoes the usual leetspeak substitutions; 1 stands for i in one
// reading and for l in the other.
var leet = [2]*strings.Replacer{
	strings.NewReplacer("4", "a", "@", "a", "3", "e", "0", "o", "1", "i", "5", "s", "$", "s", "7", "t", "9", "g"),
	strings.NewReplacer("4", "a", "@", "a", "3", "e", "0", "o", "1", "l", "5", "s", "$", "s", "7", "t", "9", "g"),
}

// variants returns the readings of s to look up: as typed, with leetspeak
// undone, and with leetspeak undone after digits and symbols at either
// end are cut off (so that pa$$word2024 reads password, not password2o2a).
func variants(s string) []string {
	core := strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	return []string{s, leet[0].Replace(s), leet[1].Replace(s), leet[0].Replace(core), leet[1].Replace(core)}
}

// alnum returns the ASCII letters and digits of s.
func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// repeated reports whether s is a string of up to max characters
// repeated (aaaaaaaaaaaa for max 1).
func repeated(s string, max int) bool {
	for n := 1; n <= max && n < len(s); n++ {
		if len(s)%n == 0 && strings.Repeat(s[:n], len(s)/n) == s {
			return true
		}
	}
	return false
}

// sequences are the orders people walk along when making a password up.
var sequences = []string{"0123456789", "1234567890-=", "!@#$%^&*()_+", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./"}

// walk reports whether s (at least 4 characters) is made of runs of 3 or
// more characters, each a walk one way along a sequence: 123456789012,
// 9876543210, qwertyasdfgh, abcdefghijkl.
func walk(s string) bool {
	if len(s) < 4 {
		return false
	}
	run, dir := 1, 0
	for i := 1; i < len(s); i++ {
		if d := step(s[i-1], s[i]); d != 0 && (dir == 0 || d == dir) {
			run, dir = run+1, d
			continue
		}
		if run < 3 {
			return false
		}
		run, dir = 1, 0
	}
	return run >= 3
}

// step is 1 if b follows a in one of the sequences, -1 if it comes just
// before it, and 0 otherwise.
func step(a, b byte) int {
	for _, seq := range sequences {
		i := strings.IndexByte(seq, a)
		switch {
		case i < 0:
		case i+1 < len(seq) && seq[i+1] == b:
			return 1
		case i > 0 && seq[i-1] == b:
			return -1
		}
	}
	return 0
}
