// Package synth writes deterministic, synthetic WRES record-level
// extracts (docs/wres-extracts.md) at any scale, for the national
// benchmark (BenchmarkNationalExtracts) and for wresgen, which feeds
// scripts/bench-wres. The same Scale always gives the same files.
package synth

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"

	"staffnet/internal/orgs"
	"staffnet/internal/wres"
)

// Scale says how many of each record to write.
type Scale struct {
	Orgs, Staff, Applications, Training, Disciplinary int
	Board                                             int // members per organisation
	Year                                              int
}

// National is the scale of England's NHS trusts in one year.
var National = Scale{Orgs: 220, Staff: 1_500_000, Applications: 3_000_000, Training: 1_500_000, Disciplinary: 30_000, Board: 12, Year: 2024}

// OrgCode is the made-up ODS code of organisation i: R000, R001, …
func OrgCode(i int) string { return fmt.Sprintf("R%03d", i) }

// Region is the region of an organisation named by OrgCode: the regions
// in turn.
func Region(org string) string {
	i, _ := strconv.Atoi(org[1:])
	return orgs.RegionCodes[i%len(orgs.RegionCodes)]
}

// WriteOrgs writes the organisations in the ODS trust file format, so
// that "staffnet orgs import" can make them known.
func WriteOrgs(path string, s Scale) error {
	return writeFile(path, "ods_code,ods_name,region_code,stp_code,postcode,open_date,close_date", s.Orgs, func(w *bufio.Writer, i int) {
		fmt.Fprintf(w, "%s,Benchmark NHS Trust %d,%s,NA,NA,2010-04-01,NA\n", OrgCode(i), i, Region(OrgCode(i)))
	})
}

// ethnicCode draws a code: about 73% White, 23% BME, 4% unknown.
func ethnicCode(r *rand.Rand) string {
	x := r.IntN(100)
	switch {
	case x < 62:
		return "A"
	case x < 65:
		return "B"
	case x < 73:
		return "C"
	case x < 96:
		return string("DEFGHJKLMNPRS"[r.IntN(13)])
	case x < 98:
		return "Z"
	}
	return "99"
}

func yn(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func writeFile(path, header string, n int, row func(w *bufio.Writer, i int)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(header + "\n")
	for i := 0; i < n; i++ {
		row(w, i)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// Write writes the five extracts into dir as staff.csv,
// applications.csv, training.csv, disciplinary.csv and board.csv, and
// returns their paths. Rows are grouped by organisation, as a national
// extract would be; training and disciplinary rows name people from their
// organisation's staff extract, some more than once.
func Write(dir string, s Scale) (map[wres.ExtractKind]string, error) {
	var posts []string
	for p := wres.Post(1); p < wres.NumPosts; p++ {
		posts = append(posts, p.StaffGroup().String()+","+p.Band().String())
	}
	r := rand.New(rand.NewPCG(2024, 4))
	files := map[wres.ExtractKind]string{}
	write := func(kind wres.ExtractKind, header string, n int, row func(w *bufio.Writer, i int)) error {
		path := filepath.Join(dir, kind.String()+".csv")
		files[kind] = path
		return writeFile(path, header, n, row)
	}
	org := func(i, n int) string { return OrgCode(i * s.Orgs / n) }
	staffEth := make([]string, s.Staff)
	err := write(wres.ExtractStaff, "organisation_code,year,person_id,ethnic_category,staff_group,band", s.Staff, func(w *bufio.Writer, i int) {
		staffEth[i] = ethnicCode(r)
		fmt.Fprintf(w, "%s,%d,P%08d,%s,%s\n", org(i, s.Staff), s.Year, i, staffEth[i], posts[r.IntN(len(posts))])
	})
	if err != nil {
		return nil, err
	}
	err = write(wres.ExtractApplications, "organisation_code,year,application_id,ethnic_category,shortlisted,appointed", s.Applications, func(w *bufio.Writer, i int) {
		code := ethnicCode(r)
		short := r.IntN(100) < 30
		odds := 25
		if e, _ := wres.ParseEthnicity(code); e == wres.BME {
			odds = 15
		}
		fmt.Fprintf(w, "%s,%d,A%09d,%s,%s,%s\n", org(i, s.Applications), s.Year, i, code, yn(short), yn(short && r.IntN(100) < odds))
	})
	if err != nil {
		return nil, err
	}
	person := func(i, n int) (string, int) {
		o := i * s.Orgs / n
		lo, hi := (o*s.Staff+s.Orgs-1)/s.Orgs, ((o+1)*s.Staff+s.Orgs-1)/s.Orgs
		return OrgCode(o), lo + r.IntN(hi-lo)
	}
	for _, x := range []struct {
		kind wres.ExtractKind
		n    int
	}{{wres.ExtractTraining, s.Training}, {wres.ExtractDisciplinary, s.Disciplinary}} {
		err = write(x.kind, "organisation_code,year,person_id,ethnic_category", x.n, func(w *bufio.Writer, i int) {
			o, p := person(i, x.n)
			fmt.Fprintf(w, "%s,%d,P%08d,%s\n", o, s.Year, p, staffEth[p])
		})
		if err != nil {
			return nil, err
		}
	}
	err = write(wres.ExtractBoard, "organisation_code,year,person_id,ethnic_category,voting,executive", s.Orgs*s.Board, func(w *bufio.Writer, i int) {
		fmt.Fprintf(w, "%s,%d,B%06d,%s,%s,%s\n", OrgCode(i/s.Board), s.Year, i, ethnicCode(r), yn(i%s.Board < 10), yn(i%s.Board >= 5))
	})
	return files, err
}
