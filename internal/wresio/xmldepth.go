package wresio

import (
	"errors"
	"fmt"
)

// maxXMLDepth bounds how deeply a workbook part may nest its elements. A
// sheet nests seven deep (worksheet, sheetData, row, c, is, r, t);
// encoding/xml's Decoder.Token, which excelize reads sheets with, keeps
// one entry per open element, so 32 MiB of "<a>" would cost over a
// gigabyte.
const maxXMLDepth = 100

// xmlDepthGuard follows an XML document's element nesting byte by byte,
// as an io.Writer, and fails once it is deeper than maxXMLDepth. It skips
// comments, CDATA sections, processing instructions and quoted attribute
// values, and refuses a DOCTYPE, which no workbook part has.
type xmlDepthGuard struct {
	state   int
	depth   int
	quote   byte   // the quote of an attribute value being read, or 0
	prev    byte   // the byte before, in a start tag: '/' before '>' closes it
	term    string // what ends the comment, CDATA or instruction being skipped
	matched int    // how much of term has been seen
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
		switch g.state {
		case inText:
			if c == '<' {
				g.state = afterLT
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
				g.state = inText
				if g.prev != '/' {
					if g.depth++; g.depth > maxXMLDepth {
						return 0, fmt.Errorf("elements nested more than %d deep", maxXMLDepth)
					}
				}
			}
			g.prev = c
		case inEndTag:
			if c == '>' {
				g.state = inText
				g.depth--
			}
		case skipping:
			switch {
			case c == g.term[g.matched]:
				if g.matched++; g.matched == len(g.term) {
					g.state = inText
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
