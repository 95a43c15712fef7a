// Package jsonout writes JSON the one way staffnet writes it: indented by
// two spaces with a final newline. Report and WRES downloads, the command
// line and the JSON API all use it, so the same value reads the same
// wherever it comes from (docs/report-json.md, docs/api.md).
package jsonout

import (
	"encoding/json"
	"io"
)

// Write writes v as indented JSON.
func Write(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
