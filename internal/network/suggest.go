package network

// Suggested events: dates in the year a network may want to mark, from
// the embedded suggestions.json. A network adopts one by making an event
// from it. Dates follow a rule rather than a list, so that they are right
// in any year: a fixed day (with an optional end for a month or season)
// or the nth weekday of a month (the National Day for Staff Networks is
// the second Wednesday in May). UK Race Equality Week is left out: its
// dates are set each year by its organisers and no rule we could confirm
// gives them.

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

//go:embed suggestions.json
var suggestionsJSON []byte

// Suggestion is one date a network may adopt as an event.
type Suggestion struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Rule        DateRule `json:"rule"`
	Description string   `json:"description"`
}

// DateRule says when a suggestion falls in a given year.
type DateRule struct {
	Kind     string       `json:"kind"` // fixed or nth_weekday
	Month    time.Month   `json:"month"`
	Day      int          `json:"day,omitempty"`
	EndMonth time.Month   `json:"end_month,omitempty"`
	EndDay   int          `json:"end_day,omitempty"`
	Weekday  time.Weekday `json:"weekday,omitempty"` // 0 Sunday … 6 Saturday
	N        int          `json:"n,omitempty"`       // 1 first … 4 fourth
}

// In gives the first and last day the rule covers in year y (the same day
// for a single day).
func (r DateRule) In(y int) (first, last time.Time) {
	switch r.Kind {
	case "nth_weekday":
		d := Date(y, r.Month, 1)
		d = d.AddDate(0, 0, (int(r.Weekday)-int(d.Weekday())+7)%7+7*(r.N-1))
		return d, d
	default:
		first = Date(y, r.Month, r.Day)
		if r.EndMonth == 0 {
			return first, first
		}
		return first, Date(y, r.EndMonth, r.EndDay)
	}
}

func (r DateRule) check() error {
	if r.Month < 1 || r.Month > 12 {
		return fmt.Errorf("month %d", r.Month)
	}
	switch r.Kind {
	case "fixed":
		if r.Day < 1 || Date(2024, r.Month, r.Day).Month() != r.Month {
			return fmt.Errorf("day %d of month %d", r.Day, r.Month)
		}
		if r.EndMonth != 0 && (Date(2024, r.EndMonth, r.EndDay).Month() != r.EndMonth || r.EndDay < 1) {
			return fmt.Errorf("end day %d of month %d", r.EndDay, r.EndMonth)
		}
	case "nth_weekday":
		if r.N < 1 || r.N > 4 || r.Weekday < 0 || r.Weekday > 6 {
			return fmt.Errorf("weekday %d, n %d", r.Weekday, r.N)
		}
	default:
		return fmt.Errorf("unknown kind %q", r.Kind)
	}
	return nil
}

// Suggestions parses the embedded suggestions.
func Suggestions() ([]Suggestion, error) {
	dec := json.NewDecoder(bytes.NewReader(suggestionsJSON))
	dec.DisallowUnknownFields()
	var f struct{ Suggestions []Suggestion }
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("suggestions.json: %w", err)
	}
	seen := map[string]bool{}
	for _, s := range f.Suggestions {
		if s.ID == "" || seen[s.ID] || s.Title == "" {
			return nil, fmt.Errorf("suggestions.json: suggestion %q: missing or repeated id or title", s.ID)
		}
		seen[s.ID] = true
		if err := s.Rule.check(); err != nil {
			return nil, fmt.Errorf("suggestions.json: suggestion %q: %w", s.ID, err)
		}
	}
	return f.Suggestions, nil
}

// Upcoming is a suggestion's next dates.
type Upcoming struct {
	Suggestion
	First, Last time.Time
}

// When is the dates for people: "13 May 2026" or "1 October 2026 to 31
// October 2026".
func (u Upcoming) When() string {
	if u.Last.Equal(u.First) {
		return FormatDate(u.First)
	}
	return FormatDate(u.First) + " to " + FormatDate(u.Last)
}

// UpcomingSuggestions lists each suggestion's next occurrence that has not
// ended by today, soonest first.
func UpcomingSuggestions(ss []Suggestion, today time.Time) []Upcoming {
	today = Day(today)
	var out []Upcoming
	for _, s := range ss {
		for y := today.Year(); y <= today.Year()+1; y++ {
			first, last := s.Rule.In(y)
			if !last.Before(today) {
				out = append(out, Upcoming{s, first, last})
				break
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Upcoming) int { return a.First.Compare(b.First) })
	return out
}

// FindSuggestion returns the suggestion with id, or false.
func FindSuggestion(ss []Suggestion, id string) (Suggestion, bool) {
	i := slices.IndexFunc(ss, func(s Suggestion) bool { return s.ID == id })
	if i < 0 {
		return Suggestion{}, false
	}
	return ss[i], true
}
