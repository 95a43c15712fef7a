package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that notes failures instead of failing.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper()                           {}
func (r *recorder) Errorf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }
func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

func TestCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.txt")
	r := &recorder{TB: t}
	Check(r, path, []byte("x"))
	if r.failed == "" {
		t.Error("a missing golden file passed")
	}
	if err := os.WriteFile(path, []byte("same\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = &recorder{TB: t}
	Check(r, path, []byte("same\n"))
	if r.failed != "" {
		t.Errorf("equal output failed: %s", r.failed)
	}
	Check(r, path, []byte("other\n"))
	if r.failed == "" {
		t.Error("different output passed")
	}
	if b, _ := os.ReadFile(path); string(b) != "same\n" {
		t.Errorf("Check rewrote the file without -update: %q", b)
	}
}
