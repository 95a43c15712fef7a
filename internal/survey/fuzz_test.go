package survey

import (
	"bytes"
	"encoding/csv"
	"io"
	"math/bits"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// csvBytes writes records as the exporter does.
func csvBytes(records ...[]string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.WriteAll(records)
	return buf.Bytes()
}

// FuzzRowDecoder feeds arbitrary files to the importer's decoder. It must
// never panic, every error must read "row N, column C: reason", and a row
// that decodes cleanly must survive export (Row, then encoding/csv) and
// import again unchanged.
func FuzzRowDecoder(f *testing.F) {
	d := mapping(f)
	header := d.Header()
	var rows [][]string
	rows = append(rows, header)
	for _, r := range sampleResponses(f, d) {
		rows = append(rows, d.Row(nil, r))
	}
	f.Add(csvBytes(rows...))
	f.Add(append([]byte("\ufeff"), csvBytes(rows[:3]...)...))
	f.Add(csvBytes(header, record(header, map[string]string{"has_bme_network": "no", "effectiveness": "effective"})))
	f.Add(csvBytes(header, record(header, map[string]string{"other_networks": "none;lgbti", ColDate: "2016-02-30"})))
	f.Add(csvBytes(header, record(header, map[string]string{"region": "london;north_east", ColID: "bad id"})))
	f.Add([]byte("response_id,submitted_on,region\nr1,2016-05-01,london\nr2,2016-5-1,mars\nr3\n"))
	f.Add([]byte("response_id,submitted_on,region,region,colour,\n"))
	f.Add([]byte("submitted_on,other_comments,response_id\r\n2016-12-31,\"multi\r\nline \"\"quoted\"\"\",x\r\n"))
	f.Add([]byte("response_id,submitted_on,benefits_comment\nr1,2016-01-01,\"unterminated\n"))
	f.Add([]byte("response_id,submitted_on,other_comments,other_networks\nr1,2016-01-01,\"a\rb\r\", lgbti ; faith\n"))
	f.Add([]byte(""))

	f.Fuzz(func(t *testing.T, data []byte) {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = -1
		cr.ReuseRecord = true
		hdr, err := cr.Read()
		if err != nil {
			return
		}
		rd, errs := d.NewRowDecoder(hdr)
		checkCellErrors(t, errs)
		if len(errs) > 0 {
			return
		}
		again, errs := d.NewRowDecoder(d.Header())
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		r := d.NewResponse()
		for n := 2; n < 200; n++ {
			rec, err := cr.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				return // a CSV syntax error, reported by the importer
			}
			errs := rd.Decode(n, rec, r)
			checkCellErrors(t, errs)
			if len(errs) > 0 {
				continue
			}
			checkSlots(t, d, r)

			// Export the row and import it again, directly...
			out := d.Row(nil, r)
			r2 := d.NewResponse()
			if errs := again.Decode(n, out, r2); len(errs) > 0 {
				t.Fatalf("row %d %q decoded, but its export %q does not: %q", n, rec, out, errorStrings(errs))
			}
			if !reflect.DeepEqual(r, r2) {
				t.Fatalf("row %d %q: round trip\n got %#v\nwant %#v", n, rec, r2, r)
			}
			// ...and through a CSV file.
			cr2 := csv.NewReader(bytes.NewReader(csvBytes(d.Header(), out)))
			recs, err := cr2.ReadAll()
			if err != nil || len(recs) != 2 {
				t.Fatalf("row %d: exported file unreadable: %v (%d records)", n, err, len(recs))
			}
			r3 := d.NewResponse()
			if errs := again.Decode(n, recs[1], r3); len(errs) > 0 || !reflect.DeepEqual(r, r3) {
				t.Fatalf("row %d %q: CSV round trip\n got %#v (%q)\nwant %#v", n, rec, r3, errorStrings(errs), r)
			}
		}
	})
}

func checkCellErrors(t *testing.T, errs []CellError) {
	t.Helper()
	for _, e := range errs {
		if !cellErrorFormat.MatchString(e.Error()) {
			t.Fatalf("error %q is not row N, column C: reason", e.Error())
		}
	}
}

// checkSlots fails if r holds a value that is not an answer to its slot.
func checkSlots(t *testing.T, d *Definition, r *Response) {
	t.Helper()
	for i, s := range d.Slots() {
		v, n := r.Slots[i], len(s.Q.Options)
		switch s.Q.Type {
		case Multiple:
			if bits.Len64(v) > n {
				t.Fatalf("slot %d (%s) holds bits %b beyond its %d options", i, s.Q.ID, v, n)
			}
		default:
			if v > uint64(n) {
				t.Fatalf("slot %d (%s) holds %d, beyond its %d options", i, s.Q.ID, v, n)
			}
		}
	}
}

// FuzzDecodeForm feeds arbitrary form bodies to DecodeForm for every
// question of the mapping survey and of a survey with required questions,
// a length limit and chained routing. It must never panic nor store an
// invalid value, and an answer set that passes Check must survive
// EncodeForm and DecodeForm unchanged: this is how answers travel
// between pages.
func FuzzDecodeForm(f *testing.F) {
	defs := []*Definition{mapping(f), mustParse(f, nested)}
	for _, r := range sampleResponses(f, defs[0]) {
		v := url.Values{}
		defs[0].EncodeForm(r, v)
		f.Add(v.Encode())
	}
	for _, q := range []string{
		"region=london&occupation=clinical&has_bme_network=yes&effectiveness=effective&relationships=hr&relationships=board&support_needed.budget=agree&benefits_comment=Time+to+meet",
		"has_bme_network=no&would_benefit=dont_know&other_networks=none&other_comments=%E2%9C%93+caf%C3%A9%0D%0Anext+line",
		"has_bme_network=no&effectiveness=effective",
		"other_networks=none&other_networks=lgbti&region=london&region=north_east",
		"region=atlantis&support_needed.budget=agree&support_needed.budget=disagree&support_needed=agree",
		"a=yes&b=x&b=z&c=p&d.i=agree&d.j=disagree&e=why&f=one&g.i=agree",
		"a=yes&b=y&c=q&e=toolong&f=two&g.j=disagree",
		"a=no&b=x&f=one&f=two&g.i=",
		"benefits_comment=%20%20%0D%0A%20&other_comments=%FF%FE",
		"e=%0D%0D%0Aab&a=yes&b=x&c=q&f=one&g.i=agree",
		"%zz=1&;&&=",
	} {
		f.Add(q)
	}

	f.Fuzz(func(t *testing.T, query string) {
		v, _ := url.ParseQuery(query) // keeps what it could parse, as net/http does
		for _, d := range defs {
			r := d.NewResponse()
			errs := d.DecodeForm(v, r, d.Questions())
			for _, e := range errs {
				if d.Question(strings.SplitN(e.Field, ".", 2)[0]) == nil {
					t.Fatalf("error names unknown field %q", e.Field)
				}
			}
			checkSlots(t, d, r)
			if len(d.Check(r)) > 0 {
				continue
			}
			out := url.Values{}
			d.EncodeForm(r, out)
			back, err := url.ParseQuery(out.Encode())
			if err != nil {
				t.Fatalf("EncodeForm wrote an unparsable form %q: %v", out.Encode(), err)
			}
			r2 := d.NewResponse()
			if errs := d.DecodeForm(back, r2, d.Questions()); len(errs) > 0 {
				t.Fatalf("%s: re-encoded form %q: %v", d.Slug, out.Encode(), errs)
			}
			if !reflect.DeepEqual(r, r2) {
				t.Fatalf("%s: form round trip of %q\n got %#v\nwant %#v", d.Slug, query, r2, r)
			}
		}
	})
}
