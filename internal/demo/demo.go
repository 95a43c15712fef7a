// Package demo makes synthetic survey responses: realistic enough to try
// staffnet, fill a dashboard or benchmark the analysis engine at national
// scale, and reproducible from a seed. It respects routing, exclusive
// options and every other rule of the definition.
//
// For the built-in 2016 mapping survey the answers follow the marginals
// published for that survey (regions, staff groups, 59% with a BME
// network, and so on); for any other survey they are spread plausibly
// over the options.
package demo

import (
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"time"

	"staffnet/internal/survey"
)

// weights gives, per question id of the mapping survey, the relative
// weight of each option in definition order.
var mappingSingle = map[string][]float64{
	// East of England is absent from the published list: a trickle.
	"region":                  {0.5, 18.7, 5.5, 11, 5.6, 11.3, 21.2, 15.0, 11.6},
	"occupation":              {36, 42, 22},
	"has_bme_network":         {59, 25, 16},
	"would_benefit":           {69, 27, 4},
	"effectiveness":           {13.8, 46.2, 19, 8, 13},
	"knows_how_network_works": {29, 18, 53},
}

// Multiple choice: per option the chance of ticking it, by context.
var (
	otherWithBME     = []float64{0.828, 0.679, 0.272, 0.215, 0.18, 0.123, 0.06}
	otherWithoutBME  = []float64{0.65, 0.49, 0.17, 0.17, 0.10, 0.12, 0.08} // among the 24% who have any
	relEffective     = []float64{0.59, 0.57, 0.79, 0.66, 0.57, 0.31, 0.27, 0.22}
	relNotEffective  = []float64{0.30, 0.33, 0.48, 0.37, 0.22, 0.12, 0.10, 0.08}
	supportAgreement = map[string][]float64{
		"allocated_time":       {46, 36, 10, 5, 3},
		"budget":               {38, 37, 15, 7, 3},
		"executive_sponsor":    {44, 35, 13, 5, 3},
		"leadership_programme": {35, 40, 16, 6, 3},
		"access_to_data":       {41, 38, 14, 5, 2},
	}
)

var comments = []string{
	"A network gives staff a safe place to raise concerns.",
	"It would help people feel less isolated at work.",
	"Senior leaders need to hear from BME staff directly.",
	"Time away from clinical duties is the hardest part.",
	"Our network has helped colleagues apply for promotion.",
	"We need data on who gets training and who does not.",
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// skip is the chance of leaving a shown question unanswered.
const skip = 0.02

// Generate makes n responses to def from seed and passes each, newly
// allocated, to emit; it stops at emit's first error. The same def, n and
// seed always give the same responses, ids included. Ids are 26 random
// base32 characters drawn from the seeded generator (valid response ids,
// but only as unguessable as the seed); dates fall on the 30 days from
// 5 September 2016.
func Generate(def *survey.Definition, n int, seed int64, emit func(*survey.Response) error) error {
	if n < 0 {
		return fmt.Errorf("demo: negative response count %d", n)
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5ca1ab1e))
	mapping := def.Slug == survey.MappingSlug
	start := time.Date(2016, 9, 5, 0, 0, 0, 0, time.UTC)
	dates := make([]string, 30)
	for i := range dates {
		dates[i] = start.AddDate(0, 0, i).Format(time.DateOnly)
	}
	var idb [16]byte
	for range n {
		r := def.NewResponse()
		binary.LittleEndian.PutUint64(idb[:8], rng.Uint64())
		binary.LittleEndian.PutUint64(idb[8:], rng.Uint64())
		r.ID = idEncoding.EncodeToString(idb[:])
		r.SubmittedOn = dates[rng.IntN(len(dates))]
		for _, q := range def.Questions() {
			if !def.Visible(r, q) {
				continue
			}
			if mapping {
				answerMapping(rng, def, r, q)
			} else {
				answerAny(rng, r, q)
			}
		}
		if err := emit(r); err != nil {
			return err
		}
	}
	return nil
}

// Pick draws an index of w with probability in proportion to its weight:
// the one weighted draw of the demo responses and of report's randomised
// disclosure test.
func Pick(rng *rand.Rand, w []float64) int {
	s := 0.0
	for _, x := range w {
		s += x
	}
	u := rng.Float64() * s
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}

// ticks sets each non-exclusive option with its chance; if none is set
// it ticks the exclusive option (when there is one).
func ticks(rng *rand.Rand, q *survey.Question, p []float64) uint64 {
	var v uint64
	for i, o := range q.Options {
		if !o.Exclusive && i < len(p) && rng.Float64() < p[i] {
			v |= 1 << uint(i)
		}
	}
	if v == 0 {
		for i, o := range q.Options {
			if o.Exclusive {
				return 1 << uint(i)
			}
		}
	}
	return v
}

func answerMapping(rng *rand.Rand, def *survey.Definition, r *survey.Response, q *survey.Question) {
	slot := q.Slot()
	if q.Type != survey.Text && rng.Float64() < skip {
		return
	}
	code := func(id string) string {
		c := def.Codes(r, def.Question(id).Slot())
		if len(c) == 0 {
			return ""
		}
		return c[0]
	}
	switch q.ID {
	case "other_networks":
		if code("has_bme_network") == "yes" {
			r.Slots[slot] = ticks(rng, q, otherWithBME)
		} else if rng.Float64() < 0.24 {
			v := ticks(rng, q, otherWithoutBME)
			if v == 1<<uint(q.OptionIndex("none")) {
				v = 1 << uint(q.OptionIndex("lgbti"))
			}
			r.Slots[slot] = v
		} else {
			r.Slots[slot] = 1 << uint(q.OptionIndex("none"))
		}
		return
	case "relationships":
		e := code("effectiveness")
		if e == "very_effective" || e == "effective" {
			r.Slots[slot] = ticks(rng, q, relEffective)
		} else {
			r.Slots[slot] = ticks(rng, q, relNotEffective)
		}
		return
	case "support_needed":
		for i, it := range q.Items {
			if rng.Float64() < skip {
				continue
			}
			r.Slots[slot+i] = uint64(Pick(rng, supportAgreement[it.ID]) + 1)
		}
		return
	}
	if w, ok := mappingSingle[q.ID]; ok {
		r.Slots[slot] = uint64(Pick(rng, w) + 1)
		return
	}
	answerAny(rng, r, q)
}

// answerAny answers q plausibly without knowing what it means: skewed
// towards earlier options, a few skips, occasional comments.
func answerAny(rng *rand.Rand, r *survey.Response, q *survey.Question) {
	slot := q.Slot()
	skew := func(n int) uint64 {
		w := make([]float64, n)
		for i := range w {
			w[i] = 1 / float64(i+2)
		}
		return uint64(Pick(rng, w) + 1)
	}
	switch q.Type {
	case survey.Single:
		if rng.Float64() >= skip {
			r.Slots[slot] = skew(len(q.Options))
		}
	case survey.Likert:
		for i := range q.Items {
			if rng.Float64() >= skip {
				r.Slots[slot+i] = skew(len(q.Options))
			}
		}
	case survey.Multiple:
		if rng.Float64() >= skip {
			p := make([]float64, len(q.Options))
			for i := range p {
				p[i] = 0.35
			}
			r.Slots[slot] = ticks(rng, q, p)
			if r.Slots[slot] == 0 {
				r.Slots[slot] = skew(len(q.Options)) // no exclusive option: tick one
				r.Slots[slot] = 1 << (r.Slots[slot] - 1)
			}
		}
	case survey.Text:
		if rng.Float64() < 0.15 {
			r.Texts[slot] = comments[rng.IntN(len(comments))]
		}
	}
}
