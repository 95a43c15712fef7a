package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
	"staffnet/internal/wres"
)

// A network lead sees their organisation's WRES figures with small numbers
// hidden. Here the organisation (RJ1, the only one in its region) has a
// headcount of 3,000 White, 300 BME and 5 of unknown ethnicity, and 12, 3
// and 9 BME staff entering the disciplinary process over three years.
// Indicator 1 hides the 5 and, with it, the 300; indicator 3 hides
// nothing below 11 on its own (12, then two-year sums of 15 and 12). The
// lead downloads the JSON and tries every subtraction that used to give
// the hidden figures back.
func TestWRESLeadCannotDeriveHiddenFigures(t *testing.T) {
	eachDB(t, func(t *testing.T, db *store.DB) { leadCannotDerive(t, db) })
}

func leadCannotDerive(t *testing.T, db *store.DB) {
	a := newApp(t, db)
	ctx := context.Background()
	if _, _, err := a.db.UpsertOrganisations(ctx, []orgs.Organisation{
		{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "Y56", Type: "NHS foundation trust"},
	}); err != nil {
		t.Fatal(err)
	}
	orgAdmin, csrf := signIn(t, a, auth.OrgAdmin) // of RJ1
	lead, _ := signIn(t, a, auth.NetworkLead)     // of RJ1
	var csv strings.Builder
	csv.WriteString("organisation_code,year,measure,ethnicity,staff_group,band,value\n")
	bmeDisc := map[int]int64{2022: 12, 2023: 3, 2024: 9}
	for i, y := range []int{2022, 2023, 2024} {
		for _, row := range []string{
			"headcount,white,,,3000", "headcount,bme,,,300", "headcount,unknown,,,5",
			fmt.Sprintf("disciplinary,white,,,%d", 40+5*i), fmt.Sprintf("disciplinary,bme,,,%d", bmeDisc[y]),
			"training,white,,,1500", "training,bme,,,120",
		} {
			fmt.Fprintf(&csv, "RJ1,%d,%s\n", y, row)
		}
	}
	if code, page := upload(t, orgAdmin, a.srv.URL+"/wres/upload", csrf, "rcf.csv", []byte(csv.String())); code != 200 {
		t.Fatalf("upload: %d\n%s", code, page)
	}
	_, js := body(t, lead, a.srv.URL+"/wres/org/RJ1?format=json")
	var rep wres.Report
	if err := json.Unmarshal([]byte(js), &rep); err != nil || len(rep.Years) != 3 || rep.Suppression == nil {
		t.Fatalf("%v: %s", err, js[:min(len(js), 500)])
	}
	// The attack must have something to work on: what stays shown.
	if y := rep.Years[2]; y.Indicator1.Workforce.Total == nil || *y.Indicator1.Workforce.Total != 3305 || y.Indicator1.Workforce.Count.White == nil {
		t.Fatalf("indicator 1 total and White count should stay: %+v", y.Indicator1.Workforce)
	}

	var found []string
	derived := func(what string, got, truth int64) {
		if got == truth {
			found = append(found, fmt.Sprintf("%s = %d", what, got))
		}
	}
	// Every number in the download, wherever it is.
	var all []float64
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case float64:
			all = append(all, v)
		case []any:
			for _, x := range v {
				walk(x)
			}
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	var generic any
	json.Unmarshal([]byte(js), &generic)
	walk(generic)
	for _, v := range all {
		if v == 300 {
			found = append(found, "the BME headcount 300 appears in the download")
		}
	}

	single := map[int]int64{} // BME disciplinary entries of one year, as derived
	for i, y := range rep.Years {
		total, white := y.Indicator1.Workforce.Total, y.Indicator1.Workforce.Count.White
		// Candidates for the BME headcount, from every figure that is one.
		var bme []int64
		for _, p := range []*int64{y.Indicator1.Workforce.Count.BME, y.Indicator4.BME.Base, y.Indicator9.WorkforceBME.Count} {
			if p != nil {
				bme = append(bme, *p)
			}
		}
		// Percent times base, and count over percent.
		pb := func(p wres.Proportion) {
			if p.Percent != nil && p.Base != nil {
				bme = append(bme, int64(math.Round(*p.Percent*float64(*p.Base)/100)))
			}
		}
		pb(y.Indicator9.WorkforceBME)
		if p := y.Indicator1.Workforce.Percent.BME; p != nil && total != nil {
			bme = append(bme, int64(math.Round(*p*float64(*total)/100)))
		}
		if p := y.Indicator4.BME; p.Percent != nil && p.Count != nil && *p.Percent != 0 {
			bme = append(bme, int64(math.Round(float64(*p.Count)*100 / *p.Percent)))
		}
		// Board minus difference gives the workforce percent.
		if v := y.Indicator9.Voting; v.DifferencePoints != nil && v.BME.Percent != nil && total != nil {
			bme = append(bme, int64(math.Round((*v.BME.Percent-*v.DifferencePoints)*float64(*total)/100)))
		}
		// Indicator 3's two-year base minus the year before's headcount.
		if b := y.Indicator3.BME.Base; b != nil && len(y.Indicator3.Years) == 2 && i > 0 {
			for _, prev := range []*int64{rep.Years[i-1].Indicator1.Workforce.Count.BME, rep.Years[i-1].Indicator4.BME.Base, rep.Years[i-1].Indicator9.WorkforceBME.Count} {
				if prev != nil {
					bme = append(bme, *b-*prev)
				}
			}
		}
		for _, b := range bme {
			derived(fmt.Sprint(y.Year, " BME headcount"), b, 300)
			if total != nil && white != nil {
				derived(fmt.Sprint(y.Year, " unknown headcount (total − White − BME)"), *total-*white-b, 5)
			}
		}
		// Rolling minus the earlier year.
		c := y.Indicator3.BME.Count
		switch {
		case c == nil:
		case len(y.Indicator3.Years) == 1:
			single[y.Year] = *c
		default:
			if prev, ok := single[y.Year-1]; ok {
				single[y.Year] = *c - prev
				derived(fmt.Sprint(y.Year, " BME disciplinary entries (rolling − year before)"), *c-prev, bmeDisc[y.Year])
			}
		}
	}
	if len(found) > 0 {
		t.Errorf("a network lead derives hidden figures from /wres/org/RJ1?format=json:\n%s", strings.Join(found, "\n"))
	}

}

// The dashboard sets the organisation's latest year beside its region and
// England. Here both are this one organisation, and the latest year's
// two-year BME disciplinary count (15) minus the year before's single-year
// one (12) would give 3: the organisation's column hides indicator 3, and
// the region's and England's must too, though a one-year pooled report
// has no year before to subtract.
func TestWRESLeadRegionColumnHidesWhatTheOrganisationHides(t *testing.T) {
	t.Parallel()
	a := newApp(t, storetest.SQLite(t))
	if _, _, err := a.db.UpsertOrganisations(context.Background(), []orgs.Organisation{
		{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "Y56", Type: "NHS foundation trust"},
	}); err != nil {
		t.Fatal(err)
	}
	orgAdmin, csrf := signIn(t, a, auth.OrgAdmin)
	lead, _ := signIn(t, a, auth.NetworkLead)
	csv := "organisation_code,year,measure,ethnicity,staff_group,band,value\n"
	for y, disc := range map[int]string{2023: "12", 2024: "3"} {
		for _, row := range []string{"headcount,white,,,3000", "headcount,bme,,,400", "headcount,unknown,,,50",
			"disciplinary,white,,,40", "disciplinary,bme,,," + disc} {
			csv += fmt.Sprintf("RJ1,%d,%s\n", y, row)
		}
	}
	if code, page := upload(t, orgAdmin, a.srv.URL+"/wres/upload", csrf, "r.csv", []byte(csv)); code != 200 {
		t.Fatalf("upload: %d\n%s", code, page)
	}
	_, page := body(t, lead, a.srv.URL+"/wres/org/RJ1")
	cell := `<td class="nhsuk-table__cell nhsuk-table__cell--numeric">([^<]*)</td>`
	rows := regexp.MustCompile(`scope="row">([^<]*)</th>`+cell+cell+cell).FindAllStringSubmatch(page, -1)
	if len(rows) < 3 {
		t.Fatalf("comparison rows: %v", rows)
	}
	for _, r := range rows {
		if r[2] != r[3] || r[2] != r[4] {
			t.Errorf("%s: organisation %q, region %q, England %q; all three are the same organisation", r[1], r[2], r[3], r[4])
		}
	}
	if !strings.HasPrefix(rows[2][1], "3.") || strings.ContainsAny(rows[2][2], "0123456789") {
		t.Errorf("indicator 3 shown: %v", rows[2])
	}
}
