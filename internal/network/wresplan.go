package network

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// PlanAction is one action of an organisation's WRES action plan for a
// year. The plan belongs to the organisation and its networks together,
// so every action has two owners: one from the organisation (an org_admin
// account, OrgOwnerID, or a named role such as "Director of People") and
// one from a network of the organisation. Organisation-level
// recommendations of a network's self-assessment can become actions
// (FromRule, FromNetwork), so they are addressed to the organisation and
// not only to the network's own work plan.
type PlanAction struct {
	ID           int64
	OrgCode      string
	Year         int
	Indicator    int // 1–9
	Title        string
	OrgOwnerID   int64  // an org_admin account of the organisation, 0 for a named role
	OrgOwnerRole string // the named role, when OrgOwnerID is 0
	NetworkID    int64  // the network that shares the action
	NetworkOwner string // who in the network owns it
	Due          time.Time
	Status       ObjectiveStatus
	Evidence     string // what shows progress: papers, figures, links
	FromRule     string // the recommendation it came from, "" if typed in
	FromNetwork  int64  // the network whose self-assessment made that recommendation
}

// Overdue reports whether the action is past its due date on day today
// and not done.
func (a *PlanAction) Overdue(today time.Time) bool {
	o := Objective{Status: a.Status, Due: a.Due}
	return o.Overdue(today)
}

// PlanOwners are the owners an action may name: the organisation's
// org_admin accounts and its networks, by id. An id from anywhere else (a
// form changed by hand) is refused.
type PlanOwners struct {
	OrgAdmins []int64
	Networks  []int64
}

// Validate checks an action against the owners its organisation has.
func (a *PlanAction) Validate(owners PlanOwners) FieldErrors {
	var es FieldErrors
	if a.Indicator < 1 || a.Indicator > 9 {
		es = append(es, FieldError{"indicator", "Select the WRES indicator the action serves"})
	}
	if strings.TrimSpace(a.Title) == "" {
		es = append(es, FieldError{"title", "Enter what the action is"})
	} else if len(a.Title) > maxShort {
		es = append(es, FieldError{"title", fmt.Sprintf("Action must be %d characters or fewer", maxShort)})
	}
	switch {
	case a.OrgOwnerID != 0 && !slices.Contains(owners.OrgAdmins, a.OrgOwnerID):
		es = append(es, FieldError{"org_owner", "Select an administrator of this organisation, or a named role"})
	case a.OrgOwnerID == 0 && strings.TrimSpace(a.OrgOwnerRole) == "":
		es = append(es, FieldError{"org_owner_role", "Enter the role in the organisation that owns the action, or select an administrator"})
	case len(a.OrgOwnerRole) > maxShort:
		es = append(es, FieldError{"org_owner_role", fmt.Sprintf("Role must be %d characters or fewer", maxShort)})
	}
	if !slices.Contains(owners.Networks, a.NetworkID) {
		es = append(es, FieldError{"network_id", "Select the network that shares the action"})
	}
	if strings.TrimSpace(a.NetworkOwner) == "" {
		es = append(es, FieldError{"network_owner", "Enter who in the network owns the action"})
	} else if len(a.NetworkOwner) > maxShort {
		es = append(es, FieldError{"network_owner", fmt.Sprintf("Owner must be %d characters or fewer", maxShort)})
	}
	if !slices.Contains(ObjectiveStatuses, a.Status) {
		es = append(es, FieldError{"status", "Select the status of the action"})
	}
	if len(a.Evidence) > maxLong {
		es = append(es, FieldError{"evidence", fmt.Sprintf("Evidence must be %d characters or fewer", maxLong)})
	}
	return es
}

// ReadPlanActionForm fills a from the action form (everything but the
// organisation, the year and where it came from, which are not the form's
// to change) and checks it against owners.
func ReadPlanActionForm(f Form, a *PlanAction, owners PlanOwners) FieldErrors {
	var es FieldErrors
	a.Indicator, _ = strconv.Atoi(f.Get("indicator"))
	a.Title = f.trim("title")
	a.OrgOwnerID, _ = strconv.ParseInt(f.Get("org_owner"), 10, 64)
	a.OrgOwnerRole = ""
	if a.OrgOwnerID == 0 {
		a.OrgOwnerRole = f.trim("org_owner_role")
	}
	a.NetworkID, _ = strconv.ParseInt(f.Get("network_id"), 10, 64)
	a.NetworkOwner = f.trim("network_owner")
	a.Status = ObjectiveStatus(f.Get("status"))
	a.Evidence = f.trim("evidence")
	var ok bool
	if a.Due, ok = ParseDate(f.Get("due")); !ok {
		es = append(es, FieldError{"due", "Enter the due date as a real date, like 2026-03-31"})
	}
	return append(a.Validate(owners), es...)
}

// PlanActionFrom is the draft action an organisation-level
// recommendation becomes on the plan for year: its objective title and
// WRES indicator (0, for the person adding it to choose, when the rule
// names none), shared with the network that was assessed. The form shows
// the draft; nothing is saved until someone completes the owners.
func PlanActionFrom(rec Recommendation, org string, year int, networkID int64) PlanAction {
	return PlanAction{OrgCode: org, Year: year, Indicator: rec.WRESIndicator, Title: rec.ObjectiveTitle,
		NetworkID: networkID, Status: NotStarted, FromRule: rec.RuleID, FromNetwork: networkID}
}
