// Command wresgen writes deterministic, national-scale WRES record-level
// extracts (docs/wres-extracts.md) for scripts/bench-wres: by default 1.5
// million staff, 3 million applications, 1.5 million training rows and
// 30,000 disciplinary cases across 220 organisations, drawn by package
// synth exactly as BenchmarkNationalExtracts draws them. It also writes
// orgs.csv, the 220 made-up organisations (R000…R219) in the ODS trust
// file format, so that "staffnet orgs import" can make them known before
// the extracts are saved.
//
//	go run ./internal/wres/cmd/wresgen -dir DIR [-staff N -applications N -training N -disciplinary N -orgs N]
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"staffnet/internal/wres/synth"
)

func main() {
	s := synth.National
	dir := flag.String("dir", ".", "directory to write the CSV files into")
	flag.IntVar(&s.Orgs, "orgs", s.Orgs, "organisations")
	flag.IntVar(&s.Staff, "staff", s.Staff, "staff in post")
	flag.IntVar(&s.Applications, "applications", s.Applications, "applications")
	flag.IntVar(&s.Training, "training", s.Training, "training events")
	flag.IntVar(&s.Disciplinary, "disciplinary", s.Disciplinary, "disciplinary cases")
	flag.IntVar(&s.Board, "board", s.Board, "board members per organisation")
	flag.Parse()
	err := synth.WriteOrgs(filepath.Join(*dir, "orgs.csv"), s)
	if err == nil {
		_, err = synth.Write(*dir, s)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wresgen:", err)
		os.Exit(1)
	}
}
