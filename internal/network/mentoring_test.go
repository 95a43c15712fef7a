package network

import (
	"slices"
	"testing"
)

// TestMatchScore works examples of docs/networks.md's scoring by hand.
func TestMatchScore(t *testing.T) {
	nurse := MentorProfile{ID: 1, MemberID: 11, Kind: Mentoring, Offers: true, Profession: "Nursing", Band: "8a",
		Skills: []string{"Interview practice", "Leadership", "Budgeting"}, Site: "St Thomas'", Mode: Either}
	mentee := MentorProfile{ID: 2, MemberID: 12, Kind: Mentoring, Profession: " nursing ", Band: "6",
		Skills: []string{"leadership", "interview practice", "Coaching"}, Goals: []string{"Get a band 7 role with interview practice", "Improve leadership skills"},
		Site: "st thomas'", Mode: InPerson}
	reverseMentor := MentorProfile{ID: 3, MemberID: 13, Kind: Reverse, Offers: true, Profession: "Nursing", Band: "4",
		Skills: []string{"Lived experience of racism at work"}, Site: "Guy's", Mode: Either}
	boardMember := MentorProfile{ID: 4, Kind: Reverse, Board: true, Profession: "nursing", Skills: []string{"lived experience of racism at work"},
		Goals: []string{"Understand lived experience of racism at work"}, Site: "Guy's", Mode: Either}
	buddy := MentorProfile{ID: 5, MemberID: 15, Kind: Buddying, Offers: true, Profession: "Pharmacy", Band: "5", Mode: Online, Site: "Guy's"}
	buddySeek := MentorProfile{ID: 6, MemberID: 16, Kind: Buddying, Profession: "Estates", Band: "7", Mode: Either, Site: "Guy's"}
	nearBuddy := buddySeek
	nearBuddy.Band = "6"
	many := nurse
	many.Skills = []string{"a", "b", "c", "d"}
	manySeek := mentee
	manySeek.Skills, manySeek.Goals, manySeek.Profession, manySeek.Band, manySeek.Site = []string{"A", "B", "C", "D"}, nil, "", "", ""
	inPersonOnly := nurse
	inPersonOnly.Mode = InPerson
	onlineSeek := mentee
	onlineSeek.Mode = Online
	sameMember := mentee
	sameMember.MemberID = nurse.MemberID
	for _, c := range []struct {
		name        string
		offer, seek MentorProfile
		score       int
		ok          bool
	}{
		// 3 profession + 2 band (8a above 6) + 4 skills (two shared) + 2 goals + 2 site.
		{"mentoring, everything in common", nurse, mentee, 13, true},
		// 3 profession + 0 band (reverse) + 2 skill + 1 goal + 2 site.
		{"reverse mentoring", reverseMentor, boardMember, 8, true},
		// Bands 5 and 7 are two apart; the offer meets online only, so no site points.
		{"buddying, nothing in common", buddy, buddySeek, 0, true},
		{"buddying within a band, online", buddy, nearBuddy, 2, true},
		// Four shared skills count as three: 6 points, and nothing else.
		{"skills capped at three", many, manySeek, 6, true},
		{"in person only against online only", inPersonOnly, onlineSeek, 0, false},
		{"different kinds", nurse, boardMember, 0, false},
		{"both offer", nurse, reverseMentor, 0, false},
		{"the same member", nurse, sameMember, 0, false},
		{"the wrong way round", mentee, nurse, 0, false},
	} {
		score, ok := MatchScore(&c.offer, &c.seek)
		if score != c.score || ok != c.ok {
			t.Errorf("%s: %d %v, want %d %v", c.name, score, ok, c.score, c.ok)
		}
	}
}

// TestSuggest: best score first, ties to the earlier profile, closed and
// already-paired profiles left out, at most n.
func TestSuggest(t *testing.T) {
	seek := MentorProfile{ID: 10, Kind: Mentoring, Profession: "Nursing", Skills: []string{"Leadership"}, Mode: Either, Open: true}
	mk := func(id int64, profession string, skills ...string) MentorProfile {
		return MentorProfile{ID: id, Kind: Mentoring, Offers: true, Profession: profession, Skills: skills, Mode: Either, Open: true}
	}
	open := []MentorProfile{mk(3, "Nursing"), mk(2, "Nursing", "Leadership"), mk(1, "Nursing"), mk(4, "Nursing", "Leadership"), mk(5, "Midwifery"), seek}
	open[3].Open = false // id 4 closed
	paired := func(offer, seek int64) bool { return offer == 2 }
	got := Suggest(&seek, open, nil, 3)
	if ids := matchIDs(got); !slices.Equal(ids, []int64{2, 1, 3}) || got[0].Score != 5 || got[1].Score != 3 {
		t.Errorf("suggestions %v %+v", ids, got)
	}
	if ids := matchIDs(Suggest(&seek, open, paired, 10)); !slices.Equal(ids, []int64{1, 3, 5}) {
		t.Errorf("without the paired profile: %v", ids)
	}
	// From the offer's side: the seekers.
	if got := Suggest(&open[0], open, nil, 5); len(got) != 1 || got[0].Seek.ID != 10 || got[0].Score != 3 {
		t.Errorf("for an offer: %+v", got)
	}
}

func matchIDs(ms []Match) []int64 {
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.Offer.ID)
	}
	return ids
}

func TestMentorProfileRules(t *testing.T) {
	for _, c := range []struct {
		name string
		p    MentorProfile
		want string
	}{
		{"an ally cannot reverse mentor", MentorProfile{Name: "A", Kind: Reverse, Offers: true, Ally: true, Mode: Online}, "kind"},
		{"reverse mentoring is for board members", MentorProfile{Name: "A", Kind: Reverse, Mode: Online}, "kind"},
		{"no mode", MentorProfile{Name: "A", Kind: Mentoring}, "mode"},
	} {
		es := c.p.Validate()
		if len(es) != 1 || es[0].Field != c.want {
			t.Errorf("%s: %v", c.name, es)
		}
	}
	var p MentorPair
	if es := ReadCloseForm(Form{"rating": {"4"}, "themes": {"Confidence", "Made up", "Confidence"}}, &p); len(es) != 0 || p.Rating != 4 || !slices.Equal(p.Themes, []string{"Confidence"}) {
		t.Errorf("close form: %v %+v", es, p)
	}
}
