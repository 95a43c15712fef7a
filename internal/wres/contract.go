package wres

import "fmt"

// The JSON contract of a WRES report; docs/wres-json.md describes every
// field. Numbers that cannot be computed, or that Suppress hides, are
// pointers and encode as null — never 0, Inf or NaN.

// Report holds the indicators of one scope for one or more years.
type Report struct {
	Scope Scope `json:"scope"`
	// Years holds one entry per year with data in the requested range,
	// oldest first.
	Years []Indicators `json:"years"`
	// Suppression is null for the official, unsuppressed report.
	Suppression *Suppression `json:"suppression"`
}

// Scope says whose indicators a report holds.
type Scope struct {
	Kind ScopeKind `json:"kind"`
	Code string    `json:"code,omitempty"` // ODS code or region code; empty for national
}

// ScopeKind is organisation, region or national.
type ScopeKind string

const (
	ScopeOrganisation ScopeKind = "organisation"
	ScopeRegion       ScopeKind = "region"
	ScopeNational     ScopeKind = "national"
)

// IndicatorID numbers the nine indicators, 1 to 9.
type IndicatorID int

// NumIndicators is the number of WRES indicators.
const NumIndicators = 9

var indicatorNames = [NumIndicators + 1]string{"",
	"Workforce make-up by band", "Appointment from shortlisting", "Formal disciplinary process",
	"Non-mandatory training and CPD", "Harassment from patients or public", "Harassment from staff",
	"Equal opportunities for progression", "Discrimination from colleagues", "Board membership"}

// Name is the indicator's short name, as pages and reports label it:
// "Appointment from shortlisting".
func (i IndicatorID) Name() string {
	if i < 1 || i > NumIndicators {
		return fmt.Sprintf("IndicatorID(%d)", int(i))
	}
	return indicatorNames[i]
}

// Label is the numbered name: "2. Appointment from shortlisting".
func (i IndicatorID) Label() string { return fmt.Sprintf("%d. %s", int(i), i.Name()) }

// Suppression records that small numbers were hidden.
type Suppression struct {
	Threshold int `json:"threshold"`
}

// Indicators holds the nine indicators for one scope and year.
type Indicators struct {
	Year int `json:"year"`
	// Organisations counts the organisations with a return for this year
	// (always 1 for an organisation).
	Organisations int                `json:"organisations"`
	Indicator1    Indicator1         `json:"indicator1"`
	Indicator2    RelativeLikelihood `json:"indicator2"`
	Indicator3    Indicator3         `json:"indicator3"`
	Indicator4    RelativeLikelihood `json:"indicator4"`
	Indicator5    SurveyIndicator    `json:"indicator5"`
	Indicator6    SurveyIndicator    `json:"indicator6"`
	Indicator7    SurveyIndicator    `json:"indicator7"`
	Indicator8    SurveyIndicator    `json:"indicator8"`
	Indicator9    Indicator9         `json:"indicator9"`
	// Change is null when the report has no figures for the year before.
	Change *Change `json:"change_from_previous_year"`
	// Distribution is given for regions and the nation only.
	Distribution *Distribution `json:"distribution,omitempty"`
}

// Groups holds one value per ethnic group.
type Groups[T int64 | float64] struct {
	White   *T `json:"white"`
	BME     *T `json:"bme"`
	Unknown *T `json:"unknown"`
}

// Composition is one line of indicator 1: the headcount of a staff group
// and band (or of the whole workforce) by ethnic group, and each group's
// percent of the total. The total includes unknown ethnicity.
type Composition struct {
	StaffGroup string          `json:"staff_group,omitempty"`
	Band       string          `json:"band,omitempty"`
	Total      *int64          `json:"total"`
	Count      Groups[int64]   `json:"count"`
	Percent    Groups[float64] `json:"percent"`
}

// Indicator1 is the ethnic make-up of each staff group and band, beside
// that of the whole workforce.
type Indicator1 struct {
	Workforce Composition `json:"workforce"`
	// Posts lists each staff group and band given, in the order of the
	// return's documentation; empty when only whole-workforce totals were
	// given.
	Posts []Composition `json:"posts"`
	// OrganisationsWithBreakdown counts the organisations whose posts are
	// in Posts (pooled reports may mix).
	OrganisationsWithBreakdown int `json:"organisations_with_breakdown"`
	// OrganisationsPooled counts, in a pooled report, the organisations
	// that gave headcount figures; null for an organisation's report.
	OrganisationsPooled *int   `json:"organisations_pooled,omitempty"`
	NotComputable       string `json:"not_computable,omitempty"`
}

// Proportion is a count out of a base, as a percent.
type Proportion struct {
	Count   *int64   `json:"count"`
	Base    *int64   `json:"base"`
	Percent *float64 `json:"percent"`
}

// Interval is a 95% confidence interval.
type Interval struct {
	Lower float64 `json:"lower"`
	Upper float64 `json:"upper"`
}

// RelativeLikelihood is indicators 2 and 4 (White compared with BME) and
// the core of indicator 3 (BME compared with White).
type RelativeLikelihood struct {
	// Compares says which group's rate is the numerator: "white_vs_bme" or
	// "bme_vs_white".
	Compares string     `json:"compares"`
	White    Proportion `json:"white"`
	BME      Proportion `json:"bme"`
	Value    *float64   `json:"relative_likelihood"`
	CI95     *Interval  `json:"ci95"`
	// Significant is true when the interval excludes 1, false when it
	// includes 1, null when there is no interval.
	Significant *bool `json:"significant"`
	// NotComputable gives the reason Value is null; CINotComputable the
	// reason CI95 is null while Value is not.
	NotComputable   string `json:"not_computable,omitempty"`
	CINotComputable string `json:"ci95_not_computable,omitempty"`
	// Suppressed is true when Suppress hid the result.
	Suppressed bool `json:"suppressed,omitempty"`
	// OrganisationsPooled counts, in a pooled report, the organisations
	// that gave both figures the indicator needs (for indicator 3, this
	// year's disciplinary and headcount figures); only they are summed.
	OrganisationsPooled *int `json:"organisations_pooled,omitempty"`

	raw float64 // unrounded Value, for flags and quartiles
}

// Indicator3 is the relative likelihood of BME staff entering the formal
// disciplinary process, on a two-year rolling figure.
type Indicator3 struct {
	RelativeLikelihood
	// Years lists the years whose figures are summed.
	Years []int `json:"years"`
	// SingleYear is true when the previous year was missing, for an
	// organisation; for a pooled report, when it was missing for every
	// organisation (SingleYearOrganisations counts those). It is null
	// when the indicator is not computable.
	SingleYear              *bool `json:"single_year"`
	SingleYearOrganisations int   `json:"single_year_organisations"`
	// NonAdverse is true when the relative likelihood lies within 0.80 to
	// 1.25 inclusive.
	NonAdverse *bool `json:"non_adverse"`
}

// The non-adverse range of a relative likelihood, inclusive, judged on
// the unrounded ratio.
const (
	NonAdverseLow  = 0.80
	NonAdverseHigh = 1.25
)

func nonAdverse(v float64) bool { return v >= NonAdverseLow && v <= NonAdverseHigh }

// SurveyIndicator is one of indicators 5 to 8: the percent of White and
// of BME survey respondents answering positively, and the difference.
type SurveyIndicator struct {
	Question string     `json:"question"`
	White    Proportion `json:"white"`
	BME      Proportion `json:"bme"`
	// DifferencePoints is the BME percent minus the White percent.
	DifferencePoints *float64 `json:"difference_points"`
	NotComputable    string   `json:"not_computable,omitempty"`
	Suppressed       bool     `json:"suppressed,omitempty"`
	// OrganisationsPooled counts, in a pooled report, the organisations
	// that gave both the count and the base of this question.
	OrganisationsPooled *int `json:"organisations_pooled,omitempty"`
}

// Indicator9 compares the board's BME share with the workforce's.
type Indicator9 struct {
	WorkforceBME Proportion `json:"workforce_bme"`
	Voting       BoardShare `json:"voting"`
	Executive    BoardShare `json:"executive"`
}

// BoardShare is the BME share of one kind of board membership.
type BoardShare struct {
	BME Proportion `json:"bme"`
	// WorkforceBME is, in a pooled report where fewer organisations gave
	// this board's figures than gave headcount, the BME share of those
	// organisations' workforce; the difference is against it. Otherwise
	// it is absent and the difference is against Indicator9.WorkforceBME.
	WorkforceBME *Proportion `json:"workforce_bme,omitempty"`
	// DifferencePoints is the board's BME percent minus the workforce's.
	DifferencePoints *float64 `json:"difference_points"`
	NotComputable    string   `json:"not_computable,omitempty"`
	Suppressed       bool     `json:"suppressed,omitempty"`
	// OrganisationsPooled counts, in a pooled report, the organisations
	// that gave both this board's figures and their headcount.
	OrganisationsPooled *int `json:"organisations_pooled,omitempty"`
}

// Change is the change in each headline figure from the year before.
type Change struct {
	FromYear                  int      `json:"from_year"`
	Indicator1WorkforceBMEPts *float64 `json:"indicator1_workforce_bme_points"`
	Indicator2                *float64 `json:"indicator2"`
	Indicator3                *float64 `json:"indicator3"`
	Indicator4                *float64 `json:"indicator4"`
	Indicator5                *float64 `json:"indicator5_difference_points"`
	Indicator6                *float64 `json:"indicator6_difference_points"`
	Indicator7                *float64 `json:"indicator7_difference_points"`
	Indicator8                *float64 `json:"indicator8_difference_points"`
	Indicator9Voting          *float64 `json:"indicator9_voting_points"`
	Indicator9Executive       *float64 `json:"indicator9_executive_points"`
}

// Distribution describes the organisations of a region or of the nation.
type Distribution struct {
	Organisations int                `json:"organisations"`
	Indicator2    LikelihoodSpread   `json:"indicator2"`
	Indicator3    DisciplinarySpread `json:"indicator3"`
	Indicator4    LikelihoodSpread   `json:"indicator4"`
	// ByOrganisation lists each organisation's relative likelihoods.
	// Suppress removes it.
	ByOrganisation []OrgSummary `json:"by_organisation,omitempty"`
	// ByRegion lists the pooled relative likelihoods of each region
	// (national reports only).
	ByRegion []RegionSummary `json:"by_region,omitempty"`
}

// LikelihoodSpread summarises one relative likelihood across organisations.
type LikelihoodSpread struct {
	Computable          int        `json:"computable"`
	SignificantlyAbove1 int        `json:"significantly_above_1"`
	SignificantlyBelow1 int        `json:"significantly_below_1"`
	NotSignificant      int        `json:"not_significant"`
	Quartiles           *Quartiles `json:"quartiles"`
}

// DisciplinarySpread adds the non-adverse range to LikelihoodSpread.
type DisciplinarySpread struct {
	LikelihoodSpread
	NonAdverse int `json:"non_adverse"`
	AboveRange int `json:"above_range"`
	BelowRange int `json:"below_range"`
}

// Quartiles of computable values, by linear interpolation between order
// statistics (the method of Excel's QUARTILE.INC and R's default, type 7).
type Quartiles struct {
	Min    float64 `json:"min"`
	Q1     float64 `json:"q1"`
	Median float64 `json:"median"`
	Q3     float64 `json:"q3"`
	Max    float64 `json:"max"`
}

// OrgSummary is one organisation's relative likelihoods.
type OrgSummary struct {
	Org    string `json:"organisation_code"`
	Region string `json:"region,omitempty"`
	Likelihoods
}

// RegionSummary is one region's pooled relative likelihoods.
type RegionSummary struct {
	Region        string `json:"region"`
	Name          string `json:"name,omitempty"`
	Organisations int    `json:"organisations"`
	Likelihoods
}

// Likelihoods are the relative likelihoods of indicators 2, 3 and 4 that
// OrgSummary and RegionSummary share; embedded without a tag, its fields
// stand in the JSON beside the embedding struct's own, in this order.
type Likelihoods struct {
	Indicator2            *float64 `json:"indicator2"`
	Indicator2Significant *bool    `json:"indicator2_significant"`
	Indicator3            *float64 `json:"indicator3"`
	Indicator3NonAdverse  *bool    `json:"indicator3_non_adverse"`
	Indicator4            *float64 `json:"indicator4"`
	Indicator4Significant *bool    `json:"indicator4_significant"`
}
