package wresio

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"staffnet/internal/wres"
)

// Record-level extracts (docs/wres-extracts.md) are CSV files of millions
// of rows, so they are not read with encoding/csv, which allocates a
// string per cell: lines come from one bufio.Reader without copying and
// are split by hand into byte slices, which wres.Aggregator reads during
// the call and never keeps.

// MaxExtractLineBytes bounds one line of an extract, the size of the
// reader's buffer: a row is well under 200 bytes.
const MaxExtractLineBytes = 1 << 20

// utf8BOM starts some extracts, before their header.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// ExtractFile is one input of Aggregate.
type ExtractFile struct {
	Kind wres.ExtractKind
	Name string // for error messages
	R    io.Reader
}

// Aggregate reads CSV extracts into one return (wres.Aggregate: different
// kinds at the same time, files of one kind in turn). The error is a
// *wres.ImportError listing every problem in the files, or a read error.
func Aggregate(files []ExtractFile) (*wres.Return, error) {
	sources := make([]wres.ExtractSource, len(files))
	for i, f := range files {
		sources[i] = wres.ExtractSource{Kind: f.Kind, Read: func(a *wres.Aggregator) error {
			return ReadExtract(a, f.Kind, f.Name, f.R)
		}}
	}
	return wres.Aggregate(sources)
}

// AggregateFiles reads the record-level extract files named by paths, one
// a kind, and aggregates them into a return (Aggregate).
func AggregateFiles(paths map[wres.ExtractKind]string) (*wres.Return, error) {
	var files []ExtractFile
	for kind, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		files = append(files, ExtractFile{Kind: kind, Name: path, R: f})
	}
	return Aggregate(files)
}

// ReadExtract reads one CSV extract of the given kind into a; name labels
// its errors. It returns an error only for failures to read r; problems
// in the file are collected by a and returned by a.Return. The rows a
// line too long, broken quoting in the header or a bad header leave
// unread are said in those problems.
func ReadExtract(a *wres.Aggregator, kind wres.ExtractKind, name string, r io.Reader) error {
	if err := kind.Check(); err != nil {
		return err
	}
	var s splitter
	br := bufio.NewReaderSize(r, MaxExtractLineBytes)
	headed := false
	for row := 1; ; row++ {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			a.Problem(name, row, "", "line longer than %d bytes; rows after it were not read", br.Size())
			return nil
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("wres: reading %s: %w", name, err)
		}
		if row == 1 {
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) > 0 { // blank lines are skipped but counted
			cells, serr := s.split(line)
			switch {
			case serr != nil:
				a.Problem(name, row, "", "%v", serr)
				if !headed {
					return nil
				}
			case !headed:
				headed = true
				if !a.Header(kind, name, row, cells) {
					return nil
				}
			default:
				a.Row(row, cells)
			}
		}
		if err == io.EOF {
			if !headed {
				a.Problem(name, 1, "", "the file is empty")
			}
			return nil
		}
	}
}

// splitter splits CSV lines into cells, reusing its slices from line to
// line: the cells are good until the next split.
type splitter struct {
	fields  [][]byte
	scratch []byte // unquoted copies of the cells of a line with quotes
}

// split splits a CSV line. Lines without quotes take the fast path; a
// quoted field may hold commas and doubled quotes but not a line break.
func (s *splitter) split(line []byte) ([][]byte, error) {
	f := s.fields[:0]
	if bytes.IndexByte(line, '"') < 0 {
		for {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				s.fields = append(f, line)
				return s.fields, nil
			}
			f = append(f, line[:i])
			line = line[i+1:]
		}
	}
	b := s.scratch[:0]
	var starts []int
	for i := 0; ; {
		starts = append(starts, len(b))
		if i < len(line) && line[i] == '"' {
			i++
			for {
				j := bytes.IndexByte(line[i:], '"')
				if j < 0 {
					return nil, errors.New(`a quoted field has no closing "`)
				}
				b = append(b, line[i:i+j]...)
				i += j + 1
				if i < len(line) && line[i] == '"' {
					b = append(b, '"')
					i++
					continue
				}
				break
			}
			if i < len(line) && line[i] != ',' {
				return nil, errors.New(`unexpected text after a closing "`)
			}
		} else {
			j := bytes.IndexByte(line[i:], ',')
			if j < 0 {
				j = len(line) - i
			}
			if bytes.IndexByte(line[i:i+j], '"') >= 0 {
				return nil, errors.New(`a " inside an unquoted field`)
			}
			b = append(b, line[i:i+j]...)
			i += j
		}
		if i >= len(line) {
			break
		}
		i++ // comma
	}
	s.scratch = b
	for k, st := range starts {
		end := len(b)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		f = append(f, b[st:end])
	}
	s.fields = f
	return f, nil
}
