package synth

import (
	"os"
	"testing"

	"staffnet/internal/orgs"
	"staffnet/internal/wres"
)

// A small scale writes extracts that aggregate to the numbers asked for,
// and organisations that the ODS reader accepts.
func TestWrite(t *testing.T) {
	dir := t.TempDir()
	s := Scale{Orgs: 9, Staff: 900, Applications: 500, Training: 300, Disciplinary: 20, Board: 12, Year: 2024}
	files, err := Write(dir, s)
	if err != nil {
		t.Fatal(err)
	}
	var in []wres.ExtractFile
	for kind, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		in = append(in, wres.ExtractFile{Kind: kind, Name: path, R: f})
	}
	ret, err := wres.Aggregate(in)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := wres.Compute(ret, wres.Scope{Kind: wres.ScopeNational}, 2024, 2024, Region)
	if err != nil {
		t.Fatal(err)
	}
	if got := *rep.Years[0].Indicator1.Workforce.Total; got != 900 || rep.Years[0].Organisations != 9 {
		t.Errorf("headcount %d in %d organisations", got, rep.Years[0].Organisations)
	}
	if err := WriteOrgs(dir+"/orgs.csv", s); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(dir + "/orgs.csv")
	defer f.Close()
	list, err := orgs.ParseODS(f)
	if err != nil || len(list) != 9 || list[8].Code != "R008" || list[8].Region != Region("R008") {
		t.Fatalf("orgs: %v %+v", err, list)
	}
}
