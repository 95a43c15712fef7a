package render

import (
	"bytes"
	"encoding/xml"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"staffnet/internal/wres"
	"staffnet/internal/wresio"
)

// The aggregated return the extracts of wres's TestAggregateExtracts make
// is written byte for byte as the file holds it.
func TestReturnCSVCanonical(t *testing.T) {
	want, err := os.ReadFile("../testdata/extracts-aggregated.csv")
	if err != nil {
		t.Fatal(err)
	}
	ret, err := wresio.ParseCSV(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if err := ReturnCSV(&got, ret); err != nil {
		t.Fatal(err)
	}
	if got.String() != string(want) {
		t.Errorf("got\n%s", got.String())
	}
}

func reports(t *testing.T) map[string]*wres.Report {
	t.Helper()
	f, err := os.Open("../testdata/example-return.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ret, err := wresio.ParseCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	org, err := wres.Compute(ret, wres.Scope{Kind: wres.ScopeOrganisation, Code: "RX9"}, 2023, 2024, nil)
	if err != nil {
		t.Fatal(err)
	}
	nat, err := wres.Compute(ret, wres.Scope{Kind: wres.ScopeNational}, 2024, 2024, func(string) string { return "Y56" })
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*wres.Report{"org": org, "suppressed": wres.Suppress(org, 11), "national": nat, "empty": {Scope: org.Scope}}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := CSV(&buf, reports(t)["org"]); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		"scope,code,year,indicator,item,group,measure,value\n",
		"organisation,RX9,2024,1,clinical band_5,bme,count,60\n",
		"organisation,RX9,2024,2,,,relative_likelihood,1.875\n",
		"organisation,RX9,2024,2,,,ci95_lower,1.1679\n",
		"organisation,RX9,2024,3,,,non_adverse,false\n",
		"organisation,RX9,2023,5,,,not_computable,no staff survey figures for indicator 5 in 2023\n",
		"organisation,RX9,2024,9,voting,,difference_points,-10.7843\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("CSV lacks %q", want)
		}
	}
}

func TestXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := XLSX(&buf, reports(t)["org"]); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, _ := f.GetCellValue("Summary", "C3"); got != "1.875" {
		t.Errorf("Summary C3 = %q", got)
	}
	if got, _ := f.GetCellValue("Summary", "B1"); got != "2023" {
		t.Errorf("Summary B1 = %q", got)
	}
	rows, _ := f.GetRows("Data")
	if len(rows) != len(Lines(reports(t)["org"]))+1 {
		t.Errorf("%d data rows", len(rows))
	}
}

func TestHTML(t *testing.T) {
	for name, r := range reports(t) {
		var buf bytes.Buffer
		if err := HTML(&buf, r); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := buf.String()
		// Well-formed enough for an XML tokenizer (minus the doctype).
		d := xml.NewDecoder(strings.NewReader(strings.TrimPrefix(out, "<!DOCTYPE html>")))
		d.Strict = false
		d.AutoClose = xml.HTMLAutoClose
		d.Entity = xml.HTMLEntity
		for {
			if _, err := d.Token(); err != nil {
				if err.Error() != "EOF" {
					t.Errorf("%s: %v", name, err)
				}
				break
			}
		}
		for _, bad := range []string{"<script", "<link", "src=", "http://", "https://"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s: page is not self-contained: %s", name, bad)
			}
		}
		if name == "empty" {
			continue
		}
		// Every SVG is a drawing of the chart partial, hidden from screen
		// readers because its figure's text (title, description, key) and
		// the table after it say the same.
		if n, hidden := strings.Count(out, "<svg"), strings.Count(out, `aria-hidden="true" focusable="false">`); n == 0 || n != hidden {
			t.Errorf("%s: %d SVGs, %d hidden from screen readers", name, n, hidden)
		}
	}
	var buf bytes.Buffer
	HTML(&buf, reports(t)["org"])
	out := buf.String()
	for _, want := range []string{
		`<figure class="chart chart--line" id="trend-chart" aria-labelledby="trend-chart-title">`,
		`<p class="chart__title" id="trend-chart-title">Relative likelihoods by year</p>`,
		`Dashed black line: 1.00, equal likelihood`,
		`<title>Indicator 2 (appointment), 2024: 1.88</title>`,
		`<figure class="chart" id="profile-2024" aria-labelledby="profile-2024-title">`,
		`<span class="chart__label">Clinical, Band 5</span>`,
		`Dashed line: the whole workforce, `,
		`White applicants were 1.88 times as likely as BME applicants to be appointed from shortlisting. The 95% confidence interval (1.17 to 3.01) excludes 1: the difference is statistically significant.`,
		`Two-year rolling figure: 2023 and 2024 summed.`,
		`<th scope="row">Clinical, Band 5</th><td>190</td><td>120</td><td>60</td><td>10</td><td>63.2%</td><td>31.6%</td><td>5.3%</td>`,
		`<th scope="row">Medical, Consultant</th>`,
		// Indicator 2 is 1.875: outside 0.80–1.25, against BME applicants.
		`Indicator 2: Appointment from shortlisting <strong class="nhsuk-tag nhsuk-tag--red">Adverse impact</strong>`,
		`so adverse impact on BME applicants.`,
		`1.00 means equal; above 1 means White applicants were more likely than BME applicants to be appointed from shortlisting.`,
		// Headlines: 2 decimals for ratios, 1 for percents and points.
		`<th scope="row">2. Appointment from shortlisting (White ÷ BME)</th><td>2.00</td><td>1.88</td>`,
		`<th scope="row">1. BME share of the workforce</th><td>26.0%</td><td>27.5%</td>`,
		// Indicator 5: BME 31.25% against White 20%, +11.25 points: adverse.
		`White 20.0%, BME 31.3%; difference &#43;11.3 points.`,
		// Indicator 7: BME 45% against White 60%, −15 points: adverse.
		`difference −15.0 points.`,
		`<td>−10.8</td>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, bad := range []string{"1.8750", "27.451", "clinical band_5", "single_year"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML shows %q", bad)
		}
	}
	// A national report of one organisation says so; an organisation's
	// own does not.
	const one = "Only one organisation has a return for 2024"
	if strings.Contains(out, one) {
		t.Errorf("organisation report warns %q", one)
	}
	buf.Reset()
	HTML(&buf, reports(t)["national"])
	if out := buf.String(); !strings.Contains(out, one) || !strings.Contains(out, "The 1 organisation gave these figures.") {
		t.Errorf("national report of one organisation lacks its warning or pooled count")
	}
	if os.Getenv("WRES_HTML_OUT") != "" {
		os.WriteFile(os.Getenv("WRES_HTML_OUT"), buf.Bytes(), 0o644)
	}
}
