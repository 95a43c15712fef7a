package synth

import (
	"bytes"
	"os"
	"testing"

	"staffnet/internal/orgs/odsfile"
	"staffnet/internal/wres"
	"staffnet/internal/wres/render"
	"staffnet/internal/wresio"
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
	ret, err := wresio.AggregateFiles(files)
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
	list, err := odsfile.Parse(f)
	if err != nil || len(list) != 9 || list[8].Code != "R008" || list[8].Region != Region("R008") {
		t.Fatalf("orgs: %v %+v", err, list)
	}
}

func TestReturn(t *testing.T) {
	orgs := []string{"RJ1", "RQM", "R0A"}
	a, b := Return(orgs, []int{2023, 2024}, 7), Return(orgs, []int{2023, 2024}, 7)
	var ca, cb bytes.Buffer
	render.ReturnCSV(&ca, a)
	render.ReturnCSV(&cb, b)
	if ca.String() != cb.String() {
		t.Fatal("the same seed gave two returns")
	}
	if c := Return(orgs, []int{2023, 2024}, 8); func() string { var w bytes.Buffer; render.ReturnCSV(&w, c); return w.String() }() == ca.String() {
		t.Error("another seed gave the same return")
	}
	// It must pass the checks an upload does, and give every indicator.
	back, err := wresio.ParseCSV(bytes.NewReader(ca.Bytes()))
	if err != nil {
		t.Fatalf("synthetic return does not parse: %v", err)
	}
	if got := back.OrgYears(); len(got) != 6 {
		t.Fatalf("%d organisation-years, want 6", len(got))
	}
	rep, err := wres.Compute(back, wres.Scope{Kind: wres.ScopeNational}, 2023, 2024, func(string) string { return "Y56" })
	if err != nil {
		t.Fatal(err)
	}
	y := rep.Years[1]
	for name, v := range map[string]*float64{
		"1": y.Indicator1.Workforce.Percent.BME, "2": y.Indicator2.Value, "3": y.Indicator3.Value, "4": y.Indicator4.Value,
		"5": y.Indicator5.DifferencePoints, "7": y.Indicator7.DifferencePoints, "9": y.Indicator9.Voting.DifferencePoints,
	} {
		if v == nil {
			t.Errorf("indicator %s not computable", name)
		}
	}
	if len(y.Indicator1.Posts) < 20 || y.Indicator3.SingleYear == nil || *y.Indicator3.SingleYear {
		t.Errorf("%d posts; indicator 3 single year %v", len(y.Indicator1.Posts), y.Indicator3.SingleYear)
	}
}
