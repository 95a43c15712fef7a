package members

import "time"

// SettleAfter is how long after a month ends Settled takes it as over.
const SettleAfter = time.Hour

// Settled is what anyone but the network's leads is shown of its
// membership: the months before now's month, and the totals at the end of
// the last of them (t less the changes counted in now's month). A count
// that moves as people join would let a viewer who looks twice subtract
// one look from the other and learn how many joined or left in between,
// however small the number and however each look is suppressed: a day
// with one joiner in it. A month that has ended does not change, so
// looking again shows nothing new until the next month ends, and the
// rules of Count, Part and Disclose work on figures that stay put.
// Pending sign-ups move by the day too, so they are left out (0).
// end is the last day of the month before now's, the day the figures are
// of. A month counts as over SettleAfter past its end, not at once: a
// join stamped a moment before midnight may commit a moment after, or on
// a server whose clock is a little behind, and a month shown as over
// must not change again.
func Settled(ms []Month, t Totals, now time.Time) (done []Month, at Totals, end time.Time) {
	end = SettledEnd(now)
	cur := MonthOf(end.AddDate(0, 0, 1))
	i := len(ms)
	for i > 0 && ms[i-1].Month >= cur {
		i--
	}
	for _, m := range ms[i:] {
		t.Members -= m.Joined - m.Left
		t.Allies -= m.AlliesJoined - m.AlliesLeft
	}
	// The months are counted in the same transaction as the members, so
	// these cannot go below 0; were they ever to, 0 says less than a
	// negative count would.
	t.Members, t.Allies, t.Pending = max(t.Members, 0), max(t.Allies, 0), 0
	return ms[:i], t, end
}

// SettledEnd is the last day of the last month over at now, SettleAfter
// past its end: the day figures of whole months are of (Settled, and the
// mentoring figures).
func SettledEnd(now time.Time) time.Time {
	y, mo, _ := now.Add(-SettleAfter).UTC().Date()
	return time.Date(y, mo, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
}
