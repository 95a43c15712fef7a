package responses

import (
	"encoding/json"
	"fmt"

	"staffnet/internal/report"
	"staffnet/internal/store"
)

// Priors reads the views of a survey published before, as the publication
// audit (report.Dataset.Audit) takes them: the web's publish action and
// "staffnet report --audit" both check a view against them.
func Priors(pubs []store.Published) ([]report.Prior, error) {
	priors := make([]report.Prior, 0, len(pubs))
	for _, p := range pubs {
		var pr report.Report
		if err := json.Unmarshal(p.Report, &pr); err != nil {
			return nil, fmt.Errorf("published view %s: %w", p.ID, err)
		}
		priors = append(priors, report.Prior{Title: p.Title, PublishedOn: p.PublishedOn, Report: &pr})
	}
	return priors, nil
}
