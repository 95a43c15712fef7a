package web

// Small answers that many handlers give the same way: a lookup that found
// nothing, a database call that failed, a page made from one list, a
// record saved as new or changed. Each handler keeps its own decisions
// (what is missing, where to go next); these only say them once.

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"staffnet/internal/store"
)

// found reports whether a lookup's err is nil. Otherwise it has answered
// the request: 404 when the store has no such thing, 500 for any other
// error.
func (s *Server) found(w http.ResponseWriter, r *http.Request, err error) bool {
	return s.foundOr(w, r, err, http.StatusNotFound, "")
}

// foundOr is found with the status and message for a thing the store does
// not have, such as 410 for a link that has been used.
func (s *Server) foundOr(w http.ResponseWriter, r *http.Request, err error, status int, msg string) bool {
	switch {
	case err == nil:
		return true
	case errors.Is(err, store.ErrNotFound):
		s.error(w, r, status, msg)
	default:
		s.serverError(w, r, err)
	}
	return false
}

// done reports whether err is nil; otherwise it has answered 500.
func (s *Server) done(w http.ResponseWriter, r *http.Request, err error) bool {
	if err != nil {
		s.serverError(w, r, err)
		return false
	}
	return true
}

// admit reports whether a request about a thing may go on: one the
// account may not see gets 404, so that ids reveal nothing, and one it
// may see but not act on so gets 403 with msg.
func (s *Server) admit(w http.ResponseWriter, r *http.Request, see, act bool, msg string) bool {
	switch {
	case !see:
		s.error(w, r, http.StatusNotFound, "")
	case !act:
		s.error(w, r, http.StatusForbidden, msg)
	default:
		return true
	}
	return false
}

// afterSave answers a form whose change (a save or a delete) returned
// err: 500 if it failed, otherwise a redirect to the page at to (which
// may say what was saved), so that reloading it does not send the form
// again.
func (s *Server) afterSave(w http.ResponseWriter, r *http.Request, err error, to string) {
	if s.done(w, r, err) {
		http.Redirect(w, r, to, http.StatusSeeOther)
	}
}

// pathID is the positive number in the request's path value named key;
// false for one that is missing or malformed.
func pathID(r *http.Request, key string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(key), 10, 64)
	return id, err == nil && id > 0
}

// loadByPath loads with load the item whose id is the path's value named
// key. A missing, malformed or unknown id gets 404 and any other failure
// 500; false means the error page is written.
func loadByPath[T any](s *Server, w http.ResponseWriter, r *http.Request, key string, load func(context.Context, int64) (T, error)) (T, bool) {
	var zero T
	id, ok := pathID(r, key)
	if !ok {
		s.error(w, r, http.StatusNotFound, "")
		return zero, false
	}
	v, err := load(r.Context(), id)
	if !s.found(w, r, err) {
		return zero, false
	}
	return v, true
}

// renderLoaded renders the template name, titled title, with what load
// returns, or answers 500 when it fails: the page of one list.
func renderLoaded[T any](s *Server, w http.ResponseWriter, r *http.Request, name, title string, load func(context.Context) (T, error)) {
	v, err := load(r.Context())
	if s.done(w, r, err) {
		s.render(w, r, http.StatusOK, name, page{Title: title, Data: v})
	}
}

// createOrUpdate is create for a record not yet stored and update for
// one that is: the save of a form that adds and changes.
func createOrUpdate[T any](isNew bool, create, update func(context.Context, T) error) func(context.Context, T) error {
	if isNew {
		return create
	}
	return update
}
