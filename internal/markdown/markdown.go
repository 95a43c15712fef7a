// Package markdown turns Markdown that people write (a network's terms of
// reference, the six-step guide's drafts, messages to members) into HTML
// that is safe to show or send. goldmark renders CommonMark and leaves raw
// HTML out; bluemonday's policy for user content then cleans the result
// again, so nothing a person types can run script.
package markdown

import (
	"bytes"
	"html"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
)

var (
	renderer = goldmark.New()
	policy   = bluemonday.UGCPolicy()
)

// HTML renders text as sanitised HTML.
func HTML(text string) (string, error) {
	var b bytes.Buffer
	if err := renderer.Convert([]byte(text), &b); err != nil {
		return "", err
	}
	return policy.Sanitize(b.String()), nil
}

// Message returns a message's body as plain text and, when it is written
// in Markdown, as safe HTML too: mail carries both parts.
func Message(body string, isMarkdown bool) (text, html string, err error) {
	if !isMarkdown {
		return body, "", nil
	}
	if html, err = HTML(body); err != nil {
		return "", "", err
	}
	return body, html, nil
}

var strict = bluemonday.StrictPolicy()

// Plain renders text's Markdown and keeps only its words, for a line of a
// list (a case study's summary in the library): "**Mentoring** [works](x)"
// becomes "Mentoring works". Whitespace, line breaks and paragraphs
// included, collapse to single spaces.
func Plain(text string) string {
	var b bytes.Buffer
	if err := renderer.Convert([]byte(text), &b); err != nil {
		return strings.Join(strings.Fields(text), " ")
	}
	return strings.Join(strings.Fields(html.UnescapeString(strict.Sanitize(b.String()))), " ")
}
