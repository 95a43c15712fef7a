package web

// The commentary a publisher writes for published findings: plain text
// or Markdown. goldmark renders CommonMark and leaves raw HTML out;
// bluemonday's policy for user content then cleans the result again, so
// nothing typed can run script or break the page.

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
)

// maxCommentary bounds a commentary: a few paragraphs, not a report.
const maxCommentary = 2000

var (
	commentaryRenderer = goldmark.New()
	commentaryPolicy   = bluemonday.UGCPolicy()
	// A commentary sits under the page's h1 and above the figures' h2s,
	// so its own headings become h3s and below.
	commentaryHeadings = strings.NewReplacer(
		"<h1", "<h3", "</h1>", "</h3>",
		"<h2", "<h4", "</h2>", "</h4>",
		"<h3", "<h5", "</h3>", "</h5>",
		"<h4", "<h6", "</h4>", "</h6>",
		"<h5", "<h6", "</h5>", "</h6>",
	)
)

// commentaryHTML renders a commentary as safe HTML.
func commentaryHTML(text string) template.HTML {
	var b bytes.Buffer
	if err := commentaryRenderer.Convert([]byte(text), &b); err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(text) + "</p>")
	}
	// Sanitised HTML holds only tags; a "<h1" in text is escaped, so the
	// replacer only meets real headings.
	return template.HTML(commentaryHeadings.Replace(commentaryPolicy.Sanitize(b.String())))
}

// commentaryError says what is wrong with a commentary, or "".
func commentaryError(text string) string {
	switch n := len([]rune(text)); {
	case strings.TrimSpace(text) == "":
		return "Enter a short commentary on what the figures show"
	case n > maxCommentary:
		return "Commentary must be 2,000 characters or fewer"
	}
	return ""
}
