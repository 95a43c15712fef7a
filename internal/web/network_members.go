package web

// A network's members as its leads see them (the list, the export, the
// membership settings, messages to members) and as everyone else who
// reads the network sees them: counts, with counts under 11 shown as
// "fewer than 11". Which is which is auth.NetworkRights.Members, which
// only a network's own leads have (auth/access.go).

import (
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/csvsafe"
	"staffnet/internal/markdown"
	"staffnet/internal/members"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// memberPageSize is how many members one page of the list shows.
const memberPageSize = 100

func (s *Server) networkMemberRoutes(n netRouter) {
	lead := auth.ManageMembers
	n.get("/members", auth.ReadNetwork, s.netMembers)
	n.post("/members/export", lead, s.netMembersExport)
	n.post("/members/remove", lead, s.netMemberRemove)
	n.form("/members/settings", lead, s.netMemberSettings)
	n.form("/messages", lead, s.netMessages)
	n.get("/messages/{msg}", lead, s.netMessage)
}

// membershipFigures is the membership section of the members page, the
// overview and the board summary.
type membershipFigures struct {
	Full    bool // the viewer is a lead: counts are exact, and as they are now
	Members string
	Allies  string
	Pending string
	Months  []members.FigureRow
	// AsAt is the last day of the latest whole month, which the figures
	// are of for anyone but a lead (members.Settled).
	AsAt string
}

// membership is the network's membership figures as q's viewer may see
// them, and its totals now (for the lead's list).
func (s *Server) membership(r *http.Request, q *netReq) (*membershipFigures, members.Totals, error) {
	live, ms, err := s.db.MemberFigures(r.Context(), q.Net.ID)
	if err != nil {
		return nil, live, err
	}
	full, t := q.Acc.Members, live
	fig := &membershipFigures{Full: full}
	if !full {
		var end time.Time
		ms, t, end = members.Settled(ms, live, time.Now())
		fig.AsAt = end.Format("2 January 2006")
	}
	v := members.Disclose(ms, t, full)
	fig.Members, fig.Allies = v.Members, v.Allies
	fig.Pending, fig.Months = members.Count(t.Pending, full), v.RecentRows()
	return fig, live, nil
}

type membersView struct {
	netPage
	Figures  *membershipFigures
	Settings members.Settings
	List     []members.Member
	Page     int
	Pages    int
	Pager    pager
	MailOff  bool
	membersForm
}

// membersForm is what the export or remove form sent, shown again with
// its errors.
type membersForm struct {
	Purpose     string
	RemoveEmail string
}

func (s *Server) netMembers(w http.ResponseWriter, r *http.Request, q *netReq) {
	s.renderMembers(w, r, q, membersForm{}, nil)
}

// renderMembers shows the members page with a form's values and errors.
func (s *Server) renderMembers(w http.ResponseWriter, r *http.Request, q *netReq, form membersForm, errs network.FieldErrors) {
	v, err := s.membersPage(r, q)
	if !s.done(w, r, err) {
		return
	}
	v.membersForm = form
	s.renderForm(w, r, "network_members", "Members – "+q.Net.Name, v, errs)
}

// membersPage is the members page: figures for everyone who reads the
// network, and for its leads the settings and one page of the list.
func (s *Server) membersPage(r *http.Request, q *netReq) (*membersView, error) {
	fig, t, err := s.membership(r, q)
	if err != nil {
		return nil, err
	}
	set, err := s.db.MemberSettings(r.Context(), q.Net.ID)
	if err != nil {
		return nil, err
	}
	v := &membersView{netPage: q.pageFor(r, "members"), Figures: fig, Settings: set, MailOff: !s.mail.On}
	if q.Acc.Members {
		v.Pages = pageCount(t.Members, memberPageSize)
		v.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
		v.Page = min(max(v.Page, 1), v.Pages)
		v.Pager = newPager("Pages of the member list", v.Page, v.Pages, func(p int) string { return "?page=" + strconv.Itoa(p) },
			"Page "+strconv.Itoa(v.Page-1), "Page "+strconv.Itoa(v.Page+1))
		if v.List, err = s.db.Members(r.Context(), q.Net.ID, (v.Page-1)*memberPageSize, memberPageSize); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// netMembersExport sends the member list as CSV, after recording in the
// audit log who exported it and why.
func (s *Server) netMembersExport(w http.ResponseWriter, r *http.Request, q *netReq) {
	purpose := strings.TrimSpace(r.PostFormValue("purpose"))
	if purpose == "" || len(purpose) > 500 {
		s.renderMembers(w, r, q, membersForm{Purpose: purpose},
			network.FieldErrors{{Field: "purpose", Message: "Enter why you are exporting the member list, in 500 characters or fewer"}})
		return
	}
	// The entry is written before any data leaves: no entry, no export.
	if err := s.db.Audit(r.Context(), store.AuditEntry{Actor: q.User.Email, Action: "member list exported",
		Target: fmt.Sprintf("network %d (%s)", q.Net.ID, q.Net.Name), Detail: "purpose: " + purpose}); err != nil {
		s.serverError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="network-%d-members-%s.csv"`, q.Net.ID, time.Now().Format(time.DateOnly)))
	cw := csvsafe.NewWriter(w) // names and sites are typed by people: no formulas
	cw.Write([]string{"name", "email", "staff_group", "site", "ally", "joined_on", "messages"})
	err := s.db.EachMember(r.Context(), q.Net.ID, func(m *members.Member) error {
		ally, msgs := "no", "on"
		if m.Ally {
			ally = "yes"
		}
		if m.MessagesOff {
			msgs = "off"
		}
		return cw.Write([]string{m.Name, m.Email, m.StaffGroup, m.Site, ally, dateValue(m.JoinedOn), msgs})
	})
	cw.Flush()
	if err != nil {
		s.log.Error("member export", "err", err)
	}
}

// netMemberRemove deletes a membership a lead has been asked to delete
// (or whose member has left the organisation), as the member's own link
// would. The audit log records that a lead removed a member, not who.
func (s *Server) netMemberRemove(w http.ResponseWriter, r *http.Request, q *netReq) {
	var errs network.FieldErrors
	email, err := members.CheckEmail(r.PostFormValue("remove_email"))
	if err != nil {
		errs = append(errs, network.FieldError{Field: "remove_email", Message: err.Error()})
	}
	if r.PostFormValue("remove_confirm") != "yes" {
		errs = append(errs, network.FieldError{Field: "remove_confirm", Message: "Tick the box to confirm that the membership is to be deleted"})
	}
	var id int64
	if len(errs) == 0 {
		id, err = s.db.MemberIDByEmail(r.Context(), q.Net.ID, email)
		if errors.Is(err, store.ErrNotFound) {
			errs = append(errs, network.FieldError{Field: "remove_email", Message: "No member of this network has that email address"})
		} else if err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if len(errs) > 0 {
		s.renderMembers(w, r, q, membersForm{RemoveEmail: r.PostFormValue("remove_email")}, errs)
		return
	}
	if err := s.db.DeleteMember(r.Context(), id, time.Now()); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.serverError(w, r, err)
		return
	}
	s.audit(r, "member removed", fmt.Sprintf("network %d (%s)", q.Net.ID, q.Net.Name), "by a lead; the member's details are deleted")
	http.Redirect(w, r, q.Base+"/members?saved=member-removed", http.StatusSeeOther)
}

type memberSettingsView struct {
	netPage
	Form      members.Settings
	Accepts   string
	DigestOff bool
	Default   string
}

func (s *Server) netMemberSettings(w http.ResponseWriter, r *http.Request, q *netReq) {
	set, err := s.db.MemberSettings(r.Context(), q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		if set, errs = members.ReadSettingsForm(network.Form(r.PostForm)); len(errs) == 0 {
			if err := s.db.SaveMemberSettings(r.Context(), q.Net.ID, set); err == nil {
				err = s.db.SetDigestOff(r.Context(), q.User.ID, r.PostFormValue("digest") != "on")
			}
			if err != nil {
				s.serverError(w, r, err)
				return
			}
			http.Redirect(w, r, q.Base+"/members?saved=member-settings", http.StatusSeeOther)
			return
		}
	}
	off, err := s.db.DigestOff(r.Context(), q.User.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &memberSettingsView{netPage: q.pageFor(r, "members"), Form: set, DigestOff: off, Default: members.DefaultConsent}
	if v.Form.ConsentText == "" && r.Method == http.MethodGet {
		v.Form.ConsentText = members.DefaultConsent
	}
	v.Accepts = "no"
	if set.Accepts {
		v.Accepts = "yes"
	}
	s.renderForm(w, r, "network_members_settings", "Membership settings – "+q.Net.Name, v, errs)
}

type messagesView struct {
	netPage
	Form    members.Message
	Sites   []string
	Groups  []string
	Sent    []store.SentMessage
	MailOff bool
	// Preview: the message as members will get it.
	Preview     bool
	PreviewHTML any
	PreviewText string
	Recipients  int
}

func (s *Server) netMessages(w http.ResponseWriter, r *http.Request, q *netReq) {
	ctx := r.Context()
	sites, groups, err := s.db.MemberGroups(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &messagesView{netPage: q.pageFor(r, "messages"), Sites: sites, Groups: groups, MailOff: !s.mail.On,
		Form: members.Message{Format: members.PlainText, Audience: members.Audience{Kind: members.AudienceAll}}}
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		v.Form, errs = members.ReadMessageForm(network.Form(r.PostForm), sites, groups)
		if len(errs) == 0 {
			switch r.PostFormValue("_action") {
			case "send":
				if done := s.queueMessage(w, r, q, &v.Form); done {
					return
				}
				errs = network.FieldErrors{{Field: "audience", Message: members.ErrNoRecipients}}
			default:
				text, html, err := markdown.Message(v.Form.Body, v.Form.Format == members.Markdown)
				if err != nil {
					s.serverError(w, r, err)
					return
				}
				v.Preview, v.PreviewText, v.PreviewHTML = true, text, trustedHTML(html)
			}
		}
	}
	if v.Sent, err = s.db.NetworkMessages(ctx, q.Net.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderForm(w, r, "network_messages", "Messages to members – "+q.Net.Name, v, errs)
}

// queueMessage queues a copy of msg for each member in its audience and
// redirects; false means the audience is empty and nothing was queued.
func (s *Server) queueMessage(w http.ResponseWriter, r *http.Request, q *netReq, msg *members.Message) bool {
	text, html, err := markdown.Message(msg.Body, msg.Format == members.Markdown)
	if err != nil {
		s.serverError(w, r, err)
		return true
	}
	manage := s.link(fmt.Sprintf("/networks/%d/membership", q.Net.ID))
	sm, err := s.db.QueueMessage(r.Context(), q.Net.ID, msg, q.User.Email, time.Now(), func(m *members.Member, token string) *store.Mail {
		unsub := s.link("/unsubscribe/" + token)
		ml := &store.Mail{To: m.Email, Subject: msg.Subject, Text: text + members.Footer(q.Net.Name, unsub, manage), Unsubscribe: unsub}
		if html != "" {
			ml.HTML = html + memberFooterHTML(q.Net.Name, unsub, manage)
		}
		return ml
	})
	if errors.Is(err, store.ErrNoRecipients) {
		return false
	}
	if err != nil {
		s.serverError(w, r, err)
		return true
	}
	http.Redirect(w, r, fmt.Sprintf("%s/messages/%d?saved=queued", q.Base, sm.ID), http.StatusSeeOther)
	return true
}

type messageView struct {
	netPage
	Msg      store.SentMessage
	Problems []store.Mail
}

func (s *Server) netMessage(w http.ResponseWriter, r *http.Request, q *netReq) {
	msg, ok := netRecord(s, w, r, q, "msg", s.db.NetworkMessages, func(m store.SentMessage) int64 { return m.ID })
	if !ok {
		return
	}
	problems, err := s.db.MessageProblems(r.Context(), q.Net.ID, msg.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := &messageView{netPage: q.pageFor(r, "messages"), Msg: msg, Problems: problems}
	if r.URL.Query().Get("saved") == "queued" {
		v.Saved = fmt.Sprintf("The message is queued for %d member%s.", v.Msg.Recipients, plural(v.Msg.Recipients))
		if !s.mail.On {
			v.Saved += " Email is not set up yet, so it will be sent once an administrator sets it up."
		}
	}
	s.render(w, r, http.StatusOK, "network_message", page{Title: v.Msg.Subject + " – " + q.Net.Name, Data: v})
}

// trustedHTML marks HTML that members.Message.Render has sanitised with
// bluemonday as safe to show in the preview.
func trustedHTML(s string) template.HTML { return template.HTML(s) }

// memberFooterHTML is members.Footer for the HTML part of a message.
func memberFooterHTML(networkName, unsub, manage string) string {
	e := html.EscapeString
	return fmt.Sprintf(`<hr><p>You get this because you are a member of %s.<br><a href="%s">Unsubscribe from messages</a> · <a href="%s">Change or leave your membership</a></p>`,
		e(networkName), e(unsub), e(manage))
}

// AudienceOptions are the message form's audience choices.
func (v *messagesView) AudienceOptions() []Option {
	k := string(v.Form.Audience.Kind)
	opts := choices(k, "all", "All members", "allies", "Allies")
	if len(v.Sites) > 0 {
		opts = append(opts, Option{Value: "site", Label: "Members at one site", Checked: k == "site"})
	}
	if len(v.Groups) > 0 {
		opts = append(opts, Option{Value: "staff_group", Label: "Members in one staff group", Checked: k == "staff_group"})
	}
	return opts
}

func (v *messagesView) SiteOptions() []Option { return v.audienceValues(members.AudienceSite, v.Sites) }
func (v *messagesView) GroupOptions() []Option {
	return v.audienceValues(members.AudienceStaffGroup, v.Groups)
}

// audienceValues are the choices of one kind of audience (the sites or
// the staff groups), the form's own checked.
func (v *messagesView) audienceValues(kind members.AudienceKind, values []string) []Option {
	var out []Option
	for _, s := range values {
		out = append(out, Option{Value: s, Label: s, Checked: v.Form.Audience.Kind == kind && v.Form.Audience.Value == s})
	}
	return out
}

// Digest is the digest checkbox's value as the form shows it.
func (v *memberSettingsView) Digest() string {
	if v.DigestOff {
		return ""
	}
	return "on"
}
