package web_test

import (
	"net/url"
	"testing"

	"staffnet/internal/store/storetest"
	"staffnet/internal/web/webtest"
)

// BenchmarkSurveyWalk answers the whole survey over HTTP per iteration:
// start page, every page posted, check page, submit, confirmation. The
// client runs in the same process, so profiles show both sides.
func BenchmarkSurveyWalk(b *testing.B) {
	db := storetest.SQLite(b)
	a := newBenchApp(b, db)
	answers := map[string]url.Values{
		"about_you":        {"region": {"london"}, "occupation": {"clinical"}},
		"networks":         {"has_bme_network": {"yes"}, "other_networks": {"lgbti"}},
		"your_network":     {"effectiveness": {"effective"}, "relationships": {"hr"}},
		"working_together": {"knows_how_network_works": {"yes"}, "support_needed.allocated_time": {"agree"}},
		"comments":         {"benefits_comment": {"A voice for staff."}},
	}
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c := &webtest.Client{Base: a}
		for pb.Next() {
			if _, err := c.Answer(slug, answers); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
