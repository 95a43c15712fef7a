package web

// Joining a network and looking after one's own membership, without an
// account: staff join from the network's public page, confirm their email
// by a one-time link, and later see, change or delete their membership by
// a personal link sent to them. Every token is random (auth.NewToken) and
// only its hash is stored. Links in emails open a page with a button: the
// change happens on the POST, so mail scanners that fetch links change
// nothing.
//
// Membership is special category data (internal/members); nothing on
// these pages says whether an email address belongs to a member: joining
// twice and asking for a link for an unknown address both end at "Check
// your email".

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/members"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// confirmTTL is how long a link to confirm a sign-up works.
const confirmTTL = 7 * 24 * time.Hour

// MailConfig is how the server's pages treat email.
type MailConfig struct {
	// On: an SMTP server is configured. Without one, mail still queues in
	// the outbox and goes when one is; pages say so.
	On bool
	// BaseURL starts every link in an email, like https://staffnet.trust.nhs.uk.
	BaseURL string
}

func (s *Server) memberRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /networks/{id}/join", s.joinForm)
	m.HandleFunc("POST /networks/{id}/join", s.join)
	m.HandleFunc("GET /networks/{id}/join/{token}", s.confirmPage)
	m.HandleFunc("POST /networks/{id}/join/{token}", s.confirm)
	m.HandleFunc("GET /networks/{id}/membership", s.manageLinkForm)
	m.HandleFunc("POST /networks/{id}/membership", s.manageLink)
	m.HandleFunc("GET /membership/{token}", s.manage)
	m.HandleFunc("POST /membership/{token}", s.manage)
	m.HandleFunc("POST /membership/{token}/delete", s.leave)
	s.memberEventRoutes(m)
	m.HandleFunc("GET /unsubscribe/{token}", s.unsubscribePage)
	m.HandleFunc("POST /unsubscribe/{token}", s.unsubscribe)
}

// link is an absolute URL for an email.
func (s *Server) link(path string) string { return strings.TrimRight(s.mail.BaseURL, "/") + path }

// noticeView is a short page: a heading, paragraphs and perhaps a button.
type noticeView struct {
	Heading string
	Lines   []string
	Action  string // the button's form posts here; "" for no button
	Button  string
	Warning bool // the button is a warning (red)
	Back    string
	// Link, if set, is a button-styled link to LinkText (another site's page).
	Link, LinkText string
}

func (s *Server) notice(w http.ResponseWriter, r *http.Request, status int, v *noticeView) {
	s.render(w, r, status, "networks_notice", page{Title: v.Heading, Data: v})
}

// joinView is the join form.
type joinView struct {
	formState
	Net     apiNetwork
	Title   string // the network's name, or its type and organisation
	Consent string
	MailOff bool
	Form    members.Member
	Ally    string // "yes", "no" or "" as the form last had it
}

// joinable loads the {id} network for the join pages: it must exist, be
// open and take members.
func (s *Server) joinable(w http.ResponseWriter, r *http.Request) (*store.NetworkEntry, members.Settings, bool) {
	e := s.loadNetwork(w, r)
	if e == nil {
		return nil, members.Settings{}, false
	}
	set, err := s.db.MemberSettings(r.Context(), e.ID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, set, false
	}
	if !set.Accepts || e.Status == network.StatusClosed {
		s.error(w, r, http.StatusNotFound, "This network does not take members through staffnet. Its public page says how to get in touch.")
		return nil, set, false
	}
	return e, set, true
}

func (s *Server) joinForm(w http.ResponseWriter, r *http.Request) {
	e, set, ok := s.joinable(w, r)
	if !ok {
		return
	}
	v := &joinView{Net: networkView(e, auth.NetworkRights{ViewPublic: true}), Consent: set.ConsentText, MailOff: !s.mail.On}
	v.Title = v.Net.title()
	s.renderForm(w, r, "networks_join", "Join "+v.Net.title(), v, nil)
}

func (a apiNetwork) title() string {
	if a.Name != "" {
		return a.Name
	}
	return a.TypeLabel + " network, " + a.OrgName
}

func (s *Server) join(w http.ResponseWriter, r *http.Request) {
	e, set, ok := s.joinable(w, r)
	if !ok {
		return
	}
	now := time.Now()
	r.ParseForm() // a body too large or malformed reads as empty: errors below
	m, errs := members.ReadJoinForm(network.Form(r.PostForm), set.ConsentText, now)
	if len(errs) > 0 {
		v := &joinView{Net: networkView(e, auth.NetworkRights{ViewPublic: true}), Consent: set.ConsentText, MailOff: !s.mail.On,
			Form: m, Ally: r.PostFormValue("ally")}
		v.Title = v.Net.title()
		v.Form.Email = r.PostFormValue("email")
		s.renderForm(w, r, "networks_join", "Join "+v.Net.title(), v, errs)
		return
	}
	m.NetworkID = e.ID
	name := networkView(e, auth.NetworkRights{ViewPublic: true}).title()
	confirm, manage := auth.NewToken(), auth.NewToken()
	_, err := s.db.JoinNetwork(r.Context(), &m, auth.HashToken(confirm), auth.HashToken(manage), now.Add(confirmTTL), now, func(st store.JoinState) *store.Mail {
		if st == store.JoinConfirmed {
			return &store.Mail{Kind: "manage", NetworkID: e.ID, To: m.Email, Subject: "Your membership of " + name,
				Text: fmt.Sprintf("Someone, probably you, asked to join %s with this email address. You are already a member.\n\n"+
					"See, change or delete your membership: %s\n\nIf this was not you, you can ignore this email.\n", name, s.link("/membership/"+manage))}
		}
		return &store.Mail{Kind: "confirm", NetworkID: e.ID, To: m.Email, Subject: "Confirm that you want to join " + name,
			Text: fmt.Sprintf("Hello %s,\n\nTo join %s, confirm your email address by opening this link within 7 days:\n\n%s\n\n"+
				"If you did not ask to join, ignore this email and nothing is kept: the sign-up is deleted when the link expires.\n",
				m.Name, name, s.link(fmt.Sprintf("/networks/%d/join/%s", e.ID, confirm)))}
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.notice(w, r, http.StatusOK, s.checkEmail(m.Email, "We have sent a link to confirm that you want to join. Open it within 7 days to finish joining."))
}

// checkEmail is the page after a sign-up or a request for a manage link:
// the same whatever the database held.
func (s *Server) checkEmail(to, what string) *noticeView {
	v := &noticeView{Heading: "Check your email", Lines: []string{"If " + to + " can be sent one, we have sent it an email. " + what}}
	if !s.mail.On {
		v.Lines = append(v.Lines, "Email is not set up on this staffnet yet, so the email is waiting in the outbox. It will be sent once an administrator sets up email.")
	}
	return v
}

func (s *Server) confirmPage(w http.ResponseWriter, r *http.Request) {
	s.notice(w, r, http.StatusOK, &noticeView{Heading: "Confirm your membership", Lines: []string{"Select the button to confirm your email address and join the network."},
		Action: r.URL.Path, Button: "Confirm and join"})
}

func (s *Server) confirm(w http.ResponseWriter, r *http.Request) {
	manage := auth.NewToken()
	now := time.Now()
	var name string
	_, err := s.db.ConfirmMember(r.Context(), auth.HashToken(r.PathValue("token")), auth.HashToken(manage), now, func(m *members.Member) *store.Mail {
		e, err := s.db.Network(r.Context(), m.NetworkID)
		if err == nil {
			name = networkView(e, auth.NetworkRights{ViewPublic: true}).title()
		}
		return &store.Mail{Kind: "manage", NetworkID: m.NetworkID, To: m.Email, Subject: "Welcome to " + name,
			Text: fmt.Sprintf("Hello %s,\n\nYou are now a member of %s.\n\nKeep this email: this link lets you see, change or delete your membership at any time:\n\n%s\n",
				m.Name, name, s.link("/membership/"+manage))}
	})
	if errors.Is(err, store.ErrNotFound) {
		s.notice(w, r, http.StatusGone, &noticeView{Heading: "This link has expired or been used",
			Lines: []string{"Links to confirm a membership work once, for 7 days. If you are not a member yet, join again from the network's page."},
			Back:  "/networks/" + r.PathValue("id")})
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.notice(w, r, http.StatusOK, &noticeView{Heading: "You have joined " + name,
		Lines: []string{"We have emailed you a personal link to see, change or delete your membership. Keep that email."}})
}

type manageLinkView struct {
	formState
	NetID int64
	Email string
}

func (s *Server) manageLinkForm(w http.ResponseWriter, r *http.Request) {
	e := s.loadNetwork(w, r)
	if e == nil {
		return
	}
	s.renderForm(w, r, "networks_membership", "Your membership", &manageLinkView{NetID: e.ID}, nil)
}

func (s *Server) manageLink(w http.ResponseWriter, r *http.Request) {
	e := s.loadNetwork(w, r)
	if e == nil {
		return
	}
	email, err := members.CheckEmail(r.PostFormValue("email"))
	if err != nil {
		s.renderForm(w, r, "networks_membership", "Your membership", &manageLinkView{NetID: e.ID, Email: r.PostFormValue("email")},
			network.FieldErrors{{Field: "email", Message: err.Error()}})
		return
	}
	manage := auth.NewToken()
	name := networkView(e, auth.NetworkRights{ViewPublic: true}).title()
	_, err = s.db.RequestManageLink(r.Context(), e.ID, email, auth.HashToken(manage), time.Now(), func(m *members.Member) *store.Mail {
		return &store.Mail{Kind: "manage", NetworkID: e.ID, To: m.Email, Subject: "Your membership of " + name,
			Text: fmt.Sprintf("Hello %s,\n\nThis link lets you see, change or delete your membership of %s. It replaces any link sent before:\n\n%s\n",
				m.Name, name, s.link("/membership/"+manage))}
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.notice(w, r, http.StatusOK, s.checkEmail(email, "If that address belongs to a member, the email holds a new link to see, change or delete the membership."))
}

// manageView is a member's own page.
type manageView struct {
	formState
	Action  string
	Network string
	M       members.Member
	Ally    string
	Saved   bool
	Events  []memberEvent // the network's upcoming events, to sign up for
	Signed  string        // "up" or "off" after a sign-up or a cancelled place
}

// member finds the member of a manage link, or answers for a dead link.
func (s *Server) member(w http.ResponseWriter, r *http.Request) *members.Member {
	m, err := s.db.MemberByManage(r.Context(), auth.HashToken(r.PathValue("token")))
	if errors.Is(err, store.ErrNotFound) {
		s.notice(w, r, http.StatusNotFound, &noticeView{Heading: "This link no longer works",
			Lines: []string{"A membership link stops working when a newer one is sent or the membership is deleted. Ask for a new link from the network's page."}})
		return nil
	}
	if !s.done(w, r, err) {
		return nil
	}
	return m
}

func (s *Server) manage(w http.ResponseWriter, r *http.Request) {
	m := s.member(w, r)
	if m == nil {
		return
	}
	v, err := s.newManageView(r, m, r.URL.Path)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		r.ParseForm()
		if errs = members.ReadChangeForm(network.Form(r.PostForm), &v.M); len(errs) == 0 {
			s.afterSave(w, r, s.db.UpdateMember(r.Context(), &v.M, time.Now()), r.URL.Path+"?saved=1")
			return
		}
		v.Ally = r.PostFormValue("ally")
		v.M.Name, v.M.Site, v.M.StaffGroup = r.PostFormValue("name"), r.PostFormValue("site"), r.PostFormValue("staff_group")
		v.M.MessagesOff = r.PostFormValue("messages") == "off"
	}
	s.renderForm(w, r, "networks_manage", "Your membership of "+v.Network, v, errs)
}

// newManageView is member m's own page, whose forms post to action.
func (s *Server) newManageView(r *http.Request, m *members.Member, action string) (*manageView, error) {
	e, err := s.db.Network(r.Context(), m.NetworkID)
	if err != nil {
		return nil, err
	}
	v := &manageView{Action: action, Network: networkView(e, auth.NetworkRights{ViewPublic: true}).title(), M: *m,
		Saved: r.URL.Query().Get("saved") == "1", Signed: r.URL.Query().Get("signed")}
	v.Ally = "no"
	if m.Ally {
		v.Ally = "yes"
	}
	v.Events, err = s.memberEvents(r, m, action)
	return v, err
}

// renderManage shows member m's page with errs, as after a refused sign-up.
func (s *Server) renderManage(w http.ResponseWriter, r *http.Request, m *members.Member, action string, errs network.FieldErrors) {
	v, err := s.newManageView(r, m, action)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderForm(w, r, "networks_manage", "Your membership of "+v.Network, v, errs)
}

func (s *Server) leave(w http.ResponseWriter, r *http.Request) {
	m := s.member(w, r)
	if m == nil {
		return
	}
	if r.URL.Query().Get("confirm") != "yes" {
		s.notice(w, r, http.StatusOK, &noticeView{Heading: "Delete your membership?",
			Lines:  []string{"This deletes your name, email and the other details you gave, and every email waiting to be sent to you. It cannot be undone; you can join again later."},
			Action: r.URL.Path + "?confirm=yes", Button: "Delete my membership", Warning: true, Back: strings.TrimSuffix(r.URL.Path, "/delete")})
		return
	}
	if err := s.db.DeleteMember(r.Context(), m.ID, time.Now()); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.serverError(w, r, err)
		return
	}
	s.notice(w, r, http.StatusOK, &noticeView{Heading: "Your membership is deleted",
		Lines: []string{"We have deleted your details. The network keeps only a count of how many people joined and left each month, which names no one."},
		Back:  "/networks/" + strconv.FormatInt(m.NetworkID, 10)})
}

func (s *Server) unsubscribePage(w http.ResponseWriter, r *http.Request) {
	s.notice(w, r, http.StatusOK, &noticeView{Heading: "Unsubscribe from the network's messages",
		Lines:  []string{"You will stay a member but get no more announcements or newsletters. You can turn them back on with your membership link."},
		Action: r.URL.Path, Button: "Unsubscribe"})
}

// unsubscribe is RFC 8058's one-click unsubscribe: mail systems POST
// List-Unsubscribe=One-Click here with no cookie and no CSRF token, so
// the unguessable token in the path is the whole of its protection (the
// route is exempt from the cross-origin check in Handler). The same
// handler serves the button of unsubscribePage.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	err := s.db.Unsubscribe(r.Context(), auth.HashToken(r.PathValue("token")))
	if errors.Is(err, store.ErrNotFound) {
		s.notice(w, r, http.StatusNotFound, &noticeView{Heading: "This link does not work",
			Lines: []string{"The membership may have been deleted. Nothing has changed."}})
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.notice(w, r, http.StatusOK, &noticeView{Heading: "You are unsubscribed",
		Lines: []string{"You will get no more messages from the network. You are still a member: your membership link lets you turn messages back on or leave."}})
}

// groupOptions lists the staff groups for a select, with a blank first.
func groupOptions(sel string) []Option {
	out := []Option{{Value: "", Label: "Not given", Checked: sel == ""}}
	for _, g := range members.StaffGroups {
		out = append(out, Option{Value: g, Label: g, Checked: g == sel})
	}
	return out
}

func (v *joinView) GroupOptions() []Option   { return groupOptions(v.Form.StaffGroup) }
func (v *manageView) GroupOptions() []Option { return groupOptions(v.M.StaffGroup) }

// Messages is the messages choice as the form shows it.
func (v *manageView) Messages() string {
	if v.M.MessagesOff {
		return "off"
	}
	return "on"
}
