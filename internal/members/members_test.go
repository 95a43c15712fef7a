package members

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"staffnet/internal/network"
)

var today = network.Date(2026, 3, 10)

func TestReadJoinForm(t *testing.T) {
	ok := network.Form{"name": {" Ada Example "}, "email": {"Ada.Example@NHS.net "}, "staff_group": {"Medical and dental"},
		"site": {"St Thomas'"}, "ally": {"no"}, "consent": {"yes"}}
	m, errs := ReadJoinForm(ok, "Consent v1", today)
	if len(errs) != 0 || m.Name != "Ada Example" || m.Email != "ada.example@nhs.net" || m.Ally || m.ConsentText != "Consent v1" || !m.ConsentedOn.Equal(today) {
		t.Fatalf("%+v %v", m, errs)
	}
	for _, c := range []struct {
		field, value, want string
	}{
		{"email", "not-an-email", "email"},
		{"email", "a@b", "email"},
		{"email", "", "email"},
		{"email", "a,b@nhs.net", "email"},
		{"email", "a@b@nhs.net", "email"},
		{"name", "", "name"},
		{"name", strings.Repeat("x", MaxName+1), "name"},
		{"staff_group", "Wizards", "staff_group"},
		{"ally", "", "ally"},
		{"consent", "", "consent"},
	} {
		f := network.Form{}
		for k, v := range ok {
			f[k] = v
		}
		f[c.field] = []string{c.value}
		_, errs := ReadJoinForm(f, "c", today)
		if len(errs) != 1 || errs[0].Field != c.want || errs[0].Message == "" {
			t.Errorf("%s=%q: %v", c.field, c.value, errs)
		}
	}
}

func TestCountSuppression(t *testing.T) {
	for _, c := range []struct {
		n    int
		full bool
		want string
	}{{0, false, "0"}, {1, false, "fewer than 11"}, {10, false, "fewer than 11"}, {11, false, "11"}, {3, true, "3"}} {
		if got := Count(c.n, c.full); got != c.want {
			t.Errorf("Count(%d, %v) = %q, want %q", c.n, c.full, got, c.want)
		}
	}
	rows := ShowMonths([]Month{{Month: "2026-02", Joined: 22, Left: 2, AlliesJoined: 11}}, false)
	if rows[0].Month != "February 2026" || rows[0].Joined != "22" || rows[0].AlliesJoined != "11" || rows[0].Left != "fewer than 11" || rows[0].AlliesLeft != "0" {
		t.Errorf("%+v", rows[0])
	}
	// 12 joined, 11 of them allies: showing both would give away the one
	// who is not an ally.
	rows = ShowMonths([]Month{{Month: "2026-03", Joined: 12, AlliesJoined: 11, Left: 25, AlliesLeft: 25}}, false)
	if rows[0].Joined != "12" || rows[0].AlliesJoined != "not shown" || rows[0].AlliesLeft != "25" {
		t.Errorf("%+v", rows[0])
	}
}

// A part shown beside its total never lets subtraction give away a
// group of 1 to 10: for every total and part up to 40, what the two
// strings allow of the rest (total − part) is 0 or at least 11, or else
// a range the viewer cannot narrow below "fewer than 11".
func TestPartHidesTheRest(t *testing.T) {
	for total := 0; total <= 40; total++ {
		for part := 0; part <= total; part++ {
			rest := total - part
			tot, p := Count(total, false), Part(part, total, false)
			if tot == fmt.Sprint(total) && p == fmt.Sprint(part) && rest > 0 && rest < MinShown {
				t.Errorf("total %d and part %d both exact: the rest, %d, is given away", total, part, rest)
			}
			if part > 0 && part < MinShown && p != "fewer than 11" {
				t.Errorf("Part(%d, %d) = %q", part, total, p)
			}
			if rest == 0 || rest >= MinShown {
				if p != Count(part, false) {
					t.Errorf("Part(%d, %d) = %q, want Count's %q", part, total, p, Count(part, false))
				}
			}
			if Part(part, total, true) != fmt.Sprint(part) {
				t.Errorf("a lead sees Part(%d, %d) as %q", part, total, Part(part, total, true))
			}
		}
	}
}

func TestAudienceAndMessage(t *testing.T) {
	a := &Member{Confirmed: true, Site: "Guy's", StaffGroup: "Medical and dental"}
	ally := &Member{Confirmed: true, Ally: true}
	off := &Member{Confirmed: true, MessagesOff: true}
	pending := &Member{}
	for _, c := range []struct {
		au   Audience
		m    *Member
		want bool
	}{
		{Audience{Kind: AudienceAll}, a, true}, {Audience{Kind: AudienceAll}, off, false}, {Audience{Kind: AudienceAll}, pending, false},
		{Audience{Kind: AudienceAllies}, a, false}, {Audience{Kind: AudienceAllies}, ally, true},
		{Audience{AudienceSite, "guy's"}, a, true}, {Audience{AudienceStaffGroup, "Medical and dental"}, a, true},
		{Audience{AudienceStaffGroup, "Students"}, a, false},
	} {
		if got := c.au.Includes(c.m); got != c.want {
			t.Errorf("%v includes %+v: %v", c.au, c.m, got)
		}
	}
	f := network.Form{"subject": {"News"}, "body": {"Hello **all** <script>alert(1)</script> [x](javascript:alert(1))"}, "format": {"markdown"}, "audience": {"site"}, "site": {"Nowhere"}}
	_, errs := ReadMessageForm(f, []string{"Guy's"}, nil)
	if len(errs) != 1 || errs[0].Field != "site" {
		t.Fatalf("unknown site: %v", errs)
	}
	f["site"] = []string{"Guy's"}
	m, errs := ReadMessageForm(f, []string{"Guy's"}, nil)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	if m.Format != Markdown || !strings.Contains(m.Body, "**all**") {
		t.Errorf("read: %+v", m)
	}
	if _, errs := ReadMessageForm(network.Form{"subject": {"a\nb"}}, nil, nil); len(errs) != 4 {
		t.Errorf("empty form: %v", errs)
	}
}

func TestDigest(t *testing.T) {
	n := &network.Network{Name: "REN"}
	if _, _, ok := Digest(n, nil, "u", "s"); ok {
		t.Error("a digest with nothing in it")
	}
	subj, body, ok := Digest(n, []network.Flag{{Code: "tor_overdue", Message: "Terms overdue"}}, "https://x/my/networks/1", "https://x/s")
	if !ok || !strings.Contains(subj, "1 thing to look at") || !strings.Contains(body, "- Terms overdue") || !strings.Contains(body, "https://x/s") {
		t.Errorf("%q %q", subj, body)
	}
	if Week(network.Date(2026, 11, 29)) != "2026-W48" || Week(network.Date(2026, 11, 30)) != "2026-W49" {
		t.Error("ISO weeks")
	}
}

// TestSettled: the months before now's, and the totals less now's month's
// changes, at the last day of the month before.
func TestSettled(t *testing.T) {
	ms := []Month{
		{Month: "2026-09", Joined: 20, AlliesJoined: 4},
		{Month: "2026-10", Joined: 5, Left: 2, AlliesLeft: 1},
		{Month: "2026-11", Joined: 3, Left: 1, AlliesJoined: 1, AlliesLeft: 1},
	}
	now := time.Date(2026, time.November, 30, 23, 59, 0, 0, time.UTC)
	done, at, end := Settled(ms, Totals{Members: 25, Allies: 3, Pending: 7}, now)
	if len(done) != 2 || done[1].Month != "2026-10" {
		t.Errorf("months %v, want September and October", done)
	}
	if want := (Totals{Members: 23, Allies: 3}); at != want {
		t.Errorf("totals %+v, want %+v", at, want)
	}
	if got := end.Format(time.DateOnly); got != "2026-10-31" {
		t.Errorf("end %s, want 2026-10-31", got)
	}
	// 1 December 01:00 at UTC+2 is still November in UTC, the zone the
	// months are stored in, so November is not yet whole.
	east := time.FixedZone("UTC+2", 2*3600)
	done, at, end = Settled(ms[:2], Totals{Members: 23, Allies: 3}, time.Date(2026, time.December, 1, 1, 0, 0, 0, east))
	if len(done) != 2 || at.Members != 23 || end.Format(time.DateOnly) != "2026-10-31" {
		t.Errorf("at 1 December 01:00 UTC+2: %d months, %d members, end %s", len(done), at.Members, end.Format(time.DateOnly))
	}
	// Within SettleAfter of midnight a month is not yet over: a join
	// stamped just before may still be committing.
	done, _, end = Settled(ms, Totals{Members: 25, Allies: 3}, time.Date(2026, time.December, 1, 0, 30, 0, 0, time.UTC))
	if len(done) != 2 || end.Format(time.DateOnly) != "2026-10-31" {
		t.Errorf("at 00:30 on 1 December: %d months, end %s; November is not yet over", len(done), end.Format(time.DateOnly))
	}
	if done, _, end = Settled(ms, Totals{Members: 25, Allies: 3}, time.Date(2026, time.December, 1, 1, 0, 0, 0, time.UTC)); len(done) != 3 || end.Format(time.DateOnly) != "2026-11-30" {
		t.Errorf("at 01:00 on 1 December: %d months, end %s", len(done), end.Format(time.DateOnly))
	}
	// Totals that do not agree with the months never go below 0.
	if _, at, _ = Settled(ms, Totals{Members: 1}, now); at.Members != 0 || at.Allies != 0 {
		t.Errorf("totals %+v, want none below 0", at)
	}
}
