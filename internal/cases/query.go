package cases

import (
	"strings"
	"unicode"
)

// Query is a search as people type it, read into words and quoted
// phrases. Everything else a person might type (FTS5 or tsquery
// operators, brackets, stars, colons, minus signs) is punctuation that
// separates words, so no input is a syntax error on either database.
//
// English stop words ("the", "of", "and") are dropped from words, as
// PostgreSQL's english configuration drops them; otherwise FTS5, which
// keeps them, would demand "the" in every match. Phrases keep theirs.
type Query struct {
	Words   []string   // lower case, stop words removed
	Phrases [][]string // each at least two words, lower case
}

// MaxQueryTerms bounds the words and phrases of one query.
const MaxQueryTerms = 16

// ParseQuery reads a search box's text.
func ParseQuery(s string) Query {
	var q Query
	parts := strings.Split(s, `"`)
	for i, part := range parts {
		words := tokens(part)
		// Odd parts are inside quotes; an unclosed quote's tail counts too.
		// A phrase loses the stop words at its ends, which PostgreSQL
		// would not match; those inside stay, for FTS5 to match exactly
		// and PostgreSQL as "any one word here".
		if i%2 == 1 {
			for len(words) > 0 && stopWords[words[0]] {
				words = words[1:]
			}
			for len(words) > 0 && stopWords[words[len(words)-1]] {
				words = words[:len(words)-1]
			}
			if len(words) > 1 {
				q.Phrases = append(q.Phrases, words)
				continue
			}
		}
		for _, w := range words {
			if !stopWords[w] {
				q.Words = append(q.Words, w)
			}
		}
	}
	for len(q.Words)+len(q.Phrases) > MaxQueryTerms {
		if len(q.Words) > 0 {
			q.Words = q.Words[:len(q.Words)-1]
		} else {
			q.Phrases = q.Phrases[:len(q.Phrases)-1]
		}
	}
	return q
}

// Empty reports whether the query has nothing to search for.
func (q Query) Empty() bool { return len(q.Words) == 0 && len(q.Phrases) == 0 }

// tokens splits s into lower-case runs of letters and digits, as both
// FTS5's unicode61 tokenizer and PostgreSQL's parser split plain words.
func tokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// FTS5 is the query as an FTS5 MATCH expression: every word and phrase
// quoted (so it is a string, never an operator), all of them required.
func (q Query) FTS5() string {
	var terms []string
	for _, w := range q.Words {
		terms = append(terms, `"`+w+`"`)
	}
	for _, p := range q.Phrases {
		terms = append(terms, `"`+strings.Join(p, " ")+`"`)
	}
	return strings.Join(terms, " AND ")
}

// Websearch is the query for PostgreSQL's websearch_to_tsquery: plain
// words (all required) and quoted phrases. The words hold only letters
// and digits, and "or" is a stop word, so nothing in it is an operator.
func (q Query) Websearch() string {
	terms := append([]string(nil), q.Words...)
	for _, p := range q.Phrases {
		terms = append(terms, `"`+strings.Join(p, " ")+`"`)
	}
	return strings.Join(terms, " ")
}

// stopWords is PostgreSQL's english stop-word list (Snowball's), which
// its english configuration leaves out of documents and queries.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`i me my myself we our ours ourselves you your yours yourself yourselves
	he him his himself she her hers herself it its itself they them their theirs themselves what which who
	whom this that these those am is are was were be been being have has had having do does did doing a an
	the and but if or because as until while of at by for with about against between into through during
	before after above below to from up down in out on off over under again further then once here there
	when where why how all any both each few more most other some such no nor not only own same so than too
	very s t can will just don should now`) {
		m[w] = true
	}
	return m
}()
