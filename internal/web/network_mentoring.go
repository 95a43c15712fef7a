package web

// Mentoring and development in a network, as its leads see it (every
// profile and pair by name, suggested matches, forms to add a profile for
// someone who is not a member, propose a pair and accept for that
// person) and as everyone else who reads the network sees it: counts,
// with counts under 11 shown as "fewer than 11", never a pair. Which is
// which is auth.NetworkRights.Members, the network's own leads' alone.
// Members manage their own side from their membership page
// (member_mentoring.go).

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/members"
	"staffnet/internal/network"
)

func (s *Server) mentoringRoutes(m *http.ServeMux) {
	n, lead := netRouter{s, m}, auth.ManageMembers
	n.get("/mentoring", auth.ReadNetwork, s.netMentoring)
	n.post("/mentoring/profiles", lead, s.netMentoring)
	n.post("/mentoring/pairs", lead, s.netMentorPropose)
	n.post("/mentoring/pairs/{pair}", lead, s.netMentorAccept)
	n.post("/mentoring/opportunities", auth.EditNetwork, s.netMentoring)
	m.HandleFunc("GET /membership/{token}/mentoring", s.memberMentoring)
	m.HandleFunc("POST /membership/{token}/mentoring/profiles", s.memberMentoring)
	for p, h := range map[string]func(http.ResponseWriter, *http.Request, *memberReq) string{
		"profiles/{profile}/close": s.memberMentorClose, "propose": s.memberMentorPropose,
		"pairs/{pair}": s.memberMentorPair, "opportunities/{opp}/apply": s.memberApply,
	} {
		m.HandleFunc("POST /membership/{token}/mentoring/"+p, s.memberMentor(h))
	}
}

// mentoringData is a network's profiles, pairs and opportunities.
type mentoringData struct {
	Profiles []network.MentorProfile
	Pairs    []network.MentorPair
	Opps     []network.Opportunity
}

func (s *Server) mentoringData(ctx context.Context, networkID int64) (*mentoringData, error) {
	var d mentoringData
	var err error
	if d.Profiles, err = s.db.MentorProfiles(ctx, networkID); err != nil {
		return nil, err
	}
	if d.Pairs, err = s.db.MentorPairs(ctx, networkID); err != nil {
		return nil, err
	}
	d.Opps, err = s.db.Opportunities(ctx, networkID)
	return &d, err
}

// profile finds profile id.
func (d *mentoringData) profile(id int64) *network.MentorProfile {
	i := slices.IndexFunc(d.Profiles, func(p network.MentorProfile) bool { return p.ID == id })
	if i < 0 {
		return &network.MentorProfile{Name: "(removed)"}
	}
	return &d.Profiles[i]
}

// paired reports whether two profiles have a pair that is not declined.
func (d *mentoringData) paired(offer, seek int64) bool {
	return slices.ContainsFunc(d.Pairs, func(p network.MentorPair) bool {
		return p.OfferID == offer && p.SeekID == seek && p.Status != network.PairDeclined
	})
}

// profileRow is profile p with the best matches for it, up to three.
func (d *mentoringData) profileRow(p *network.MentorProfile) profileRow {
	row := profileRow{MentorProfile: *p}
	for _, m := range network.Suggest(p, d.Profiles, d.paired, 3) {
		other := m.Offer
		if p.Offers {
			other = m.Seek
		}
		row.Suggestions = append(row.Suggestions, matchRow{OfferID: m.Offer.ID, SeekID: m.Seek.ID, Other: other, Desc: describe(other), Score: m.Score})
	}
	return row
}

// countRow is one line of the figures.
type countRow struct{ Label, N string }

// figures are the network's mentoring counts as the viewer may see them:
// for the leads, everything as it is now; for anyone else, what has a
// date, up to the end of the last whole month (network.SettledMentoring).
func (d *mentoringData) figures(full bool, now time.Time) []countRow {
	if !full {
		end := members.SettledEnd(now)
		fs, avg, ok := network.SettledMentoring(d.Pairs, end, members.MinShown)
		var rows []countRow
		word := func(f network.SettledFigure) string {
			switch {
			case !f.Shown:
				return members.Count(f.Value, false)
			case f.At.Equal(end):
				return fmt.Sprint(f.Value)
			}
			return fmt.Sprintf("%d by %s", f.Value, f.At.Format("2 January 2006"))
		}
		for _, f := range fs {
			rows = append(rows, countRow{f.Label + " (to " + end.Format("2 January 2006") + ")", word(f)})
			if f.Label == "Ratings given" && ok {
				rows = append(rows, countRow{"Average usefulness (1 to 5)", fmt.Sprintf("%.1f from %s", avg, word(f))})
			}
		}
		return rows
	}
	c := network.CountMentoring(d.Profiles, d.Pairs)
	var rows []countRow
	add := func(label string, n int) { rows = append(rows, countRow{label, members.Count(n, full)}) }
	for _, k := range network.MentorKinds {
		add(k.Label()+": offering", c.Offers[k])
		add(k.Label()+": seeking", c.Seeks[k])
	}
	add("Pairs proposed, not yet agreed", c.Proposed)
	add("Pairs meeting now", c.Active)
	add("Pairs closed", c.Closed)
	add("Meetings recorded", c.Meets)
	for _, t := range network.FeedbackThemes {
		add("Feedback theme: "+t, c.Themes[t])
	}
	if c.Ratings > 0 {
		rows = append(rows, countRow{"Average usefulness (1 to 5)", fmt.Sprintf("%.1f from %d", float64(c.RatingSum)/float64(c.Ratings), c.Ratings)})
	}
	return rows
}

// oppRow is an opportunity as a page lists it.
type oppRow struct {
	network.Opportunity
	Applications string // suppressed for those who are not the network's leads
	Applied      bool
}

// oppList is the partial "mentor-opportunities": the rows and, for a
// member, the base of the apply forms.
type oppList struct {
	Rows []oppRow
	Base string
}

func (d *mentoringData) opportunities(full bool, applied map[int64]bool, base string) oppList {
	l := oppList{Base: base}
	for _, o := range d.Opps {
		// How many applied is the leads' alone: it moves as people apply.
		row := oppRow{Opportunity: o, Applied: applied[o.ID]}
		if full {
			row.Applications = fmt.Sprint(o.Applications)
		}
		l.Rows = append(l.Rows, row)
	}
	return l
}

type mentoringView struct {
	netPage
	Figures  []countRow
	Opps     oppList
	Profiles []profileRow // leads only
	Pairs    []pairRow    // leads only
	Form     profileForm
	Opp      network.Opportunity
	OppKinds []Option
	OppDate  string
}

type profileRow struct {
	network.MentorProfile
	Suggestions []matchRow
}

type matchRow struct {
	OfferID, SeekID int64
	Other           *network.MentorProfile
	Desc            string // the other profile without its name, for a member
	Score           int
}

type pairRow struct {
	network.MentorPair
	Offer, Seek *network.MentorProfile
	// ForOffer, ForSeek: the lead may accept for that side, which has no
	// member to accept for themselves.
	ForOffer, ForSeek bool
}

// profileForm is the profile form's state; State is the page's, for the
// fields' errors.
type profileForm struct {
	State                  *formState
	P                      network.MentorProfile
	Kinds, Modes           []Option
	Offers, Board          string
	Skills, Goals, Ally    string
	ShowName, ShowBoardBox bool
}

func newProfileForm(p network.MentorProfile, offers, board string, lead bool) profileForm {
	f := profileForm{P: p, Offers: offers, Board: board, ShowName: lead, ShowBoardBox: lead}
	f.Kinds = optionsOf(network.MentorKinds, network.MentorKind.Label, string(p.Kind))
	f.Modes = optionsOf(network.MeetModes, network.MeetMode.Label, string(p.Mode))
	f.Skills, f.Goals = joinLines(p.Skills), joinLines(p.Goals)
	return f
}

func (s *Server) netMentoring(w http.ResponseWriter, r *http.Request, q *netReq) {
	ctx := r.Context()
	v := &mentoringView{netPage: q.pageFor(r, "mentoring"), Form: newProfileForm(network.MentorProfile{}, "", "", true)}
	v.Saved = map[string]string{"profile": "The profile is added.", "pair": "The pair is proposed. It starts when both accept.",
		"accepted": "The acceptance is recorded.", "opportunity": "The opportunity is posted to the network's members."}[r.URL.Query().Get("saved")]
	var errs network.FieldErrors
	if r.Method == http.MethodPost {
		f := network.Form(r.PostForm)
		if q.Acc.Members && f.Get("_form") == "profile" {
			p := network.MentorProfile{NetworkID: q.Net.ID}
			errs = network.ReadMentorForm(f, &p, func(*network.MentorProfile) {})
			if len(errs) == 0 {
				s.afterSave(w, r, s.db.AddMentorProfile(ctx, &p), q.Base+"/mentoring?saved=profile")
				return
			}
			v.Form = newProfileForm(p, f.Get("offers"), f.Get("board"), true)
		} else {
			// A network's lead posts for the network; the organisation's
			// admin (or an administrator) for the organisation.
			v.Opp = network.Opportunity{NetworkID: q.Net.ID, PostedBy: "organisation"}
			if q.Acc.Members {
				v.Opp.PostedBy = "network"
			}
			if errs = network.ReadOpportunityForm(f, &v.Opp); len(errs) == 0 {
				s.afterSave(w, r, s.db.AddOpportunity(ctx, &v.Opp), q.Base+"/mentoring?saved=opportunity")
				return
			}
			v.OppDate = f.Get("closes_on")
		}
	}
	d, err := s.mentoringData(ctx, q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	full := q.Acc.Members
	v.Figures, v.Opps = d.figures(full, time.Now()), d.opportunities(full, nil, "")
	v.OppKinds = optionsOf(network.OpportunityKinds, network.OpportunityKind.Label, string(v.Opp.Kind))
	if full {
		for i := range d.Profiles {
			p := &d.Profiles[i]
			if !p.Open {
				continue
			}
			v.Profiles = append(v.Profiles, d.profileRow(p))
		}
		for _, p := range d.Pairs {
			row := pairRow{MentorPair: p, Offer: d.profile(p.OfferID), Seek: d.profile(p.SeekID)}
			row.ForOffer = p.Status == network.PairProposed && !p.OfferOK && row.Offer.MemberID == 0
			row.ForSeek = p.Status == network.PairProposed && !p.SeekOK && row.Seek.MemberID == 0
			v.Pairs = append(v.Pairs, row)
		}
	}
	v.Form.State = &v.formState
	s.renderForm(w, r, "network_mentoring", "Mentoring and development – "+q.Net.Name, v, errs)
}

// netMentorPropose proposes a pair of two of the network's open profiles,
// as a lead: both must still accept.
func (s *Server) netMentorPropose(w http.ResponseWriter, r *http.Request, q *netReq) {
	offer, _ := strconv.ParseInt(r.PostFormValue("offer"), 10, 64)
	seek, _ := strconv.ParseInt(r.PostFormValue("seek"), 10, 64)
	if !s.propose(w, r, q.Net.ID, offer, seek, "lead", 0) {
		return
	}
	http.Redirect(w, r, q.Base+"/mentoring?saved=pair", http.StatusSeeOther)
}

// propose stores a proposed pair if the two profiles are open profiles of
// the network that can be a pair (network.MatchScore) and are not
// paired already (a declined pair may be proposed again); the proposer's
// own side (profile mine, 0 for a lead) is accepted at once. It writes
// 404 and returns false otherwise.
func (s *Server) propose(w http.ResponseWriter, r *http.Request, networkID, offer, seek int64, by string, mine int64) bool {
	d, err := s.mentoringData(r.Context(), networkID)
	if err != nil {
		s.serverError(w, r, err)
		return false
	}
	o, k := d.profile(offer), d.profile(seek)
	if _, ok := network.MatchScore(o, k); !ok || o.ID == 0 || k.ID == 0 || !o.Open || !k.Open || d.paired(offer, seek) {
		s.error(w, r, http.StatusNotFound, "These two cannot be paired.")
		return false
	}
	p := network.MentorPair{NetworkID: networkID, OfferID: offer, SeekID: seek, ProposedBy: by, Status: network.PairProposed,
		OfferOK: mine != 0 && mine == offer, SeekOK: mine != 0 && mine == seek}
	return s.found(w, r, s.db.AddMentorPair(r.Context(), &p))
}

// netMentorAccept accepts, for a side that has no member of its own (a
// board member the lead entered), a proposed pair.
func (s *Server) netMentorAccept(w http.ResponseWriter, r *http.Request, q *netReq) {
	d, err := s.mentoringData(r.Context(), q.Net.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := d.pair(r.PathValue("pair"))
	if p == nil || p.Status != network.PairProposed {
		s.error(w, r, http.StatusNotFound, "")
		return
	}
	if d.profile(p.OfferID).MemberID == 0 {
		p.OfferOK = true
	}
	if d.profile(p.SeekID).MemberID == 0 {
		p.SeekOK = true
	}
	if p.OfferOK && p.SeekOK {
		p.Status = network.PairActive
	}
	s.afterSave(w, r, s.db.SaveMentorPair(r.Context(), p), q.Base+"/mentoring?saved=accepted")
}

// pair finds the pair whose id is the path's text, or nil.
func (d *mentoringData) pair(idText string) *network.MentorPair {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return nil
	}
	i := slices.IndexFunc(d.Pairs, func(p network.MentorPair) bool { return p.ID == id })
	if i < 0 {
		return nil
	}
	return &d.Pairs[i]
}

// joinLines is a list as a text area shows it, an item a line.
func joinLines(items []string) string { return strings.Join(items, "\n") }
