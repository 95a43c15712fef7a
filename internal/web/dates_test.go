package web

import (
	"testing"
	"time"
)

func TestLongDate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   any
		want string
	}{
		{"2026-11-29", "29 November 2026"},
		{"2026-05-09", "9 May 2026"},
		{time.Date(2018, 5, 9, 13, 0, 0, 0, time.UTC), "9 May 2018"},
		{"", ""},
	} {
		if got, err := longDate(c.in); err != nil || got != c.want {
			t.Errorf("longDate(%v) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []any{"29/11/2026", 42} {
		if _, err := longDate(bad); err == nil {
			t.Errorf("longDate(%v): no error", bad)
		}
	}
}
