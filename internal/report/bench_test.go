package report

import (
	"sync"
	"testing"

	"staffnet/internal/demo"
	"staffnet/internal/survey"
)

var (
	bigOnce sync.Once
	bigDS   *Dataset
)

// big is 1,000,000 generated responses to the mapping survey, built once.
func big(b *testing.B) *Dataset {
	bigOnce.Do(func() {
		def := mapping(b)
		ds := NewDataset(def)
		ds.Grow(1_000_000)
		if err := demo.Generate(def, 1_000_000, 1, func(r *survey.Response) error { return ds.Append(r) }); err != nil {
			b.Fatal(err)
		}
		bigDS = ds
	})
	return bigDS
}

func BenchmarkFullReport1M(b *testing.B) {
	ds := big(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ds.Report(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFilteredReport1M(b *testing.B) {
	ds := big(b)
	f1, _ := ParseFilter("has_bme_network=yes")
	f2, _ := ParseFilter("region=london,south_east")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ds.Report(Options{Filters: []Filter{f1, f2}}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCrosstabReport1M(b *testing.B) {
	ds := big(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ds.Report(Options{By: "region"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAudit audits a crosstab of demo data against two published
// views (everyone, and a breakdown by occupation) that it passes.
func BenchmarkAudit(b *testing.B) {
	ds := demoDataset(b, demoAttackN, false)
	everyone := mustReport(b, ds, Options{})
	byOcc := mustReport(b, ds, Options{By: "occupation"})
	rep := mustReport(b, ds, Options{By: "has_bme_network"})
	priors := []Prior{{Title: "everyone", Report: everyone}, {Title: "by occupation", Report: byOcc}}
	if err := ds.Audit(rep, priors); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		_ = ds.Audit(rep, priors)
	}
}

// BenchmarkAudit1M is what publishing a view costs beyond building it:
// the filter-complement rule and the audit against four earlier
// publications (the whole population, London, a crosstab by region and
// networks that exist), for a view of the South East.
func BenchmarkAudit1M(b *testing.B) {
	ds := big(b)
	var priors []Prior
	for _, q := range []string{"", "region=london", "by=region", "has_bme_network=yes"} {
		var opt Options
		switch {
		case q == "by=region":
			opt.By = "region"
		case q != "":
			f, err := ParseFilter(q)
			if err != nil {
				b.Fatal(err)
			}
			opt.Filters = []Filter{f}
		}
		rep, err := ds.Report(opt)
		if err != nil {
			b.Fatal(err)
		}
		priors = append(priors, Prior{Title: q, PublishedOn: "2026-11-01", Report: rep})
	}
	f, _ := ParseFilter("region=south_east")
	opt := Options{Filters: []Filter{f}}
	rep, err := ds.Report(opt)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := ds.CheckView(opt); err != nil {
			b.Fatal(err)
		}
		if err := ds.Audit(rep, priors); err != nil {
			b.Fatal(err)
		}
	}
}
