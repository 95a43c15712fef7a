package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"staffnet/internal/golden"
	"staffnet/internal/survey"
)

// mapping2016 builds, deterministically, 1,423 responses whose answers
// carry the marginals published for the 2016 mapping survey, in the
// survey's CSV contract. Published figures are rounded, so the counts are
// chosen to round to them with the bases the survey's routing gives.
func mapping2016(t testing.TB, def *survey.Definition) []byte {
	const n = 1423
	rng := rand.New(rand.NewPCG(2016, 1423))
	rows := make([]map[string]string, n)
	for i := range rows {
		rows[i] = map[string]string{
			survey.ColID:   fmt.Sprintf("m2016-%04d", i+1),
			survey.ColDate: []string{"2016-09-05", "2016-09-12", "2016-09-19", "2016-09-26", "2016-10-03"}[i%5],
		}
	}
	// spread assigns values to the listed rows: counts[k] rows get
	// values[k], in a shuffled order; an empty value leaves the cell empty.
	spread := func(who []int, col string, values []string, counts []int) {
		perm := slices.Clone(who)
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		at := 0
		for k, c := range counts {
			for _, i := range perm[at : at+c] {
				if values[k] != "" {
					rows[i][col] = values[k]
				}
			}
			at += c
		}
		if at != len(who) {
			t.Fatalf("%s: counts add to %d, not %d", col, at, len(who))
		}
	}
	// tick gives counts[k] of the rows the code values[k] (independently
	// shuffled for each code); rows left with nothing get empty.
	tick := func(who []int, col string, values []string, counts []int, empty string) {
		for k, c := range counts {
			perm := slices.Clone(who)
			rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
			for _, i := range perm[:c] {
				if rows[i][col] != "" {
					rows[i][col] += ";"
				}
				rows[i][col] += values[k]
			}
		}
		for _, i := range who {
			if rows[i][col] == "" {
				rows[i][col] = empty
			}
		}
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	spread(all, "region", []string{"south_east", "south_west", "london", "north_east", "north_west", "east_midlands", "west_midlands", "yorkshire_humber", ""},
		[]int{302, 213, 266, 80, 161, 78, 157, 165, 1})
	spread(all, "occupation", []string{"administrative", "clinical", "other_support"}, []int{512, 598, 313})
	spread(all, "has_bme_network", []string{"yes", "no", "dont_know"}, []int{840, 350, 233})
	spread(all, "knows_how_network_works", []string{"unsure", "yes", "no"}, []int{754, 420, 249})
	likert := []string{"strongly_agree", "agree", "neither", "disagree", "strongly_disagree"}
	spread(all, "support_needed.allocated_time", likert, []int{600, 560, 150, 70, 43})
	spread(all, "support_needed.budget", likert, []int{500, 600, 200, 80, 43})
	spread(all, "support_needed.executive_sponsor", likert, []int{580, 540, 190, 70, 43})
	spread(all, "support_needed.leadership_programme", likert, []int{450, 620, 230, 80, 43})
	spread(all, "support_needed.access_to_data", likert, []int{520, 580, 210, 70, 43})
	var yes, without []int
	for i, r := range rows {
		if r["has_bme_network"] == "yes" {
			yes = append(yes, i)
		} else {
			without = append(without, i)
		}
	}
	others := []string{"lgbti", "disability", "faith", "parents_carers", "gender", "flexible_workers"}
	// One of the 840 skipped other_networks: of 839, these round to the
	// published 82.8, 67.9, 27.2, 21.5, 18 and 12.3%.
	tick(yes[1:], "other_networks", others, []int{695, 570, 228, 180, 147, 103}, "none")
	spread(yes, "effectiveness", []string{"very_effective", "effective", "not_very_effective", "not_effective", "dont_know"},
		[]int{116, 388, 150, 80, 106})
	var effective, notEffective []int
	for _, i := range yes {
		if e := rows[i]["effectiveness"]; e == "very_effective" || e == "effective" {
			effective = append(effective, i)
		} else {
			notEffective = append(notEffective, i)
		}
	}
	rel := []string{"other_networks", "trade_unions", "edi_team", "hr", "board", "other_trusts_networks", "community_groups", "leadership_academy"}
	tick(effective, "relationships", rel, []int{297, 287, 398, 333, 287, 150, 120, 100}, "none")
	tick(notEffective, "relationships", rel, []int{100, 90, 150, 110, 60, 40, 30, 20}, "none")
	spread(without, "would_benefit", []string{"yes", "no"}, []int{402, 181})
	// 140 of the 583 (24%) have other networks.
	perm := slices.Clone(without)
	rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	have, haveNot := perm[:140], perm[140:]
	tick(have, "other_networks", []string{"lgbti", "disability", "parents_carers", "faith", "flexible_workers", "gender"},
		[]int{91, 69, 24, 24, 17, 14}, "other")
	for _, i := range haveNot {
		rows[i]["other_networks"] = "none"
	}

	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	h := def.Header()
	w.Write(h)
	for _, r := range rows {
		rec := make([]string, len(h))
		for k, col := range h {
			rec[k] = r[col]
		}
		w.Write(rec)
	}
	w.Flush()
	return buf.Bytes()
}

// TestMapping2016 checks that the engine reproduces every percent the
// 2016 report states, with the base and population each one is of.
func TestMapping2016(t *testing.T) {
	def := mapping(t)
	data := mapping2016(t, def)
	path := filepath.Join("testdata", "mapping-2016.csv")
	if golden.Update() {
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, data) {
		t.Fatalf("%s is out of date: run go test -update", path)
	}
	ds := csvDataset(t, def, string(file), false)

	run := func(where ...string) *Report {
		return mustReport(t, ds, Options{Filters: filters(t, where...)}) // disclosure control on
	}
	// published checks a percent against a figure published to dp places.
	published := func(where string, got *float64, want float64, dp int) {
		t.Helper()
		if got == nil {
			t.Errorf("%s: suppressed", where)
			return
		}
		s := math.Pow(10, float64(dp))
		if math.Round(*got*s)/s != want {
			t.Errorf("%s: %.3f%% does not round to the published %v%%", where, *got, want)
		}
	}
	pct := func(r *Report, q, code string) *float64 { return option(t, question(t, r, q).Options, code).Percent }
	base := func(r *Report, q string) int { return intp(question(t, r, q).Base) }

	all := run()
	if intp(all.Respondents) != 1423 {
		t.Fatalf("respondents %d", intp(all.Respondents))
	}
	for code, want := range map[string]float64{"south_east": 21.2, "south_west": 15.0, "london": 18.7, "north_east": 5.6,
		"north_west": 11.3, "east_midlands": 5.5, "yorkshire_humber": 11.6} {
		published("region "+code, pct(all, "region", code), want, 1)
	}
	published("region west_midlands", pct(all, "region", "west_midlands"), 11, 0)
	for code, want := range map[string]float64{"administrative": 36, "clinical": 42, "other_support": 22} {
		published("occupation "+code, pct(all, "occupation", code), want, 0)
	}
	published("has a BME network", pct(all, "has_bme_network", "yes"), 59, 0)
	published("no BME network", ptr(100-*pct(all, "has_bme_network", "yes")), 41, 0)

	withNet := run("has_bme_network=yes")
	for code, want := range map[string]float64{"lgbti": 82.8, "disability": 67.9, "faith": 27.2, "parents_carers": 21.5,
		"flexible_workers": 12.3} {
		published("other networks where there is a BME network: "+code, pct(withNet, "other_networks", code), want, 1)
	}
	published("other networks where there is a BME network: gender", pct(withNet, "other_networks", "gender"), 18, 0)

	// Would benefit: routing gives a base of those without a network (or
	// who do not know), with no filter needed.
	if base(all, "would_benefit") != 583 {
		t.Errorf("would_benefit base %d, want 583", base(all, "would_benefit"))
	}
	published("would benefit", pct(all, "would_benefit", "yes"), 69, 0)
	published("would not benefit", pct(all, "would_benefit", "no"), 31, 0)
	without := run("has_bme_network=no,dont_know")
	published("would benefit, filtered", pct(without, "would_benefit", "yes"), 69, 0)
	published("without a BME network, other networks", ptr(100-*pct(without, "other_networks", "none")), 24, 0)
	withOthers := run("has_bme_network=no,dont_know", "other_networks=lgbti,disability,faith,parents_carers,gender,flexible_workers,other")
	if intp(withOthers.Respondents) != 140 {
		t.Errorf("without a BME network but with others: %d", intp(withOthers.Respondents))
	}
	for code, want := range map[string]float64{"lgbti": 65, "disability": 49, "parents_carers": 17, "faith": 17,
		"flexible_workers": 12, "gender": 10} {
		published("other networks where there is none: "+code, pct(withOthers, "other_networks", code), want, 0)
	}

	if base(all, "effectiveness") != 840 {
		t.Errorf("effectiveness base %d", base(all, "effectiveness"))
	}
	published("effective or very effective",
		ptr(*pct(all, "effectiveness", "very_effective")+*pct(all, "effectiveness", "effective")), 60, 0)
	eff := run("effectiveness=very_effective,effective")
	if base(eff, "effectiveness") != 504 || base(eff, "relationships") != 504 {
		t.Errorf("effective: bases %d, %d", base(eff, "effectiveness"), base(eff, "relationships"))
	}
	published("very effective, of effective", pct(eff, "effectiveness", "very_effective"), 23, 0)
	published("effective, of effective", pct(eff, "effectiveness", "effective"), 77, 0)
	for code, want := range map[string]float64{"other_networks": 59, "trade_unions": 57, "edi_team": 79, "hr": 66, "board": 57} {
		published("relationships of effective networks: "+code, pct(eff, "relationships", code), want, 0)
	}

	published("unsure how a network works", pct(all, "knows_how_network_works", "unsure"), 53, 0)
	time := question(t, all, "support_needed").Items[0]
	if time.ID != "allocated_time" || time.NetAgree.Percent == nil || *time.NetAgree.Percent <= 80 {
		t.Errorf("allocated time net agree: %+v", time.NetAgree)
	}
}

func ptr(f float64) *float64 { return &f }
