package wres

import (
	"fmt"
	"slices"
)

// The enumerations' names (as the return's columns spell them) and
// labels (words for people) are tables indexed by value. nameOf and
// indexOf read every one of them, for the String, Label and Parse
// functions.

// nameOf is names[v], or "kind(v)" for a value past the end of the table.
func nameOf[T ~uint8](names []string, v T, kind string) string {
	if int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", kind, v)
}

// indexOf is the value whose name is s, and false when no name is s.
func indexOf[T ~uint8](names []string, s string) (T, bool) {
	i := slices.Index(names, s)
	if i < 0 {
		return 0, false
	}
	return T(i), true
}
