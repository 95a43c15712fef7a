package web

// The chief executive's letter that network work is a corporate duty:
// staffnet drafts it with the organisation's name, the organisation's
// admin or a network's lead changes it, prints it, and records who sent
// it and when. The letter is shown as formatted text (safe Markdown) and
// prints on its own: everything else on the page is marked noprint.

import (
	"errors"
	"net/http"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

type dutyView struct {
	formState
	Org, Code string
	Acc       auth.OrgWorkRights
	Letter    *network.DutyLetter // as stored, nil until saved
	Body      string              // the text on screen and in the form
	SentBy    string
	SentOn    string
	Saved     string
}

// dutyLetter shows the letter and, sent by one of its two forms, saves
// its text (sent false) or records it as sent (sent true).
func (s *Server) dutyLetter(sent bool) func(http.ResponseWriter, *http.Request, *orgReq) {
	return func(w http.ResponseWriter, r *http.Request, q *orgReq) {
		ctx := r.Context()
		stored, err := s.db.DutyLetter(ctx, q.Org.Code)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.serverError(w, r, err)
			return
		}
		l := network.DutyLetter{OrgCode: q.Org.Code, Body: network.DutyLetterDraft(q.Org.Name)}
		if stored != nil {
			l = *stored
		}
		v := &dutyView{Org: q.Org.Name, Code: q.Org.Code, Acc: q.Acc, Letter: stored, SentBy: l.SentBy, SentOn: dateValue(l.SentOn)}
		if v.SentOn == "" {
			v.SentOn = dateValue(netToday())
		}
		v.Saved = map[string]string{"letter": "The letter is saved.", "sent": "The letter is recorded as sent."}[r.URL.Query().Get("saved")]
		var errs network.FieldErrors
		if r.Method == http.MethodPost {
			f := network.Form(r.PostForm)
			if sent {
				errs = network.ReadDutySentForm(f, &l, netToday())
				l.RecordedBy = q.User.Email
				v.SentBy, v.SentOn = f.Get("sent_by"), f.Get("sent_on")
			} else {
				errs = network.ReadDutyLetterForm(f, &l)
				v.Body = f.Get("body")
			}
			if len(errs) == 0 {
				if !sent || stored == nil { // the text as sent is the text saved
					l.EditedBy, l.EditedAt = q.User.Email, time.Now()
				}
				if err := s.db.SaveDutyLetter(ctx, &l); err != nil {
					s.serverError(w, r, err)
					return
				}
				saved := map[bool]string{false: "letter", true: "sent"}[sent]
				http.Redirect(w, r, "/org/"+q.Org.Code+"/corporate-duty?saved="+saved, http.StatusSeeOther)
				return
			}
		}
		if v.Body == "" {
			v.Body = l.Body
		}
		s.renderForm(w, r, "org_duty_letter", "Corporate duty letter – "+q.Org.Name, v, errs)
	}
}
