package web

import (
	"strings"

	"staffnet/internal/store"
)

// maxSearch bounds the directory's search box.
const maxSearch = 100

// searchWords reads the directory's search box (?q=): lower-case words,
// every one of which a network must match.
func searchWords(q string) []string {
	if len(q) > maxSearch {
		q = q[:maxSearch]
	}
	return strings.Fields(strings.ToLower(q))
}

// matchesSearch reports whether every word is in the network's published
// name or its organisation's name or code. Only the published name is
// searched, whoever asks, so a search never reveals a name a network
// keeps to itself.
func matchesSearch(e *store.NetworkEntry, words []string) bool {
	if len(words) == 0 {
		return true
	}
	text := strings.ToLower(e.Network.Public().Name + " " + e.OrgName + " " + e.OrgCode)
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}

// searchNetworks keeps the networks that match the search words.
func searchNetworks(list []store.NetworkEntry, words []string) []store.NetworkEntry {
	if len(words) == 0 {
		return list
	}
	out := list[:0:0]
	for i := range list {
		if matchesSearch(&list[i], words) {
			out = append(out, list[i])
		}
	}
	return out
}
