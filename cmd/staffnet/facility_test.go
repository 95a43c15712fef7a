package main

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/facility"
	"staffnet/internal/network"
	"staffnet/internal/pay"
	"staffnet/internal/pay/payfile"
	"staffnet/internal/rows"
)

func TestTimeCommands(t *testing.T) {
	t.Parallel()
	dsn := withDemoOrgs(t, filepath.Join(t.TempDir(), "t.db"))
	ctx := context.Background()
	db := openStore(t, dsn)
	n := &network.Network{OrgCode: "R10", Type: network.TypeBME, Name: "Time BME", Status: network.StatusActive}
	if err := db.CreateNetwork(ctx, n); err != nil {
		t.Fatal(err)
	}
	for _, l := range []facility.Leader{
		{NetworkID: n.ID, Email: "ada@nhs.net", Name: "Ada Secret", Role: network.RoleChair, Band: "8a", PayPoint: 2},
		{NetworkID: n.ID, Email: "cy@nhs.net", Name: "Cy Secret", Role: network.RoleViceChair, Band: pay.Medical, Hourly: 5240},
	} {
		if err := db.SaveFacilityLeader(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	id := strconv.FormatInt(n.ID, 10)
	head := "leader_email,role,band,pay_point,week_start,hours_agreed,hours_used\n"
	good := head + "ada@nhs.net,chair,8a,2,2025-10-06,3.75,4\ncy@nhs.net,vice_chair,medical,,2025-10-06,3.75,1.5\n"
	bad := good + "ada@nhs.net,chair,8a,2,2025-10-14,3.75,4\n"
	code, _, errOut := cli(t, "", "time", "import", "--db", dsn, "--network", id, write(t, "bad.csv", bad))
	if code != 1 || !strings.Contains(errOut, "row 4, column week_start: 2025-10-14 is a Tuesday") {
		t.Fatalf("bad file: %d %q", code, errOut)
	}
	report := func(format string, args ...string) string {
		t.Helper()
		code, out, errOut := cli(t, "", append([]string{"time", "report", "--db", dsn, "--from", "2025-10-01", "--to", "2025-10-31", "--format", format}, args...)...)
		if code != 0 {
			t.Fatalf("report: %s", errOut)
		}
		return out
	}
	var r facility.Report
	if err := json.Unmarshal([]byte(report("json", "--national")), &r); err != nil || r.Summary.HoursUsed != 0 {
		t.Fatalf("a rejected file wrote something: %+v %v", r.Summary, err)
	}
	if code, out, errOut := cli(t, "", "time", "import", "--db", dsn, "--network", id, write(t, "good.csv", good)); code != 0 || !strings.Contains(out, "recorded 2 leader-weeks") {
		t.Fatalf("good file: %q %q", out, errOut)
	}
	// By hand: 4.00 × £29.91 + 1.50 × £52.40 = £119.64 + £78.60 = £198.24;
	// October 2025 has 4 Mondays, so 2 leaders × 4 × 3.75 = 30.00 hours
	// are recommended.
	out := report("json", "--network", id)
	for _, want := range []string{`"weeks": 4`, `"cost_gbp": 198.24`, `"hours_recommended": 30.00`, `"hourly_rate_gbp": 29.91`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Secret") || strings.Contains(out, "@nhs.net") {
		t.Error("a leader's name or email left the network")
	}
	if csv := report("csv", "--org", "R10"); !strings.Contains(csv, ",summary,") || !strings.Contains(csv, "198.24") || strings.Contains(csv, "Secret") {
		t.Errorf("CSV:\n%s", csv)
	}
	f, err := excelize.OpenReader(strings.NewReader(report("xlsx", "--region", "Y56")))
	if err != nil {
		t.Fatal(err)
	}
	if rows, _ := f.GetRows("Facility time"); len(rows) < 2 || rows[0][0] != "network_id" {
		t.Errorf("XLSX rows %v", rows)
	}
	for _, args := range [][]string{{"--national", "--org", "R10"}, {"--national", "--from", "31/10/2025"}, {"--region", "Y99"}} {
		if code, _, _ := cli(t, "", append([]string{"time", "report", "--db", dsn, "--from", "2025-10-01", "--to", "2025-10-31"}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	// A new table for 2025/26 re-costs the recorded week of Band 8a.
	table := write(t, "pay.csv", "band,point,annual_gbp\n8a,1,55000\n8a,2,60000\n")
	if code, out, errOut := cli(t, "", "pay", "import", "--db", dsn, "--year", "2025", table); code != 0 || !strings.Contains(out, "re-costed 1 recorded weeks") {
		t.Fatalf("pay import: %q %q", out, errOut)
	}
	if code, _, errOut := cli(t, "", "pay", "import", "--db", dsn, "--year", "2025", write(t, "bad-pay.csv", "band,point,annual_gbp\n8z,1,1\n")); code != 1 || !strings.Contains(errOut, "row 2, column band") {
		t.Errorf("bad pay table: %q", errOut)
	}
}

// TestReadWeeks covers what is the facility-time CSV file's: its header's
// spellings, a byte-order mark, CRLF and blank rows, and a row with more
// cells than the header. What the cells must say is facility.FromRows's,
// tested in internal/facility.
func TestReadWeeks(t *testing.T) {
	reg := []facility.Leader{
		{ID: 7, Email: "ada@nhs.net", Role: network.RoleChair, Band: "8a", PayPoint: 2},
		{ID: 8, Email: "cy@nhs.net", Role: network.RoleViceChair, Band: pay.Medical, Hourly: 5240},
	}
	tb := pay.Tables{2025: payfile.Shipped()}
	good := "\ufeffLeader Email,Role,Band,Pay Point,Week Start,Hours Agreed,Hours Used\r\n" +
		"ADA@nhs.net,chair,8a,2,2025-10-06,3.75,4\r\n" +
		"cy@nhs.net,vice_chair,medical,,2025-10-06,3.75,1.5\r\n\r\n"
	weeks, err := readWeeks(strings.NewReader(good), reg, tb)
	if err != nil {
		t.Fatal(err)
	}
	if len(weeks) != 2 || weeks[0].LeaderID != 7 || weeks[0].Hourly != 2991 || weeks[0].Used != 400 || weeks[1].Hourly != 5240 || weeks[1].Used != 150 {
		t.Errorf("weeks %+v", weeks)
	}
	head := strings.Join(facility.ImportColumns, ",") + "\n"
	for name, tc := range map[string]struct{ in, want string }{
		"extra cells":  {head + "ada@nhs.net,chair,8a,2,2025-10-06,3.75,4,x\n", "row 2: the row has 8 cells"},
		"bad row":      {head + "ada@nhs.net,chair,8e,2,2025-10-06,3.75,4\n", "row 2, column band: \"8e\" is not an Agenda for Change band"},
		"blank row":    {head + "\nada@nhs.net,chair,8e,2,2025-10-06,3.75,4\n", "row 3, column band:"},
		"header only":  {head, "row 2: the file has a header but no rows"},
		"missing":      {"leader_email,role\n", "column band: required column is missing"},
		"partial file": {good + "ada@nhs.net,chair,8a,2,2025-10-14,3.75,4\n", "row 5, column week_start: 2025-10-14 is a Tuesday"},
	} {
		w, err := readWeeks(strings.NewReader(tc.in), reg, tb)
		var ie *rows.ImportError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) || w != nil {
			t.Errorf("%s: %v %v\nwant %q", name, w, err, tc.want)
		}
	}
}

func FuzzReadWeeks(f *testing.F) {
	f.Add("leader_email,role,band,pay_point,week_start,hours_agreed,hours_used\na@b,chair,5,1,2025-10-06,1,1\n")
	reg := []facility.Leader{{ID: 1, Email: "a@b", Role: network.RoleChair}}
	tb := pay.Tables{2025: payfile.Shipped()}
	f.Fuzz(func(t *testing.T, in string) {
		w, err := readWeeks(strings.NewReader(in), reg, tb)
		if err == nil && len(w) == 0 {
			t.Error("no error and no weeks")
		}
		for _, x := range w {
			if x.Used < 0 || x.Agreed < 0 || x.Start.Weekday() != time.Monday {
				t.Errorf("accepted %+v", x)
			}
		}
	})
}
