package web

import "net/http"

// auditMemberExport records in the audit log that an account exported a
// network's member list, and why.
func (s *Server) auditMemberExport(r *http.Request, q *netReq, purpose string) error {
	s.log.Info("audit: member list exported", "actor", q.User.Email, "network", q.Net.ID, "purpose", purpose)
	return nil
}
