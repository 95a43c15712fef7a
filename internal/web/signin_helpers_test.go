package web_test

// How the handler tests and benchmarks sign an account in: one place adds
// the account, posts the sign-in form and reads the CSRF token of the page
// it lands on, for signIn, netAccount, dirAccount and the benchmarks.

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"staffnet/internal/store"
)

// formRequest is a request that sends v as a form (no body when v is
// nil), with the headers in hdr (name, value, ...).
func formRequest(method, u string, v url.Values, hdr ...string) *http.Request {
	var body io.Reader
	if v != nil {
		body = strings.NewReader(v.Encode())
	}
	req, _ := http.NewRequest(method, u, body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return req
}

// sendOnce is send without following a redirect.
func sendOnce(t testing.TB, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return send(t, &cc, req)
}

// send does req with c and returns the response and its body, read and
// closed.
func send(t testing.TB, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// hasAll fails the test for each string of want that page lacks and each
// of not that it has; what names the page in the messages.
func hasAll(t *testing.T, what, page string, want, not []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("%s: missing %q", what, w)
		}
	}
	for _, n := range not {
		if strings.Contains(page, n) {
			t.Errorf("%s: should not have %q", what, n)
		}
	}
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrfOf is the CSRF token in a page's forms, or "" when it has none.
func csrfOf(page string) string {
	if m := csrfField.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// addAndSignIn adds u to db, with the password browserPassword, and signs
// it in on the server at base, going on to next when it is not empty. It
// returns the client and the status and text of the page it lands on.
func addAndSignIn(t testing.TB, base string, db *store.DB, u store.User, next string) (*http.Client, int, string) {
	t.Helper()
	u.PasswordHash = browserHash()
	if _, err := db.AddUser(context.Background(), u); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	v := url.Values{"email": {u.Email}, "password": {browserPassword}}
	if next != "" {
		v.Set("next", next)
	}
	res, err := c.PostForm(base+"/login", v)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return c, res.StatusCode, string(b)
}

// signInCSRF is addAndSignIn for an account that lands on a page with a
// form, with the status want unless want is 0 (any status): it returns
// the client and that page's CSRF token.
func signInCSRF(t testing.TB, base string, db *store.DB, u store.User, next string, want int) (*http.Client, string) {
	t.Helper()
	c, status, page := addAndSignIn(t, base, db, u, next)
	csrf := csrfOf(page)
	if (want != 0 && status != want) || csrf == "" {
		t.Fatalf("sign in as %s: %d %s", u.Email, status, page)
	}
	return c, csrf
}
