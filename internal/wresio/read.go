package wresio

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/wres"
)

// Limits on a return file, on top of the parser's own (wres.MaxRows and
// the rest) and MaxRecordBytes on a CSV record. Together they keep any
// file within MaxFileSize to a bounded amount of memory and a few
// seconds: docs/performance.md measures it.
const (
	// MaxFileSize bounds an uploaded or imported file.
	MaxFileSize = 64 << 20
	// MaxUnzipped bounds what an XLSX workbook unpacks to, every part
	// together, as its zip directory declares (archive/zip refuses a part
	// that unpacks to more than it declares). 32 MiB holds about 94,000
	// rows as excelize writes them, which excelize reads in about 2 s.
	MaxUnzipped = 32 << 20
	// MaxSharedStrings bounds the workbook's shared strings part, which
	// excelize holds in memory whole, at several times its size.
	MaxSharedStrings = 2 << 20
	// maxPart bounds each XML part other than sheets and shared strings:
	// excelize unmarshals the workbook, styles, theme and calculation
	// chain into structs as it opens a workbook, at up to 60 times their
	// size (1 MiB of empty "<xf/>" styles held 62 MiB).
	maxPart = 256 << 10
	// maxZipDirectory bounds the zip's central directory, and so the
	// number of parts archive/zip lists (at least 46 bytes each).
	maxZipDirectory = 1 << 20
	// sheetTempSize is the size above which excelize unpacks a sheet to a
	// temporary file and streams it from there rather than from memory.
	sheetTempSize = 4 << 20
	// maxHeld bounds the parts excelize holds in memory unpacked (every
	// part but sheets over sheetTempSize), together.
	maxHeld = 8 << 20
)

// IsXLSX reports whether a file starts as a zip file does, as XLSX
// workbooks do.
func IsXLSX(r io.ReaderAt) bool {
	var b [4]byte
	n, _ := r.ReadAt(b[:], 0)
	return n == 4 && string(b[:]) == "PK\x03\x04"
}

// Parse reads a return from a CSV file or from the first sheet of an XLSX
// workbook, size bytes long. Problems in the data come back as a
// *wres.ImportError; a file over a limit as a *wres.LimitError. The file
// is read once, as a stream.
func Parse(r io.ReaderAt, size int64) (*wres.Return, error) {
	if size > MaxFileSize {
		return nil, &wres.LimitError{What: fmt.Sprintf("%s, more than the %d MiB a file may have", mib(size), MaxFileSize>>20)}
	}
	if IsXLSX(r) {
		return parseXLSX(r, size)
	}
	return ParseCSV(io.NewSectionReader(r, 0, size))
}

// asCSV is the advice for a workbook over a limit.
var asCSV = fmt.Sprintf("save its first sheet as CSV (up to %d MiB), or split it by organisation or by year", MaxFileSize>>20)

func mib(n int64) string {
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

// parseXLSX checks the workbook's zip directory against the limits, then
// streams the first sheet's rows into a wres.ReturnParser.
func parseXLSX(r io.ReaderAt, size int64) (*wres.Return, error) {
	// excelize copies the whole file into memory, and a zip's parts cannot
	// be much smaller unpacked than packed: anything more is padding.
	if limit := int64(MaxUnzipped + 2*maxZipDirectory); size > limit {
		return nil, &wres.LimitError{What: fmt.Sprintf("an XLSX workbook of %s, more than the %d MiB a workbook may be", mib(size), limit>>20), Advice: asCSV}
	}
	if err := checkZip(r, size); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{
		UnzipSizeLimit: MaxUnzipped, UnzipXMLSizeLimit: sheetTempSize})
	if err != nil {
		return nil, fmt.Errorf("reading XLSX: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, wres.ErrEmptyFile
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("reading XLSX sheet %q: %w", sheets[0], err)
	}
	defer rows.Close()
	p := wres.NewReturnParser()
	for line := 1; rows.Next(); line++ {
		// Raw values: a number formatted "1,234" or "12.00" still reads as its value.
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("reading XLSX row %d: %w", line, err)
		}
		if err := p.Row(line, rec); err != nil {
			return nil, err
		}
	}
	if err := rows.Error(); err != nil {
		return nil, fmt.Errorf("reading XLSX: %w", err)
	}
	return p.Finish()
}

// checkZip refuses a workbook whose zip directory is larger, or declares
// parts larger, than the limits allow, before anything is unpacked.
// archive/zip lists every entry of the central directory in memory, so the
// directory's size is checked first from the end-of-directory record,
// found as archive/zip finds it.
func checkZip(r io.ReaderAt, size int64) error {
	end, endOffset, err := zipEnd(r, size)
	if err != nil {
		return err
	}
	dirRecords := binary.LittleEndian.Uint16(end[10:])
	dirSize := binary.LittleEndian.Uint32(end[12:])
	dirOffset := binary.LittleEndian.Uint32(end[16:])
	switch {
	case dirRecords == 0xffff || dirSize == 0xffff || dirOffset == 0xffffffff:
		return &wres.LimitError{What: "a ZIP64 directory, which no return needs", Advice: asCSV}
	case dirSize > maxZipDirectory:
		return &wres.LimitError{What: fmt.Sprintf("a zip directory of %s, more than the %d MiB a workbook may have", mib(int64(dirSize)), maxZipDirectory>>20), Advice: asCSV}
	case int64(dirOffset)+int64(dirSize) != endOffset:
		// Data between the directory and its end record: archive/zip
		// would then look for the directory elsewhere.
		return errors.New("reading XLSX: the zip directory is not where its end record says")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("reading XLSX: %w", err)
	}
	var total, held uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		name := strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))
		if !strings.HasPrefix(name, "xl/worksheets/sheet") || f.UncompressedSize64 <= sheetTempSize {
			held += f.UncompressedSize64
		}
		switch {
		case name == "xl/sharedstrings.xml":
			if f.UncompressedSize64 > MaxSharedStrings {
				return &wres.LimitError{What: fmt.Sprintf("shared strings that unpack to %s, more than the %d MiB a workbook may have", mib(int64(f.UncompressedSize64)), MaxSharedStrings>>20), Advice: asCSV}
			}
		case strings.HasPrefix(name, "xl/worksheets/"):
		case strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels"):
			if f.UncompressedSize64 > maxPart {
				return &wres.LimitError{What: fmt.Sprintf("a part %s that unpacks to %s, more than the %d KiB a workbook part may have", f.Name, mib(int64(f.UncompressedSize64)), maxPart>>10), Advice: asCSV}
			}
		}
	}
	if total > MaxUnzipped {
		return &wres.LimitError{What: fmt.Sprintf("a workbook that unpacks to %s, more than the %d MiB a workbook may unpack to", mib(int64(total)), MaxUnzipped>>20), Advice: asCSV}
	}
	if held > maxHeld {
		return &wres.LimitError{What: fmt.Sprintf("parts other than large sheets that unpack to %s together, more than the %d MiB a workbook may have", mib(int64(held)), maxHeld>>20), Advice: asCSV}
	}
	// Unpack every part once, into nothing but a check of its XML
	// nesting, before excelize reads them: archive/zip fails a part that
	// unpacks to more than it declares or whose checksum is wrong, but
	// excelize ignores that failure and would read a truncated sheet as a
	// shorter one.
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("reading XLSX part %s: %w", f.Name, err)
		}
		br := bufio.NewReader(rc)
		var w io.Writer = io.Discard
		if name := strings.ToLower(f.Name); strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") || looksLikeXML(br) {
			w = &xmlDepthGuard{}
		}
		_, err = io.Copy(w, br)
		rc.Close()
		switch {
		case errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum):
			return fmt.Errorf("reading XLSX part %s: it is damaged, or unpacks to more than its zip directory declares (%w)", f.Name, err)
		case err != nil:
			return fmt.Errorf("reading XLSX part %s: %w", f.Name, err)
		}
	}
	return nil
}

// looksLikeXML reports whether a part starts as an XML document does
// (after a byte-order mark and white space, a '<'), whatever its name:
// excelize reads a sheet from wherever the workbook's relationships point,
// "xl/worksheets/sheet1.dat" included, so the name alone cannot tell which
// parts it will parse. Images and other binary parts start otherwise.
func looksLikeXML(br *bufio.Reader) bool {
	b, _ := br.Peek(512)
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '<'
}

// zipEnd returns the end-of-central-directory record (without its
// comment) and its offset, searching the last 1 KiB and then the last
// 65 KiB as archive/zip does.
func zipEnd(r io.ReaderAt, size int64) ([]byte, int64, error) {
	const endLen = 22
	for _, n := range []int64{1024, 65 * 1024} {
		n = min(n, size)
		buf := make([]byte, n)
		if _, err := r.ReadAt(buf, size-n); err != nil && err != io.EOF {
			return nil, 0, err
		}
		for i := len(buf) - endLen; i >= 0; i-- {
			if bytes.Equal(buf[i:i+4], []byte("PK\x05\x06")) {
				if comment := int(binary.LittleEndian.Uint16(buf[i+endLen-2:])); i+endLen+comment > len(buf) {
					break // archive/zip gives up here too
				}
				return buf[i : i+endLen], size - n + int64(i), nil
			}
		}
		if n == size {
			break
		}
	}
	return nil, 0, fmt.Errorf("reading XLSX: %w", zip.ErrFormat)
}
