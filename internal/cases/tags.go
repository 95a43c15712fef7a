package cases

import (
	"fmt"
	"slices"
	"strconv"

	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/wres"
)

// Kind is a kind of tag.
type Kind string

const (
	KindArea           Kind = "area"           // a CRAFT area of the self-assessment
	KindRequirement    Kind = "requirement"    // one of the report's five requirements
	KindRecommendation Kind = "recommendation" // a recommendation rule's id
	KindWRES           Kind = "wres"           // a WRES indicator, 1 to 9
	KindNetworkType    Kind = "type"           // the kind of network
	KindRegion         Kind = "region"         // an NHS England region code
)

// Kinds lists the kinds of tag in the order forms and filters show them.
var Kinds = []Kind{KindArea, KindRequirement, KindRecommendation, KindWRES, KindNetworkType, KindRegion}

// Tags are a study's tags: for each kind, the values it carries.
type Tags map[Kind][]string

// Pairs lists every (kind, value) in a stable order, for storing.
func (t Tags) Pairs() [][2]string {
	var out [][2]string
	for _, k := range Kinds {
		for _, v := range t[k] {
			out = append(out, [2]string{string(k), v})
		}
	}
	return out
}

// Term is one value a kind of tag may take.
type Term struct {
	Value, Label string
}

// Vocab is the values each kind of tag may take, with their labels, from
// the vocabularies staffnet already has: the self-assessment's areas and
// requirements, the recommendation rules, the WRES indicators, the
// network types and the regions.
type Vocab struct {
	terms map[Kind][]Term
}

var kindLabels = map[Kind]string{
	KindArea: "CRAFT area", KindRequirement: "Requirement", KindRecommendation: "Recommendation",
	KindWRES: "WRES indicator", KindNetworkType: "Network type", KindRegion: "Region",
}

// Label names a kind of tag.
func (k Kind) Label() string { return kindLabels[k] }

// NewVocab builds the vocabulary from the questionnaire and rules in use.
func NewVocab(q *network.Questionnaire, rules *network.RuleSet) *Vocab {
	v := &Vocab{terms: map[Kind][]Term{}}
	for _, a := range q.Areas {
		v.terms[KindArea] = append(v.terms[KindArea], Term{a.ID, a.Letter + ": " + a.Title})
	}
	for _, r := range q.Requirements {
		v.terms[KindRequirement] = append(v.terms[KindRequirement], Term{r.ID, r.Title})
	}
	for _, r := range rules.Rules {
		v.terms[KindRecommendation] = append(v.terms[KindRecommendation], Term{r.ID, r.ObjectiveTitle})
	}
	for i := wres.IndicatorID(1); i <= wres.NumIndicators; i++ {
		v.terms[KindWRES] = append(v.terms[KindWRES], Term{strconv.Itoa(int(i)), i.Label()})
	}
	for _, t := range network.Types {
		v.terms[KindNetworkType] = append(v.terms[KindNetworkType], Term{string(t), t.Label()})
	}
	for _, c := range orgs.RegionCodes {
		v.terms[KindRegion] = append(v.terms[KindRegion], Term{c, orgs.Regions[c]})
	}
	return v
}

// Terms lists the values kind k may take.
func (v *Vocab) Terms(k Kind) []Term { return v.terms[k] }

// Label is value's label as a tag of kind k, or the value itself when it
// is not (or no longer) in the vocabulary.
func (v *Vocab) Label(k Kind, value string) string {
	for _, t := range v.terms[k] {
		if t.Value == value {
			return t.Label
		}
	}
	return value
}

// Valid reports whether value is a tag of kind k.
func (v *Vocab) Valid(k Kind, value string) bool {
	return slices.ContainsFunc(v.terms[k], func(t Term) bool { return t.Value == value })
}

// Check reports tags outside the vocabulary, each against the form field
// of its kind ("tags-area").
func (v *Vocab) Check(t Tags) network.FieldErrors {
	var errs network.FieldErrors
	for k := range t {
		if _, ok := kindLabels[k]; !ok {
			errs = append(errs, network.FieldError{Field: "tags", Message: fmt.Sprintf("There is no kind of tag %q", k)})
		}
	}
	for _, k := range Kinds {
		for _, val := range t[k] {
			if !v.Valid(k, val) {
				errs = append(errs, network.FieldError{Field: "tags-" + string(k), Message: fmt.Sprintf("Choose a %s from the list", kindLabels[k])})
				break
			}
		}
	}
	return errs
}

// Labelled is a study's tags with their labels, in Kinds order, for the
// study page and the JSON export.
func (v *Vocab) Labelled(t Tags) []LabelledTag {
	var out []LabelledTag
	for _, p := range t.Pairs() {
		k := Kind(p[0])
		out = append(out, LabelledTag{Kind: k, KindLabel: k.Label(), Value: p[1], Label: v.Label(k, p[1])})
	}
	return out
}

// LabelledTag is one tag, with its kind's and its own label.
type LabelledTag struct {
	Kind      Kind   `json:"kind"`
	KindLabel string `json:"kind_label"`
	Value     string `json:"value"`
	Label     string `json:"label"`
}
