// Package web serves staffnet's pages: the anonymous survey, sign-in and
// the admin pages. Handlers are thin: they decode a request, call the
// domain and the store, and render a template.
package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/cases"
	"staffnet/internal/chart"
	"staffnet/internal/markdown"
	"staffnet/internal/metrics"
	"staffnet/internal/store"
	"staffnet/internal/wres"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config holds what a server needs.
type Config struct {
	DB  *store.DB
	Log *slog.Logger
	// MaxBody bounds a request body; 0 means 1 MiB (uploads have their own).
	MaxBody int64
	// ContactKey seals contact details until their release; every server
	// of one database needs the same. nil means a key of this process's
	// own (see Run).
	ContactKey *store.ContactKey
	// Accounts tunes sign-in protection (auth.go).
	Accounts AccountOptions
	// Mail says whether email is set up and how links in it start.
	Mail MailConfig
	// OIDC turns on sign-in through an OpenID Connect provider (oidc.go).
	OIDC OIDCConfig
	// Metrics counts requests, submissions, imports and sign-ins; nil
	// counts nothing.
	Metrics *metrics.Metrics
}

// Server is the web application. It keeps no state between requests
// beyond the database, so any number can run behind a load balancer.
type Server struct {
	db      *store.DB
	log     *slog.Logger
	maxBody int64
	pages   map[string]*template.Template
	mux     *http.ServeMux
	cache   datasets
	surveys surveyCache
	kit     *networkKit // the self-assessment, recommendation rules and six steps
	acct    *accounts   // sign-in throttling and the bound on password hashing
	mail    MailConfig
	oidc    *oidcClient // nil when sign-in through a provider is off
	// blankPages holds survey pages' questions as first shown (pageKey →
	// template.HTML); survey versions never change, so entries never go stale.
	blankPages sync.Map
	contacts   *store.ContactPool // contact details on their way to the database
	quiet      quietLog           // survey requests, counted instead of logged
	started    time.Time          // when New ran: a key of the server's own covers only what followed
	vocab      *cases.Vocab       // case studies' tags (caseRoutes)
	metrics    *metrics.Metrics
}

// New builds a server.
func New(cfg Config) (*Server, error) {
	s := &Server{db: cfg.DB, log: cfg.Log, maxBody: cfg.MaxBody, acct: newAccounts(cfg.Accounts), mail: cfg.Mail, started: time.Now(), metrics: cfg.Metrics}
	s.oidc = newOIDC(cfg.OIDC, cfg.Mail.BaseURL)
	key := cfg.ContactKey
	if key == nil {
		key = store.NewContactKey()
	}
	s.contacts = cfg.DB.NewContactPool(key)
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.maxBody == 0 {
		s.maxBody = 1 << 20
	}
	var err error
	if s.pages, err = pageTemplates(); err != nil {
		return nil, err
	}
	if s.kit, err = loadNetworkKit(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// pageTemplates parses every page once per process: the templates are
// embedded, depend on nothing a Server holds and, once parsed, are safe to
// execute from many goroutines, so every Server in a process shares them.
// Each page is a clone of one parse of the layout and the shared partials.
var pageTemplates = sync.OnceValues(func() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(funcs).Funcs(fieldFuncs).Funcs(textFuncs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html")
	if err == nil {
		base, err = chart.Template(base) // {{template "chart" .}}: internal/chart's one bar chart
	}
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" || strings.HasPrefix(name, "_") {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			t, err = t.ParseFS(templateFS, n)
		}
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", n, err)
		}
		pages[name] = t
	}
	return pages, nil
})

var funcs = template.FuncMap{
	"highlight": highlight, "caseLinks": caseLinks,
	"plain": markdown.Plain, // Markdown as a line of plain text (a summary in a list)
	"add":   func(a, b int) int { return a + b },
	"asset": func(name string) (string, error) { return staticAssets().url(name) },
}

func (s *Server) routes() {
	m := http.NewServeMux()
	assets := staticAssets()
	m.HandleFunc("GET /static/{version}/{path...}", assets.serveVersioned)
	m.HandleFunc("GET /assets/", assets.servePlain)
	m.HandleFunc("GET /js/", assets.servePlain)
	m.HandleFunc("GET /css/", assets.servePlain)
	m.HandleFunc("GET /healthz", s.health)
	m.HandleFunc("GET /{$}", s.withSession(s.home))
	m.HandleFunc("GET /privacy", s.withSession(s.static("privacy", "How staffnet handles your answers")))
	m.HandleFunc("GET /accessibility", s.withSession(s.static("accessibility", "Accessibility statement")))

	m.HandleFunc("GET /s/{slug}", s.surveyStart)
	m.HandleFunc("POST /s/{slug}", s.surveyStep)
	m.HandleFunc("GET /s/{slug}/done", s.surveyDone)
	m.HandleFunc("POST /s/{slug}/contact", s.surveyContact)
	m.HandleFunc("GET /s/{slug}/contact/saved", s.surveyContactSaved)

	m.HandleFunc("GET /login", s.withSession(s.loginForm))
	m.HandleFunc("POST /login", s.login)
	m.HandleFunc("POST /logout", s.logout)
	m.HandleFunc("GET /setup/{token}", s.setupForm)
	m.HandleFunc("POST /setup/{token}", s.setup)

	m.Handle("GET /admin", s.need(analyst, s.adminHome))
	m.Handle("POST /admin/surveys/{slug}/open", s.need(admin, s.adminSetOpen(true)))
	m.Handle("POST /admin/surveys/{slug}/close", s.need(admin, s.adminSetOpen(false)))
	m.Handle("GET /admin/surveys/{slug}/export.csv", s.need(analyst, s.adminExport("csv")))
	m.Handle("GET /admin/surveys/{slug}/export.xlsx", s.need(analyst, s.adminExport("xlsx")))
	m.Handle("GET /admin/surveys/{slug}/findings", s.need(analyst, s.findings))
	m.Handle("GET /admin/surveys/{slug}/comments/{question}", s.need(analyst, s.findingsComments))
	m.Handle("POST /admin/surveys/{slug}/publish", s.need(admin, s.findingsPublish))
	m.Handle("POST /findings/{id}/unpublish", s.need(admin, s.unpublish))
	m.HandleFunc("GET /findings", s.publishedList)
	m.HandleFunc("GET /findings/{id}", s.published)
	// Free text: the codebook, coding, agreement and the quote bank.
	text := func(right func(auth.TextRights) bool, h http.HandlerFunc) http.Handler {
		return s.need(analyst, s.textRight(right, h))
	}
	code := func(t auth.TextRights) bool { return t.Code }
	m.Handle("GET /admin/surveys/{slug}/text", text(code, s.textCodebook))
	m.Handle("POST /admin/surveys/{slug}/text", text(code, s.textCodebookImport))
	m.Handle("GET /admin/surveys/{slug}/text/codebook.csv", text(code, s.textDownload("codebook")))
	m.Handle("GET /admin/surveys/{slug}/text/coded.csv", text(code, s.textDownload("coded")))
	m.Handle("GET /admin/surveys/{slug}/text/{question}/code", text(code, s.textCode))
	m.Handle("POST /admin/surveys/{slug}/text/{question}/code", text(code, s.textCodeSave))
	m.Handle("GET /admin/surveys/{slug}/text/{question}/agreement", text(code, s.textAgreement))
	m.Handle("GET /admin/surveys/{slug}/text/{question}/quotes", text(code, s.textQuotes))
	m.Handle("POST /admin/surveys/{slug}/text/{question}/quotes", text(func(t auth.TextRights) bool { return t.Quote }, s.textQuoteApprove))
	m.Handle("GET /maturity", s.signedIn(s.maturityPage)) // who sees what: auth.MaturityAccess
	m.Handle("GET /wres", s.signedIn(s.wresIndex))
	m.Handle("GET /wres/org/{code}", s.signedIn(s.wresOrg))
	m.Handle("GET /wres/region/{code}", s.signedIn(s.wresArea(wres.ScopeRegion)))
	m.Handle("GET /wres/national", s.signedIn(s.wresArea(wres.ScopeNational)))
	m.Handle("GET /wres/upload", s.signedIn(s.wresUploadForm))
	m.Handle("GET /wres/template.csv", s.signedIn(s.wresTemplate("csv")))
	m.Handle("GET /wres/template.xlsx", s.signedIn(s.wresTemplate("xlsx")))
	m.Handle("GET /wres/codes.csv", s.signedIn(s.wresTemplate("codes")))
	m.Handle("POST /wres/upload", bodyLimit{wresUploadLimit, s.wresUploadRoute()})
	s.directoryRoutes(m)
	s.networkRoutes(m)
	s.orgWorkRoutes(m) // an organisation's WRES action plan and corporate-duty letter
	s.accountRoutes(m)
	s.eventRoutes(m)
	s.memberRoutes(m)
	s.caseRoutes(m)
	s.oidcRoutes(m)
	s.inviteRoutes(m)
	s.timeRoutes(m)
	s.budgetRoutes(m)
	s.consultRoutes(m)
	s.benefitRoutes(m)
	// Any other path gets the styled 404 page: the mux's own plain-text
	// reply has no title or language, which fails WCAG 2.4.2 and 3.1.1.
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.error(w, r, http.StatusNotFound, "")
	})
	s.mux = m
}

// Handler returns the application with its middleware: panic recovery,
// security headers, request logging without client addresses or bodies,
// cross-origin request protection and body limits.
func (s *Server) Handler() http.Handler {
	var h http.Handler = s.mux
	h = s.limitBody(h)
	cop := http.NewCrossOriginProtection()
	// RFC 8058: mail systems post the one-click unsubscribe from their own
	// servers; the token in the path protects it (see unsubscribe).
	cop.AddInsecureBypassPattern("POST /unsubscribe/{token}")
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.error(w, r, http.StatusForbidden, "This form was sent from another website, so it was not accepted. Go back, reload the page and try again.")
	}))
	h = cop.Handler(h)
	h = s.logRequests(h)
	h = secureHeaders(h, strings.HasPrefix(s.mail.BaseURL, "https://"))
	h = s.recover(h)
	return h
}

// bodyLimit is a route that sets its own request body limit, which
// limitBody applies instead of the server's.
type bodyLimit struct {
	max int64
	http.Handler
}

func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := s.maxBody
		if h, _ := s.mux.Handler(r); h != nil {
			if bl, ok := h.(bodyLimit); ok {
				limit = bl.max
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// secureHeaders sets the headers every answer carries. hsts: the site's
// public address is https, so browsers are told to keep to it even when a
// proxy in front ends TLS and the request reaches serve in plain HTTP.
func secureHeaders(next http.Handler, hsts bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; font-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if hsts || r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// logRequests logs the route pattern (so tokens in paths never reach the
// log), status, size and duration. Client addresses, user agents, query
// strings and bodies are never logged. The survey's own routes are not
// logged one by one at all: each line carries a time, and the times of a
// submission and of contact details would pair them. They are counted,
// and Run logs the day's counts.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "(no route)"
		}
		if !contactRoute(route) {
			s.metrics.Request(route, sw.status, time.Since(start))
		}
		if surveyRoute(route) {
			s.quiet.count(route, sw.status)
			return
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("route", route),
			slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
			slog.Duration("took", time.Since(start)))
	})
}

func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "route", r.Pattern, "value", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.error(w, r, http.StatusInternalServerError, "")
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// page is what every template gets.
type page struct {
	Title   string
	Section string // the header link the page comes under (navSection); render sets it
	User    *store.User
	CSRF    string
	Errors  []fieldError // for the error summary
	Data    any
	Message string
}

type fieldError struct {
	Href, Text string
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	t := s.pages[name]
	if t == nil {
		panic("web: no template " + name)
	}
	if sess := sessionFrom(r.Context()); sess != nil && p.User == nil {
		p.User = &sess.User
		p.CSRF = sess.CSRF
	}
	if p.Section == "" {
		p.Section = navSection(r.URL.Path)
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, "Sorry, something went wrong.", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len())) // one write, not chunks
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// error renders a plain error page. An empty message means a generic one.
func (s *Server) error(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if msg == "" {
		msg = "Sorry, something went wrong. Please try again later."
		if status == http.StatusNotFound {
			msg = "Page not found. If you typed the web address, check it is correct."
		}
	}
	s.render(w, r, status, "error", page{Title: http.StatusText(status), Message: msg})
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	s.log.Error("request failed", "route", r.Pattern, "err", err)
	s.error(w, r, http.StatusInternalServerError, "")
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Cache-Control", "no-store")
	if err := s.db.Ping(ctx); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ok\n"))
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.ListSurveys(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var open []*store.Survey
	for _, sv := range list {
		if sv.Open {
			open = append(open, sv)
		}
	}
	s.render(w, r, http.StatusOK, "home", page{Title: "staffnet", Data: open})
}

func (s *Server) static(name, title string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, name, page{Title: title})
	}
}
