package wresio

import (
	"errors"
	"fmt"

	"staffnet/internal/wres"
)

// maxXMLDepth bounds how deeply a workbook part may nest its elements. A
// sheet nests seven deep (worksheet, sheetData, row, c, is, r, t);
// encoding/xml's Decoder.Token, which excelize reads sheets with, keeps
// one entry per open element, so 32 MiB of "<a>" would cost over a
// gigabyte.
const maxXMLDepth = 100

// maxXMLElements bounds the elements of one workbook part. excelize reads
// a sheet at a few microseconds an element whatever the element holds, so
// a sheet of 32 MiB of empty cells ("<c/>", 8 million of them, in a zip
// of 34 KiB) took 16 s, and a row of them is read whole before its first
// cell can be refused. Two million is more than the largest sheet within
// MaxUnzipped as excelize or Excel write it (about 94,000 rows of seven
// cells, two elements a cell).
const maxXMLElements = 2_000_000

// maxXMLToken bounds one piece of a part: a run of text, a tag with its
// attributes, a comment, a CDATA section or an instruction. encoding/xml
// holds each whole, several times over: one cell of 32 MiB of text
// took 280 MiB. A cell holds at most 32,767 characters.
const maxXMLToken = 256 << 10

// xmlDepthGuard follows an XML document's element nesting byte by byte,
// as an io.Writer, and fails once it is deeper than maxXMLDepth, has more
// than maxXMLElements elements or a piece longer than maxXMLToken. It skips
// comments, CDATA sections, processing instructions and quoted attribute
// values, and refuses a DOCTYPE, which no workbook part has.
type xmlDepthGuard struct {
	state    int
	depth    int
	quote    byte   // the quote of an attribute value being read, or 0
	prev     byte   // the byte before, in a start tag: '/' before '>' closes it
	term     string // what ends the comment, CDATA or instruction being skipped
	matched  int    // how much of term has been seen
	elements int    // start tags seen
	token    int    // bytes of the current piece: text, tag, comment…
}

const (
	inText = iota
	afterLT
	afterBang
	inStartTag
	inEndTag
	skipping
)

var errXMLDoctype = errors.New("a DOCTYPE, which no workbook part has")

func (g *xmlDepthGuard) Write(b []byte) (int, error) {
	for _, c := range b {
		if g.token++; g.token > maxXMLToken {
			return 0, &wres.LimitError{What: fmt.Sprintf("a cell, tag or comment longer than %d KiB", maxXMLToken>>10), Advice: asCSV}
		}
		switch g.state {
		case inText:
			if c == '<' {
				g.state, g.token = afterLT, 1
			}
		case afterLT:
			switch c {
			case '/':
				g.state = inEndTag
			case '?':
				g.skip("?>")
			case '!':
				g.state = afterBang
			default:
				g.state, g.quote, g.prev = inStartTag, 0, c
				if g.elements++; g.elements > maxXMLElements {
					return 0, &wres.LimitError{What: fmt.Sprintf("a workbook part with more than %g million elements (cells, rows and the rest)", float64(maxXMLElements)/1e6), Advice: asCSV}
				}
			}
		case afterBang:
			switch c {
			case '-':
				g.skip("-->")
			case '[':
				g.skip("]]>")
			default:
				return 0, errXMLDoctype
			}
		case inStartTag:
			switch {
			case g.quote != 0:
				if c == g.quote {
					g.quote = 0
				}
			case c == '"' || c == '\'':
				g.quote = c
			case c == '>':
				g.state, g.token = inText, 0
				if g.prev != '/' {
					if g.depth++; g.depth > maxXMLDepth {
						return 0, fmt.Errorf("elements nested more than %d deep", maxXMLDepth)
					}
				}
			}
			g.prev = c
		case inEndTag:
			if c == '>' {
				g.state, g.token = inText, 0
				g.depth--
			}
		case skipping:
			switch {
			case c == g.term[g.matched]:
				if g.matched++; g.matched == len(g.term) {
					g.state, g.token = inText, 0
				}
			case g.matched > 0 && c == g.term[0] && g.term[g.matched-1] == c:
				// "--->" or "]]]>": the run of the first byte goes on.
			default:
				g.matched = 0
				if c == g.term[0] {
					g.matched = 1
				}
			}
		}
	}
	return len(b), nil
}

func (g *xmlDepthGuard) skip(term string) { g.state, g.term, g.matched = skipping, term, 0 }
