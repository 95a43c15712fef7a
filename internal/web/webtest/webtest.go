// Package webtest answers staffnet surveys over HTTP the way a browser
// without JavaScript does: it reads each page's hidden fields, adds
// answers and posts the form. Tests and the load tool use it.
package webtest

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Form returns the hidden fields of a page's form, as staffnet writes
// them: <input type="hidden" name="N" value="V">. (A plain scan, not a
// regular expression: the load tool calls it on every page.)
func Form(body string) url.Values {
	const open, mid, end = `<input type="hidden" name="`, `" value="`, `">`
	v := url.Values{}
	for {
		i := strings.Index(body, open)
		if i < 0 {
			return v
		}
		body = body[i+len(open):]
		j := strings.Index(body, mid)
		if j < 0 {
			return v
		}
		name := body[:j]
		body = body[j+len(mid):]
		k := strings.Index(body, end)
		if k < 0 {
			return v
		}
		v.Add(html.UnescapeString(name), html.UnescapeString(body[:k]))
		body = body[k+len(end):]
	}
}

// Client posts forms without following redirects.
type Client struct {
	HTTP   *http.Client
	Base   string
	Header http.Header // sent with every request
}

// Do sends a request and returns its status, Location and body.
func (c *Client) Do(method, path string, form url.Values) (int, string, string, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.Base+path, body)
	if err != nil {
		return 0, "", "", err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	noFollow := *hc
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := noFollow.Do(req)
	if err != nil {
		return 0, "", "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b), err
}

// Answer walks survey slug from its start page to the confirmation page,
// giving answers (page id → fields) on each page it is shown. It returns
// the page ids it was shown, in order.
func (c *Client) Answer(slug string, answers map[string]url.Values) ([]string, error) {
	path := "/s/" + slug
	code, _, body, err := c.Do("GET", path, nil)
	if err != nil {
		return nil, err
	}
	if code != http.StatusOK {
		return nil, fmt.Errorf("start page: status %d", code)
	}
	f := Form(body)
	var pages []string
	for i := 0; i < 50; i++ {
		code, loc, body, err := c.Do("POST", path, f)
		if err != nil {
			return pages, err
		}
		if code == http.StatusSeeOther {
			if code, _, _, err = c.Do("GET", loc, nil); err != nil || code != http.StatusOK {
				return pages, fmt.Errorf("confirmation page: status %d, %v", code, err)
			}
			return pages, nil
		}
		if code != http.StatusOK {
			return pages, fmt.Errorf("after page %v: status %d", pages, code)
		}
		f = Form(body)
		step := f.Get("_step")
		if step == "check" {
			f.Set("_action", "submit")
			continue
		}
		pages = append(pages, step)
		for k, v := range answers[step] {
			f[k] = v
		}
		f.Set("_action", "continue")
	}
	return pages, fmt.Errorf("survey did not finish after 50 steps")
}
