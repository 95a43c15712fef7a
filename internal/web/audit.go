package web

import (
	"net/http"
	"strconv"
	"time"

	"staffnet/internal/csvsafe"
	"staffnet/internal/store"
)

const auditPageSize = 50

type auditView struct {
	Entries     []store.AuditEntry
	Page, Pages int
	Total       int
	Pager       pager
}

// auditLog shows the audit log, newest first, a page at a time. There is
// no route that changes it.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	n := 1
	if p := r.URL.Query().Get("page"); p != "" {
		var err error
		if n, err = strconv.Atoi(p); err != nil || n < 1 {
			s.error(w, r, http.StatusBadRequest, "There is no such page of the audit log.")
			return
		}
	}
	total, err := s.db.CountAudit(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &auditView{Page: n, Total: total, Pages: pageCount(total, auditPageSize)}
	if n > v.Pages {
		s.error(w, r, http.StatusNotFound, "There is no such page of the audit log.")
		return
	}
	if v.Entries, err = s.db.AuditPage(r.Context(), (n-1)*auditPageSize, auditPageSize); err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Pager = newPager("Pagination", n, v.Pages, func(p int) string { return "/admin/audit?page=" + strconv.Itoa(p) }, "Newer entries", "Older entries")
	s.render(w, r, http.StatusOK, "audit", page{Title: "Audit log", Data: v})
}

// auditCSV downloads the whole audit log, oldest first.
func (s *Server) auditCSV(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="staffnet-audit-`+time.Now().UTC().Format("2006-01-02")+`.csv"`)
	// csvsafe: an email address typed as =HYPERLINK(…)@x.org stays text
	// when the log is opened in a spreadsheet.
	cw := csvsafe.NewWriter(w)
	cw.Write([]string{"time_utc", "actor", "action", "target", "detail"})
	err := s.db.EachAudit(r.Context(), func(e store.AuditEntry) error {
		return cw.Write([]string{e.At.UTC().Format(time.RFC3339), e.Actor, e.Action, e.Target, e.Detail})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if err != nil {
		// Headers are gone; the truncated download is the signal.
		s.log.Error("audit download failed", "err", err)
	}
}
