package web_test

import (
	"os"
	"testing"
)

// TestMain stops the Chromium that the browser tests share
// (startBrowser in browser_helpers_test.go) once every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	stopSharedBrowser()
	os.Exit(code)
}
