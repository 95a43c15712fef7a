package main

import (
	"context"
	"strings"
	"testing"

	"staffnet/internal/store"
)

const (
	cliAllRegions = "region=east_of_england,london,east_midlands,west_midlands,north_east,north_west,south_east,south_west,yorkshire_humber"
	cliAllButEast = "region=london,east_midlands,west_midlands,north_east,north_west,south_east,south_west,yorkshire_humber"
)

// TestReportAudit: the CLI is for those who hold the database, so plain
// `report --where` answers any view; `--audit` refuses, as publishing
// does, what could be set against a published view or its neighbours.
func TestReportAudit(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, dsn string) {
		if code, _, errOut := cli(t, "", "demo", "generate", "--db", dsn, "--survey", slug, "--responses", "1700"); code != 0 {
			t.Fatalf("demo: %s", errOut)
		}
		// Trusted: both views of the attack, unaudited.
		all := jsonReportOf(t, dsn, "--where", cliAllRegions)
		rest := jsonReportOf(t, dsn, "--where", cliAllButEast)
		if d := deref(all.Respondents) - deref(rest.Respondents); d != 6 {
			t.Fatalf("fixture: the views differ by %d, want 6", d)
		}
		// Audited: the view with the six is refused, with the reason.
		code, _, errOut := cli(t, "", "report", "--db", dsn, "--survey", slug, "--where", cliAllRegions, "--audit")
		if code == 0 || !strings.Contains(errOut, "East of England") {
			t.Errorf("audited all regions: exit %d: %s", code, errOut)
		}
		if code, _, errOut := cli(t, "", "report", "--db", dsn, "--survey", slug, "--where", cliAllButEast, "--audit"); code != 0 {
			t.Errorf("audited all but the East: exit %d: %s", code, errOut)
		}
		// Against what is published: a view of everyone is live, then
		// five more people answer.
		code, everyone, errOut := cli(t, "", "report", "--db", dsn, "--survey", slug, "--audit")
		if code != 0 {
			t.Fatalf("everyone: %s", errOut)
		}
		db := openStore(t, dsn)
		if _, err := db.Publish(context.Background(), store.Published{SurveySlug: slug, Title: "Everyone", Report: []byte(everyone)}); err != nil {
			t.Fatal(err)
		}
		if code, _, errOut := cli(t, "", "demo", "generate", "--db", dsn, "--survey", slug, "--responses", "5", "--seed", "2"); code != 0 {
			t.Fatalf("demo: %s", errOut)
		}
		code, _, errOut = cli(t, "", "report", "--db", dsn, "--survey", slug, "--where", cliAllButEast, "--audit")
		if code == 0 || !strings.Contains(errOut, "Responses have arrived since “Everyone”") {
			t.Errorf("audited over five newcomers: exit %d: %s", code, errOut)
		}
	})
}
