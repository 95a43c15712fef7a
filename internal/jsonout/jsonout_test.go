package jsonout

import (
	"bytes"
	"testing"
)

func TestWrite(t *testing.T) {
	var b bytes.Buffer
	v := struct {
		Name  string `json:"name"`
		Count *int   `json:"count"`
		List  []int  `json:"list"`
	}{Name: "a<b", List: []int{1, 2}}
	if err := Write(&b, v); err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"name\": \"a\\u003cb\",\n  \"count\": null,\n  \"list\": [\n    1,\n    2\n  ]\n}\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
