package report

import (
	"fmt"
	"testing"
)

// TestBurst mounts the made-up-responses attack's first step: 33
// responses on one day lift the 6 real "green" people over the
// threshold. The audit cannot tell, but the publisher is warned.
func TestBurst(t *testing.T) {
	def := loadDef(t, "tiny.json")
	var specs []rowSpec
	for d := 1; d <= 5; d++ {
		specs = append(specs, rowSpec{40, fmt.Sprintf("colour=red|why_red=yes|@date=2026-05-0%d", d)})
	}
	for d := 1; d <= 3; d++ {
		specs = append(specs, rowSpec{2, fmt.Sprintf("colour=green|@date=2026-05-0%d", d)})
	}
	specs = append(specs, rowSpec{33, "colour=green|pets=cat|@date=2026-05-06"})
	ds := build(t, def, specs...)

	b, err := ds.Burst(Options{Filters: filters(t, "colour=green")})
	if err != nil || b == nil {
		t.Fatalf("green (33 of 39 on one day): %v, %v", b, err)
	}
	if want := "Most of this group's answers arrived on one day (6 May 2026): check they are genuine before publishing."; b.Warning() != want {
		t.Errorf("warning %q, want %q", b.Warning(), want)
	}
	// By colour: the whole (33 of 239) is not mostly from that day, the
	// green column is.
	b, err = ds.Burst(Options{By: "colour"})
	if err != nil || b == nil || b.Group != "Green" || b.Day != "2026-05-06" {
		t.Fatalf("by colour: %+v, %v", b, err)
	}
	for _, opt := range []Options{{}, {Filters: filters(t, "colour=red")}} {
		if b, err := ds.Burst(opt); b != nil || err != nil {
			t.Errorf("%v: %+v, %v", opt.Filters, b, err)
		}
	}
	// Everyone on one day (an import, or a survey run in a day) is no
	// burst: green's share of that day is the survey's.
	one := build(t, def, rowSpec{30, "colour=red"}, rowSpec{20, "colour=green"})
	if b, err := one.Burst(Options{Filters: filters(t, "colour=green")}); b != nil || err != nil {
		t.Errorf("one day: %+v, %v", b, err)
	}
	// Joined datasets keep their days.
	joined := NewDataset(def)
	joined.KeepTexts()
	if err := joined.AppendDataset(one); err != nil {
		t.Fatal(err)
	}
	if err := joined.AppendDataset(ds); err != nil {
		t.Fatal(err)
	}
	if b, _ := joined.Burst(Options{Filters: filters(t, "colour=green")}); b == nil || b.Day != "2026-05-06" {
		t.Errorf("joined: %+v", b)
	}
	if _, err := ds.Burst(Options{Filters: filters(t, "colour=purple")}); err == nil {
		t.Error("an unknown filter value")
	}
}
