package web

// The commentary a publisher writes for published findings: plain text
// or Markdown, shown through markdown (markdown.go), which renders it with
// goldmark and cleans it with bluemonday, so nothing typed can run script
// or break the page.

import "strings"

// maxCommentary bounds a commentary: a few paragraphs, not a report.
const maxCommentary = 2000

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
