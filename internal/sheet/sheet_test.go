package sheet

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

type pence int64

func (p pence) Hundredths() int64 { return int64(p) }

func TestCSVAndXLSX(t *testing.T) {
	tb := Table{Name: "Figures", Header: []string{"what", "n", "gbp"}, Rows: [][]any{{"=cmd()", 3, pence(123456)}, {"minus", 0, pence(-5)}}}
	var b bytes.Buffer
	if err := CSV(&b, tb); err != nil {
		t.Fatal(err)
	}
	if want := "what,n,gbp\n'=cmd(),3,1234.56\nminus,0,-0.05\n"; b.String() != want {
		t.Errorf("CSV %q, want %q", b.String(), want)
	}
	b.Reset()
	if err := XLSX(&b, tb, Table{Name: "Second", Header: []string{"x"}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue("Figures", "C2"); v != "1234.56" {
		t.Errorf("C2 = %q", v)
	}
	if got := f.GetSheetList(); len(got) != 2 || got[1] != "Second" {
		t.Errorf("sheets %v", got)
	}
}
