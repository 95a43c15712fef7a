package survey

// Progress says where page p stands on the route of the respondent who
// gave r: n is its position among the pages shown so far, and the route
// has between lo and hi pages. Routing questions on p or after it are
// still open (the respondent may answer or change them), so lo counts the
// pages shown if they stay unanswered, and hi the most pages any answers
// to them could show. lo == hi means the count cannot change.
//
// Pages before p depend only on earlier questions, so n never changes
// as the respondent goes on.
func (d *Definition) Progress(r *Response, p *Page) (n, lo, hi int) {
	at := -1
	for i := range d.Pages {
		if &d.Pages[i] == p || d.Pages[i].ID == p.ID {
			at = i
			break
		}
	}
	for i := 0; i < at; i++ {
		if d.PageVisible(r, &d.Pages[i]) {
			n++
		}
	}
	n++ // p itself, which is being shown

	// The routing questions still open, from p on.
	var open []*Question
	seen := map[*Question]bool{}
	fromP := map[*Question]bool{}
	for i := at; i >= 0 && i < len(d.Pages); i++ {
		for j := range d.Pages[i].Questions {
			fromP[d.byID[d.Pages[i].Questions[j].ID]] = true
		}
	}
	for _, q := range d.questions {
		if q.ShowIf == nil {
			continue
		}
		dep := d.byID[q.ShowIf.Question]
		if fromP[dep] && !seen[dep] {
			seen[dep] = true
			open = append(open, dep)
		}
	}

	try := &Response{Slots: append([]uint64(nil), r.Slots...), Texts: r.Texts}
	after := func() int {
		c := 0
		for i := at + 1; i < len(d.Pages); i++ {
			if d.PageVisible(try, &d.Pages[i]) {
				c++
			}
		}
		return c
	}
	for _, q := range open {
		try.Slots[q.slot] = 0
	}
	lo = n + after()

	// A condition matches any chosen code, so a multiple choice question
	// shows the most when every option is chosen. A single choice question
	// can route each option differently: try them all, together with the
	// other single choice questions' options, unless that is too many
	// combinations, when each question in turn keeps its best option.
	var singles []*Question
	combos := 1
	for _, q := range open {
		if q.Type == Multiple {
			try.Slots[q.slot] = 1<<uint(len(q.Options)) - 1
		} else {
			singles = append(singles, q)
			combos *= len(q.Options)
			if combos > maxRouteCombos {
				combos = maxRouteCombos + 1
			}
		}
	}
	best := after()
	if combos <= maxRouteCombos {
		var walk func(k int)
		walk = func(k int) {
			if k == len(singles) {
				best = max(best, after())
				return
			}
			q := singles[k]
			for v := range len(q.Options) {
				try.Slots[q.slot] = uint64(v + 1)
				walk(k + 1)
			}
		}
		walk(0)
	} else {
		for _, q := range singles {
			keep := uint64(0)
			for v := range len(q.Options) {
				try.Slots[q.slot] = uint64(v + 1)
				if c := after(); c > best || keep == 0 {
					best, keep = max(best, c), uint64(v+1)
				}
			}
			try.Slots[q.slot] = keep
		}
	}
	hi = n + best
	return n, lo, hi
}

// maxRouteCombos bounds the answers Progress tries for a page.
const maxRouteCombos = 256
