package wres

import "fmt"

// Code is one value a column of the aggregated return may take, with its
// meaning: the list a return template explains.
type Code struct {
	Column, Code, Meaning string
}

var measureMeanings = [NumMeasures]string{
	"Staff in post (headcount) on 31 March. Give it by staff_group and band for indicator 1, or for the whole workforce with both left blank",
	"Applicants shortlisted in the year (indicator 2)",
	"Shortlisted applicants appointed (indicator 2); no more than shortlisted",
	"Staff entering the formal disciplinary process (indicator 3)",
	"Staff accessing non-mandatory training or CPD (indicator 4)",
	"Voting members of the board (indicator 9)",
	"Executive members of the board (indicator 9)",
}

// ethnicCodes are the NHS Data Dictionary ethnic categories ParseEthnicity
// accepts, with the group each rolls up into.
var ethnicCodes = []struct{ code, meaning string }{
	{"A", "White: British"}, {"B", "White: Irish"}, {"C", "White: any other White background"},
	{"D", "Mixed: White and Black Caribbean"}, {"E", "Mixed: White and Black African"}, {"F", "Mixed: White and Asian"},
	{"G", "Mixed: any other mixed background"}, {"H", "Asian or Asian British: Indian"}, {"J", "Asian or Asian British: Pakistani"},
	{"K", "Asian or Asian British: Bangladeshi"}, {"L", "Asian or Asian British: any other Asian background"},
	{"M", "Black or Black British: Caribbean"}, {"N", "Black or Black British: African"},
	{"P", "Black or Black British: any other Black background"}, {"R", "Other ethnic groups: Chinese"},
	{"S", "Other ethnic groups: any other ethnic group"}, {"Z", "Not stated"}, {"99", "Not known"},
}

// Codes lists every column of the aggregated return and every code its
// coded columns accept, in the order of docs/wres.md.
func Codes() []Code {
	cs := []Code{
		{"organisation_code", "", "The organisation's ODS code, 3 to 6 letters and digits (e.g. RJ1)"},
		{"year", "", "The reporting year, four digits: figures as at 31 March of that year"},
	}
	for m := Measure(0); m < NumMeasures; m++ {
		meaning := ""
		if int(m) < len(measureMeanings) && measureMeanings[m] != "" {
			meaning = measureMeanings[m]
		} else {
			i := int(m-Survey5Count) / 2
			if (m-Survey5Count)%2 == 0 {
				meaning = fmt.Sprintf("NHS Staff Survey, indicator %d: respondents who %s; no more than the base", 5+i, surveyQuestions[i])
			} else {
				meaning = fmt.Sprintf("NHS Staff Survey, indicator %d: respondents who answered the question", 5+i)
			}
		}
		cs = append(cs, Code{"measure", m.String(), meaning})
	}
	cs = append(cs,
		Code{"ethnicity", "white", "White (Data Dictionary codes A, B, C)"},
		Code{"ethnicity", "bme", "Black and minority ethnic (codes D to S)"},
		Code{"ethnicity", "unknown", "Not stated or not known (codes Z, 99); left out of indicators 2 to 8"})
	for _, e := range ethnicCodes {
		g, _ := ParseEthnicity(e.code)
		cs = append(cs, Code{"ethnicity", e.code, e.meaning + " (counted as " + groupWords[g] + ")"})
	}
	cs = append(cs, Code{"staff_group", "", "Blank: the whole workforce (headcount only) or any measure other than headcount"})
	for g := Clinical; g < numStaffGroups; g++ {
		cs = append(cs, Code{"staff_group", g.String(), g.Label() + " staff (headcount only)"})
	}
	cs = append(cs, Code{"band", "", "Blank, with a blank staff_group"})
	for b := Band1; b < numBands; b++ {
		group := "clinical or non_clinical"
		if b >= Consultant {
			group = "medical"
		}
		cs = append(cs, Code{"band", b.String(), b.Label() + " (staff_group " + group + ")"})
	}
	cs = append(cs, Code{"value", "", "A whole number, 0 or more, digits only. Rows with the same codes are added up"})
	return cs
}

// TemplateRows lists the rows of a blank return for org and year: each
// staff group and band for headcount, then every other measure, each for
// the three ethnic groups. Their values are for the organisation to fill.
func TemplateRows(org string, year int) []Row {
	var rows []Row
	for p := Post(1); p < NumPosts; p++ {
		for e := Ethnicity(0); e < NumEthnicities; e++ {
			rows = append(rows, Row{org, year, Headcount, e, p.StaffGroup(), p.Band(), 0})
		}
	}
	for m := Shortlisted; m < NumMeasures; m++ {
		for e := Ethnicity(0); e < NumEthnicities; e++ {
			rows = append(rows, Row{org, year, m, e, NoStaffGroup, NoBand, 0})
		}
	}
	return rows
}

// Columns is the header of the aggregated return, in the canonical order.
func Columns() []string { return append([]string(nil), returnColumns[:]...) }
