package web_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/auth"
	"staffnet/internal/benchmem"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/wres"
	"staffnet/internal/wresio"
)

// BenchmarkWRESUpload posts the largest uploads the limits allow, and two
// that break them, through the web server into SQLite:
//
//	go test ./internal/web -run '^$' -bench WRESUpload -benchtime 1x
//
// xlsx-heavy is a workbook built to cost excelize the most memory
// within the limits: stored, not deflated (34 MiB), with shared strings,
// styles and a calculation chain each at their limit, small unused sheets
// up to the limit on what excelize holds in memory and large ones up to
// the 32 MiB unpacked; its first sheet has two rows.
//
// csv-own is an organisation admin's 64 MiB CSV of 999,999 rows (the
// most rows a file may have) over 101 years; csv-national a national
// admin's return of 2,500 organisation-years (the most allowed), every
// measure and post; xlsx-own a workbook that unpacks to just under 32 MiB
// (about 94,000 rows); xlsx-bomb 2 MB that unpacks to 509 MiB (3 million
// rows); csv-commas 64 MiB of commas. peak-heap-MiB samples the Go heap
// in use while the upload runs; peak-RSS-MiB is the process's high-water
// mark (Linux), reset before each case, and includes the benchmark's
// client and SQLite's page cache.
func BenchmarkWRESUpload(b *testing.B) {
	dir := b.TempDir()
	db := storetest.SQLite(b)
	ctx := context.Background()
	list := []orgs.Organisation{{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "Y56"}}
	for i := range 250 {
		list = append(list, orgs.Organisation{Code: fmt.Sprintf("B%03d", i), Name: fmt.Sprintf("Benchmark Trust %d", i), Region: orgs.RegionCodes[i%7]})
	}
	if _, _, err := db.UpsertOrganisations(ctx, list); err != nil {
		b.Fatal(err)
	}
	base := newBenchApp(b, db)
	login := func(role auth.Role, org string) (*http.Client, string) {
		return signInCSRF(b, base, db, store.User{Email: string(role) + "@example.nhs.uk", Role: role, Org: org}, "", 0)
	}
	own, ownCSRF := login(auth.OrgAdmin, "RJ1")
	nat, natCSRF := login(auth.Admin, "")

	cases := []struct {
		name   string
		c      *http.Client
		csrf   string
		file   string
		make   func(path string) (rows int, err error)
		stored bool
		want   string
	}{
		{"csv-own", own, ownCSRF, "own.csv", writeOwnCSV, true, "Return stored"},
		{"csv-national", nat, natCSRF, "national.csv", writeNationalCSV, true, "Return stored"},
		{"xlsx-own", own, ownCSRF, "own.xlsx", writeOwnXLSX, true, "Return stored"},
		{"xlsx-heavy", own, ownCSRF, "heavy.xlsx", func(path string) (int, error) { return 2, writeHeavyXLSX(b, path) }, true, "Return stored"},
		{"xlsx-bomb", own, ownCSRF, "bomb.xlsx", func(path string) (int, error) {
			row := `<row><c t="inlineStr"><is><t>RJ1</t></is></c><c><v>2025</v></c><c t="inlineStr"><is><t>training</t></is></c><c t="inlineStr"><is><t>bme</t></is></c><c/><c/><c><v>1</v></c></row>`
			return 3_000_000, os.WriteFile(path, xlsxBomb(b, row, 3_000_000, false), 0o644)
		}, false, "a workbook that unpacks to"},
		{"csv-commas", own, ownCSRF, "commas.csv", func(path string) (int, error) {
			return 1, os.WriteFile(path, []byte(strings.Repeat(",", wresio.MaxFileSize)), 0o644)
		}, false, "a row longer than 64 KiB"},
	}
	for _, c := range cases {
		path := filepath.Join(dir, c.file)
		rows, err := c.make(path)
		if err != nil {
			b.Fatal(err)
		}
		st, _ := os.Stat(path)
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(st.Size())
			debug.FreeOSMemory() // so that setup garbage does not count
			benchmem.ResetPeakRSS()
			peak := benchmem.SampleHeap(10 * time.Millisecond)
			cpu0 := benchmem.CPUTime()
			for b.Loop() {
				code, page := uploadFile(b, c.c, base+"/wres/upload", c.csrf, path)
				if (code == 200) != c.stored || !strings.Contains(page, c.want) {
					i := strings.Index(page, "nhsuk-error-message")
					b.Fatalf("%s: %d %s", c.name, code, page[max(i, 0):min(len(page), max(i, 0)+500)])
				}
			}
			b.StopTimer()
			// CPU time is steadier than wall time on a shared machine; it
			// includes the client's share, which is small.
			b.ReportMetric((benchmem.CPUTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(benchmem.PeakRSS())/(1<<20), "peak-RSS-MiB")
			b.ReportMetric(float64(st.Size())/(1<<20), "file-MiB")
			b.ReportMetric(float64(rows), "rows")
		})
	}
}

// uploadFile streams a file from disk as the upload form's body, so that
// the client holds little of it in memory.
func uploadFile(b *testing.B, c *http.Client, u, csrf, path string) (int, string) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		mw.WriteField("_csrf", csrf)
		fw, _ := mw.CreateFormFile("file", filepath.Base(path))
		f, err := os.Open(path)
		if err != nil {
			pw.CloseWithError(err)
			return
		}
		defer f.Close()
		if _, err := io.Copy(fw, f); err != nil {
			pw.CloseWithError(err)
			return
		}
		pw.CloseWithError(mw.Close())
	}()
	res, err := c.Post(u, mw.FormDataContentType(), pr)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// benchPosts are every staff group and band of indicator 1.
func benchPosts() []string {
	var ps []string
	for p := wres.Post(1); p < wres.NumPosts; p++ {
		ps = append(ps, p.StaffGroup().String()+","+p.Band().String())
	}
	return ps
}

const benchHeader = "organisation_code,year,measure,ethnicity,staff_group,band,value\n"

// writeOwnCSV writes RJ1's headcount over 101 years, one row per line up
// to the row limit, each padded to 67 bytes so that the file is as large
// as an upload may be.
func writeOwnCSV(path string) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(benchHeader)
	posts, eth := benchPosts(), []string{"A", "D", "Z"}
	for i := range wres.MaxRows - 1 {
		row := fmt.Sprintf("RJ1,%d,headcount,%s,%s,", wres.MinYear+i%101, eth[i%3], posts[(i/3)%len(posts)])
		w.WriteString(row + strings.Repeat(" ", 65-len(row)) + "1\n")
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	return wres.MaxRows - 1, f.Close()
}

// writeNationalCSV writes every measure and post of 2,500
// organisation-years: 250 organisations over ten years.
func writeNationalCSV(path string) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	n := 0
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(benchHeader)
	posts := benchPosts()
	values := map[wres.Measure]int{wres.Shortlisted: 10, wres.Appointed: 5}
	for o := range 250 {
		for y := 2015; y < 2025; y++ {
			for _, e := range []string{"white", "bme", "unknown"} {
				for _, p := range posts {
					fmt.Fprintf(w, "B%03d,%d,headcount,%s,%s,%d\n", o, y, e, p, 20+o%7)
					n++
				}
				for m := wres.Shortlisted; m < wres.NumMeasures; m++ {
					v, ok := values[m]
					if !ok {
						v = 3 + (int(m)+1)%2*7 // survey counts 3, bases 10
					}
					fmt.Fprintf(w, "B%03d,%d,%s,%s,,,%d\n", o, y, m, e, v)
					n++
				}
			}
		}
	}
	if err := w.Flush(); err != nil {
		return 0, err
	}
	return n, f.Close()
}

// writeOwnXLSX writes a workbook of RJ1's headcount whose parts unpack to
// just under wresio.MaxUnzipped.
func writeOwnXLSX(path string) (int, error) {
	write := func(rows int) (int64, error) {
		f := excelize.NewFile()
		defer f.Close()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			return 0, err
		}
		head := strings.Split(strings.TrimSpace(benchHeader), ",")
		cells := make([]any, len(head))
		for i, h := range head {
			cells[i] = h
		}
		sw.SetRow("A1", cells)
		posts, eth := benchPosts(), []string{"A", "D", "Z"}
		for i := range rows {
			sg, band, _ := strings.Cut(posts[(i/3)%len(posts)], ",")
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if err := sw.SetRow(cell, []any{"RJ1", wres.MinYear + i%101, "headcount", eth[i%3], sg, band, 1}); err != nil {
				return 0, err
			}
		}
		if err := sw.Flush(); err != nil {
			return 0, err
		}
		if err := f.SaveAs(path); err != nil {
			return 0, err
		}
		zr, err := zip.OpenReader(path)
		if err != nil {
			return 0, err
		}
		defer zr.Close()
		var total int64
		for _, zf := range zr.File {
			total += int64(zf.UncompressedSize64)
		}
		return total, nil
	}
	small, err := write(10_000)
	if err != nil {
		return 0, err
	}
	large, err := write(20_000)
	if err != nil {
		return 0, err
	}
	perRow := float64(large-small) / 10_000
	rows := int(float64(wresio.MaxUnzipped-small)/perRow*0.96) + 10_000
	_, err = write(rows)
	return rows, err
}

// writeHeavyXLSX writes xlsx-heavy (see BenchmarkWRESUpload).
func writeHeavyXLSX(b *testing.B, path string) error {
	base := xlsxFile(b, [][]any{{"x"}})
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		return err
	}
	const ns = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`
	const main = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	inline := func(vals ...string) string {
		var r strings.Builder
		r.WriteString("<row>")
		for _, v := range vals {
			r.WriteString(`<c t="inlineStr"><is><t>` + v + `</t></is></c>`)
		}
		return r.String() + "</row>"
	}
	fill := func(head, unit, tail string, size int) string {
		return head + strings.Repeat(unit, (size-len(head)-len(tail))/len(unit)) + tail
	}
	parts := map[string]string{
		"xl/worksheets/sheet1.xml": ns + `<worksheet ` + main + `><sheetData>` +
			inline(strings.Split(strings.TrimSpace(benchHeader), ",")...) +
			inline("RJ1", "2030", "headcount", "white", "", "", "5") + inline("RJ1", "2030", "headcount", "bme", "", "", "6") +
			`</sheetData></worksheet>`,
		"xl/sharedStrings.xml": fill(ns+`<sst `+main+`>`, "<si><t>ab</t></si>", "</sst>", wresio.MaxSharedStrings),
		"xl/styles.xml":        fill(ns+`<styleSheet `+main+`><cellXfs>`, "<xf/>", "</cellXfs></styleSheet>", 256<<10),
		"xl/calcChain.xml":     fill(ns+`<calcChain `+main+`>`, `<c r="A1" i="1"/>`, "</calcChain>", 256<<10),
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	put := func(name, content string) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err == nil {
			_, err = w.Write([]byte(content))
		}
		return err
	}
	total := 0
	for _, f := range zr.File {
		content, ok := parts[f.Name]
		if !ok {
			rc, err := f.Open()
			if err != nil {
				return err
			}
			b, _ := io.ReadAll(rc)
			rc.Close()
			content = string(b)
		}
		delete(parts, f.Name)
		if err := put(f.Name, content); err != nil {
			return err
		}
		total += len(content)
	}
	for name, content := range parts {
		if err := put(name, content); err != nil {
			return err
		}
		total += len(content)
	}
	// Unused sheets: small ones, which excelize holds in memory, up to the
	// limit on what it holds; then large ones, which it unpacks to
	// temporary files, up to the unpacked limit.
	sheet := func(size int) string {
		return fill(ns+`<worksheet `+main+`><sheetData>`, `<row><c><v>1</v></c></row>`, "</sheetData></worksheet>", size)
	}
	const maxHeld, tempSize = 8 << 20, 4 << 20 // wresio's maxHeld and sheetTempSize
	i := 2
	for ; total < maxHeld-68<<10; i++ {
		part := sheet(min(1<<20, maxHeld-64<<10-total))
		if err := put(fmt.Sprintf("xl/worksheets/sheet%d.xml", i), part); err != nil {
			return err
		}
		total += len(part)
	}
	for ; total+tempSize+1<<10 <= wresio.MaxUnzipped-64<<10; i++ {
		part := sheet(tempSize + 1<<10)
		if err := put(fmt.Sprintf("xl/worksheets/sheet%d.xml", i), part); err != nil {
			return err
		}
		total += len(part)
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, out.Bytes(), 0o644)
}
