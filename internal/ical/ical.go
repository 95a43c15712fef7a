// Package ical writes iCalendar (RFC 5545) calendars: one event for a
// download, or a feed of many that calendar programs subscribe to.
//
// It writes only what staffnet needs: VCALENDAR with VERSION, PRODID,
// CALSCALE and an optional name, and VEVENTs with UID, SEQUENCE, DTSTAMP,
// DTSTART, DTEND, SUMMARY, DESCRIPTION, LOCATION and URL. Times are
// written in UTC (the "Z" form), which RFC 5545 allows without a
// VTIMEZONE and every calendar program shows in the reader's own zone.
// Text is escaped (backslash, semicolon, comma, newline), lines end in
// CRLF and are folded at 75 octets without splitting a UTF-8 character.
package ical

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is one VCALENDAR.
type Calendar struct {
	ProdID string // e.g. "-//staffnet//Staff network events//EN"
	Name   string // X-WR-CALNAME, the name a subscribed calendar takes
	Events []Event
}

// Event is one VEVENT. UID must stay the same when the event is changed,
// and Sequence should go up, so that calendars update it in place.
type Event struct {
	UID         string
	Sequence    int
	Stamp       time.Time // DTSTAMP: when the event was last changed
	Start, End  time.Time
	Summary     string
	Description string
	Location    string
	URL         string
}

// Write writes c to w.
func (c *Calendar) Write(w io.Writer) error {
	b := bufio.NewWriterSize(w, 32*1024)
	e := encoder{w: b}
	e.line("BEGIN", "VCALENDAR")
	e.line("VERSION", "2.0")
	e.line("PRODID", c.ProdID)
	e.line("CALSCALE", "GREGORIAN")
	if c.Name != "" {
		e.text("X-WR-CALNAME", c.Name)
	}
	for i := range c.Events {
		e.event(&c.Events[i])
	}
	e.line("END", "VCALENDAR")
	if e.err != nil {
		return e.err
	}
	return b.Flush()
}

// String is the calendar as text, for tests and small downloads.
func (c *Calendar) String() string {
	var sb strings.Builder
	_ = c.Write(&sb)
	return sb.String()
}

type encoder struct {
	w   *bufio.Writer
	err error
	buf []byte
}

func (e *encoder) event(ev *Event) {
	e.line("BEGIN", "VEVENT")
	e.text("UID", ev.UID)
	if ev.Sequence > 0 {
		e.line("SEQUENCE", strconv.Itoa(ev.Sequence))
	}
	e.time("DTSTAMP", ev.Stamp)
	e.time("DTSTART", ev.Start)
	if !ev.End.IsZero() {
		e.time("DTEND", ev.End)
	}
	e.text("SUMMARY", ev.Summary)
	if ev.Description != "" {
		e.text("DESCRIPTION", ev.Description)
	}
	if ev.Location != "" {
		e.text("LOCATION", ev.Location)
	}
	if ev.URL != "" {
		// URL is a URI value, not TEXT: it is not escaped, but a URI
		// holds no line breaks.
		e.line("URL", uriBreaks.Replace(ev.URL))
	}
	e.line("END", "VEVENT")
}

var uriBreaks = strings.NewReplacer("\r", "", "\n", "")

// text writes a TEXT property, escaped (see Escape) straight into the
// line buffer.
func (e *encoder) text(name, value string) {
	e.buf = appendEscaped(append(append(e.buf[:0], name...), ':'), value)
	e.fold()
}

// time writes a UTC date-time property, 20261014T163000Z.
func (e *encoder) time(name string, t time.Time) {
	e.buf = t.UTC().AppendFormat(append(append(e.buf[:0], name...), ':'), "20060102T150405Z")
	e.fold()
}

// line writes "name:value" as it is.
func (e *encoder) line(name, value string) {
	e.buf = append(append(append(e.buf[:0], name...), ':'), value...)
	e.fold()
}

// fold writes the line in e.buf folded at 75 octets: each continuation
// line starts with a space, which counts towards its 75.
func (e *encoder) fold() {
	if e.err != nil {
		return
	}
	b := e.buf
	const limit = 75
	start := 0
	first := true
	for start < len(b) {
		room := limit
		if !first {
			room = limit - 1
		}
		end := start + room
		if end >= len(b) {
			end = len(b)
		} else {
			// Step back to the start of a UTF-8 character.
			for end > start && !utf8.RuneStart(b[end]) {
				end--
			}
		}
		if !first {
			e.w.WriteByte(' ')
		}
		e.w.Write(b[start:end])
		_, e.err = e.w.WriteString("\r\n")
		if e.err != nil {
			return
		}
		start = end
		first = false
	}
}

// Escape escapes a TEXT value: backslash, semicolon and comma get a
// backslash, and a line break (CR LF, CR or LF) becomes \n.
func Escape(s string) string { return string(appendEscaped(nil, s)) }

func appendEscaped(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', ';', ',':
			b = append(b, '\\', c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b = append(b, '\\', 'n')
		case '\n':
			b = append(b, '\\', 'n')
		default:
			b = append(b, c)
		}
	}
	return b
}
