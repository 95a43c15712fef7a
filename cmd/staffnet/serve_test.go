package main

import (
	"bufio"
	"context"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// serveAt runs serve in-process with the given environment and
// arguments, and returns the address it says it is running at.
func serveAt(t *testing.T, environ map[string]string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	var errb strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: w, stderr: &errb, getenv: func(k string) string { return environ[k] }}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, e, append([]string{"serve", "--db", filepath.Join(t.TempDir(), "s.db")}, args...))
		w.Close()
	}()
	re := regexp.MustCompile(`running at http://(\S+)/`)
	sc := bufio.NewScanner(out)
	addr := ""
	for addr == "" && sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
		}
	}
	go io.Copy(io.Discard, out)
	cancel()
	if code := <-done; code != 0 || addr == "" {
		t.Fatalf("serve %v with %v: exit %d, running at %q: %s", args, environ, code, addr, errb.String())
	}
	return addr
}

// STAFFNET_ADDR sets where serve listens; --addr wins over it.
func TestServeAddr(t *testing.T) {
	t.Parallel()
	if addr := serveAt(t, map[string]string{"STAFFNET_ADDR": "127.0.0.1:0"}); !strings.HasPrefix(addr, "127.0.0.1:") || addr == "127.0.0.1:8080" {
		t.Errorf("STAFFNET_ADDR=127.0.0.1:0: running at %s", addr)
	}
	if addr := serveAt(t, map[string]string{"STAFFNET_ADDR": "256.0.0.1:bad"}, "--addr", "127.0.0.1:0"); !strings.HasPrefix(addr, "127.0.0.1:") || addr == "127.0.0.1:8080" {
		t.Errorf("--addr over STAFFNET_ADDR: running at %s", addr)
	}
	// Without --addr a bad STAFFNET_ADDR is what serve tries, and says so.
	var errb strings.Builder
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: &errb, getenv: func(k string) string {
		return map[string]string{"STAFFNET_ADDR": "127.0.0.1:notaport"}[k]
	}}
	if code := run(context.Background(), e, []string{"serve", "--db", filepath.Join(t.TempDir(), "s.db")}); code != 1 || !strings.Contains(errb.String(), "notaport") {
		t.Errorf("bad STAFFNET_ADDR: exit %d: %s", code, errb.String())
	}
}
