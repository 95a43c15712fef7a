package odsfile

import (
	"bytes"
	_ "embed"
	"io"
)

// snapshot is the ODS trust file shipped with staffnet, so that a new
// installation can load NHS organisations without downloading anything.
// data/README.md says where it came from and its licence.
//
//go:embed data/nhs-trusts-ods-2022.csv
var snapshot []byte

// SnapshotDate is when the built-in ODS trust file was taken.
const SnapshotDate = "January 2022"

// Snapshot returns the built-in ODS trust file, for Parse.
func Snapshot() io.Reader { return bytes.NewReader(snapshot) }
