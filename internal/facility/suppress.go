package facility

import "sort"

// MinShown is the smallest count of networks or leaders shown in a
// roll-up to anyone but an administrator (members.MinShown's threshold).
const MinShown = 11

// Split is a count of networks or leaders split into those meeting the
// recommendation and those not; Hidden when a viewer may not see it.
type Split struct {
	Yes, No int
	Hidden  bool
}

func (s *Split) small(t int) bool { return (s.Yes > 0 && s.Yes < t) || (s.No > 0 && s.No < t) }

// Protect hides, for a viewer who is not an administrator, every split
// with a part under threshold (primary suppression), then in each
// partition of the total (regions, network types) hides more splits,
// smallest first, until the hidden ones are none or at least two whose
// parts each come to zero or at least threshold: then neither a hidden
// split nor a small sum of them can be worked out as the total minus the
// splits shown, in one page or by setting two pages side by side (a
// region's page shows the same split as the national page's row).
func Protect(threshold int, total *Split, partitions ...[]*Split) {
	total.Hidden = total.small(threshold)
	for _, p := range partitions {
		for _, s := range p {
			s.Hidden = s.small(threshold)
		}
	}
	for _, p := range partitions {
		for !safe(threshold, p) {
			if !hideSmallest(p) {
				break
			}
		}
	}
}

func safe(t int, p []*Split) bool {
	n, yes, no := 0, 0, 0
	for _, s := range p {
		if s.Hidden {
			n++
			yes += s.Yes
			no += s.No
		}
	}
	return n == 0 || (n >= 2 && (yes == 0 || yes >= t) && (no == 0 || no >= t))
}

func hideSmallest(p []*Split) bool {
	var vis []*Split
	for _, s := range p {
		if !s.Hidden {
			vis = append(vis, s)
		}
	}
	if len(vis) == 0 {
		return false
	}
	sort.SliceStable(vis, func(i, j int) bool {
		a, b := vis[i].Yes+vis[i].No, vis[j].Yes+vis[j].No
		if (a == 0) != (b == 0) {
			return b == 0 // non-zero first: a hidden zero protects nothing
		}
		return a < b
	})
	vis[0].Hidden = true
	return true
}
