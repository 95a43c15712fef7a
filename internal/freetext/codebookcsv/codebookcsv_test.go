package codebookcsv

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"staffnet/internal/freetext"
	"staffnet/internal/rows"
	"staffnet/internal/survey"
)

// mapping is the built-in survey whose free text the codebooks here are
// of: its free-text questions are benefits_comment and other_comments.
var mapping = survey.MustBuiltin("bme-network-mapping-2016")

func isText(id string) bool {
	q := mapping.Question(id)
	return q != nil && q.Type == survey.Text
}

func TestCodebookRoundTrip(t *testing.T) {
	seed := freetext.Seed(mapping.Slug)
	if errs := freetext.Validate(seed, isText); len(errs) > 0 {
		t.Fatalf("the seed is not valid: %v", errs)
	}
	var buf bytes.Buffer
	if err := Write(&buf, seed); err != nil {
		t.Fatal(err)
	}
	back, err := Read(&buf, isText)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(seed) || back[3] != seed[3] {
		t.Errorf("round trip: %d themes, %+v", len(back), back[3])
	}
}

// TestCodebookWrite checks the bytes of a codebook file: the header, and
// a cell that would start a formula written safe.
func TestCodebookWrite(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, []freetext.Theme{{Question: "other_comments", Code: "a", Name: "=A", Definition: "x, y"}})
	want := "question,code,parent,name,definition\nother_comments,a,,'=A,\"x, y\"\n"
	if err != nil || buf.String() != want {
		t.Errorf("%v %q, want %q", err, buf.String(), want)
	}
}

func TestCodebookImportStrict(t *testing.T) {
	head := "question,code,parent,name,definition\n"
	for _, c := range []struct{ in, want string }{
		{"", "row 1, column question: the file is empty"},
		{"question,code,name\n", "row 1, column parent: the header must be"},
		{"question,\"code\n", "row 1: malformed CSV: "},
		{head + "nope,a,,A,\n", `row 2, column question: "nope" is not a free-text question`},
		{head + "other_comments,Bad Code,,A,\n", `row 2, column code: "Bad Code" must start`},
		{head + "other_comments,a,,,\n", "row 2, column name: a theme needs a name"},
		{head + "other_comments,a,,A,\nother_comments,a,,B,\n", `row 3, column code: "a" appears twice`},
		{head + "other_comments,b,a,B,\nother_comments,a,,A,\n", `row 2, column parent: "a" is not a theme listed above it`},
		{head + "other_comments,a,,A,\nother_comments,b,a,B,\nother_comments,c,b,C,\n", `row 4, column parent: "b" is itself a sub-theme`},
		{head + "other_comments,a,,A\n", "row 2, column question: has 4 columns, not 5"},
		{head + "nope,a,,A\nother_comments,\"b,,B,\n", "2 problems\nrow 2, column question: has 4 columns, not 5\nrow 3: malformed CSV: extraneous or missing \" in quoted-field; rows after"},
	} {
		got, err := Read(strings.NewReader(c.in), isText)
		var ie *rows.ImportError
		if got != nil || !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.in, err, c.want)
		}
	}
}

func TestCodedCSV(t *testing.T) {
	var buf bytes.Buffer
	err := WriteCoded(&buf, []freetext.Coding{{ResponseID: "K2", Question: "other_comments", Themes: []string{"divisive", "special"}}, {ResponseID: "A7", Question: "other_comments"}})
	want := "response_id,question,theme\nK2,other_comments,divisive\nK2,other_comments,special\n"
	if err != nil || buf.String() != want {
		t.Errorf("%v %q", err, buf.String())
	}
}

// FuzzRead: any file either imports as a valid codebook that writes
// back and reads again the same, or is refused with row and column; it
// never panics.
func FuzzRead(f *testing.F) {
	f.Add("question,code,parent,name,definition\nother_comments,a,,A,\nother_comments,b,a,B,x\n")
	f.Add("question,code,parent,name,definition\nother_comments,a,zz,A,\n")
	f.Add("\ufeffquestion,code,parent,name,definition\n\"other_comments\",\"a\",,\"=A\",\n")
	f.Fuzz(func(t *testing.T, in string) {
		themes, err := Read(strings.NewReader(in), isText)
		if err != nil {
			if !strings.Contains(err.Error(), "row ") {
				t.Fatalf("error without a row: %v", err)
			}
			return
		}
		if errs := freetext.Validate(themes, isText); len(errs) > 0 {
			t.Fatalf("imported an invalid codebook: %v", errs)
		}
		var buf bytes.Buffer
		if err := Write(&buf, themes); err != nil {
			t.Fatal(err)
		}
		if _, err := Read(&buf, isText); err != nil {
			t.Fatalf("written codebook does not read back: %v", err)
		}
	})
}
