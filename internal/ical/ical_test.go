package ical_test

import (
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"staffnet/internal/ical"
)

func london(t *testing.T) *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func sample(t *testing.T) *ical.Calendar {
	l := london(t)
	return &ical.Calendar{ProdID: "-//staffnet//Staff network events//EN", Name: "Race Equality Network, events",
		Events: []ical.Event{
			{UID: "ev-1@staffnet", Sequence: 2, Stamp: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC),
				Start: time.Date(2026, 7, 18, 12, 30, 0, 0, l), End: time.Date(2026, 7, 18, 13, 30, 0, 0, l),
				Summary:     "South Asian Heritage Month: stories, food; music",
				Description: "Line one, with a comma\nLine two; with a semicolon and a back\\slash. " + strings.Repeat("Łódź café ünïcödé ", 10),
				Location:    "Education Centre, Room 2", URL: "https://example.nhs.uk/events/1"},
			{UID: "ev-2@staffnet", Stamp: time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC),
				Start: time.Date(2026, 12, 2, 17, 0, 0, 0, l), End: time.Date(2026, 12, 2, 18, 0, 0, 0, l), Summary: "Winter social"},
		}}
}

// TestWellFormed checks the octet-level rules a parser may forgive: CRLF
// only, no line over 75 octets, no split UTF-8 character.
func TestWellFormed(t *testing.T) {
	s := sample(t).String()
	if !strings.HasSuffix(s, "END:VCALENDAR\r\n") {
		t.Fatalf("does not end with END:VCALENDAR CRLF: %q", s[len(s)-20:])
	}
	if strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\r") {
		t.Error("a bare LF or CR")
	}
	folded := 0
	for _, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("fold split a character: %q", l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 2 {
		t.Errorf("%d continuation lines; the long description must fold", folded)
	}
	for _, want := range []string{"VERSION:2.0\r\n", "PRODID:-//staffnet//Staff network events//EN\r\n",
		"DTSTART:20260718T113000Z\r\n", // 12:30 BST is 11:30 UTC
		"DTSTART:20261202T170000Z\r\n", // 17:00 GMT is 17:00 UTC
		"SUMMARY:South Asian Heritage Month: stories\\, food\\; music\r\n", "SEQUENCE:2\r\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q", want)
		}
	}
}

// TestParsesWithRealParser reads the calendar back with an independent
// iCalendar parser and compares every field.
func TestParsesWithRealParser(t *testing.T) {
	c := sample(t)
	cal, err := ics.ParseCalendar(strings.NewReader(c.String()))
	if err != nil {
		t.Fatal(err)
	}
	if v := cal.CalendarProperties; len(v) < 2 {
		t.Fatalf("calendar properties %v", v)
	}
	var version, prodid string
	for _, p := range cal.CalendarProperties {
		switch p.IANAToken {
		case string(ics.PropertyVersion):
			version = p.Value
		case string(ics.PropertyProductId):
			prodid = p.Value
		}
	}
	if version != "2.0" || prodid != c.ProdID {
		t.Errorf("VERSION %q PRODID %q", version, prodid)
	}
	evs := cal.Events()
	if len(evs) != 2 {
		t.Fatalf("%d events", len(evs))
	}
	for i, ev := range evs {
		want := c.Events[i]
		if ev.Id() != want.UID {
			t.Errorf("UID %q, want %q", ev.Id(), want.UID)
		}
		start, err := ev.GetStartAt()
		if err != nil || !start.Equal(want.Start) {
			t.Errorf("start %v (%v), want %v", start, err, want.Start)
		}
		end, err := ev.GetEndAt()
		if err != nil || !end.Equal(want.End) {
			t.Errorf("end %v (%v), want %v", end, err, want.End)
		}
		stamp, err := ev.GetDtStampTime()
		if err != nil || !stamp.Equal(want.Stamp) {
			t.Errorf("DTSTAMP %v (%v)", stamp, err)
		}
		get := func(p ics.ComponentProperty) string {
			if prop := ev.GetProperty(p); prop != nil {
				return prop.Value
			}
			return ""
		}
		if got := get(ics.ComponentPropertySummary); got != want.Summary {
			t.Errorf("summary %q, want %q", got, want.Summary)
		}
		if got := get(ics.ComponentPropertyDescription); got != want.Description {
			t.Errorf("description %q, want %q", got, want.Description)
		}
		if got := get(ics.ComponentPropertyLocation); got != want.Location {
			t.Errorf("location %q, want %q", got, want.Location)
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"plain": "plain", "a,b;c": `a\,b\;c`, "back\\slash": `back\\slash`, "two\r\nlines\nthree": `two\nlines\nthree`,
	} {
		if got := ical.Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}

// newlines is what a line break in TEXT reads back as: every CR LF, lone
// CR or LF is one \n.
var newlines = strings.NewReplacer("\r\n", "\n", "\r", "\n")

func FuzzWrite(f *testing.F) {
	f.Add("summary, with; specials\n", "Łódź")
	f.Fuzz(func(t *testing.T, summary, loc string) {
		if !utf8.ValidString(summary) || !utf8.ValidString(loc) {
			return
		}
		c := &ical.Calendar{ProdID: "-//t//t//EN", Events: []ical.Event{{UID: "u", Start: time.Unix(0, 0), Summary: summary, Location: loc}}}
		s := c.String()
		for _, l := range strings.Split(s, "\r\n") {
			if len(l) > 75 {
				t.Fatalf("line of %d octets", len(l))
			}
		}
		cal, err := ics.ParseCalendar(strings.NewReader(s))
		if err != nil {
			t.Fatal(err)
		}
		if got := cal.Events()[0].GetProperty(ics.ComponentPropertySummary).Value; got != newlines.Replace(summary) {
			t.Fatalf("summary %q back as %q", summary, got)
		}
	})
}

// BenchmarkWrite writes a feed of 1,000 events, as the organisation feed
// does, without the database or HTTP.
func BenchmarkWrite(b *testing.B) {
	start := time.Date(2026, 10, 1, 11, 30, 0, 0, time.UTC)
	c := &ical.Calendar{ProdID: "-//staffnet//Staff network events//EN", Name: "Events"}
	for i := range 1000 {
		c.Events = append(c.Events, ical.Event{UID: "event-0123456789abcdef01234567@staffnet", Sequence: 1, Stamp: start,
			Start: start.Add(time.Duration(i) * time.Hour), End: start.Add(time.Duration(i)*time.Hour + time.Hour),
			Summary: "Event: talk, lunch; questions", Location: "Education Centre, Room 2",
			Description: strings.Repeat("A description long enough to fold, with commas, and; semicolons. ", 4),
			URL:         "https://staffnet.example.nhs.uk/networks/1/events/1"})
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
