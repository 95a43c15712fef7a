package web

import (
	"fmt"
	"time"

	"staffnet/internal/network"
)

// longDate is the one way a page shows a date, the NHS and GOV.UK way:
// "29 November 2026". It takes a time.Time or a stored day
// ("2026-11-29"); anything else is a template mistake.
func longDate(v any) (string, error) {
	switch d := v.(type) {
	case time.Time:
		return network.FormatDate(d), nil
	case string:
		if d == "" {
			return "", nil
		}
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return "", fmt.Errorf("date: %q is not a YYYY-MM-DD day", d)
		}
		return network.FormatDate(t), nil
	}
	return "", fmt.Errorf("date: cannot format a %T", v)
}
