package report

import "fmt"

// AppendDataset adds every response of o, a dataset of the same
// definition, to ds. Loaders fill several datasets in parallel and join
// them with it.
func (ds *Dataset) AppendDataset(o *Dataset) error {
	if o.def != ds.def || o.keep != ds.keep {
		return fmt.Errorf("report: cannot join datasets of different surveys or text settings")
	}
	for i := range ds.cols {
		c, oc := &ds.cols[i], &o.cols[i]
		c.u8 = append(c.u8, oc.u8...)
		c.u16 = append(c.u16, oc.u16...)
		c.u32 = append(c.u32, oc.u32...)
		c.u64 = append(c.u64, oc.u64...)
	}
	for i, a := range ds.any {
		if a != nil {
			ds.any[i] = append(a, o.any[i]...)
		}
	}
	for i := range ds.texts {
		ds.texts[i] = append(ds.texts[i], o.texts[i]...)
	}
	for _, d := range o.day {
		ds.day = append(ds.day, ds.dayOf(o.days[d]))
	}
	ds.n += o.n
	return nil
}
