package markdown

import (
	"strings"
	"testing"
)

func TestHTML(t *testing.T) {
	for _, c := range []struct{ in, want, not string }{
		{"# Terms\n\nWe meet **monthly**.", "<strong>monthly</strong>", ""},
		{"<script>alert(1)</script>", "", "<script"},
		{"[x](javascript:alert(1))", "", "javascript:"},
		{`<a href="https://example.org" onclick="alert(1)">x</a>`, "", "onclick"},
	} {
		got, err := HTML(c.in)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		if c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%q: %q lacks %q", c.in, got, c.want)
		}
		if c.not != "" && strings.Contains(got, c.not) {
			t.Errorf("%q: %q keeps %q", c.in, got, c.not)
		}
	}
}

func TestMessage(t *testing.T) {
	text, html, err := Message("Hello **all** <script>alert(1)</script> [x](javascript:alert(1))", true)
	if err != nil || text == "" || !strings.Contains(html, "<strong>all</strong>") || strings.Contains(html, "<script") || strings.Contains(html, "javascript:") {
		t.Errorf("markdown message: %q %q %v", text, html, err)
	}
	if text, html, err := Message("plain *text*", false); err != nil || text != "plain *text*" || html != "" {
		t.Errorf("plain message: %q %q %v", text, html, err)
	}
}

func TestPlain(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"We run **reverse mentoring** with _the board_.", "We run reverse mentoring with the board."},
		{"# Background\n\nSee [our plan](https://example.org).\n\n- one\n- two", "Background See our plan. one two"},
		// Tags go; what was between them is only text, escaped where shown.
		{"Fish & chips <script>alert(1)</script>", "Fish & chips alert(1)"},
		{"`code` and \x01mark\x02ed", "code and \x01mark\x02ed"}, // search marks pass through
	} {
		if got := Plain(c.in); got != c.want {
			t.Errorf("Plain(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
