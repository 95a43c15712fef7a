package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"staffnet/internal/network"
	"staffnet/internal/store"
)

// demoODS is a small ODS trust file: open trusts in every region, and one
// closed trust that must get no networks.
func demoODS(t *testing.T) string {
	var b strings.Builder
	b.WriteString("ods_code,ods_name,region_code,stp_code,address_line_1,address_line_2,address_line_3,address_line_4,address_line_5,postcode,open_date,close_date,amended_record_indicator,gor_code\n")
	regions := []string{"Y56", "Y58", "Y59", "Y60", "Y61", "Y62", "Y63"}
	for i := range 28 {
		fmt.Fprintf(&b, "R%02d,Demo Place %d NHS Trust,%s,QT1,NA,NA,NA,NA,NA,AB1 2CD,2006-07-01,NA,0,E\n", 10+i, i, regions[i%len(regions)])
	}
	b.WriteString("RZZ,Closed Demo NHS Trust,Y56,QT1,NA,NA,NA,NA,NA,AB1 2CD,2006-07-01,2019-03-31,0,E\n")
	return write(t, "ods.csv", b.String())
}

// withDemoOrgs loads demoODS into the database at dsn and returns dsn.
func withDemoOrgs(t *testing.T, dsn string) string {
	t.Helper()
	if code, _, errOut := cli(t, "", "orgs", "import", "--db", dsn, demoODS(t)); code != 0 {
		t.Fatalf("orgs import: %s", errOut)
	}
	return dsn
}

// TestDemoNetworksCommand runs demo networks twice on each engine, the
// second time with --replace, and checks all that it makes after each
// run: the networks here, what organisations share with them
// (checkDemoAccountability) and the case studies (checkDemoCaseStudies).
// The demo is the slowest thing these tests make, so they share it.
func TestDemoNetworksCommand(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		// Without organisations it says what to do first.
		code, _, errOut := cli(t, "", "demo", "networks", "--db", dsn)
		if code != 1 || !strings.Contains(errOut, "staffnet orgs import") {
			t.Fatalf("no organisations: %d %q", code, errOut)
		}
		if code, _, errOut := cli(t, "", "demo", "case-studies", "--db", dsn); code != 1 || !strings.Contains(errOut, "demo networks") {
			t.Fatalf("demo case-studies with no networks: %d %q", code, errOut)
		}
		withDemoOrgs(t, dsn)
		code, out, errOut := cli(t, "", "demo", "networks", "--db", dsn, "--seed", "3")
		if code != 0 || !strings.Contains(out, "demo networks") || !strings.Contains(out, "for 28 organisations") {
			t.Fatalf("demo networks: %d %q %q", code, out, errOut)
		}
		ctx := context.Background()
		db := openStore(t, dsn)
		list, err := db.Networks(ctx, store.NetworkFilter{})
		if err != nil || len(list) == 0 {
			t.Fatalf("networks %d %v", len(list), err)
		}
		regions := map[string]bool{}
		assessed := 0
		for _, n := range list {
			if n.OrgCode == "RZZ" {
				t.Error("a closed organisation got a network")
			}
			if !strings.Contains(n.Name, "(demo)") {
				t.Errorf("network name %q is not marked as demo", n.Name)
			}
			regions[n.Region] = true
			as, err := db.Assessments(ctx, n.ID)
			if err != nil {
				t.Fatal(err)
			}
			assessed += len(as)
			if n.Status == network.StatusClosed {
				continue
			}
			tot, _, _ := db.MemberFigures(ctx, n.ID)
			msgs, _ := db.NetworkMessages(ctx, n.ID)
			if tot.Members < 4 || len(msgs) != 1 || msgs[0].Sent != tot.Members {
				t.Errorf("network %d: %+v members, messages %+v; want members and a sent newsletter", n.ID, tot, msgs)
			}
		}
		if len(regions) < 5 || assessed == 0 {
			t.Errorf("demo spread over %d regions with %d assessments", len(regions), assessed)
		}
		// Meetings and events come with them, public events in an
		// organisation's feed.
		events, err := db.Events(ctx, store.EventFilter{Public: true})
		if err != nil || len(events) == 0 || !regexp.MustCompile(`\d+ meetings and \d+ events`).MatchString(out) {
			t.Errorf("demo: %d public events (%v); %q", len(events), err, out)
		}
		checkDemoAccountability(t, db, "--seed 3", out)
		checkDemoCaseStudies(t, db, dsn, out)
		// A second run refuses.
		if code, _, errOut := cli(t, "", "demo", "networks", "--db", dsn, "--seed", "3"); code != 1 || !strings.Contains(errOut, "--replace") {
			t.Fatalf("second run: %d %q", code, errOut)
		}
		if code, _, _ := cli(t, "", "demo", "networks", "--db", dsn, "extra"); code != 2 {
			t.Fatalf("extra argument: %d", code)
		}

		// user add --network: the network must exist and belong to --org.
		n := list[0]
		other := "R10"
		if n.OrgCode == other {
			other = "R11"
		}
		id := fmt.Sprint(n.ID)
		if code, _, errOut := cli(t, "", "user", "add", "--db", dsn, "--email", "s@example.nhs.uk", "--role", "sponsor", "--org", other, "--network", id); code != 1 || !strings.Contains(errOut, "belongs to "+n.OrgCode) {
			t.Fatalf("network of another organisation: %d %q", code, errOut)
		}
		if code, _, errOut := cli(t, "", "user", "add", "--db", dsn, "--email", "s@example.nhs.uk", "--role", "sponsor", "--org", n.OrgCode, "--network", "999999"); code != 1 || !strings.Contains(errOut, "no network 999999") {
			t.Fatalf("missing network: %d %q", code, errOut)
		}
		if code, _, errOut := cli(t, "", "user", "add", "--db", dsn, "--email", "o@example.nhs.uk", "--role", "org_admin", "--org", n.OrgCode, "--network", id); code != 2 || !strings.Contains(errOut, "--network is only for") {
			t.Fatalf("org admin with a network: %d %q", code, errOut)
		}
		if code, _, errOut := cli(t, "", "user", "add", "--db", dsn, "--email", "s@example.nhs.uk", "--role", "sponsor"); code != 2 || !strings.Contains(errOut, "--org is required") {
			t.Fatalf("sponsor without org: %d %q", code, errOut)
		}
		if code, out, errOut := cli(t, "", "user", "add", "--db", dsn, "--email", "s@example.nhs.uk", "--role", "sponsor", "--org", n.OrgCode, "--network", id); code != 0 || !strings.Contains(out, "created sponsor account") {
			t.Fatalf("sponsor: %d %q %q", code, out, errOut)
		}
		if u, err := db.UserByEmail(ctx, "s@example.nhs.uk"); err != nil || u.NetworkID != n.ID || u.Org != n.OrgCode {
			t.Fatalf("stored sponsor %+v %v", u, err)
		}

		// --replace starts again with the same networks for the same
		// seed; the case studies are there already. It starts what
		// organisations share again rather than adding to it, and
		// detaches accounts from the networks it deleted.
		code, out2, errOut := cli(t, "", "demo", "networks", "--db", dsn, "--seed", "3", "--replace")
		first := func(s string) string { return strings.SplitN(s, "\n", 2)[0] }
		if code != 0 || first(out2) != first(out) || !strings.Contains(out2, "published 0 demo case studies") || !strings.Contains(errOut, fmt.Sprintf("deleted %d networks", len(list))) {
			t.Fatalf("replace: %d %q %q", code, out2, errOut)
		}
		if k, _ := db.CountNetworks(ctx); k != len(list) {
			t.Fatalf("after replace %d, want %d", k, len(list))
		}
		checkDemoAccountability(t, db, "--seed 3 --replace", out2)
		if u, _ := db.UserByEmail(ctx, "s@example.nhs.uk"); u.NetworkID != 0 {
			t.Fatalf("sponsor still attached to network %d", u.NetworkID)
		}
	})
}
