package wresio

import (
	"os"

	"staffnet/internal/wres"
)

// AggregateFiles reads the record-level extract files named by paths, one
// a kind, and aggregates them into a return (wres.Aggregate).
func AggregateFiles(paths map[wres.ExtractKind]string) (*wres.Return, error) {
	var files []wres.ExtractFile
	for kind, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		files = append(files, wres.ExtractFile{Kind: kind, Name: path, R: f})
	}
	return wres.Aggregate(files)
}
