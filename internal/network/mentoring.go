package network

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// MentorKind is the kind of relationship a profile offers or seeks.
type MentorKind string

// Mentoring kinds. In reverse mentoring a board member is the one
// mentored, by a member of the staff the network serves (not an ally).
const Mentoring, Reverse, Buddying MentorKind = "mentoring", "reverse", "buddying"

// MentorKinds lists the kinds in display order.
var MentorKinds = []MentorKind{Mentoring, Reverse, Buddying}

var mentorKindLabels = map[MentorKind]string{Mentoring: "Mentoring", Reverse: "Reverse mentoring (a board member mentored by a member of staff)", Buddying: "Career buddying"}

// Label names the kind for people.
func (k MentorKind) Label() string { return orLabel(mentorKindLabels, k) }

// MeetMode is how someone can meet.
type MeetMode string

// Meeting modes.
const Online, InPerson, Either MeetMode = "online", "in_person", "either"

// MeetModes lists the modes in display order.
var MeetModes = []MeetMode{Online, InPerson, Either}

var meetModeLabels = map[MeetMode]string{Online: "Online", InPerson: "In person", Either: "Online or in person"}

// Label names the mode for people.
func (m MeetMode) Label() string { return orLabel(meetModeLabels, m) }

func orLabel[K ~string](labels map[K]string, k K) string {
	if l, ok := labels[k]; ok {
		return l
	}
	return string(k)
}

// Bands are the Agenda for Change bands in order, for the band points of
// MatchScore; "" or anything else (medical, other) is not ranked.
var Bands = []string{"2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"}

// MentorProfile is what one person offers or seeks. A member writes their
// own; a lead may enter one for someone who is not a member, such as a
// board member to be reverse mentored (MemberID 0).
type MentorProfile struct {
	ID         int64
	NetworkID  int64
	MemberID   int64
	Name       string
	Kind       MentorKind
	Offers     bool // offers (mentor, buddy) rather than seeks
	Board      bool // a board member
	Ally       bool // an ally of the network rather than one of the staff it serves
	Profession string
	Band       string
	Skills     []string // what they offer, or want to learn
	Goals      []string // what they want from it
	Site       string
	Mode       MeetMode
	Open       bool // still looking for a match
}

// Role says which side the profile is on, for people.
func (p *MentorProfile) Role() string {
	if p.Offers {
		return map[MentorKind]string{Mentoring: "Offers to mentor", Reverse: "Offers to reverse mentor", Buddying: "Offers to be a career buddy"}[p.Kind]
	}
	return map[MentorKind]string{Mentoring: "Seeks a mentor", Reverse: "Board member seeking a reverse mentor", Buddying: "Seeks a career buddy"}[p.Kind]
}

// Validate checks a profile, including reverse mentoring's sides: the
// mentor is one of the staff the network serves, the mentee a board
// member.
func (p *MentorProfile) Validate() FieldErrors {
	var es FieldErrors
	if strings.TrimSpace(p.Name) == "" {
		es = append(es, FieldError{"name", "Enter the person's name"})
	}
	if !slices.Contains(MentorKinds, p.Kind) {
		es = append(es, FieldError{"kind", "Select mentoring, reverse mentoring or career buddying"})
	}
	if p.Kind == Reverse && p.Offers && (p.Ally || p.Board) {
		es = append(es, FieldError{"kind", "A reverse mentor is a member of the staff the network serves, not an ally or a board member"})
	}
	if p.Kind == Reverse && !p.Offers && !p.Board {
		es = append(es, FieldError{"kind", "Reverse mentoring is sought by board members: tick that the person is a board member, or choose mentoring"})
	}
	if !slices.Contains(MeetModes, p.Mode) {
		es = append(es, FieldError{"mode", "Select how the person can meet"})
	}
	for _, f := range []struct{ id, v string }{{"name", p.Name}, {"profession", p.Profession}, {"band", p.Band}, {"site", p.Site}} {
		if len(f.v) > maxShort {
			es = append(es, FieldError{f.id, fmt.Sprintf("This must be %d characters or fewer", maxShort)})
		}
	}
	if len(p.Skills) > 20 || len(p.Goals) > 20 {
		es = append(es, FieldError{"skills", "List at most 20 skills and 20 goals"})
	}
	return es
}

// ReadMentorForm fills p from the profile form and checks it. The name,
// membership and whether the person is a board member or an ally are
// set by who: a lead's form names anyone; a member's own profile takes
// them from the membership, never the form.
func ReadMentorForm(f Form, p *MentorProfile, who func(p *MentorProfile)) FieldErrors {
	p.Kind = MentorKind(f.Get("kind"))
	p.Offers = f.Get("offers") == "yes"
	p.Board = f.Get("board") == "yes"
	p.Profession, p.Band, p.Site = f.trim("profession"), f.trim("band"), f.trim("site")
	p.Skills, p.Goals = lines(f.Get("skills")), lines(f.Get("goals"))
	p.Mode = MeetMode(f.Get("mode"))
	p.Open = true
	p.Name = f.trim("name")
	who(p)
	es := p.Validate()
	if f.Get("offers") == "" {
		es = append(es, FieldError{"offers", "Select whether the person offers or seeks"})
	}
	return es
}

// MatchScore scores how well offer suits seek; ok is false when they
// cannot be a pair at all. The scoring is documented in docs/networks.md
// ("Suggested matches") and its tests work examples by hand:
//
//   - not a pair: different kinds, both offering or both seeking, the
//     same person (member), one online only and the other in person only;
//   - profession: 3 points when the same (case and spaces ignored);
//   - band: for mentoring, 2 points when the mentor's band is higher than
//     the mentee's; for buddying, 2 points when they are within one band;
//     none for reverse mentoring, nor when either band is not an Agenda
//     for Change band;
//   - skills: 2 points for each skill the offer lists that the seeker
//     wants to learn, at most three (6 points);
//   - goals: 1 point for each of the seeker's goals that contains one of
//     the offer's skills, at most two;
//   - site: 2 points when both can meet in person (in person or either)
//     and name the same site.
func MatchScore(offer, seek *MentorProfile) (score int, ok bool) {
	switch {
	case offer.Kind != seek.Kind, !offer.Offers, seek.Offers:
		return 0, false
	case offer.MemberID != 0 && offer.MemberID == seek.MemberID:
		return 0, false
	case (offer.Mode == Online && seek.Mode == InPerson) || (offer.Mode == InPerson && seek.Mode == Online):
		return 0, false
	}
	if same(offer.Profession, seek.Profession) {
		score += 3
	}
	ob, sb := slices.Index(Bands, strings.ToLower(offer.Band)), slices.Index(Bands, strings.ToLower(seek.Band))
	if ob >= 0 && sb >= 0 {
		switch {
		case offer.Kind == Mentoring && ob > sb:
			score += 2
		case offer.Kind == Buddying && ob-sb <= 1 && sb-ob <= 1:
			score += 2
		}
	}
	skills := 0
	for _, s := range offer.Skills {
		if slices.ContainsFunc(seek.Skills, func(w string) bool { return same(s, w) }) {
			skills++
		}
	}
	score += 2 * min(skills, 3)
	goals := 0
	for _, g := range seek.Goals {
		if slices.ContainsFunc(offer.Skills, func(s string) bool {
			return strings.TrimSpace(s) != "" && strings.Contains(strings.ToLower(g), strings.ToLower(strings.TrimSpace(s)))
		}) {
			goals++
		}
	}
	score += min(goals, 2)
	if offer.Mode != Online && seek.Mode != Online && same(offer.Site, seek.Site) && strings.TrimSpace(offer.Site) != "" {
		score += 2
	}
	return score, true
}

func same(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// Match is a suggested pair and its score.
type Match struct {
	Offer, Seek *MentorProfile
	Score       int
}

// Suggest lists the best matches, at most n, for profile p among the
// open profiles: offers for a seeker, seekers for an offer. Highest score
// first; ties go to the profile added first (lower id), so the same
// profiles always give the same list. Profiles already paired with p
// (paired) are left out.
func Suggest(p *MentorProfile, open []MentorProfile, paired func(offer, seek int64) bool, n int) []Match {
	var out []Match
	for i := range open {
		o := &open[i]
		if o.ID == p.ID || !o.Open {
			continue
		}
		offer, seek := o, p
		if p.Offers {
			offer, seek = p, o
		}
		if paired != nil && paired(offer.ID, seek.ID) {
			continue
		}
		if sc, ok := MatchScore(offer, seek); ok {
			out = append(out, Match{Offer: offer, Seek: seek, Score: sc})
		}
	}
	other := func(m Match) int64 {
		if p.Offers {
			return m.Seek.ID
		}
		return m.Offer.ID
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return other(out[i]) < other(out[j])
	})
	return out[:min(n, len(out))]
}

// PairStatus is how far a pair has got.
type PairStatus string

// Pair statuses: proposed until both accept (active) or one declines.
const PairProposed, PairActive, PairDeclined, PairClosed PairStatus = "proposed", "active", "declined", "closed"

// FeedbackThemes are what a pair may say the relationship gave them when
// it closes: fixed themes, so that reports count them and hold no one's
// words.
var FeedbackThemes = []string{"Confidence", "Career planning", "Applying for a role", "Understanding the organisation",
	"Understanding colleagues' experience", "Skills for the current role", "Building a network of contacts", "Hard to find time to meet"}

// MentorPair is an offer and a seeker matched. Both must accept before
// it is active; it closes with a rating (1–5) and themes, nothing else.
type MentorPair struct {
	ID         int64
	NetworkID  int64
	OfferID    int64
	SeekID     int64
	ProposedBy string // "lead" or "member"
	OfferOK    bool
	SeekOK     bool
	Status     PairStatus
	Meetings   []time.Time
	Rating     int
	Themes     []string
	ClosedOn   time.Time
}

// ReadCloseForm reads the feedback of a pair closing: a rating from 1 to
// 5 and any of FeedbackThemes.
func ReadCloseForm(f Form, p *MentorPair) FieldErrors {
	p.Rating = 0
	fmt.Sscan(f.Get("rating"), &p.Rating)
	p.Themes = nil
	for _, t := range f["themes"] {
		if slices.Contains(FeedbackThemes, t) && !slices.Contains(p.Themes, t) {
			p.Themes = append(p.Themes, t)
		}
	}
	if p.Rating < 1 || p.Rating > 5 {
		return FieldErrors{{"rating", "Select how useful the relationship was, from 1 to 5"}}
	}
	return nil
}

// OpportunityKind is a kind of development opportunity.
type OpportunityKind string

// Development opportunity kinds.
const Masterclass, Leadership, SkillsExchange OpportunityKind = "masterclass", "leadership", "skills_exchange"

// OpportunityKinds lists them in display order.
var OpportunityKinds = []OpportunityKind{Masterclass, Leadership, SkillsExchange}

var opportunityLabels = map[OpportunityKind]string{Masterclass: "Masterclass", Leadership: "Leadership programme", SkillsExchange: "Skills exchange"}

// Label names the kind for people.
func (k OpportunityKind) Label() string { return orLabel(opportunityLabels, k) }

// Opportunity is a development opportunity offered to a network's
// members, posted by the network or by its organisation.
type Opportunity struct {
	ID           int64
	NetworkID    int64
	Kind         OpportunityKind
	Title        string
	Description  string
	ClosesOn     time.Time
	PostedBy     string // "network" or "organisation"
	Applications int    // counted, never named
}

// ReadOpportunityForm fills o from the opportunity form.
func ReadOpportunityForm(f Form, o *Opportunity) FieldErrors {
	var es FieldErrors
	o.Kind = OpportunityKind(f.Get("opp_kind"))
	o.Title, o.Description = f.trim("title"), f.trim("description")
	var ok bool
	if o.ClosesOn, ok = ParseDate(f.Get("closes_on")); !ok {
		es = append(es, FieldError{"closes_on", "Enter the closing date as a real date, like 2026-03-31"})
	}
	if !slices.Contains(OpportunityKinds, o.Kind) {
		es = append(es, FieldError{"opp_kind", "Select the kind of opportunity"})
	}
	switch {
	case o.Title == "":
		es = append(es, FieldError{"title", "Enter the name of the opportunity"})
	case len(o.Title) > maxShort:
		es = append(es, FieldError{"title", fmt.Sprintf("Name must be %d characters or fewer", maxShort)})
	}
	if len(o.Description) > maxLong {
		es = append(es, FieldError{"description", fmt.Sprintf("Description must be %d characters or fewer", maxLong)})
	}
	return es
}

// MentoringCounts are the network's mentoring figures for reporting:
// counts and themes, no names.
type MentoringCounts struct {
	Offers, Seeks                   map[MentorKind]int // open profiles
	Proposed, Active, Closed, Meets int
	Ratings, RatingSum              int
	Themes                          map[string]int
}

// CountMentoring adds up profiles and pairs.
func CountMentoring(profiles []MentorProfile, pairs []MentorPair) MentoringCounts {
	c := MentoringCounts{Offers: map[MentorKind]int{}, Seeks: map[MentorKind]int{}, Themes: map[string]int{}}
	for _, p := range profiles {
		if !p.Open {
			continue
		}
		if p.Offers {
			c.Offers[p.Kind]++
		} else {
			c.Seeks[p.Kind]++
		}
	}
	for _, p := range pairs {
		switch p.Status {
		case PairProposed:
			c.Proposed++
		case PairActive:
			c.Active++
		case PairClosed:
			c.Closed++
			if p.Rating > 0 {
				c.Ratings++
				c.RatingSum += p.Rating
			}
		}
		c.Meets += len(p.Meetings)
		for _, t := range p.Themes {
			c.Themes[t]++
		}
	}
	return c
}
