package auth

// Who may see the names of people who signed up for a network's events,
// or who were named as attending its meetings. Taking part in a BME
// network's life tells a person's ethnicity (special category data under
// UK GDPR), so only the network's own leads, who run the events, see
// names; everyone else who may read the network (its sponsor, the
// organisation's admin, a national viewer, even the site administrator)
// sees counts. A table per role, like networkTable, over the same three
// relations.

var namesTable = map[Role][3]bool{
	NetworkLead: {false, false, true},
}

// SeesNames reports whether an account with role r, in organisation
// userOrg and network userNetwork, may see the names of people signed up
// for or attending network netID of organisation netOrg.
func SeesNames(r Role, userOrg string, userNetwork int64, netOrg string, netID int64) bool {
	return namesTable[r][relationOf(userOrg, userNetwork, netOrg, netID)]
}
