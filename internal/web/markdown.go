package web

// Markdown that people write (a network's terms of reference, the drafts
// of the six-step guide) shown as formatted text, through
// internal/markdown.

import (
	"html/template"
	"strings"

	"staffnet/internal/markdown"
)

// headingShift moves a document's headings below the page's own: the
// page has its h1 and h2, so a document's "#" becomes an h3.
var headingShift = strings.NewReplacer(
	"<h1", "<h3", "</h1>", "</h3>",
	"<h2", "<h4", "</h2>", "</h4>",
	"<h3", "<h5", "</h3>", "</h5>",
	"<h4", "<h6", "</h4>", "</h6>",
	"<h5", "<h6", "</h5>", "</h6>",
)

// markdownHTML renders text as safe HTML with its headings below the page's.
// Text goldmark cannot render (it renders any input) is shown escaped.
func markdownHTML(text string) template.HTML {
	h, err := markdown.HTML(text)
	if err != nil {
		return template.HTML("<p>" + template.HTMLEscapeString(text) + "</p>")
	}
	// Sanitised HTML holds only tags; a "<h1" in text is escaped, so the
	// replacer only ever meets real headings.
	return template.HTML(headingShift.Replace(h))
}

// textFuncs are template functions beyond server.go's funcs: markdown,
// home (where an account's work is, auth.Home) and navItem (a header
// link).
var textFuncs = template.FuncMap{"markdown": markdownHTML, "home": home,
	"navItem": func(href, text string, current bool) navItem { return navItem{href, text, current} }}
