// Command wresgen writes deterministic, national-scale WRES record-level
// extracts (docs/wres-extracts.md) for scripts/bench-wres: by default 1.5
// million staff, 3 million applications, 1.5 million training rows and
// 30,000 disciplinary cases across 220 organisations, the scale of issue 4,
// drawn as BenchmarkNationalExtracts draws them. It also writes orgs.csv,
// the 220 made-up organisations (R000…R219) in the ODS trust file format,
// so that "staffnet orgs import" can make them known before the extracts
// are saved.
//
//	go run ./internal/wres/cmd/wresgen -dir DIR [-staff N -applications N -training N -disciplinary N -orgs N]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"staffnet/internal/orgs"
	"staffnet/internal/wres"
)

const year = 2024

func main() {
	dir := flag.String("dir", ".", "directory to write the CSV files into")
	nOrgs := flag.Int("orgs", 220, "organisations")
	nStaff := flag.Int("staff", 1_500_000, "staff in post")
	nApps := flag.Int("applications", 3_000_000, "applications")
	nTraining := flag.Int("training", 1_500_000, "training events")
	nDisc := flag.Int("disciplinary", 30_000, "disciplinary cases")
	nBoard := flag.Int("board", 12, "board members per organisation")
	flag.Parse()
	if err := generate(*dir, *nOrgs, *nStaff, *nApps, *nTraining, *nDisc, *nBoard); err != nil {
		fmt.Fprintln(os.Stderr, "wresgen:", err)
		os.Exit(1)
	}
}

func orgCode(i int) string { return fmt.Sprintf("R%03d", i) }

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

func generate(dir string, nOrgs, nStaff, nApps, nTraining, nDisc, nBoard int) error {
	var posts []string
	for p := wres.Post(1); p < wres.NumPosts; p++ {
		posts = append(posts, p.StaffGroup().String()+","+p.Band().String())
	}
	r := rand.New(rand.NewPCG(2024, 4))
	write := func(name, header string, n int, row func(w *bufio.Writer, i int)) error {
		f, err := os.Create(filepath.Join(dir, name))
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
	err := write("orgs.csv", "ods_code,ods_name,region_code,stp_code,postcode,open_date,close_date", nOrgs, func(w *bufio.Writer, i int) {
		fmt.Fprintf(w, "%s,Benchmark NHS Trust %d,%s,NA,NA,2010-04-01,NA\n", orgCode(i), i, orgs.RegionCodes[i%len(orgs.RegionCodes)])
	})
	if err != nil {
		return err
	}
	// Rows are grouped by organisation, as a national extract would be.
	org := func(i, n int) string { return orgCode(i * nOrgs / n) }
	staffEth := make([]string, nStaff)
	err = write("staff.csv", "organisation_code,year,person_id,ethnic_category,staff_group,band", nStaff, func(w *bufio.Writer, i int) {
		staffEth[i] = ethnicCode(r)
		fmt.Fprintf(w, "%s,%d,P%08d,%s,%s\n", org(i, nStaff), year, i, staffEth[i], posts[r.IntN(len(posts))])
	})
	if err != nil {
		return err
	}
	err = write("applications.csv", "organisation_code,year,application_id,ethnic_category,shortlisted,appointed", nApps, func(w *bufio.Writer, i int) {
		code := ethnicCode(r)
		short := r.IntN(100) < 30
		odds := 25
		if e, _ := wres.ParseEthnicity(code); e == wres.BME {
			odds = 15
		}
		fmt.Fprintf(w, "%s,%d,A%09d,%s,%s,%s\n", org(i, nApps), year, i, code, yn(short), yn(short && r.IntN(100) < odds))
	})
	if err != nil {
		return err
	}
	// Training and disciplinary rows name people from the staff extract of
	// their organisation, some more than once.
	person := func(i, n int) (string, int) {
		o := i * nOrgs / n
		lo, hi := (o*nStaff+nOrgs-1)/nOrgs, ((o+1)*nStaff+nOrgs-1)/nOrgs
		return orgCode(o), lo + r.IntN(hi-lo)
	}
	for _, x := range []struct {
		name string
		n    int
	}{{"training.csv", nTraining}, {"disciplinary.csv", nDisc}} {
		err = write(x.name, "organisation_code,year,person_id,ethnic_category", x.n, func(w *bufio.Writer, i int) {
			o, p := person(i, x.n)
			fmt.Fprintf(w, "%s,%d,P%08d,%s\n", o, year, p, staffEth[p])
		})
		if err != nil {
			return err
		}
	}
	return write("board.csv", "organisation_code,year,person_id,ethnic_category,voting,executive", nOrgs*nBoard, func(w *bufio.Writer, i int) {
		fmt.Fprintf(w, "%s,%d,B%06d,%s,%s,%s\n", orgCode(i/nBoard), year, i, ethnicCode(r), yn(i%nBoard < 10), yn(i%nBoard >= 5))
	})
}
