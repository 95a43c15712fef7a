package web

// Evidence from a network's consultations log and panel counts, shown on
// the self-assessment page under the areas it bears on.

import (
	"context"
	"time"

	"staffnet/internal/consult"
)

// evidenceLine is one area's evidence: the area's title and what the
// records show.
type evidenceLine struct{ Area, Text string }

// assessEvidence is the last twelve months of the network's consultations
// and panels, as evidence for the relationships and accountability areas.
func (s *Server) assessEvidence(ctx context.Context, netID int64) ([]evidenceLine, error) {
	e, err := s.consultEvidence(ctx, netID, netToday().AddDate(-1, 0, 1), netToday())
	if err != nil {
		return nil, err
	}
	rel, acc := e.Sentences()
	var out []evidenceLine
	for _, a := range s.kit.q.Areas {
		switch a.ID {
		case "relationships":
			out = append(out, evidenceLine{a.Title, rel})
		case "accountability":
			out = append(out, evidenceLine{a.Title, acc})
		}
	}
	return out, nil
}

// consultEvidence counts the network's consultations and panels from from
// to to.
func (s *Server) consultEvidence(ctx context.Context, netID int64, from, to time.Time) (consult.Evidence, error) {
	cons, err := s.db.Consultations(ctx, netID)
	if err != nil {
		return consult.Evidence{}, err
	}
	panels, err := s.db.Panels(ctx, netID)
	return consult.Gather(cons, panels, from, to), err
}
