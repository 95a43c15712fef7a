package auth

import (
	"strings"
	"testing"
	"time"
)

func TestCheckNewPassword(t *testing.T) {
	if n := len(commonSet()); n != 10000 {
		t.Fatalf("common password list has %d entries, want 10000", n)
	}
	refused := []string{
		"short",              // length
		"1qaz2wsx3edc",       // on the list, 12 characters
		"QAZWSXEDCRFV",       // on the list, any case
		"password1234",       // common with digits added
		"!!Password2024!!",   // common with symbols and digits around it
		"monkeymonkey",       // repeated
		"aaaaaaaaaaaaaaaa",   // repeated
		"dr.jane.smith-2026", // contains the email's local part
		// Normalised before the check: case, fullwidth forms, accents,
		// leetspeak; then repeats, sequences and padding.
		"123456789012",
		"passwordpassword",
		"P4$$w0rd!!!!",
		"Pa$$word2024",
		"Password1!Password1!",
		"password1234password1234",
		"trustno1trustno1",
		"ｐａｓｓｗｏｒｄ１２３４",
		"pässwörd1234",
		"qwertyasdfgh",
		"0987654321098",
		"abcdefghijklmnop",
		"zzzzzzzzzzzz!",
		"M0nk3y-2025!!",
		"L3tm31nL3tm31n",
		"!@#$%^&*()_+",
		"123-456-789-012",
	}
	for _, p := range refused {
		if CheckNewPassword(p, "dr.jane.smith@example.nhs.uk") == nil {
			t.Errorf("%q accepted", p)
		}
	}
	for _, p := range []string{"correct horse battery", "a long enough passphrase", "Lantern-otter-7-quarry", strings.Repeat("ab", 3) + "cdefghijk",
		"correct horse battery staple", "Tulip-Granite-Harbour-42", "Pässe über Flüsse 1987", "ｍｙ ｏｗｎ ｃｏｒｎｆｉｅｌｄ ｗａｌｋ", "sunrise over 7 quiet hills"} {
		if err := CheckNewPassword(p, "dr.jane.smith@example.nhs.uk"); err != nil {
			t.Errorf("%q refused: %v", p, err)
		}
	}
}

func TestLockFor(t *testing.T) {
	th := DefaultThrottle
	for _, c := range []struct {
		failures int
		want     time.Duration
	}{{0, 0}, {4, 0}, {5, time.Minute}, {6, 2 * time.Minute}, {8, 8 * time.Minute}, {11, time.Hour}, {40, time.Hour}} {
		if got := th.LockFor(c.failures, th.AccountLimit); got != c.want {
			t.Errorf("LockFor(%d) = %v, want %v", c.failures, got, c.want)
		}
	}
}
