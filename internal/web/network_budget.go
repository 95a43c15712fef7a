package web

// A network's budget for a financial year: money allocated by source,
// spend lines by category and the balance, with CSV, XLSX and JSON
// downloads of the same figures.

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"staffnet/internal/auth"
	"staffnet/internal/budget"
	"staffnet/internal/network"
	"staffnet/internal/pay"
	"staffnet/internal/sheet"
)

func (s *Server) budgetRoutes(m *http.ServeMux) {
	n := netRouter{s, m}
	n.page("/budget", auth.EditNetwork, s.netBudget)
	n.post("/budget/{line}/delete", auth.EditNetwork, s.netBudgetDelete)
	n.get("/budget/download/{format}", auth.ReadNetwork, s.netBudgetDownload)
}

type budgetView struct {
	netPage
	yearNav
	Year         string
	Sum          budget.Summary
	Lines        []budget.Line
	Form         budget.Line
	Amount, Date string
	Kinds, Cats  []Option
	// The summary for people: each total as money, and the lines of the
	// allocations by source and the spending by category.
	Allocated, Spent, Balance string
	Overspent                 bool
	BySource, ByCategory      [][2]string
}

func (s *Server) netBudget(w http.ResponseWriter, r *http.Request, q *netReq) {
	y, _, _ := financialYear(r)
	v := &budgetView{netPage: q.pageFor(r, "budget"), yearNav: yearNavOf(y), Year: pay.YearLabel(y)}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		v.Form, errs = budget.ReadLineForm(network.Form(r.PostForm))
		if len(errs) == 0 {
			v.Form.NetworkID = q.Net.ID
			s.afterSave(w, r, s.db.AddBudgetLine(r.Context(), &v.Form), fmt.Sprintf("%s/budget?year=%d&saved=budget", q.Base, v.Form.Year()))
			return
		}
		v.Amount, v.Date = r.PostFormValue("amount"), r.PostFormValue("date")
	}
	lines, err := s.db.BudgetLines(r.Context(), q.Net.ID, y)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Lines, v.Sum = lines, budget.Summarise(y, lines)
	v.Kinds = choices(string(v.Form.Kind), string(budget.Allocation), "Money allocated to the network", string(budget.Spend), "Money spent")
	v.Cats = []Option{{Value: "", Label: "Select one"}}
	for _, c := range append(append([]string{}, budget.Sources...), budget.Categories...) {
		prefix := "Spent on: "
		if slices.Contains(budget.Sources, c) {
			prefix = "From: "
		}
		v.Cats = append(v.Cats, Option{Value: c, Label: prefix + budget.Label(c), Checked: c == v.Form.Category})
	}
	v.Allocated, v.Spent, v.Balance, v.Overspent = pay.Money(v.Sum.Allocated), pay.Money(v.Sum.Spent), pay.Money(v.Sum.Balance), v.Sum.Balance < 0
	for _, t := range v.Sum.BySource {
		if t.Amount != 0 {
			v.BySource = append(v.BySource, [2]string{t.Label, pay.Money(t.Amount)})
		}
	}
	for _, t := range v.Sum.ByCategory {
		v.ByCategory = append(v.ByCategory, [2]string{t.Label, pay.Money(t.Amount)})
	}
	s.renderForm(w, r, "network_budget", "Budget "+v.Year+" – "+q.Net.Name, v, errs)
}

func (s *Server) netBudgetDelete(w http.ResponseWriter, r *http.Request, q *netReq) {
	s.deleteRecord(w, r, q, "line", s.db.DeleteBudgetLine, "/budget?year="+r.URL.Query().Get("year")+"&saved=budget-deleted")
}

// deleteRecord removes the record whose id is the path's {key} from the
// request's network with del, then goes to the network's page at then; a
// record of another network, or none, is a 404.
func (s *Server) deleteRecord(w http.ResponseWriter, r *http.Request, q *netReq, key string, del func(ctx context.Context, networkID, id int64) error, then string) {
	id, _ := pathID(r, key) // a malformed id finds nothing to delete
	if s.found(w, r, del(r.Context(), q.Net.ID, id)) {
		http.Redirect(w, r, q.Base+then, http.StatusSeeOther)
	}
}

// budgetFigures is a network's year as the downloads hold it.
func (s *Server) budgetFigures(r *http.Request, netID int64, y int) (budget.Summary, []budget.Line, error) {
	lines, err := s.db.BudgetLines(r.Context(), netID, y)
	return budget.Summarise(y, lines), lines, err
}

func (s *Server) netBudgetDownload(w http.ResponseWriter, r *http.Request, q *netReq) {
	y, _, _ := financialYear(r)
	sum, lines, err := s.budgetFigures(r, q.Net.ID, y)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.download(w, r, fmt.Sprintf("budget-%d-%d", q.Net.ID, y), r.PathValue("format"),
		sheetFormats(budget.ReportOf(q.Net.ID, sum, lines), sheet.Table{Name: "Budget", Header: budget.Header, Rows: budget.Rows(sum, lines)}))
}
