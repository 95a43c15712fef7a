package web

import (
	"strings"
	"testing"
)

func TestCommentaryHTML(t *testing.T) {
	t.Parallel()
	got := string(markdownHTML("# Heading\n\nMore than half say **yes**.\n\n- one\n- two\n\n<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"))
	for _, want := range []string{"<h3>Heading</h3>", "<strong>yes</strong>", "<li>one</li>"} {
		if !strings.Contains(got, want) {
			t.Errorf("commentary lacks %s:\n%s", want, got)
		}
	}
	for _, bad := range []string{"<script", "onerror", "javascript:", "<h1"} {
		if strings.Contains(got, bad) {
			t.Errorf("commentary keeps %s:\n%s", bad, got)
		}
	}
	if commentaryError("  ") == "" || commentaryError(strings.Repeat("é", maxCommentary+1)) == "" || commentaryError(strings.Repeat("é", maxCommentary)) != "" {
		t.Error("commentaryError: wrong bounds")
	}
}
