package web

// A member's mentoring from their membership link: their own profiles
// (what they offer or seek), suggested matches described without names,
// their pairs (the other person is named only once both have accepted),
// meetings, closing with feedback, and the network's development
// opportunities to apply for. Like the other membership forms these
// posts carry no CSRF token: the unguessable token in the path is the
// secret, and http.CrossOriginProtection refuses posts from other sites.
// Every id in a path or form is checked against the member's own network
// and, for profiles and pairs, against the member's own side.

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"staffnet/internal/members"
	"staffnet/internal/network"
)

type memberMentoringView struct {
	formState
	Base    string // /membership/{token}/mentoring
	Back    string // /membership/{token}
	Network string
	Saved   string
	Mine    []profileRow // the member's open profiles, with suggestions
	Pairs   []memberPair
	Opps    oppList
	Form    profileForm
	Themes  []Option
	Today   string
}

// memberPair is one of the member's pairs as they see it.
type memberPair struct {
	network.MentorPair
	Other     string // the other person: named once the pair is agreed
	MineOK    bool   // the member has accepted
	Meetings  int
	LastMeton string
}

// describe is a profile told without its name, for suggestions and for
// proposals not yet agreed.
func describe(p *network.MentorProfile) string {
	s := p.Role()
	for _, part := range []string{p.Profession, bandText(p.Band), p.Site, p.Mode.Label()} {
		if part != "" {
			s += " · " + part
		}
	}
	return s
}

func bandText(b string) string {
	if b == "" {
		return ""
	}
	return "band " + b
}

// memberMentoringData loads member m's network's mentoring and m's own
// profile ids.
func (s *Server) memberMentoringData(w http.ResponseWriter, r *http.Request, m *members.Member) (*mentoringData, []int64, bool) {
	d, err := s.mentoringData(r.Context(), m.NetworkID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, false
	}
	var mine []int64
	for _, p := range d.Profiles {
		if p.MemberID == m.ID {
			mine = append(mine, p.ID)
		}
	}
	return d, mine, true
}

// newMemberMentoringView is the member's mentoring page at base, with an
// empty profile form.
func newMemberMentoringView(base string) *memberMentoringView {
	return &memberMentoringView{Base: base, Form: newProfileForm(network.MentorProfile{}, "", "", false), Today: dateValue(netToday())}
}

func (s *Server) memberMentoring(w http.ResponseWriter, r *http.Request) {
	m := s.member(w, r)
	if m == nil {
		return
	}
	base := "/membership/" + r.PathValue("token") + "/mentoring"
	v := newMemberMentoringView(base)
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		r.ParseForm()
		p := network.MentorProfile{NetworkID: m.NetworkID, MemberID: m.ID}
		errs = network.ReadMentorForm(network.Form(r.PostForm), &p, func(p *network.MentorProfile) {
			p.Name, p.Ally, p.Board = m.Name, m.Ally, false // from the membership
		})
		if len(errs) == 0 {
			s.afterSave(w, r, s.db.AddMentorProfile(r.Context(), &p), base+"?saved=profile")
			return
		}
		v.Form = newProfileForm(p, r.PostFormValue("offers"), "", false)
	}
	s.renderMemberMentoring(w, r, m, v, errs)
}

func (s *Server) renderMemberMentoring(w http.ResponseWriter, r *http.Request, m *members.Member, v *memberMentoringView, errs network.FieldErrors) {
	ctx := r.Context()
	n, err := s.db.Network(ctx, m.NetworkID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d, mine, ok := s.memberMentoringData(w, r, m)
	if !ok {
		return
	}
	applied, err := s.db.Applied(ctx, m.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Network, v.Back = n.Name, "/membership/"+r.PathValue("token")
	v.Saved = map[string]string{"profile": "Your profile is added. Matches suggested for it are below.", "closed": "The profile is closed.",
		"proposed": "Your proposal is sent. The pair starts when both of you accept.", "pair": "Saved.", "applied": "Your application is counted. The network will be in touch."}[r.URL.Query().Get("saved")]
	for i := range d.Profiles {
		p := &d.Profiles[i]
		if p.MemberID != m.ID || !p.Open {
			continue
		}
		v.Mine = append(v.Mine, d.profileRow(p))
	}
	for _, p := range d.Pairs {
		offerMine, seekMine := slices.Contains(mine, p.OfferID), slices.Contains(mine, p.SeekID)
		if !offerMine && !seekMine || p.Status == network.PairDeclined {
			continue
		}
		other := d.profile(p.OfferID)
		mp := memberPair{MentorPair: p, MineOK: p.SeekOK, Meetings: len(p.Meetings)}
		if offerMine {
			other, mp.MineOK = d.profile(p.SeekID), p.OfferOK
		}
		mp.Other = describe(other)
		if p.Status == network.PairActive || p.Status == network.PairClosed {
			mp.Other = other.Name + " (" + mp.Other + ")"
		}
		if k := len(p.Meetings); k > 0 {
			mp.LastMeton = network.FormatDate(p.Meetings[k-1])
		}
		v.Pairs = append(v.Pairs, mp)
	}
	v.Opps = d.opportunities(false, applied, v.Base)
	v.Form.State = &v.formState
	v.Themes = optionsOf(network.FeedbackThemes, func(t string) string { return t })
	s.renderForm(w, r, "member_mentoring", "Mentoring – "+n.Name, v, errs)
}

// memberOwn reads the path's or form's profile id and reports whether it
// is one of member m's open profiles.
func memberOwn(d *mentoringData, m *members.Member, idText string) (int64, bool) {
	id, _ := strconv.ParseInt(idText, 10, 64)
	p := d.profile(id)
	return id, p.ID != 0 && p.MemberID == m.ID && p.NetworkID == m.NetworkID
}

// memberReq is a form sent from a member's link, with their network's
// mentoring.
type memberReq struct {
	M    *members.Member
	D    *mentoringData
	Mine []int64 // the member's own profiles
	Base string  // /membership/{token}/mentoring
}

// memberMentor wraps the handler of one of a member's mentoring forms:
// it finds the member of the link (or answers for a dead one), reads the
// form and loads the network's mentoring. The handler returns where to
// go next ("?saved=…"), or "" when it has written the page itself.
func (s *Server) memberMentor(h func(http.ResponseWriter, *http.Request, *memberReq) string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		m := s.member(w, r)
		if m == nil {
			return
		}
		r.ParseForm()
		d, mine, ok := s.memberMentoringData(w, r, m)
		if !ok {
			return
		}
		q := &memberReq{M: m, D: d, Mine: mine, Base: "/membership/" + r.PathValue("token") + "/mentoring"}
		if next := h(w, r, q); next != "" {
			http.Redirect(w, r, q.Base+next, http.StatusSeeOther)
		}
	}
}

// memberMentorClose closes one of the member's own profiles.
func (s *Server) memberMentorClose(w http.ResponseWriter, r *http.Request, q *memberReq) string {
	id, _ := strconv.ParseInt(r.PathValue("profile"), 10, 64)
	if !s.found(w, r, s.db.CloseMentorProfile(r.Context(), q.M.NetworkID, id, q.M.ID)) {
		return ""
	}
	return "?saved=closed"
}

// memberMentorPropose proposes a pair of one of the member's own profiles
// (mine) and another open profile of the network (other); the member's
// side is accepted by proposing.
func (s *Server) memberMentorPropose(w http.ResponseWriter, r *http.Request, q *memberReq) string {
	mine, own := memberOwn(q.D, q.M, r.PostFormValue("mine"))
	other, _ := strconv.ParseInt(r.PostFormValue("other"), 10, 64)
	if !own {
		s.error(w, r, http.StatusNotFound, "")
		return ""
	}
	offer, seek := other, mine
	if q.D.profile(mine).Offers {
		offer, seek = mine, other
	}
	if !s.propose(w, r, q.M.NetworkID, offer, seek, "member", mine) {
		return ""
	}
	return "?saved=proposed"
}

// memberMentorPair is the member's action on one of their pairs: accept
// or decline a proposal, record a meeting, or close it with feedback.
func (s *Server) memberMentorPair(w http.ResponseWriter, r *http.Request, q *memberReq) string {
	mine := q.Mine
	p := q.D.pair(r.PathValue("pair"))
	if p == nil || !(slices.Contains(mine, p.OfferID) || slices.Contains(mine, p.SeekID)) {
		s.error(w, r, http.StatusNotFound, "")
		return ""
	}
	var errs network.FieldErrors
	f := network.Form(r.PostForm)
	switch action := f.Get("_action"); {
	case action == "accept" && p.Status == network.PairProposed:
		p.OfferOK = p.OfferOK || slices.Contains(mine, p.OfferID)
		p.SeekOK = p.SeekOK || slices.Contains(mine, p.SeekID)
		if p.OfferOK && p.SeekOK {
			p.Status = network.PairActive
		}
	case action == "decline" && p.Status == network.PairProposed:
		p.Status = network.PairDeclined
	case action == "meeting" && p.Status == network.PairActive:
		day, ok := network.ParseDate(f.Get("met_on"))
		if !ok || day.IsZero() || day.After(netToday()) {
			errs = network.FieldErrors{{Field: "met_on-" + strconv.FormatInt(p.ID, 10), Message: "Enter the day you met, today or earlier, like 2026-03-31"}}
		}
		p.Meetings = append(p.Meetings, day)
	case action == "close" && p.Status == network.PairActive:
		if errs = network.ReadCloseForm(f, p); len(errs) > 0 {
			errs[0].Field += "-" + strconv.FormatInt(p.ID, 10)
		}
		p.Status, p.ClosedOn = network.PairClosed, network.Day(time.Now())
	default:
		s.error(w, r, http.StatusConflict, "This pair cannot do that now.")
		return ""
	}
	if len(errs) > 0 {
		s.renderMemberMentoring(w, r, q.M, newMemberMentoringView(q.Base), errs)
		return ""
	}
	if err := s.db.SaveMentorPair(r.Context(), p); err != nil {
		s.serverError(w, r, err)
		return ""
	}
	return "?saved=pair"
}

// memberApply counts the member's application to an opportunity of their
// network.
func (s *Server) memberApply(w http.ResponseWriter, r *http.Request, q *memberReq) string {
	id, _ := strconv.ParseInt(r.PathValue("opp"), 10, 64)
	if !s.found(w, r, s.db.Apply(r.Context(), q.M.NetworkID, id, q.M.ID)) {
		return ""
	}
	return "?saved=applied#opportunities"
}
